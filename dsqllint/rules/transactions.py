"""Transactions: one DDL statement per transaction, no DDL with DML, REPEATABLE READ only.

(Savepoints are judged by the objects family: DSQL626 `savepoint`.)

The DDL rules need the file's explicit transactions (`BEGIN`/`START TRANSACTION` ... `COMMIT`),
which no single statement shows. `transaction_model(ctx)` walks the file once, classifying each
statement from its kind as transaction control, DDL, DML or other, and is cached on the lint
context so every rule and statement shares it.

What is deliberately not reported: statements outside an explicit transaction (pg_dump and
mysqldump files, and plain migration files, run each statement in its own transaction under psql,
mysql or autocommit drivers). Some migration tools (Flyway, Liquibase per changeset, Rails) wrap each
*file* in one transaction, where several DDL statements would fail; dsqllint cannot see that
wrapping, so it does not guess: configure such tools to run each DDL statement on its own (Flyway's
DSQL plugin does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot.tokens import Token, TokenType

from dsqllint.rules.base import Rule, Violation

_DML_KINDS = {"INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "TRUNCATE", "UPSERT"}
_LEVELS = (("READ", "UNCOMMITTED"), ("READ", "COMMITTED"), ("REPEATABLE", "READ"), ("SERIALIZABLE",))


def _words(stmt, limit: int | None = None) -> list[tuple[str, Token]]:
    """(word, token) pairs with multi-word tokens (`PARTITION BY`) split; quoted text excluded."""
    out = []
    for t in stmt.tokens[:limit]:
        if t.token_type in (TokenType.STRING, TokenType.IDENTIFIER):
            out.append(("", t))
        else:
            out.extend((w, t) for w in t.text.upper().split())
    return out


def statement_role(stmt, dialect: str) -> str:
    """`begin`, `end`, `chain` (ends one transaction and starts the next), `ddl`, `dml` or `other`."""
    kind = stmt.kind
    if stmt.client or kind == "empty":  # no tokens
        return "other"
    if kind == "BEGIN":
        return "begin"
    if kind.split(" ", 1)[0] in ("CREATE", "ALTER", "DROP") or kind == "RENAME":
        return "ddl"  # (decided from the kind alone: a long file's tokens are loaded only when needed)
    words = [w for w, _ in _words(stmt, 8)]
    if kind in ("COMMIT", "ROLLBACK", "ABORT") or (kind == "END" and dialect == "postgres"):
        if "TO" in words[1:4] or words[1:2] == ["PREPARED"]:
            return "other"  # ROLLBACK TO SAVEPOINT, COMMIT/ROLLBACK PREPARED 'gid'
        if "CHAIN" in words and "NO" not in words:
            return "chain"
        return "end"
    if kind == "PREPARE" and words[1:2] == ["TRANSACTION"]:
        return "end"
    if kind in _DML_KINDS or (kind == "LOAD" and dialect == "mysql"):
        return "dml"
    if kind == "COPY" and "FROM" in (w for w, _ in _words(stmt)):
        return "dml"
    if kind == "WITH" and any(w in ("INSERT", "UPDATE", "DELETE", "MERGE") for w, _ in _words(stmt)):
        return "dml"
    return "other"


@dataclass(eq=False)
class Transaction:
    begin: object  # the Statement that opened it
    ddl: list = field(default_factory=list)
    dml: list = field(default_factory=list)
    multi_reported: bool = False
    mix_reported: bool = False


@dataclass
class TransactionModel:
    statements: list
    second_ddl: dict[int, Transaction] = field(default_factory=dict)  # statement index → its transaction
    mixed: dict[int, tuple[Transaction, object]] = field(default_factory=dict)  # index → (txn, earlier stmt)


def transaction_model(ctx) -> TransactionModel:
    """The file's explicit transactions, computed once per lint context."""
    model = ctx.__dict__.get("_transaction_model")
    if model is None or model.statements is not ctx.statements:
        model = _build(ctx.statements, ctx.dialect)
        ctx.__dict__["_transaction_model"] = model
    return model


def _build(statements: list, dialect: str) -> TransactionModel:
    model = TransactionModel(statements)
    txn: Transaction | None = None
    for stmt in statements:
        role = statement_role(stmt, dialect)
        if role == "begin":
            # PostgreSQL warns and stays in the open transaction; MySQL commits it and starts anew.
            if txn is None or dialect == "mysql":
                txn = Transaction(stmt)
            continue
        if role == "end":
            txn = None
            continue
        if role == "chain":
            txn = Transaction(stmt)
            continue
        if txn is None or role == "other":
            continue
        reportable = stmt.error is None  # rules do not run on statements that failed to parse
        if role == "ddl":
            txn.ddl.append(stmt)
            if len(txn.ddl) >= 2 and reportable and not txn.multi_reported:
                model.second_ddl[stmt.index] = txn
                txn.multi_reported = True
            if txn.dml and reportable and not txn.mix_reported:
                model.mixed[stmt.index] = (txn, txn.dml[0])
                txn.mix_reported = True
        else:
            txn.dml.append(stmt)
            if txn.ddl and reportable and not txn.mix_reported:
                model.mixed[stmt.index] = (txn, txn.ddl[0])
                txn.mix_reported = True
    return model


def _kind(stmt) -> str:
    return "RENAME TABLE" if stmt.kind == "RENAME" else stmt.kind


def _line(ctx, stmt) -> int:
    return ctx.source.lines.position(stmt.start)[0]


def _kind_anchor(stmt):
    """The statement's leading keywords (`CREATE TABLE`, `INSERT`), for pointing at a whole statement."""
    last_word = stmt.kind.split()[-1] if stmt.kind else ""
    for t in stmt.tokens[:8]:
        if t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER) and t.text.upper().split()[-1:] == [last_word]:
            return (stmt.token_start(stmt.tokens[0]), stmt.token_end(t))
    return stmt.tokens[0]


class MultipleDdlInTransaction(Rule):
    """An explicit transaction may hold only one DDL statement.

    **What it does**: flags the second DDL statement (`CREATE`, `ALTER`, `DROP`, MySQL `RENAME TABLE`)
    inside one explicit transaction (`BEGIN` / `START TRANSACTION` ... `COMMIT`), once per
    transaction, and says how many it holds.

    **Why it matters**: DSQL allows one DDL statement per transaction and fails the second with
    `0A000 multiple ddl statements not supported in a transaction`; the transaction is then
    aborted, so nothing after it runs either. Schema changes in DSQL are not atomic as a group, so a
    migration must be safe to resume after each statement (use `IF NOT EXISTS` / `IF EXISTS`).

    Statements outside `BEGIN` ... `COMMIT` are not reported: psql, mysql and autocommit drivers run
    each one in its own transaction. Migration tools that wrap a whole file in one transaction
    (Flyway, Liquibase, Rails) are invisible in the file itself: set them to run DDL statements one
    per transaction.

    **Example**
    ```sql
    BEGIN;
    CREATE TABLE customers (id uuid PRIMARY KEY, name text);
    CREATE INDEX ASYNC customers_name_idx ON customers (name);
    COMMIT;
    ```

    **Use instead**
    ```sql
    BEGIN;
    CREATE TABLE customers (id uuid PRIMARY KEY, name text);
    COMMIT;
    BEGIN;
    CREATE INDEX ASYNC customers_name_idx ON customers (name);
    COMMIT;
    ```

    **Reference**: DSQL development guide ("one DDL per transaction"); observed server error
    `multiple ddl statements not supported in a transaction`; dsql-lint `multi_ddl_transaction`.
    """

    code = "DSQL701"
    name = "multiple-ddl-in-transaction"

    def check(self, stmt, ctx):
        txn = transaction_model(ctx).second_ddl.get(stmt.index)
        if txn is None:
            return
        first = txn.ddl[0]
        total = len(txn.ddl)
        more = f"; the transaction holds {total} DDL statements" if total > 2 else ""
        yield Violation(
            _kind_anchor(stmt),
            f"second DDL statement in the transaction opened at line {_line(ctx, txn.begin)} (the first is "
            f"{_kind(first)} at line {_line(ctx, first)}): DSQL allows one DDL statement per transaction "
            f"(`multiple ddl statements not supported in a transaction`){more}",
            "COMMIT after each DDL statement (BEGIN; one DDL; COMMIT;), or drop BEGIN/COMMIT and run in autocommit",
        )


class DdlAndDmlInTransaction(Rule):
    """DDL and data changes (DML) cannot share a transaction.

    **What it does**: flags the first statement of an explicit transaction that mixes schema changes
    (`CREATE`, `ALTER`, `DROP`) with data changes (`INSERT`, `UPDATE`, `DELETE`, `MERGE`, `COPY ...
    FROM`, MySQL `REPLACE`): a DML statement after DDL, or DDL after DML. Reported once per transaction.

    **Why it matters**: DSQL rejects the mix with `ddl and dml are not supported in the same
    transaction` (message from the Flyway DSQL plugin's documentation; SQLSTATE unverified). Seed
    data written right after `CREATE TABLE` in one transaction fails.

    **Example**
    ```sql
    BEGIN;
    CREATE TABLE settings (name text PRIMARY KEY, value text);
    INSERT INTO settings VALUES ('theme', 'dark');
    COMMIT;
    ```

    **Use instead**
    ```sql
    BEGIN;
    CREATE TABLE settings (name text PRIMARY KEY, value text);
    COMMIT;
    BEGIN;
    INSERT INTO settings VALUES ('theme', 'dark');
    COMMIT;
    ```

    **Reference**: DSQL development guide ("Keep DDL and DML separate"); awslabs/aurora-dsql-tools
    Flyway plugin README.
    """

    code = "DSQL702"
    name = "ddl-and-dml-in-transaction"

    def check(self, stmt, ctx):
        entry = transaction_model(ctx).mixed.get(stmt.index)
        if entry is None:
            return
        txn, earlier = entry
        after_ddl = any(s is earlier for s in txn.ddl)
        what = "schema change" if after_ddl else "data change"
        yield Violation(
            _kind_anchor(stmt),
            f"{_kind(stmt)} in the transaction opened at line {_line(ctx, txn.begin)}, after a {what} "
            f"({_kind(earlier)} at line {_line(ctx, earlier)}): DSQL does not run DDL and DML in one transaction "
            "(`ddl and dml are not supported in the same transaction`)",
            "COMMIT the schema change first, then change the data in a transaction of its own"
            if after_ddl
            else "COMMIT the data changes first, then run the schema change in a transaction of its own",
        )


def _isolation(stmt) -> tuple[str, tuple[Token, Token]] | None:
    """The isolation level a statement asks for, and the tokens from ISOLATION to the level's end."""
    words = _words(stmt)
    texts = [w for w, _ in words]
    for i in range(len(texts) - 2):
        if texts[i] == "ISOLATION" and texts[i + 1] == "LEVEL":
            for level in _LEVELS:
                if tuple(texts[i + 2 : i + 2 + len(level)]) == level:
                    return " ".join(level), (words[i][1], words[i + 1 + len(level)][1])
    return None


def _level_consequence(level: str) -> str:
    if level == "SERIALIZABLE":
        return "REPEATABLE READ does not prevent write skew that SERIALIZABLE would"
    return "REPEATABLE READ sees one snapshot per transaction and may raise more 40001 conflicts to retry"


class TransactionIsolation(Rule):
    """DSQL has one isolation level, REPEATABLE READ.

    **What it does**: flags `BEGIN` / `START TRANSACTION` that ask for `ISOLATION LEVEL` READ
    UNCOMMITTED, READ COMMITTED or SERIALIZABLE.

    **Why it matters**: every DSQL transaction runs at REPEATABLE READ (snapshot isolation with
    optimistic concurrency; the live grammar's only `iso_level` is `REPEATABLE READ`). Code written
    for another level behaves differently: coming from SERIALIZABLE, write skew is no longer
    prevented; coming from READ COMMITTED, each transaction reads one snapshot and conflicting writes
    fail at COMMIT with `40001`, to be retried.

    **Example**
    ```sql
    BEGIN ISOLATION LEVEL SERIALIZABLE;
    ```

    **Use instead**
    ```sql
    BEGIN ISOLATION LEVEL REPEATABLE READ;
    ```
    or plain `BEGIN`, with a retry on `40001`.

    **Fix**: changes behaviour: the level becomes REPEATABLE READ (what dsql-lint rewrites it to, with a warning).

    **Reference**: dsql-lint `transaction_isolation`; DSQL concurrency control docs (REPEATABLE READ only).
    """

    code = "DSQL703"
    name = "transaction-isolation"

    def check(self, stmt, ctx):
        if stmt.kind != "BEGIN":
            return
        found = _isolation(stmt)
        if found is None or found[0] == "REPEATABLE READ":
            return
        level, (first, last) = found
        yield Violation(
            (stmt.token_start(first), stmt.token_end(last)),
            f"ISOLATION LEVEL {level}: DSQL runs every transaction at REPEATABLE READ; {_level_consequence(level)}",
            "write ISOLATION LEVEL REPEATABLE READ (or plain BEGIN) and retry transactions that fail with 40001",
        )


def _set_transaction_prefix(words: list[str]) -> int:
    """How many leading words make `SET [scope] TRANSACTION` / `SET SESSION CHARACTERISTICS AS
    TRANSACTION`; 0 if the statement is another SET."""
    if words[:1] != ["SET"]:
        return 0
    if words[1:2] == ["TRANSACTION"]:
        return 2
    if words[1:2] and words[1] in ("SESSION", "GLOBAL", "LOCAL", "@@SESSION", "@@GLOBAL") and words[2:3] == ["TRANSACTION"]:
        return 3
    if words[1:5] == ["SESSION", "CHARACTERISTICS", "AS", "TRANSACTION"]:
        return 5
    return 0


class SetTransaction(Rule):
    """`SET TRANSACTION` and `SET SESSION CHARACTERISTICS AS TRANSACTION` are not supported.

    **What it does**: flags `SET [SESSION | GLOBAL | LOCAL] TRANSACTION ...` (PostgreSQL and MySQL)
    and `SET SESSION CHARACTERISTICS AS TRANSACTION ...`.

    **Why it matters**: dsql-lint reports `SET TRANSACTION` as unsupported in DSQL and cannot fix it;
    the isolation level it usually sets does not exist anyway, since every DSQL transaction runs at
    REPEATABLE READ.

    **Example**
    ```sql
    SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
    ```

    **Use instead**: delete the statement and retry transactions that fail with `40001`.
    ```sql
    BEGIN;
    ```

    **Reference**: dsql-lint `set_transaction` (unfixable); live grammar `iso_level ::= REPEATABLE READ`.
    """

    code = "DSQL704"
    name = "set-transaction"

    def check(self, stmt, ctx):
        if stmt.kind != "SET":
            return
        words = _words(stmt, 8)
        prefix = _set_transaction_prefix([w for w, _ in words])
        if not prefix:
            return
        shown = " ".join(w for w, _ in words[:prefix])
        found = _isolation(stmt)
        level = ""
        if found is not None and found[0] != "REPEATABLE READ":
            level = f", so ISOLATION LEVEL {found[0]} is not available ({_level_consequence(found[0])})"
        yield Violation(
            (stmt.token_start(words[0][1]), stmt.token_end(words[prefix - 1][1])),
            f"{shown}: DSQL does not support SET TRANSACTION; every transaction runs at REPEATABLE READ{level}",
            "delete the statement, and retry transactions that fail with 40001",
        )
