"""The query cache backend is a setting: per worker by default, Redis shared between workers.
Runs against the real Redis on 127.0.0.1:6379 with a key prefix unique to this test process."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator

import pytest

from dashboard import create_app
from dashboard.settings import Settings
from dashboard.warehouse import db, indicators
from tests.dashboard.fixture_warehouse import build_fixture_warehouse

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    prefix = f"gmeq-test-{os.getpid()}-{os.urandom(3).hex()}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def redis_keys(prefix: str) -> list[bytes]:
    import redis

    return list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*"))


def count_queries(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = db.Warehouse.query

    def counted(self, sql, params=None):
        seen.append(sql)
        return original(self, sql, params)

    monkeypatch.setattr(db.Warehouse, "query", counted)
    return seen


def test_redis_cache_is_shared_between_workers_and_a_swap_invalidates_it(tmp_path, redis_prefix, monkeypatch):
    path = build_fixture_warehouse(tmp_path / "warehouse.duckdb", seed=1)
    settings = Settings(warehouse_path=path, cache_backend="redis", cache_key_prefix=redis_prefix)
    first, second = create_app(settings=settings), create_app(settings=settings)  # two workers
    with first.server.test_request_context("/"):
        before = indicators.headline_values()
    assert redis_keys(redis_prefix), "results were stored in Redis under the test prefix"

    queries = count_queries(monkeypatch)
    with second.server.test_request_context("/"):
        assert indicators.headline_values().equals(before)
    assert queries == [], "the second worker read the first worker's result from Redis"

    replacement = build_fixture_warehouse(tmp_path / "next" / "warehouse.duckdb", seed=2)
    shutil.move(replacement, path)  # a rebuild swaps the file
    # Real workers are separate processes; in this one, DuckDB would hand the second "worker"
    # the first one's open instance of the old file, so close it as its process would not share it.
    first.server.extensions[db.EXTENSION_KEY].close()
    with second.server.test_request_context("/"):
        after = indicators.headline_values()
    assert queries, "the new file was read, not the old file's cached result"
    assert after["value"].sum() != before["value"].sum()


def test_an_unreachable_redis_is_skipped_not_an_error(warehouse_path, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    settings = Settings(
        warehouse_path=warehouse_path, cache_backend="redis", cache_redis_url=f"redis://127.0.0.1:{port}/0"
    )
    app = create_app(settings=settings)
    with app.server.test_request_context("/"):
        assert not indicators.headline_values().empty
    assert "query cache unavailable" in caplog.text
    assert app.server.test_client().get("/_dash-layout").status_code == 200


def test_the_default_cache_is_per_worker_memory(warehouse_path):
    from dashboard.warehouse.cache import cache_config

    config = cache_config(Settings(warehouse_path=warehouse_path))
    assert config["CACHE_TYPE"] == "SimpleCache" and config["CACHE_KEY_PREFIX"] == "gmeq:"
