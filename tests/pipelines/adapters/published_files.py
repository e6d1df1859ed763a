"""Small files in publishers' real layouts (headers from their documentation; values made up)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

FINGERTIPS_HEADER = [
    "Indicator ID",
    "Indicator Name",
    "Parent Code",
    "Parent Name",
    "Area Code",
    "Area Name",
    "Area Type",
    "Sex",
    "Age",
    "Category Type",
    "Category",
    "Time period",
    "Value",
    "Lower CI 95.0 limit",
    "Upper CI 95.0 limit",
    "Lower CI 99.8 limit",
    "Upper CI 99.8 limit",
    "Count",
    "Denominator",
    "Value note",
    "Recent Trend",
    "Compared to England value or percentiles",
    "Compared to Region value or percentiles",
    "Time period Sortable",
    "New data",
    "Compared to goal",
    "Time period range",
]


def fingertips_row(
    area: str,
    name: str,
    value: str,
    *,
    indicator: str = "93356",
    indicator_name: str = "Emergency admissions (made up)",
    area_type: str = "District & UA",
    sex: str = "Persons",
    age: str = "All ages",
    category_type: str = "",
    category: str = "",
    period: str = "2015",
    ci: tuple[str, str, str, str] = ("", "", "", ""),
    count: str = "",
    denominator: str = "",
    note: str = "",
) -> list[str]:
    return [
        indicator,
        indicator_name,
        "E12000002",
        "North West region",
        area,
        name,
        area_type,
        sex,
        age,
        category_type,
        category,
        period,
        value,
        *ci,
        count,
        denominator,
        note,
        "",
        "Similar",
        "Similar",
        f"{period[:4]}0000",
        "",
        "",
        "1y",
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, drop_last: bool = False) -> Path:
    """Write as the publisher does (quoted only where needed); `drop_last` writes 26-column
    data rows under a 27-column header, as older Fingertips exports do."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row[:-1] if drop_last else row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
