"""What the workforce page (`/workforce`) shows: its choices read from the URL, and the mart
rows behind each section (representation, relative likelihoods, staff survey, board, places).

A query string in, a `View` out (values the page cannot use fall back to defaults with a
note); then plain functions of the view that query the warehouse. KPIs are picked from the
framework by source and measure, so a new WRES or WDES KPI appears with no code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from dashboard.state import url_state
from dashboard.state.page_parameters import first_value
from dashboard.state.url_state import LATEST
from dashboard.style.words import in_sentence
from dashboard.tables import workforce as workforce_tables
from dashboard.warehouse import framework, indicators, workforce

CHARACTERISTICS = ("wres_ethnicity", "disability", "sex")
DEFAULT_CHARACTERISTIC = "wres_ethnicity"
# The group each characteristic's headline sentences are about (the WRES / WDES focus).
FOCUS_GROUPS = {"wres_ethnicity": "bme", "disability": "Y", "sex": "F"}
ORGANISATION = "organisation"  # the page's own URL parameter
ALL_ORGANISATIONS = "all"
STAFF_SOURCES = ("workforce", "workforce_events")
SURVEY_SOURCE = "staff_survey"


@dataclass(frozen=True)
class View:
    """The page's validated choices and any message about a value it could not use."""

    area_code: str
    area_name: str
    benchmark_code: str
    benchmark_name: str
    characteristic: str
    characteristic_label: str
    period: str
    organisation: str
    organisation_name: str
    notes: tuple[str, ...] = ()

    @property
    def focus_group(self) -> str:
        return FOCUS_GROUPS.get(self.characteristic, "")

    @property
    def in_words(self) -> str:
        return in_sentence(self.characteristic_label)

    @property
    def period_text(self) -> str:
        return "the latest period" if self.period == LATEST else self.period

    @property
    def whole_area(self) -> bool:
        """True when no single organisation is chosen."""
        return self.organisation == ALL_ORGANISATIONS

    @property
    def place_name(self) -> str:
        """The chosen organisation, or the area when none is."""
        return self.area_name if self.whole_area else self.organisation_name

    @property
    def shared_key(self) -> str:
        """Everything but the organisation, as text: two views with the same key differ only
        in the sections that show the organisation (representation and board)."""
        return json.dumps([self.area_code, self.characteristic, self.period, list(self.notes)])


# --- the choices -------------------------------------------------------------------------------


def characteristic_options() -> list[dict[str, str]]:
    characteristics = framework.characteristics()
    labels = dict(zip(characteristics["breakdown"], characteristics["breakdown_label"], strict=True))
    return [{"label": labels.get(code, code), "value": code} for code in CHARACTERISTICS]


def workforce_kpis() -> dict[str, pd.DataFrame]:
    """The framework's KPIs for each section, chosen by source and measure."""
    kpis = framework.kpis()
    has_breakdowns = kpis["breakdowns"].map(lambda b: b is not None and len(b) > 0)
    staff = kpis[kpis["source"].isin(STAFF_SOURCES) & has_breakdowns]
    return {
        "likelihood": staff[staff["measure_type"] == "ratio"],
        "survey": kpis[kpis["source"] == SURVEY_SOURCE],
        "by_area": staff,
    }


def period_options() -> list[dict[str, str]]:
    """Latest, then every period with representation figures or workforce KPI values."""
    sections = workforce_kpis()
    ids = tuple(pd.concat([frame["indicator_id"] for frame in sections.values()]).unique())
    frames = [workforce.representation_periods()[["period"]]]
    if ids:
        frames.append(indicators.periods_for_indicators(ids)[["period"]])
    order = framework.periods()[["period", "sort_order"]]
    found = pd.concat(frames).drop_duplicates().merge(order, on="period", how="left")
    found = found.sort_values("sort_order", ascending=False, na_position="last")
    return [{"label": "Latest available", "value": LATEST}] + [{"label": p, "value": p} for p in found["period"]]


def organisation_options() -> list[dict[str, str]]:
    orgs = workforce.organisations()
    return [{"label": "All organisations (whole area)", "value": ALL_ORGANISATIONS}] + [
        {
            "label": f"{r['organisation_name']} ({r['locality_name']})",
            "value": r["organisation_code"],
        }
        for r in orgs.to_dict("records")
    ]


def read_view(search: str | None) -> View:
    """The view a query string asks for; values the page cannot use fall back to defaults
    with a note (the shell's filter bar already reports unknown global filters)."""
    options = url_state.load_options()
    parsed = url_state.parse_query(search, options)
    filters = parsed.filters
    extra = dict(parsed.extra)
    notes: list[str] = []
    labels = {o["value"]: o["label"] for o in characteristic_options()}
    characteristic = filters.characteristic
    if characteristic not in CHARACTERISTICS:
        if characteristic != url_state.ALL:
            notes.append(
                f"WRES and WDES figures are by ethnicity (White / BME), disability or sex, not "
                f"{in_sentence(options.label('characteristic', characteristic))}: showing "
                f"{in_sentence(labels[DEFAULT_CHARACTERISTIC])}."
            )
        characteristic = DEFAULT_CHARACTERISTIC
    period = filters.period
    if period != LATEST and period not in {o["value"] for o in period_options()}:
        notes.append(f"No workforce figures for {period}: showing the latest period.")
        period = LATEST
    organisation = first_value(extra.get(ORGANISATION)) or ALL_ORGANISATIONS
    org_names = {o["value"]: o["label"] for o in organisation_options()}
    if organisation not in org_names:
        notes.append(f"Unknown organisation '{organisation[:40]}': showing the whole area.")
        organisation = ALL_ORGANISATIONS
    names = locality_names()
    benchmark = framework.benchmark_area()
    return View(
        area_code=filters.locality,
        area_name=names.get(filters.locality, filters.locality),
        benchmark_code=benchmark["area_code"],
        benchmark_name=benchmark["area_name"],
        characteristic=characteristic,
        characteristic_label=labels[characteristic],
        period=period,
        organisation=organisation,
        organisation_name=org_names[organisation].rsplit(" (", 1)[0],
        notes=tuple(notes),
    )


def locality_names() -> dict[str, str]:
    """Area code -> name, Greater Manchester first, then the localities in their order."""
    areas = framework.localities()
    return dict(zip(areas["area_code"], areas["area_name"], strict=True))


def focus_group_name(view: View) -> str:
    """The name of the group the headline sentences are about ("BME", "Disabled", ...)."""
    groups = framework.characteristic_groups(view.characteristic)
    names = dict(zip(groups["group_code"], groups["group_label"], strict=True))
    return names.get(view.focus_group, view.focus_group)


# --- the rows behind each section --------------------------------------------------------------


def area_representation(view: View, area_code: str) -> pd.DataFrame:
    """Representation rows of a whole area (all its organisations together)."""
    return workforce.workforce_representation(
        view.characteristic, period=view.period, area_codes=(area_code,), organisation_codes=(ALL_ORGANISATIONS,)
    )


def organisation_representation(view: View) -> pd.DataFrame:
    """Representation rows of the chosen organisation."""
    return workforce.workforce_representation(
        view.characteristic, period=view.period, organisation_codes=(view.organisation,)
    )


def places_representation(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every area as a whole, every organisation in Greater Manchester)."""
    areas = workforce.workforce_representation(
        view.characteristic, period=view.period, organisation_codes=(ALL_ORGANISATIONS,)
    )
    organisations = workforce.workforce_representation(
        view.characteristic, period=view.period, area_codes=(view.benchmark_code,)
    )
    return areas, organisations


def representation_frames(view: View) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(staff rows, population rows, where the population is) for the chosen area or
    organisation; an organisation is compared with Greater Manchester's population."""
    if not view.whole_area:
        gm = area_representation(view, view.benchmark_code)
        population = gm[gm["level"] == "population"]
        return organisation_representation(view), population, f"{view.benchmark_name} working-age population"
    rep = area_representation(view, view.area_code)
    return rep, rep[rep["level"] == "population"], "local working-age population"


def section_values(
    section: str, view: View, *, area_codes: tuple[str, ...] | None, breakdowns: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the section's KPIs, their rows of `indicator_values` in the chosen period)."""
    kpis = workforce_kpis()[section]
    if kpis.empty:
        return kpis, pd.DataFrame()
    values = indicators.values_for_indicators(
        tuple(kpis["indicator_id"]), period=view.period, area_codes=area_codes, breakdowns=breakdowns
    )
    return kpis, values


def likelihood_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    areas = tuple(dict.fromkeys((view.area_code, view.benchmark_code)))
    return section_values("likelihood", view, area_codes=areas, breakdowns=("all",))


def survey_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    return section_values("survey", view, area_codes=(view.area_code,), breakdowns=(view.characteristic,))


def survey_frame(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the survey KPIs, one row per KPI and group of the chosen characteristic)."""
    kpis, values = survey_values(view)
    frame = workforce_tables.survey_frame(values, kpis, view.characteristic) if not values.empty else values
    return kpis, frame


def board_rows(view: View) -> pd.DataFrame:
    """Board, all-staff and population rows for the chosen place and for GM."""
    frames = []
    if not view.whole_area:
        frames.append(organisation_representation(view))
    elif view.area_code != view.benchmark_code:
        frames.append(area_representation(view, view.area_code))
    frames.append(area_representation(view, view.benchmark_code))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def area_values(view: View) -> tuple[pd.DataFrame, pd.DataFrame]:
    return section_values("by_area", view, area_codes=None, breakdowns=("all",))


# --- the tables behind the charts (drawn when opened) ------------------------------------------


def representation_table(view: View) -> tuple[pd.DataFrame, str]:
    rep, population, _ = representation_frames(view)
    period = rep["period"].iloc[0] if not rep.empty else view.period_text
    caption = f"Share of staff by level and {view.in_words}, {view.place_name}, {period}"
    return workforce_tables.representation_table(rep, population), caption


def survey_table(view: View) -> tuple[pd.DataFrame, str]:
    kpis, frame = survey_frame(view)
    polarity = dict(zip(kpis["indicator_id"], kpis["polarity"], strict=True))
    table = workforce_tables.survey_table(frame, polarity) if not frame.empty else pd.DataFrame()
    caption = f"Staff survey results by {view.in_words}, {view.area_name}"
    return table.drop(columns="indicator_id", errors="ignore"), caption


def board_table(view: View) -> tuple[pd.DataFrame, str]:
    rows = board_rows(view)
    table = workforce_tables.board_table(workforce_tables.board_frame(rows)) if not rows.empty else pd.DataFrame()
    return table, f"Board, workforce and population shares by {view.in_words}"


OPENED_TABLES = {"representation": representation_table, "survey": survey_table, "board": board_table}


def source_notes(view: View) -> pd.DataFrame:
    """The page's KPIs whose values here count trusts' WRES / WDES returns, with the words."""
    sections = workforce_kpis()
    kpis = pd.concat([sections["by_area"], sections["survey"]]).drop_duplicates("indicator_id")
    if kpis.empty:
        return pd.DataFrame(columns=["indicator_id", "period", "note", "headline", "short_title"])
    notes = indicators.source_notes(tuple(kpis["indicator_id"]), view.period, view.area_code)
    return notes.merge(kpis[["indicator_id", "short_title"]], on="indicator_id", how="left")
