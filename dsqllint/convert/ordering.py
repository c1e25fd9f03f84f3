"""Statement order: a table before whatever needs it, foreign-key cycles broken with NOT VALID keys
added afterwards. Statements keep their source order wherever nothing forces a move."""

from __future__ import annotations

import heapq

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.convert.model import Block, Change
from dsqllint.fixes.common import creates
from dsqllint.fixes.foreign_keys import foreign_key_parts, table_sql
from dsqllint.parse import walk


def _needed(tree: exp.Expression | None, own: str) -> set[str]:
    """Tables a statement refers to. DROP statements need nothing: they come before a re-create."""
    if tree is None or isinstance(tree, exp.Drop):
        return set()
    return {name_key(t) for t in walk(tree) if isinstance(t, exp.Table)} - {own, ""}  # find_all's nodes, one walk


def order_statements(rewrites: list) -> tuple[list, list[Block]]:
    """Returns the rewrites in output order and the deferred foreign-key blocks."""
    created: dict[str, int] = {}
    for i, rw in enumerate(rewrites):
        table = creates(rw.tree) if not rw.removed else ""
        if table and table not in created:
            created[table] = i
    # A statement waits for every table it needs that the file creates; when nothing has to move,
    # the order stays the source order (the heap always takes the earliest ready statement).
    waits: dict[int, set[int]] = {}
    for i, rw in enumerate(rewrites):
        if rw.removed:
            continue
        own = creates(rw.tree)
        for table in _needed(rw.tree, own):
            provider = created.get(table)
            if provider is not None and provider != i:
                waits.setdefault(i, set()).add(provider)
    dependents: dict[int, set[int]] = {}
    for i, providers in waits.items():
        for p in providers:
            dependents.setdefault(p, set()).add(i)

    ready = [i for i in range(len(rewrites)) if not waits.get(i)]
    heapq.heapify(ready)
    done: set[int] = set()
    ordered, deferred = [], []
    while len(done) < len(rewrites):
        if not ready:  # a cycle: break it at the earliest waiting table
            remaining = [j for j in range(len(rewrites)) if j not in done]
            i = min([j for j in remaining if creates(rewrites[j].tree)] or remaining)
            deferred.extend(_defer_forward_keys(rewrites[i], {t for t, p in created.items() if p not in done and p != i}))
            for p in waits.pop(i, set()):
                dependents.get(p, set()).discard(i)
            heapq.heappush(ready, i)
        i = heapq.heappop(ready)
        if i in done:
            continue
        done.add(i)
        ordered.append(rewrites[i])
        for d in sorted(dependents.get(i, ())):
            waits[d].discard(i)
            if not waits[d] and d not in done:
                heapq.heappush(ready, d)
    return ordered, deferred


def _defer_forward_keys(rw, pending_tables: set[str]) -> list[Block]:
    """Take out the foreign keys that point at tables not created yet; add them after all tables."""
    tree = rw.tree
    if not creates(tree):
        return []
    blocks = []
    for part in foreign_key_parts(tree, rw):
        if part.referenced_table in pending_tables:
            part.node.pop()
            blocks.append(Block(sql=part.add_statement(table_sql(tree, rw)), order=rw.stmt.index))
            line, column = rw.file.source.lines.position(rw.stmt.start)
            rw.changes.append(Change(
                line=line, column=column, code="DSQL303",
                summary=f"foreign key {part.describe(creates(tree))} added after all tables (a cycle): "
                        "ALTER TABLE … ADD … NOT VALID",
            ))
            rw.dirty = True
    return blocks
