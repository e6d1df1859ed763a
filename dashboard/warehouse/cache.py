"""Cache of warehouse query results (flask-caching): per worker by default, Redis when shared.

`warehouse_cached` keys every entry on the function, its arguments and the warehouse file's
identity (`Warehouse.version`: path, inode, mtime, size), so a rebuilt warehouse is read at
once with no invalidation step, in every worker and container sharing the cache. The backend
is a setting (`GMEQ_CACHE`): "simple" keeps a cache in each worker's memory; "redis" shares
one through `GMEQ_CACHE_REDIS_URL`, so a new worker or container does not start cold. A cache
that cannot be reached (Redis down) is skipped, never an error: the query runs instead.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import Flask
from flask_caching import Cache

from dashboard.settings import Settings
from dashboard.warehouse import db

cache = Cache()
log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def cache_config(settings: Settings) -> dict[str, Any]:
    """flask-caching configuration for the chosen backend."""
    common = {
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout_seconds,
        "CACHE_KEY_PREFIX": f"{settings.cache_key_prefix}:",
    }
    if settings.cache_backend == "redis":
        return {
            **common,
            "CACHE_TYPE": "RedisCache",
            "CACHE_REDIS_URL": settings.cache_redis_url,
            # Fail fast when Redis is away: the query runs instead of the page waiting.
            "CACHE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    return {**common, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": settings.cache_max_entries}


def init_cache(server: Flask, settings: Settings) -> None:
    cache.init_app(server, config=cache_config(settings))


def _cache_key(name: str, args: tuple, kwargs: dict) -> str:
    arguments = repr((args, sorted(kwargs.items())))
    digest = hashlib.sha1(f"{db.current().version()}|{arguments}".encode(), usedforsecurity=False).hexdigest()
    return f"{name}:{digest}"


def warehouse_cached(function: Callable[P, R]) -> Callable[P, R]:
    """Memoize a data-access function on its arguments and the current warehouse file.

    Arguments must have a stable `repr` (strings, numbers, tuples, None). Results are stored
    pickled, so each caller gets its own copy of a DataFrame and may change it freely.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        key = _cache_key(name, args, kwargs)
        try:
            hit = cache.get(key)
        except Exception as error:  # noqa: BLE001 - any backend failure: read the warehouse instead
            log.warning("query cache unavailable (%s): reading the warehouse", error)
            return function(*args, **kwargs)
        if hit is not None:
            return hit[0]
        result = function(*args, **kwargs)
        try:
            cache.set(key, (result,))
        except Exception as error:  # noqa: BLE001
            log.warning("query cache unavailable (%s): result not stored", error)
        return result

    return wrapper
