"""The PostgreSQL 16 built-in functions/types data file and its loader.

The ``pg`` test regenerates the data from a real PostgreSQL 16 (pgserver) and
requires the committed ``dsqllint/data/pg16_functions.json`` to match.
(The ``pg`` marker may be reported as unknown until tests/conftest.py registers it.)
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from dsqllint.functions import (
    FunctionInfo,
    builtin_functions,
    builtin_type_names,
    data_source,
    is_builtin_function,
    lookup_function,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "gen_pg_functions.py"
DATA_FILE = REPO_ROOT / "dsqllint" / "data" / "pg16_functions.json"


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_pg_functions", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- fast loader tests -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "volatility"),
    [
        ("gen_random_uuid", "volatile"),
        ("lower", "immutable"),
        ("now", "stable"),
        ("random", "volatile"),
        ("clock_timestamp", "volatile"),
        ("nextval", "volatile"),
        ("upper", "immutable"),
    ],
)
def test_volatility(name: str, volatility: str) -> None:
    assert builtin_functions()[name].volatility == volatility


def test_volatility_is_most_volatile_across_overloads() -> None:
    # date_trunc(text, timestamp) is immutable, date_trunc(text, timestamptz) stable.
    info = builtin_functions()["date_trunc"]
    assert set(info.overload_volatilities) == {"immutable", "stable"}
    assert info.volatility == "stable"
    assert len(info.overload_volatilities) == len(info.overloads)
    # ts_rewrite mixes immutable and volatile overloads.
    assert builtin_functions()["ts_rewrite"].volatility == "volatile"


@pytest.mark.parametrize("name", ["uuid_generate_v4", "uuidv7", "uuid_generate_v1mc", "uuidv4", "no_such_function"])
def test_not_builtin(name: str) -> None:
    # uuid_generate_v4 is from the uuid-ossp extension; uuidv4/uuidv7 arrived in PostgreSQL 18.
    assert not is_builtin_function(name)
    assert lookup_function(name) is None


@pytest.mark.parametrize("name", ["lower", "LOWER", "pg_catalog.lower", "PG_CATALOG.Lower", " now ", "gen_random_uuid", "count"])
def test_builtin_case_insensitive_and_qualified(name: str) -> None:
    assert is_builtin_function(name)


def test_other_schema_prefix_is_not_stripped() -> None:
    assert not is_builtin_function("public.lower")


def test_kinds() -> None:
    funcs = builtin_functions()
    assert funcs["lower"].kind == "f"
    assert funcs["count"].kind == "a"
    assert funcs["max"].kind == "a"
    assert funcs["row_number"].kind == "w"
    # rank(): window function; rank(VARIADIC "any") WITHIN GROUP: hypothetical-set aggregate.
    rank = funcs["rank"]
    assert rank.kind == "w"
    assert set(rank.overload_kinds) == {"a", "w"}
    assert rank.is_aggregate_or_window
    assert not funcs["lower"].is_aggregate_or_window


def test_function_info_shape() -> None:
    info = builtin_functions()["lower"]
    assert isinstance(info, FunctionInfo)
    assert info.name == "lower"
    assert ("text",) in info.overloads
    assert builtin_functions()["gen_random_uuid"].overloads == ((),)
    assert ('VARIADIC "any"',) in builtin_functions()["concat"].overloads
    with pytest.raises(Exception):
        info.volatility = "volatile"  # type: ignore[misc]  # frozen


def test_builtin_functions_is_cached() -> None:
    assert builtin_functions() is builtin_functions()
    assert builtin_type_names() is builtin_type_names()


def test_type_names() -> None:
    types = builtin_type_names()
    assert isinstance(types, frozenset)
    for name in ["int4", "integer", "text", "uuid", "jsonb", "timestamptz", "timestamp with time zone", "character varying", "numeric", "int4range", "bytea"]:
        assert name in types, name
    # extension types, array types and pseudo types are absent
    for name in ["vector", "geometry", "hstore", "citext", "_int4", "internal", "cstring", "anyelement", "record", "trigger", "void"]:
        assert name not in types, name


def test_data_file_shape() -> None:
    assert DATA_FILE.stat().st_size < 600_000
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert set(raw) == {"source", "functions", "types"}
    assert raw["source"].startswith("PostgreSQL 16.")
    assert data_source() == raw["source"]
    assert list(raw["functions"]) == sorted(raw["functions"])
    assert raw["types"] == sorted(raw["types"])
    assert len(raw["functions"]) > 2000
    for name, entry in raw["functions"].items():
        n = len(entry["overloads"])
        assert entry["overloads"] == sorted(entry["overloads"]), name
        for key, allowed in (("volatility", {"immutable", "stable", "volatile"}), ("kind", {"f", "a", "w", "p"})):
            value = entry[key]
            values = [value] if isinstance(value, str) else value
            assert isinstance(value, str) or (len(value) == n and len(set(value)) > 1), (name, key)
            assert set(values) <= allowed, (name, key)


def test_render_is_stable() -> None:
    gen = _load_generator()
    text = DATA_FILE.read_text(encoding="utf-8")
    assert gen.render(json.loads(text)) == text
    assert gen.diff_summary(text, text) == []
    changed = json.loads(text)
    del changed["functions"]["lower"]
    changed["functions"]["uuidv7"] = {"kind": "f", "overloads": [[]], "volatility": "volatile"}
    summary = gen.diff_summary(text, gen.render(changed))
    assert any(line.startswith("functions added (1): uuidv7") for line in summary)
    assert any(line.startswith("functions removed (1): lower") for line in summary)


# --- generator vs. a real PostgreSQL 16 -------------------------------------


@pytest.mark.pg
def test_committed_file_matches_generator() -> None:
    gen = _load_generator()
    try:
        fresh = gen.render(gen.generate())
    except gen.ServerUnavailable as exc:
        pytest.skip(f"pgserver cannot start PostgreSQL 16: {exc}")
    problems = gen.check(DATA_FILE, fresh)
    assert not problems, "dsqllint/data/pg16_functions.json is stale; run scripts/gen_pg_functions.py\n" + "\n".join(problems)
