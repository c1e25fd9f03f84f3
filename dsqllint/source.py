"""Reading input: bytes → text, dialect detection, offset → (line, column)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

DIALECTS = ("postgres", "mysql")

# The largest input read (bytes). Linting keeps every statement's tokens and tree until the file is done,
# about 250 bytes of memory per byte of DDL, so this bounds a run at a few GB; a larger file is an input
# error (exit 2) naming the limit. Single statements have their own limit (parse.MAX_STATEMENT_CHARS).
MAX_FILE_BYTES = 16 * 1024 * 1024


class InputError(Exception):
    """A file that cannot be read as UTF-8 SQL; the message names the file."""


@dataclass
class Source:
    """One input file (or stdin) decoded to text."""

    path: str  # as the user gave it; "-" (or --stdin-filename) for stdin
    text: str
    dialect: str = "postgres"
    dialect_reason: str = "default"
    newline: str = "\n"
    had_bom: bool = False
    lines: "LineIndex" = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.text)


class LineIndex:
    """Maps character offsets to 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._text = text

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self._text)
        return self._text[start:end].rstrip("\r")


def decode(data: bytes, path: str) -> tuple[str, bool]:
    """UTF-8 with or without BOM; anything else is an InputError naming the byte."""
    had_bom = data.startswith(b"\xef\xbb\xbf")
    skipped = 3 if had_bom else 0  # reported offsets count from the start of the file, BOM included
    if had_bom:
        data = data[3:]
    if b"\x00" in data:
        offset = data.index(b"\x00") + skipped
        raise InputError(f"{path}: binary file (NUL byte at offset {offset}); expected UTF-8 SQL text")
    try:
        return data.decode("utf-8"), had_bom
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start + skipped}); "
            "re-encode the file as UTF-8"
        ) from None


def read_source(path: str | Path, dialect: str = "auto", data: bytes | None = None, *, detect: bool = True) -> Source:
    """Read and decode one file; `data` is given for stdin. `detect=False` leaves an "auto" dialect
    undecided (`Source.dialect == "auto"`) for the caller to settle with `decide_dialect`: a result
    cache knows the answer without scanning the text."""
    name = str(path)
    if data is None:
        try:
            if Path(path).stat().st_size > MAX_FILE_BYTES:
                _too_large(name, Path(path).stat().st_size)
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory") from None
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    if len(data) > MAX_FILE_BYTES:
        _too_large(name, len(data))
    text, had_bom = decode(data, name)
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    if dialect == "auto":
        dialect, reason = detect_dialect(text) if detect else ("auto", "")
    else:
        reason = "--dialect"
    return Source(name, text, dialect, reason, newline, had_bom)


def _too_large(name: str, size: int) -> None:
    raise InputError(f"{name}: too large to lint ({size / 2**20:.1f} MiB; dsqllint reads files of up to "
                     f"{MAX_FILE_BYTES // 2**20} MiB): split it, or leave the data out (pg_dump --schema-only, "
                     "mysqldump --no-data)")


# Clear signals only: a wrong guess costs a flood of parse errors, so each pattern must be
# something the other dialect cannot contain outside strings and comments.
_MYSQL_SIGNALS = [
    (re.compile(r"`[^`\n]+`"), "backtick identifiers"),
    (re.compile(r"\bENGINE\s*=", re.I), "ENGINE="),
    (re.compile(r"\bAUTO_INCREMENT\b", re.I), "AUTO_INCREMENT"),
    (re.compile(r"/\*!\d{5}"), "/*!NNNNN conditional comments"),
    # One line of horizontal space only: `^\s*` would rescan every run of blank lines from each of its lines.
    (re.compile(r"^[ \t]*DELIMITER[ \t]+\S+[ \t]*\r?$", re.I | re.M), "DELIMITER"),
    (re.compile(r"\b(?:TINY|MEDIUM|LONG)(?:INT|TEXT|BLOB)\b", re.I), "MySQL-only types"),
    (re.compile(r"\bUNSIGNED\b", re.I), "UNSIGNED"),
    # PostgreSQL has no DATETIME type; a column merely named datetime is followed by its type.
    (re.compile(r"\bDATETIME\s*(?:\(\s*\d\s*\)|\s(?:NOT\s+NULL|NULL|DEFAULT)\b)", re.I), "DATETIME"),
]
_POSTGRES_SIGNALS = [
    (re.compile(r"^--\s*PostgreSQL database dump", re.M), "pg_dump header"),
    (re.compile(r"\$[A-Za-z_]*\$"), "dollar quoting"),
    (re.compile(r"[\w)']::\w"), ":: casts"),
    (re.compile(r"^\\\w+", re.M), "psql meta-command"),
    (re.compile(r"\b(?:BIG)?SERIAL\b|\bbytea\b|\btimestamptz\b|\bjsonb\b", re.I), "PostgreSQL-only types"),
    (re.compile(r"\bpg_catalog\.", re.I), "pg_catalog"),
]


# Comments and the insides of strings are not code: `-- was ENGINE=InnoDB` in a PostgreSQL file, or
# `-- x::int` in a MySQL one, must not count. A cheap single pass, not a tokenizer: backslash escapes
# and `#` comments are honoured (MySQL), PostgreSQL's nested comments are not, an unterminated string
# or comment runs to the end, and /*!NNNNN conditional comments are kept (code to MySQL, and a signal).
# An unterminated string may end in a lone backslash (the sample below is cut at 400,000 characters):
# `\\?\Z` lets it match there too, or every later quote in it would rescan it to the end (quadratic).
_NOT_CODE = re.compile(
    r"'(?:[^'\\]|\\.)*(?:'|\\?\Z)"
    r'|"(?:[^"\\]|\\.)*(?:"|\\?\Z)'
    r"|`[^`]*`"
    r"|--[^\n]*"
    r"|#(?![>-])[^\n]*"  # MySQL; PostgreSQL's #> #>> #- operators are left alone
    r"|/\*(?!M?!)(?:[^*]|\*(?!/))*(?:\*/|\Z)",
    re.S,
)


def _blank_not_code(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == "`":
        return token  # a backtick identifier is itself a MySQL signal
    if token[0] in "'\"":
        return token[0] * 2  # keep an empty string: `'…'::text` is still a cast
    return " "


def decide_dialect(source: Source) -> Source:
    """Settle the dialect of a source read with `read_source(..., detect=False)`."""
    if source.dialect == "auto":
        source.dialect, source.dialect_reason = detect_dialect(source.text)
    return source


def detect_dialect(text: str) -> tuple[str, str]:
    """Decide postgres or mysql from clear signals; the stronger side wins, postgres on a tie."""
    sample = text if len(text) <= 400_000 else text[:400_000]
    code = _NOT_CODE.sub(_blank_not_code, sample)
    mysql = [why for pat, why in _MYSQL_SIGNALS if pat.search(code)]
    # The pg_dump header is itself a comment, so it is looked for in the raw text.
    postgres = [why for pat, why in _POSTGRES_SIGNALS if pat.search(sample if why == "pg_dump header" else code)]
    if len(mysql) > len(postgres):
        return "mysql", "auto: " + ", ".join(mysql)
    if postgres:
        return "postgres", "auto: " + ", ".join(postgres)
    return "postgres", "auto: no MySQL signal (default postgres)"
