"""The SQL fixtures are real SQL: every statement runs through a real server's parser.

Covers `fixtures/rules/<CODE>/*.sql` (markers `-- bad …` / `-- ok …`) and `fixtures/labelled/*.sql` (markers
`-- rejects [source] …` / `-- accepts [source] …`). A statement belongs to the last marker comment before it;
statements without one (context in the labelled files) are checked too, against an empty tag set.

Tags, written right after the marker (`-- bad [invalid-sql]: …`, `-- rejects [docs: x] [invalid-sql]: …`):

* ``[invalid-sql]``: the statement is intentionally not valid SQL for its dialect: MySQL syntax in a PostgreSQL
  file, a parse-error test, a DSQL-only or pre-PostgreSQL-12 form that PostgreSQL 16 rejects too. Checked both
  ways: an untagged statement must not be rejected as invalid, and a tagged one must really be rejected (so a
  tag cannot go stale).
* ``[mysql8]`` (MySQL files only): valid MySQL 8 syntax that MariaDB 10.11 cannot parse, such as functional key
  parts ``KEY ((lower(email)))``. Not checked in reverse (MariaDB may learn it).

PostgreSQL 16 (`test_postgres_fixtures_are_postgresql`): one fresh database for the whole test and one schema
per file (search_path set to it, session settings reset between files); statements run in file order, each
through :func:`servers.run_ddl` (so DSQL's ASYNC keyword is removed first). A statement that PostgreSQL refuses
inside a transaction block (25001: VACUUM, CREATE INDEX CONCURRENTLY, …) is run again in autocommit mode, so
that its own errors show. ``COPY … FROM STDIN`` is skipped (its data is not a statement). The statements run as
an unprivileged role that owns only the scratch database, so that fixtures such as ``COPY … TO PROGRAM``,
``ALTER SYSTEM``, ``CREATE ROLE`` or ``CREATE DATABASE`` fail with 42501 instead of acting on the machine.

SQLSTATE policy: a statement is "not valid PostgreSQL" when it fails with a SQLSTATE in ``INVALID_SQLSTATES``,
errors that the statement text decides on its own, whatever the database holds:

* 42601 syntax_error: the parser rejects it (also an unterminated string, a misplaced clause).
* 42P16 invalid_table_definition: e.g. two primary keys, ON COMMIT on a permanent table.
* 42P17 invalid_object_definition: e.g. a non-IMMUTABLE function in an index expression or predicate.
* 42611 invalid_column_definition: e.g. an identity column of type text.
* 22P02 invalid_text_representation: a literal that cannot be read as its type (DEFAULT 'x' on an int column).

Everything else is the environment, not the SQL, and is ignored: 42P01/42704/42883/3F000 (a table, type
(citext without its extension), function or schema the file does not create), 42P06/42P07/42710 (already exists,
from an earlier statement), 0A000 (missing extension or build feature as well as unsupported forms), 22023
(unknown role, GUC value or label provider as well as bad typmods), 42501 (the role is unprivileged on purpose),
25001/25P01/3B001/34000/26000 (transaction, savepoint, cursor and prepared-statement state), 58P01 (files).

MariaDB (`test_mysql_fixtures_are_mysql`): each MySQL file goes whole through the `mariadb` command-line client
with ``--force`` into a fresh database, as an unprivileged user that can only use that database. Only ``ERROR
1064`` (ER_PARSE_ERROR) counts as "not MySQL". The client reports ``at line N`` with N the line of the failing
statement's first token after comments (checked by `test_mariadb_client_reports_the_first_line_of_a_statement`),
which is the line of the statement's span start from :func:`dsqllint.split.split`.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from dsqllint.source import Source
from dsqllint.split import split
from servers import MariaDBServer, PostgresServer, StatementFailure, run_ddl, strip_async

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "fixtures" / "rules").glob("*/*.sql")) + sorted((ROOT / "fixtures" / "labelled").glob("*.sql"))
HEADER = re.compile(r"^--\s*(dialect|target):\s*(\S+)", re.M)
# Marker comments of both fixture formats (tests/test_rule_fixtures.py, tests/test_labelled.py).
MARKER = re.compile(r"^--\s*(?:bad|ok|rejects|accepts)\b[^\n]*", re.M)
TAG = re.compile(r"\[(invalid-sql|mysql8)\]")
NEAR_MISS_TAG = re.compile(r"(?i)\[\s*(?:invalid[\s_-]*sql|mysql[\s_-]*8)\s*\]")
COPY_FROM_STDIN = re.compile(r"(?is)COPY\b.*?\bFROM\s+STDIN\b")

INVALID_SQLSTATES = {
    "42601": "syntax_error",
    "42P16": "invalid_table_definition",
    "42P17": "invalid_object_definition",
    "42611": "invalid_column_definition",
    "22P02": "invalid_text_representation",
}
MYSQL_PARSE_ERROR = 1064
CLIENT_ERROR = re.compile(r"^ERROR(?: (\d+) \(([0-9A-Z]{5})\))? at line (\d+): (.*)$")
ECHO_RULE = "-" * 14  # the client's frame around an echoed failing statement


@dataclass(frozen=True)
class Statement:
    path: Path
    line: int  # 1-based line of the statement's first token
    text: str
    marker: str  # the marker comment line that governs it, "" for none
    tags: frozenset[str]

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def snippet(self) -> str:
        return " ".join(self.text.split())[:100]


def dialect_of(text: str) -> str:
    return dict(HEADER.findall(text)).get("dialect", "postgres")


def statements(path: Path) -> tuple[str, str, list[Statement]]:
    """(dialect, text, statements) of a fixture file; client commands (DELIMITER, psql \\x) are left out."""
    text = path.read_text(encoding="utf-8")
    dialect = dialect_of(text)
    source = Source(str(path), text, dialect)
    out, previous_end = [], 0
    for span in split(text, dialect).spans:
        markers = MARKER.findall(text, previous_end, span.start)
        previous_end = span.end
        if span.client:
            continue
        marker = markers[-1] if markers else ""
        out.append(Statement(path, source.lines.position(span.start)[0], text[span.start:span.end], marker,
                             frozenset(TAG.findall(marker))))
    return dialect, text, out


def tag_typos(stmts: list[Statement]) -> list[str]:
    return [f"{s.where}: misspelt tag in marker {s.marker!r}; use [invalid-sql] or [mysql8]"
            for s in stmts if len(NEAR_MISS_TAG.findall(s.marker)) != len(TAG.findall(s.marker))]


def test_fixture_files_are_found_and_tagged_sensibly():
    dialects = [dialect_of(p.read_text(encoding="utf-8")) for p in FILES]
    assert dialects.count("postgres") > 100 and dialects.count("mysql") > 40, "fixture files not found"
    problems = []
    for path in FILES:
        dialect, _, stmts = statements(path)
        problems += tag_typos(stmts)
        problems += [f"{s.where}: [mysql8] in a PostgreSQL file" for s in stmts
                     if "mysql8" in s.tags and dialect != "mysql"]
        problems += [f"{s.where}: a tag without a marker comment" for s in stmts if s.tags and not s.marker]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------
# PostgreSQL 16
# --------------------------------------------------------------------------------------------------------------


def _schema_name(path: Path) -> str:
    return re.sub(r"\W", "_", f"{path.parent.name}_{path.stem}".lower())[:63]


def _run_outside_transaction(conn, index: int, sql: str) -> StatementFailure | None:
    import psycopg

    conn.autocommit = True
    try:
        conn.execute(strip_async(sql))
        return None
    except psycopg.Error as exc:
        return StatementFailure(index=index, sqlstate=exc.sqlstate, statement=sql,
                                message=exc.diag.message_primary or str(exc).strip())
    finally:
        conn.autocommit = False


@contextlib.contextmanager
def _unprivileged_connection(pg: PostgresServer):
    """A connection to a fresh database as a new role that owns it and nothing else."""
    import psycopg

    role = f"dsqllint_fxsql_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with pg.connect(autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
    try:
        with pg.fresh_database(prefix="dsqllint_fxsql") as owner:
            dbname = owner.info.dbname
            owner.execute(f'ALTER DATABASE "{dbname}" OWNER TO {role}')
            owner.commit()
            options = ("-c synchronous_commit=off -c client_min_messages=error -c statement_timeout=10s "
                       "-c lock_timeout=5s")
            with psycopg.connect(**{**pg.conninfo(dbname), "user": role}, options=options) as conn:
                yield conn
    finally:
        with pg.connect(autocommit=True) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")


@pytest.mark.pg
def test_postgres_fixtures_are_postgresql(pg: PostgresServer) -> None:
    files = [(path, stmts) for path in FILES for dialect, _, stmts in [statements(path)] if dialect == "postgres"]
    results: list[tuple[Statement, StatementFailure | None]] = []
    skipped = 0
    started = time.perf_counter()
    with _unprivileged_connection(pg) as conn:
        for path, stmts in files:
            schema = _schema_name(path)
            conn.autocommit = True
            conn.execute("RESET ALL")  # settings made by the previous file
            conn.execute(f"CREATE SCHEMA {schema}")
            conn.execute(f"SET search_path = {schema}")
            conn.autocommit = False
            for index, stmt in enumerate(stmts):
                if COPY_FROM_STDIN.match(stmt.text):
                    skipped += 1  # psycopg cannot send the data through execute(); nor is the data SQL
                    continue
                failures = run_ddl(conn, [stmt.text])
                failure = failures[0] if failures else None
                if failure is not None and failure.sqlstate == "25001":  # not in a transaction block: run it bare
                    failure = _run_outside_transaction(conn, index, stmt.text)
                    conn.autocommit = True
                    conn.execute(f"SET search_path = {schema}")  # in case it was DISCARD ALL
                    conn.autocommit = False
                results.append((stmt, failure))
    elapsed = time.perf_counter() - started

    assert len(files) > 100 and len(results) > 800, f"only {len(files)} files / {len(results)} statements ran"
    problems = []
    for stmt, failure in results:
        invalid = failure is not None and failure.sqlstate in INVALID_SQLSTATES
        if invalid and "invalid-sql" not in stmt.tags:
            problems.append(f"{stmt.where}: PostgreSQL {pg.version} rejects it as invalid SQL "
                            f"({failure.sqlstate} {INVALID_SQLSTATES[failure.sqlstate]}: {failure.message}); "
                            f"fix the fixture or tag its marker [invalid-sql]: {stmt.snippet}")
        elif "invalid-sql" in stmt.tags and not invalid:
            outcome = "runs it" if failure is None else f"fails only with {failure.sqlstate} ({failure.message})"
            problems.append(f"{stmt.where}: tagged [invalid-sql], but PostgreSQL {pg.version} {outcome}; "
                            f"drop the tag: {stmt.snippet}")
    assert not problems, f"{len(problems)} problems ({len(results)} statements, {skipped} COPY FROM STDIN " \
                         f"skipped, {elapsed:.1f}s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------
# MariaDB
# --------------------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _unprivileged_user(mariadb: MariaDBServer):
    """(grant, server): a new user with no global privileges; grant(db) gives it everything on one database.

    So that fixtures such as ``CREATE DATABASE``, ``USE other``, ``SET GLOBAL`` or ``GRANT`` fail instead of
    changing the shared server.
    """
    name = f"dsqllint_fxsql_{uuid.uuid4().hex[:12]}"
    password = secrets.token_hex(16)
    with contextlib.closing(mariadb.connect()) as admin, admin.cursor() as cur:
        cur.execute("SELECT SUBSTRING_INDEX(USER(), '@', -1)")
        host = cur.fetchone()[0]  # the client host exactly as the server sees the test's connections
        account = f"'{name}'@'{host}'"
        cur.execute(f"CREATE USER {account} IDENTIFIED BY %s", (password,))
        try:
            def grant(database: str) -> None:
                cur.execute(f"GRANT ALL PRIVILEGES ON `{database}`.* TO {account}")

            yield grant, MariaDBServer(mariadb.host, mariadb.port, name, password)
        finally:
            cur.execute(f"DROP USER IF EXISTS {account}")


def _client_errors(stderr: str) -> tuple[list[tuple[int | None, int, str]], list[str]]:
    """([(code, line, message)], unexpected stderr lines) from the client's --force output.

    Before each error the client echoes the failing statement between two `--------------` lines; an error's
    message quotes the statement "near '…'", which may run over several lines.
    """
    errors: list[tuple[int | None, int, str]] = []
    other: list[str] = []
    in_echo = False
    for line in stderr.splitlines():
        if line == ECHO_RULE:
            in_echo = not in_echo
            if in_echo and errors:
                errors[-1] = (errors[-1][0], errors[-1][1], errors[-1][2].rstrip("\n"))
            continue
        if in_echo:
            continue
        m = CLIENT_ERROR.match(line)
        if m:
            errors.append((int(m.group(1)) if m.group(1) else None, int(m.group(3)), m.group(4)))
        elif errors:
            code, at, message = errors[-1]
            errors[-1] = (code, at, f"{message}\n{line}")
        elif line.strip():
            other.append(line)
    return [(code, at, message.rstrip("\n")) for code, at, message in errors], other


@pytest.mark.mariadb
def test_mariadb_client_reports_the_first_line_of_a_statement(mariadb: MariaDBServer) -> None:
    """The mapping below relies on it: `at line N` is the line of the statement's first token after comments,
    whatever comes before it (comments, blank lines, a statement ending on the same line) or after it."""
    if mariadb.client is None:
        pytest.skip("no mariadb/mysql command-line client")
    text = ("SELECT 1;\n"
            "-- a comment\n"
            "/* a block\n   comment */\n"
            "CREATE TABLE t (\n  a int,\n  b int b\n);\n"  # line 5, error on line 7
            "SELECT 2; SELEC 3;\n"  # line 9
            "/*!40101 SELEC 4 */;\n"  # line 10
            "DELIMITER ;;\n"
            "CREATE PROCEDURE p()\nBEGIN\n  SELEC 5;\nEND;;\n"  # line 12
            "DELIMITER ;\n")
    with mariadb.fresh_database(prefix="dsqllint_fxsql") as db:
        _, stderr = db.load_dump(text, force=True)  # the exit status says nothing with --force
    errors, other = _client_errors(stderr)
    assert not other
    assert [(code, line) for code, line, _ in errors] == [(1064, 5), (1064, 9), (1064, 10), (1064, 12)]
    source = Source("t.sql", text, "mysql")
    starts = [source.lines.position(s.start)[0] for s in split(text, "mysql").spans if not s.client]
    assert {5, 9, 10, 12} <= set(starts)


@pytest.mark.mariadb
def test_mysql_fixtures_are_mysql(mariadb: MariaDBServer) -> None:
    if mariadb.client is None:
        pytest.skip("no mariadb/mysql command-line client")
    files = [(path, text, stmts) for path in FILES for dialect, text, stmts in [statements(path)] if dialect == "mysql"]
    assert len(files) > 40, f"only {len(files)} MySQL fixture files"
    problems: list[str] = []
    started = time.perf_counter()
    with _unprivileged_user(mariadb) as (grant, user):
        for path, text, stmts in files:
            with mariadb.fresh_database(prefix="dsqllint_fxsql") as db:
                grant(db.name)
                _, stderr = user.load_dump(text, database=db.name, force=True, timeout=30)
            errors, other = _client_errors(stderr)
            where = path.relative_to(ROOT)
            problems += [f"{where}: unexpected client output: {line}" for line in other]
            by_line: dict[int, list[Statement]] = {}
            for stmt in stmts:
                by_line.setdefault(stmt.line, []).append(stmt)
            rejected: set[Statement] = set()
            for code, line, message in errors:
                if code is None:
                    problems.append(f"{where}:{line}: client error: {message}")
                if code != MYSQL_PARSE_ERROR:
                    continue  # unknown table, access denied, duplicate key name, ...: the environment
                candidates = by_line.get(line, [])
                if len(candidates) != 1:
                    problems.append(f"{where}:{line}: ERROR 1064 matches {len(candidates)} statements starting on "
                                    f"that line: {message}")
                    continue
                stmt = candidates[0]
                rejected.add(stmt)
                if not stmt.tags & {"invalid-sql", "mysql8"}:
                    problems.append(f"{stmt.where}: MariaDB {mariadb.version} cannot parse it (ERROR 1064: "
                                    f"{message[:160]}); fix the fixture, or tag its marker [invalid-sql] (not MySQL) "
                                    f"or [mysql8] (MySQL 8 only): {stmt.snippet}")
            problems += [f"{s.where}: tagged [invalid-sql], but MariaDB parses it; drop the tag: {s.snippet}"
                         for s in stmts if "invalid-sql" in s.tags and s not in rejected]
    elapsed = time.perf_counter() - started
    assert not problems, f"{len(problems)} problems ({len(files)} files, {elapsed:.1f}s):\n" + "\n".join(problems)
