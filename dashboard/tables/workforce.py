"""The WRES / WDES views as display frames and sentences: representation by level, relative likelihoods,
survey results and board membership, each with its suppression words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from dashboard.style.formatting import (
    NO_DATA_TEXT,
    SUPPRESSED_TEXT,
    format_interval,
    format_number,
    format_value,
)
from dashboard.tables.indicator_breakdown import COMPARISON_WORDS, format_count
from dashboard.tables.indicator_ratio import RANGE_STATUS, target_range
from dashboard.warehouse.conventions import is_true

# Levels that are not band clusters (those take their labels from the band lookup).
LEVEL_LABELS = {
    "board": "Board (voting members)",
    "all_staff": "All staff",
    "population": "Local working-age population",
}
BOARD_LEVELS = ("board", "all_staff", "population")
SERIES_BOARD = {"board": "Board", "all_staff": "All staff", "population": "Local population"}


def level_label(row: Mapping[str, Any]) -> str:
    label = row.get("level_label")
    if label is not None and not pd.isna(label):
        return str(label)
    return LEVEL_LABELS.get(str(row.get("level")), str(row.get("level")))


def _text(value: Any, measure_type: str | None = "proportion", suppressed: bool = False) -> str:
    return format_value(value, measure_type, suppressed=suppressed)


def _interval(row: Mapping[str, Any], measure_type: str | None = "proportion") -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return format_interval(row.get("lower_ci_95"), row.get("upper_ci_95"), measure_type) or (NO_DATA_TEXT)


def staff_levels(rep: pd.DataFrame) -> pd.DataFrame:
    """The staff rows (every level but the population), in display order: band clusters,
    medical grades, the board, all staff; with `row_label` and `series_label`."""
    staff = rep[rep["level"] != "population"].copy()
    if staff.empty:
        return staff.assign(row_label=[], series_label=[], value=[])
    extra_order = {"board": 1, "all_staff": 2}
    staff["_order"] = [
        (0, float(sort)) if not pd.isna(sort) else (extra_order.get(level, 3), 0.0)
        for level, sort in zip(staff["level"], staff["level_sort"], strict=True)
    ]
    staff = staff.sort_values("_order", kind="stable").drop(columns="_order")
    staff["row_label"] = [level_label(r) for r in staff.to_dict("records")]
    staff["series_label"] = staff["group_label"].fillna(staff["group_code"])
    staff["value"] = staff["share"]
    return staff.reset_index(drop=True)


def representation_table(rep: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """One row per level and group: staff, total, share with CI, and the population share."""
    staff = staff_levels(rep)
    shares = {
        r.get("group_code"): (SUPPRESSED_TEXT if is_true(r.get("suppressed")) else _text(r.get("share")))
        for r in population.to_dict("records")
    }
    rows = []
    for row in staff.to_dict("records"):
        suppressed = is_true(row.get("suppressed"))
        rows.append(
            {
                "Level": row["row_label"],
                "Group": row["series_label"],
                "Staff in group": SUPPRESSED_TEXT if suppressed else format_count(row.get("staff")),
                "Staff at this level": format_count(row.get("total")),
                "Share (%)": _text(row.get("share"), suppressed=suppressed),
                "95% CI": _interval(row),
                "Population share": shares.get(row.get("group_code"), NO_DATA_TEXT),
            }
        )
    return pd.DataFrame(rows)


def representation_summary(rep: pd.DataFrame, population: pd.DataFrame, focus: str) -> str:
    """Plain English: the focus group's share in the lowest and highest band clusters, on
    the board and in the population ("BME staff are 19.7% of cluster 1 ... 24.3% ...")."""
    staff = staff_levels(rep)
    mine = staff[staff["group_code"] == focus]
    if mine.empty:
        return ""
    name = str(mine["series_label"].iloc[0])
    clusters = mine[mine["level"].astype(str).str.startswith("cluster_")]
    parts = []
    shown = clusters[~clusters["suppressed"].fillna(False).astype(bool)]
    if len(shown) >= 2:
        first, last = shown.iloc[0], shown.iloc[-1]
        parts.append(
            f"{name} staff are {_text(first['share'])} of {first['row_label']} and "
            f"{_text(last['share'])} of {last['row_label']}"
        )
    board = mine[mine["level"] == "board"]
    if not board.empty:
        row = board.iloc[0].to_dict()
        parts.append(
            "their share of the board is suppressed (too few people to publish)"
            if is_true(row.get("suppressed"))
            else f"{_text(row.get('share'))} of the board"
        )
    pop = population[population["group_code"] == focus]
    if not pop.empty and not is_true(pop.iloc[0].get("suppressed")):
        parts.append(f"{_text(pop.iloc[0]['share'])} of the working-age population")
    if not parts:
        return ""
    return "; ".join(parts) + "."


def kpi_titles(kpis: pd.DataFrame) -> list[str]:
    """Each KPI's short title (its title when it has none), in framework order."""
    return kpis["short_title"].fillna(kpis["title"]).tolist()


def likelihood_frame(values: pd.DataFrame, kpis: pd.DataFrame, area_code: str, benchmark_code: str) -> pd.DataFrame:
    """Headline rows of the ratio KPIs for the chosen area (and GM), KPI order kept, with
    `row_label` (KPI short title) and `series_label` (area name)."""
    titles = dict(zip(kpis["indicator_id"], kpi_titles(kpis), strict=True))
    frame = values[values["area_code"].isin([area_code, benchmark_code]) & values["indicator_id"].isin(titles)].copy()
    frame["row_label"] = frame["indicator_id"].map(titles)
    frame["series_label"] = frame["area_name"].fillna(frame["area_code"])
    frame["_kpi"] = frame["indicator_id"].map({k: i for i, k in enumerate(kpis["indicator_id"])})
    frame["_gm"] = frame["area_code"] == benchmark_code
    return frame.sort_values(["_kpi", "_gm"]).drop(columns=["_kpi", "_gm"]).reset_index(drop=True)


def kpi_range(kpi: Mapping[str, Any]) -> tuple[float, float]:
    """The KPI's no-adverse-impact range (the framework's, else 0.80 to 1.25)."""
    return target_range(dict(kpi)) or (0.80, 1.25)


def likelihood_table(values: pd.DataFrame, kpis: pd.DataFrame, area_code: str, benchmark_code: str) -> pd.DataFrame:
    """One row per KPI: the area's relative likelihood with CI and status against the
    range, what it compares, its period, and GM's value. Keeps `indicator_id` for links."""
    by_key = {(r["indicator_id"], r["area_code"]): r for r in values.to_dict("records")}
    rows = []
    for kpi in kpis.to_dict("records"):
        own = by_key.get((kpi["indicator_id"], area_code))
        gm = by_key.get((kpi["indicator_id"], benchmark_code))
        rows.append(
            {
                "indicator_id": kpi["indicator_id"],
                "Indicator": kpi.get("short_title") or kpi["title"],
                "Period": (own or gm or {}).get("period", NO_DATA_TEXT),
                "Relative likelihood": _ratio_text(own),
                "95% CI": _interval(own, "ratio") if own else NO_DATA_TEXT,
                "Against the no-adverse-impact range": _range_status(own),
                "Greater Manchester": _ratio_text(gm) if area_code != benchmark_code else "(this is GM)",
                "Compared with GM": _comparison_text(own) if area_code != benchmark_code else "",
            }
        )
    return pd.DataFrame(rows)


def _ratio_text(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return NO_DATA_TEXT
    return format_value(row.get("value"), "ratio", suppressed=is_true(row.get("suppressed")))


def _range_status(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return NO_DATA_TEXT
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    return RANGE_STATUS.get(str(row.get("rag") or "").lower(), "Not assessed")


def _comparison_text(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return NO_DATA_TEXT
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    words = row.get("comparison_words")  # the marts' words: vs GM, the own population or the band
    if isinstance(words, str) and words:
        return words
    comparison = str(row.get("comparison") or "not compared").lower()
    return COMPARISON_WORDS.get(comparison, comparison).replace("the reference group", "GM")


def survey_frame(values: pd.DataFrame, kpis: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """Group rows of the survey KPIs for one characteristic, KPI order kept, with
    `row_label` (KPI short title), `series_label` (group) and a respondent `note`."""
    titles = dict(zip(kpis["indicator_id"], kpi_titles(kpis), strict=True))
    frame = values[(values["breakdown"] == breakdown) & values["indicator_id"].isin(titles)].copy()
    frame["row_label"] = frame["indicator_id"].map(titles)
    frame["series_label"] = frame["group_label"].fillna(frame["group_code"])
    frame["note"] = [
        None
        if is_true(r.get("suppressed")) or pd.isna(r.get("denominator"))
        else f"n = {format_number(r['denominator'], 0)}"
        for r in frame.to_dict("records")
    ]
    frame["_kpi"] = frame["indicator_id"].map({k: i for i, k in enumerate(kpis["indicator_id"])})
    frame["_group"] = frame["group_sort_order"].fillna(999)
    return frame.sort_values(["_kpi", "_group"]).drop(columns=["_kpi", "_group"]).reset_index(drop=True)


def _gap_text(row: Mapping[str, Any]) -> str:
    if is_true(row.get("suppressed")):
        return SUPPRESSED_TEXT
    if is_true(row.get("is_reference_group")):
        return "Reference group"
    if is_true(row.get("is_unknown")):
        return "Not compared"
    gap = row.get("gap_to_reference")
    if gap is None or pd.isna(gap):
        return NO_DATA_TEXT
    return f"{float(gap):+.1f} points"


def survey_table(frame: pd.DataFrame, polarity: Mapping[str, str]) -> pd.DataFrame:
    """One row per KPI and group: result with CI, respondents, the gap to the reference group
    (percentage points) and whether the group is significantly better or worse."""
    rows = []
    for row in frame.to_dict("records"):
        suppressed = is_true(row.get("suppressed"))
        comparison = str(row.get("comparison") or "not compared").lower()
        if suppressed:
            verdict = SUPPRESSED_TEXT
        elif is_true(row.get("is_reference_group")):
            verdict = "Reference group"
        elif is_true(row.get("is_unknown")):
            verdict = "Not stated / not known: not compared"
        else:
            verdict = COMPARISON_WORDS.get(comparison, comparison)
        direction = {"low_is_good": "lower is better", "high_is_good": "higher is better"}.get(
            polarity.get(row["indicator_id"], ""), ""
        )
        rows.append(
            {
                "indicator_id": row["indicator_id"],
                "Indicator": row["row_label"] + (f" ({direction})" if direction else ""),
                "Period": row.get("period"),
                "Group": row["series_label"],
                "Result (%)": _text(row.get("value"), suppressed=suppressed),
                "95% CI": _interval(row),
                "Respondents": SUPPRESSED_TEXT if suppressed else format_count(row.get("denominator")),
                "Gap to reference group": _gap_text(row),
                "Compared with reference group": verdict,
            }
        )
    return pd.DataFrame(rows)


def survey_summary(frame: pd.DataFrame) -> str:
    """ "BME staff are significantly worse than White staff on 3 of 4 indicators ..." """
    if frame.empty:
        return ""
    compared = frame[
        ~frame["suppressed"].fillna(False).astype(bool)
        & ~frame["is_reference_group"].fillna(False).astype(bool)
        & ~frame["is_unknown"].fillna(False).astype(bool)
    ]
    reference = frame[frame["is_reference_group"].fillna(False).astype(bool)]
    ref_name = str(reference["series_label"].iloc[0]) if not reference.empty else "not known"
    sentences = []
    for group, rows in compared.groupby("series_label", sort=False):
        worse = int((rows["comparison"] == "worse").sum())
        better = int((rows["comparison"] == "better").sum())
        total = rows["indicator_id"].nunique()
        sentences.append(
            f"{group} staff: significantly worse than the reference group ({ref_name}) on "
            f"{worse} of {total} indicator{'s' if total != 1 else ''}, better on {better}."
        )
    return " ".join(sentences)


def board_frame(rep: pd.DataFrame) -> pd.DataFrame:
    """Board, all-staff and population rows of the known groups, one chart row per group and
    place ("BME — Bolton"), series Board / All staff / Local population."""
    frame = rep[rep["level"].isin(BOARD_LEVELS) & ~rep["is_unknown"].fillna(False).astype(bool)]
    frame = frame.copy()
    place = frame["organisation_name"].where(frame["organisation_code"] != "all", frame["area_name"])
    frame["place"] = place.fillna(frame["area_code"])
    frame["row_label"] = frame["group_label"].fillna(frame["group_code"]) + " — " + frame["place"]
    frame["series_label"] = frame["level"].map(SERIES_BOARD)
    frame["value"] = frame["share"]
    frame["_level"] = frame["level"].map({k: i for i, k in enumerate(BOARD_LEVELS)})
    return (
        frame.sort_values(["group_sort_order", "_level"], kind="stable").drop(columns="_level").reset_index(drop=True)
    )


def board_suppression_note(frame: pd.DataFrame) -> str:
    """ "Board numbers are small, so board figures are suppressed for Wigan (every group) and
    Greater Manchester (Disabled)." ("" when none is)."""
    board = frame[frame["level"] == "board"]
    hidden = board[board["suppressed"].fillna(False).astype(bool)]
    if hidden.empty:
        return ""
    parts = []
    for place, rows in hidden.groupby("place", sort=False):
        groups = list(dict.fromkeys(rows["group_label"]))
        every = len(groups) == board[board["place"] == place]["group_label"].nunique()
        parts.append(f"{place} ({'every group' if every else ', '.join(groups)})")
    places = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Board numbers are small, so board figures are suppressed for {places}."


def board_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per place and group: board share (CI) and size, all-staff and population
    shares. A suppressed board share says so; the board's size is not a small number."""
    rows = []
    for (place, group), part in frame.groupby(["place", "row_label"], sort=False):
        by_level = {r["level"]: r for r in part.to_dict("records")}
        board = by_level.get("board")
        staff = by_level.get("all_staff")
        pop = by_level.get("population")
        rows.append(
            {
                "Place": place,
                "Group": str(group).split(" — ")[0],
                "Board share (%)": _text(board.get("share"), suppressed=is_true(board.get("suppressed")))
                if board
                else NO_DATA_TEXT,
                "Board 95% CI": _interval(board) if board else NO_DATA_TEXT,
                "Board members": format_count(board.get("total")) if board else NO_DATA_TEXT,
                "All staff share (%)": _text(staff.get("share"), suppressed=is_true(staff.get("suppressed")))
                if staff
                else NO_DATA_TEXT,
                "Population share (%)": _text(pop.get("share"), suppressed=is_true(pop.get("suppressed")))
                if pop
                else NO_DATA_TEXT,
            }
        )
    return pd.DataFrame(rows)


def area_metrics_grid(values: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """Cells for the areas x KPIs table: `row_label` area, `column_label` KPI short title,
    `text` the value in the KPI's unit, `comparison` with GM."""
    units = {r["indicator_id"]: r for r in kpis.to_dict("records")}
    frame = values[values["indicator_id"].isin(units)].copy()
    frame["row_label"] = frame["area_name"].fillna(frame["area_code"])
    frame["column_label"] = [units[k].get("short_title") or units[k]["title"] for k in frame["indicator_id"]]
    frame["text"] = [
        format_value(
            r.get("value"),
            units[r["indicator_id"]].get("measure_type"),
            units[r["indicator_id"]].get("unit"),
            suppressed=is_true(r.get("suppressed")),
        )
        for r in frame.to_dict("records")
    ]
    return frame


def representation_grid(rep: pd.DataFrame, focus: str, *, by: str) -> pd.DataFrame:
    """Cells for the places x levels table of one group's share: `by="area"` (organisation
    "all" rows) or `by="organisation"`; population rows become their own column."""
    frame = rep[rep["group_code"] == focus].copy()
    if by == "organisation":
        frame = frame[frame["organisation_code"] != "all"]
        frame["row_label"] = frame["organisation_name"].fillna(frame["organisation_code"])
    else:
        frame = frame[frame["organisation_code"] == "all"]
        frame["row_label"] = frame["area_name"].fillna(frame["area_code"])
    frame["column_label"] = [level_label(r) for r in frame.to_dict("records")]
    frame["text"] = [_text(r.get("share"), suppressed=is_true(r.get("suppressed"))) for r in frame.to_dict("records")]
    frame["note"] = [
        ""
        if is_true(r.get("suppressed")) or pd.isna(r.get("lower_ci_95"))
        else f"({format_interval(r.get('lower_ci_95'), r.get('upper_ci_95'))})"
        for r in frame.to_dict("records")
    ]
    return frame


def level_columns(rep: pd.DataFrame) -> list[str]:
    """Column labels of the levels in display order (staff levels, then the population)."""
    labels = list(dict.fromkeys(staff_levels(rep)["row_label"])) if not rep.empty else []
    if (rep["level"] == "population").any():
        labels.append(LEVEL_LABELS["population"])
    return labels


def source_note_text(note: str | None, headline: bool) -> str:
    """A value's provenance beside it: the marts' words, e.g. "From the trust's WRES return
    (2024)"; said of the groups where the headline is the survey's own."""
    if not note:
        return ""
    return note if headline else f"{note} (the groups)"


def returns_line(notes: pd.DataFrame) -> str:
    """The workforce page's words for the KPIs counted (wholly or partly) from returns."""
    if notes.empty:
        return ""
    parts = [
        f"{row['short_title'] or row['indicator_id']}: {source_note_text(row['note'], bool(row['headline']))}"
        for _, row in notes.iterrows()
    ]
    return "Figures from trusts' WRES / WDES returns. " + "; ".join(parts) + "."
