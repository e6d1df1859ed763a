"""What the work-stream assurance page (`/work-streams`) shows for one work stream and area:
its KPIs against target, the action plans, the gaps between groups (the widest first), the
counts on its cards and sentences, and the tables of its assurance-paper export.

The marts judge (RAG, trend, significance); this picks and counts their rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.state.url_state import ALL, Filters
from dashboard.style.formatting import format_date
from dashboard.style.palette import trend_text
from dashboard.tables.group_gaps import gap_rows, significant_gap, widest_gaps
from dashboard.tables.work_stream_summary import action_plan_table, gap_download, is_overdue, kpi_download, kpi_summary
from dashboard.warehouse import framework, indicators

WORSE_NAMED = 6  # groups named in the sentence above a KPI's chart


@dataclass(frozen=True)
class Assurance:
    """Everything the page shows for one work stream and area."""

    work_stream: str
    work_stream_name: str
    lead_role: str
    area_code: str
    area_name: str
    benchmark_code: str
    benchmark_name: str
    characteristic_label: str | None
    kpis: pd.DataFrame
    summary: pd.DataFrame
    gaps: pd.DataFrame
    widest: pd.DataFrame
    actions: pd.DataFrame
    today: dt.date

    @property
    def scope(self) -> str:
        return f"{self.area_name}; each KPI's latest period"

    @property
    def by_characteristic(self) -> str:
        """ " by sex" when one characteristic is chosen, else ""."""
        return f" by {self.characteristic_label.lower()}" if self.characteristic_label else ""


def assurance(filters: Filters) -> Assurance:
    """The work stream and area the filters choose (a work stream must be chosen)."""
    streams = indicators.work_stream_summary()
    stream = streams[streams["work_stream"] == filters.work_stream].iloc[0]
    areas = framework.localities()
    names = dict(zip(areas["area_code"], areas["area_name"], strict=True))
    benchmark = framework.benchmark_area()["area_code"]
    area = filters.locality
    kpis = framework.kpis(filters.work_stream)
    values = indicators.work_stream_values(filters.work_stream, tuple(dict.fromkeys((area, benchmark))))
    actions = framework.action_plans(work_stream=filters.work_stream)
    summary = kpi_summary(kpis, values, actions, area_code=area, benchmark_code=benchmark)
    characteristic_label = None
    if filters.characteristic != ALL:
        labels = framework.characteristics().set_index("breakdown")["breakdown_label"]
        characteristic_label = labels.get(filters.characteristic, filters.characteristic)
        parts = values["breakdown"].str.split("*")
        values = values[(values["breakdown"] == "all") | parts.map(lambda p: filters.characteristic in p)]
    gaps = gap_rows(values, kpis, area)
    return Assurance(
        work_stream=filters.work_stream,
        work_stream_name=stream["work_stream_name"],
        lead_role=stream["lead_role"] or "No lead named",
        area_code=area,
        area_name=names.get(area, area),
        benchmark_code=benchmark,
        benchmark_name=names.get(benchmark, benchmark),
        characteristic_label=characteristic_label,
        kpis=kpis,
        summary=summary,
        gaps=gaps,
        widest=widest_gaps(gaps),
        actions=actions,
        today=dt.date.today(),
    )


def without_characteristics(widest: pd.DataFrame, excluded: list[str]) -> pd.DataFrame:
    """The widest gaps without the groups of `excluded` characteristics (an intersection goes
    if either part is excluded), re-ranked."""
    if not excluded or widest.empty:
        return widest
    parts = widest["breakdown"].astype(str).str.split("*")
    keep = ~parts.map(lambda p: any(part in excluded for part in p))
    out = widest[keep].reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


# --- counts and sentences --------------------------------------------------------------------


@dataclass(frozen=True)
class CardCounts:
    """The four numbers on the page's cards."""

    red: int  # KPIs not meeting their target
    with_target: int
    getting_worse: int
    worse_groups: int
    overdue: int
    off_track: int
    actions: int


def card_counts(view: Assurance) -> CardCounts:
    summary = view.summary
    shown = summary[~summary["suppressed"] & summary["period"].notna()]
    with_target = shown[shown["rag"].isin(["green", "amber", "red"])]
    judged = shown["trend"].isin(["increasing", "decreasing"]) & shown["polarity"].isin(["high_is_good", "low_is_good"])
    worse = (shown["trend"] == "increasing") != (shown["polarity"] == "high_is_good")
    actions = view.actions.to_dict("records")
    return CardCounts(
        red=int((with_target["rag"] == "red").sum()),
        with_target=len(with_target),
        getting_worse=int((judged & worse).sum()),
        worse_groups=len(view.widest),
        overdue=sum(is_overdue(a, view.today) for a in actions),
        off_track=sum((a.get("status") or "").lower() in ("off track", "at risk") for a in actions),
        actions=len(actions),
    )


def widest_sentence(view: Assurance) -> str:
    widest = view.widest
    if widest.empty:
        return (
            f"No group is significantly worse than its reference group{view.by_characteristic} in "
            f"{view.area_name} on this work stream's KPIs."
        )
    top = widest.iloc[0]
    directions = [trend_text(t, p)[1] for t, p in zip(widest["trend"], widest["polarity"], strict=True)]
    better = sum(words.endswith("getting better") for words in directions)
    worse = sum(words.endswith("getting worse") for words in directions)
    return (
        f"{len(widest)} group{'s are' if len(widest) != 1 else ' is'} significantly worse than "
        f"the reference group in {view.area_name}. The widest gap is for "
        f"{top['group_label']} ({top['breakdown_label']}) on "
        f"“{top['short_title'] or top['title']}”. Over the last five periods, "
        f"{better} of these groups {'is' if better == 1 else 'are'} getting better and {worse} "
        "getting worse; the rest show no significant change or "
        "have too few periods to tell."
    )


def gap_choices(view: Assurance) -> list[dict[str, str]]:
    """The KPIs with groups to chart, as dropdown options in framework order."""
    with_groups = set(view.gaps["indicator_id"])
    return [
        {"label": k.get("short_title") or k["title"], "value": k["indicator_id"]}
        for k in view.kpis.to_dict("records")
        if k["indicator_id"] in with_groups
    ]


def chosen_gap_kpi(view: Assurance, wanted: str | None) -> str | None:
    """The KPI whose chart opens: the one asked for, else the widest gap's, else the first."""
    values = [c["value"] for c in gap_choices(view)]
    if not values:
        return None
    if wanted in values:
        return wanted
    return view.widest["indicator_id"].iloc[0] if not view.widest.empty else values[0]


def kpi_gap_sentence(rows: pd.DataFrame) -> str:
    """Which group is the reference and which are significantly worse, for one KPI's rows."""
    references = rows[rows["is_reference_group"].fillna(False).astype(bool)]
    worse = rows[significant_gap(rows) & ~rows["suppressed"].astype(bool)]
    text = ""
    if not references.empty:
        named = "; ".join(f"{r['group_label']} ({r['breakdown_label']})" for r in references.to_dict("records"))
        text = f"Reference group: {named}. "
    names = list(worse["group_label"].astype(str))
    if len(names) > WORSE_NAMED:
        names = [*names[:WORSE_NAMED], f"and {len(names) - WORSE_NAMED} more (see the table)"]
    if names:
        return text + "Significantly worse than the reference group: " + ", ".join(names) + "."
    return text + "No group is significantly worse than its reference group."


# --- the export for an assurance paper --------------------------------------------------------


def about_rows(view: Assurance) -> list[tuple[str, Any]]:
    """The export's "About" sheet: what the tables are of."""
    return [
        ("Work stream", view.work_stream_name),
        ("Director lead", view.lead_role),
        ("Area", view.area_name),
        ("Characteristic", view.characteristic_label or "All characteristics"),
        ("Data last updated", format_date(framework.last_updated(), with_time=True)),
        ("Exported", format_date(pd.Timestamp.now(), with_time=True)),
    ]


def changes_frame(view: Assurance) -> pd.DataFrame:
    columns = [
        "indicator_id",
        "title",
        "previous_period",
        "period",
        "previous_value",
        "value",
        "change_since_previous",
        "change_direction",
        "previous_rag",
        "rag",
        "suppressed",
        "previous_suppressed",
    ]
    frame = view.summary[columns].copy()
    frame["previous_value"] = frame["previous_value"].astype(object)
    frame.loc[frame["previous_suppressed"], "previous_value"] = "suppressed"
    return frame.drop(columns=["previous_suppressed"])


def paper_tables(view: Assurance) -> dict[str, pd.DataFrame]:
    """The page's tables as tidy frames, one Excel sheet each (after the "About" sheet)."""
    summary = view.summary.assign(area_code=view.area_code, area_name=view.area_name)
    return {
        "KPIs": kpi_download(summary, view.today),
        "Changes since previous": changes_frame(view),
        "Widest gaps": gap_download(view.widest),
        "Gaps by group": gap_download(view.gaps),
        "Action plans": action_plan_table(view.actions, view.today),
    }
