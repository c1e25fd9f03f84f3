"""ALTER TABLE: what DSQL can change on an existing table, and what needs the table rebuilt.

DSQL's ALTER TABLE (alter-table-syntax-support, live probes in §3.4 of the reference) adds a
column only as name and type, sets or drops defaults, drops NOT NULL, renames, and since
2026-08-03 drops columns. A column's type, NOT NULL, or a primary key cannot be changed in place:
the table is rebuilt (create the new table, copy the rows in batches, drop, rename).
"""

from __future__ import annotations

from sqlglot import exp

from dsqllint.catalog import name_key
from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation
from dsqllint.rules.constraints import AlterAction, action_containing, added_constraint, alter_table


def rebuild(table: str) -> str:
    """The table-recreation recipe, for a suggestion."""
    new = f"{table}_new"
    return (
        f"rebuild the table: CREATE TABLE {new} with the new definition, copy the rows in batches of at most 3,000 "
        f"(INSERT ... SELECT), DROP TABLE {table}, ALTER TABLE {new} RENAME TO {table.rsplit('.', 1)[-1]}, then "
        "recreate its indexes with CREATE INDEX ASYNC"
    )


def _parsed_actions(stmt):
    """(AlterTable, AST action node, its AlterAction) for each action of a parsed ALTER TABLE."""
    tree = stmt.tree
    if stmt.kind != "ALTER TABLE" or not isinstance(tree, exp.Alter):
        return
    table = alter_table(stmt)
    if table is None:
        return
    for node in tree.args.get("actions") or []:
        yield table, node, action_containing(table, stmt, node)


_AFTER_DEFAULT = {
    "NOT", "NULL", "CHECK", "REFERENCES", "UNIQUE", "PRIMARY", "PRIMARY KEY", "CONSTRAINT", "GENERATED", "COLLATE",
    "AFTER", "FIRST", "COMMENT", "ON", "AUTO_INCREMENT", "STORAGE", "CHARACTER", "CHARSET",
}


def default_text(action: AlterAction | None) -> str | None:
    """The DEFAULT expression of an ADD COLUMN action as written, else None."""
    if action is None:
        return None
    words = action.words
    i = action.find("DEFAULT")
    if i is None or i + 1 >= len(words):
        return None
    j = i + 2  # the first token always belongs to the expression (`DEFAULT NULL`)
    while j < len(words) and words[j] not in _AFTER_DEFAULT:
        j += 1
    return action.text(i + 1, j - 1)


def _constraint_advice(kind: exp.Expression, table: str, column: str, default: str | None) -> tuple[str, str, str] | None:
    """(keyword, what, advice) for a column constraint DSQL refuses in ADD COLUMN, else None."""
    if isinstance(kind, exp.DefaultColumnConstraint):
        value = default or (kind.this.sql(dialect="postgres") if kind.this is not None else "...")
        if isinstance(kind.this, exp.Null):
            return "DEFAULT", "DEFAULT NULL", "drop DEFAULT NULL: a new column is NULL anyway"
        return (
            "DEFAULT",
            "DEFAULT",
            f"then ALTER TABLE {table} ALTER COLUMN {column} SET DEFAULT {value} (applies to new rows), then backfill "
            f"existing rows in batches: UPDATE {table} SET {column} = {value} WHERE {column} IS NULL (at most 3,000 rows "
            "per transaction)",
        )
    if isinstance(kind, exp.NotNullColumnConstraint):
        if kind.args.get("allow_null"):
            return None
        return (
            "NOT",
            "NOT NULL",
            "NOT NULL cannot be added afterwards (SET NOT NULL is rejected too): keep the column nullable, optionally "
            f"with ADD CONSTRAINT ... CHECK ({column} IS NOT NULL) NOT VALID for new rows, or rebuild the table",
        )
    if isinstance(kind, exp.CheckColumnConstraint):
        return "CHECK", "CHECK", f"then ALTER TABLE {table} ADD CONSTRAINT ... CHECK (...) NOT VALID"
    if isinstance(kind, exp.Reference):
        return (
            "REFERENCES",
            "REFERENCES",
            f"then ALTER TABLE {table} ADD CONSTRAINT ... FOREIGN KEY ({column}) REFERENCES ... NOT VALID",
        )
    if isinstance(kind, exp.UniqueColumnConstraint):
        return "UNIQUE", "UNIQUE", f"then CREATE UNIQUE INDEX ASYNC ON {table} ({column})"
    if isinstance(kind, exp.PrimaryKeyColumnConstraint):
        return "PRIMARY", "PRIMARY KEY", "the primary key is set only in CREATE TABLE: rebuild the table"
    if isinstance(kind, exp.ComputedColumnConstraint) or (
        isinstance(kind, exp.GeneratedAsIdentityColumnConstraint) and kind.args.get("expression") is not None
    ):
        return "GENERATED", "a generated column", "compute the value in the application, or rebuild the table"
    if isinstance(kind, exp.GeneratedAsIdentityColumnConstraint):
        return "GENERATED", "an identity", "rebuild the table with the identity column in its CREATE TABLE"
    return None


class AddColumnConstraint(Rule):
    """`ALTER TABLE ... ADD COLUMN` takes a name and a type, nothing else.

    **What it does**: flags `ADD COLUMN` with `DEFAULT`, `NOT NULL`, `CHECK`, `REFERENCES`, `UNIQUE`,
    `PRIMARY KEY`, a generated expression or an identity, and warns on an explicit `NULL`.

    **Why it matters**: DSQL does not rewrite existing rows when a column is added, so it refuses
    every column constraint there: `0A000 ALTER TABLE ADD COLUMN with constraint not supported`.
    (A serial type in ADD COLUMN is serial-type's finding.)

    **Example**
    ```sql
    ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';
    ```

    **Use instead**: add the bare column, set the default for new rows, then backfill existing rows
    in batches.
    ```sql
    ALTER TABLE orders ADD COLUMN status text;
    ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
    UPDATE orders SET status = 'new' WHERE status IS NULL;  -- in batches of at most 3,000 rows
    ```
    NOT NULL cannot be added afterwards; keep the column nullable (a `CHECK (status IS NOT NULL)
    NOT VALID` constraint covers new rows) or rebuild the table. CHECK and FOREIGN KEY constraints
    can follow as `ADD CONSTRAINT ... NOT VALID`, uniqueness as `CREATE UNIQUE INDEX ASYNC`.

    **Reference**: alter-table-syntax-support (`ADD [ COLUMN ] column_name data_type`); live probe
    (§3.4 and §7 of the DSQL reference).
    """

    code = "DSQL501"
    name = "add-column-constraint"

    def check(self, stmt, ctx):
        if stmt.opaque:
            yield from self._opaque(stmt)
        for table, node, action in _parsed_actions(stmt):
            if not isinstance(node, exp.ColumnDef):
                continue
            column = node.name
            found, explicit_null = [], False
            for constraint in node.constraints:
                kind = constraint.args.get("kind")
                advice = _constraint_advice(kind, table.table, column, default_text(action))
                if advice is not None:
                    found.append((constraint, *advice))
                elif isinstance(kind, exp.NotNullColumnConstraint):
                    explicit_null = True
            if not found:
                if explicit_null:
                    yield Violation(
                        self._keyword(stmt, node, "NULL") or node.this,
                        f'ADD COLUMN "{column}" NULL: DSQL may count an explicit NULL as a constraint '
                        "(`ALTER TABLE ADD COLUMN with constraint not supported`; not confirmed)",
                        "leave NULL out: a column is nullable by default",
                        Severity.WARNING,
                    )
                continue
            # Point at the first offending constraint as written; give NOT NULL's advice last.
            at = constraint_name_token(stmt, found[0][0]) or self._keyword(stmt, node, found[0][1]) or node.this
            found.sort(key=lambda item: item[2] == "NOT NULL")
            what = ", ".join(dict.fromkeys(item[2] for item in found))
            advice = "; ".join(dict.fromkeys(item[3] for item in found))
            yield Violation(
                at,
                f'ADD COLUMN "{column}" with {what}: DSQL adds only bare columns '
                "(`ALTER TABLE ADD COLUMN with constraint not supported`)",
                f'add the column with its name and type only; {advice}',
            )

    def _opaque(self, stmt):
        """ADD COLUMN in a statement sqlglot left opaque (e.g. after another action's NOT VALID)."""
        table = alter_table(stmt)
        for action in table.actions if table else []:
            name_at = added_column(action)
            if name_at is None:
                continue
            found = [(i, _OPAQUE_CONSTRAINTS[w]) for i, w in enumerate(action.words) if i > name_at + 1 and w in _OPAQUE_CONSTRAINTS]
            found = [(i, what) for i, what in found if not (what == "NULL" and action.words[i - 1] == "NOT")]
            if not found or all(what == "NULL" for _, what in found):
                continue
            column = action.tokens[name_at].text
            what = ", ".join(dict.fromkeys(w for _, w in found if w != "NULL"))
            yield Violation(
                action.span(found[0][0]),
                f'ADD COLUMN "{column}" with {what}: DSQL adds only bare columns '
                "(`ALTER TABLE ADD COLUMN with constraint not supported`)",
                f"add the column with its name and type only; then ALTER TABLE {table.table} ALTER COLUMN {column} "
                "SET DEFAULT ... and backfill in batches; constraints follow as ADD CONSTRAINT ... NOT VALID",
            )

    @staticmethod
    def _keyword(stmt, column: exp.ColumnDef, word: str):
        """The first unquoted `word` after the column's name."""
        after = stmt.node_end(column.this) - stmt.start
        for token in stmt.tokens:
            if token.start >= after and token.token_type.name not in ("IDENTIFIER", "STRING") and (
                token.text.upper() == word or token.text.upper().startswith(word + " ")
            ):
                return token
        return None


_OPAQUE_CONSTRAINTS = {
    "DEFAULT": "DEFAULT", "NOT": "NOT NULL", "NULL": "NULL", "CHECK": "CHECK", "REFERENCES": "REFERENCES",
    "UNIQUE": "UNIQUE", "PRIMARY": "PRIMARY KEY", "PRIMARY KEY": "PRIMARY KEY", "GENERATED": "GENERATED",
    "CONSTRAINT": "a named constraint",
}


def added_column(action: AlterAction) -> int | None:
    """Index of the column name of an `ADD [COLUMN] [IF NOT EXISTS] name type ...` action, else None
    (an added constraint, MySQL's `ADD COLUMN (a int, b int)`, an index)."""
    words = action.words
    if action.verb != "ADD" or added_constraint(action) is not None:
        return None
    i = 1
    if words[i : i + 1] == ["COLUMN"]:
        i += 1
    if words[i : i + 3] == ["IF", "NOT", "EXISTS"]:
        i += 3
    if i + 1 >= len(words) or words[i] in ("(", "INDEX", "KEY", "FULLTEXT", "SPATIAL", "PARTITION", "CONSTRAINT"):
        return None
    return i


def constraint_name_token(stmt, constraint: exp.ColumnConstraint):
    """The CONSTRAINT keyword of a named column constraint (`CONSTRAINT nn NOT NULL`), else None."""
    if constraint.this is None:
        return None
    return stmt.token_before(stmt.node_start(constraint.this), {"CONSTRAINT"})


class AlterColumnType(Rule):
    """DSQL cannot change a column's type in place.

    **What it does**: flags `ALTER TABLE ... ALTER COLUMN c TYPE t` and `... SET DATA TYPE t`.

    **Why it matters**: changing a type rewrites every row, which DSQL does not do in an
    `ALTER TABLE`: `0A000 unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement`.

    **Example**
    ```sql
    ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);
    ```

    **Use instead**: rebuild the table (new table, batched copy, drop, rename, recreate indexes
    with `CREATE INDEX ASYNC`), or add a column of the new type, backfill it in batches, and drop
    the old one.
    ```sql
    ALTER TABLE orders ADD COLUMN total_v2 numeric(12, 2);
    ```

    **Reference**: live probe (§3.4 and §7 of the DSQL reference); AWS DSQL skill, table
    recreation pattern.
    """

    code = "DSQL502"
    name = "alter-column-type"

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if isinstance(node, exp.AlterColumn) and node.args.get("dtype") is not None:
                at = node.this
                if action is not None:
                    i = action.find("SET", "DATA", "TYPE")
                    j = action.find("TYPE")
                    at = action.span(i, i + 2) if i is not None else action.span(j) if j is not None else at
                yield Violation(
                    at,
                    f'changing the type of column "{node.name}": DSQL cannot rewrite a column in place '
                    "(`unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement`)",
                    f"{rebuild(table.table)}; or add a column of the new type, backfill it in batches and drop the old one",
                )


class SetNotNull(Rule):
    """DSQL cannot add NOT NULL to an existing column.

    **What it does**: flags `ALTER TABLE ... ALTER COLUMN c SET NOT NULL`.

    **Why it matters**: DSQL would have to check every existing row and rejects the statement:
    `0A000 unsupported ALTER TABLE ALTER COLUMN ... SET NOT NULL statement`. (`DROP NOT NULL`
    works.)

    **Example**
    ```sql
    ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
    ```

    **Use instead**: keep the column nullable and guard new rows with a check constraint, or
    rebuild the table with the column declared NOT NULL.
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;
    ```

    **Reference**: live probe (§3.4 and §7 of the DSQL reference).
    """

    code = "DSQL503"
    name = "set-not-null"

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if isinstance(node, exp.AlterColumn) and node.args.get("allow_null") is False and node.args.get("dtype") is None:
                i = action.find("SET", "NOT") if action is not None else None
                yield Violation(
                    action.span(i, i + 2) if i is not None else node.this,
                    f'SET NOT NULL on column "{node.name}": DSQL cannot add NOT NULL to an existing column '
                    "(`unsupported ALTER TABLE ALTER COLUMN ... SET NOT NULL statement`)",
                    f"add CHECK ({node.name} IS NOT NULL) NOT VALID to guard new rows, or {rebuild(table.table)}",
                )


class SetStatistics(Rule):
    """DSQL rejects `ALTER COLUMN ... SET STATISTICS`.

    **What it does**: flags `ALTER TABLE ... ALTER COLUMN c SET STATISTICS n`.

    **Why it matters**: DSQL maintains its statistics itself and rejects per-column statistics
    targets: `0A000 unsupported ALTER TABLE ALTER COLUMN ... SET STATISTICS statement`.

    **Example**
    ```sql
    ALTER TABLE events ALTER COLUMN kind SET STATISTICS 1000;
    ```

    **Use instead**: leave it out. For correlated columns, DSQL (since 2026-08-27) has extended
    statistics:
    ```sql
    CREATE STATISTICS events_kind_source (dependencies) ON kind, source FROM events;
    ```

    **Reference**: live probe (§1.2 and §7 of the DSQL reference).
    """

    code = "DSQL504"
    name = "set-statistics"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        table = alter_table(stmt)
        for action in table.actions if table else []:
            i = action.find("SET", "STATISTICS")
            if action.verb == "ALTER" and i is not None:
                yield Violation(
                    action.span(i, i + 1),
                    "SET STATISTICS: DSQL manages column statistics itself "
                    "(`unsupported ALTER TABLE ALTER COLUMN ... SET STATISTICS statement`)",
                    "remove the statement",
                )


class DropPrimaryKeyColumn(Rule):
    """A primary-key column cannot be dropped.

    **What it does**: flags `ALTER TABLE ... DROP COLUMN c` when `c` belongs to the table's
    primary key, as the file declares it.

    **Why it matters**: DSQL stores rows by primary key: `cannot drop primary key column <name>`.
    Other columns can be dropped since 2026-08-03.

    **Example**
    ```sql
    CREATE TABLE accounts (id uuid PRIMARY KEY, legacy_id int);
    ALTER TABLE accounts DROP COLUMN id;
    ```

    **Use instead**: rebuild the table around its new key, or drop a column outside the key.
    ```sql
    CREATE TABLE accounts (id uuid PRIMARY KEY, legacy_id int);
    ALTER TABLE accounts DROP COLUMN legacy_id;
    ```

    **Reference**: release notes 2026-08-03; ministack live-parity test (§7 of the DSQL reference).
    """

    code = "DSQL505"
    name = "drop-primary-key-column"
    requires = "drop_column"

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if not (isinstance(node, exp.Drop) and (node.args.get("kind") or "").upper() == "COLUMN"):
                continue
            info = ctx.catalog.tables.get(table.table_key)
            if info is None:
                continue
            key_columns = {c for k in info.keys if k.kind == "primary key" for c in k.columns}
            for dropped in node.args.get("tables") or node.expressions or []:
                name = name_key(dropped)
                if name in key_columns:
                    yield Violation(
                        dropped,
                        f"dropping primary-key column {name} of {info.name}; DSQL rejects it "
                        f"(`cannot drop primary key column {name}`)",
                        f"rebuild {info.name} with a new primary key (new table, batched copy, drop, rename)",
                    )


class DropColumnUnsupported(Rule):
    """`ALTER TABLE ... DROP COLUMN` needs DSQL as of 2026-08-03.

    **What it does**: flags `DROP COLUMN` when the target predates DSQL's support for it.

    **Why it matters**: before 2026-08-03 DSQL had no `DROP COLUMN`; the guidance was to rebuild the
    table without the column, or to stop using it.

    **Example**
    ```sql
    ALTER TABLE orders DROP COLUMN legacy_code;
    ```

    **Use instead**: leave the column in place (and stop writing it), or rebuild the table
    without it.
    ```sql
    ALTER TABLE orders RENAME COLUMN legacy_code TO unused_legacy_code;
    ```

    **Reference**: release notes 2026-08-03.
    """

    code = "DSQL506"
    name = "drop-column-unsupported"
    obsolete_with = "drop_column"

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if isinstance(node, exp.Drop) and (node.args.get("kind") or "").upper() == "COLUMN":
                at = action.span(0, 1 if action.words[1:2] == ["COLUMN"] else 0) if action else node
                yield Violation(
                    at,
                    f"DROP COLUMN: {ctx.target.label} cannot drop columns",
                    "stop using the column, or rebuild the table without it; DSQL drops columns since 2026-08-03",
                )


class MysqlModifyColumn(Rule):
    """MySQL's `MODIFY COLUMN` and `CHANGE COLUMN` have no DSQL equivalent.

    **What it does**: flags `ALTER TABLE ... MODIFY [COLUMN]` and `CHANGE [COLUMN]`.

    **Why it matters**: DSQL speaks PostgreSQL, which has neither; and what they usually do
    (change a type, add NOT NULL or AUTO_INCREMENT) DSQL cannot do in place:
    `unsupported ALTER TABLE ALTER COLUMN ... SET DATA TYPE statement` /
    `... SET NOT NULL statement`. The parts DSQL can do have their own statements.

    **Example**
    ```sql
    ALTER TABLE orders MODIFY COLUMN total decimal(12,2) NOT NULL;
    ```

    **Use instead**: a rename is `RENAME COLUMN`, a default is `ALTER COLUMN ... SET DEFAULT`;
    anything else needs the table rebuilt.
    ```sql
    ALTER TABLE orders RENAME COLUMN amount TO total;
    ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;
    ```

    **Reference**: AWS DSQL skill, mysql-migrations (MODIFY / CHANGE COLUMN: table recreation);
    live probe (§3.4 of the DSQL reference).
    """

    code = "DSQL507"
    name = "mysql-modify-column"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if not isinstance(node, exp.ModifyColumn) or action is None:
                continue
            verb = action.verb
            column = node.this.name if isinstance(node.this, exp.ColumnDef) else ""
            old = node.args.get("rename_from")
            old_name = old.name if isinstance(old, exp.Identifier) else column
            suggestion = self._suggestion(ctx, table, node, old_name, column)
            yield Violation(
                action.span(0, 1 if action.words[1:2] == ["COLUMN"] else 0),
                f"{verb} COLUMN is MySQL syntax; DSQL has no {verb} and cannot change a column's definition in place",
                suggestion,
            )

    @staticmethod
    def _suggestion(ctx, table, node, old_name: str, new_name: str) -> str:
        parts = []
        if old_name and new_name and name_key(old_name) != name_key(new_name):
            parts.append(f"ALTER TABLE {table.table} RENAME COLUMN {old_name} TO {new_name}")
        info = ctx.catalog.tables.get(table.table_key)
        before = info.columns.get(name_key(old_name)) if info else None
        was_not_null = before is not None and (
            any(k.kind == "primary key" and name_key(old_name) in k.columns for k in info.keys)
            or any(
                isinstance(c.args.get("kind"), (exp.NotNullColumnConstraint, exp.PrimaryKeyColumnConstraint))
                and not c.args["kind"].args.get("allow_null")
                for c in before.constraints
            )
        )
        column = node.this if isinstance(node.this, exp.ColumnDef) else None
        same_type = (
            before is not None
            and column is not None
            and before.args.get("kind") is not None
            and column.args.get("kind") is not None
            and before.args["kind"].sql(dialect="mysql") == column.args["kind"].sql(dialect="mysql")
        )
        if not same_type:
            parts.append("a type change needs the table rebuilt (new table, batched copy, drop, rename)")
        if column is not None:
            for constraint in column.constraints:
                kind = constraint.args.get("kind")
                if isinstance(kind, exp.DefaultColumnConstraint) and kind.this is not None:
                    parts.append(
                        f"ALTER TABLE {table.table} ALTER COLUMN {new_name} SET DEFAULT {kind.this.sql(dialect='postgres')}"
                    )
                elif isinstance(kind, exp.NotNullColumnConstraint) and not kind.args.get("allow_null") and not was_not_null:
                    parts.append("NOT NULL cannot be added to an existing column")
                elif isinstance(kind, exp.AutoIncrementColumnConstraint):
                    parts.append("AUTO_INCREMENT becomes an identity column in CREATE TABLE")
        return "; ".join(dict.fromkeys(parts)) or "drop the statement if nothing changes"


class ColumnPosition(Rule):
    """DSQL cannot place a new column: no `AFTER col` or `FIRST`.

    **What it does**: flags MySQL's `ALTER TABLE ... ADD [COLUMN] ... AFTER col` and `... FIRST`.

    **Why it matters**: DSQL (PostgreSQL) always appends a new column at the end; the clause is a
    syntax error there.

    **Example**
    ```sql
    ALTER TABLE orders ADD COLUMN note text AFTER total;
    ```

    **Use instead**: add the column at the end, and name columns in queries instead of relying on
    their order.
    ```sql
    ALTER TABLE orders ADD COLUMN note text;
    ```

    **Fix**: removes the clause; the column then comes last, so `SELECT *` and positional
    `INSERT` see a different order.
    """

    code = "DSQL508"
    name = "column-position"
    dialects = frozenset({"mysql"})

    def check(self, stmt, ctx):
        for table, node, action in _parsed_actions(stmt):
            if not isinstance(node, exp.ColumnDef) or node.args.get("position") is None or action is None:
                continue
            position = node.args["position"]
            word = (position.args.get("position") or "").upper()
            i = max((k for k, w in enumerate(action.words) if w == word), default=None)
            yield Violation(
                action.span(i, i + (1 if word == "AFTER" else 0)) if i is not None else node.this,
                f'ADD COLUMN "{node.name}" ... {word}: DSQL always adds a column at the end of the table',
                f"remove {word}{' ' + position.this.name if position.this else ''}; "
                "name columns explicitly in queries and INSERTs",
            )


_DROP_OTHER = [[w] for w in ("CONSTRAINT", "PRIMARY", "PRIMARY KEY", "FOREIGN", "FOREIGN KEY", "INDEX", "KEY", "CHECK")]


class MultiActionAlter(Rule):
    """Several actions in one `ALTER TABLE` are not confirmed to work on DSQL.

    **What it does**: warns on `ALTER TABLE t action, action, ...`, except several `DROP COLUMN`
    actions together, which DSQL documents.

    **Why it matters**: DSQL's grammar shows `action [, ...]`, but no source confirms that several
    actions run in one statement, and the AWS guidance is "a separate ALTER TABLE statement for
    each column modification". Each DDL statement also runs in its own transaction, so one
    statement per change keeps failures small and retries simple.

    **Example**
    ```sql
    ALTER TABLE orders ADD COLUMN note text, ADD COLUMN source text;
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders ADD COLUMN note text;
    ALTER TABLE orders ADD COLUMN source text;
    ```

    **Fix**: splits the statement into one ALTER TABLE per action.

    **Reference**: alter-table-syntax-support; release notes 2026-08-03 (several DROP COLUMN per
    statement); AWS DSQL skill development guide.
    """

    code = "DSQL509"
    name = "multi-action-alter"
    severity = Severity.WARNING

    def check(self, stmt, ctx):
        table = alter_table(stmt)
        if table is None or len(table.actions) < 2:
            return
        if all(a.verb == "DROP" and a.words[1:2] not in _DROP_OTHER for a in table.actions):
            return  # several DROP COLUMN in one statement: documented
        second = table.actions[1]
        yield Violation(
            second.span(0, 0),
            f"ALTER TABLE {table.table} with {len(table.actions)} actions; DSQL does not confirm several actions per "
            "statement",
            "write one ALTER TABLE statement per action",
        )


# What follows `ALTER [COLUMN] name` in the forms DSQL documents (alter-table-syntax-support) or
# that a rule of this family or identity judges.
_ALTER_COLUMN_FORMS = (
    ["SET", "DEFAULT"], ["DROP", "DEFAULT"], ["DROP", "NOT"], ["SET", "NOT"], ["TYPE"], ["SET", "DATA"],
    ["SET", "STATISTICS"], ["SET", "STORAGE"], ["DROP", "EXPRESSION"], ["ADD", "GENERATED"],
    ["SET", "GENERATED"], ["SET", "INCREMENT"], ["SET", "MINVALUE"], ["SET", "MAXVALUE"], ["SET", "NO"],
    ["SET", "CYCLE"], ["SET", "START"], ["SET", "CACHE"], ["SET", "RESTART"], ["RESTART"], ["DROP", "IDENTITY"],
)


def _known_action(action: AlterAction) -> bool:
    """True for an action whose form dsqllint knows (accepted, or judged by a rule), and for actions
    of other families (OWNER TO, partitions, row-level security, MySQL table options, ...)."""
    words = action.words
    verb = action.verb
    if verb == "ADD":
        return added_constraint(action) is not None or added_column(action) is not None or words[1:2] in (
            ["INDEX"], ["KEY"], ["FULLTEXT"], ["SPATIAL"], ["PARTITION"],
        )
    if verb == "ALTER":
        if words[1:2] == ["CONSTRAINT"]:
            return True  # ALTER CONSTRAINT c [NOT] DEFERRABLE ...: in DSQL's grammar
        i = 3 if words[1:2] == ["COLUMN"] else 2
        return any(words[i : i + len(form)] == form for form in _ALTER_COLUMN_FORMS)
    return True  # DROP, RENAME, VALIDATE, and other families' verbs


class AlterTableFormNotAnalysed(Rule):
    """An ALTER TABLE column action the parser could not read and no rule knows.

    **What it does**: reports, as information, an `ADD`, `ALTER [COLUMN]` action of an `ALTER TABLE`
    that sqlglot left unparsed and whose form is neither in DSQL's documented `ALTER TABLE` syntax
    nor judged by another rule, e.g. `ALTER COLUMN c SET (n_distinct = 100)`, `SET COMPRESSION`, or
    MySQL's `ADD COLUMN (a int, b int)`. Known forms (`SET STORAGE`, `DROP EXPRESSION`, identity
    options, `ALTER CONSTRAINT`, ...) pass silently.

    **Why it matters**: dsqllint cannot tell whether DSQL accepts it; a statement it cannot read
    must not pass as fine.

    **Example**
    ```sql
    ALTER TABLE events ALTER COLUMN kind SET (n_distinct = 100);
    ```

    **Use instead**: check the form against DSQL's ALTER TABLE documentation, or write it as one
    of the documented actions.
    ```sql
    ALTER TABLE events ALTER COLUMN kind SET STORAGE EXTERNAL;
    ```

    **Reference**: alter-table-syntax-support.
    """

    code = "DSQL510"
    name = "alter-table-form-not-analysed"
    severity = Severity.INFO

    def check(self, stmt, ctx):
        if not stmt.opaque:
            return
        table = alter_table(stmt)
        for action in table.actions if table else []:
            if action.tokens and not _known_action(action):
                last = min(len(action.tokens) - 1, 3)
                yield Violation(
                    action.span(0, last),
                    f"ALTER TABLE ... {action.text(0, last)} ...: form not analysed; dsqllint cannot tell whether "
                    "DSQL accepts it",
                    "check it against DSQL's ALTER TABLE documentation",
                )
