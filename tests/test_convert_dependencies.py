"""Convert keeps a file runnable when it removes or reshapes objects: what uses a removed object goes
with it (and says why), inherited and partitioned tables become plain tables, generated columns and
array defaults take a form PostgreSQL 16 accepts, and the rewrites that change behaviour are reported."""

from __future__ import annotations

import pytest

from dsqllint.convert import convert_source
from dsqllint.source import Source
from servers import run_ddl
from test_convert_corpus import statements


def convert(sql: str, dialect: str = "postgres"):
    return convert_source(Source("schema.sql", sql, dialect))


def summaries(result) -> list[str]:
    return [c.summary for c in result.changes]


PG_CASCADE = """
CREATE TABLE film (id integer PRIMARY KEY, title text NOT NULL);
CREATE FUNCTION shout(t text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE x text;
BEGIN
  x := upper(t);
  RETURN x || '!';
END $$;
CREATE FUNCTION shout_title(id integer) RETURNS text LANGUAGE sql AS 'SELECT shout(title) FROM film WHERE id = $1';
CREATE VIEW loud_films AS SELECT id, shout_title(id) AS loud FROM film;
CREATE VIEW loud_count AS SELECT count(*) FROM loud_films;
CREATE VIEW quiet_films AS SELECT id, lower(title) AS quiet FROM film;
CREATE TABLE note (id integer PRIMARY KEY, body text DEFAULT shout('x'));
"""


def test_dependents_of_a_removed_function_are_removed_recursively_and_reported():
    result = convert(PG_CASCADE)
    text = result.sql
    for statement in ("CREATE FUNCTION shout_title", "CREATE VIEW loud_films", "CREATE VIEW loud_count"):
        assert f"--   {statement}" in text  # kept as a comment, not run
    assert "through shout_title, shout: function shout is LANGUAGE plpgsql" in " ".join(summaries(result))
    reasons = [s for s in summaries(result) if "which was removed" in s]
    assert any("depends on shout," in r for r in reasons)  # the SQL function calling it
    assert any("depends on shout_title" in r for r in reasons)  # the view calling that
    assert any("depends on loud_films" in r for r in reasons)  # the view on that view
    assert "CREATE VIEW quiet_films" in text  # independent statements stay
    # a table is not removed for one clause: the default that calls the removed function goes
    assert "CREATE TABLE note" in text and "shout('x')" not in text.split("CREATE TABLE note")[1].split(";")[0]
    assert all(not c.converted for c in result.changes if "it depends on" in c.summary)


@pytest.mark.pg
def test_cascade_output_runs(pg):
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(convert(PG_CASCADE).sql)) == []


@pytest.mark.pg
def test_overload_kept_in_sql_still_serves_its_callers(pg):
    sql = """
    CREATE FUNCTION twice(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';
    CREATE FUNCTION twice(x integer, n integer) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE r integer := x; BEGIN FOR i IN 1..n LOOP r := r * 2; END LOOP; RETURN r; END $$;
    CREATE VIEW v1 AS SELECT twice(1) AS a;
    CREATE VIEW v2 AS SELECT twice(1, 3) AS a;
    """
    result = convert(sql)
    assert "CREATE VIEW v1" in result.sql
    assert "--   CREATE VIEW v2" in result.sql
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []


@pytest.mark.pg
def test_one_return_plpgsql_function_becomes_sql_and_keeps_its_volatility(pg):
    sql = """
    CREATE FUNCTION convert_ts(s varchar) RETURNS timestamp AS $$
    BEGIN
      RETURN s::timestamptz at time zone 'UTC';
    END
    $$ LANGUAGE plpgsql IMMUTABLE RETURNS NULL ON NULL INPUT;
    CREATE TABLE t (doc jsonb, at timestamp GENERATED ALWAYS AS (convert_ts(doc->>'at')) STORED);
    """
    result = convert(sql)
    assert "LANGUAGE sql IMMUTABLE" in result.sql and "plpgsql" not in result.sql
    assert "GENERATED ALWAYS AS (convert_ts" in result.sql.replace("CONVERT_TS", "convert_ts")
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("""INSERT INTO t (doc) VALUES ('{"at": "2026-01-02T03:04:05+02:00"}') RETURNING at""")
            assert str(cur.fetchone()[0]) == "2026-01-02 01:04:05"


@pytest.mark.pg
def test_inherits_child_gets_parent_columns(pg):
    sql = """
    CREATE TABLE payment (id integer NOT NULL, amount numeric(5,2) NOT NULL DEFAULT 0, paid_at timestamp NOT NULL,
                          PRIMARY KEY (id));
    CREATE TABLE payment_2007 (CONSTRAINT in_2007 CHECK (paid_at >= '2007-01-01' AND paid_at < '2008-01-01'))
      INHERITS (payment);
    CREATE INDEX payment_2007_paid ON payment_2007 (paid_at);
    """
    result = convert(sql)
    change = next(c for c in result.changes if "INHERITS (payment) removed" in c.summary)
    assert "id, amount, paid_at" in change.summary
    assert "no longer see the rows of payment_2007" in change.behaviour
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("INSERT INTO payment_2007 (id, paid_at) VALUES (1, '2007-05-01')")
            cur.execute("SELECT amount FROM payment_2007")
            assert cur.fetchone()[0] == 0  # the parent's default came along
            with pytest.raises(Exception):
                cur.execute("INSERT INTO payment_2007 (id, paid_at) VALUES (2, '2009-01-01')")  # the child's CHECK
        conn.rollback()


@pytest.mark.pg
def test_partitions_become_plain_tables_and_attach_is_reported(pg):
    sql = """
    CREATE TABLE events (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL) PARTITION BY LIST (kind);
    CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
    CREATE TABLE events_b (id bigint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL);
    ALTER TABLE ONLY events ATTACH PARTITION events_b FOR VALUES IN ('b');
    """
    result = convert(sql)
    text = " ".join(summaries(result))
    assert "PARTITION BY removed" in text and "PARTITION OF events removed" in text
    assert "ATTACH PARTITION events_b" in text
    attach = next(c for c in result.changes if "ATTACH PARTITION" in c.summary)
    assert attach.changes_behaviour and "events_b stays a separate table" in attach.behaviour
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'events_a'")
            assert cur.fetchone()[0] == 3


@pytest.mark.pg
def test_array_defaults_become_json_arrays(pg):
    sql = """
    CREATE TABLE s (id integer PRIMARY KEY, ids bigint[] DEFAULT '{}'::bigint[] NOT NULL,
                    kinds character varying[] DEFAULT '{project,"a b",NULL}'::character varying[],
                    nums integer[] DEFAULT ARRAY[1, 2]);
    """
    result = convert(sql)
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("INSERT INTO s (id) VALUES (1) RETURNING ids::text, kinds::text, nums::text")
            assert cur.fetchone() == ("[]", '["project", "a b", null]', "[1, 2]")
        conn.rollback()


@pytest.mark.pg
def test_mysql_generated_columns_stored_json_cast_and_non_immutable_reported(pg):
    sql = """
    CREATE TABLE v (
      id int NOT NULL, attrs JSON NULL,
      paused BOOLEAN GENERATED ALWAYS AS (attrs->"$.paused"),
      n BIGINT GENERATED ALWAYS AS (attrs->"$.n"),
      who VARCHAR(255) GENERATED ALWAYS AS (attrs->>"$.who"),
      list JSON GENERATED ALWAYS AS (attrs->"$.list"),
      at DATETIME(6) GENERATED ALWAYS AS (CONVERT_TZ(REGEXP_REPLACE(attrs->>"$.at", 'Z$', ''), '+00:00', '+00:00')),
      PRIMARY KEY (id)
    );
    CREATE INDEX by_list ON v (id, (CAST(list AS CHAR(255) ARRAY)));
    CREATE INDEX by_paused ON v (id, paused);
    """
    result = convert(sql, "mysql")
    text = " ".join(summaries(result))
    assert "VIRTUAL generated column → STORED" in text
    assert 'column "at": generation expression removed (not immutable)' in text
    assert "multi-valued index" in text
    assert "CREATE INDEX ASYNC by_paused" in result.sql
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("""INSERT INTO v (id, attrs) VALUES (1, '{"paused": true, "n": 7, "who": "x", "list": [1]}')
                           RETURNING paused, n, who, list::text""")
            assert cur.fetchone() == (True, 7, "x", "[1]")
        conn.rollback()


@pytest.mark.pg
def test_dangling_mysql_foreign_keys_are_commented_out_at_the_end(pg):
    sql = """
    /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
    CREATE TABLE `visit` (
      `id` bigint NOT NULL, `place_id` bigint NOT NULL, PRIMARY KEY (`id`),
      CONSTRAINT `visit_place` FOREIGN KEY (`place_id`) REFERENCES `places` (`id`)
    ) ENGINE=InnoDB;
    """
    result = convert(sql, "mysql")
    change = next(c for c in result.changes if "does not create" in c.summary)
    assert "places" in change.summary and not change.converted
    tail = result.sql.rstrip().rsplit("CREATE TABLE", 1)[1]
    assert "-- dsqllint: references table places, which this file does not create" in tail
    assert "-- ALTER TABLE visit ADD CONSTRAINT visit_place FOREIGN KEY (place_id) REFERENCES places (id) NOT VALID;" in tail
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []


@pytest.mark.pg
def test_mysql_view_lax_group_by_and_distinct_order(pg):
    sql = """
    CREATE TABLE store (id int PRIMARY KEY, city_id int NOT NULL);
    CREATE TABLE city (id int PRIMARY KEY, name varchar(50) NOT NULL);
    CREATE TABLE sale (id int PRIMARY KEY, store_id int NOT NULL, amount decimal(5,2) NOT NULL, tag varchar(9));
    CREATE VIEW by_store AS SELECT c.name AS city, SUM(p.amount) AS total,
      GROUP_CONCAT(DISTINCT CONCAT(p.tag, '!') ORDER BY p.tag SEPARATOR ',') AS tags
      FROM sale p JOIN store s ON p.store_id = s.id JOIN city c ON s.city_id = c.id GROUP BY s.id ORDER BY c.name;
    """
    result = convert(sql, "mysql")
    behaviour = [c for c in result.changes if c.changes_behaviour]
    assert any("GROUP BY completed with c.name" in c.summary for c in behaviour)
    assert any("GROUP_CONCAT(DISTINCT" in c.summary for c in behaviour)
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []


def test_search_path_is_kept():
    result = convert("CREATE SCHEMA gc;\nSET search_path = gc, public;\nCREATE TABLE codon (id integer PRIMARY KEY);\n")
    assert "SET search_path = gc, public;" in result.sql


@pytest.mark.pg
def test_mysql_modify_and_change_column_in_place_or_a_rebuild_plan(pg):
    sql = """
    CREATE TABLE `orders` (`id` int NOT NULL, `amount` decimal(10,2) NOT NULL, `total` decimal(10,2),
                           `note` varchar(20) DEFAULT 'x', PRIMARY KEY (`id`));
    ALTER TABLE `orders` MODIFY `id` int unsigned NOT NULL AUTO_INCREMENT;
    ALTER TABLE `orders` CHANGE `amount` `net_amount` decimal(10,2);
    ALTER TABLE `orders` CHANGE `total` `grand_total` decimal(12,2) NOT NULL;
    ALTER TABLE `legacy` MODIFY `flag` int DEFAULT 3;
    """
    result = convert(sql, "mysql")
    out = result.sql
    # a table this file creates: the new definition goes into its CREATE TABLE (phpMyAdmin's AUTO_INCREMENT)
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) NOT NULL CHECK (id >= 0)" in out
    assert any("MODIFY COLUMN id folded into CREATE TABLE orders" in s for s in summaries(result))
    # a rename cannot be folded (statements in between use the old name): in place
    assert "ALTER TABLE orders RENAME COLUMN amount TO net_amount;" in out
    assert "ALTER TABLE orders ALTER COLUMN net_amount DROP NOT NULL;" in out  # CHANGE without NOT NULL
    assert "ALTER TABLE orders RENAME COLUMN total TO grand_total;" in out
    assert ("-- dsqllint: DSQL cannot change orders.grand_total in place (type decimal(10, 2) → decimal(12, 2), "
            "NOT NULL added)") in out
    assert "-- 4. ALTER TABLE orders_new RENAME TO orders;" in out
    plan = next(c for c in result.changes if "table-rebuild plan" in c.summary and "grand_total" in c.summary)
    assert not plan.converted
    # a table the file does not create: the default in place, and the report says the rest is unknown
    assert "ALTER TABLE legacy ALTER COLUMN flag SET DEFAULT 3;" in out
    assert any("current definition is not in this file" in s for s in summaries(result))
    with pg.fresh_database() as conn:
        conn.execute("CREATE TABLE legacy (flag integer)")
        conn.commit()
        assert run_ddl(conn, statements(out)) == []


def test_an_index_removed_by_the_conversion_makes_room_under_the_24_index_limit():
    columns = ", ".join(f"c{i} integer" for i in range(1, 26))
    indexes = "\n".join(f"CREATE INDEX t_c{i} ON t (c{i});" for i in range(1, 25))
    sql = f"CREATE TABLE t (id integer PRIMARY KEY, doc jsonb, {columns});\nCREATE INDEX t_doc ON t (doc);\n{indexes}\n"
    result = convert(sql)
    kept = [i for i in range(1, 25) if f"CREATE INDEX ASYNC t_c{i} " in result.sql]
    assert kept == list(range(1, 24))  # the json index went, so c23 fits: PK + 23 = 24
    assert any("t_c24" in c.summary or "already has 24 indexes" in c.summary for c in result.changes)


@pytest.mark.pg
def test_group_concat_aggregate_calls_become_string_agg(pg):
    sql = """
    CREATE FUNCTION _group_concat(text, text) RETURNS text AS $_$
    SELECT CASE
      WHEN $2 IS NULL THEN $1
      WHEN $1 IS NULL THEN $2
      ELSE $1 || ', ' || $2
    END
    $_$ LANGUAGE sql IMMUTABLE;
    CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat, STYPE = text);
    CREATE TABLE actor (id integer PRIMARY KEY, name text);
    CREATE VIEW names AS SELECT group_concat(DISTINCT name) AS all_names FROM actor;
    """
    result = convert(sql)
    assert "string_agg(DISTINCT name, ', ') AS all_names" in result.sql
    assert any("is string_agg(x, ', ')" in s for s in summaries(result))
    with pg.fresh_database() as conn:
        assert run_ddl(conn, statements(result.sql)) == []
        with conn.cursor() as cur:
            cur.execute("INSERT INTO actor VALUES (1, 'a'), (2, NULL), (3, 'b')")
            cur.execute("SELECT all_names FROM names")
            assert cur.fetchone()[0] == "a, b"
        conn.rollback()


def test_an_alter_table_action_sqlglot_cannot_read_does_not_crash_convert():
    """Found by fuzzing convert: a truncated MySQL `ALTER TABLE … PARTITION BY …, partition …` split into
    actions, one of which has no tree at all."""
    sql = ("ALTER TABLE salaries\npartition by range COLUMNS (from_date)\n"
           "    partition p01 values less than ('1985-12-31'),\n    partition p02 values less than;\n")
    result = convert(sql, "mysql")
    assert "ALTER TABLE salaries" in result.sql  # kept as a comment, with the reason in the report
