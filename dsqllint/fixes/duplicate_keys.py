"""UNIQUE constraints of one CREATE TABLE that end up identical (MySQL keys that differed only by
prefix length, whose prefixes go; or keys written twice). PostgreSQL, and DSQL with it, keeps the first
and silently drops the others, names and all, so a later `DROP CONSTRAINT` of one of the others fails
(42704). The duplicates are taken out of the output (reported), and a later DROP of one is rewritten:
while another key of the group remains, the drop is a no-op (the merged key still serves the others);
the drop of the last one drops the key that was kept."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key


def _unique(node: exp.Expression) -> tuple[str | None, exp.UniqueColumnConstraint] | None:
    if isinstance(node, exp.Constraint) and len(node.expressions) == 1 and isinstance(node.expressions[0], exp.UniqueColumnConstraint):
        return name_key(node.this), node.expressions[0]
    if isinstance(node, exp.UniqueColumnConstraint):
        return None, node
    return None


def _signature(unique: exp.UniqueColumnConstraint) -> tuple | None:
    if not isinstance(unique.this, exp.Schema):
        return None
    columns = []
    for part in unique.this.expressions:
        part = part.this if isinstance(part, exp.Ordered) else part
        if not isinstance(part, (exp.Identifier, exp.Column)):
            return None
        columns.append(name_key(part))
    rest = {k: v.sql() if isinstance(v, exp.Expression) else v for k, v in unique.args.items() if k != "this" and v}
    return tuple(columns), tuple(sorted(rest.items()))


def merge_duplicate_unique(rewrites) -> None:
    from dsqllint.fixes.common import creates

    merged: dict[tuple[str, str], tuple[str | None, set[str]]] = {}  # (table, name) → (kept name, names alive)
    for rw in rewrites:
        tree = rw.tree
        if rw.removed or tree is None:
            continue
        if (table := creates(tree)) and isinstance(tree.this, exp.Schema):
            seen: dict[tuple, tuple[str | None, set[str]]] = {}
            for node in list(tree.this.expressions):
                found = _unique(node)
                signature = _signature(found[1]) if found else None
                if signature is None:
                    continue
                name = found[0]
                if signature not in seen:
                    seen[signature] = (name, {name} if name else set())
                    continue
                kept, alive = seen[signature]
                if name:
                    alive.add(name)
                    merged[(table, name)] = seen[signature]
                    if kept:
                        merged[(table, kept)] = seen[signature]
                node.pop()
                rw.change("", f"UNIQUE {name or ''} ({', '.join(signature[0])}) removed: the same key as "
                              f"{kept or 'an earlier one'} once prefixes are gone (PostgreSQL would keep only one)",
                          None, rw.position(found[1]) if rw.stmt.node_start(found[1]) is not None else None)
        elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table):
            table = name_key(tree.this)
            actions = list(tree.args.get("actions") or [])
            for action in actions:
                if not (isinstance(action, exp.Drop) and str(action.args.get("kind") or "").upper() == "CONSTRAINT"):
                    continue
                name = name_key(action.args["tables"][0]) if action.args.get("tables") else ""
                group = merged.get((table, name))
                if group is None:
                    continue
                kept, alive = group
                alive.discard(name)
                if alive:
                    action.pop()
                    rw.change("", f"DROP CONSTRAINT {name} removed: {name} was merged with "
                                  f"{', '.join(sorted(alive))}, which stays", None)
                elif kept and kept != name:
                    action.args["tables"][0].set("this", exp.to_identifier(kept))
                    rw.change("", f"DROP CONSTRAINT {name} → DROP CONSTRAINT {kept} (the key {name} was merged into)", None)
            if actions and not tree.args.get("actions"):
                rw.remove("", "nothing of it is left for DSQL: the keys it drops were merged with keys that stay")
