"""Reporters: turn lint results into text for people, or JSON, SARIF, GitHub annotations and GitLab
Code Quality reports for machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dsqllint.report.summary import Summary

if TYPE_CHECKING:
    from dsqllint.rules.base import Rule

# Where each rule's page lives: rules/<CODE>-<name>.md in the repository (generated from the rule classes).
RULE_DOCS_BASE_URL = "https://github.com/dsqllint/dsqllint/blob/main/rules/"
PROJECT_URL = "https://github.com/dsqllint/dsqllint"



def rule_url(rule: type["Rule"]) -> str:
    return f"{RULE_DOCS_BASE_URL}{rule.code}-{rule.name}.md"


__all__ = ["PROJECT_URL", "RULE_DOCS_BASE_URL", "Summary", "rule_url"]
