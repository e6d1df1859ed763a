"""Per-worker cache of warehouse query results (flask-caching SimpleCache).

`warehouse_cached` keys every entry on the function, its arguments and the warehouse file's
identity (`Warehouse.version`), so a rebuilt warehouse is read at once, with no invalidation
step. Each gunicorn worker has its own cache: nothing is shared between processes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask
from flask_caching import Cache

from dashboard import db
from dashboard.settings import Settings

cache = Cache()

P = ParamSpec("P")
R = TypeVar("R")


def init_cache(server: Flask, settings: Settings) -> None:
    cache.init_app(
        server,
        config={
            "CACHE_TYPE": "SimpleCache",
            "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout_seconds,
            "CACHE_THRESHOLD": settings.cache_max_entries,
        },
    )


def warehouse_cached(function: Callable[P, R]) -> Callable[P, R]:
    """Memoize a data-access function on its arguments and the current warehouse file.

    Arguments must have a stable `repr` (strings, numbers, tuples, None). Results are stored
    pickled, so each caller gets its own copy of a DataFrame and may change it freely.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        arguments = repr((args, sorted(kwargs.items())))
        digest = hashlib.sha1(f"{db.current().version()}|{arguments}".encode(), usedforsecurity=False).hexdigest()
        key = f"gmeq:{name}:{digest}"
        hit = cache.get(key)
        if hit is not None:
            return hit[0]
        result = function(*args, **kwargs)
        cache.set(key, (result,))
        return result

    return wrapper
