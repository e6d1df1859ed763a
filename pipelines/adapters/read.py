"""Published files read as records: every record with the line it starts on and its raw text.

A record is what a CSV reader calls a row: a quoted field may hold commas and newlines, so a
record can span several physical lines. Rejects name the line a record starts on and keep
the whole record's text, so an analyst finds it in the file as published.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import file_checks
from pipelines.errors import BuildError

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
HEADER_BYTES = 1 << 16  # read to recognise a CSV file's header
csv.field_size_limit(1 << 30)  # a published field may be long (free-text notes)


@dataclass(frozen=True)
class Record:
    line_number: int  # the line (CSV) or spreadsheet row (XLSX) the record starts on
    raw_text: str  # the record as it stands in the file
    fields: list[str]


@dataclass
class RawTable:
    """One table of a published file: a CSV file, or one sheet of a workbook."""

    path: Path
    headers: list[str]
    header_line: int
    records: list[Record] = field(default_factory=list)
    sheet: str | None = None
    encoding: str = "utf-8"

    @property
    def where(self) -> str:
        return f"{self.path.name}, sheet {self.sheet}" if self.sheet else self.path.name


def file_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as older exports use."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(path: Path) -> str:
    return "\t" if path.suffix.lower() == ".tsv" else ","


def csv_header(path: Path) -> list[str]:
    """The first record of a CSV file (its header), read from the start of the file only."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    text, _ = _decode(head)
    if len(head) == HEADER_BYTES:  # keep whole lines only
        text = text[: text.rfind("\n") + 1] or text
    for row in csv.reader(io.StringIO(text), delimiter=_delimiter(path)):
        if any(cell.strip() for cell in row):
            return row
    return []


def read_csv(path: Path) -> RawTable:
    """Every record of a CSV file after its header, with its first line and raw text."""
    file_checks.check_file(path, csv=False)  # an empty file stops here with a clear message
    with path.open("rb") as handle:
        head = handle.read(4096)
    encoding = file_checks._wide_encoding(head)
    if encoding:
        raise BuildError(f"{path}: the file is {encoding} text: save as UTF-8 (in Excel: CSV UTF-8) and rebuild")
    text, encoding = _decode(path.read_bytes())
    lines = text.splitlines(keepends=True)
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=_delimiter(path), strict=False)
    table: RawTable | None = None
    line_number = 1
    try:
        for row in reader:
            start, raw = line_number, "".join(consumed)
            line_number += len(consumed)
            consumed.clear()
            if not any(cell.strip() for cell in row):
                continue  # a blank line is not a record
            if table is None:
                table = RawTable(path, [c.strip() for c in row], start, encoding=encoding)
                continue
            table.records.append(Record(start, raw.rstrip("\r\n"), row))
    except csv.Error as exc:
        raise BuildError(f"{path}: line {line_number}: cannot be read as CSV ({exc})") from None
    if table is None:
        raise BuildError(f"{path}: empty file: no header and no rows (is it the right file?)")
    return table


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def xlsx_sheets(
    path: Path, sheets: str | None, marker: str | None, search_rows: int, header_only: bool = False
) -> Iterator[RawTable]:
    """Each sheet (whose name matches `sheets`) as a table whose header is the first row
    holding the `marker` cell (else the first non-empty row); records are the rows below."""
    import re

    from openpyxl import load_workbook

    from pipelines.adapters.spec import normalise

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise BuildError(f"{path}: cannot be read as a workbook: {exc}") from None
    try:
        for sheet in book.worksheets:
            if sheets and not re.search(sheets, sheet.title, re.IGNORECASE):
                continue
            table = None
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in row]
                if table is None:
                    if row_number > search_rows:
                        break
                    found = any(normalise(c) == normalise(marker) for c in cells) if marker else any(cells)
                    if found:
                        table = RawTable(path, [c.strip() for c in cells], row_number, sheet=sheet.title)
                        if header_only:
                            break
                    continue
                if not any(c.strip() for c in cells):
                    continue
                table.records.append(Record(row_number, _as_csv_line(cells), cells))
            if table is not None:
                yield table
    finally:
        book.close()


def header_rows(path: Path, sheets: str | None = None, marker: str | None = None, search_rows: int = 30):
    """The header(s) a file would be recognised by: one for a CSV file, one per sheet."""
    kind = file_format(path)
    if kind == "csv":
        return [csv_header(path)]
    if kind == "xlsx":
        return [t.headers for t in xlsx_sheets(path, sheets, marker, search_rows, header_only=True)]
    return []
