"""Findings about the input itself rather than about DSQL: reported by the engine."""

from dsqllint.findings import Severity
from dsqllint.rules.base import Rule


class ParseErrorRule(Rule):
    """A statement that could not be parsed.

    **What it does**: reports a statement the SQL parser could not read, with the parser's message
    and the position where it stopped. The rest of the file is still linted.

    **Why it matters**: a statement dsqllint cannot read is a statement it cannot check. It is
    usually a real syntax error (a missing comma, an unterminated string); if PostgreSQL or MySQL
    accepts the statement, please report it as a dsqllint bug.

    **Example**
    ```sql
    CREATE TABLE t (a int,, b int);
    ```

    **Use instead**
    ```sql
    CREATE TABLE t (a int, b int);
    ```
    """

    code = "DSQL001"
    name = "parse-error"
    severity = Severity.ERROR


class NotAnalysedRule(Rule):
    """A statement dsqllint parsed only as opaque text and no rule judges.

    **What it does**: reports, once per statement, a statement whose structure the parser could not
    give and whose kind no rule knows, so it is never silently passed as fine.

    **Why it matters**: dsqllint cannot say whether DSQL accepts it. Check it by hand against the
    DSQL documentation.

    **Example**
    ```sql
    SECURITY LABEL FOR selinux ON TABLE mytable IS 'system_u:object_r:sepgsql_table_t:s0';
    ```

    **Use instead**: review the statement manually, or suppress the finding once reviewed.
    """

    code = "DSQL002"
    name = "not-analysed"
    severity = Severity.INFO
