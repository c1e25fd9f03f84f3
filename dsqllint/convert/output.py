"""The converted file: a header, then DDL in order, deferred foreign keys, then data in batches."""

from __future__ import annotations

from sqlglot import exp

from dsqllint import __version__
from dsqllint.convert.model import Block, ConvertOptions
from dsqllint.source import Source
from dsqllint.target import Target

ROWS_PER_TRANSACTION = 3000  # DSQL: at most 3,000 modified rows per transaction


def assemble(source: Source, target: Target, options: ConvertOptions, blocks: list[Block],
             deferred: list[Block], dml: list[Block]) -> tuple[str, int]:
    """Returns the output text and how many statements it holds."""
    parts = [_header(source, target, options)]
    count = 0
    for block in blocks:
        parts.append(_block(block, options.transactions))
        count += bool(block.sql)
    if deferred:  # foreign keys of a cycle, added once every table exists (NOT VALID, as DSQL requires)
        for block in deferred:
            parts.append(_block(block, options.transactions))
            count += 1
    if dml:
        parts.append(f"-- Data, after all DDL (DSQL does not mix DDL and DML in a transaction), "
                     f"at most {ROWS_PER_TRANSACTION} rows per transaction.")
        for batch in _batches(dml):
            parts.append("BEGIN;\n" + "\n".join(terminated(b.sql) for b in batch) + "\nCOMMIT;")
            count += len(batch)
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n", count


def _header(source: Source, target: Target, options: ConvertOptions) -> str:
    return "\n".join([
        f"-- Converted by dsqllint {__version__} from {source.path} ({source.dialect})",
        f"-- for {target.label}",
        f"-- options: identity-cache={options.identity_cache} ids={options.ids} "
        f"foreign-keys={options.foreign_keys} transactions={'yes' if options.transactions else 'no'}",
    ])


def _block(block: Block, transactions: bool) -> str:
    lines = [block.comment] if block.comment else []
    if block.sql:
        sql = terminated(block.sql)
        lines.append(f"BEGIN;\n{sql}\nCOMMIT;" if transactions else sql)
    return "\n".join(lines)


def terminated(sql: str) -> str:
    """The statement with its `;`: on a line of its own when the statement ends in a `--` comment,
    which would swallow it."""
    last_line = sql.rsplit("\n", 1)[-1]
    if "--" in last_line and _ends_in_line_comment(sql):
        return f"{sql}\n;"
    return f"{sql};"


def _ends_in_line_comment(sql: str) -> bool:
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import TokenError

    try:
        tokens = Dialect.get_or_raise("dsql").tokenize(sql)
    except TokenError:
        return True  # cannot tell: a `;` on its own line is safe either way
    end = tokens[-1].end + 1 if tokens else 0
    return "--" in sql[end:]


def _rows(sql: str) -> int:
    """Rows an INSERT writes: the tuples of its VALUES list (1 for anything else)."""
    head = sql.lstrip()[:6].upper()
    if head != "INSERT":
        return 1
    import sqlglot

    try:
        tree = sqlglot.parse_one(sql, read="dsql")
    except Exception:
        return 1
    values = tree.find(exp.Values)
    return len(values.expressions) if values is not None else 1


def _batches(dml: list[Block]) -> list[list[Block]]:
    batches, current, rows = [], [], 0
    for block in dml:
        n = _rows(block.sql)
        if current and rows + n > ROWS_PER_TRANSACTION:
            batches.append(current)
            current, rows = [], 0
        current.append(block)
        rows += n
    if current:
        batches.append(current)
    return batches
