"""The 24-indexes-per-table limit, counted on what the conversion writes out.

Lint counts the keys the source declares; the conversion removes some of them (JSON keys, GiST
keys on geometric values, indexes of removed objects). An index lint flagged as the 25th is kept
when earlier removals made room for it on the same table: each CREATE INDEX the conversion removed
(one lint had counted) frees a place, each index kept this way takes one."""

from __future__ import annotations

import re

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.fixes import fix

MAX_INDEXES = 24
_ALREADY = re.compile(r"already has (\d+) indexes")


def _index_table(rw) -> str:
    tree = rw.tree
    index = tree.this if isinstance(tree, exp.Create) else None
    if isinstance(index, exp.Index) and index.args.get("table") is not None:
        return name_key(index.args["table"])
    return ""


def note_removed_index(rw) -> None:
    """After a statement's fixes: a removed CREATE INDEX that lint had counted frees a place."""
    if rw.removed and rw.stmt.kind == "CREATE INDEX" and not rw.finding("DSQL406") and (table := _index_table(rw)):
        freed = rw.state.setdefault("indexes_freed", {})
        freed[table] = freed.get(table, 0) + 1


@fix("DSQL406")
def too_many_indexes(rw) -> None:
    finding = rw.finding("DSQL406")
    match = _ALREADY.search(finding.message) if finding else None
    table = _index_table(rw)
    if match and table and rw.stmt.kind == "CREATE INDEX":
        freed = rw.state.setdefault("indexes_freed", {})
        if int(match.group(1)) - freed.get(table, 0) < MAX_INDEXES:
            freed[table] = freed.get(table, 0) - 1  # this index takes a freed place
            return
    rw.remove("DSQL406", finding.message if finding else "more than 24 indexes on the table",
              "drop indexes whose leading columns another index covers, or merge them into multi-column indexes")
