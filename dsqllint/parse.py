"""One sqlglot tree per statement, each parsed in isolation, with helpers to locate nodes.

A statement sqlglot cannot parse keeps its tokens and its kind (from its leading keywords), so
rules can still judge it and the rest of the file is unaffected.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from sys import intern

import sqlglot
from sqlglot import exp, serde
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, TokenError
from sqlglot.expressions.core import Expr
from sqlglot.tokens import Token, TokenType

from dsqllint import dialect as _dsql_dialect  # noqa: F401  registers the "dsql" dialect
from dsqllint.source import Source
from dsqllint.split import Span, split

# sqlglot logs every Command fallback as a warning; we report those ourselves.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

READ_DIALECT = {"postgres": "dsql", "mysql": "mysql"}

# The longest statement that is tokenized and parsed (characters). Parsing costs about 250 bytes of
# memory and 3 µs per character of dense SQL: a 10 MB INSERT would take 2.5 GB. A longer statement is a
# DSQL001 finding; the rest of the file is linted as usual. mysqldump's extended INSERTs stay under it.
MAX_STATEMENT_CHARS = 2 * 1024 * 1024

# The deepest tree kept. sqlglot parses some chains with a loop (`a::t::t::t…`, `a.b.c…`) into trees far
# deeper than what recurses over them later (its generator, `.sql()`, overflows Python's stack at about
# 400 casts); such a statement is "nested too deeply", as when the parser itself runs out of stack.
# Chains of the operators sqlglot also generates with a loop (`x = 1 OR x = 2 OR …`, `a || b || …`) do
# not count: real views have OR chains thousands long.
MAX_TREE_DEPTH = 250
FLAT_CHAINS = (exp.And, exp.Or, exp.DPipe, exp.Add, exp.Sub, exp.Mul)

# Words that name the object of CREATE / ALTER / DROP, so `CREATE OR REPLACE TEMP VIEW` is a CREATE VIEW.
_OBJECT_WORDS = {
    "TABLE", "INDEX", "VIEW", "SEQUENCE", "TYPE", "FUNCTION", "PROCEDURE", "TRIGGER", "EXTENSION",
    "SCHEMA", "DATABASE", "DOMAIN", "ROLE", "USER", "GROUP", "POLICY", "RULE", "EVENT", "LANGUAGE",
    "SERVER", "AGGREGATE", "OPERATOR", "CAST", "COLLATION", "PUBLICATION", "SUBSCRIPTION",
    "STATISTICS", "TABLESPACE", "CONVERSION", "ROUTINE", "DEFAULT", "SYSTEM",
}
_OBJECT_PAIRS = {
    ("MATERIALIZED", "VIEW"), ("FOREIGN", "TABLE"), ("FOREIGN", "DATA"), ("TEXT", "SEARCH"),
    ("EVENT", "TRIGGER"), ("ACCESS", "METHOD"), ("USER", "MAPPING"), ("DEFAULT", "PRIVILEGES"),
    ("LARGE", "OBJECT"),
}
_VERBS_WITH_OBJECT = {"CREATE", "ALTER", "DROP", "COMMENT"}

# Kinds whose bodies sqlglot cannot read: procedural code (plpgsql, MySQL compound statements,
# SQL-standard function bodies) and client/admin commands it has no grammar for. When parsing one
# fails it stays opaque, for rules to judge by its keywords, rather than being a parse error.
OPAQUE_KINDS = {
    "CREATE FUNCTION", "CREATE PROCEDURE", "CREATE TRIGGER", "CREATE EVENT", "CREATE AGGREGATE",
    "ALTER FUNCTION", "ALTER PROCEDURE", "ALTER EVENT", "CREATE RULE", "CREATE OPERATOR", "DO",
    "FLUSH", "CREATE LANGUAGE", "ALTER LANGUAGE",
    # transaction and session control sqlglot only partly knows (BEGIN READ ONLY, RELEASE SAVEPOINT,
    # START TRANSACTION WITH CONSISTENT SNAPSHOT, MySQL LOCK TABLE t WRITE / CHECK / REPAIR TABLE)
    "BEGIN", "START", "RELEASE", "LOCK", "CHECK", "REPAIR",
    # PostgreSQL utility statements sqlglot has no grammar for, and DSQL's AWS IAM GRANT
    "UNLISTEN", "NOTIFY", "CLUSTER", "MOVE", "DEALLOCATE", "COMMENT", "COMMENT TRIGGER", "AWS", "SECURITY",
}


@dataclass
class Statement:
    """One statement of a file: where it is, its tokens, and its tree when sqlglot could build one."""

    index: int
    span: Span
    text: str  # the statement as parsed (conditional-comment markers blanked), without delimiter
    tokens: list[Token] = field(default_factory=list)  # offsets relative to span.start
    tree: exp.Expression | None = None
    kind: str = ""  # "CREATE TABLE", "ALTER TABLE", "CREATE TRIGGER", "SET", "client command", …
    error: str | None = None  # why it could not be parsed
    error_offset: int | None = None  # absolute offset of the failure
    # Per-statement results of helpers that several rules call (see rules.base.per_statement): each
    # rule asks, the first one computes. Valid as long as `tree` and `tokens` are not changed.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def opaque(self) -> bool:
        """True when rules have only tokens to go on: sqlglot fell back to Command or failed."""
        return self.tree is None or isinstance(self.tree, exp.Command)

    @property
    def client(self) -> bool:
        return self.span.client

    @property
    def words(self) -> list[str]:
        """Upper-cased texts of the tokens, for keyword matching on opaque statements (computed once
        per token list; do not modify it)."""
        cached = self.memo.get("words")
        if cached is None or cached[0] is not self.tokens:
            cached = self.memo["words"] = (self.tokens, [t.text.upper() for t in self.tokens])
        return cached[1]

    def has_words(self, *sequence: str) -> bool:
        """True when the token texts contain `sequence` contiguously (case-insensitive)."""
        return self.find_words(*sequence) is not None

    def find_words(self, *sequence: str, start: int = 0) -> Token | None:
        words = self.words
        n = len(sequence)
        if not n:
            return next((self.tokens[i] for i in range(start, len(words) + 1) if not self._is_quoted(i)), None)
        first, wanted, last = sequence[0], list(sequence), len(words) - n
        i = start - 1
        while True:
            try:
                i = words.index(first, i + 1)
            except ValueError:
                return None
            if i > last:
                return None
            if (n == 1 or words[i : i + n] == wanted) and not self._is_quoted(i):
                return self.tokens[i]

    def find_all(self, *types: type) -> list[exp.Expression]:
        """`self.tree.find_all(*types)` as a list, in the same (breadth-first) order, from one walk of
        the tree per statement instead of one per call."""
        tree = self.tree
        if tree is None:
            return []
        cached = self.memo.get("nodes")
        if cached is None or cached[0] is not tree:
            cached = self.memo["nodes"] = (tree, walk(tree))
        return [node for node in cached[1] if isinstance(node, types)]

    def _is_quoted(self, i: int) -> bool:
        return self.tokens[i].token_type in (TokenType.STRING, TokenType.IDENTIFIER)

    # --- locating nodes -------------------------------------------------------------------------
    def node_start(self, node: exp.Expression) -> int:
        """Absolute offset of a node: the earliest position among it and its descendants."""
        starts = [n.meta["start"] for n in _positioned(node)]
        return self.start + min(starts) if starts else self.start

    def node_end(self, node: exp.Expression) -> int:
        """Absolute offset just past the last positioned part of a node."""
        ends = [n.meta["end"] for n in _positioned(node)]
        return self.start + max(ends) + 1 if ends else self.start

    def token_start(self, token: Token) -> int:
        return self.start + token.start

    def token_end(self, token: Token) -> int:
        return self.start + token.end + 1

    def token_index(self, offset: int) -> int:
        """Index in `tokens` of the first token starting at or after absolute `offset` (a binary search:
        rules ask once per column or key part, and a scan each time is quadratic in wide statements)."""
        cached = self.memo.get("token_starts")
        if cached is None or cached[0] is not self.tokens:
            cached = self.memo["token_starts"] = (self.tokens, [t.start for t in self.tokens])
        return bisect.bisect_left(cached[1], offset - self.start)

    def token_after(self, offset: int, types: set[TokenType] | None = None, words: set[str] | None = None) -> Token | None:
        """The first token starting at or after absolute `offset` matching the given types or words."""
        tokens = self.tokens
        for k in range(self.token_index(offset), len(tokens)):
            t = tokens[k]
            if (types and t.token_type in types) or (words and t.text.upper() in words):
                return t
            if not types and not words:
                return t
        return None

    def token_before(self, offset: int, words: set[str]) -> Token | None:
        """The last token ending before absolute `offset` whose text is one of `words`."""
        rel = offset - self.start
        found = None
        for t in self.tokens:
            if t.start >= rel:
                break
            if t.text.upper() in words:
                found = t
        return found


class StoredStatement(Statement):
    """A statement of a very long file, kept between uses in a compact stored form: its tokens and its
    tree (sqlglot's own JSON form of it, `sqlglot.serde`) as zlib-compressed JSON.

    A live tree and its tokens take ~15 KB of memory per statement, 60,000 statements close to a
    gigabyte; stored, they take under 1 KB. The first rule that reads `tree` or `tokens` loads both;
    `LIVE_STATEMENTS` statements stay loaded, the least recently used is dropped back to its stored form
    (loading again gives an equal tree, though not the same object). Setting `tree` or `tokens` keeps
    the new value live for good."""

    @property
    def tree(self) -> exp.Expression | None:
        return self._live()[1]

    @tree.setter
    def tree(self, value: exp.Expression | None) -> None:
        self._pin(1, value)

    @property
    def tokens(self) -> list[Token]:
        return self._live()[0]

    @tokens.setter
    def tokens(self, value: list[Token]) -> None:
        self._pin(0, value)

    @property
    def opaque(self) -> bool:
        if "_opaque" not in self.__dict__:  # known from the moment it is stored: asking need not load it
            return super().opaque
        return self.__dict__["_opaque"]

    @property
    def stored(self) -> bool:
        """True when the statement has a stored form (it may be loaded as well)."""
        return "_blob" in self.__dict__

    def _pin(self, at: int, value) -> None:
        live = self._live() if self.stored else (self.__dict__.get("_loaded") or [[], None])
        self.__dict__.pop("_blob", None)  # set by hand: it stays live, and is no longer stored
        self.__dict__.pop("_opaque", None)
        live[at] = value
        self.__dict__["_loaded"] = live

    def _live(self) -> list:
        state = self.__dict__
        live = state.get("_loaded")
        if live is None:
            tokens, tree = json.loads(zlib.decompress(state["_blob"]))
            live = state["_loaded"] = [[Token(_TOKEN_TYPES[t[0]], *t[1:]) for t in tokens],
                                       serde.load(tree) if tree is not None else None]
            _loaded(self)
        return live

    def store(self) -> None:
        """Make the stored form of the tokens and the tree; they stay loaded until `release`."""
        tokens, tree = self._live()
        form = [[(t.token_type.name, t.text, t.line, t.col, t.start, t.end, t.comments) for t in tokens],
                serde.dump(tree) if tree is not None else None]
        self.__dict__["_blob"] = zlib.compress(json.dumps(form, separators=(",", ":")).encode(), 1)
        self.__dict__["_opaque"] = super().opaque

    def release(self) -> None:
        """Drop the loaded tokens and tree (what rules shared about them too): the stored form remains.
        The tree's parent links are cut, so it is freed at once: the cycle collector is paused while a
        file is linted, and a tree that lived a while would otherwise wait for a full collection."""
        if self.stored:
            live = self.__dict__.pop("_loaded", None)
            if live is not None and live[1] is not None:
                for node in walk(live[1]):
                    node.parent = None
            self.memo.clear()


_TOKEN_TYPES = TokenType.__members__

# How many stored statements stay loaded at once: rules read one statement after another, and a few
# whole-file scans read many; a few hundred live trees are a few megabytes.
LIVE_STATEMENTS = 256
_LOADED: OrderedDict[int, StoredStatement] = OrderedDict()


def _loaded(stmt: StoredStatement) -> None:
    """Count a statement as loaded; release the one loaded longest ago when too many are."""
    _LOADED[id(stmt)] = stmt
    if len(_LOADED) > LIVE_STATEMENTS:
        _LOADED.popitem(last=False)[1].release()


# From this many statements a file's statements are stored between uses (see StoredStatement). Below
# it every tree stays live: storing a statement and loading it once cost about as much as parsing it
# (0.12 + 0.12 ms against 0.2 ms on pg-6k), so a stored file lints in about 1.8 times the time.
STORE_FROM_STATEMENTS = 20_000


def walk(tree: exp.Expression) -> list[exp.Expression]:
    """`list(tree.walk())`: the node and its descendants, breadth first, in sqlglot's order (that of
    `Expression.bfs` / `iter_expressions`), without a generator per node."""
    nodes = [tree]
    append = nodes.append
    for node in nodes:  # the list grows while it is walked: a queue that keeps what it served
        for value in node.args.values():
            if isinstance(value, list):
                for v in value:
                    if isinstance(v, Expr):
                        append(v)
            elif isinstance(value, Expr):
                append(value)
    return nodes


def _positioned(node: exp.Expression):
    for n in walk(node):
        meta = n._meta
        if meta and "start" in meta:
            yield n


@lru_cache(maxsize=None)
def _dialect(name: str) -> Dialect:
    return Dialect.get_or_raise(READ_DIALECT.get(name, name))


def parse_source(source: Source, *, store: bool = False, on_parsed=None) -> list[Statement]:
    """Split and parse a whole file; never raises for bad SQL. `on_parsed(stmt)` is called as each
    statement is parsed. `store`: a file of STORE_FROM_STATEMENTS statements or more keeps them
    stored between uses (StoredStatement), so its memory stays flat; a caller that keeps references
    into the trees (beyond what `on_parsed` detaches) must not ask for it."""
    result = split(source.text, source.dialect)
    dialect = _dialect(source.dialect)
    parser = dialect.parser()
    tokenizer = dialect.tokenizer()  # one per file: `Dialect.tokenize` would build one per statement
    make = StoredStatement if store and len(result.spans) >= STORE_FROM_STATEMENTS else Statement
    statements = []
    for i, span in enumerate(result.spans):
        text = result.text[span.start : span.end]
        stmt = make(i, span, text)
        if span.client:
            stmt.kind = "client command"
        else:
            _parse_one(stmt, tokenizer, parser)
        if make is StoredStatement:
            stmt.store()  # before on_parsed, which may detach what it keeps from the tree
        if on_parsed is not None:
            on_parsed(stmt)
        statements.append(stmt)
        if make is StoredStatement:
            stmt.release()
    return statements


def _parse_one(stmt: Statement, tokenizer, parser) -> None:
    if stmt.span.unterminated:
        what, at = stmt.span.unterminated
        stmt.error = f"unterminated {what}"
        stmt.error_offset = at
        _tokenize_leniently(stmt, tokenizer)
        stmt.kind = classify(stmt.tokens)
        return
    if len(stmt.text) > MAX_STATEMENT_CHARS:
        stmt.error = (f"statement too long to analyse ({len(stmt.text):,} characters; dsqllint parses statements "
                      f"of up to {MAX_STATEMENT_CHARS:,})")
        stmt.error_offset = stmt.start
        _tokenize_leniently(stmt, tokenizer)
        stmt.kind = classify(stmt.tokens)
        return
    try:
        stmt.tokens = tokens = tokenizer.tokenize(stmt.text)
    except TokenError as err:
        stmt.error = f"cannot tokenize: {err}"
        stmt.error_offset = stmt.start
        _tokenize_leniently(stmt, tokenizer)
        stmt.kind = classify(stmt.tokens)
        return
    # One string per distinct word: a file repeats a few thousand words in millions of tokens, and
    # the tree's names are the tokens' strings (a tenth of the tokens' and trees' memory).
    for token in tokens:
        token.text = intern(token.text)
    stmt.kind = classify(stmt.tokens)
    if not stmt.tokens:
        return
    try:
        trees = [t for t in parser.parse(stmt.tokens, stmt.text) if t is not None]
    except ParseError as err:
        if stmt.kind not in OPAQUE_KINDS:
            stmt.error, stmt.error_offset = _describe(err, stmt)
        return
    except RecursionError:
        stmt.error, stmt.error_offset = "statement nested too deeply to analyse", stmt.start
        return
    except (IndexError, KeyError, TypeError, ValueError, AttributeError) as err:
        # sqlglot's parser itself fails on some malformed input instead of raising ParseError (an
        # IndexError past the last token of MySQL's `SET character`): the statement is unreadable, not
        # the file.
        if stmt.kind not in OPAQUE_KINDS:
            stmt.error = f"cannot parse this statement (the SQL parser failed: {type(err).__name__})"
            stmt.error_offset = stmt.start
        return
    # Each level of nesting takes a token at least: a short statement cannot be too deep.
    if len(stmt.tokens) > MAX_TREE_DEPTH // 2 and any(_too_deep(tree) for tree in trees):
        stmt.error, stmt.error_offset = "statement nested too deeply to analyse", stmt.start
        return
    if len(trees) == 1:
        stmt.tree = trees[0]
    elif stmt.kind not in OPAQUE_KINDS:  # a routine body's inner `;` splits it; anything else is wrong
        stmt.error, stmt.error_offset = "more than one statement without a delimiter between them", stmt.start


def _too_deep(tree: exp.Expression) -> bool:
    """Whether `tree` nests deeper than MAX_TREE_DEPTH, a chain of one FLAT_CHAINS operator counting once."""
    stack = [(tree, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        chain = type(node) if isinstance(node, FLAT_CHAINS) else None
        for value in node.args.values():
            for child in value if isinstance(value, list) else (value,):
                if isinstance(child, Expr):
                    d = depth if type(child) is chain else depth + 1
                    if d > MAX_TREE_DEPTH:
                        return True
                    push((child, d))
    return False


def _tokenize_leniently(stmt: Statement, tokenizer) -> None:
    """Tokens of the part before the failure, so the statement can still be classified."""
    text = stmt.text
    cut = (stmt.error_offset - stmt.start) if stmt.error_offset is not None else len(text)
    if len(text) > MAX_STATEMENT_CHARS:
        cut = 200  # enough to classify it; tokenizing megabytes only to say "CREATE TABLE" is not
    for end in (cut, min(len(text), 200)):
        try:
            stmt.tokens = tokenizer.tokenize(text[:end])
            return
        except TokenError:
            continue


def _describe(err: ParseError, stmt: Statement) -> tuple[str, int]:
    info = err.errors[0] if err.errors else {}
    message = _readable(info.get("description") or str(err).split("\n")[0])
    line, col = info.get("line"), info.get("col")
    offset = stmt.start
    if line and col:
        # sqlglot's col is the column of the offending token's last character.
        for t in stmt.tokens:
            if t.line == line and t.col == col:
                offset = stmt.start + t.start
                break
        else:
            offset = stmt.start + _offset_in(stmt.text, line, col)
    return message, offset


_TOKEN_REPR = re.compile(r"<Token token_type: [^,]+, text: (.*?), line: .*?>")
_MISSING_ARG = re.compile(r"Required keyword: '(\w+)' missing for <class '[\w.]*\.(\w+)'>")


def _readable(message: str) -> str:
    """sqlglot's messages name its internals; say it in SQL terms."""
    message = _MISSING_ARG.sub(lambda m: f"incomplete {_words(m.group(2))}", message)
    message = _TOKEN_REPR.sub(r"\1", message).replace("got SENTINEL", "got the end of the statement")
    return message


def _words(class_name: str) -> str:
    """`DefaultColumnConstraint` → `DEFAULT column constraint`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", class_name).lower()


def _offset_in(text: str, line: int, col: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return min(pos + max(col - 1, 0), len(text))


def classify(tokens: list[Token]) -> str:
    """The statement's kind from its leading keywords: `CREATE TRIGGER`, `ALTER TABLE`, `SET`, …"""
    if not tokens:
        return "empty"
    words = [t.text.upper() if t.token_type != TokenType.IDENTIFIER else "" for t in tokens[:40]]
    verb = words[0]
    if verb not in _VERBS_WITH_OBJECT:
        if verb in ("START", "BEGIN") and len(words) > 1 and words[1] in ("TRANSACTION", "WORK"):
            return "BEGIN"
        return verb
    for i in range(1, len(words)):
        word = words[i]
        if i + 1 < len(words) and (word, words[i + 1]) in _OBJECT_PAIRS:
            return f"{verb} {word} {words[i + 1]}"
        if word in _OBJECT_WORDS:
            return f"{verb} {word}"
        if verb == "COMMENT" and word == "ON":
            continue
        if word in ("ON", "AS", "(") and verb != "COMMENT":
            break
    return verb


def parse_sql(sql: str, dialect: str = "postgres") -> list[Statement]:
    """Convenience for tests and the API: parse a string."""
    return parse_source(Source("<string>", sql, dialect))


__all__ = ["Statement", "parse_source", "parse_sql", "classify", "sqlglot"]
