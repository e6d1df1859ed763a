"""The one place that owns warehouse connections.

DuckDB rules this module follows (see STYLE.md, "Known traps"):

- read-only: the app never writes, so many worker processes can read one file;
- opened lazily in each process, after gunicorn forks (connections are not fork-safe);
- one cursor per thread (a connection shared across threads raises in duckdb 2.x);
- a rebuild replaces the file with `os.replace`; DuckDB caches one database instance per
  path while any connection to it is open, so on a new file (inode or mtime changed) every
  connection and cursor of this process is closed before the new file is opened;
- a missing, unreadable or foreign file raises `WarehouseUnavailableError` (never a bare
  DuckDB error) and leaves nothing half-open: the next query tries the file again, so a
  worker recovers by itself when a good file appears.

Pages never import this module: they call `dashboard.warehouse`, which caches on `Warehouse.version`.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from flask import current_app

EXTENSION_KEY = "gmeq_warehouse"

Params = Sequence[Any] | Mapping[str, Any] | None


# Tables every dashboard warehouse has; a file without them is not one (an empty or foreign
# DuckDB file, or a build that never finished).
REQUIRED_TABLES = ("builds", "framework_info", "indicator_values")
# DuckDB errors that mean the file (not the query) is at fault: the connection is dropped.
_FILE_ERRORS = (
    duckdb.IOException,
    duckdb.InternalException,
    duckdb.FatalException,
    duckdb.SerializationException,
    duckdb.PermissionException,
)


class WarehouseUnavailableError(RuntimeError):
    """The warehouse cannot be read now: missing, unreadable, or not a dashboard warehouse."""

    reason = "unreadable"


class WarehouseMissingError(WarehouseUnavailableError):
    """The warehouse file does not exist (yet)."""

    reason = "missing"


class Warehouse:
    """Read-only, fork- and thread-safe access to one DuckDB warehouse file.

    Create one per path per process (the app does, in `create_app`); nothing is opened
    until the first query.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._reset()
        # After a fork the child starts with no connections and a fresh lock; the parent's
        # objects are never touched in the child.
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (w := ref()) is not None and w._reset())

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._signature: tuple[int, int, int] | None = None
        self._generation = 0

    def signature(self) -> tuple[int, int, int]:
        """(inode, mtime in ns, size) of the file now: changes when a build swaps it."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError as error:
            raise WarehouseMissingError(
                f"No warehouse at {self.path}. Build one with `python -m pipelines build` "
                "or start the app with `python app.py --demo` to generate demo data."
            ) from error
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def version(self) -> str:
        """A short string that changes whenever the file is replaced (used in cache keys)."""
        ino, mtime_ns, size = self.signature()
        return f"{self.path}|{ino}|{mtime_ns}|{size}"

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        if self._pid != os.getpid():  # forked without the at-fork hook (belt and braces)
            self._reset()
        signature = self.signature()
        with self._lock:
            if self._connection is None or signature != self._signature:
                self._close_all_locked()
                self._generation += 1
                self._connection = self._open_checked()
                self._signature = signature
            local = self._local
            if getattr(local, "generation", None) != self._generation:
                local.cursor = self._connection.cursor()
                local.generation = self._generation
                self._cursors.append(local.cursor)
            return local.cursor

    def _open_checked(self) -> duckdb.DuckDBPyConnection:
        """Open the file read-only and check it is a dashboard warehouse, or raise."""
        try:
            connection = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as error:
            raise WarehouseUnavailableError(f"The warehouse file {self.path} cannot be opened: {error}") from error
        try:
            present = set(
                connection.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_name = ANY(?)",
                    [list(REQUIRED_TABLES)],
                )
                .df()["table_name"]
                .tolist()
            )
            missing = [table for table in REQUIRED_TABLES if table not in present]
            if missing:
                raise WarehouseUnavailableError(
                    f"The file {self.path} is not a dashboard warehouse (no {', '.join(missing)} table)."
                )
            connection.execute("SELECT count(*) FROM builds").fetchall()
            # A file cut short (a copy that did not finish, a full disk) still opens; its blocks
            # would fail one by one in later queries. Its header says how long it must be.
            block_size, total_blocks = connection.execute(
                "SELECT block_size, total_blocks FROM pragma_database_size()"
            ).fetchone()
            if os.path.getsize(self.path) < block_size * total_blocks:
                raise WarehouseUnavailableError(f"The warehouse file {self.path} is truncated (incomplete copy?).")
        except duckdb.Error as error:
            connection.close()
            raise WarehouseUnavailableError(f"The warehouse file {self.path} cannot be read: {error}") from error
        except WarehouseUnavailableError:
            connection.close()
            raise
        return connection

    def _close_all_locked(self) -> None:
        for cursor in self._cursors:
            try:
                cursor.close()
            except duckdb.Error:
                pass
        self._cursors.clear()
        if self._connection is not None:
            try:
                self._connection.close()
            except duckdb.Error:
                pass
        self._connection = None

    def close(self) -> None:
        """Close every connection of this process (the next query reopens)."""
        with self._lock:
            self._close_all_locked()
            self._generation += 1

    def query(self, sql: str, params: Params = None) -> pd.DataFrame:
        """Run one parameterised statement and return its result as a DataFrame.

        Values go in `params` (positional `?` or named `$name`), never into the SQL text.
        """
        for attempt in (1, 2):
            cursor = self._cursor()
            try:
                return cursor.execute(sql, params if params is not None else []).df()
            except duckdb.ConnectionException as error:
                # Another thread closed this cursor because the file was replaced: retry once.
                if attempt == 2:
                    raise WarehouseUnavailableError(
                        f"The warehouse {self.path} closed while reading: {error}"
                    ) from error
            except _FILE_ERRORS as error:
                # A damaged file: drop every connection so the next query opens the file afresh.
                self.close()
                raise WarehouseUnavailableError(f"The warehouse file {self.path} cannot be read: {error}") from error
        raise AssertionError("unreachable")

    def check(self) -> WarehouseUnavailableError | None:
        """None when the warehouse can be read now, else the error saying why (never raises)."""
        try:
            self._cursor()
        except WarehouseUnavailableError as error:
            return error
        return None


def current() -> Warehouse:
    """The warehouse of the running app (needs a Flask app or request context)."""
    return current_app.extensions[EXTENSION_KEY]


def query(sql: str, params: Params = None) -> pd.DataFrame:
    """`Warehouse.query` on the running app's warehouse."""
    return current().query(sql, params)
