"""Shared pytest configuration and fixtures."""

from __future__ import annotations

import pytest

# --- real database servers ---------------------------------------------------------------------------------
# PostgreSQL 16 (pgserver, else the system server on 127.0.0.1:5432) and MariaDB on 127.0.0.1:3306.
# Helpers live in tests/servers.py: run_ddl(), describe_schema(), PostgresServer, MariaDBServer.
# Mark tests that need a server with @pytest.mark.pg / @pytest.mark.mariadb (deselect with -m "not pg").

import budget  # noqa: E402,F401  (loads the deterministic hypothesis profile)
from servers import MariaDBServer, PostgresServer, ServerUnavailable  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pg: needs a real PostgreSQL server (fixture `pg`)")
    config.addinivalue_line("markers", "mariadb: needs a real MariaDB/MySQL server (fixture `mariadb`)")


@pytest.fixture(scope="session")
def pg() -> PostgresServer:
    """PostgreSQL 16 via pgserver (or the system server); skips if neither works."""
    try:
        return PostgresServer.get()
    except ServerUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def mariadb() -> MariaDBServer:
    """MariaDB on 127.0.0.1:3306 as root; skips if it is unreachable or PyMySQL is missing."""
    try:
        return MariaDBServer.get()
    except ServerUnavailable as exc:
        pytest.skip(str(exc))


# --- end real database servers -----------------------------------------------------------------------------


# --- the corpus, converted once ----------------------------------------------------------------------------
class _Conversions(dict):
    """Corpus file name → its conversion with the default options, made when first asked."""

    def __missing__(self, name: str):
        from pathlib import Path

        from dsqllint.convert import convert_source
        from dsqllint.source import read_source

        corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
        path = next(corpus.glob(f"*/{name}"))
        self[name] = convert_source(read_source(path))
        return self[name]


@pytest.fixture(scope="session")
def corpus_conversions() -> dict:
    """Each corpus file converted once for the whole run (several test modules read the same
    conversions; none may change them), keyed by file name."""
    return _Conversions()


# --- the result cache --------------------------------------------------------------------------------------
@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_tree(tmp_path_factory: pytest.TempPathFactory):
    """`dsqllint lint` caches results (.dsqllint_cache/ in the working directory): keep the tests'
    entries in a temporary directory, in-process and in subprocesses alike. Tests linting the same
    text twice then read the second result from the cache, which must not change any outcome."""
    import os

    before = os.environ.get("DSQLLINT_CACHE_DIR")
    os.environ["DSQLLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("dsqllint-cache"))
    yield
    if before is None:
        os.environ.pop("DSQLLINT_CACHE_DIR", None)
    else:
        os.environ["DSQLLINT_CACHE_DIR"] = before
