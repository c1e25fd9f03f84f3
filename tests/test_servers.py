"""The real-server test harness (tests/servers.py) works."""

from __future__ import annotations

import pytest

from servers import MariaDBServer, PostgresServer, StatementFailure, describe_schema, run_ddl, strip_async

# --------------------------------------------------------------------------------------------------------------
# strip_async (no server needed)
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dsql", "postgres"),
    [
        ("CREATE INDEX ASYNC i ON t (a)", "CREATE INDEX i ON t (a)"),
        ("CREATE UNIQUE INDEX ASYNC IF NOT EXISTS i ON t (a)", "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a)"),
        ('create unique index async "I" on "T" ("a")', 'create unique index "I" on "T" ("a")'),
        ('CREATE INDEX ASYNC"i" ON t (a)', 'CREATE INDEX"i" ON t (a)'),
        ("CREATE INDEX ASYNC ON t (a)", "CREATE INDEX ON t (a)"),  # DSQL: nameless async index
        ("  -- lead\n/* c */ CREATE\n  INDEX\tASYNC i ON t (a)", "  -- lead\n/* c */ CREATE\n  INDEX i ON t (a)"),
        ("ALTER TABLE ASYNC t VALIDATE CONSTRAINT c", "ALTER TABLE t VALIDATE CONSTRAINT c"),
        ("ALTER TABLE ASYNC IF EXISTS ONLY t VALIDATE CONSTRAINT c", "ALTER TABLE IF EXISTS ONLY t VALIDATE CONSTRAINT c"),
        # The word async anywhere else is not the keyword.
        ("CREATE INDEX async_idx ON t(async)", "CREATE INDEX async_idx ON t(async)"),
        ('CREATE INDEX "async" ON t (a)', 'CREATE INDEX "async" ON t (a)'),
        ("CREATE INDEX i ON async (async)", "CREATE INDEX i ON async (async)"),
        ("ALTER TABLE async ADD COLUMN async int", "ALTER TABLE async ADD COLUMN async int"),
        ("ALTER TABLE async.t ADD COLUMN b int", "ALTER TABLE async.t ADD COLUMN b int"),
        ("ALTER TABLE async VALIDATE CONSTRAINT c", "ALTER TABLE async VALIDATE CONSTRAINT c"),
        ("CREATE TABLE async (async int)", "CREATE TABLE async (async int)"),
        ("SELECT 'CREATE INDEX ASYNC i ON t (a)'", "SELECT 'CREATE INDEX ASYNC i ON t (a)'"),
        ("CREATE INDEX CONCURRENTLY ASYNC ON t (a)", "CREATE INDEX CONCURRENTLY ASYNC ON t (a)"),
        # Long comment runs must not make the regex backtrack exponentially.
        ("/* c */" * 2000 + " SELECT 1", "/* c */" * 2000 + " SELECT 1"),
        ("/* c */" * 2000 + " CREATE INDEX ASYNC i ON t (a)", "/* c */" * 2000 + " CREATE INDEX i ON t (a)"),
    ],
)
def test_strip_async(dsql: str, postgres: str) -> None:
    assert strip_async(dsql) == postgres


# --------------------------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.pg
def test_postgres_server_identity(pg: PostgresServer) -> None:
    assert pg.kind in ("pgserver", "system")
    assert pg.version_num >= 150000
    if pg.kind == "pgserver":
        assert pg.version.startswith("16.")
    assert pg is PostgresServer.get()  # one server per process


@pytest.mark.pg
def test_fresh_database_is_new_and_dropped(pg: PostgresServer) -> None:
    with pg.fresh_database() as conn:
        name = conn.info.dbname
        assert run_ddl(conn, ["CREATE TABLE t (a int)"]) == []
        with pg.fresh_database() as other:  # nested scratch databases are independent
            assert other.info.dbname != name
            assert describe_schema(other).tables == {}
    with pg.connect() as admin:
        assert admin.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,)).fetchone() == (0,)


@pytest.mark.pg
def test_good_ddl_runs_without_failures(pg: PostgresServer) -> None:
    statements = [
        "CREATE TABLE customers (id BIGINT PRIMARY KEY, email TEXT NOT NULL)",
        "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT REFERENCES customers (id), note TEXT)",
        "ALTER TABLE orders ADD CONSTRAINT note_like CHECK (note LIKE 'x%')",  # '%' needs no escaping
        "CREATE INDEX ASYNC orders_customer ON orders (customer_id)",
        "COMMENT ON TABLE orders IS 'order headers'",
    ]
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements) == []
        assert not conn.autocommit  # restored
        facts = describe_schema(conn)
    assert set(facts.tables) == {"public.customers", "public.orders"}
    assert facts.table("orders").checks == {"note_like": "CHECK (note ~~ 'x%'::text)"}


@pytest.mark.pg
def test_bad_statement_is_reported_and_later_statements_still_run(pg: PostgresServer) -> None:
    statements = [
        "CREATE TABLE a (id INT PRIMARY KEY)",
        "CREATE TABLE b (id UBIGINT)",  # MySQL type: 42704 undefined_object
        "CREATE TABLE c (id INT PRIMARY KEY",  # 42601 syntax_error
        "CREATE TABLE d (id INT PRIMARY KEY)",
    ]
    with pg.fresh_database() as conn:
        failures = run_ddl(conn, statements)
        tables = set(describe_schema(conn).tables)
    assert [(f.index, f.sqlstate) for f in failures] == [(1, "42704"), (2, "42601")]
    assert isinstance(failures[0], StatementFailure)
    assert 'type "ubigint" does not exist' in failures[0].message
    assert failures[0].statement == statements[1]
    assert failures[0].position is not None
    assert tables == {"public.a", "public.d"}


@pytest.mark.pg
def test_copy_through_the_client_leaves_the_connection_usable(pg: PostgresServer) -> None:
    statements = [
        "CREATE TABLE t (a INT)",
        "INSERT INTO t VALUES (1), (2)",
        "COPY t FROM STDIN",  # no data to send: reported, not executed
        "-- lead\nCOPY (SELECT a FROM t) TO stdout WITH (FORMAT csv)",  # runs through copy(), output dropped
        "COPY t FROM /* not caught by the pattern */ STDIN",  # execute() leaves COPY IN mode: aborted
        "COPY (SELECT 1 / 0) TO STDOUT",
        "INSERT INTO t VALUES (3)",
    ]
    with pg.fresh_database() as conn:
        failures = run_ddl(conn, statements)
        count = conn.execute("SELECT count(*) FROM t").fetchone()[0]
    assert [(f.index, f.sqlstate) for f in failures] == [(2, None), (4, None), (5, "22012")]
    assert "not executed" in failures[0].message
    assert count == 3


@pytest.mark.pg
def test_async_keyword_is_stripped_only_in_its_position(pg: PostgresServer) -> None:
    statements = [
        "CREATE TABLE t (a INT, async INT, CONSTRAINT a_positive CHECK (a > 0) NOT VALID)",
        "CREATE UNIQUE INDEX ASYNC IF NOT EXISTS i ON t (a)",
        "CREATE INDEX async_idx ON t(async)",
        "ALTER TABLE ASYNC t VALIDATE CONSTRAINT a_positive",
        "CREATE TABLE async (id INT)",
        "ALTER TABLE async ADD COLUMN async INT",
    ]
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements) == []
        # Without stripping, PostgreSQL rejects the DSQL keyword.
        failures = run_ddl(conn, ["CREATE INDEX ASYNC j ON t (a)"], strip_async_keyword=False)
        facts = describe_schema(conn)
    assert [f.sqlstate for f in failures] == ["42601"]
    t = facts.table("t")
    assert t.unique_indexes == {"i": ("a",)}
    assert t.indexes["async_idx"].columns == ("async",)
    assert not t.indexes["async_idx"].unique
    assert list(facts.table("async").columns) == ["id", "async"]


@pytest.mark.pg
def test_describe_schema_reports_keys_defaults_and_identity_cache(pg: PostgresServer) -> None:
    statements = [
        "CREATE TABLE parent (id INT PRIMARY KEY)",
        """CREATE TABLE t (
               id BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) PRIMARY KEY,
               code VARCHAR(20) NOT NULL UNIQUE,
               status TEXT NOT NULL DEFAULT 'new',
               price NUMERIC(10,2) CHECK (price >= 0),
               created TIMESTAMPTZ DEFAULT now(),
               parent_id INT,
               tenant INT NOT NULL,
               CONSTRAINT t_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
               CONSTRAINT t_tenant_code UNIQUE (tenant, code)
           )""",
        "CREATE UNIQUE INDEX ASYNC t_tenant_status ON t (tenant, status)",
        "CREATE INDEX ASYNC t_lower_status ON t (lower(status)) INCLUDE (price)",
        "CREATE SCHEMA app",
        "CREATE TABLE app.t (k TEXT PRIMARY KEY, id INT GENERATED ALWAYS AS IDENTITY)",
    ]
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements) == []
        facts = describe_schema(conn)
    assert facts.schemas == ["public", "app"]
    assert set(facts.tables) == {"public.parent", "public.t", "app.t"}

    t = facts.table("t")
    assert t is facts.tables["public.t"]
    assert list(t.columns) == ["id", "code", "status", "price", "created", "parent_id", "tenant"]
    assert t.primary_key == ("id",)
    assert t.not_null == {"id", "code", "status", "tenant"}
    assert t.columns["code"].data_type == "character varying(20)"
    assert t.columns["price"].data_type == "numeric(10,2)"
    assert t.columns["status"].default == "'new'::text"
    assert t.columns["created"].default == "now()"
    assert t.columns["parent_id"].default is None
    assert t.unique_constraints == {"t_code_key": ("code",), "t_tenant_code": ("tenant", "code")}
    assert t.unique_indexes == {"t_tenant_status": ("tenant", "status")}
    assert t.unique_column_sets == {("code",), ("tenant", "code"), ("tenant", "status")}
    fk = t.foreign_keys["t_parent_fk"]
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (
        ("parent_id",), "public.parent", ("id",), "CASCADE")
    assert t.checks == {"t_price_check": "CHECK (price >= 0::numeric)"}
    lower = t.indexes["t_lower_status"]
    assert (lower.columns, lower.include, lower.unique) == (("lower(status)",), ("price",), False)

    ident = t.columns["id"].identity
    assert ident is not None and t.identities == {"id": ident}
    assert (ident.generation, ident.cache, ident.data_type, ident.sequence) == (
        "BY DEFAULT", 65536, "bigint", "public.t_id_seq")
    assert t.columns["id"].default is None  # identity is not a default

    app = facts.table("app.t")
    assert app.primary_key == ("k",)
    assert app.identities["id"].generation == "ALWAYS"
    assert app.identities["id"].cache == 1
    assert facts.sequences["public.t_id_seq"]["cache"] == 65536


# --------------------------------------------------------------------------------------------------------------
# MariaDB
# --------------------------------------------------------------------------------------------------------------

MYSQL_DUMP = """\
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
DROP TABLE IF EXISTS `customers`;
CREATE TABLE `customers` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(190) NOT NULL,
  `status` enum('active','blocked') NOT NULL DEFAULT 'active',
  `updated_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_email` (`email`),
  KEY `idx_status` (`status`)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE TABLE `orders` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `customer_id` int unsigned NOT NULL,
  PRIMARY KEY (`id`),
  CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB;
DELIMITER ;;
/*!50003 CREATE TRIGGER `customers_touch` BEFORE UPDATE ON `customers` FOR EACH ROW BEGIN
  SET NEW.updated_at = NOW(6);
END */;;
DELIMITER ;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
"""


@pytest.mark.mariadb
def test_mariadb_loads_a_dump_and_describes_it(mariadb: MariaDBServer) -> None:
    with mariadb.fresh_database() as db:
        ok, stderr = db.load_dump(MYSQL_DUMP)
        assert ok, stderr
        assert db.execute("SELECT COUNT(*) FROM customers") == [(0,)]
        facts = mariadb.describe_schema()  # defaults to the active fresh database
    assert set(facts.tables) == {"customers", "orders"}
    customers = facts.table("customers")
    assert customers.columns["status"].data_type == "enum"
    assert customers.columns["status"].column_type == "enum('active','blocked')"
    assert customers.columns["id"].extra == "auto_increment"
    assert customers.columns["id"].column_type == "int(10) unsigned"
    assert customers.auto_increment_columns == ["id"]
    assert customers.auto_increment == 42
    assert customers.primary_key == ("id",)
    assert customers.unique_keys == {"uq_email": ("email",)}
    assert set(customers.indexes) == {"PRIMARY", "uq_email", "idx_status"}
    assert customers.columns["updated_at"].nullable
    assert not customers.columns["email"].nullable
    fk = facts.table("orders").foreign_keys["fk_customer"]
    assert (fk.columns, fk.ref_table, fk.ref_columns, fk.on_delete) == (
        ("customer_id",), "customers", ("id",), "CASCADE")
    assert facts.triggers["customers_touch"]["table"] == "customers"


@pytest.mark.mariadb
def test_mariadb_bad_dump_reports_the_error(mariadb: MariaDBServer) -> None:
    with mariadb.fresh_database() as db:
        ok, stderr = db.load_dump("CREATE TABLE a (id int);\nCREATE TABLE b (id int) ENGINE=InnoDB UNKNOWN;\n")
        tables = set(db.describe_schema().tables)
    assert not ok
    assert "ERROR 1064" in stderr and "at line 2" in stderr
    assert tables == {"a"}  # the client stops at the first error
