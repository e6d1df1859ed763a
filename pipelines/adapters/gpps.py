"""GP Patient Survey practice CSV: one wide row per practice -> one row per practice and measure.

Each measure keeps its published percentage with its base (the weighted number answering);
a suppressed one (`-97`, `/`) stays suppressed. Practices are placed in their locality by the
file's CCG / sub-ICB location code, else by the practice-to-locality lookup; a practice in
neither is rejected once (not once per measure) with the reason. Files holding percentages
as fractions (0-1) are read as percentages, and the load says so.
"""

from __future__ import annotations

import re

import pandas as pd

from pipelines.adapters import HeaderMatch, areas
from pipelines.adapters.read import RawTable
from pipelines.adapters.run import AdapterContext, Reshaped, fields_of
from pipelines.adapters.spec import AdapterSpec, normalise
from pipelines.errors import BuildError


def _first(headers: dict[str, int], names: list[str]) -> int | None:
    return next((headers[normalise(n)] for n in names if normalise(n) in headers), None)


def _survey_year(table: RawTable, fields: list[list[str] | None], headers: dict[str, int], options: dict) -> str:
    at = _first(headers, options.get("year_columns", []))
    if at is not None:
        years = {f[at].strip() for f in fields if f is not None and f[at].strip()}
        if len(years) == 1:
            return years.pop()
    found = re.search(options.get("year_from_name", r"(\d{4})"), table.path.name)
    if found:
        return found.group(1)
    raise BuildError(
        f"{table.path}: cannot tell the survey year: keep the publisher's file name "
        "(GPPS_<year>_Practice_data_...) or add a `year` column"
    )


def _measures(table: RawTable, options: dict) -> list[tuple[str, int, int | None]]:
    """(question, value column, base column) for every measure column of the header."""
    headers = {normalise(h): i for i, h in enumerate(table.headers)}
    found = []
    for rule in options.get("measures", []):
        pattern = re.compile(rule["value"])
        for i, header in enumerate(table.headers):
            hit = pattern.match(header.strip())
            if hit:
                question = hit.group(1)
                base = _first(headers, [b.format(q=question) for b in rule.get("bases", [])])
                found.append((question, i, base))
    return found


def reshape(table: RawTable, spec: AdapterSpec, context: AdapterContext, match: HeaderMatch) -> Reshaped:
    options = spec.options
    fields, rejects = fields_of(table, spec)
    headers = {normalise(h): i for i, h in enumerate(table.headers)}
    code_at = headers[normalise(match.found["@practice_code"])]
    name_at = _first(headers, options.get("practice_name", []))
    area_at = _first(headers, options.get("area_code_columns", []))
    year = _survey_year(table, fields, headers, options)
    measures = _measures(table, options)
    sub_icb = areas.sub_icb_table()
    names = {str(k).lower(): v for k, v in (options.get("names") or {}).items()}
    markers = {normalise(m) for m in (spec.suppression.markers if spec.suppression else [])}
    records, practices, localities, practice_names = [], [], [], []
    for index, values in enumerate(fields):
        if values is None:
            continue
        practice = values[code_at].strip().upper()
        area = values[area_at].strip().upper() if area_at is not None else ""
        locality = sub_icb.locality(area) or context.practice_localities.get(practice)
        if locality is None:
            where = f"sub-ICB location {area}" if area else "no CCG / sub-ICB location code in the file"
            lookup = "in the practice-to-locality lookup" if context.practice_localities else "(no lookup supplied)"
            rejects.append((index, f"practice {practice}: {where}, outside Greater Manchester, and not {lookup}"))
            continue
        records.append(index)
        practices.append(practice)
        localities.append(locality)
        practice_names.append(values[name_at].strip() if name_at is not None else None)
    numbers = [
        float(v)
        for index in records
        for _, at, _ in measures
        for v in [fields[index][at].strip()]
        if v and normalise(v) not in markers and _is_number(v)
    ]
    fraction = bool(numbers) and max(numbers) <= 1.0
    rows = []
    for index, practice, locality, practice_name in zip(records, practices, localities, practice_names, strict=True):
        values = fields[index]
        for question, at, base_at in measures:
            value = values[at].strip()
            if fraction and _is_number(value) and normalise(value) not in markers:
                value = repr(round(float(value) * 100, 10))
            rows.append(
                {
                    "record": index,
                    "row_key": table.headers[at],
                    "indicator_code": f"GPPS_{question}",
                    "indicator_name": names.get(question.lower(), f"GP Patient Survey {table.headers[at]}"),
                    "period": year,
                    "area_code": practice,
                    "area_name": practice_name,
                    "locality_code": locality,
                    "value": value,
                    "denominator": values[base_at].strip() if base_at is not None else None,
                }
            )
    used = {table.headers[at] for _, at, _ in measures}
    used |= {table.headers[at] for _, _, at in measures if at is not None}
    used |= {table.headers[at] for at in (code_at, name_at, area_at) if at is not None}
    notes = ["percentages published as fractions (0-1) read as percentages"] if fraction else []
    frame = pd.DataFrame(
        rows,
        columns=[
            "record",
            "row_key",
            "indicator_code",
            "indicator_name",
            "period",
            "area_code",
            "area_name",
            "locality_code",
            "value",
            "denominator",
        ],
    )
    return Reshaped(frame, rejects, used, notes)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
