"""Column types DSQL does not store."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation, column_defs, column_type_range, type_name

T = exp.DataType.Type


class ArrayColumn(Rule):
    """Array column types are rejected.

    **What it does**: flags columns declared as arrays (`text[]`, `integer ARRAY`).

    **Why it matters**: arrays are a runtime-only type in DSQL. `CREATE TABLE` fails with
    `0A000 datatype text[] not supported`.

    **Example**
    ```sql
    CREATE TABLE posts (id uuid PRIMARY KEY, tags text[]);
    ```

    **Use instead**: a `json` column holding the list, or a child table with one row per element.
    ```sql
    CREATE TABLE posts (id uuid PRIMARY KEY, tags json);
    ```

    **Reference**: DSQL supported data types, "Query runtime data types".
    """

    code = "DSQL101"
    name = "array-column"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            kind = column.args.get("kind")
            if isinstance(kind, exp.DataType) and kind.this == T.ARRAY:
                declared = stmt.text[slice(*(o - stmt.start for o in column_type_range(stmt, column)))]
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is an array ({declared}); DSQL rejects array columns '
                    f"(`datatype {declared} not supported`)",
                    "store the list in a json column, or in a child table with one row per element",
                )


class JsonbColumn(Rule):
    """`jsonb` columns may be rejected; `json` is the documented JSON column type.

    **What it does**: flags columns declared `jsonb`.

    **Why it matters**: AWS sources disagree on `jsonb` as a column type: a live-cluster check
    (awslabs/agent-plugins 715fa78) saw `jsonb` rejected with `datatype not supported`, while other
    AWS material lists it. `json` is accepted as a column type, and `::jsonb` casts and jsonb
    operators work at query time.

    **Example**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload jsonb);
    ```

    **Use instead**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload json);
    ```
    and cast with `payload::jsonb` in queries that need jsonb operators.
    """

    code = "DSQL102"
    name = "jsonb-column"
    severity = Severity.WARNING
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            if type_name(column) == "jsonb":
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is jsonb; DSQL may reject jsonb columns '
                    "(`datatype jsonb not supported` seen on live clusters)",
                    "declare it json (cast with ::jsonb in queries), or text",
                )


class JsonColumn(Rule):
    """`json` columns are rejected at targets before DSQL accepted them.

    **What it does**: flags `json` (and `jsonb`) columns when the target predates json column support.

    **Why it matters**: older DSQL versions and the 2025-12 guidance treat JSON as a runtime-only
    type: store documents as `text` and cast at query time.

    **Example**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload json);
    ```

    **Use instead**
    ```sql
    CREATE TABLE events (id uuid PRIMARY KEY, payload text);
    ```
    """

    code = "DSQL103"
    name = "json-column"
    obsolete_with = "json_columns"

    def check(self, stmt, ctx):
        for column in column_defs(stmt.tree):
            if type_name(column) in ("json", "jsonb"):
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is {type_name(column)}; {ctx.target.label} stores JSON only as text',
                    "declare it text and cast (payload::json) at query time",
                )


class EnumType(Rule):
    """ENUM types are rejected: MySQL `ENUM(...)` columns, `CREATE TYPE ... AS ENUM` and columns of such a type.

    **What it does**: flags MySQL `ENUM('a','b')` columns, PostgreSQL `CREATE TYPE ... AS ENUM`,
    and columns whose type is an enum the file creates.

    **Why it matters**: DSQL has no enum types and `CREATE TYPE` is unsupported, so the type and
    every table using it fail to create.

    **Example**
    ```sql
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE TABLE person (name text, current_mood mood);
    ```

    **Use instead**: a `varchar` with a CHECK that keeps the allowed values enforced.
    ```sql
    CREATE TABLE person (
        name text,
        current_mood varchar(5) CHECK (current_mood IN ('sad', 'ok', 'happy'))
    );
    ```
    """

    code = "DSQL104"
    name = "enum-type"


    def check(self, stmt, ctx):
        tree = stmt.tree
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TYPE":
            if isinstance(tree.expression, exp.DataType) and tree.expression.is_type("enum"):
                labels = ", ".join(e.sql() for e in tree.expression.expressions)
                yield Violation(
                    tree.this,
                    f'CREATE TYPE {tree.this.name} AS ENUM: DSQL has no enum types (CREATE TYPE is unsupported)',
                    f"use varchar with CHECK (col IN ({labels})) on each column of this type",
                )
            return
        for column in column_defs(tree):
            kind = column.args.get("kind")
            if not isinstance(kind, exp.DataType):
                continue
            if kind.this == T.ENUM:
                labels = ", ".join(e.sql() for e in kind.expressions)
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" is an ENUM; DSQL has no enum types',
                    f'use varchar with CHECK ("{column.name}" IN ({labels}))',
                )
            elif kind.this == T.USERDEFINED and name_key(str(kind.args.get("kind") or "").split(".")[-1]) in ctx.catalog.enum_types:
                yield Violation(
                    column_type_range(stmt, column),
                    f'column "{column.name}" uses enum type {type_name(column)}, which DSQL cannot create',
                    "use varchar with a CHECK listing the allowed values",
                )
