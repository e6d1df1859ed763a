"""One build per warehouse at a time, and no litter from builds that were killed.

A build holds an exclusive `flock` on `.<warehouse>.build.lock` beside the warehouse for as
long as it runs, with its pid and start time written inside, so a second build of the same
warehouse waits for it (up to `wait` seconds) or refuses with a message naming the holder.
The kernel drops the lock when the holder dies, however it dies, so a killed build never
leaves the warehouse locked.

A killed build does leave its half-written `.<warehouse>.building-<pid>` file (and DuckDB's
`.wal` and `.tmp` beside it); the next build of that warehouse removes those whose pid is no
longer running, and only those.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipelines.errors import BuildError

POLL_SECONDS = 0.2


class BuildLocked(BuildError):
    """Another build of the same warehouse is running."""


@dataclass
class BuildLock:
    """The held lock; `release()` (or leaving a `with` block) gives it up."""

    path: Path
    handle: object = field(repr=False)

    def release(self) -> None:
        if self.handle.closed:
            return
        self.handle.seek(0)
        self.handle.truncate()
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()

    def __enter__(self) -> BuildLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.build.lock")


def acquire(warehouse: Path, wait: float = 0.0) -> BuildLock:
    """Take the build lock of `warehouse`, waiting up to `wait` seconds for another build."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")  # never truncate before holding the lock: the holder's details are inside
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _holder(handle)
                handle.close()
                waited = f" after waiting {wait:g} s" if wait > 0 else ""
                raise BuildLocked(
                    f"{warehouse}: another build is running ({holder}){waited}; it holds {path.name}. "
                    "Wait for it to finish, or pass --wait SECONDS to queue behind it."
                ) from None
            time.sleep(POLL_SECONDS)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} on {socket.gethostname()}, started {datetime.now():%Y-%m-%d %H:%M:%S}\n")
    handle.flush()
    return BuildLock(path, handle)


def _holder(handle) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return text or "pid unknown"


def pid_is_running(pid: int) -> bool:
    """True if a process with this pid exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return status.rsplit(")", 1)[-1].split()[0] != "Z"


def remove_leftovers(warehouse: Path) -> list[tuple[Path, int]]:
    """Delete the temp files of builds of `warehouse` whose process has died; returns each
    removed path with its size in bytes. Call it while holding the build lock."""
    pattern = re.compile(rf"\.{re.escape(warehouse.name)}\.building-(\d+)(\.wal|\.tmp)?")
    removed = []
    if not warehouse.parent.is_dir():
        return removed
    for path in sorted(warehouse.parent.iterdir()):
        match = pattern.fullmatch(path.name)
        if not match:
            continue
        pid = int(match.group(1))
        if pid == os.getpid() or pid_is_running(pid):
            continue
        size = _size(path)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append((path, size))
    return removed


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    try:
        return path.stat().st_size
    except OSError:
        return 0
