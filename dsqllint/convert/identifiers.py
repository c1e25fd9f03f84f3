"""How names are written in the output.

MySQL compares column names case-insensitively and applications write them unquoted, so a backtick
name becomes a plain, unquoted PostgreSQL identifier (folded to lower case by DSQL) unless quoting is
needed to keep it valid: a reserved word, or characters outside [A-Za-z0-9_$]."""

from __future__ import annotations

import re

from sqlglot import exp

# pg_get_keywords() WHERE catcode <> 'U' on PostgreSQL 16.2 (pgserver): words that cannot be a
# plain column or table name. tests/test_convert_identifiers.py checks the list against a live server.
RESERVED = frozenset(
    """all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean
    both case cast char character check coalesce collate collation column concurrently constraint create
    cross current_catalog current_date current_role current_schema current_time current_timestamp
    current_user dec decimal default deferrable desc distinct do else end except exists extract false
    fetch float for foreign freeze from full grant greatest group grouping having ilike in initially
    inner inout int integer intersect interval into is isnull join json_array json_arrayagg json_object
    json_objectagg lateral leading least left like limit localtime localtimestamp national natural nchar
    none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay
    placing position precision primary real references returning right row select session_user setof
    similar smallint some substring symmetric system_user table tablesample then time timestamp to
    trailing treat trim true union unique user using values varchar variadic verbose when where window
    with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot
    xmlserialize xmltable""".split()
)
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def needs_quotes(name: str) -> bool:
    return not _PLAIN.fullmatch(name) or name.lower() in RESERVED


def unquote_mysql_names(tree: exp.Expression) -> None:
    """Write MySQL names the way a PostgreSQL application will query them: unquoted when possible."""
    for ident in tree.find_all(exp.Identifier):
        ident.set("quoted", needs_quotes(ident.name))
