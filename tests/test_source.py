"""Tests for reading input (dsqllint/source.py): decoding, line index, dialect detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsqllint.source import InputError, LineIndex, decode, detect_dialect, read_source

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


# --- decoding -------------------------------------------------------------------------------------------------


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.sql"
    path.write_bytes(b"\xef\xbb\xbfCREATE TABLE t (a int);\n")
    source = read_source(path)
    assert source.had_bom is True
    assert source.text == "CREATE TABLE t (a int);\n"
    assert source.lines.position(0) == (1, 1)  # columns count from after the BOM


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "plain.sql"
    path.write_bytes("SELECT 'é';\n".encode())
    source = read_source(path)
    assert (source.had_bom, source.text, source.path) == (False, "SELECT 'é';\n", str(path))


def test_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.sql"
    path.write_bytes("SELECT 1;\n-- ok\nSELECT 'café';\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_source(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: not valid UTF-8")
    assert "0xe9" in message
    assert "\n" not in message


def test_invalid_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(InputError, match=r"^x\.sql:1: .*at offset 4\)"):
        decode(b"\xef\xbb\xbfa\xff", "x.sql")


def test_nul_byte_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.sql"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary") as info:
        read_source(path)
    assert str(path) in str(info.value)


def test_utf16_is_rejected_as_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode("SELECT 1;".encode("utf-16"), "u16.sql")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.sql"
    with pytest.raises(InputError, match="no such file") as info:
        read_source(path)
    assert str(path) in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory") as info:
        read_source(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_stdin_data_is_decoded_under_the_given_name() -> None:
    source = read_source("from-stdin.sql", data=b"CREATE TABLE t (id serial);")
    assert (source.path, source.text, source.dialect) == ("from-stdin.sql", "CREATE TABLE t (id serial);", "postgres")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sql"
    path.write_bytes(b"")
    source = read_source(path)
    assert (source.text, source.newline, source.had_bom) == ("", "\n", False)
    assert source.lines.position(0) == (1, 1)


@pytest.mark.parametrize(
    ("data", "newline"),
    [(b"SELECT 1;\r\nSELECT 2;\r\n", "\r\n"), (b"SELECT 1;\nSELECT 2;\n", "\n"), (b"SELECT 1;", "\n")],
)
def test_newline_detection(data: bytes, newline: str) -> None:
    source = read_source("x.sql", data=data)
    assert source.newline == newline
    assert source.text == data.decode()  # CRs are kept: offsets index the file as given


# --- line index -----------------------------------------------------------------------------------------------


def test_line_index_positions() -> None:
    text = "ab\ncd\n\nef"
    lines = LineIndex(text)
    assert [lines.position(i) for i in range(len(text) + 1)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1), (4, 1), (4, 2), (4, 3),
    ]


def test_line_index_counts_characters_not_bytes() -> None:
    text = "-- héllo 日本\nSELECT 'ü', x;"
    lines = LineIndex(text)
    assert lines.position(text.index("日")) == (1, 10)
    assert lines.position(text.index("x;")) == (2, 13)
    assert lines.line_text(1) == "-- héllo 日本"
    assert lines.line_text(2) == "SELECT 'ü', x;"


def test_line_index_crlf() -> None:
    text = "SELECT 1;\r\nSELECT 2;\r\n"
    lines = LineIndex(text)
    assert lines.position(text.index("SELECT 2")) == (2, 1)
    assert lines.line_text(1) == "SELECT 1;"  # no trailing \r
    assert lines.line_text(2) == "SELECT 2;"
    assert lines.line_text(3) == ""


# --- dialect detection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((CORPUS / "mysql").glob("*.sql")), ids=lambda p: p.name)
def test_corpus_mysql_detected(path: Path) -> None:
    source = read_source(path)
    assert source.dialect == "mysql", source.dialect_reason


@pytest.mark.parametrize("path", sorted((CORPUS / "postgres").glob("*.sql")), ids=lambda p: p.name)
def test_corpus_postgres_detected(path: Path) -> None:
    source = read_source(path)
    assert source.dialect == "postgres", source.dialect_reason


def test_corpus_is_not_empty() -> None:
    assert len(list((CORPUS / "mysql").glob("*.sql"))) >= 5
    assert len(list((CORPUS / "postgres").glob("*.sql"))) >= 5


DETECT = [
    # (text, dialect, a word the reason must contain)
    ("CREATE TABLE `t` (a int);", "mysql", "backtick"),
    ("CREATE TABLE t (a int) ENGINE=InnoDB;", "mysql", "ENGINE="),
    ("CREATE TABLE t (id int AUTO_INCREMENT PRIMARY KEY);", "mysql", "AUTO_INCREMENT"),
    ("/*!40101 SET NAMES utf8 */;", "mysql", "conditional"),
    ("DELIMITER //\nCREATE PROCEDURE p() BEGIN END //\nDELIMITER ;\n", "mysql", "DELIMITER"),
    ("CREATE TABLE t (a TINYINT, b LONGTEXT);", "mysql", "MySQL-only types"),
    ("CREATE TABLE t (a INT UNSIGNED);", "mysql", "UNSIGNED"),
    ("CREATE TABLE t (created DATETIME(6) NOT NULL);", "mysql", "DATETIME"),
    ("CREATE TABLE t (id serial PRIMARY KEY);", "postgres", "PostgreSQL-only types"),
    ("--\n-- PostgreSQL database dump\n--\nCREATE TABLE t (a int);", "postgres", "pg_dump header"),
    ("SELECT 'x'::text;", "postgres", ":: casts"),
    ("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;", "postgres", "dollar quoting"),
    ("\\connect db\nCREATE TABLE t (a int);", "postgres", "psql meta-command"),
    ("CREATE TABLE t (a int);", "postgres", "default"),
    ("", "postgres", "default"),
]


@pytest.mark.parametrize(("text", "dialect", "why"), DETECT)
def test_detect_dialect(text: str, dialect: str, why: str) -> None:
    got, reason = detect_dialect(text)
    assert got == dialect
    assert reason.startswith("auto: ")
    assert why in reason


def test_tie_goes_to_postgres() -> None:
    assert detect_dialect("CREATE TABLE `t` (id bigserial);")[0] == "postgres"


def test_more_mysql_signals_win() -> None:
    dialect, reason = detect_dialect("CREATE TABLE `t` (id int AUTO_INCREMENT, b bytea) ENGINE=InnoDB;")
    assert dialect == "mysql"
    assert "backtick" in reason and "ENGINE=" in reason and "AUTO_INCREMENT" in reason


# Look-alikes: the other dialect's words only inside comments or strings are not signals.
LOOK_ALIKES = [
    ("CREATE TABLE t (a int); -- ported from MySQL, ENGINE=InnoDB dropped\n", "postgres"),
    ("/* was: id int AUTO_INCREMENT, `quoted` */\nCREATE TABLE t (id int);", "postgres"),
    ("CREATE TABLE t (a int);\nCOMMENT ON TABLE t IS 'was AUTO_INCREMENT, ENGINE=MyISAM';", "postgres"),
    ("SELECT 'use `backticks` in MySQL';", "postgres"),
    ("CREATE TABLE t (a int) ENGINE=InnoDB; -- in PostgreSQL: a::bigint, SERIAL\n", "mysql"),
    ("# cast with x::int in PostgreSQL; don't\nCREATE TABLE t (a int) ENGINE=InnoDB;", "mysql"),
    ("CREATE TABLE t (a varchar(9) DEFAULT 'it\\'s $$ ::x') ENGINE=InnoDB;", "mysql"),
    ("CREATE TABLE log (datetime timestamp);\nCREATE INDEX ON log (datetime);", "postgres"),
    ("SELECT data #>> '{a,b}' FROM t; CREATE TABLE x (id bigserial);", "postgres"),
]


@pytest.mark.parametrize(("text", "dialect"), LOOK_ALIKES)
def test_signals_in_comments_and_strings_do_not_count(text: str, dialect: str) -> None:
    assert detect_dialect(text)[0] == dialect, detect_dialect(text)[1]


def test_explicit_dialect_skips_detection() -> None:
    source = read_source("x.sql", dialect="mysql", data=b"CREATE TABLE t (id serial);")
    assert (source.dialect, source.dialect_reason) == ("mysql", "--dialect")


def test_detection_is_fast_on_pathological_input() -> None:
    import time

    start = time.perf_counter()
    detect_dialect("/*" * 100_000 + "'" * 50_001 + "--" * 50_000)
    assert time.perf_counter() - start < 2.0
