"""What converted DDL does on a real PostgreSQL 16: the enforcement the source schema had survives."""

from __future__ import annotations

import json

import psycopg
import pytest
from click.testing import CliRunner

from dsqllint.cli import main
from dsqllint.convert import ConvertOptions, convert_source
from dsqllint.source import Source
from servers import run_ddl
from test_convert_corpus import statements

MYSQL = """
CREATE TABLE `customer` (
  `id` int unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(100) NOT NULL,
  `state` enum('active','closed') NOT NULL DEFAULT 'active',
  `flags` set('a','b') DEFAULT NULL,
  `vip` tinyint(1) NOT NULL DEFAULT '0',
  `born` year DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_email` (`email`),
  KEY `idx_state` (`state`)
) ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4;
CREATE TABLE `orders` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int unsigned NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_customer` (`customer_id`),
  CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`)
) ENGINE=InnoDB;
"""


@pytest.fixture(scope="module")
def converted():
    return convert_source(Source("schema.sql", MYSQL, "mysql"))


def _rejects(conn, sql: str) -> bool:
    try:
        with conn.transaction():
            conn.execute(sql)
    except psycopg.Error:
        return True
    return False


@pytest.mark.pg
def test_mysql_behaviour_survives(pg, converted):
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(converted.sql)) == []
        conn.autocommit = True
        conn.execute("INSERT INTO customer (email) VALUES ('a@x')")
        first = conn.execute("SELECT id, state, vip FROM customer").fetchone()
        assert first == (100, "active", False)  # AUTO_INCREMENT=100 seed, ENUM default, tinyint(1) default
        assert _rejects(conn, "INSERT INTO customer (email, state) VALUES ('b@x', 'gone')")  # ENUM list kept
        assert _rejects(conn, "INSERT INTO customer (id, email) VALUES (-1, 'c@x')")  # UNSIGNED kept
        assert _rejects(conn, "INSERT INTO customer (email, flags) VALUES ('d@x', 'a,z')")  # SET members kept
        assert not _rejects(conn, "INSERT INTO customer (email, flags) VALUES ('e@x', 'a,b')")
        assert _rejects(conn, "INSERT INTO customer (email) VALUES ('a@x')")  # UNIQUE KEY kept
        assert _rejects(conn, "INSERT INTO orders (customer_id) VALUES (424242)")  # foreign key kept
        second = conn.execute("INSERT INTO customer (email) VALUES ('f@x') RETURNING id").fetchone()[0]
        assert second > first[0]  # the identity hands out ids


def test_every_behaviour_change_is_reported(converted):
    summaries = " | ".join(c.summary for c in converted.changes)
    assert "AUTO_INCREMENT" in summaries and "enum" in summaries and "lifted out" in summaries
    assert all(c.line >= 1 and c.column >= 1 for c in converted.changes)
    assert "ENGINE" not in converted.sql and "`" not in converted.sql
    assert "CREATE INDEX ASYNC idx_state ON customer (state)" in converted.sql


def test_cli_convert_writes_output_and_json_report(tmp_path):
    source = tmp_path / "schema.sql"
    source.write_text(MYSQL)
    out, report = tmp_path / "dsql.sql", tmp_path / "report.json"
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(out), "--report", str(report),
                                       "--report-format", "json"])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("-- Converted by dsqllint")
    data = json.loads(report.read_text())
    assert data["source_dialect"] == "mysql" and data["statements_in"] == 2
    assert {"line", "column", "code", "summary", "behaviour", "converted", "changes_behaviour"} <= set(data["changes"][0])


def test_cli_convert_refuses_an_invalid_cache(tmp_path):
    result = CliRunner().invoke(main, ["convert", "--identity-cache", "100", "-"], input="CREATE TABLE t (a int);")
    assert result.exit_code == 2 and "65536" in result.output


def test_transactions_option_wraps_each_ddl_statement():
    source = Source("s.sql", "CREATE TABLE a (id int);\nCREATE INDEX i ON a (id);", "postgres")
    result = convert_source(source, options=ConvertOptions(transactions=True))
    body = result.sql.split("\n\n", 1)[1]
    assert body.count("BEGIN;") == 2 and body.count("COMMIT;") == 2
    assert "BEGIN;\nCREATE INDEX ASYNC i ON a(id);\nCOMMIT;" in body


def test_data_goes_after_ddl_in_batches_of_at_most_3000_rows():
    rows = ", ".join(f"({i})" for i in range(1500))
    sql = f"CREATE TABLE a (id int);\nINSERT INTO a VALUES {rows};\nINSERT INTO a VALUES {rows};\n" \
          f"INSERT INTO a VALUES {rows};\nCREATE TABLE b (id int);"
    result = convert_source(Source("s.sql", sql, "postgres"))
    body = result.sql
    assert body.index("CREATE TABLE b") < body.index("INSERT INTO a")  # DDL first
    batches = body.split("BEGIN;")[1:]
    assert [b.count("INSERT") for b in batches] == [2, 1]  # 3,000 rows, then 1,500


def test_cli_convert_writes_to_a_device_without_replacing_it(tmp_path):
    """`--report /dev/null` must write into the device, not rename a file over it."""
    import os
    import stat

    result = CliRunner().invoke(main, ["convert", "-", "-o", os.devnull, "--report", os.devnull],
                                input="CREATE TABLE t (id serial);")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.pg
def test_add_column_with_constraints_is_split_into_statements_dsql_accepts(pg):
    sql = ("CREATE TABLE orders (id int PRIMARY KEY);\n"
           "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n"
           "ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);\n"
           "ALTER TABLE orders ADD COLUMN code text UNIQUE;\n")
    result = convert_source(Source("m.sql", sql, "postgres"))
    assert "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new'" in result.sql
    assert any("NOT NULL dropped" in c.summary and c.changes_behaviour for c in result.changes)
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        conn.autocommit = True
        conn.execute("INSERT INTO orders (id, code) VALUES (1, 'a')")
        assert conn.execute("SELECT status FROM orders").fetchone() == ("new",)  # the default applies
        assert _rejects(conn, "INSERT INTO orders (id, discount) VALUES (2, -1)")  # the CHECK applies
        assert _rejects(conn, "INSERT INTO orders (id, code) VALUES (3, 'a')")  # the unique index applies


# --- keys wider than DSQL's 2,000 declared bytes (DSQL804): fitted, never the table dropped ----------------
WIDE_KEYS = {
    "mysql": """
CREATE TABLE `links` (
  `id` int NOT NULL,
  `host` bigint NOT NULL,
  `url` varchar(2048) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `links_url` (`url`(255)),
  KEY `links_host_url` (`host`, `url`(1000))
) ENGINE=InnoDB;
CREATE TABLE `pages` (`site` varchar(1200) NOT NULL, `path` varchar(1200) NOT NULL, PRIMARY KEY (`site`, `path`));
""",
    "postgres": """
CREATE TABLE links (id int PRIMARY KEY, host bigint NOT NULL, url varchar(2048) NOT NULL UNIQUE);
CREATE INDEX links_host_url ON links (host, url);
CREATE TABLE pages (site varchar(1200), path varchar(1200), PRIMARY KEY (site, path));
""",
}


@pytest.mark.pg
@pytest.mark.parametrize("dialect", ["mysql", "postgres"])
def test_wide_keys_are_fitted_and_still_enforce_uniqueness(pg, dialect):
    result = convert_source(Source("wide.sql", WIDE_KEYS[dialect], dialect))
    assert sum(1 for c in result.changes if c.code == "DSQL804" and c.behaviour) == 3
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        conn.autocommit = True
        long = "https://example.com/" + "x" * 1500
        conn.execute(f"INSERT INTO links (id, host, url) VALUES (1, 7, '{long}a'), (2, 7, '{long}b')")
        assert _rejects(conn, f"INSERT INTO links (id, host, url) VALUES (3, 8, '{long}a')")  # the same url
        index = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'links_host_url'").fetchone()[0]
        assert index.endswith("(host)")  # url left out of the key, the index kept
        conn.execute("INSERT INTO pages (site, path) VALUES ('a', 'b'), ('a', 'c')")
        assert _rejects(conn, "INSERT INTO pages (site, path) VALUES ('a', 'b')")  # the primary key's rule holds
        assert _rejects(conn, "INSERT INTO pages (site, path) VALUES (NULL, 'd')")  # and its NOT NULL
