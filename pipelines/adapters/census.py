"""ONS Census 2021 topic summaries (TS tables) in their three published layouts, as population
counts by locality and group.

The layouts (values made up here; headers as published):

- **nomis API** (`https://www.nomisweb.co.uk/api/v01/dataset/NM_2041_1.data.csv?...`): long,
  one record per area, category and measure: `DATE, ..., GEOGRAPHY_CODE, GEOGRAPHY_NAME, ...,
  C2021_ETH_20, C2021_ETH_20_NAME, ..., MEASURES, MEASURES_NAME, OBS_VALUE, OBS_STATUS, ...`.
  MEASURES 20100 is the count, 20301 the percentage (not loaded).
- **ONS "create a custom dataset"** CSV: long, `Lower tier local authorities Code, Lower tier
  local authorities, Ethnic group (20 categories) Code, Ethnic group (20 categories),
  Observation` (header case varies; older downloads say `... Label` and `Count`); code -8 is
  "Does not apply". A `Sex (2 categories)` variable beside the topic gives a sex split.
- **nomis bulk** (`census2021-ts021-ltla.csv`): wide, one record per area: `date, geography,
  geography code, Ethnic group: Total: All usual residents, Ethnic group: Asian, Asian British
  or Asian Welsh, Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi, ...`; some
  tables end each header with `; measures: Value`.

Which table a file holds is read from its category labels (`config/adapters/census/*.yaml`),
never from its name. Each published count becomes one `population` row, unchanged, with no
age or sex invented (blank = not split). Totals and subtotals are checked, not loaded; areas
outside Greater Manchester, "Does not apply", percentages, suppressed values and labels no
map knows are rejected with a reason, so every published cell is accounted for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipelines import reference as ref
from pipelines.errors import BuildError

CENSUS_DIR = Path(__file__).resolve().parents[2] / "config" / "adapters" / "census"
CENSUS_YEAR = "2021"  # Census Day, 21 March 2021
COUNT_MEASURES = {"20100", "value"}  # nomis: the count (20301 = percent)
MEASURE_SUFFIX = re.compile(r";\s*measures:\s*value\s*$", re.IGNORECASE)
SUPPRESSION_MARKERS = ("*", "c", "[c]", "x", "[x]", "-", "..", ":", "[z]", "[low]", "/")
NORMAL_STATUS = {"", "a", "normal value"}
OUTPUT_COLUMNS = [
    "year",
    "locality_code",
    "age_band",
    "sex",
    "characteristic",
    "group_code",
    "population",
    "source_table",
    "source_category",
    "record",
    "row_key",
]


def label_key(text: str) -> str:
    """A category label as compared: case, spacing and a nomis `; measures: Value` ending
    do not matter."""
    return " ".join(MEASURE_SUFFIX.sub("", str(text)).split()).lower()


# ------------------------------------------------------------------ the tables' code maps


class CensusTable(BaseModel):
    """One topic summary's code map, as `config/adapters/census/<table>.yaml` declares it."""

    model_config = ConfigDict(extra="forbid")
    table: str
    title: str
    population: str  # who the table counts ("All usual residents aged 16 years and over")
    characteristic: str  # population.characteristic (`all` for counts of everyone, e.g. by age)
    nomis: dict[str, str] = Field(default_factory=dict)
    ons_variable: str = ""
    bulk_variable: str
    groups: dict[str, str] = Field(default_factory=dict)  # label -> group code
    age_bands: dict[str, str] = Field(default_factory=dict)  # label -> age band (characteristic all)
    totals: list[str] = Field(default_factory=list)
    not_applicable: list[str] = Field(default_factory=list)
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _codes_exist(self) -> CensusTable:
        from pipelines.extracts import code_lists

        lists = code_lists()
        if self.characteristic not in lists["population_characteristic"]:
            raise ValueError(f"characteristic {self.characteristic!r} is not a population characteristic")
        known = lists[self.characteristic]
        bad = sorted({code for code in self.groups.values() if code not in known})
        if bad:
            raise ValueError(f"group code(s) {', '.join(bad)} are not groups of {self.characteristic}")
        bands = lists["population_age_band"]
        bad = sorted({band for band in self.age_bands.values() if band not in bands})
        if bad:
            raise ValueError(f"age band(s) {', '.join(bad)} are not population age bands")
        if not self.groups and not self.age_bands:
            raise ValueError("names no groups and no age bands")
        return self

    def classify(self, label: str) -> tuple[str, str | None, str | None]:
        """(kind, group code, age band) of a published category: kind is `group`, `total`,
        `not_applicable` or `unknown`."""
        key = label_key(label)
        for text, code in self.groups.items():
            if label_key(text) == key:
                return "group", code, None
        for text, band in self.age_bands.items():
            if label_key(text) == key:
                return "group", "all", band
        if key in {label_key(t) for t in self.totals}:
            return "total", None, None
        if key in {label_key(t) for t in self.not_applicable}:
            return "not_applicable", None, None
        return "unknown", None, None

    def canonical_label(self, label: str) -> str:
        """The label as the code map spells it (what `source_category` keeps)."""
        key = label_key(label)
        for text in [*self.groups, *self.age_bands]:
            if label_key(text) == key:
                return text
        return label

    def known(self, label: str) -> bool:
        return self.classify(label)[0] != "unknown"

    @property
    def where(self) -> str:
        return f"config/adapters/census/{self.path.name}" if self.path else f"the {self.table} code map"


@cache
def _tables(folder: Path) -> tuple[CensusTable, ...]:
    tables = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            table = CensusTable.model_validate(data)
        except yaml.YAMLError as exc:
            raise BuildError(f"{path}: not valid YAML: {exc}") from None
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'file'}: {e['msg']}" for e in exc.errors())
            raise BuildError(f"{path}: {problems}") from None
        table.path = path
        tables.append(table)
    return tuple(tables)


def census_tables(folder: Path | None = None) -> tuple[CensusTable, ...]:
    """Every topic summary with a code map (default `config/adapters/census/`)."""
    return _tables(Path(folder or CENSUS_DIR).resolve())


def choose_table(labels: list[str], tables: tuple[CensusTable, ...]) -> CensusTable | None:
    """The table whose code map knows most of a file's distinct category labels (at least half
    of them, a group among them), or None."""
    distinct = {label_key(label): label for label in labels if str(label).strip()}
    best, best_known = None, 0
    for table in tables:
        kinds = [table.classify(label)[0] for label in distinct.values()]
        known = sum(kind != "unknown" for kind in kinds)
        if "group" in kinds and known > best_known:  # a shared total label ("Total") alone says nothing
            best, best_known = table, known
    if best is None or best_known * 2 < len(distinct):
        return None
    return best


# ------------------------------------------------------------------ cells from each layout


@dataclass
class Cell:
    """One published number: an area's count (or percentage) for one category."""

    record: int  # index of the record it is in
    area_code: str
    area_name: str
    label: str  # the category as published, layout prefixes removed
    value: str
    column: str | None = None  # the wide column it sits in (nomis bulk)
    measure: str | None = None  # nomis MEASURES code or name
    status: str = ""  # nomis OBS_STATUS
    sex: str | None = None  # a sex variable beside the topic (ONS custom, nomis)
    year: str = CENSUS_YEAR


@dataclass
class Cells:
    cells: list[Cell] = field(default_factory=list)
    rejects: list[tuple[int, str]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


def _column(headers: list[str], *names: str) -> int | None:
    wanted = {label_key(n) for n in names}
    return next((i for i, h in enumerate(headers) if label_key(h) in wanted), None)


def _area(fields: list[str], code_at: int, name_at: int | None) -> dict[str, str]:
    """A record's area code and name (a layout may have no name column)."""
    return {"area_code": fields[code_at].strip(), "area_name": fields[name_at].strip() if name_at is not None else ""}


def _year(text: str) -> str:
    found = re.match(r"\s*(\d{4})", text or "")
    return found.group(1) if found else CENSUS_YEAR


def nomis_api_cells(headers: list[str], records: list[list[str] | None]) -> Cells:
    """Cells of a nomis API `.data.csv` download (long: one record per area x category x measure)."""
    out = Cells()
    code_at = _column(headers, "GEOGRAPHY_CODE")
    name_at = _column(headers, "GEOGRAPHY_NAME")
    value_at = _column(headers, "OBS_VALUE")
    measure_at = _column(headers, "MEASURES")
    measure_name_at = _column(headers, "MEASURES_NAME")
    status_at = _column(headers, "OBS_STATUS")
    date_at = _column(headers, "DATE_NAME", "DATE")
    dimensions = [
        i
        for i, h in enumerate(headers)
        if re.fullmatch(r"C(2021)?_[A-Z0-9]+(_[0-9]+[A-Z]?)?_NAME", h.strip(), re.IGNORECASE)
    ]
    sex_at = next((i for i in dimensions if headers[i].strip().upper() == "C_SEX_NAME"), None)
    topic = [i for i in dimensions if i != sex_at] or ([sex_at] if sex_at is not None else [])
    if sex_at is not None and topic == [sex_at]:
        sex_at = None  # the sex table itself (TS008): sex is the topic
    used = [code_at, name_at, value_at, measure_at, measure_name_at, status_at, date_at, sex_at, *topic]
    out.used = {headers[i] for i in used if i is not None}
    for index, fields in enumerate(records):
        if fields is None:
            continue
        if len(topic) != 1:
            out.rejects.append((index, "a nomis table with more than one topic variable is not a topic summary"))
            continue
        measure = fields[measure_at] if measure_at is not None else None
        if measure_name_at is not None and (measure is None or not measure.strip()):
            measure = fields[measure_name_at]
        out.cells.append(
            Cell(
                record=index,
                **_area(fields, code_at, name_at),
                label=fields[topic[0]],
                value=fields[value_at],
                measure=measure,
                status=fields[status_at].strip() if status_at is not None else "",
                sex=fields[sex_at] if sex_at is not None else None,
                year=_year(fields[date_at]) if date_at is not None else CENSUS_YEAR,
            )
        )
    return out


def ons_custom_cells(headers: list[str], records: list[list[str] | None]) -> Cells:
    """Cells of an ONS "create a custom dataset" CSV (long: one record per area x category)."""
    out = Cells()
    keys = [label_key(h) for h in headers]
    value_at = next((i for i, k in enumerate(keys) if k in {"observation", "count"}), None)
    codes = [i for i, k in enumerate(keys) if k.endswith(" code")]
    if value_at is None or len(codes) < 2:
        raise BuildError("an ONS custom dataset has an area code, a variable code and an Observation column")
    area_code_at = codes[0]

    def label_of(code_at: int) -> int | None:
        stem = keys[code_at][: -len(" code")]
        return next((i for i, k in enumerate(keys) if k in {stem, f"{stem} label"}), None)

    area_name_at = label_of(area_code_at)
    variables = [(i, label_of(i)) for i in codes[1:]]
    sex = [(c, n) for c, n in variables if keys[c].startswith("sex ")]
    topic = [(c, n) for c, n in variables if (c, n) not in sex] or sex
    sex = [v for v in sex if v not in topic]
    out.used = {headers[i] for i in [value_at, area_code_at, area_name_at, *codes] if i is not None}
    out.used |= {headers[n] for _, n in variables if n is not None}
    for index, fields in enumerate(records):
        if fields is None:
            continue
        if len(topic) != 1 or topic[0][1] is None:
            out.rejects.append((index, "a custom dataset of more than one topic variable is not a topic summary"))
            continue
        code_at, name_at = topic[0]
        label = fields[name_at]
        if fields[code_at].strip() == "-8" and not label.strip():
            label = "Does not apply"
        out.cells.append(
            Cell(
                record=index,
                **_area(fields, area_code_at, area_name_at),
                label=label,
                value=fields[value_at],
                sex=fields[sex[0][1]] if sex and sex[0][1] is not None else None,
            )
        )
    return out


def nomis_bulk_cells(headers: list[str], records: list[list[str] | None]) -> Cells:
    """Cells of a nomis bulk CSV (wide: one record per area, a column per category)."""
    out = Cells()
    date_at = _column(headers, "date")
    area_code_at = _column(headers, "geography code")
    area_name_at = _column(headers, "geography")
    fixed = {date_at, area_code_at, area_name_at}
    categories = []
    for i, header in enumerate(headers):
        if i in fixed or not header.strip():
            continue
        text = MEASURE_SUFFIX.sub("", header).strip()
        variable, _, label = text.partition(": ")
        categories.append((i, variable, label or variable))
    out.used = {headers[i] for i in fixed if i is not None} | {headers[i] for i, _, _ in categories}
    for index, fields in enumerate(records):
        if fields is None:
            continue
        for i, _, label in categories:
            out.cells.append(
                Cell(
                    record=index,
                    **_area(fields, area_code_at, area_name_at),
                    label=label,
                    value=fields[i],
                    column=headers[i],
                    year=_year(fields[date_at]) if date_at is not None else CENSUS_YEAR,
                )
            )
    return out


LAYOUTS = {"nomis_api": nomis_api_cells, "ons_custom": ons_custom_cells, "nomis_bulk": nomis_bulk_cells}


# ------------------------------------------------------------------ cells -> population rows


@dataclass
class Population:
    rows: pd.DataFrame
    rejects: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    table: CensusTable | None = None


def _sex_code(text: str | None) -> tuple[str | None, bool]:
    """(sex code, is a total) of a sex variable's label; (None, False) when there is none."""
    if text is None:
        return None, False
    key = label_key(text)
    if key in {"all persons", "total", "total: all usual residents"}:
        return None, True
    return {"female": "F", "females": "F", "male": "M", "males": "M"}.get(key, text.strip()), False


def _count(value: str) -> float | None:
    try:
        return float(value.replace(",", ""))
    except (ValueError, AttributeError):
        return None


def to_population(cells: list[Cell], table: CensusTable) -> Population:
    """Population rows for the cells that are counts of a group in a GM locality; a reason
    for every other cell. Groups are checked against the totals they add up to."""
    rows, rejects = [], []
    markers = {label_key(m) for m in SUPPRESSION_MARKERS}
    localities = set(ref.LOCALITY_CODES)
    sums: dict[tuple, float] = defaultdict(float)  # (area, sex, subtotal key) -> sum of its groups
    seen: dict[tuple, set[str]] = defaultdict(set)  # ... -> the groups in the file
    totals: dict[tuple, tuple[float, str]] = {}
    for cell in cells:
        where = f"{cell.column}: " if cell.column else ""
        area = f"{cell.area_code} {cell.area_name}".strip()
        kind, group, band = table.classify(cell.label)
        sex, sex_total = _sex_code(cell.sex)
        if cell.measure is not None and label_key(cell.measure) not in COUNT_MEASURES:
            rejects.append((cell.record, f"{where}a percentage or other measure ({cell.measure}), not a count"))
            continue
        if cell.area_code == ref.GM_CODE:
            rejects.append((cell.record, f"{where}Greater Manchester as a whole: the ten localities are loaded"))
            continue
        if cell.area_code not in localities:
            reason = f"{where}area outside Greater Manchester: {area} (not one of the ten localities)"
            rejects.append((cell.record, reason))
            continue
        if kind == "unknown":
            rejects.append(
                (cell.record, f"{where}unknown {table.table} category '{cell.label.strip()}' (not in {table.where})")
            )
            continue
        if kind == "not_applicable":
            rejects.append((cell.record, f"{where}Does not apply: outside the table's population ({table.population})"))
            continue
        value = (cell.value or "").strip()
        if label_key(value) in markers or (not value and cell.status.lower() not in NORMAL_STATUS):
            shown = value or cell.status
            rejects.append((cell.record, f"{where}published as suppressed ('{shown}'): no count to load"))
            continue
        if kind == "total" or sex_total:
            count = _count(value)
            if count is not None:
                key = label_key(cell.label)
                totals[(cell.area_code, sex, key)] = (count, cell.label.strip())
            what = "total" if sex_total or _is_grand_total(cell.label) else "subtotal"
            reason = f"{where}{what} row ({cell.label.strip()}): checked against its groups, not loaded"
            rejects.append((cell.record, reason))
            continue
        count = _count(value)
        if count is not None:
            for key in _subtotal_keys(cell.label, table):
                sums[(cell.area_code, sex, key)] += count
                seen[(cell.area_code, sex, key)].add(label_key(cell.label))
        rows.append(
            {
                "year": cell.year,
                "locality_code": cell.area_code,
                "age_band": band,
                "sex": sex,
                "characteristic": table.characteristic,
                "group_code": group,
                "population": value,
                "source_table": table.table,
                "source_category": table.canonical_label(cell.label),
                "record": cell.record,
                "row_key": cell.column,
            }
        )
    notes = _total_notes(table, sums, seen, totals)
    return Population(pd.DataFrame(rows, columns=OUTPUT_COLUMNS, dtype=object), rejects, notes, table)


def _is_grand_total(label: str) -> bool:
    return label_key(label).startswith(("total", "all persons"))


def _subtotal_keys(label: str, table: CensusTable) -> list[str]:
    """The totals a group's count adds into: every grand total, and the subtotal its label
    starts with (`White` for `White: Irish`)."""
    key = label_key(label)
    out = []
    for total in table.totals:
        total_key = label_key(total)
        if _is_grand_total(total) or key.startswith(total_key + ":"):
            out.append(total_key)
    return out


def _total_notes(table: CensusTable, sums: dict, seen: dict, totals: dict) -> list[str]:
    """Where a file holds every group of a total, do they add up to it? (A download of some
    categories only is not checked.)"""
    leaves = [label_key(label) for label in [*table.groups, *table.age_bands]]
    mismatches = []
    for (area, sex, key), (published, label) in sorted(totals.items(), key=lambda kv: str(kv[0])):
        added = sums.get((area, sex, key))
        wanted = {leaf for leaf in leaves if _is_grand_total(key) or leaf.startswith(key + ":")}
        complete = wanted <= seen.get((area, sex, key), set()) or (
            # a table's alternative labels (TS077's detailed write-ins) need not all be there
            _is_grand_total(key)
            and len(seen.get((area, sex, key), ())) >= len(set(table.groups.values()) | set(table.age_bands.values()))
        )
        if added is not None and complete and abs(added - published) > 0.5:
            mismatches.append(f"{area} {label}: groups add to {added:,.0f}, published {published:,.0f}")
    if not mismatches:
        return []
    shown = "; ".join(mismatches[:3]) + (f"; and {len(mismatches) - 3} more" if len(mismatches) > 3 else "")
    return [f"{table.table}: groups do not add up to the published total ({shown}); values loaded as published"]


# ------------------------------------------------------------------ the adapter entry point


def reshape_records(
    layout: str, headers: list[str], records: list[list[str] | None], tables: tuple[CensusTable, ...] | None = None
) -> tuple[Population, set[str]]:
    """A census file's records (fields, or None for a record already rejected) as population
    rows and reasons; pure apart from reading the code maps."""
    tables = census_tables() if tables is None else tables
    cells = LAYOUTS[layout](headers, records)
    table = choose_table([c.label for c in cells.cells], tables)
    if table is None:
        labels = sorted({c.label.strip() for c in cells.cells})[:4]
        reason = (
            f"no Census code map knows this table's categories ({'; '.join(labels)}...): add one to "
            "config/adapters/census/"
        )
        empty = pd.DataFrame(columns=OUTPUT_COLUMNS, dtype=object)
        done = Population(empty, cells.rejects + [(c.record, reason) for c in cells.cells], [reason])
        return done, cells.used
    result = to_population(cells.cells, table)
    result.rejects = cells.rejects + result.rejects
    result.notes.insert(0, f"Census {table.table} {table.title} ({table.population})")
    return result, cells.used


def reshape(table, spec, context, match=None):
    """The adapter mechanism's hook: a census file (any of the three layouts, named by the
    mapping file's `options.layout`) as `population` rows."""
    from pipelines.adapters.run import Reshaped, fields_of

    fields, rejects = fields_of(table, spec)
    result, used = reshape_records(spec.options["layout"], table.headers, fields)
    return Reshaped(result.rows, rejects + result.rejects, used, result.notes)
