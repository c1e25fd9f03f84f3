"""SARIF 2.1.0 (for GitHub code scanning and other SARIF viewers).

One run; `tool.driver.rules` lists every registered rule (id = code, name, descriptions, help page);
each result points at its rule by id and index, with a region whose columns count Unicode code points
and whose end column is exclusive, as dsqllint's own are. Paths under the working directory are
written relative to it (against `%SRCROOT%`), others as file:// URIs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from dsqllint import __version__
from dsqllint.findings import Finding, Severity
from dsqllint.report import PROJECT_URL, rule_url

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str, cwd: str | None = None) -> tuple[str, bool]:
    """(uri, relative to %SRCROOT%?) for a path as the user gave it."""
    cwd = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(path)
    if path == "-" :
        return "stdin", True
    try:
        relative = Path(absolute).relative_to(cwd).as_posix()
    except ValueError:
        return Path(absolute).as_uri(), False
    return quote(relative, safe="/"), True


def render(files: list[tuple[str, list[Finding]]], cwd: str | None = None) -> str:
    from dsqllint.rules.base import all_rules

    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for path, findings in files:
        uri, relative = artifact_uri(path, cwd)
        artifact = {"uri": uri, "uriBaseId": "%SRCROOT%"} if relative else {"uri": uri}
        for f in findings:
            text = f.message + (f"\nhelp: {f.suggestion}" if f.suggestion else "")
            result = {
                "ruleId": f.code,
                "level": LEVELS[f.severity],
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": f.line, "startColumn": f.column,
                            "endLine": f.end_line, "endColumn": f.end_column,
                        },
                    }
                }],
            }
            if f.code in index:
                result["ruleIndex"] = index[f.code]
            results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dsqllint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [_rule(rule) for rule in rules],
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(os.path.abspath(cwd or os.getcwd())).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _rule(rule) -> dict:
    summary, _, body = rule.doc().partition("\n\n")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary.replace("\n", " ")},
        "fullDescription": {"text": (body or summary).strip()},
        "helpUri": rule_url(rule),
        "help": {"text": f"{summary.strip()} See {rule_url(rule)}", "markdown": rule.doc()},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["dsql", rule.family] if rule.family else ["dsql"]},
    }
