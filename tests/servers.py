"""Run DDL on real database servers from tests.

PostgreSQL (stands in for Aurora DSQL, which is based on PostgreSQL 16):

    server = PostgresServer.get()          # started once per process; raises ServerUnavailable
    with server.fresh_database() as conn:  # a new, uniquely named scratch database, dropped afterwards
        failures = run_ddl(conn, ["CREATE TABLE t (id INT PRIMARY KEY)", ...])
        assert failures == []
        facts = describe_schema(conn)
        assert facts.table("t").primary_key == ("id",)

``PostgresServer.get()`` prefers pgserver (PostgreSQL 16.2 shipped in a wheel, run from a temporary directory).
If pgserver cannot start, it falls back to a server on 127.0.0.1:5432 (user postgres, trust auth) when one is
reachable. ``server.kind`` says which one is in use, ``server.version`` its version. The environment variable
``DSQLLINT_TEST_PG`` chooses: ``auto`` (the default), ``pgserver`` or ``system``.

MariaDB / MySQL (checks that input fixtures really are MySQL):

    server = MariaDBServer.get()           # raises ServerUnavailable
    with server.fresh_database() as db:
        ok, stderr = db.load_dump(text)    # whole file through the `mariadb` command-line client
        facts = db.describe_schema()

Nothing here imports pytest; ``tests/conftest.py`` turns ServerUnavailable into a skip.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

__all__ = [
    "ServerUnavailable",
    "reachable",
    "strip_async",
    "StatementFailure",
    "run_ddl",
    "PostgresServer",
    "ColumnFacts",
    "IdentityFacts",
    "ForeignKeyFacts",
    "IndexFacts",
    "TableFacts",
    "SchemaFacts",
    "describe_schema",
    "MariaDBServer",
    "MariaDBDatabase",
    "MyColumnFacts",
    "MyIndexFacts",
    "MyForeignKeyFacts",
    "MyTableFacts",
    "MySchemaFacts",
]


# pytest puts tests/ on sys.path (this module is "servers"), and with the project root on sys.path it is also
# reachable as "tests.servers". Register one module object under both names so that the per-process server
# singletons below can never be created twice. Use the `from ... import ...` form with either name.
for _alias in ("servers", "tests.servers"):
    sys.modules.setdefault(_alias, sys.modules[__name__])


class ServerUnavailable(RuntimeError):
    """No usable database server; the message says why (used as the pytest skip reason)."""


def reachable(host: str, port: int, timeout: float = 0.5) -> bool:
    """True if a TCP connection to host:port can be opened within ``timeout`` seconds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _scratch_name(prefix: str) -> str:
    # Lower case, no quoting needed, unique across processes sharing one server.
    return f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:10]}"


# --------------------------------------------------------------------------------------------------------------
# DSQL-only syntax that PostgreSQL rejects
# --------------------------------------------------------------------------------------------------------------

# Leading whitespace and comments before the statement keyword.
# Written so that every input has only one way to match (no catastrophic backtracking on long inputs).
_LEAD = r"(?:\s|--[^\n]*(?:\n|$)|/\*(?:[^*]|\*(?!/))*\*/)*"

# CREATE [UNIQUE] INDEX ASYNC ...  In DSQL the index name is optional, so a bare ASYNC right after INDEX is
# always the keyword (`CREATE INDEX ASYNC ON t (a)` is a nameless async index). ASYNC must be followed by
# whitespace, a quote or a comment, so `async_idx`, `"async"` and `async.x` are never touched.
_CREATE_INDEX_ASYNC = re.compile(
    rf"\A({_LEAD}CREATE\s+(?:UNIQUE\s+)?INDEX)\s+ASYNC(?=\s|\"|/\*|--)",
    re.IGNORECASE | re.DOTALL,
)

# ALTER TABLE ASYNC [IF EXISTS] [ONLY] name [*] VALIDATE CONSTRAINT c.  If ASYNC is directly followed by an
# ALTER TABLE action keyword, then `async` is the table's name (`ALTER TABLE async ADD COLUMN ...`): keep it.
_ALTER_ACTIONS = (
    "ADD|DROP|ALTER|RENAME|VALIDATE|SET|RESET|OWNER|ENABLE|DISABLE|CLUSTER|INHERIT|NO|OF|NOT|REPLICA|FORCE|"
    "ATTACH|DETACH"
)
_ALTER_TABLE_ASYNC = re.compile(
    rf"\A({_LEAD}ALTER\s+TABLE)\s+ASYNC(?=\s|\"|/\*|--)(?!\s+(?:{_ALTER_ACTIONS})\b)",
    re.IGNORECASE | re.DOTALL,
)


def strip_async(statement: str) -> str:
    """Remove DSQL's ASYNC keyword from ``CREATE [UNIQUE] INDEX ASYNC`` and ``ALTER TABLE ASYNC``.

    Only the keyword in exactly that position (after optional leading whitespace/comments) is removed; any other
    occurrence of the word (a column, index or table named ``async``) is left alone. Other text is unchanged.
    """
    out = _CREATE_INDEX_ASYNC.sub(r"\1", statement, count=1)
    return _ALTER_TABLE_ASYNC.sub(r"\1", out, count=1)


@dataclass(frozen=True)
class StatementFailure:
    """One statement that PostgreSQL rejected."""

    index: int  #: position in the list given to run_ddl (0-based)
    sqlstate: str | None  #: e.g. "42601" (syntax error); None for client-side errors
    message: str  #: the server's primary message
    statement: str  #: the text actually executed (after strip_async)
    detail: str | None = None
    hint: str | None = None
    position: int | None = None  #: 1-based character offset into ``statement`` when the server reports one

    def __str__(self) -> str:
        return f"[{self.index}] {self.sqlstate}: {self.message}\n    {self.statement}"


# COPY statements whose data goes through the client. ``COPY … FROM STDIN`` needs inline data that a list of
# statements does not carry (pg_dump puts it after the statement, up to a `\.` line); ``COPY … TO STDOUT`` needs
# psycopg's copy() API. Both leave the connection in COPY mode ("another command is already in progress") when
# sent with execute().
_COPY_FROM_STDIN = re.compile(rf"\A{_LEAD}COPY\b.*?\bFROM\s+STDIN\b", re.IGNORECASE | re.DOTALL)
_COPY_TO_STDOUT = re.compile(rf"\A{_LEAD}COPY\b.*?\bTO\s+STDOUT\b", re.IGNORECASE | re.DOTALL)


def _end_copy(conn: Any) -> None:
    """Bring a connection that a statement left in COPY mode back to a normal (failed) transaction.

    COPY OUT data is read and dropped; COPY IN is aborted with an error, so no row is loaded.
    """
    from psycopg import pq

    pgconn = conn.pgconn
    result = pgconn.get_result()
    if result is not None and result.status == pq.ExecStatus.COPY_OUT:
        while pgconn.get_copy_data(0)[0] >= 0:  # blocking read; -1 at the end, -2 on error
            pass
    elif result is not None and result.status in (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_BOTH):
        pgconn.put_copy_end(b"run_ddl sends no COPY data")
        while pgconn.flush() == 1:
            pass
    while pgconn.get_result() is not None:
        pass


def run_ddl(conn: Any, statements: list[str], *, strip_async_keyword: bool = True) -> list[StatementFailure]:
    """Execute each statement in its own transaction on a psycopg connection; collect failures.

    Returns ``[]`` when every statement succeeded. A failing statement is rolled back and reported as a
    :class:`StatementFailure` (index, SQLSTATE, message); the following statements still run. Each list item
    should be one statement (no parameters are bound, so ``%`` needs no escaping). DSQL's ``ASYNC`` keyword is
    removed first (see :func:`strip_async`).

    ``COPY … FROM STDIN`` is not executed (there is no data to send): it is reported as a failure with SQLSTATE
    None. ``COPY … TO STDOUT`` runs through psycopg's copy() and its output is dropped. Should any other
    statement leave the connection in COPY mode, the copy is ended (COPY IN aborted) and the statement reported
    as a failure, so the connection stays usable.

    The connection must not be inside a transaction. It is switched to autocommit off for the run and restored
    afterwards. Statements that PostgreSQL refuses to run in a transaction block (``CREATE INDEX CONCURRENTLY``,
    ``VACUUM``) are therefore reported as failures with SQLSTATE 25001; run those on the connection directly.
    A lost connection is raised, not collected.
    """
    import psycopg

    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        raise ValueError("run_ddl needs a connection that is not inside a transaction")
    failures: list[StatementFailure] = []
    previous_autocommit = conn.autocommit
    conn.autocommit = False
    try:
        for index, original in enumerate(statements):
            sql = strip_async(original) if strip_async_keyword else original
            if _COPY_FROM_STDIN.match(sql):
                failures.append(StatementFailure(
                    index=index, sqlstate=None, statement=sql,
                    message="COPY ... FROM STDIN was not executed: run_ddl has no data to send"))
                continue
            try:
                with conn.cursor() as cur:
                    if _COPY_TO_STDOUT.match(sql):
                        with cur.copy(sql) as copy:  # type: ignore[arg-type]
                            for _ in copy:
                                pass
                    else:
                        cur.execute(sql)  # type: ignore[arg-type]  # no params: the text is sent as is
                conn.commit()
            except psycopg.Error as exc:
                if conn.broken or conn.closed:
                    raise
                if conn.info.transaction_status == psycopg.pq.TransactionStatus.ACTIVE:
                    _end_copy(conn)  # e.g. "COPY cannot be used with this method"
                conn.rollback()
                diag = exc.diag
                position = int(diag.statement_position) if diag.statement_position else None
                failures.append(
                    StatementFailure(
                        index=index,
                        sqlstate=exc.sqlstate,
                        message=diag.message_primary or str(exc).strip(),
                        statement=sql,
                        detail=diag.message_detail,
                        hint=diag.message_hint,
                        position=position,
                    )
                )
    finally:
        if not conn.closed and not conn.broken:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.rollback()
            conn.autocommit = previous_autocommit
    return failures


# --------------------------------------------------------------------------------------------------------------
# PostgreSQL server
# --------------------------------------------------------------------------------------------------------------


class PostgresServer:
    """A PostgreSQL server for tests: pgserver (PG 16) if possible, else the system server on 127.0.0.1:5432.

    Use :meth:`get` (one instance per process). Attributes: ``kind`` ("pgserver" or "system"), ``version``
    (e.g. "16.2"), ``version_num`` (e.g. 160002), ``startup_seconds``, ``fallback_reason`` (why pgserver was
    not used, or None).
    """

    SYSTEM_HOST = "127.0.0.1"
    SYSTEM_PORT = 5432
    SYSTEM_USER = "postgres"
    SCRATCH_PREFIX = "dsqllint_scratch"

    _instance: PostgresServer | None = None
    _failure: ServerUnavailable | None = None
    _lock = threading.Lock()

    def __init__(self, kind: str, base_conninfo: dict[str, Any], *, fallback_reason: str | None = None,
                 startup_seconds: float = 0.0, handle: Any = None) -> None:
        self.kind = kind
        self._base = dict(base_conninfo)
        self._handle = handle  # the pgserver object, kept alive for the process
        self.fallback_reason = fallback_reason
        self.startup_seconds = startup_seconds
        with self.connect() as conn:
            self.version_num: int = conn.info.server_version
            self.version: str = conn.execute("SHOW server_version").fetchone()[0].split()[0]

    def __repr__(self) -> str:
        return f"PostgresServer(kind={self.kind!r}, version={self.version!r})"

    @property
    def description(self) -> str:
        return f"PostgreSQL {self.version} ({self.kind})"

    # -- startup ---------------------------------------------------------------------------------------------

    @classmethod
    def get(cls) -> PostgresServer:
        """The process-wide server, started on first call. Raises :class:`ServerUnavailable` (also cached)."""
        with cls._lock:
            if cls._instance is not None:
                return cls._instance
            if cls._failure is not None:
                raise cls._failure
            try:
                cls._instance = cls._start(os.environ.get("DSQLLINT_TEST_PG", "auto").strip().lower() or "auto")
            except ServerUnavailable as exc:
                cls._failure = exc
                raise
            return cls._instance

    @classmethod
    def _start(cls, mode: str) -> PostgresServer:
        if mode not in ("auto", "pgserver", "system"):
            raise ServerUnavailable(f"no PostgreSQL server for tests: DSQLLINT_TEST_PG={mode!r} is not auto, pgserver or system")
        reasons: list[str] = []
        if mode in ("auto", "pgserver"):
            try:
                return cls._start_pgserver()
            except Exception as exc:  # noqa: BLE001 - any failure means "try the next option"
                reasons.append(f"pgserver failed: {type(exc).__name__}: {exc}".strip())
        if mode in ("auto", "system"):
            try:
                return cls._connect_system(fallback_reason="; ".join(reasons) or None)
            except Exception as exc:  # noqa: BLE001
                reasons.append(f"system server: {exc}")
        raise ServerUnavailable("no PostgreSQL server for tests: " + "; ".join(reasons))

    @classmethod
    def _start_pgserver(cls) -> PostgresServer:
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver

        root = Path(tempfile.mkdtemp(prefix="dsqllint-pgserver-"))
        # atexit runs in reverse order: pgserver's own handler (stop + delete pgdata) runs before this one.
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        handle = pgserver.get_server(root / "pgdata", cleanup_mode="delete")
        info = handle.get_postmaster_info()
        base = {"host": str(info.socket_dir), "port": info.port or 5432, "user": "postgres"}
        server = cls("pgserver", base, startup_seconds=time.perf_counter() - started, handle=handle)
        # A throw-away cluster: durability is not needed, speed is (one commit per DDL statement).
        with server.connect(autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET fsync = off")
            conn.execute("ALTER SYSTEM SET synchronous_commit = off")
            conn.execute("ALTER SYSTEM SET full_page_writes = off")
            conn.execute("SELECT pg_reload_conf()")
        return server

    @classmethod
    def _connect_system(cls, *, fallback_reason: str | None) -> PostgresServer:
        if not reachable(cls.SYSTEM_HOST, cls.SYSTEM_PORT):
            raise ServerUnavailable(f"nothing listens on {cls.SYSTEM_HOST}:{cls.SYSTEM_PORT}")
        base = {"host": cls.SYSTEM_HOST, "port": cls.SYSTEM_PORT, "user": cls.SYSTEM_USER}
        started = time.perf_counter()
        return cls("system", base, fallback_reason=fallback_reason, startup_seconds=time.perf_counter() - started)

    # -- connections -----------------------------------------------------------------------------------------

    def conninfo(self, dbname: str = "postgres") -> dict[str, Any]:
        """Keyword arguments for ``psycopg.connect``."""
        return {**self._base, "dbname": dbname, "connect_timeout": 5}

    def connect(self, dbname: str = "postgres", *, autocommit: bool = False) -> Any:
        """A new psycopg connection (the caller closes it; it works as a context manager)."""
        import psycopg

        # synchronous_commit=off is per session, so it is also safe on a shared system server.
        return psycopg.connect(**self.conninfo(dbname), autocommit=autocommit,
                               options="-c synchronous_commit=off -c client_min_messages=warning")

    @contextlib.contextmanager
    def fresh_database(self, prefix: str | None = None) -> Iterator[Any]:
        """Create a uniquely named empty database, yield a connection to it, drop it afterwards.

        The yielded psycopg connection has autocommit off and no open transaction.
        """
        name = _scratch_name(prefix or self.SCRATCH_PREFIX)
        with self.connect(autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')  # type: ignore[arg-type]
        try:
            with self.connect(name) as conn:
                yield conn
        finally:
            with self.connect(autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------------------
# PostgreSQL schema facts
# --------------------------------------------------------------------------------------------------------------


@dataclass
class IdentityFacts:
    generation: str  #: "ALWAYS" or "BY DEFAULT"
    sequence: str  #: schema-qualified sequence name
    data_type: str
    start: int
    increment: int
    min_value: int
    max_value: int
    cache: int
    cycle: bool


@dataclass
class ColumnFacts:
    name: str
    data_type: str  #: format_type() text, e.g. "bigint", "character varying(20)", "numeric(10,2)", "text[]"
    nullable: bool
    default: str | None  #: pg_get_expr() text, e.g. "'x'::text", "now()", "nextval('t_id_seq'::regclass)"
    identity: IdentityFacts | None = None
    generated: str | None = None  #: expression of a GENERATED ALWAYS AS (...) STORED column
    collation: str | None = None  #: only when it differs from the type's default


@dataclass
class ForeignKeyFacts:
    name: str
    columns: tuple[str, ...]
    ref_table: str  #: "schema.table"
    ref_columns: tuple[str, ...]
    on_update: str  #: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT
    on_delete: str
    match: str  #: SIMPLE, FULL, PARTIAL
    deferrable: bool
    initially_deferred: bool
    validated: bool


@dataclass
class IndexFacts:
    name: str
    columns: tuple[str, ...]  #: key columns; an expression key appears as its text, e.g. "lower(email)"
    include: tuple[str, ...]
    unique: bool
    primary: bool
    method: str  #: btree, hash, gin, ...
    predicate: str | None  #: WHERE clause of a partial index
    nulls_not_distinct: bool
    constraint: str | None  #: the PRIMARY KEY / UNIQUE / EXCLUDE constraint this index implements, if any
    definition: str  #: pg_get_indexdef()


@dataclass
class TableFacts:
    schema: str
    name: str
    columns: dict[str, ColumnFacts] = field(default_factory=dict)  #: in column order
    primary_key: tuple[str, ...] | None = None
    primary_key_name: str | None = None
    unique_constraints: dict[str, tuple[str, ...]] = field(default_factory=dict)  #: constraint name -> columns
    unique_indexes: dict[str, tuple[str, ...]] = field(default_factory=dict)  #: unique indexes that are not constraints
    foreign_keys: dict[str, ForeignKeyFacts] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)  #: name -> "CHECK (...)" (pg_get_constraintdef)
    indexes: dict[str, IndexFacts] = field(default_factory=dict)  #: every index, including PK/unique ones

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def identities(self) -> dict[str, IdentityFacts]:
        """Identity columns: column name -> facts (with the sequence cache)."""
        return {c.name: c.identity for c in self.columns.values() if c.identity is not None}

    @property
    def not_null(self) -> set[str]:
        return {c.name for c in self.columns.values() if not c.nullable}

    @property
    def unique_column_sets(self) -> set[tuple[str, ...]]:
        """Column lists that are unique by a UNIQUE constraint or a full (non-partial) unique index, not the PK.

        Useful for comparing an input schema (UNIQUE constraints) with DSQL output (CREATE UNIQUE INDEX ASYNC).
        """
        return {
            ix.columns for ix in self.indexes.values() if ix.unique and not ix.primary and ix.predicate is None
        }


@dataclass
class SchemaFacts:
    tables: dict[str, TableFacts] = field(default_factory=dict)  #: "schema.table" -> facts
    sequences: dict[str, dict[str, Any]] = field(default_factory=dict)  #: "schema.seq" -> pg_sequences row
    schemas: list[str] = field(default_factory=list)  #: public plus user schemas that exist

    def table(self, name: str) -> TableFacts:
        """Look a table up by "schema.table", or by bare name (public first, else the only match)."""
        if name in self.tables:
            return self.tables[name]
        if "." not in name:
            if f"public.{name}" in self.tables:
                return self.tables[f"public.{name}"]
            matches = [t for t in self.tables.values() if t.name == name]
            if len(matches) == 1:
                return matches[0]
        raise KeyError(f"no table {name!r}; have {sorted(self.tables)}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# System schemas: information_schema and every pg_* schema (pg_catalog, pg_toast, pg_temp_N; the pg_ prefix is
# reserved, users cannot create such schemas).
_SCHEMA_FILTER = "n.nspname <> 'information_schema' AND left(n.nspname, 3) <> 'pg_'"

_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}
_FK_MATCH = {"s": "SIMPLE", "f": "FULL", "p": "PARTIAL"}


def describe_schema(conn: Any) -> SchemaFacts:
    """Read tables, columns, keys, constraints, indexes and identity sequences from the catalogs.

    Covers schema public and every user schema (not pg_catalog, information_schema, pg_toast, temp schemas).
    Runs read-only queries; if the connection was idle it is left idle (the read transaction is rolled back).
    """
    import psycopg

    was_idle = conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
    try:
        return _describe(conn)
    finally:
        if was_idle and not conn.autocommit and not conn.broken:
            conn.rollback()


def _describe(conn: Any) -> SchemaFacts:
    facts = SchemaFacts()
    cur = conn.cursor()

    cur.execute(f"SELECT n.nspname FROM pg_namespace n WHERE {_SCHEMA_FILTER} ORDER BY n.nspname <> 'public', 1")
    facts.schemas = [r[0] for r in cur.fetchall()]

    cur.execute(f"""
        SELECT c.oid, n.nspname, c.relname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND {_SCHEMA_FILTER}
        ORDER BY n.nspname, c.relname""")
    by_oid: dict[int, TableFacts] = {}
    for oid, schema, name in cur.fetchall():
        table = TableFacts(schema=schema, name=name)
        by_oid[oid] = table
        facts.tables[table.qualified_name] = table
    if not by_oid:
        return facts
    oids = list(by_oid)

    cur.execute("""
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
               CASE WHEN a.attidentity <> '' THEN
                   pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname) END
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum""", (oids,))
    identity_seqs: dict[str, ColumnFacts] = {}
    for relid, name, dtype, nullable, default, identity, generated, collation, seq in cur.fetchall():
        col = ColumnFacts(name=name, data_type=dtype, nullable=nullable, default=None, collation=collation)
        if generated == "s":
            col.generated = default
        else:
            col.default = default
        if identity and seq:
            identity_seqs[seq] = col
            col.identity = IdentityFacts(generation="ALWAYS" if identity == "a" else "BY DEFAULT", sequence=seq,
                                         data_type="", start=0, increment=0, min_value=0, max_value=0, cache=0,
                                         cycle=False)
        by_oid[relid].columns[name] = col

    cur.execute(f"""
        SELECT n.nspname || '.' || c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               s.seqmin, s.seqmax, s.seqcache, s.seqcycle, c.relname, n.nspname
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {_SCHEMA_FILTER}
        ORDER BY 1""")
    for qname, dtype, start, inc, smin, smax, cache, cycle, relname, nspname in cur.fetchall():
        facts.sequences[qname] = {"data_type": dtype, "start": start, "increment": inc, "min_value": smin,
                                  "max_value": smax, "cache": cache, "cycle": cycle}
        # pg_get_serial_sequence quotes only when needed; match on either spelling.
        for key in (qname, f'{nspname}."{relname}"', f'"{nspname}"."{relname}"', f'"{nspname}".{relname}'):
            col = identity_seqs.get(key)
            if col is not None and col.identity is not None:
                col.identity = dataclasses.replace(col.identity, sequence=qname, data_type=dtype, start=start,
                                                   increment=inc, min_value=smin, max_value=smax, cache=cache,
                                                   cycle=cycle)

    cur.execute("""
        SELECT co.conrelid, co.conname, co.contype,
               ARRAY(SELECT a.attname FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               fn.nspname || '.' || fc.relname,
               ARRAY(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
               co.confupdtype, co.confdeltype, co.confmatchtype, co.condeferrable, co.condeferred,
               co.convalidated, pg_get_constraintdef(co.oid, true)
        FROM pg_constraint co
        LEFT JOIN pg_class fc ON fc.oid = co.confrelid
        LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE co.conrelid = ANY(%s) AND co.contype IN ('p', 'u', 'f', 'c')
        ORDER BY co.conrelid, co.conname""", (oids,))
    for (relid, name, ctype, cols, ref_table, ref_cols, upd, dele, match, deferrable, deferred, validated,
         definition) in cur.fetchall():
        table = by_oid[relid]
        if ctype == "p":
            table.primary_key, table.primary_key_name = tuple(cols), name
        elif ctype == "u":
            table.unique_constraints[name] = tuple(cols)
        elif ctype == "f":
            table.foreign_keys[name] = ForeignKeyFacts(
                name=name, columns=tuple(cols), ref_table=ref_table, ref_columns=tuple(ref_cols),
                on_update=_FK_ACTIONS.get(upd, upd), on_delete=_FK_ACTIONS.get(dele, dele),
                match=_FK_MATCH.get(match, match), deferrable=deferrable, initially_deferred=deferred,
                validated=validated)
        else:
            table.checks[name] = definition

    cur.execute("""
        SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, am.amname,
               pg_get_expr(i.indpred, i.indrelid, true), pg_get_indexdef(i.indexrelid),
               ARRAY(SELECT CASE WHEN k.attnum <> 0 THEN a.attname
                                 ELSE pg_get_indexdef(i.indexrelid, k.ord::int, true) END
                     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     ORDER BY k.ord),
               i.indnkeyatts, co.conname, {nulls_not_distinct}
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_am am ON am.oid = ic.relam
        LEFT JOIN pg_constraint co ON co.conindid = i.indexrelid AND co.conrelid = i.indrelid
             AND co.contype IN ('p', 'u', 'x')
        WHERE i.indrelid = ANY(%s)
        ORDER BY i.indrelid, ic.relname""".format(
        nulls_not_distinct="i.indnullsnotdistinct" if conn.info.server_version >= 150000 else "false"),
        (oids,))
    for relid, name, unique, primary, method, predicate, definition, cols, nkey, conname, nnd in cur.fetchall():
        table = by_oid[relid]
        index = IndexFacts(name=name, columns=tuple(cols[:nkey]), include=tuple(cols[nkey:]), unique=unique,
                           primary=primary, method=method, predicate=predicate, nulls_not_distinct=bool(nnd),
                           constraint=conname, definition=definition)
        table.indexes[name] = index
        if unique and not primary and conname is None:
            table.unique_indexes[name] = index.columns
    cur.close()
    return facts


# --------------------------------------------------------------------------------------------------------------
# MariaDB / MySQL
# --------------------------------------------------------------------------------------------------------------


@dataclass
class MyColumnFacts:
    name: str
    column_type: str  #: full type, e.g. "int(10) unsigned", "enum('a','b')", "varchar(20)"
    data_type: str  #: bare type, e.g. "int", "enum", "varchar"
    nullable: bool
    default: str | None  #: as information_schema shows it (MariaDB: string literals quoted, "NULL" for NULL)
    extra: str  #: e.g. "auto_increment", "on update current_timestamp()", "STORED GENERATED"
    generation_expression: str | None = None
    charset: str | None = None
    collation: str | None = None
    comment: str = ""


@dataclass
class MyIndexFacts:
    name: str
    columns: tuple[str, ...]
    unique: bool
    index_type: str  #: BTREE, HASH, FULLTEXT, SPATIAL
    sub_parts: tuple[int | None, ...] = ()  #: prefix lengths, e.g. KEY (name(10))


@dataclass
class MyForeignKeyFacts:
    name: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_update: str
    on_delete: str


@dataclass
class MyTableFacts:
    name: str
    engine: str | None = None
    collation: str | None = None
    auto_increment: int | None = None  #: the table's next AUTO_INCREMENT value
    comment: str = ""
    columns: dict[str, MyColumnFacts] = field(default_factory=dict)
    primary_key: tuple[str, ...] | None = None
    unique_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    indexes: dict[str, MyIndexFacts] = field(default_factory=dict)  #: every key, including PRIMARY and unique
    foreign_keys: dict[str, MyForeignKeyFacts] = field(default_factory=dict)
    checks: dict[str, str] = field(default_factory=dict)  #: name -> clause

    @property
    def auto_increment_columns(self) -> list[str]:
        return [c.name for c in self.columns.values() if "auto_increment" in c.extra.lower()]


@dataclass
class MySchemaFacts:
    database: str
    tables: dict[str, MyTableFacts] = field(default_factory=dict)
    views: list[str] = field(default_factory=list)
    triggers: dict[str, dict[str, str]] = field(default_factory=dict)  #: name -> table, timing, event, statement
    routines: dict[str, str] = field(default_factory=dict)  #: name -> PROCEDURE / FUNCTION

    def table(self, name: str) -> MyTableFacts:
        return self.tables[name]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class MariaDBDatabase:
    """One scratch database, as yielded by :meth:`MariaDBServer.fresh_database`."""

    def __init__(self, server: MariaDBServer, name: str, connection: Any) -> None:
        self.server = server
        self.name = name
        self.connection = connection  #: PyMySQL connection, autocommit on, this database selected

    def execute(self, sql: str) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())

    def load_dump(self, sql_text: str, *, force: bool = False) -> tuple[bool, str]:
        return self.server.load_dump(sql_text, database=self.name, force=force)

    def describe_schema(self) -> MySchemaFacts:
        return self.server.describe_schema(database=self.name)


class MariaDBServer:
    """A reachable MariaDB/MySQL server (default 127.0.0.1:3306, root, empty password).

    Use :meth:`get`. ``version`` is e.g. "10.11.19-MariaDB-0+deb12u1"; ``client`` the command-line client used
    by :meth:`load_dump` (None if neither ``mariadb`` nor ``mysql`` is installed).
    """

    HOST = "127.0.0.1"
    PORT = 3306
    USER = "root"
    PASSWORD = ""
    SCRATCH_PREFIX = "dsqllint_scratch"

    _instance: MariaDBServer | None = None
    _failure: ServerUnavailable | None = None
    _lock = threading.Lock()

    def __init__(self, host: str = HOST, port: int = PORT, user: str = USER, password: str = PASSWORD) -> None:
        try:
            import pymysql
        except ImportError as exc:
            raise ServerUnavailable("PyMySQL is not installed (pip install PyMySQL; it is in the test extra)") from exc
        if not reachable(host, port):
            raise ServerUnavailable(f"no MariaDB/MySQL server on {host}:{port}")
        self.host, self.port, self.user, self.password = host, port, user, password
        self._pymysql = pymysql
        self._current: list[str] = []  # stack of active fresh_database() names
        try:
            with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
                cur.execute("SELECT VERSION()")
                self.version: str = cur.fetchone()[0]
        except pymysql.Error as exc:
            raise ServerUnavailable(f"cannot connect to MariaDB on {host}:{port} as {user}: {exc}") from exc
        self.client: str | None = shutil.which("mariadb") or shutil.which("mysql")

    def __repr__(self) -> str:
        return f"MariaDBServer({self.host}:{self.port}, version={self.version!r})"

    @property
    def is_mariadb(self) -> bool:
        return "mariadb" in self.version.lower()

    @classmethod
    def get(cls) -> MariaDBServer:
        """The process-wide server handle. Raises :class:`ServerUnavailable` (cached)."""
        with cls._lock:
            if cls._instance is not None:
                return cls._instance
            if cls._failure is not None:
                raise cls._failure
            try:
                cls._instance = cls()
            except ServerUnavailable as exc:
                cls._failure = exc
                raise
            return cls._instance

    def connect(self, database: str | None = None) -> Any:
        """A new PyMySQL connection (autocommit on, utf8mb4)."""
        return self._pymysql.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                                     database=database, autocommit=True, charset="utf8mb4", connect_timeout=5)

    @contextlib.contextmanager
    def fresh_database(self, prefix: str | None = None) -> Iterator[MariaDBDatabase]:
        """Create a uniquely named database, yield a :class:`MariaDBDatabase`, drop it afterwards.

        While the block runs, :meth:`load_dump` and :meth:`describe_schema` default to this database.
        """
        name = _scratch_name(prefix or self.SCRATCH_PREFIX)
        with contextlib.closing(self.connect()) as admin, admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        self._current.append(name)
        try:
            with contextlib.closing(self.connect(name)) as conn:
                yield MariaDBDatabase(self, name, conn)
        finally:
            self._current.remove(name)
            with contextlib.closing(self.connect()) as admin, admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")

    def _database(self, database: str | None) -> str:
        if database is not None:
            return database
        if not self._current:
            raise ValueError("no database given and no fresh_database() block is active")
        return self._current[-1]

    def load_dump(self, sql_text: str, database: str | None = None, *, timeout: float = 120,
                  force: bool = False) -> tuple[bool, str]:
        """Feed a whole SQL file to the command-line client, as ``mariadb ... DB < file`` would.

        The client (not PyMySQL) is used because dumps contain ``DELIMITER`` and other client commands. The
        client stops at the first error, or with ``force=True`` (``--force``) goes on and reports every failing
        statement as ``ERROR <code> (<sqlstate>) at line <N>: …`` in stderr, N being the line on which the
        statement's first token (after comments) stands, each after an echo of the statement between
        ``--------------`` lines. Returns ``(ok, stderr)``: ok is True when the client exited with 0, which with
        ``force`` (MariaDB 10.11's client) it does even when statements failed: read stderr. Raises
        :class:`ServerUnavailable` if no ``mariadb``/``mysql`` binary is installed.
        """
        if self.client is None:
            raise ServerUnavailable("neither the `mariadb` nor the `mysql` command-line client is installed")
        args = [self.client, "--protocol=tcp", f"-h{self.host}", f"-P{self.port}", f"-u{self.user}",
                "--default-character-set=utf8mb4", "--connect-timeout=5"]
        if force:
            args.append("--force")
        env = dict(os.environ)
        if self.password:
            env["MYSQL_PWD"] = self.password  # keeps the password off the command line
        args.append(self._database(database))
        proc = subprocess.run(args, input=sql_text.encode("utf-8"), capture_output=True, timeout=timeout, env=env)
        return proc.returncode == 0, proc.stderr.decode("utf-8", "replace")

    def describe_schema(self, database: str | None = None) -> MySchemaFacts:
        """Tables, columns, keys, foreign keys, checks, triggers and routines from information_schema."""
        db = self._database(database)
        facts = MySchemaFacts(database=db)
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            def rows(sql: str) -> list[tuple[Any, ...]]:
                cur.execute(sql, (db,))
                return list(cur.fetchall())

            for name, ttype, engine, collation, auto_inc, comment in rows("""
                    SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, AUTO_INCREMENT, TABLE_COMMENT
                    FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME"""):
                if ttype == "VIEW":
                    facts.views.append(name)
                else:
                    facts.tables[name] = MyTableFacts(name=name, engine=engine, collation=collation,
                                                      auto_increment=auto_inc, comment=comment or "")

            for (table, name, ctype, dtype, nullable, default, extra, gen, charset, collation,
                 comment) in rows("""
                    SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
                           GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT
                    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s
                    ORDER BY TABLE_NAME, ORDINAL_POSITION"""):
                if table in facts.tables:
                    facts.tables[table].columns[name] = MyColumnFacts(
                        name=name, column_type=ctype, data_type=dtype, nullable=nullable == "YES", default=default,
                        extra=extra or "", generation_expression=gen or None, charset=charset, collation=collation,
                        comment=comment or "")

            for table, name, non_unique, column, sub_part, itype in rows("""
                    SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE
                    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = %s
                    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"""):
                if table not in facts.tables:
                    continue
                t = facts.tables[table]
                index = t.indexes.get(name)
                if index is None:
                    index = t.indexes[name] = MyIndexFacts(name=name, columns=(), unique=not int(non_unique),
                                                           index_type=itype)
                index.columns += (column,)
                index.sub_parts += (int(sub_part) if sub_part is not None else None,)
            for t in facts.tables.values():
                for index in t.indexes.values():
                    if index.name == "PRIMARY":
                        t.primary_key = index.columns
                    elif index.unique:
                        t.unique_keys[index.name] = index.columns

            for table, name, column, ref_table, ref_column, upd, dele in rows("""
                    SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME,
                           k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE
                    FROM information_schema.KEY_COLUMN_USAGE k
                    JOIN information_schema.REFERENTIAL_CONSTRAINTS r
                      ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
                     AND r.TABLE_NAME = k.TABLE_NAME
                    WHERE k.TABLE_SCHEMA = %s AND k.REFERENCED_TABLE_NAME IS NOT NULL
                    ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"""):
                if table not in facts.tables:
                    continue
                fks = facts.tables[table].foreign_keys
                fk = fks.get(name)
                if fk is None:
                    fk = fks[name] = MyForeignKeyFacts(name=name, columns=(), ref_table=ref_table, ref_columns=(),
                                                       on_update=upd, on_delete=dele)
                fk.columns += (column,)
                fk.ref_columns += (ref_column,)

            with contextlib.suppress(self._pymysql.Error):  # CHECK_CONSTRAINTS: MariaDB >= 10.2, MySQL >= 8.0.16
                for table, name, clause in rows("""
                        SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
                        WHERE CONSTRAINT_SCHEMA = %s ORDER BY TABLE_NAME, CONSTRAINT_NAME"""):
                    if table in facts.tables:
                        facts.tables[table].checks[name] = clause

            for name, table, timing, event, statement in rows("""
                    SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
                    FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = %s ORDER BY TRIGGER_NAME"""):
                facts.triggers[name] = {"table": table, "timing": timing, "event": event, "statement": statement}

            for name, rtype in rows("""
                    SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES
                    WHERE ROUTINE_SCHEMA = %s ORDER BY ROUTINE_NAME"""):
                facts.routines[name] = rtype
        return facts

