"""Splitting a file into statements with exact spans.

A regex-driven scanner that knows each dialect's strings, quoted identifiers, comments and
dollar quotes, so a `;` inside any of them never ends a statement. It also handles what only a
client understands: mysql's `DELIMITER` and `source`, psql's backslash meta-commands and COPY data
blocks, and mysqldump's `/*!NNNNN … */` conditional comments, which are unwrapped in place
(replaced by spaces of the same length) so every offset still points into the original file.
sqlglot then tokenizes each statement on its own: an unterminated string spoils one statement,
never the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A statement or client command: [start, end) in the file text, end before the delimiter."""

    start: int
    end: int
    client: bool = False  # DELIMITER, psql meta-command, mysql `source`: not SQL
    unterminated: tuple[str, int] | None = None  # what was left open at end of file, and where it opened


@dataclass
class SplitResult:
    text: str  # the file text with conditional-comment markers blanked (same length)
    spans: list[Span]


_LINE_END = re.compile(r"\n|\Z")
_CONDITIONAL = re.compile(r"/\*M?!\d*")  # mysqldump /*!40101 … */ and MariaDB /*M!100100 … */
# `$tag$`: a letter, `_` or any non-ASCII character of the BMP, then those or digits. The classes are
# written negated (same characters) because `[\x80-\uffff]` costs milliseconds to compile.
_TAG_START = r"[^\x00-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]"  # [A-Za-z_\x80-\uffff]
_TAG_CHAR = r"[^\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f\U00010000-\U0010ffff]"  # [A-Za-z0-9_\x80-\uffff]
_DOLLAR_TAG_RE = rf"\$(?:{_TAG_START}{_TAG_CHAR}*)?\$"
_DOLLAR_TAG = re.compile(_DOLLAR_TAG_RE)
_CLIENT_MYSQL = re.compile(r"(?i)(?:delimiter[ \t]+(\S+)|source[ \t]+\S|\\[.a-z])")
_CLIENT_PSQL = re.compile(r"\\[A-Za-z!?.]")
_ATOMIC = re.compile(r"(?i)\bBEGIN\s+ATOMIC\b")
_BLOCK_WORDS = re.compile(r"(?i)\bBEGIN\s+ATOMIC\b|\bCASE\b|\bEND\b")
_COPY_FROM_STDIN = re.compile(r"(?is)\s*COPY\b.*\bFROM\s+STDIN\b")  # used with .match(): no `^`, which pins to offset 0
_COPY_DATA_END = re.compile(r"^\\\.[ \t]*\r?$", re.M)

# Bodies of quoted things, matched from just after the opening quote up to the closing one.
_BODIES = {
    "'": re.compile(r"[^']*(?:''[^']*)*'"),
    "'\\": re.compile(r"[^'\\]*(?:(?:\\.|'')[^'\\]*)*'", re.S),
    '"': re.compile(r'[^"]*(?:""[^"]*)*"'),
    '"\\': re.compile(r'[^"\\]*(?:(?:\\.|"")[^"\\]*)*"', re.S),
    "`": re.compile(r"[^`]*(?:``[^`]*)*`"),
}


def _scanner(dialect: str, delimiter: str) -> re.Pattern[str]:
    """The pattern for the next thing that matters: a quote, a comment opener, or the delimiter."""
    parts = [re.escape(delimiter), r"'", r'"', r"/\*", r"--"]
    if dialect == "mysql":
        parts += [r"`", r"#", r"\*/"]
    else:
        parts += [_DOLLAR_TAG_RE]
    return re.compile("|".join(parts))


class _Scanner:
    def __init__(self, text: str, dialect: str) -> None:
        self.text = text
        self.dialect = dialect
        self.mysql = dialect == "mysql"
        self.delimiter = ";"
        self.pattern = _scanner(dialect, self.delimiter)
        self.blank: list[tuple[int, int]] = []  # conditional-comment markers to replace by spaces
        self.conditional_depth = 0

    def set_delimiter(self, delimiter: str) -> None:
        self.delimiter = delimiter
        self.pattern = _scanner(self.dialect, delimiter)

    # --- skipping whitespace and comments between statements -------------------------------
    def skip_gap(self, pos: int) -> int:
        text, n = self.text, len(self.text)
        while pos < n:
            ch = text[pos]
            if ch.isspace():
                pos += 1
            elif text.startswith("--", pos) and (not self.mysql or pos + 2 >= n or text[pos + 2].isspace()):
                pos = _LINE_END.search(text, pos).end()
            elif self.mysql and ch == "#":
                pos = _LINE_END.search(text, pos).end()
            elif self.is_conditional(pos):
                pos = self.open_conditional(pos)
            elif text.startswith("/*", pos):
                end = self.block_comment_end(pos)
                if end is None:
                    return pos  # unterminated comment: let the statement scanner report it
                pos = end
            elif self.mysql and self.conditional_depth and text.startswith("*/", pos):
                self.blank.append((pos, pos + 2))
                self.conditional_depth -= 1
                pos += 2
            elif ch == ";" and self.delimiter != ";":
                pos += 1  # a stray `;` after `END;;` style delimiters
            else:
                return pos
        return pos

    def is_conditional(self, pos: int) -> bool:
        return self.mysql and _CONDITIONAL.match(self.text, pos) is not None

    def open_conditional(self, pos: int) -> int:
        m = _CONDITIONAL.match(self.text, pos)
        self.blank.append((pos, m.end()))
        self.conditional_depth += 1
        return m.end()

    def block_comment_end(self, pos: int) -> int | None:
        """End offset of the /* … */ comment at pos (PostgreSQL comments nest), None if unterminated."""
        if self.mysql:
            end = self.text.find("*/", pos + 2)
            return None if end < 0 else end + 2
        depth, i = 0, pos
        opener_or_closer = re.compile(r"/\*|\*/")
        while True:
            m = opener_or_closer.search(self.text, i)
            if m is None:
                return None
            depth += 1 if m.group() == "/*" else -1
            i = m.end()
            if depth == 0:
                return i

    # --- one statement ------------------------------------------------------------------------
    def client_command(self, pos: int) -> Span | None:
        text = self.text
        if self.mysql:
            m = _CLIENT_MYSQL.match(text, pos)
            if m:
                end = _LINE_END.search(text, pos).end()
                if m.group(1):
                    self.set_delimiter(m.group(1))
                return Span(pos, end, client=True)
        elif _CLIENT_PSQL.match(text, pos):
            return Span(pos, _LINE_END.search(text, pos).end(), client=True)
        return None

    def statement(self, start: int) -> tuple[Span, int]:
        """Scan one statement from `start`; return its span and where the next one may begin."""
        text, n = self.text, len(self.text)
        pos = start
        while True:
            m = self.pattern.search(text, pos)
            if m is None:
                return Span(start, n), n
            tok, pos = m.group(), m.start()
            if tok == self.delimiter:
                if not self.mysql and self._inside_atomic_body(start, pos):
                    pos += len(tok)
                    continue
                return Span(start, pos), pos + len(tok)
            if tok in ("'", '"', "`"):
                key = tok
                if tok != "`" and (self.mysql or (tok == "'" and self._is_escape_string(pos))):
                    key = tok + "\\"
                body = _BODIES[key].match(text, pos + 1)
                if body is None:
                    kind = {"'": "string literal", '"': "quoted identifier" if not self.mysql else "string literal",
                            "`": "backtick identifier"}[tok]
                    return Span(start, n, unterminated=(kind, pos)), n
                pos = body.end()
            elif tok == "--":
                if self.mysql and pos + 2 < n and not text[pos + 2].isspace():
                    pos += 2
                    continue
                pos = _LINE_END.search(text, pos).end()
            elif tok == "#":
                pos = _LINE_END.search(text, pos).end()
            elif tok == "/*":
                if self.is_conditional(pos):
                    pos = self.open_conditional(pos)
                    continue
                end = self.block_comment_end(pos)
                if end is None:
                    return Span(start, n, unterminated=("block comment", pos)), n
                pos = end
            elif tok == "*/":
                if self.conditional_depth:
                    self.blank.append((pos, pos + 2))
                    self.conditional_depth -= 1
                pos += 2
            else:  # a dollar-quote opener
                if pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
                    pos += 1  # `a$b$` is part of an identifier, not a quote
                    continue
                close = text.find(tok, pos + len(tok))
                if close < 0:
                    return Span(start, n, unterminated=("dollar-quoted string", pos)), n
                pos = close + len(tok)

    def _inside_atomic_body(self, start: int, pos: int) -> bool:
        """A SQL-standard function body `BEGIN ATOMIC … END` holds `;`s of its own (as psql knows).
        Approximate: words inside strings and comments are counted too."""
        head = self.text[start:pos]
        if "atomic" not in head.lower() or not _ATOMIC.search(head):
            return False
        depth = 0
        for m in _BLOCK_WORDS.finditer(head):
            depth += -1 if m.group().upper() == "END" else 1
        return depth > 0

    def _is_escape_string(self, quote: int) -> bool:
        """E'…' strings take backslash escapes in PostgreSQL."""
        if quote == 0 or self.text[quote - 1] not in "eE":
            return False
        return quote == 1 or not (self.text[quote - 2].isalnum() or self.text[quote - 2] in "_$")

    def skip_copy_data(self, span: Span, pos: int) -> int:
        """pg_dump's `COPY … FROM stdin;` is followed by raw data up to a `\\.` line."""
        if self.mysql or not _COPY_FROM_STDIN.match(self.text, span.start, span.end):
            return pos
        m = _COPY_DATA_END.search(self.text, pos)
        return len(self.text) if m is None else m.end()


def split(text: str, dialect: str) -> SplitResult:
    scanner = _Scanner(text, dialect)
    spans: list[Span] = []
    pos, n = 0, len(text)
    while True:
        pos = scanner.skip_gap(pos)
        if pos >= n:
            break
        client = scanner.client_command(pos)
        if client is not None:
            spans.append(client)
            pos = client.end
            continue
        span, pos = scanner.statement(pos)
        spans.append(span)
        pos = scanner.skip_copy_data(span, pos)
    unwrapped = text
    if scanner.blank:
        chars = list(text)
        for a, b in scanner.blank:
            chars[a:b] = " " * (b - a)
        unwrapped = "".join(chars)
    # Trim against the unwrapped text: a closing `*/` of a conditional comment is blank there.
    spans = [s for s in (_trim(unwrapped, s) for s in spans) if s.end > s.start]
    return SplitResult(unwrapped, spans)


def _trim(text: str, span: Span) -> Span:
    end = span.end
    while end > span.start and text[end - 1].isspace():
        end -= 1
    if end == span.end:
        return span
    return Span(span.start, end, span.client, span.unterminated)
