"""dsqllint: lint PostgreSQL and MySQL DDL for Amazon Aurora DSQL, and convert it into DDL DSQL accepts."""

__version__ = "0.1.0"
