"""Area profile "spine chart" (Fingertips style): one row per KPI for one locality, as an
accessible HTML table.

Each row gives the locality's value, Greater Manchester's, the comparison in words and
symbol, and the range of the other localities, then draws them on a spine: GM is the centre
line, the grey bar spans the other localities (darker between their 25th and 75th
percentiles) and the marker is the locality, coloured and marked by its comparison. Where a
KPI says which way is better, worse is on the left and better on the right; otherwise lower
is on the left. The drawing is hidden from screen readers: the cells already say it all.
Pure: DataFrames in, Dash HTML out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard.components.tables import scroll_region
from dashboard.style.formatting import NO_DATA_TEXT, SUPPRESSED_TEXT, format_value
from dashboard.style.palette import POLARITY_TEXT, comparison_swatch
from dashboard.warehouse.conventions import is_true, ratio_band

HALF_WIDTH = 46.0  # percent of the spine either side of the centre line a value may use
COLUMNS = (
    "Indicator",
    "Period",
    "{locality}",
    "{benchmark}",
    "Compared with {benchmark}",
    "Worst (or lowest) other locality",
    "Range of the other localities",
    "Best (or highest) other locality",
)


def spine_positions(
    value: float | None,
    benchmark: float,
    others: list[float],
    polarity: str | None,
    band: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """Where things sit on a 0-100 spine centred on `benchmark` (50): the range and
    interquartile range of `others`, the marker for `value` (None when missing), and the
    worst / best (or lowest / highest) of `others` with which side is which. With a ratio
    `band` (relative likelihoods) the spine is on a log scale, so 0.5 and 2 sit the same
    distance from 1, and the band's place on it is given too."""
    scale = _log if band is not None else float
    if band is not None and not benchmark > 0:
        return spine_positions(value, benchmark, others, polarity)  # no log scale without a positive GM
    known = [float(v) for v in others if v is not None and not pd.isna(v) and (band is None or v > 0)]
    points = known + (
        [float(value)] if value is not None and not pd.isna(value) and (band is None or value > 0) else []
    )
    centre = scale(benchmark)
    spread = max((abs(scale(v) - centre) for v in points + list(band or ())), default=0.0)
    spread = spread if spread > 0 else max(abs(centre) * 0.05, 1e-9)
    direction = -1.0 if polarity == "low_is_good" else 1.0

    def position(v: float) -> float:
        return 50.0 + direction * HALF_WIDTH * (scale(v) - centre) / spread

    result: dict[str, Any] = {
        "centre": 50.0,
        "marker": None,
        "range": None,
        "quartiles": None,
        "left_value": None,
        "right_value": None,
        "band": tuple(sorted((position(band[0]), position(band[1])))) if band is not None else None,
    }
    if value is not None and not pd.isna(value) and (band is None or value > 0):
        result["marker"] = position(float(value))
    if known:
        low, high = min(known), max(known)
        q1, q3 = np.percentile(known, [25, 75])
        ends = sorted((position(low), position(high)))
        quartiles = sorted((position(float(q1)), position(float(q3))))
        result["range"] = (ends[0], ends[1])
        result["quartiles"] = (quartiles[0], quartiles[1])
        result["left_value"], result["right_value"] = (high, low) if direction < 0 else (low, high)
    return result


def _scale_note(kpi: Mapping[str, Any]) -> str:
    band = ratio_band(kpi)
    return f"log scale, dashed box: the {band[0]:.2f}-{band[1]:.2f} band" if band else ""


def _log(v: float) -> float:
    return float(np.log(v))


def _spine(positions: dict[str, Any], swatch: Any) -> html.Div:
    parts: list[Any] = []
    if positions["range"]:
        left, right = positions["range"]
        parts.append(
            html.Span(
                className="spine-range",
                style={"left": f"{left:.2f}%", "width": f"{right - left:.2f}%"},
            )
        )
        q_left, q_right = positions["quartiles"]
        parts.append(
            html.Span(
                className="spine-iqr",
                style={"left": f"{q_left:.2f}%", "width": f"{q_right - q_left:.2f}%"},
            )
        )
    if positions.get("band"):
        left, right = positions["band"]
        parts.append(html.Span(className="spine-band", style={"left": f"{left:.2f}%", "width": f"{right - left:.2f}%"}))
    parts.append(html.Span(className="spine-centre"))
    if positions["marker"] is not None:
        parts.append(
            html.Span(
                swatch.symbol,
                className="spine-marker",
                style={
                    "left": f"{positions['marker']:.2f}%",
                    "backgroundColor": swatch.background,
                    "color": swatch.text,
                },
            )
        )
    return html.Div(parts, className="spine", **{"aria-hidden": "true"})


def _text(value: Any, kpi: Mapping[str, Any]) -> str:
    return format_value(value, kpi.get("measure_type"), kpi.get("unit"), with_unit=False)


def spine_chart(
    kpis: pd.DataFrame,
    values: pd.DataFrame,
    *,
    area_code: str,
    benchmark_code: str,
    area_names: Mapping[str, str],
    link: Callable[[str], str] = lambda path: path,
    caption: str = "",
    table_id: str = "localities-spine",
) -> html.Div:
    """The profile table. `kpis` in framework order (as `data.kpis`); `values` headline rows
    of every area (as `data.headline_values`); `link(path)` adds the current filters."""
    locality_name = area_names.get(area_code, area_code)
    benchmark_name = area_names.get(benchmark_code, benchmark_code)
    headings = [c.format(locality=locality_name, benchmark=benchmark_name) for c in COLUMNS]
    header = html.Tr([html.Th(h, scope="col", className=f"spine-col-{i}") for i, h in enumerate(headings)])
    by_cell: dict[tuple[str, str], dict[str, Any]] = {}
    for row in values.to_dict("records"):
        by_cell.setdefault((row["area_code"], row["indicator_id"]), row)
    area_codes = dict.fromkeys(code for code, _ in by_cell)
    other_codes = [c for c in area_codes if c not in (area_code, benchmark_code)]
    bodies = []
    for (outcome_id, outcome_title), group in kpis.groupby(["outcome_id", "outcome_title"], sort=False, dropna=False):
        rows = [
            html.Tr(
                html.Th(
                    str(outcome_title if isinstance(outcome_title, str) else outcome_id),
                    scope="rowgroup",
                    colSpan=len(COLUMNS),
                    className="spine-outcome",
                )
            )
        ]
        for kpi in group.to_dict("records"):
            kid = kpi["indicator_id"]
            others = [by_cell[(c, kid)] for c in other_codes if (c, kid) in by_cell]
            rows.append(
                _row(kpi, by_cell.get((area_code, kid)), by_cell.get((benchmark_code, kid)), others, link, headings)
            )
        bodies.append(html.Tbody(rows))
    table = html.Table(
        [html.Caption(caption), html.Thead(header), *bodies],
        id=table_id,
        className="table table-sm spine-chart mb-0",
    )
    return scroll_region(table, caption or "Locality profile", class_name="spine-region")


def _row(
    kpi: dict[str, Any],
    mine: dict[str, Any] | None,
    benchmark: dict[str, Any] | None,
    others: list[dict[str, Any]],
    link: Callable[[str], str],
    headings: list[str],
) -> html.Tr:
    """One KPI: the locality's row, GM's row and the other localities' rows (None: no row).
    Each cell carries its column's heading (`data-label`), which a phone shows above it when
    the row is stacked (assets/localities.css)."""
    kid = kpi["indicator_id"]
    other_values = [r["value"] for r in others if not is_true(r.get("suppressed"))]
    polarity = kpi.get("polarity")
    period = next((r["period"] for r in (mine, benchmark, *others) if r), "–")
    title_cell = html.Th(
        [
            dcc.Link(kpi.get("short_title") or kpi["title"], href=link(f"/indicators/{kid}")),
            html.Span(
                " · ".join(p for p in (kpi.get("unit"), POLARITY_TEXT.get(polarity or ""), _scale_note(kpi)) if p),
                className="cell-note",
            ),
        ],
        scope="row",
        className="spine-indicator",
    )
    mine_suppressed = mine is not None and is_true(mine.get("suppressed"))
    if mine is None:
        value_text, swatch, status = NO_DATA_TEXT, comparison_swatch(None), NO_DATA_TEXT
    elif mine_suppressed:
        value_text, swatch, status = SUPPRESSED_TEXT, comparison_swatch(None), SUPPRESSED_TEXT
    else:
        value_text = _text(mine.get("value"), kpi)
        swatch = comparison_swatch(mine.get("comparison"))
        status = swatch.label
    gm_usable = (
        benchmark is not None and not is_true(benchmark.get("suppressed")) and not pd.isna(benchmark.get("value"))
    )
    gm_text = (
        _text(benchmark.get("value"), kpi)
        if gm_usable
        else (SUPPRESSED_TEXT if benchmark is not None else NO_DATA_TEXT)
    )
    if gm_usable:
        marker_value = None if mine is None or mine_suppressed else mine.get("value")
        positions = spine_positions(
            marker_value, float(benchmark["value"]), other_values, polarity, band=ratio_band(kpi)
        )
        spine: Any = _spine(positions, swatch)
        left = _text(positions["left_value"], kpi) if positions["left_value"] is not None else NO_DATA_TEXT
        right = _text(positions["right_value"], kpi) if positions["right_value"] is not None else NO_DATA_TEXT
    else:
        note = "Greater Manchester's value is suppressed" if benchmark is not None else ""
        spine, left, right = html.Span(note, className="cell-note"), "–", "–"
    if polarity not in ("high_is_good", "low_is_good") and gm_usable:
        left, right = f"{left} (lowest)", f"{right} (highest)"
    status_cell = html.Td(
        [
            html.Span(swatch.symbol, className="status-symbol", **{"aria-hidden": "true"}),
            " ",
            status,
        ],
        className="spine-status",
        **{"data-label": headings[4]},
        style={"backgroundColor": swatch.background, "color": swatch.text}
        if mine is not None and not mine_suppressed
        else None,
    )
    return html.Tr(
        [
            title_cell,
            html.Td(period, className="spine-period", **{"data-label": headings[1]}),
            html.Td(value_text, className="spine-value", **{"data-label": headings[2]}),
            html.Td(gm_text, className="spine-gm", **{"data-label": headings[3]}),
            status_cell,
            html.Td(left, className="spine-end spine-left", **{"data-label": headings[5]}),
            html.Td(spine, className="spine-cell", **{"data-label": headings[6]}),
            html.Td(right, className="spine-end spine-right", **{"data-label": headings[7]}),
        ],
        id=f"spine-row-{kid}",
    )
