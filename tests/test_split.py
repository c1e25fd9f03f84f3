"""Tests for the statement splitter (dsqllint/split.py): spans, positions, client commands."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsqllint.source import LineIndex
from dsqllint.split import Span, split
from budget import scaled


def statements(text: str, dialect: str) -> list[tuple[int, int, str]]:
    """(line, column, text) of every non-client span, text taken from the unwrapped file text."""
    result = split(text, dialect)
    assert len(result.text) == len(text)  # unwrapping never moves an offset
    lines = LineIndex(text)
    return [(*lines.position(s.start), result.text[s.start : s.end]) for s in result.spans if not s.client]


def spans(text: str, dialect: str) -> list[tuple[str, bool]]:
    """(text, client) of every span, in order."""
    result = split(text, dialect)
    return [(result.text[s.start : s.end], s.client) for s in result.spans]


# --- delimiters hidden inside strings, identifiers, comments and bodies -------------------------------------

# (dialect, file text, expected [(line, column, statement text)])
CASES = {
    "multi-line": (
        "postgres",
        "CREATE TABLE t (\n  a int,\n  b text\n);\n\n  CREATE INDEX i\n    ON t (a);\n",
        [(1, 1, "CREATE TABLE t (\n  a int,\n  b text\n)"), (6, 3, "CREATE INDEX i\n    ON t (a)")],
    ),
    "semicolon in string": (
        "postgres",
        "SELECT 'a;b';\nSELECT 'it''s; fine';\nSELECT 2;",
        [(1, 1, "SELECT 'a;b'"), (2, 1, "SELECT 'it''s; fine'"), (3, 1, "SELECT 2")],
    ),
    "E-string backslash escape": (
        "postgres",
        "SELECT E'it\\'s;';  SELECT 2;",
        [(1, 1, "SELECT E'it\\'s;'"), (1, 20, "SELECT 2")],
    ),
    "plain string ends at backslash-quote in postgres": (
        "postgres",
        "SELECT 'C:\\';SELECT 2;",
        [(1, 1, "SELECT 'C:\\'"), (1, 14, "SELECT 2")],
    ),
    "quoted identifier": (
        "postgres",
        'CREATE TABLE "a;b" ("c;""d" int);\nSELECT 1;',
        [(1, 1, 'CREATE TABLE "a;b" ("c;""d" int)'), (2, 1, "SELECT 1")],
    ),
    "line comment": (
        "postgres",
        "SELECT 1 -- not the end;\n, 2;\n-- between; statements\nSELECT 3;",
        [(1, 1, "SELECT 1 -- not the end;\n, 2"), (4, 1, "SELECT 3")],
    ),
    "nested block comment (postgres nests)": (
        "postgres",
        "SELECT 1 /* outer /* inner; */ still comment; */ + 1;\n/* a /* b */ c; */ SELECT 2;",
        [(1, 1, "SELECT 1 /* outer /* inner; */ still comment; */ + 1"), (2, 20, "SELECT 2")],
    ),
    "dollar quote": (
        "postgres",
        "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 2;",
        [(1, 1, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql"), (2, 1, "SELECT 2")],
    ),
    "tagged dollar quote containing $$ and a quote": (
        "postgres",
        "DO $body$ BEGIN RAISE NOTICE '$$;'; END; $body$;\n  SELECT 2;",
        [(1, 1, "DO $body$ BEGIN RAISE NOTICE '$$;'; END; $body$"), (2, 3, "SELECT 2")],
    ),
    "dollar inside an identifier is not a quote": (
        "postgres",
        "SELECT a$b$c;SELECT 2;",
        [(1, 1, "SELECT a$b$c"), (1, 14, "SELECT 2")],
    ),
    "mysql backslash escape": (
        "mysql",
        "SELECT 'it\\'s;';\nSELECT \"say \\\"hi;\\\"\";",
        [(1, 1, "SELECT 'it\\'s;'"), (2, 1, 'SELECT "say \\"hi;\\""')],
    ),
    "mysql backticks": (
        "mysql",
        "CREATE TABLE `a;b` (`c``;` int);\nSELECT 1;",
        [(1, 1, "CREATE TABLE `a;b` (`c``;` int)"), (2, 1, "SELECT 1")],
    ),
    "mysql hash comments": (
        "mysql",
        "# header; comment\nSELECT 1 # trailing;\n;\nSELECT 2;",
        [(2, 1, "SELECT 1 # trailing;"), (4, 1, "SELECT 2")],
    ),
    "mysql --x is not a comment": (
        "mysql",
        "SELECT 1 --x;\nSELECT 2 -- real comment;\n;",
        [(1, 1, "SELECT 1 --x"), (2, 1, "SELECT 2 -- real comment;")],
    ),
    "mysql block comments do not nest": (
        "mysql",
        "SELECT 1 /* a /* b */; SELECT 2;",
        [(1, 1, "SELECT 1 /* a /* b */"), (1, 24, "SELECT 2")],
    ),
    "hash is not a comment in postgres": (
        "postgres",
        "SELECT 1 # 2;SELECT 3;",
        [(1, 1, "SELECT 1 # 2"), (1, 14, "SELECT 3")],
    ),
    "non-ASCII before a statement": (
        "postgres",
        "SELECT 'héllo wörld';\n  SELECT '日本';",
        [(1, 1, "SELECT 'héllo wörld'"), (2, 3, "SELECT '日本'")],
    ),
    "CRLF line endings": (
        "postgres",
        "SELECT 1;\r\n\r\n  SELECT 2;\r\n",
        [(1, 1, "SELECT 1"), (3, 3, "SELECT 2")],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_statement_spans(name: str) -> None:
    dialect, text, expected = CASES[name]
    assert statements(text, dialect) == expected
    assert all(s.unterminated is None and not s.client for s in split(text, dialect).spans)


def test_statement_without_final_delimiter_runs_to_end_trimmed() -> None:
    assert statements("SELECT 1;\nSELECT 2  \n\n", "postgres") == [(1, 1, "SELECT 1"), (2, 1, "SELECT 2")]


def test_empty_statements_are_dropped() -> None:
    assert statements(";;\n ; SELECT 1;;", "postgres") == [(2, 4, "SELECT 1")]


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
@pytest.mark.parametrize("text", ["", "   \n\t\n", "-- only a comment\n", "/* block */\n-- line", "-- a\n/* b */  "])
def test_no_statements(text: str, dialect: str) -> None:
    assert split(text, dialect).spans == []


def test_mysql_hash_only_file_has_no_statements() -> None:
    assert split("# one\n# two;\n", "mysql").spans == []


# --- mysqldump conditional comments ---------------------------------------------------------------------------


def test_conditional_comment_is_unwrapped_in_place() -> None:
    text = "/*!40101 SET NAMES utf8 */;\nSELECT 1;"
    result = split(text, "mysql")
    assert len(result.text) == len(text)
    assert result.text[:26] == " " * 9 + "SET NAMES utf8" + " " * 3  # markers and `*/` blanked
    assert result.text[26:] == text[26:]
    first, second = result.spans
    assert (first.start, first.end) == (9, 23)  # the statement starts at SET
    assert text[first.start : first.end] == "SET NAMES utf8"
    assert result.text[second.start : second.end] == "SELECT 1"
    assert LineIndex(text).position(first.start) == (1, 10)


def test_mariadb_conditional_comment() -> None:
    assert statements("/*M!100100 SET @x = 1 */;", "mysql") == [(1, 12, "SET @x = 1")]


def test_plain_block_comment_in_mysql_is_not_unwrapped() -> None:
    text = "/* SET NAMES utf8 */;\nSELECT 1;"
    assert statements(text, "mysql") == [(2, 1, "SELECT 1")]


def test_conditional_comments_do_not_exist_in_postgres() -> None:
    assert statements("/*!40101 SET NAMES utf8 */;\nSELECT 1;", "postgres") == [(2, 1, "SELECT 1")]


MYSQLDUMP_TRIGGER = """\
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER ins BEFORE INSERT ON t FOR EACH ROW BEGIN
  SET NEW.a = 1;
  SET NEW.b = 'x;y';
END */;;
DELIMITER ;
SELECT 1;
"""


def test_mysqldump_trigger_under_double_semicolon_delimiter() -> None:
    result = split(MYSQLDUMP_TRIGGER, "mysql")
    got = [(result.text[s.start : s.end], s.client) for s in result.spans]
    trigger = got[1][0]
    assert got[0] == ("DELIMITER ;;", True)
    assert trigger.startswith("CREATE")
    assert " ".join(trigger.split()) == (
        "CREATE DEFINER=`root`@`localhost` TRIGGER ins BEFORE INSERT ON t FOR EACH ROW BEGIN "
        "SET NEW.a = 1; SET NEW.b = 'x;y'; END"
    )
    assert "/*" not in trigger and "*/" not in trigger
    assert got[2:] == [("DELIMITER ;", True), ("SELECT 1", False)]
    lines = LineIndex(MYSQLDUMP_TRIGGER)
    assert lines.position(result.spans[1].start) == (2, 10)
    assert lines.position(result.spans[3].start) == (7, 1)


def test_delimiter_slashes_with_procedure_body() -> None:
    text = (
        "DELIMITER //\n"
        "CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 'a//b';\nEND //\n"
        "DELIMITER ;\n"
        "SELECT 3;\n"
    )
    assert spans(text, "mysql") == [
        ("DELIMITER //", True),
        ("CREATE PROCEDURE p()\nBEGIN\n  SELECT 1;\n  SELECT 'a//b';\nEND", False),
        ("DELIMITER ;", True),
        ("SELECT 3", False),
    ]
    assert statements(text, "mysql")[1][:2] == (8, 1)


def test_delimiter_dollars_in_mysql() -> None:
    text = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;"
    assert [t for t, client in spans(text, "mysql") if not client] == [
        "CREATE PROCEDURE p() BEGIN SELECT 1; END",
        "SELECT 2",
    ]


# --- client commands ------------------------------------------------------------------------------------------


def test_psql_meta_commands_are_client_spans() -> None:
    text = "\\connect mydb\nCREATE TABLE a (x int);\n\\c other\n\\set ON_ERROR_STOP on\nCREATE TABLE b (y int);\n"
    assert spans(text, "postgres") == [
        ("\\connect mydb", True),
        ("CREATE TABLE a (x int)", False),
        ("\\c other", True),
        ("\\set ON_ERROR_STOP on", True),
        ("CREATE TABLE b (y int)", False),
    ]
    assert [(*LineIndex(text).position(s.start), s.client) for s in split(text, "postgres").spans] == [
        (1, 1, True), (2, 1, False), (3, 1, True), (4, 1, True), (5, 1, False),
    ]


def test_psql_meta_command_with_crlf() -> None:
    assert spans("SELECT 1;\r\n\\connect db\r\nSELECT 2;\r\n", "postgres") == [
        ("SELECT 1", False), ("\\connect db", True), ("SELECT 2", False),
    ]


def test_mysql_source_command_is_a_client_span() -> None:
    text = "source load.dump ;\nSELECT 1;\nSOURCE other.sql\nSELECT 2;"
    assert spans(text, "mysql") == [
        ("source load.dump ;", True),
        ("SELECT 1", False),
        ("SOURCE other.sql", True),
        ("SELECT 2", False),
    ]


def test_source_is_not_a_client_command_in_postgres() -> None:
    assert spans("source load.dump ;\nSELECT 1;", "postgres") == [("source load.dump", False), ("SELECT 1", False)]


PG_DUMP_COPY = """\
CREATE TABLE t (a int, b text);
COPY t (a, b) FROM stdin;
1\tx;y
2\t'unbalanced
3\t-- not a comment; $$ nor a quote
\\.
SELECT 1;
"""


def test_copy_from_stdin_data_is_skipped() -> None:
    result = split(PG_DUMP_COPY, "postgres")
    assert [(PG_DUMP_COPY[s.start : s.end], s.client) for s in result.spans] == [
        ("CREATE TABLE t (a int, b text)", False),
        ("COPY t (a, b) FROM stdin", False),
        ("SELECT 1", False),
    ]
    assert LineIndex(PG_DUMP_COPY).position(result.spans[2].start) == (7, 1)


def test_copy_at_start_of_file_with_empty_data_and_crlf() -> None:
    text = "COPY t (a) FROM STDIN;\r\n\\.\r\nSELECT 1;\r\n"
    assert spans(text, "postgres") == [("COPY t (a) FROM STDIN", False), ("SELECT 1", False)]


def test_copy_without_end_marker_swallows_the_rest() -> None:
    assert spans("SELECT 0;\nCOPY t (a) FROM stdin;\n1;\n2;\n", "postgres") == [
        ("SELECT 0", False), ("COPY t (a) FROM stdin", False),
    ]


def test_copy_to_stdout_has_no_data_block() -> None:
    assert spans("COPY t TO stdout;\nSELECT 1;\n", "postgres") == [("COPY t TO stdout", False), ("SELECT 1", False)]


# --- unterminated constructs ------------------------------------------------------------------------------------

UNTERMINATED = [
    ("postgres", "SELECT 1;\nSELECT 'abc;\nSELECT 2;", ("string literal", 17)),
    ("postgres", "SELECT E'ab\\';", ("string literal", 8)),
    ("postgres", 'SELECT "abc;', ("quoted identifier", 7)),
    ("postgres", "SELECT 1;\nCREATE FUNCTION f() AS $$ SELECT 1;", ("dollar-quoted string", 33)),
    ("postgres", "SELECT $tag$ x $$;", ("dollar-quoted string", 7)),
    ("postgres", "SELECT 1 /* a /* b */ c;", ("block comment", 9)),
    ("mysql", "SELECT 'it\\';", ("string literal", 7)),
    ("mysql", "SELECT `abc;", ("backtick identifier", 7)),
    ("mysql", "SELECT 1 /* abc;", ("block comment", 9)),
]


@pytest.mark.parametrize(("dialect", "text", "expected"), UNTERMINATED)
def test_unterminated(dialect: str, text: str, expected: tuple[str, int]) -> None:
    last = split(text, dialect).spans[-1]
    assert last.unterminated == expected
    assert last.end == len(text.rstrip())  # it runs to the end of the file
    kind, opener = expected
    assert text[opener] in "'\"`$/"


def test_unterminated_block_comment_after_last_statement() -> None:
    result = split("SELECT 1;\n/* never closed", "postgres")
    assert result.spans == [Span(0, 8), Span(10, 25, unterminated=("block comment", 10))]


# --- property: split returns exactly the statements it was given -----------------------------------------------

_WORD = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_TEXT = st.text(alphabet="abc XYZ;,.()-'\"", max_size=12)  # may contain the delimiter and quotes


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@st.composite
def _identifier(draw, dialect: str) -> str:
    kind = draw(st.sampled_from(["plain", "quoted"]))
    if kind == "plain":
        return draw(_WORD)
    body = draw(st.text(alphabet="ab ;.-'", min_size=1, max_size=8))
    return f'"{body}"' if dialect == "postgres" else f"`{body}`"


@st.composite
def _statement(draw, dialect: str) -> str:
    columns = []
    for _ in range(draw(st.integers(1, 3))):
        column = f"{draw(_identifier(dialect))} {draw(st.sampled_from(['int', 'text', 'varchar(20)']))}"
        if draw(st.booleans()):
            column += f" DEFAULT {_string(draw(_TEXT))}"
        columns.append(column)
    sep = draw(st.sampled_from([", ", ",\n  ", " ,"]))
    inner = draw(st.sampled_from(["", " /* inside; */ ", "\n"]))
    return f"CREATE TABLE{inner or ' '}{draw(_identifier(dialect))} ({sep.join(columns)})"


@st.composite
def _gap(draw, dialect: str) -> str:
    """Whitespace and comments between statements (never a statement's own text)."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        choice = draw(st.sampled_from(["ws", "line", "block", "hash"] if dialect == "mysql" else ["ws", "line", "block"]))
        comment = draw(st.text(alphabet="abc ;'\"-`$", max_size=10))
        if choice == "ws":
            parts.append(draw(st.text(alphabet=" \t\n\r", min_size=1, max_size=4)))
        elif choice == "line":
            parts.append(f"-- {comment}\n")
        elif choice == "hash":
            parts.append(f"# {comment}\n")
        else:
            parts.append(f"/* {comment} */")
    return draw(st.sampled_from(["", " ", "\n"])) + "".join(parts) + draw(st.sampled_from(["", " ", "\n"]))


@st.composite
def _script(draw, dialect: str) -> tuple[str, list[tuple[int, str]]]:
    text, expected = draw(_gap(dialect)), []
    statements_ = draw(st.lists(_statement(dialect), min_size=0, max_size=5))
    for i, stmt in enumerate(statements_):
        expected.append((len(text), stmt))
        text += stmt
        if i < len(statements_) - 1 or draw(st.booleans()):
            text += ";" + draw(_gap(dialect))
        else:  # the last statement without its `;`: a trailing comment would belong to it
            text += draw(st.text(alphabet=" \t\n", max_size=3))
    return text, expected


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
@settings(max_examples=scaled(100), deadline=None)
@given(data=st.data())
def test_split_returns_exactly_the_generated_statements(dialect: str, data) -> None:
    text, expected = data.draw(_script(dialect))
    result = split(text, dialect)
    assert result.text == text  # nothing to unwrap
    assert [(s.start, text[s.start : s.end]) for s in result.spans] == expected
    assert not any(s.client or s.unterminated for s in result.spans)


def test_begin_atomic_body_keeps_its_semicolons():
    text = (
        "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\n"
        "CREATE TABLE t (a int);\n"
    )
    spans = split(text, "postgres").spans
    assert [text[s.start:s.end].split()[0:2] for s in spans] == [["CREATE", "FUNCTION"], ["CREATE", "TABLE"]]
    assert text[spans[0].start:spans[0].end].endswith("END")
