"""Checks on a file's bytes before a reader sees them.

DuckDB's CSV reader stops a whole file on some faults, or reads them silently: a line longer
than its buffer ("CSV Error on Line: 1", whatever line it is on), UTF-16 text (read as
garbage), an embedded NUL (loaded as if it were text). One streaming pass over the bytes
finds these first, so that:

- an empty file or a UTF-16 / UTF-32 one stops the build with a message naming the cause;
- a line that is too long, or holds a NUL byte, becomes a reject with its real line number,
  and the reader is given a copy of the file with that line blanked (blank lines are not
  rows, so every other line keeps its number and the rest of the file loads).

Files without such lines (nearly all) are read in place: the pass costs one read of the
file, done in large chunks.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.errors import BuildError

CHUNK_BYTES = 1 << 20
# The longest line the reader is given. DuckDB's own limit (max_line_size) is 2 MiB; no field
# of any extract comes near 1 MiB, so a longer line is a broken or hostile file.
MAX_LINE_BYTES = 1 << 20
RAW_TEXT_BYTES = 200  # of a too-long line, kept as the reject's raw text
# Sanitised copies are named after the build's pid so the next build can clear a killed one's.
COPY_PREFIX = "gmeq-sanitised-"

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


@dataclass
class FileCheck:
    """What the reader should read (the file, or a sanitised copy) and the lines rejected."""

    path: Path
    read_path: Path
    rejects: list[dict] = field(default_factory=list)  # line_number, raw_text, reason

    def cleanup(self) -> None:
        if self.read_path != self.path:
            self.read_path.unlink(missing_ok=True)


def check_file(path: Path, csv: bool = True) -> FileCheck:
    """Stop on an empty or UTF-16 file; for a CSV file, reject too-long and NUL lines."""
    with path.open("rb") as handle:
        head = handle.read(CHUNK_BYTES)
    if not head.replace(b"\xef\xbb\xbf", b"").strip():
        if len(head) < CHUNK_BYTES:
            raise BuildError(f"{path}: empty file: no header and no rows (is it the right file?)")
    if not csv:
        return FileCheck(path, path)
    encoding = _wide_encoding(head)
    if encoding:
        raise BuildError(f"{path}: the file is {encoding} text: save as UTF-8 (in Excel: CSV UTF-8) and rebuild")
    if not _needs_line_checks(path):
        return FileCheck(path, path)
    return _sanitise(path)


def _wide_encoding(head: bytes) -> str | None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    # Without a BOM: ASCII text in UTF-16 has a zero in nearly every other byte and (almost)
    # none between; a run of NUL padding in a UTF-8 file has zeros in both.
    even, odd = head[:4096:2], head[1:4096:2]
    if len(odd) >= 2:
        for zeros, others in ((odd, even), (even, odd)):
            if zeros.count(0) > 0.4 * len(zeros) and others.count(0) < 0.05 * len(others):
                return "UTF-16 (no byte order mark)"
    return None


def _needs_line_checks(path: Path) -> bool:
    """One pass in large chunks: is there a NUL byte or a line over the limit anywhere?"""
    run = 0  # bytes since the last newline
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
            if b"\x00" in chunk:
                return True
            first = chunk.find(b"\n")
            if first < 0:
                run += len(chunk)
            else:
                if run + first > MAX_LINE_BYTES:
                    return True
                run = len(chunk) - chunk.rfind(b"\n") - 1
            # a line wholly inside a chunk is shorter than the chunk, hence than the limit
            if run > MAX_LINE_BYTES:
                return True
    return False


def _sanitise(path: Path) -> FileCheck:
    """Copy the file with each bad line emptied; each becomes a reject with its line number."""
    fd, name = tempfile.mkstemp(prefix=f"{COPY_PREFIX}{os.getpid()}-", suffix=path.suffix)
    check = FileCheck(path, Path(name))
    try:
        with path.open("rb") as source, os.fdopen(fd, "wb") as copy:
            for number, (body, ending, length) in enumerate(_lines(source), start=1):
                if length > MAX_LINE_BYTES:
                    reason = (
                        f"unreadable line: line too long ({length:,} bytes; the limit is {MAX_LINE_BYTES:,}: "
                        "a field this size is not an extract value)"
                    )
                    raw = body[:RAW_TEXT_BYTES].decode("utf-8", "replace") + f"... [{length:,} bytes in all]"
                elif b"\x00" in body:
                    reason = "unreadable line: contains a NUL byte (a control character, not text)"
                    raw = body.decode("utf-8", "replace").replace("\x00", "\\x00")
                else:
                    copy.write(body + ending)
                    continue
                if number == 1:
                    raise BuildError(f"{path}: the header line is unreadable: {reason.split(': ', 1)[1]}")
                check.rejects.append({"line_number": number, "raw_text": raw, "reason": reason})
                copy.write(ending or b"\n")
    except BaseException:
        check.cleanup()
        raise
    return check


def _lines(handle):
    """(body, line ending, length in bytes) of each line of a binary file, read in chunks.
    Of a line over the limit only the first bytes are kept, so a 50 MB line costs no memory."""
    kept: list[bytes] = []
    length = 0
    for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
        start = 0
        while start < len(chunk):
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            if length <= MAX_LINE_BYTES:
                kept.append(piece)
            length += len(piece)
            if end < 0:
                break
            body = b"".join(kept)
            ending = b"\r\n" if body.endswith(b"\r") else b"\n"
            yield body.removesuffix(b"\r"), ending, length - (len(ending) - 1)
            kept, length, start = [], 0, end + 1
    if length:
        yield b"".join(kept), b"", length


def remove_leftover_copies() -> list[tuple[Path, int]]:
    """Sanitised copies left in the temp folder by builds that were killed."""
    from pipelines.build_lock import pid_is_running

    pattern = re.compile(rf"{re.escape(COPY_PREFIX)}(\d+)-.*")
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{COPY_PREFIX}*"):
        match = pattern.fullmatch(path.name)
        if match and int(match.group(1)) != os.getpid() and not pid_is_running(int(match.group(1))):
            size = path.stat().st_size
            path.unlink(missing_ok=True)
            removed.append((path, size))
    return removed
