"""MySQL view queries PostgreSQL (and DSQL) reject, rewritten to the nearest query they accept.

* Lax GROUP BY (MySQL without ONLY_FULL_GROUP_BY): a selected or ordered column that is neither
  grouped nor aggregated takes "any" value of its group in MySQL; PostgreSQL refuses it (`column …
  must appear in the GROUP BY clause`). The column is added to the GROUP BY: where it depends on the
  grouped columns (the usual intent, e.g. the city of a store), the rows are the same; where it
  does not, a group splits into one row per value. Reported as a behaviour change.
* `GROUP_CONCAT(DISTINCT expr ORDER BY other)`: PostgreSQL requires the ORDER BY of an aggregate
  with DISTINCT to use the aggregated expression, so the list is ordered by `expr` itself, which
  changes the order where `other` and `expr` sort differently. Reported as a behaviour change."""

from __future__ import annotations

from sqlglot import exp


def _outside_aggregates(node: exp.Expression, select: exp.Select) -> list[exp.Column]:
    """Columns of `node` that belong to `select` itself: not in an aggregate, window or subquery."""
    found = []
    for column in node.find_all(exp.Column):
        parent, inside = column.parent, False
        while parent is not None and parent is not select:
            if isinstance(parent, (exp.AggFunc, exp.Window, exp.Subquery, exp.Select)):
                inside = True
                break
            parent = parent.parent
        if not inside:
            found.append(column)
    return found


def _grouped_by_primary_key(rw, select: exp.Select, grouped: set[str]) -> set[str]:
    """Aliases (case-folded) of the tables whose whole primary key is grouped: PostgreSQL accepts
    their other columns ungrouped, as functionally dependent."""
    out = set()
    for table in select.find_all(exp.Table):
        if table.find_ancestor(exp.Select) is not select:
            continue
        info = rw.file.catalog.table(table)
        keys = [k for k in (info.keys if info else []) if k.kind == "primary key"]
        alias = (table.alias_or_name or "").lower()
        if keys and all(f"{alias}.{c}".lower() in {g.lower() for g in grouped} for c in keys[0].columns):
            out.add(alias)
    return out


def _lax_group_by(rw, select: exp.Select) -> list[str]:
    group = select.args.get("group")
    if group is None or not group.expressions:
        return []
    grouped = {g.sql(dialect="dsql") for g in group.expressions}
    dependent = _grouped_by_primary_key(rw, select, grouped)
    aliases = {e.alias_or_name.lower() for e in select.expressions if isinstance(e, exp.Alias)}
    added = []
    places = list(select.expressions)
    if select.args.get("order") is not None:
        places.append(select.args["order"])
    for place in places:
        for column in _outside_aggregates(place, select):
            if not column.table and column.name.lower() in aliases:
                continue  # ORDER BY an output column
            text = column.sql(dialect="dsql")
            if text not in grouped and column.table.lower() not in dependent:
                grouped.add(text)
                group.append("expressions", column.copy())
                added.append(text)
    return added


def _distinct_order(aggregate: exp.GroupConcat) -> bool:
    order = aggregate.this
    if not isinstance(order, exp.Order) or not isinstance(order.this, exp.Distinct):
        return False
    arguments = order.this.expressions
    keys = [o.this for o in order.expressions]
    if len(arguments) != 1 or keys == [arguments[0]]:
        return False
    ordered = exp.Ordered(this=arguments[0].copy(), desc=order.expressions[0].args.get("desc"),
                          nulls_first=order.expressions[0].args.get("nulls_first"))
    order.set("expressions", [ordered])
    return True


def mysql_view_queries(rw) -> None:
    tree = rw.tree
    if rw.dialect != "mysql" or not isinstance(tree, exp.Create) or (tree.args.get("kind") or "").upper() != "VIEW":
        return
    query = tree.expression
    if not isinstance(query, exp.Expression):
        return
    for select in list(query.find_all(exp.Select)):
        added = _lax_group_by(rw, select)
        if added:
            rw.change("", f"GROUP BY completed with {', '.join(added)} (MySQL let the query select them ungrouped)",
                      "where these columns do not depend on the grouped ones, a group now gives one row per value")
    for aggregate in list(query.find_all(exp.GroupConcat)):
        if _distinct_order(aggregate):
            rw.change("", "GROUP_CONCAT(DISTINCT … ORDER BY …) ordered by the aggregated expression "
                      "(PostgreSQL requires it with DISTINCT)",
                      "the list is ordered by the aggregated text, which can differ from the original order")
