"""Nothing that identifies people leaves the app: a walk over every page and every download
of a small real build (generate -> build -> marts, as `tests/conftest.py` makes it).

For each locality, work stream and indicator the pages' callbacks and downloads are asked as
the browser asks them, and their answers are checked:

- no count of 1-4 (`numerator`, `denominator`, staff, totals, records, "Not stated" ...) in
  any download or any table on a page;
- no complement of 1-4 where both parts are shown (denominator - numerator, total - staff,
  records - not stated), since subtraction would give the hidden count back;
- no suppressed row carries a number a count could be worked back from (its CI);
- no rejected record's text, anywhere.

Counts that are about files rather than people are exempt: load history and rejected-record
counts on the data-quality page (README, "Reliability and security").
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import duckdb
import pandas as pd
import pytest

from bench.load import callback_body
from dashboard import create_app
from dashboard.settings import Settings
from dashboard.state.url_state import Filters
from pipelines import reference as ref
from tests.dashboard.dash_requests import dependencies as callbacks_of

SMALL = range(1, 5)  # counts of 1-4 are never published
# Columns (downloads) and headers (page tables) that hold counts of people, and the pairs
# whose difference is a count of people too.
COUNT_COLUMNS = re.compile(
    r"^(numerator|denominator|staff|total|records|not_stated|not_known|respondents|positive|count|population"
    r"|people|staff in group|all staff|records checked|not stated|not known|positive answers)$",
    re.IGNORECASE,
)
COMPLEMENTS = [("denominator", "numerator"), ("total", "staff"), ("records", "not_stated"), ("records", "not_known")]
CI_COLUMNS = ("lower_ci_95", "upper_ci_95", "lower_ci_99_8", "upper_ci_99_8")
# Outputs whose counts are of files and records, not people.
EXEMPT_OUTPUTS = ("rejects-download", "data-quality-rejects", "data-quality-loads")
# Page tables of files and rejected records (load history, rejects summary).
EXEMPT_HEADERS = {"Rows read", "Reason"}
# "Voices heard" counts consented quotes, each of which /voices publishes with its tags.
EXEMPT_INDICATORS = ("VOICES_HEARD",)


@pytest.fixture(scope="module")
def walk(demo_warehouse) -> dict[str, Any]:
    app = create_app(settings=Settings(warehouse_path=demo_warehouse))
    client = app.server.test_client()
    dependencies = [d for d in callbacks_of(client) if not d.get("clientside_function")]
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        indicators = [
            i for (i,) in con.execute("SELECT DISTINCT indicator_id FROM indicator_values ORDER BY 1").fetchall()
        ]
        streams = [w for (w,) in con.execute("SELECT work_stream FROM work_streams ORDER BY 1").fetchall()]
        raw = [
            t for (t,) in con.execute("SELECT DISTINCT raw_text FROM rejects WHERE length(raw_text) >= 12").fetchall()
        ]
    return {
        "client": client,
        "dependencies": dependencies,
        "indicators": indicators,
        "streams": streams,
        "raw": raw,
        "seen": Counter(),
    }


# --- asking the app ------------------------------------------------------------------------


def _values(dependency: dict[str, Any], filters: Filters, search: str, indicator: str, clicked: str | None):
    values = {}
    for slot in dependency["inputs"] + dependency["state"]:
        name = f"{slot['id']}.{slot['property']}"
        if name == "filters.data":
            values[name] = filters.to_store()
        elif name == "url.search":
            values[name] = search
        elif name == "indicator-id.data":
            values[name] = indicator
        elif slot["property"] == "n_clicks":
            values[name] = 1 if name == clicked else None
    return values


def _ask(walk, dependency, filters: Filters, search: str = "", indicator: str = "", clicked: str | None = None):
    body = callback_body(dependency, _values(dependency, filters, search, indicator, clicked), clicked)
    reply = walk["client"].post("/_dash-update-component", json=body)
    assert reply.status_code in (200, 204), (dependency["output"], reply.status_code)
    return reply.json["response"] if reply.status_code == 200 else {}


def _callbacks(walk, *parts: str) -> list[dict[str, Any]]:
    """The content and download callbacks whose output names one of `parts`."""
    return [d for d in walk["dependencies"] if any(p in d["output"] for p in parts) and "{" not in d["output"]]


def _answers(walk, dependency, filters: Filters, search: str = "", indicator: str = ""):
    """(output name, answer) for a content callback, or for each button of a download callback."""
    buttons = [f"{s['id']}.{s['property']}" for s in dependency["inputs"] if s["property"] == "n_clicks"]
    for clicked in buttons or [None]:
        yield from _ask(walk, dependency, filters, search, indicator, clicked).items()


# --- reading the answers -------------------------------------------------------------------


class _Tables(HTMLParser):
    """The tables in a piece of HTML (the static tables pages send as one component)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _text(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    if isinstance(node, list):
        return " ".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children")) if "props" in node else ""
    return ""


def _component_tables(node: Any, found: list) -> list[list[list[str]]]:
    """Tables built of Dash components (html.Table / Tr / Th / Td) and static HTML ones."""
    if isinstance(node, list):
        for n in node:
            _component_tables(n, found)
    elif isinstance(node, dict) and "props" in node:
        props = node["props"]
        if node.get("type") == "Table":
            rows = []
            _rows(props.get("children"), rows)
            found.append(rows)
            return found
        if node.get("type") == "Markdown" and isinstance(props.get("children"), str) and "<table" in props["children"]:
            parser = _Tables()
            parser.feed(props["children"])
            found.extend(parser.tables)
        for value in props.values():
            _component_tables(value, found)
    elif isinstance(node, dict):  # an output's properties, e.g. {"children": [...]}
        for value in node.values():
            _component_tables(value, found)
    return found


def _rows(node: Any, rows: list) -> None:
    if isinstance(node, list):
        for n in node:
            _rows(n, rows)
    elif isinstance(node, dict) and "props" in node:
        if node.get("type") == "Tr":
            cells = node["props"].get("children")
            cells = cells if isinstance(cells, list) else [cells]
            rows.append([" ".join(_text(c).split()) for c in cells])
        else:
            _rows(node["props"].get("children"), rows)


def _number(cell: Any) -> float | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return None if pd.isna(cell) else float(cell)
    match = re.fullmatch(r"\s*(-?[\d,]+(?:\.\d+)?)\s*", str(cell))
    return float(match.group(1).replace(",", "")) if match else None


def _is_small(value: float | None) -> bool:
    return value is not None and not pd.isna(value) and value == int(value) and int(value) in SMALL


def _frames(props: dict[str, Any]) -> list[tuple[str, pd.DataFrame]]:
    """The tables in a download's data (CSV, or every sheet of an Excel file)."""
    data = props.get("data")
    if not isinstance(data, dict) or "content" not in data:
        return []
    name = data.get("filename", "")
    if data.get("base64"):
        content = base64.b64decode(data["content"])
        if not name.endswith(".xlsx"):
            return []
        return [
            (f"{name}[{sheet}]", frame) for sheet, frame in pd.read_excel(io.BytesIO(content), sheet_name=None).items()
        ]
    return [(name, pd.read_csv(io.StringIO(data["content"].lstrip("\ufeff")), keep_default_na=False, na_values=[""]))]


def _row_name(frame: pd.DataFrame, row: Any) -> str:
    keys = ("indicator_id", "area_code", "breakdown", "group_code", "level", "period")
    return "row " + "/".join(str(frame.at[row, k]) for k in keys if k in frame.columns)


def _download_problems(where: str, frame: pd.DataFrame, seen: Counter | None = None) -> list[str]:
    problems = []
    columns = [c for c in frame.columns if COUNT_COLUMNS.match(str(c))]
    if seen is not None and columns:
        seen["tables with counts"] += 1
        seen["rows with counts"] += len(frame)
    numbers = {c: frame[c].map(_number) for c in columns}
    for column, values in numbers.items():
        for row in values[values.map(_is_small)].index[:3]:
            problems.append(f"{where}: {column} = {frame.at[row, column]} ({_row_name(frame, row)})")
    for whole, part in COMPLEMENTS:
        if whole in numbers and part in numbers:
            difference = numbers[whole] - numbers[part]
            for row in difference[difference.map(_is_small)].index[:3]:
                problems.append(f"{where}: {whole} - {part} = {difference[row]:g} ({_row_name(frame, row)})")
    if "suppressed" in frame.columns:
        hidden = frame[frame["suppressed"].astype(str).str.lower().isin(["true", "1"])]
        for column in (c for c in CI_COLUMNS if c in frame.columns):
            leaked = hidden[hidden[column].map(_number).notna()]
            for row in leaked.index[:3]:
                problems.append(
                    f"{where}: suppressed {_row_name(frame, row)} keeps {column} = {leaked.at[row, column]}"
                )
    return problems


def _table_problems(where: str, rows: list[list[str]], seen: Counter) -> list[str]:
    if len(rows) < 2:
        return []
    header, body = rows[0], rows[1:]
    frame = pd.DataFrame([r[: len(header)] + [""] * (len(header) - len(r)) for r in body], columns=header)
    frame.columns = [
        str(c).strip().lower().replace(" ", "_") if COUNT_COLUMNS.match(str(c).strip()) else c for c in frame.columns
    ]
    return _download_problems(where, frame.loc[:, ~frame.columns.duplicated()], seen)


# A missing value printed as text ("Target 85% nan"): a word in a string a person reads, not a
# number in a figure's data (JSON NaN) nor a piece of base64 (long, with no spaces).
MISSING_AS_TEXT = re.compile(r"(?<![\w.])(nan|NaN|NaT|<NA>)(?![\w.])")
JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _check(walk, where: str, output: str, props: dict[str, Any], problems: list[str]) -> None:
    text = json.dumps(props, ensure_ascii=False)
    problems.extend(f"{where} {output}: raw reject text {raw[:40]!r}" for raw in walk["raw"] if raw in text)
    for shown in JSON_STRING.findall(text) if "voices-" not in output else ():  # quotes: "my nan" is a word
        if (" " in shown or len(shown) < 40) and MISSING_AS_TEXT.search(shown):
            problems.append(f"{where} {output}: a missing value shown as text in {shown[:80]!r}")
    if any(exempt in output for exempt in EXEMPT_OUTPUTS):
        return
    for name, frame in _frames(props):
        walk["seen"]["downloads"] += 1
        if "indicator_id" in frame.columns:
            frame = frame[~frame["indicator_id"].isin(EXEMPT_INDICATORS)]
        problems.extend(_download_problems(f"{where} {name}", frame, walk["seen"]))
    if any(f"indicator={exempt}" in where for exempt in EXEMPT_INDICATORS):
        return  # its page's tables count quotes (see EXEMPT_INDICATORS)
    for table in _component_tables(props, []):
        walk["seen"]["page tables"] += 1
        if not EXEMPT_HEADERS & set(table[0] if table else []):
            problems.extend(
                _table_problems(f"{where} {output} table '{' | '.join(table[0])[:60]}'", table, walk["seen"])
            )


# --- the walk ------------------------------------------------------------------------------


def _walk(walk) -> list[str]:
    """Every area through the pages that change with the area; every work stream; every
    indicator's page and downloads; the pages that show all areas at once for two areas."""
    problems: list[str] = []
    localities = [ref.GM_CODE, *ref.LOCALITY_CODES]

    def visit(callbacks, filters: Filters, search: str, indicator: str = "") -> None:
        for dependency in callbacks:
            for output, props in _answers(walk, dependency, filters, search, indicator):
                _check(walk, f"[{search.lstrip('?')}]", output, props, problems)

    by_area = _callbacks(walk, "localities-", "workforce-content", "px-content")
    all_areas = _callbacks(walk, "overview-", "voices-content", "data-quality-", "indicator-list", "workforce-", "px-")
    for locality in localities:
        visit(by_area, Filters(locality=locality), f"?locality={locality}")
    for locality in (ref.GM_CODE, ref.LOCALITY_CODES[-1]):
        visit([d for d in all_areas if d not in by_area], Filters(locality=locality), f"?locality={locality}")
    work_streams = _callbacks(walk, "work-streams-", "overview-")
    for stream, locality in zip(walk["streams"], itertools.cycle(localities), strict=False):
        visit(
            work_streams, Filters(locality=locality, work_stream=stream), f"?locality={locality}&work_stream={stream}"
        )
    indicator_page = _callbacks(walk, "indicator-messages", "indicator-download", "localities-compare-download")
    for indicator, locality in zip(walk["indicators"], itertools.cycle(localities), strict=False):
        visit(indicator_page, Filters(locality=locality), f"?locality={locality}&indicator={indicator}", indicator)
    return problems


def test_no_page_or_download_discloses_a_small_count_or_a_rejected_record(walk):
    problems = _walk(walk)
    seen = walk["seen"]
    assert seen["downloads"] > 100 and seen["page tables"] > 100 and seen["tables with counts"] > 100, seen
    assert not problems, f"{len(problems)} disclosures:\n" + "\n".join(sorted(set(problems))[:60])


def test_the_walk_catches_a_small_count_a_complement_and_a_suppressed_interval():
    """The checks themselves: each kind of disclosure in a made-up download is caught."""
    frame = pd.DataFrame(
        {
            "indicator_id": ["A", "B", "C", "D"],
            "numerator": [120, 3, 97, None],
            "denominator": [400, 500, 100, None],
            "lower_ci_95": [20.0, 0.1, 90.0, 12.0],
            "suppressed": [False, False, False, True],
        }
    )
    problems = " ".join(_download_problems("x.csv", frame))
    assert "numerator = 3" in problems and "denominator - numerator = 3" in problems
    assert "suppressed row D keeps lower_ci_95" in problems and "row A" not in problems
    table = [["Group", "Numerator", "Denominator"], ["White", "1,200", "1,202"], ["Other", "Suppressed", "Suppressed"]]
    assert "denominator - numerator = 2" in " ".join(_table_problems("page", table, Counter()))
