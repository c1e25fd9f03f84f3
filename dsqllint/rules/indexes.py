"""Indexes: DSQL builds every index asynchronously."""

from __future__ import annotations

from sqlglot import exp

from dsqllint.dialect import index_is_async
from dsqllint.rules.base import Rule, Violation


class IndexNotAsync(Rule):
    """`CREATE INDEX` must be `CREATE INDEX ASYNC`.

    **What it does**: flags `CREATE [UNIQUE] INDEX` without `ASYNC`, including `CONCURRENTLY`.

    **Why it matters**: DSQL builds every index in the background and accepts only the `ASYNC`
    form: `0A000 unsupported mode. please use CREATE INDEX ASYNC.`, or
    `0A000 CONCURRENTLY not supported for CREATE INDEX`. The statement returns a job id at once;
    wait for it with `CALL sys.wait_for_job('<job_id>')` before relying on the index.

    **Example**
    ```sql
    CREATE INDEX orders_customer_idx ON orders (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC orders_customer_idx ON orders (customer_id);
    ```

    **Fix**: inserts `ASYNC` (replacing `CONCURRENTLY`). The index is usable once its job finishes.
    """

    code = "DSQL401"
    name = "index-not-async"

    command_kinds = frozenset({"CREATE INDEX"})

    def check(self, stmt, ctx):
        tree = stmt.tree
        if stmt.kind != "CREATE INDEX":
            return
        if isinstance(tree, exp.Create) and not stmt.opaque:
            if index_is_async(tree) or _named_async(tree):
                return
            concurrently = bool(tree.args.get("concurrently"))
        else:  # opaque (e.g. MySQL `... USING BTREE`): judge by keywords
            if stmt.find_words("ASYNC") is not None:
                return
            concurrently = stmt.find_words("CONCURRENTLY") is not None
        index_token = stmt.find_words("INDEX")
        if concurrently:
            at = stmt.find_words("CONCURRENTLY")
            message = "CREATE INDEX CONCURRENTLY: DSQL builds indexes only with ASYNC (`CONCURRENTLY not supported for CREATE INDEX`)"
            suggestion = "replace CONCURRENTLY with ASYNC"
        else:
            at = index_token
            message = "CREATE INDEX without ASYNC: DSQL rejects synchronous index builds (`unsupported mode. please use CREATE INDEX ASYNC.`)"
            suggestion = "write CREATE INDEX ASYNC; wait for the returned job with CALL sys.wait_for_job(job_id)"
        yield Violation(at, message, suggestion)


def _named_async(create: exp.Create) -> bool:
    """DSQL's nameless `CREATE INDEX ASYNC ON t (a)` reads like an index named async."""
    name = create.this.this if isinstance(create.this, exp.Index) else None
    return isinstance(name, exp.Identifier) and not name.quoted and name.name.lower() == "async"
