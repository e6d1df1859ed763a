"""NHS Staff Survey detailed spreadsheets (organisational results, XLSX) as staff-survey rows.

Two layouts, each sheet a section of the questionnaire:

- **2021-2024**: a header row found by its `ODS code` cell (`ODS code, Organisation name,
  Benchmarking group, Region, ICS/STP, Weighting, % Never, % 1-2, ..., Base (number of
  responses), % Never, ...`); above it, each question's number and text (`Q14a - ...`) over
  its block of `% <option>` columns, which ends with its `Base (number of responses)`.
  Percentages are weighted; `-` is a suppressed result.
- **2018**: five header rows: question numbers (`Q13`) in the first, the question in the
  second, its parts (`a) Patients / ...`) in the third, option labels (with trailing spaces:
  `Often `, `Yes `) ending in `Base (number of respondents)` in the fourth, `%`/`n` in the
  fifth; trust code and name in the first two columns; unweighted.

A per-year question map (`config/adapters/question_maps/nhs_staff_survey.yaml`) says which
question gives which measure (WRES 5, 7, 8; WDES 4-8) and which options make it. Each
organisation's result loads as its published rate with its base; the count is derived
(rate x base / 100) and marked so. Organisations outside Greater Manchester, summary rows and
questions whose text does not match the map are rejected with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from pipelines import reference as ref
from pipelines.errors import BuildError

QUESTION_MAP = Path(__file__).resolve().parents[2] / "config" / "adapters" / "question_maps" / "nhs_staff_survey.yaml"
SUPPRESSED = {"-", "*", "..", "x", "[x]", "c", "[c]"}
QUESTION_NUMBER = re.compile(r"^\s*(Q\d+)([a-z]?)\b", re.IGNORECASE)
PART_LETTER = re.compile(r"^\s*([a-z])\)\s")
YEAR = re.compile(r"staff survey\D{0,20}(20\d\d)", re.IGNORECASE)
OUTPUT_COLUMNS = [
    "survey_year",
    "organisation_code",
    "question_code",
    "characteristic",
    "group_code",
    "respondents",
    "positive",
    "published_rate",
    "positive_derived",
    "suppressed",
    "weighted",
    "source_question",
    "record",
    "row_key",
]


def option_key(text: str) -> str:
    """An answer option as compared: `% Often`, `Often ` and `often` are one option; spacing
    around a dash does not matter (`1-2`, `1 - 2`)."""
    text = re.sub(r"^\s*%\s*", "", str(text))
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).lower()


# ------------------------------------------------------------------ the question map


@dataclass(frozen=True)
class Measure:
    code: str  # our question code (staff_survey.question_code)
    question: str  # the survey's question number that year (Q14a)
    positive: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class YearMap:
    year: int
    weighted: bool
    measures: dict[str, Measure]  # by the survey's question number, upper-cased

    def for_question(self, number: str) -> Measure | None:
        return self.measures.get(number.upper())


@cache
def _question_map(path: Path) -> dict[int, YearMap]:
    from pipelines.extracts import code_lists

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{path}: cannot read the staff survey question map: {exc}") from None
    questions = code_lists()["staff_question"]
    years = {}
    for year, entries in (data.get("years") or {}).items():
        entries = dict(entries)
        weighted = bool(entries.pop("weighted", True))
        measures = {}
        for code, spec in entries.items():
            if code not in questions:
                raise BuildError(f"{path}: years.{year}.{code}: not a staff survey question code")
            try:
                measure = Measure(code, str(spec["question"]), tuple(spec["positive"]), tuple(spec.get("words", ())))
            except (KeyError, TypeError):
                raise BuildError(f"{path}: years.{year}.{code}: needs question and positive options") from None
            if measure.question.upper() in measures:
                raise BuildError(f"{path}: years.{year}: {measure.question} is mapped twice")
            measures[measure.question.upper()] = measure
        years[int(year)] = YearMap(int(year), weighted, measures)
    for code, entry in (data.get("not_mapped") or {}).items():
        if code not in questions:
            raise BuildError(f"{path}: not_mapped.{code}: not a staff survey question code")
        if not isinstance(entry, dict) or not entry.get("reason") or "verified" not in entry:
            raise BuildError(f"{path}: not_mapped.{code}: needs a reason and verified: true / false")
        mapped = sorted(y for y, m in years.items() if any(x.code == code for x in m.measures.values()))
        if mapped:
            raise BuildError(f"{path}: not_mapped.{code}: also mapped for {', '.join(map(str, mapped))}")
    return years


def question_map(path: Path | None = None) -> dict[int, YearMap]:
    """Each survey year's map from question number to measure."""
    return _question_map(Path(path or QUESTION_MAP).resolve())


# ------------------------------------------------------------------ reading a sheet


@dataclass
class Block:
    """One question's columns: its options' percentages and its base."""

    number: str  # Q14a
    text: str  # the question as the rows above print it
    options: dict[str, int]  # option key -> column
    base: int  # column of the base


def _carried(row: list[str], width: int) -> list[str]:
    """Each column's text in a header row, a merged cell's text carried to the right."""
    out, last = [], ""
    for i in range(width):
        cell = row[i].strip() if i < len(row) else ""
        last = cell or last
        out.append(last)
    return out


def question_blocks(above: list[list[str]], headers: list[str], first: int) -> list[Block]:
    """The question blocks of a sheet from column `first` on: `% <option>` (or plain option)
    columns ending in a `Base ...` column, numbered and worded from the rows above."""
    width = len(headers)
    carried = [_carried(row, width) for row in above]
    blocks, start = [], None
    for column in range(first, width):
        header = headers[column].strip()
        if not header:
            start = None
            continue
        if start is None:
            start = column
        if option_key(header).startswith("base"):
            number, part, words = "", "", []
            for row, texts in zip(above, carried, strict=True):
                own = row[start].strip() if start < len(row) else ""
                text = texts[start]
                found = QUESTION_NUMBER.match(text)
                if found and not number:
                    number, part = found.group(1).upper(), found.group(2).lower()
                letter = PART_LETTER.match(own)
                if letter and not part:
                    part = letter.group(1)
                if text:
                    words.append(text)
            options = {option_key(headers[c]): c for c in range(start, column)}
            if number:
                blocks.append(Block(number + part, " ".join(words), options, column))
            start = None
    return blocks


def survey_year(texts: list[str], file_name: str = "") -> int | None:
    """The survey year as the file prints it (`National NHS Staff Survey 2018`), else from a
    publisher's file name (`NSS23 detailed spreadsheets ...`, `ST18 ...`)."""
    for text in texts:
        found = YEAR.search(text or "")
        if found:
            return int(found.group(1))
    found = re.search(r"(?:NSS|ST)(\d\d)\b", file_name, re.IGNORECASE)
    return 2000 + int(found.group(1)) if found else None


def _number(text: str) -> float | None:
    try:
        return float(str(text).replace(",", "").strip())
    except ValueError:
        return None


@dataclass
class SurveyRows:
    rows: pd.DataFrame
    rejects: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


def survey_rows(
    above: list[list[str]],
    headers: list[str],
    records: list[list[str] | None],
    year: int | None,
    layout: str,
    years: dict[int, YearMap] | None = None,
    sheet: str = "",
) -> SurveyRows:
    """Rows of one sheet: for each GM organisation and each mapped question, the published
    rate, its base and the derived count; a reason for every other record."""
    years = question_map() if years is None else years
    out = SurveyRows(pd.DataFrame(columns=OUTPUT_COLUMNS, dtype=object))
    keys = [option_key(h) for h in headers]
    if layout == "2018":
        code_at, name_at, first = 0, 1, 2
    else:
        code_at = keys.index("ods code")
        name_at = keys.index("organisation name") if "organisation name" in keys else None
        first = (keys.index("weighting") + 1) if "weighting" in keys else code_at + 1
    blocks = question_blocks(above, headers, first)
    if year is None or year not in years:
        known = ", ".join(str(y) for y in sorted(years))
        reason = (
            f"survey year {'not found in the file' if year is None else year} has no question map "
            f"(config/adapters/question_maps/nhs_staff_survey.yaml has {known})"
        )
        out.rejects = [(i, reason) for i, r in enumerate(records) if r is not None]
        out.notes.append(f"{sheet}: {reason}")
        return out
    year_map = years[year]
    wanted = []
    for block in blocks:
        measure = year_map.for_question(block.number)
        if measure is None:
            continue
        missing_words = [w for w in measure.words if w.lower() not in block.text.lower()]
        missing_options = [o for o in measure.positive if option_key(o) not in block.options]
        if missing_words or missing_options:
            problem = (
                f"does not mention {', '.join(missing_words)}"
                if missing_words
                else f"has no option(s) {', '.join(missing_options)}"
            )
            out.notes.append(
                f"{sheet}: {block.number} is mapped to {measure.code} for {year} but the file's {block.number} "
                f"{problem} ('{block.text[:80]}'): not loaded; check the question map"
            )
            continue
        wanted.append((block, measure))
        out.used |= {headers[c] for c in [*block.options.values(), block.base]}
    out.used |= {headers[c] for c in (code_at, name_at) if c is not None}
    gm = set(ref.ORGANISATION_CODES)
    rows = []
    for index, fields in enumerate(records):
        if fields is None:
            continue
        code = fields[code_at].strip() if code_at < len(fields) else ""
        name = fields[name_at].strip() if name_at is not None and name_at < len(fields) else ""
        if not code:
            what = name or " ".join(f for f in fields if f.strip())[:40]
            out.rejects.append((index, f"not an organisation's result ({what}): a summary or heading row"))
            continue
        if code.upper() not in gm:
            out.rejects.append((index, f"organisation outside Greater Manchester: {code} {name}".rstrip()))
            continue
        if not wanted:
            continue
        for block, measure in wanted:
            rows.append(_result(fields, block, measure, year_map, code, index))
    if rows:
        out.rows = pd.DataFrame(rows, columns=OUTPUT_COLUMNS, dtype=object)
    return out


def _result(fields: list[str], block: Block, measure: Measure, year_map: YearMap, code: str, index: int) -> dict:
    cells = [fields[block.options[option_key(o)]] for o in measure.positive]
    base_text = fields[block.base].strip()
    shares = [_number(c) for c in cells]
    base = _number(base_text)
    suppressed = base is None or any(s is None for s in shares)
    marked = base_text in SUPPRESSED or any(str(c).strip() in SUPPRESSED for c in cells)
    row = dict.fromkeys(OUTPUT_COLUMNS) | {  # a column left out is None (blank), never NaN
        "survey_year": str(year_map.year),
        "organisation_code": code,
        "question_code": measure.code,
        "characteristic": "all",
        "group_code": "all",
        "weighted": "true" if year_map.weighted else "false",
        "source_question": block.number,
        "record": index,
        "row_key": block.number,
    }
    if suppressed and (marked or not base_text):
        return row | {"suppressed": "true", "respondents": base_text if base is not None else None}
    if suppressed:  # text that is neither a number nor a marker: validation names it
        return row | {
            "respondents": base_text,
            "positive": next(c for c, s in zip(cells, shares, strict=True) if s is None),
        }
    rate = sum(shares)
    published = cells[0].strip() if len(cells) == 1 else repr(round(rate, 10))
    return row | {
        "respondents": base_text,
        "published_rate": published,
        "positive": repr(round(rate * base / 100, 10)),
        "positive_derived": "true",
        "suppressed": "false",
    }


# ------------------------------------------------------------------ the adapter entry point


def _above_rows(path: Path, sheet: str | None, header_line: int) -> tuple[list[list[str]], list[str]]:
    """The rows above a sheet's header (question numbers and text), and the first lines of
    the workbook's Notes sheet (where the survey names its year), as text."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = []
        for row in ws.iter_rows(min_row=1, max_row=max(header_line - 1, 0), values_only=True):
            rows.append(["" if v is None else str(v) for v in row])
        notes = []
        for other in book.worksheets:
            if other.title.strip().lower() == "notes":
                for row in other.iter_rows(min_row=1, max_row=5, values_only=True):
                    notes += [str(v) for v in row if v is not None]
        return rows, notes
    finally:
        book.close()


def reshape(table, spec, context, match=None):
    """The adapter mechanism's hook: one sheet of a detailed spreadsheet (`options.layout`
    `2021` or `2018`) as `staff_survey` rows."""
    from pipelines.adapters.run import Reshaped, fields_of

    fields, rejects = fields_of(table, spec)
    above, notes = _above_rows(table.path, table.sheet, table.header_line)
    texts = [c for row in above for c in row] + notes
    year = survey_year(texts, table.path.name)
    result = survey_rows(above, table.headers, fields, year, spec.options["layout"], sheet=table.sheet or "")
    return Reshaped(result.rows, rejects + result.rejects, result.used, result.notes)
