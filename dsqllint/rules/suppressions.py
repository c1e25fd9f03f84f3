"""Findings about `dsqllint:` suppression comments themselves: reported by the engine (see dsqllint/suppress.py)."""

from dsqllint.findings import Severity
from dsqllint.rules.base import Rule


class UnusedSuppressionRule(Rule):
    """A `dsqllint: ignore` comment that suppresses nothing, names an unknown rule, or cannot be read.

    **What it does**: checks every `-- dsqllint: ignore[…]`, `-- dsqllint: ignore` and
    `-- dsqllint: ignore-file[…]` comment (`#` comments too in MySQL files) and reports one that:
    suppressed no finding of a rule that ran; names a rule that does not exist; is malformed
    (`ignore DSQL401` without brackets); is attached to no statement (followed by a blank line); or is
    an `ignore-file` below the first statement. A suppression naming only rules that did not run (not
    selected, or inactive at the target or for the dialect) is not judged: another configuration may
    need it.

    **Why it matters**: a suppression outlives the problem it silenced. Once the index is made
    `ASYNC`, the `ignore[index-not-async]` above it would silently swallow the next, different mistake
    in that statement; a misspelt code suppresses nothing while looking as if it did.

    **Example**
    ```sql
    -- dsqllint: ignore
    CREATE INDEX ASYNC orders_customer ON orders (customer_id);
    ```

    **Use instead**
    ```sql
    CREATE INDEX ASYNC orders_customer ON orders (customer_id);
    ```

    **Scope**: a directive covers the statement it sits in, the statement ending on its line, or the
    statement directly below it (only comment lines between). List the rules it is for:
    `-- dsqllint: ignore[DSQL401, serial-type] -- reason`. To keep a suppression that only some
    configurations need, add `DSQL003` to its list; to turn this check off, ignore `DSQL003` in the
    configuration.
    """

    code = "DSQL003"
    name = "unused-suppression"
    severity = Severity.WARNING
