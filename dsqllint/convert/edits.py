"""Per-statement edits of a conversion, for fixing a file in place (`dsqllint lint --fix`).

`convert` writes a whole new file (header, statements reordered, data last); fixing in place keeps
the file and replaces only the statements a fix rewrote, each at its own span. This module says, for
every statement the conversion changed, what its span (the statement and its `;`) becomes.
"""

from __future__ import annotations

import bisect

from dsqllint.convert.model import Block, Change, StatementEdit
from dsqllint.convert.output import terminated
from dsqllint.engine import FileResult


def statement_edits(original: FileResult, rewrites: list, deferred: list[Block], changes: list[Change]) -> list[StatementEdit]:
    """One edit per statement of `original` that the conversion changed, in source order."""
    from dsqllint.convert.pipeline import _commented

    statements = original.statements
    text = original.source.text
    by_index: dict[int, list] = {}
    for rw in rewrites:
        by_index.setdefault(rw.stmt.index, []).append(rw)
    later: dict[int, list[str]] = {}
    for block in deferred:
        later.setdefault(int(block.order), []).append(terminated(block.sql))
    lines = original.source.lines
    starts = [lines.position(s.start) for s in statements]
    attributed: dict[int, list[Change]] = {}
    for change in changes:
        i = bisect.bisect_right(starts, (change.line, change.column)) - 1
        if i >= 0:
            attributed.setdefault(i, []).append(change)

    edits = []
    for index, parts in sorted(by_index.items()):
        parts.sort(key=lambda rw: rw.part)
        stmt = statements[index]
        if stmt.client:
            continue
        if not (len(parts) > 1 or index in later
                or any(rw.changes or rw.removed or rw.dirty or rw.replaced or rw.after or rw.dml for rw in parts)):
            continue
        pieces: list[str] = []
        for rw in parts:
            if rw.removed:
                if not rw.silently:
                    pieces.append(_commented(rw.text or rw.stmt.text, rw.removed))
                continue
            if rw.output:
                pieces.append(terminated(rw.output))
            pieces.extend(extra if extra.startswith("--") else terminated(extra) for extra in rw.after)
            pieces.extend(terminated(extra) for extra in rw.dml)
        pieces.extend(later.get(index, []))
        end = stmt.span.end
        if text.startswith(";", end):
            end += 1
        edits.append(StatementEdit(index=index, start=stmt.span.start, end=end, text="\n".join(pieces),
                                   changes=attributed.get(index, []), parse_error=stmt.error is not None,
                                   removes=any(rw.removed for rw in parts)))
    return edits
