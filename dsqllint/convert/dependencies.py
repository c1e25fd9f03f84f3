"""What a removal takes with it: statements that use an object the conversion removed.

When convert removes an object (a PL/pgSQL function, an aggregate, a partition, a MySQL stored
function), the statements that use it would fail on DSQL: a view calling the function, an SQL
function whose body queries the table, an index or a foreign key on the table. `remove_dependents`
finds them, recursively, and removes them too (the original kept as a comment, the report naming
the object and why it went). A CREATE TABLE is not removed for one clause: a foreign key, default,
check or generated expression that uses a removed object is taken out of it instead.

`dangling_foreign_keys` handles the opposite case: a MySQL dump made with FOREIGN_KEY_CHECKS=0 may
hold foreign keys to tables it never creates. They are written, commented out, after everything
else, to be added once those tables exist.

Names are compared by their last part, case-folded (a schema-qualified name matches its plain
form), which is how the files of the corpus refer to their own objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.tokens import TokenType

from dsqllint.catalog import argument_words, name_key
from dsqllint.convert.model import Block, Change
from dsqllint.fixes.common import creates
from dsqllint.fixes.foreign_keys import foreign_key_parts, table_sql

# what a CREATE … <word> makes, and how other statements use it
ROUTINES = {"FUNCTION", "AGGREGATE", "PROCEDURE"}  # used by calling: name(
RELATIONS = {"TABLE", "VIEW", "TYPE", "DOMAIN"}  # used by naming
_SKIP = {"OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "MATERIALIZED", "RECURSIVE", "GLOBAL", "LOCAL", "FOREIGN"}
_NAME_TOKENS = {TokenType.VAR, TokenType.IDENTIFIER}


@dataclass(frozen=True)
class Removed:
    display: str  # the object's name as the source wrote it
    reason: str  # why the first removal of the chain was made
    chain: tuple[str, ...] = ()  # the objects between it and the first removal, nearest first

    @property
    def text(self) -> str:
        return f"through {', '.join(self.chain)}: {self.reason}" if self.chain else self.reason

    def extended(self) -> Removed:
        """The removal as seen by a statement removed for using this object."""
        return Removed(self.display, self.reason, (self.display, *self.chain))


def _is_name(token) -> bool:
    """A token that can name an object: an identifier, or a word (keywords name objects too)."""
    text = token.text
    if token.token_type in _NAME_TOKENS:
        return True
    return (text[:1].isalpha() or text[:1] == "_") and text.replace("_", "").replace("$", "").isalnum()


def _key(token) -> str:
    """Lookup key of a name token: case-folded unless it was quoted with capitals."""
    quoted = token.token_type == TokenType.IDENTIFIER and token.text != token.text.lower()
    return token.text if quoted else token.text.lower()


def created_object(stmt) -> tuple[str, str, str, tuple[int, int]] | None:
    """(what: TABLE/VIEW/FUNCTION/…, lookup key, display name, token range of the name) of a
    CREATE statement, from its tokens (opaque statements included), else None."""
    return _created(stmt.tokens, stmt.words, stmt.text)


def _created(tokens, words, text) -> tuple[str, str, str, tuple[int, int]] | None:
    if not words or words[0] != "CREATE":
        return None
    i = 1
    while i < len(words) and (words[i] in _SKIP or words[i].startswith("DEFINER") or words[i] in ("=", "@")
                              or (i > 1 and words[i - 1] in ("=", "@"))):
        i += 1
    if i >= len(words):
        return None
    what = words[i]
    if what not in ROUTINES | RELATIONS:
        return None
    i += 1
    if words[i:i + 3] == ["IF", "NOT", "EXISTS"]:
        i += 3
    first = i
    while i < len(tokens) and _is_name(tokens[i]):
        if i + 1 < len(tokens) and tokens[i + 1].token_type == TokenType.DOT:
            i += 2
            continue
        last = tokens[i]
        key = _key(last)
        display = text[tokens[first].start:last.end + 1]
        return what, key, display, (first, i)
    return None


def _output_tokens(rw) -> tuple[list, str]:
    """The tokens of the statement as it will be written: its source tokens when no fix changed it."""
    from sqlglot.dialects.dialect import Dialect

    if not rw.dirty or rw.tree is None:
        if rw.text and rw.text != rw.stmt.text:  # rewritten as text (one action of an ALTER, a call renamed)
            try:
                return Dialect.get_or_raise(rw.dialect).tokenize(rw.text), rw.text
            except Exception:
                pass
        return rw.stmt.tokens, rw.stmt.text
    try:
        text = rw.tree.sql(dialect="dsql")
        return Dialect.get_or_raise("dsql").tokenize(text), text
    except Exception:  # not writable or readable as DSQL: what the source wrote is the next best
        return rw.stmt.tokens, rw.stmt.text


def _body_tokens(stmt, tokens) -> list:
    """Tokens of the SQL held in a function's string body (`AS $$ … $$` or `AS '…'`)."""
    from sqlglot.dialects.dialect import Dialect

    if not stmt.kind.endswith(("FUNCTION", "PROCEDURE")):
        return []
    out = []
    for token in tokens:
        strings = (TokenType.HEREDOC_STRING, TokenType.STRING, TokenType.RAW_STRING)
        if token.token_type in strings and " " in token.text.strip():
            try:
                # positional parameters ($1) read as words: sqlglot takes `$1,$2` for a dollar quote
                out.extend(Dialect.get_or_raise("postgres").tokenize(re.sub(r"\$(\d+)", r"_\1", token.text)))
            except Exception:  # not SQL (a PL body in another language, a message): nothing to read
                continue
    return out


def _arity(tokens, open_at: int) -> tuple[int, int, int]:
    """(arguments, of which with a DEFAULT, index of the closing parenthesis) of the parenthesised list
    opening at `open_at`; OUT parameters of a CREATE FUNCTION do not count."""
    words, close = argument_words(tokens, open_at)
    if words == [[]]:
        return 0, 0, close
    passed = [w for w in words if w[:1] != ["OUT"]]
    return len(passed), sum("DEFAULT" in w or "=" in w for w in passed), close


def _uses(tokens, skip: tuple[int, int] | None = None) -> tuple[set[tuple[str, int]], set[str]]:
    """(routines called with their argument counts, relations named) in a token list: the last part
    of each dotted name."""
    calls, names = set(), set()
    n = len(tokens)
    for i, token in enumerate(tokens):
        if skip and skip[0] <= i <= skip[1]:
            continue
        if not _is_name(token) or (i + 1 < n and tokens[i + 1].token_type == TokenType.DOT):
            continue
        key = _key(token)
        if i + 1 < n and tokens[i + 1].token_type == TokenType.L_PAREN:
            calls.add((key, _arity(tokens, i + 1)[0]))
            if _after_relation_keyword(tokens, i):  # `ON t(cols)`, `REFERENCES t(id)`, `INTO t(cols)`
                names.add(key)
        else:
            names.add(key)
    return calls, names


_RELATION_KEYWORDS = {"ON", "REFERENCES", "INTO", "TABLE", "FROM", "JOIN", "UPDATE"}


def _after_relation_keyword(tokens, i: int) -> bool:
    while i >= 2 and tokens[i - 1].token_type == TokenType.DOT:  # the first part of a dotted name
        i -= 2
    return i >= 1 and tokens[i - 1].text.upper() in _RELATION_KEYWORDS


class Removals:
    """The objects the file creates, and which of them the conversion removed. A routine call counts
    as using a removed routine when every creation of that name that takes as many arguments was
    removed (an overload kept in SQL still serves it)."""

    def __init__(self, rewrites: list) -> None:
        self.made: dict[tuple[str, str], list] = {}
        for rw in rewrites:
            obj = created_object(rw.stmt) if rw.part == 0 else None
            if obj is None:
                continue
            kind = "routine" if obj[0] in ROUTINES else "relation"
            arity = (0, 0)
            if kind == "routine":
                close = obj[3][1] + 1
                if close < len(rw.stmt.tokens) and rw.stmt.tokens[close].token_type == TokenType.L_PAREN:
                    count, defaults, _ = _arity(rw.stmt.tokens, close)
                    arity = (count - defaults, count)
            self.made.setdefault((kind, obj[1]), []).append((rw, obj[2], arity))
        self.because: dict[int, Removed] = {}  # id(rewrite) → the removal it was removed for

    def _hit(self, makers: list) -> Removed | None:
        if not makers or any(not rw.removed for rw, _, _ in makers):
            return None
        rw, display, _ = makers[0]
        through = self.because.get(id(rw))
        if through is not None:  # removed itself for what it used: name the chain down to the first removal
            return Removed(display, through.reason, through.chain)
        return Removed(display, _short(rw.removed))

    def relation(self, name: str) -> Removed | None:
        return self._hit(self.made.get(("relation", name), []))

    def routine(self, name: str, arity: int) -> Removed | None:
        makers = self.made.get(("routine", name), [])
        matching = [m for m in makers if m[2][0] <= arity <= m[2][1]]
        return self._hit(matching or makers)


def _used_names(rw) -> tuple[set[tuple[str, int]], set[str]]:
    """(routines called with their argument counts, relations named) by the statement as written out."""
    tokens, text = _output_tokens(rw)
    made = _created(tokens, [t.text.upper() for t in tokens], text)
    calls, names = _uses(tokens, made[3] if made else None)
    body_calls, body_names = _uses(_body_tokens(rw.stmt, tokens))
    return calls | body_calls, names | body_names


def _what_uses(used: tuple[set[tuple[str, int]], set[str]], removed: Removals) -> Removed | None:
    calls, names = used
    for name, arity in sorted(calls):
        if (hit := removed.routine(name, arity)) is not None:
            return hit
    for name in sorted(names):
        if (hit := removed.relation(name)) is not None:
            return hit
    return None


def _node_uses(node: exp.Expression, removed: Removals) -> Removed | None:
    for table in node.find_all(exp.Table):
        if (hit := removed.relation(name_key(table))) is not None:
            return hit
    for call in node.find_all(exp.Anonymous):
        if (hit := removed.routine(str(call.name).lower(), len(call.expressions))) is not None:
            return hit
    for kind in node.find_all(exp.DataType):
        if kind.this == exp.DataType.Type.USERDEFINED:
            key = name_key(str(kind.args.get("kind") or "").split(".")[-1].strip('"'))
            if (hit := removed.relation(key)) is not None:
                return hit
    return None


def _trim_table(rw, removed: Removals) -> bool:
    """Take out of a CREATE TABLE the clauses that use removed objects. True when what is left no
    longer uses any (the table stays)."""
    tree = rw.tree
    schema = tree.this if isinstance(tree, exp.Create) else None
    if not isinstance(schema, exp.Schema):
        return False
    table = creates(tree)
    for part in foreign_key_parts(tree, rw):
        hit = removed.relation(part.referenced_table)
        if hit is not None:
            part.node.pop()
            rw.change("", f"foreign key {part.describe(table)} removed: {hit.display} was removed ({hit.text})",
                      f"no foreign key enforces {part.describe(table)}", rw._first())
    for item in list(schema.expressions):
        constraints = item.constraints if isinstance(item, exp.ColumnDef) else [item]
        for constraint in list(constraints):
            hit = _node_uses(constraint, removed)
            if hit is None:
                continue
            what = constraint.sql(dialect="dsql")[:80]
            owner = f"{item.name}: " if isinstance(item, exp.ColumnDef) else ""
            constraint.pop()
            rw.change("", f"{owner}{what} removed: it uses {hit.display}, which was removed ({hit.text})",
                      "the application must do what the clause did", rw._first())
    return _node_uses(tree, removed) is None


def remove_dependents(rewrites: list) -> None:
    """Remove, recursively, every statement that uses an object another removal took away."""
    removed = Removals(rewrites)
    if not any(rw.removed for makers in removed.made.values() for rw, _, _ in makers):
        return  # nothing the file creates was removed
    used: dict[int, tuple] = {}
    changed = True
    while changed:
        changed = False
        for rw in rewrites:
            if rw.removed:
                continue
            if id(rw) not in used:
                used[id(rw)] = _used_names(rw)
            hit = _what_uses(used[id(rw)], removed)
            if hit is None:
                continue
            if creates(rw.tree) and _trim_table(rw, removed):
                used.pop(id(rw))
                continue
            rw.after.clear()
            rw.deferred.clear()
            rw.dml.clear()
            rw.remove("", f"it depends on {hit.display}, which was removed ({hit.text})",
                      f"recreate it in a DSQL form once what {hit.display} did has one")
            removed.because[id(rw)] = hit.extended()
            changed = True


def _short(reason: str) -> str:
    reason = reason.removeprefix("removed: ")
    return reason if len(reason) <= 160 else reason[:157] + "..."


_FK_CHECKS_OFF = re.compile(r"(?i)\bFOREIGN_KEY_CHECKS\s*=\s*0\b")


def dangling_foreign_keys(rewrites: list, source_text: str, dialect: str) -> list[Block]:
    """MySQL dumps made with FOREIGN_KEY_CHECKS=0: foreign keys to tables the file never creates are
    taken out and written, commented out, after all other statements."""
    if dialect != "mysql" or not _FK_CHECKS_OFF.search(source_text):
        return []
    tables = {creates(rw.tree) for rw in rewrites if not rw.removed and creates(rw.tree)}
    blocks: list[Block] = []
    for rw in rewrites:
        tree = rw.tree
        if rw.removed or tree is None:
            continue
        if creates(tree):
            for part in foreign_key_parts(tree, rw):
                if part.referenced_table and part.referenced_table not in tables:
                    part.node.pop()
                    blocks.append(_dangling_block(rw, part.add_statement(table_sql(tree, rw)), part.referenced_table,
                                                  part.describe(creates(tree))))
        elif isinstance(tree, exp.Alter):
            refs = [r for r in tree.find_all(exp.Reference)]
            missing = [name_key(r.this.this if isinstance(r.this, exp.Schema) else r.this) for r in refs]
            missing = [m for m in missing if m and m not in tables]
            if missing and len(tree.args.get("actions") or []) == 1:
                from dsqllint.fixes.common import to_sql

                blocks.append(_dangling_block(rw, to_sql(tree, rw), missing[0], f"on {name_key(tree.this)}"))
                rw.removed = "moved to the end, commented out"
                rw.silently = True
    return blocks


def _dangling_block(rw, statement: str, table: str, what: str) -> Block:
    line, column = rw.file.source.lines.position(rw.stmt.start)
    rw.changes.append(Change(
        line=line, column=column, code="DSQL303",
        summary=f"foreign key {what} commented out at the end: it references table {table}, which this file "
                "does not create", behaviour=f"add it after creating {table}", converted=False))
    rw.dirty = True
    body = "\n".join(f"-- {line}" for line in f"{statement};".splitlines())
    return Block(sql="", order=float("inf"),
                 comment=f"-- dsqllint: references table {table}, which this file does not create; "
                         f"add it after creating {table}:\n{body}")
