"""Constraints: foreign keys (enforced since 2026-08-26, with conditions), exclusion constraints, and
the constraints DSQL can or cannot add to an existing table with ALTER TABLE."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.tokens import Token, TokenType

from dsqllint.catalog import column_names, name_key
from dsqllint.findings import Severity
from dsqllint.rules.base import Rule, Violation, per_statement

if TYPE_CHECKING:
    from dsqllint.parse import Statement


@dataclass
class ForeignKeyRef:
    node: exp.Expression  # the ForeignKey, or the inline Reference
    table: str  # the referencing table
    columns: tuple[str, ...]
    references: exp.Expression | None  # the referenced table
    anchor: object  # where to point: the FOREIGN / REFERENCES keyword token


@per_statement
def foreign_keys(stmt) -> list[ForeignKeyRef]:
    """Every foreign key a CREATE TABLE or ALTER TABLE declares."""
    tree = stmt.tree
    if isinstance(tree, exp.Create) and isinstance(tree.this, exp.Schema):
        table = tree.this.this
    elif isinstance(tree, exp.Alter):
        table = tree.this
    else:
        return []
    found = []
    for fk in stmt.find_all(exp.ForeignKey):
        ref = fk.args.get("reference")
        start = stmt.node_start(fk)
        anchor = stmt.token_before(start + 1, {"FOREIGN"}) or fk
        found.append(ForeignKeyRef(fk, name_key(table), column_names(fk.expressions), _ref_table(ref), anchor))
    for ref in stmt.find_all(exp.Reference):
        column = ref.find_ancestor(exp.ColumnDef)
        if column is None or ref.find_ancestor(exp.ForeignKey) is not None:
            continue
        anchor = stmt.token_after(stmt.node_end(column.this), words={"REFERENCES"}) or ref
        found.append(ForeignKeyRef(ref, name_key(table), (name_key(column.this),), _ref_table(ref), anchor))
    return found


def _ref_table(ref: exp.Expression | None) -> exp.Expression | None:
    if ref is None:
        return None
    target = ref.this
    return target.this if isinstance(target, exp.Schema) else target


class ForeignKeyUnsupported(Rule):
    """Foreign keys are rejected at targets before 2026-08-26.

    **What it does**: flags every foreign key (inline `REFERENCES`, table-level `FOREIGN KEY`,
    `ALTER TABLE ... ADD FOREIGN KEY`) when the target predates DSQL's foreign-key support.

    **Why it matters**: DSQL before 2026-08-26 failed with `FOREIGN KEY constraint not supported`;
    the 2025-12 guidance asks for referential integrity in the application.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid);
    ```
    and check the reference in the application, or target a newer DSQL.
    """

    code = "DSQL301"
    name = "foreign-key-unsupported"
    obsolete_with = "foreign_keys"


    def check(self, stmt, ctx):
        found = [(fk.anchor, f"{fk.table}({', '.join(fk.columns)})") for fk in foreign_keys(stmt)]
        if stmt.opaque and stmt.kind == "ALTER TABLE":  # e.g. after another action's NOT VALID
            found += [(added.anchor, f"{t.table_key}{added.columns}") for t, added in added_constraints(stmt, "FOREIGN KEY")]
        for anchor, what in found:
            yield Violation(
                anchor,
                f"foreign key on {what}: {ctx.target.label} has no foreign keys "
                "(`FOREIGN KEY constraint not supported`)",
                "drop the constraint and enforce the reference in the application, or target 2026-08-26 or later",
            )


class ForeignKeyNotValid(Rule):
    """A foreign key added to an existing table must be `NOT VALID`.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT ...] FOREIGN KEY` without `NOT VALID`.
    (An inline `REFERENCES` in `ADD COLUMN`, which NOT VALID cannot save, is add-column-constraint's
    finding.)

    **Why it matters**: DSQL cannot validate existing rows while adding the constraint and fails
    with `0A000 unsupported ALTER TABLE ADD CONSTRAINT statement`. With `NOT VALID` the key is
    enforced for new and updated rows.

    **Example**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
        FOREIGN KEY (customer_id) REFERENCES customers (id);
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_customer_fk
        FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
    ```

    **Fix**: appends `NOT VALID`; existing rows are then not checked (same as DSQL can offer).
    """

    code = "DSQL302"
    name = "foreign-key-not-valid"
    requires = "foreign_keys"


    def check(self, stmt, ctx):
        if stmt.kind != "ALTER TABLE":
            return
        table = alter_table(stmt)
        if isinstance(stmt.tree, exp.Alter):
            for fk in foreign_keys(stmt):
                if isinstance(fk.node, exp.Reference):  # inline in ADD COLUMN: add-column-constraint's
                    continue
                # sqlglot keeps one NOT VALID per statement: look in the key's own action.
                action = action_containing(table, stmt, fk.node)
                if action.find("NOT", "VALID") if action else stmt.tree.args.get("not_valid"):
                    continue
                yield self._violation(fk.anchor, fk.table)
        elif stmt.opaque:
            for _table, added in added_constraints(stmt, "FOREIGN KEY"):
                if not added.not_valid:
                    yield self._violation(added.anchor, table.table_key)

    @staticmethod
    def _violation(at, table):
        return Violation(
            at,
            f"foreign key added to existing table {table} without NOT VALID; DSQL rejects it "
            "(`unsupported ALTER TABLE ADD CONSTRAINT statement`)",
            "append NOT VALID: the key is then enforced for new and changed rows",
        )


class ForeignKeyForwardReference(Rule):
    """A foreign key must not reference a table the file creates only later.

    **What it does**: flags a foreign key whose referenced table is created by a later statement of
    the same file.

    **Why it matters**: DSQL checks that the referenced table exists when the constraint is created
    (`42P01 relation ... does not exist`), and each DDL runs in its own transaction, so the order of
    statements matters.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    CREATE TABLE customers (id uuid PRIMARY KEY);
    ```

    **Use instead**: create `customers` first, or add the key afterwards with
    `ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID`.
    """

    code = "DSQL303"
    name = "foreign-key-forward-reference"
    requires = "foreign_keys"

    def check(self, stmt, ctx):
        for fk in foreign_keys(stmt):
            target = ctx.catalog.table(fk.references)
            if target is not None and target.declared_at > stmt.index and target.name != fk.table:
                later = ctx.statements[target.declared_at]
                line, _ = ctx.source.lines.position(later.start)
                yield Violation(
                    fk.anchor,
                    f"foreign key references {target.name}, which this file creates later (line {line}); "
                    "DSQL needs the referenced table to exist first",
                    f"create {target.name} before {fk.table}, or add this key afterwards with "
                    "ALTER TABLE ... ADD FOREIGN KEY ... NOT VALID",
                )


class ForeignKeyUnindexed(Rule):
    """A foreign key's columns should be indexed.

    **What it does**: flags a foreign key whose columns are not the leading columns of any primary
    key, unique key or index the file declares on the referencing table.

    **Why it matters**: DSQL creates no index for a foreign key (MySQL does, implicitly). Without one,
    every delete or key update on the referenced table scans the referencing table to enforce the
    constraint, and joins along the key are slow.

    **Example**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    ```

    **Use instead**
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, customer_id uuid REFERENCES customers (id));
    CREATE INDEX ASYNC orders_customer_id_idx ON orders (customer_id);
    ```
    """

    code = "DSQL304"
    name = "foreign-key-unindexed"
    severity = Severity.WARNING
    requires = "foreign_keys"

    def check(self, stmt, ctx):
        for fk in foreign_keys(stmt):
            known = ctx.catalog.tables.get(fk.table) is not None  # another file's table: cannot tell
            if known and fk.columns and not ctx.catalog.has_key_on(fk.table, fk.columns):
                cols = ", ".join(fk.columns)
                yield Violation(
                    fk.anchor,
                    f"foreign key {fk.table}({cols}) has no index on its columns; DSQL does not create one, "
                    "so deletes on the referenced table scan this one",
                    f"add CREATE INDEX ASYNC ON {fk.table} ({cols})",
                )


# --- ALTER TABLE, read action by action from the tokens -------------------------------------------
# sqlglot leaves several ALTER TABLE forms opaque (`ADD CHECK (...)`, `... USING INDEX`, NOT VALID
# on any action but the last) and keeps NOT VALID once per statement, so the rules below read each
# action from the tokens; that works the same for parsed and opaque statements.

_QUOTED = (TokenType.IDENTIFIER, TokenType.STRING)
_ACTION_VERBS = {
    "ADD", "DROP", "ALTER", "RENAME", "VALIDATE", "OWNER", "SET", "MODIFY", "CHANGE", "ENABLE",
    "DISABLE", "FORCE", "NO", "REPLICA", "ATTACH", "DETACH", "CLUSTER", "INHERIT", "OF", "NOT",
    "RESET", "CONVERT", "ENGINE",
}
_CONSTRAINT_WORDS = {"CHECK", "UNIQUE", "PRIMARY", "FOREIGN", "EXCLUDE", "PRIMARY KEY", "FOREIGN KEY"}


@dataclass
class AlterAction:
    """One comma-separated action of an ALTER TABLE, e.g. `ADD CONSTRAINT c CHECK (a > 0) NOT VALID`."""

    stmt: "Statement"
    lo: int  # token index range [lo, hi) in stmt.tokens
    hi: int

    @cached_property
    def tokens(self) -> list[Token]:
        return self.stmt.tokens[self.lo : self.hi]

    @cached_property
    def words(self) -> list[str]:
        """Upper-cased token texts at parenthesis depth 0; "" for quoted names, strings and
        anything inside parentheses, so keywords match only where they are keywords."""
        out, depth = [], 0
        for t in self.tokens:
            if t.token_type == TokenType.L_PAREN:
                out.append("(" if depth == 0 else "")
                depth += 1
            elif t.token_type == TokenType.R_PAREN:
                depth -= 1
                out.append(")" if depth == 0 else "")
            elif depth or t.token_type in _QUOTED:
                out.append("")
            else:
                out.append(" ".join(t.text.upper().split()))  # `PRIMARY KEY` can be one token
        return out

    @property
    def verb(self) -> str:
        return self.words[0] if self.words else ""

    def find(self, *sequence: str) -> int | None:
        """Index (within the action) of `sequence` at depth 0, else None."""
        words, n = self.words, len(sequence)
        for i in range(len(words) - n + 1):
            if words[i : i + n] == list(sequence):
                return i
        return None

    def span(self, first: int, last: int | None = None) -> tuple[int, int]:
        """Absolute (start, end) of tokens first..last of the action."""
        last = first if last is None else last
        return self.stmt.token_start(self.tokens[first]), self.stmt.token_end(self.tokens[last])

    def text(self, first: int, last: int) -> str:
        """The source text of tokens first..last."""
        start, end = self.span(first, last)
        return self.stmt.text[start - self.stmt.start : end - self.stmt.start]

    def group_after(self, index: int) -> str:
        """The parenthesised list that follows token `index` (e.g. a key's columns), or ""."""
        words = self.words
        for i in range(index + 1, len(words)):
            if words[i] == "(":
                for j in range(i + 1, len(words)):
                    if words[j] == ")":
                        return self.text(i, j).replace("`", "")  # MySQL quoting, not DSQL's
                return ""
            if words[i] in ("NOT", "USING", "WITH", "INCLUDE"):
                return ""
        return ""


@dataclass
class AlterTable:
    """An ALTER TABLE statement read from its tokens."""

    stmt: "Statement"
    is_async: bool
    name_range: tuple[int, int]  # token index range of the table name
    actions: list[AlterAction]

    @property
    def table(self) -> str:
        """The table name for a message, as DSQL would spell it: `public.orders`, `"Orders"`
        (MySQL's backquotes dropped)."""
        lo, hi = self.name_range
        parts = []
        for token in self.stmt.tokens[lo:hi]:
            if token.token_type == TokenType.DOT:
                continue
            double_quoted = token.token_type == TokenType.IDENTIFIER and self.stmt.text[token.start : token.start + 1] == '"'
            parts.append(f'"{token.text}"' if double_quoted else token.text)
        return ".".join(parts)

    @property
    def table_key(self) -> str:
        """The table name as the catalog keys it (last part, case-folded unless quoted)."""
        lo, hi = self.name_range
        if lo >= hi:
            return ""
        token = self.stmt.tokens[hi - 1]
        return token.text if token.token_type == TokenType.IDENTIFIER else token.text.lower()


def alter_table(stmt: "Statement") -> AlterTable | None:
    """The actions of an ALTER TABLE statement (parsed or opaque), else None."""
    if stmt.kind != "ALTER TABLE" or not stmt.tokens:
        return None
    tokens, n = stmt.tokens, len(stmt.tokens)
    upper = [t.text.upper() if t.token_type not in _QUOTED else "" for t in tokens]
    i = upper.index("TABLE") + 1 if "TABLE" in upper else n
    is_async = False
    if i + 1 < n and upper[i] == "ASYNC" and tokens[i + 1].token_type != TokenType.DOT and upper[i + 1] not in _ACTION_VERBS:
        is_async, i = True, i + 1
    if upper[i : i + 2] == ["IF", "EXISTS"]:
        i += 2
    if i < n and upper[i] == "ONLY":
        i += 1
    name_lo = i
    if i < n:
        i += 1
        while i + 1 < n and tokens[i].token_type == TokenType.DOT:
            i += 2
    name_hi = min(i, n)
    if i < n and tokens[i].token_type == TokenType.STAR:
        i += 1
    actions, depth, start = [], 0, i
    for j in range(i, n):
        kind = tokens[j].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
        elif kind == TokenType.COMMA and depth == 0:
            if j > start:
                actions.append(AlterAction(stmt, start, j))
            start = j + 1
    if n > start:
        actions.append(AlterAction(stmt, start, n))
    return AlterTable(stmt, is_async, (name_lo, name_hi), actions)


@dataclass
class AddedConstraint:
    """`ADD [CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | FOREIGN KEY | EXCLUDE ...`."""

    action: AlterAction
    kind: str  # "CHECK", "UNIQUE", "PRIMARY KEY", "FOREIGN KEY", "EXCLUDE"
    at: int  # index of the kind's first token within the action
    last: int  # index of its last token (`PRIMARY KEY` is one token or two)
    name: str  # the constraint's name as written, "" if none

    @property
    def anchor(self) -> tuple[int, int]:
        return self.action.span(self.at, self.last)

    @property
    def not_valid(self) -> bool:
        return self.action.find("NOT", "VALID") is not None

    @property
    def using_index(self) -> str | None:
        """The index name of `... USING INDEX idx`, else None."""
        i = self.action.find("USING", "INDEX")
        if i is None:
            return None
        tokens = self.action.tokens
        return tokens[i + 2].text if i + 2 < len(tokens) else ""

    @property
    def columns(self) -> str:
        """The key's column list as written, e.g. `(a, b)`; "" when there is none."""
        return self.action.group_after(self.last)


def added_constraint(action: AlterAction) -> AddedConstraint | None:
    words = action.words
    if action.verb != "ADD":
        return None
    j, name = 1, ""
    if j < len(words) and words[j] == "CONSTRAINT":
        j += 1
        if j < len(action.tokens) and words[j] not in _CONSTRAINT_WORDS:
            name = action.tokens[j].text
            j += 1
    if j >= len(words) or words[j] not in _CONSTRAINT_WORDS:
        return None
    kind, last = words[j], j
    if kind in ("PRIMARY", "FOREIGN"):
        if j + 1 >= len(words) or words[j + 1] != "KEY":
            return None
        kind, last = kind + " KEY", j + 1
    return AddedConstraint(action, kind, j, last, name)


def action_containing(table: AlterTable | None, stmt: "Statement", node: exp.Expression) -> AlterAction | None:
    """The action of `table` whose tokens contain a parsed node."""
    offset = stmt.node_start(node)
    for action in table.actions if table else []:
        start, end = action.span(0, len(action.tokens) - 1)
        if start <= offset < end:
            return action
    return None


def added_constraints(stmt: "Statement", *kinds: str):
    table = alter_table(stmt)
    if table is None:
        return
    for action in table.actions:
        added = added_constraint(action)
        if added is not None and added.kind in kinds:
            yield table, added


def _declared_earlier(ctx, table_key: str, stmt) -> str:
    """`CREATE TABLE t (line n)` when this file creates `table_key` before `stmt`, else ""."""
    info = ctx.catalog.tables.get(table_key)
    if info is None or info.declared_at >= stmt.index:
        return ""
    line, _ = ctx.source.lines.position(ctx.statements[info.declared_at].start)
    return f"CREATE TABLE {info.name} (line {line})"


class ExclusionConstraint(Rule):
    """DSQL has no exclusion constraints.

    **What it does**: flags `EXCLUDE [USING method] (...)` in `CREATE TABLE` and in
    `ALTER TABLE ... ADD CONSTRAINT`.

    **Why it matters**: exclusion constraints are on DSQL's list of unsupported constraints, and
    they need GiST indexes, which DSQL does not have (its only index method is its own btree).

    **Example**
    ```sql
    CREATE TABLE bookings (
        room int,
        during tsrange,
        EXCLUDE USING gist (room WITH =, during WITH &&)
    );
    ```

    **Use instead**: check for overlaps in the application, inside the transaction that writes
    the booking (DSQL's optimistic concurrency makes two conflicting writers fail at commit). An
    exclusion that only uses `=` is a unique constraint:
    ```sql
    CREATE TABLE bookings (room int, day date, UNIQUE (room, day));
    ```

    **Reference**: working-with-postgresql-compatibility-unsupported-features ("Exclusion
    constraints").
    """

    code = "DSQL305"
    name = "exclusion-constraint"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        if stmt.kind == "CREATE TABLE":
            if isinstance(stmt.tree, exp.Create):
                for node in stmt.find_all(exp.ExcludeColumnConstraint):
                    at = stmt.token_before(stmt.node_start(node) + 1, {"EXCLUDE"}) or node
                    yield self._violation(at, _equality_columns(node))
        elif stmt.kind == "ALTER TABLE":
            for _table, added in added_constraints(stmt, "EXCLUDE"):
                yield self._violation(added.anchor, None)

    def _violation(self, at, equality_columns):
        suggestion = "enforce the rule in the application, inside the transaction that writes the row"
        if equality_columns:
            suggestion = f"every operator is `=`: declare UNIQUE ({', '.join(equality_columns)}) instead"
        return Violation(at, "exclusion constraint: DSQL supports no exclusion constraints (and no GiST indexes)", suggestion)


def _equality_columns(node: exp.ExcludeColumnConstraint) -> list[str] | None:
    """The columns of an exclusion whose operators are all `=`, else None."""
    params = node.this
    columns = params.args.get("columns") if isinstance(params, exp.IndexParameters) else None
    out = []
    for item in columns or []:
        if not isinstance(item, exp.WithOperator) or item.text("op") != "=":
            return None
        target = item.this.this if isinstance(item.this, exp.Ordered) else item.this
        if not isinstance(target, exp.Column):
            return None
        out.append(target.sql(dialect="postgres"))
    return out or None


class AddCheckNotValid(Rule):
    """A CHECK constraint added to an existing table must be `NOT VALID`.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT name] CHECK (...)` without `NOT VALID`.

    **Why it matters**: DSQL does not scan existing rows while adding a constraint and fails with
    `0A000 unsupported ALTER TABLE ADD CONSTRAINT statement`. With `NOT VALID` the check is
    enforced for new and updated rows; `ALTER TABLE ASYNC t VALIDATE CONSTRAINT c` then checks the
    existing rows in the background.

    **Example**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0);
    ```

    **Use instead**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
    ALTER TABLE ASYNC orders VALIDATE CONSTRAINT orders_qty_positive;
    ```
    Or declare the check in `CREATE TABLE`.

    **Fix**: appends `NOT VALID`; existing rows are checked only once the constraint is validated.

    **Reference**: alter-table-syntax-support (`ADD table_constraint NOT VALID`); release notes
    2026-08-03.
    """

    code = "DSQL306"
    name = "add-check-not-valid"
    requires = "add_constraint_not_valid"

    def check(self, stmt, ctx):
        for table, added in added_constraints(stmt, "CHECK"):
            if added.not_valid:
                continue
            validate = f"; then ALTER TABLE ASYNC {table.table} VALIDATE CONSTRAINT {added.name}" if added.name else ""
            yield Violation(
                added.anchor,
                "CHECK constraint added to an existing table without NOT VALID; DSQL rejects it "
                "(`unsupported ALTER TABLE ADD CONSTRAINT statement`)",
                f"append NOT VALID (enforced for new and changed rows){validate}",
            )


class NotValidConstraintUnsupported(Rule):
    """CHECK constraints cannot be added to an existing table at targets before 2026-08-03.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT name] CHECK (...)` (with or without
    `NOT VALID`) and `ALTER TABLE [ASYNC] ... VALIDATE CONSTRAINT` when the target predates DSQL's
    support for `NOT VALID` constraints.

    **Why it matters**: before 2026-08-03 DSQL had no `ADD CONSTRAINT ... NOT VALID` and no
    `VALIDATE CONSTRAINT`; adding a constraint failed with
    `0A000 unsupported ALTER TABLE ADD CONSTRAINT statement`. A check could only be declared in
    `CREATE TABLE`.

    **Example**
    ```sql
    ALTER TABLE orders ADD CONSTRAINT orders_qty_positive CHECK (qty > 0) NOT VALID;
    ```

    **Use instead**: declare the check when the table is created (rebuild the table to add one).
    ```sql
    CREATE TABLE orders (id uuid PRIMARY KEY, qty int CHECK (qty > 0));
    ```

    **Reference**: release notes 2026-08-03; alter-table-syntax-support.
    """

    code = "DSQL307"
    name = "not-valid-constraint-unsupported"
    obsolete_with = "add_constraint_not_valid"

    def check(self, stmt, ctx):
        table = alter_table(stmt)
        if table is None:
            return
        for action in table.actions:
            added = added_constraint(action)
            if added is not None and added.kind == "CHECK":
                yield Violation(
                    added.anchor,
                    f"CHECK constraint added to an existing table: {ctx.target.label} cannot add constraints "
                    "to existing tables (`unsupported ALTER TABLE ADD CONSTRAINT statement`)",
                    "declare the check in CREATE TABLE (rebuild the table), or target 2026-08-03 or later",
                )
            elif action.find("VALIDATE", "CONSTRAINT") == 0:
                yield Violation(
                    action.span(0, 1),
                    f"VALIDATE CONSTRAINT: {ctx.target.label} has no NOT VALID constraints to validate",
                    "target 2026-08-03 or later",
                )


class AddUniqueConstraint(Rule):
    """A unique constraint cannot be added to an existing table; create a unique index.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT name] UNIQUE (...)`, with or without
    `NOT VALID`, and `ADD ... UNIQUE USING INDEX`. (MySQL's `ADD UNIQUE [KEY | INDEX]` is reported
    by mysql-inline-index.)

    **Why it matters**: DSQL cannot build the unique index synchronously inside `ALTER TABLE`, and
    a unique constraint cannot skip existing rows: it fails with
    `0A000 UNIQUE constraints cannot be marked NOT VALID`. `CREATE UNIQUE INDEX ASYNC` builds the
    same uniqueness guarantee in the background (a build over duplicate rows fails).

    **Example**
    ```sql
    ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    ```

    **Use instead**
    ```sql
    CREATE UNIQUE INDEX ASYNC users_email_key ON users (email);
    ```
    Or declare `UNIQUE (email)` in `CREATE TABLE`.

    **Reference**: live probe (§7 of the DSQL reference): `UNIQUE constraints cannot be marked NOT
    VALID`; the Django adapter emits unique constraints as `CREATE UNIQUE INDEX ASYNC`.
    """

    code = "DSQL308"
    name = "add-unique-constraint"
    dialects = frozenset({"postgres"})  # MySQL's ADD UNIQUE [KEY | INDEX]: mysql-inline-index

    def check(self, stmt, ctx):
        for table, added in added_constraints(stmt, "UNIQUE"):
            index = added.using_index
            if index is not None:
                yield Violation(
                    added.anchor,
                    f"ADD UNIQUE USING INDEX on {table.table}: DSQL cannot attach an index as a constraint",
                    f"the unique index {index} already enforces uniqueness (build it with CREATE UNIQUE INDEX ASYNC); "
                    "drop this statement",
                )
                continue
            name = added.name or _mysql_index_name(added)
            columns = added.columns or "(...)"
            suggestion = f"CREATE UNIQUE INDEX ASYNC {name + ' ' if name else ''}ON {table.table} {columns}"
            declared = _declared_earlier(ctx, table.table_key, stmt)
            if declared:
                suggestion += f", or declare UNIQUE {columns} in {declared}"
            yield Violation(
                added.anchor,
                f"unique constraint added to existing table {table.table}; DSQL rejects it "
                "(`UNIQUE constraints cannot be marked NOT VALID`)",
                suggestion,
            )


def _mysql_index_name(added: AddedConstraint) -> str:
    """MySQL `ADD UNIQUE [KEY|INDEX] name (cols)`: the index name."""
    words, tokens = added.action.words, added.action.tokens
    i = added.last + 1
    if i < len(words) and words[i] in ("KEY", "INDEX"):
        i += 1
    if i < len(words) and words[i] not in ("(", "USING", "NULLS"):
        return tokens[i].text
    return ""


class AddPrimaryKey(Rule):
    """The primary key is set in CREATE TABLE; ALTER TABLE cannot add one.

    **What it does**: flags `ALTER TABLE ... ADD [CONSTRAINT name] PRIMARY KEY (...)`, including
    `PRIMARY KEY USING INDEX` and pg_dump's `ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY`.

    **Why it matters**: DSQL stores a table's rows in primary-key order, so the key is fixed when the
    table is created: `0A000 PRIMARY KEY constraints cannot be marked NOT VALID`. pg_dump and
    phpMyAdmin-style dumps add every primary key this way, after the `CREATE TABLE`.

    **Example**
    ```sql
    CREATE TABLE accounts (id uuid NOT NULL, name text);
    ALTER TABLE ONLY accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);
    ```

    **Use instead**
    ```sql
    CREATE TABLE accounts (id uuid NOT NULL, name text, CONSTRAINT accounts_pkey PRIMARY KEY (id));
    ```
    For a table that already holds data: create a new table with the key, copy the rows in
    batches, drop the old table and rename the new one.

    **Reference**: live probe (§7 of the DSQL reference): `PRIMARY KEY constraints cannot be marked
    NOT VALID`; the table-recreation workflow of the AWS DSQL skill.
    """

    code = "DSQL309"
    name = "add-primary-key"

    def check(self, stmt, ctx):
        for table, added in added_constraints(stmt, "PRIMARY KEY"):
            declared = _declared_earlier(ctx, table.table_key, stmt)
            columns = added.columns
            if added.using_index is not None:
                message = f"ADD PRIMARY KEY USING INDEX on {table.table}: DSQL sets the primary key only in CREATE TABLE"
            else:
                message = (
                    f"primary key added to existing table {table.table}; DSQL sets the primary key only in CREATE TABLE "
                    "(`PRIMARY KEY constraints cannot be marked NOT VALID`)"
                )
            key = f"PRIMARY KEY {columns}" if columns else "the primary key"
            if declared:
                suggestion = f"declare {key} in {declared}"
            else:
                suggestion = f"rebuild {table.table} with {key} in its CREATE TABLE and copy the rows over in batches"
            yield Violation(added.anchor, message, suggestion)


class ValidateConstraintSync(Rule):
    """`VALIDATE CONSTRAINT` must be run as `ALTER TABLE ASYNC`.

    **What it does**: flags `ALTER TABLE t VALIDATE CONSTRAINT c` without `ASYNC`.

    **Why it matters**: DSQL validates existing rows only in a background job and rejects the
    synchronous form: `0A000 unsupported ALTER TABLE VALIDATE CONSTRAINT statement`. The AWS
    documentation gives `ALTER TABLE ASYNC t VALIDATE CONSTRAINT c`; one live probe saw even
    validation refused and the constraint left unvalidated, so check `pg_constraint.convalidated`
    after the job finishes.

    **Example**
    ```sql
    ALTER TABLE orders VALIDATE CONSTRAINT orders_qty_positive;
    ```

    **Use instead**
    ```sql
    ALTER TABLE ASYNC orders VALIDATE CONSTRAINT orders_qty_positive;
    ```

    **Fix**: inserts `ASYNC` after `ALTER TABLE`.

    **Reference**: alter-table-syntax-support (`ALTER TABLE ASYNC ... VALIDATE CONSTRAINT`).
    """

    code = "DSQL310"
    name = "validate-constraint-sync"
    requires = "add_constraint_not_valid"
    dialects = frozenset({"postgres"})

    def check(self, stmt, ctx):
        table = alter_table(stmt)
        if table is None or table.is_async:
            return
        for action in table.actions:
            if action.find("VALIDATE", "CONSTRAINT") == 0:
                yield Violation(
                    action.span(0, 1),
                    "VALIDATE CONSTRAINT without ASYNC; DSQL validates only in the background "
                    "(`unsupported ALTER TABLE VALIDATE CONSTRAINT statement`)",
                    f"write ALTER TABLE ASYNC {table.table} VALIDATE CONSTRAINT {action.text(2, len(action.tokens) - 1)}",
                )


class DropPrimaryKey(Rule):
    """The primary key cannot be dropped; rebuild the table.

    **What it does**: flags MySQL's `ALTER TABLE ... DROP PRIMARY KEY`, and
    `ALTER TABLE ... DROP CONSTRAINT name` when `name` is the table's primary key (a name the file
    declares, or PostgreSQL's default `<table>_pkey`).

    **Why it matters**: DSQL stores rows in primary-key order and sets the key only in
    `CREATE TABLE`; the AWS DSQL migration guidance lists dropping or adding a primary key among
    the changes that need the table to be recreated (the exact error is not documented). Dropping
    other constraints (CHECK, UNIQUE, FOREIGN KEY) works.

    **Example**
    ```sql
    CREATE TABLE accounts (id uuid PRIMARY KEY, name text);
    ALTER TABLE accounts DROP CONSTRAINT accounts_pkey;
    ```

    **Use instead**: create the new table with the key you want, copy the rows in batches, drop
    the old table and rename the new one.
    ```sql
    CREATE TABLE accounts_new (id uuid, name text, PRIMARY KEY (name, id));
    ```

    **Reference**: AWS DSQL skill, mysql-migrations / ddl-migrations (table recreation).
    """

    code = "DSQL311"
    name = "drop-primary-key"

    def check(self, stmt, ctx):
        tree = stmt.tree
        if stmt.kind != "ALTER TABLE" or not isinstance(tree, exp.Alter):
            return
        table = name_key(tree.this)
        for action in tree.args.get("actions") or []:
            if isinstance(action, exp.DropPrimaryKey):
                at = stmt.token_after(stmt.start, words={"PRIMARY", "PRIMARY KEY"}) or action
                yield self._violation(at, table)
            elif isinstance(action, exp.Drop) and (action.args.get("kind") or "").upper() == "CONSTRAINT":
                for dropped in action.expressions or action.args.get("tables") or []:
                    if name_key(dropped) in _primary_key_names(ctx, table):
                        yield self._violation(dropped, table)

    def _violation(self, at, table):
        return Violation(
            at,
            f"dropping the primary key of {table}: DSQL stores rows by primary key and sets it only in CREATE TABLE",
            "rebuild the table: create it anew with the key you want, copy the rows in batches, drop the old one, rename",
        )


def _primary_key_names(ctx, table: str) -> set[str]:
    info = ctx.catalog.tables.get(table)
    if info is None:
        return set()
    keys = [k for k in info.keys if k.kind == "primary key"]
    if not keys:
        return set()
    return {k.name for k in keys if k.name} | {f"{table}_pkey"}
