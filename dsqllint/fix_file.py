"""`dsqllint lint --fix`: the convert fixes applied to a PostgreSQL file in place.

Only the statements a fix rewrote change: each is spliced into its own span (the statement and its
`;`), so every other byte of the file (comments, blank lines, line endings, a BOM, the trailing
newline) stays as it was. Which fixes are applied, following ruff:

* safe fixes (the change report says the behaviour on DSQL is the same) by default; fixes that change
  behaviour (an index built in the background, `jsonb` becoming `json`, a statement with no DSQL form
  removed, …) only with `unsafe=True` (`--unsafe-fixes`);
* only statements the lint reports a finding in (warning or error, after the configuration's
  selection and the file's `-- dsqllint: ignore` comments); `convert`'s clean-ups of dump noise
  (`SET` lines, `OWNER TO`, `BEGIN`/`COMMIT`) only where DSQL rejects the statement (an error), and
  as behaviour changes: they remove what the user wrote;
* never a statement sqlglot could not parse;
* fixes that reach across statements (a primary key pg_dump adds later moved into its CREATE TABLE,
  an enum type replaced in the columns using it) are applied together or not at all: a statement
  removed is grouped with the edits of the statements creating what it names and of those naming
  what it created (see `_groups`), and a group is applied only when every edit in it may be.

MySQL files are refused: making them DSQL DDL rewrites nearly every statement; `dsqllint convert`
writes a new file for that.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import TokenType

from dsqllint.convert.model import ConvertOptions, StatementEdit
from dsqllint.findings import Severity
from dsqllint.parse import Statement
from dsqllint.selection import Selection
from dsqllint.source import Source
from dsqllint.target import Target

BOM = b"\xef\xbb\xbf"


class FixRefused(Exception):
    """A file --fix does not rewrite (MySQL); the message names the file and what to do instead."""


@dataclass
class FileFix:
    """What fixing one file did, or would do."""

    path: str
    before: str  # the file text (without BOM)
    after: str
    applied: list[StatementEdit] = field(default_factory=list)
    unsafe: int = 0  # statements left as they were: their fix changes behaviour (--unsafe-fixes applies it)
    held: int = 0  # statements left as they were for another reason (see the module docstring)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        """A unified diff of the change, as `diff -u` (and ruff --diff) print it."""
        lines = difflib.unified_diff(self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
                                     fromfile=self.path, tofile=self.path)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def fix_source(source: Source, target: Target | None = None, selection: Selection | None = None,
               options: ConvertOptions | None = None, *, unsafe: bool = False) -> FileFix:
    """Fix one decoded file (its dialect decided). Raises FixRefused for MySQL."""
    from dsqllint.convert.pipeline import convert_source
    from dsqllint.engine import lint_source

    if source.dialect == "mysql":
        raise FixRefused(
            f"{source.path}: MySQL DDL ({source.dialect_reason}): --fix rewrites PostgreSQL files in place only; "
            f"convert MySQL into a new file with `dsqllint convert {source.path} -o OUT.sql`")
    target = target or Target.parse(None)
    linted = lint_source(source, target, selection)
    flagged = _flagged_statements(linted, Severity.WARNING)
    rejected = _flagged_statements(linted, Severity.ERROR)
    edits = convert_source(source, target, options or ConvertOptions(), fold_sequences=False).edits
    fix = FileFix(path=source.path, before=source.text, after=source.text)
    if not edits:
        return fix
    statements = linted.statements
    # convert's clean-ups of dump noise (SET, OWNER TO, BEGIN/COMMIT removed whether or not a rule
    # flagged them) are independent of every other edit. In a file they remove what the user wrote,
    # so only a statement DSQL rejects (an error finding) is removed, and as a behaviour change.
    cleanups = {id(e) for e in edits if e.changes and all(c.code == "" for c in e.changes)}
    fix.held += sum(id(e) in cleanups and e.index not in rejected for e in edits)
    edits = [e for e in edits if id(e) not in cleanups or e.index in rejected]
    for group in _groups(edits, statements):
        # an edit with no change of its own got it from a removal in its group; alone, it is held
        blocked = all(not edit.changes for edit in group)
        unsafe_only = False
        # the rules whose fixes the group applies to statements they flagged: an edit they make to an
        # unflagged statement is a consequence (an index on a column their fix made json goes too)
        fixed_here = {c.code for e in group if e.index in flagged for c in e.changes if c.code}
        for edit in group:
            codes = {c.code for c in edit.changes}
            if edit.parse_error or statements[edit.index].error is not None:
                blocked = True
            elif edit.changes and edit.index not in flagged and not ("" not in codes and codes <= fixed_here):
                blocked = True  # a change to a statement no rule flagged here: not this file's fix
            elif (edit.changes_behaviour or id(edit) in cleanups) and not unsafe:
                unsafe_only = True
        if blocked:
            fix.held += len(group)
        elif unsafe_only:
            fix.unsafe += len(group)
        else:
            fix.applied.extend(group)
    fix.applied = sorted((_as_in_file(e, source.text, source.newline) for e in fix.applied), key=lambda e: e.start)
    if any(a.end > b.start for a, b in zip(fix.applied, fix.applied[1:])):
        raise RuntimeError("two fixes overlap; the file is left as it was")
    fix.after = splice(source.text, fix.applied)
    if fix.changed and _parse_errors(fix.after, source) > _parse_errors(source.text, source):
        raise RuntimeError("the fixed text has a statement sqlglot cannot parse; the file is left as it was")
    return fix


def _parse_errors(text: str, source: Source) -> int:
    from dsqllint.parse import parse_source

    return sum(stmt.error is not None for stmt in parse_source(Source(source.path, text, source.dialect)))


def splice(text: str, edits: list[StatementEdit]) -> str:
    """`text` with each edit's span replaced by its text."""
    out, at = [], 0
    for edit in sorted(edits, key=lambda e: e.start):
        out.append(text[at:edit.start])
        out.append(edit.text)
        at = edit.end
    out.append(text[at:])
    return "".join(out)


def _as_in_file(edit: StatementEdit, text: str, newline: str) -> StatementEdit:
    """The edit as written into the file: line breaks as the file's; a statement removed without a
    trace takes its line with it when nothing else is on that line."""
    start, end = edit.start, edit.end
    replacement = edit.text.replace("\r\n", "\n")
    if newline != "\n":
        replacement = replacement.replace("\n", newline)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    rest_of_line = text[end:line_end].strip()
    if not replacement:
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip() and not rest_of_line:
            start, end = line_start, line_end
    elif rest_of_line and replacement.rsplit("\n", 1)[-1].lstrip().startswith("--"):
        replacement += newline  # what follows on the line (another statement) must not become comment
    return dataclasses.replace(edit, start=start, end=end, text=replacement)


def _flagged_statements(linted, at_least: Severity) -> set[int]:
    """Indexes of the statements holding a finding of severity `at_least` (WARNING: or ERROR)."""
    import bisect

    severities = {Severity.ERROR} if at_least == Severity.ERROR else {Severity.ERROR, Severity.WARNING}
    lines = linted.source.lines
    starts = [lines.position(s.start) for s in linted.statements]
    return {bisect.bisect_right(starts, (f.line, f.column)) - 1 for f in linted.findings if f.severity in severities}


def _groups(edits: list[StatementEdit], statements: list[Statement]) -> list[list[StatementEdit]]:
    """Edits that must be applied together. A fix reaches across statements only by removing one
    whose content it moves into another: pg_dump's `ALTER TABLE … ADD PRIMARY KEY` (or an identity)
    into the table's CREATE TABLE, an enum type into CHECKs on the columns using it. So a removal is
    linked with every edit of a statement that creates an object the removed one names, and with
    every edit of a statement naming an object the removed one created. Union-find."""
    parent = list(range(len(edits)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    names = [_names(statements[e.index]) for e in edits]
    created = [_created(statements[e.index], names[i]) for i, e in enumerate(edits)]
    creators: dict[str, list[int]] = {}
    namers: dict[str, list[int]] = {}
    for i in range(len(edits)):
        for name in created[i]:
            creators.setdefault(name, []).append(i)
        for name in names[i]:
            namers.setdefault(name, []).append(i)
    for i, edit in enumerate(edits):
        if not edit.removes:
            continue
        linked = [j for name in names[i] for j in creators.get(name, ())]
        linked += [j for name in created[i] for j in namers.get(name, ())]
        for j in linked:
            parent[root(j)] = root(i)
    groups: dict[int, list[StatementEdit]] = {}
    for i, edit in enumerate(edits):
        groups.setdefault(root(i), []).append(edit)
    return list(groups.values())


def _created(stmt: Statement, names: set[str]) -> set[str]:
    """The object a CREATE statement creates (lower-case, unqualified); when that cannot be told,
    every name the statement holds (too many links only make groups larger, never wrong)."""
    if not stmt.kind.startswith("CREATE "):
        return set()
    tree = stmt.tree
    if isinstance(tree, exp.Create) and not isinstance(tree, exp.Command):
        target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
        if isinstance(target, exp.Expression) and target.name:  # a table, index, function, …
            return {target.name.lower()}
    # only tokens: the (possibly qualified) name after the kind's words and IF NOT EXISTS
    words, tokens = stmt.words, stmt.tokens
    last_word = stmt.kind.split()[-1]
    if last_word not in words[1:]:
        return names
    k = words.index(last_word, 1) + 1  # CREATE [OR REPLACE] [UNIQUE] TYPE|SEQUENCE|… name
    if words[k:k + 3] == ["IF", "NOT", "EXISTS"]:
        k += 3
    while k + 2 < len(tokens) and tokens[k + 1].token_type == TokenType.DOT:
        k += 2
    if k < len(tokens) and tokens[k].token_type in (TokenType.VAR, TokenType.IDENTIFIER):
        return {tokens[k].text.lower()}
    return names


_NAME_TOKENS = {TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING}


def _names(stmt: Statement) -> set[str]:
    """Every name a statement holds, lower-case and unqualified: its identifiers and its string
    literals (`nextval('public.seq')`). Read from the tokens, not the tree, so no name is missed
    however it is written (quoted, with comments around it); a column that happens to share a
    table's name only makes a group larger, never wrong."""
    tokens = stmt.tokens
    return {token.text.lower().rsplit(".", 1)[-1] for k, token in enumerate(tokens)
            if token.token_type in _NAME_TOKENS
            and not (k + 1 < len(tokens) and tokens[k + 1].token_type == TokenType.DOT)}  # not a schema
