"""The compare-localities page's blocks for the chosen locality: its summary cards, its
profile across every KPI (spine chart, with the locality pack download), where it is
significantly worse or better than Greater Manchester, and the localities most like it."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.cards import empty_state, stat_card
from dashboard.components.download import workbook_button
from dashboard.components.locality_kpi_sections import number, section
from dashboard.components.spine_chart import spine_chart
from dashboard.components.tables import accessible_table
from dashboard.state.url_state import Filters
from dashboard.style.formatting import format_interval, format_value
from dashboard.views import localities as views
from dashboard.views.localities import LocalityProfile
from dashboard.views.locality_comparison import comparison_counts, significant_differences

PACK_PREFIX = "localities-pack"
SIMILARITY_METHOD = (
    "How we find similar localities: for each KPI shown on this page we turn every "
    "locality's published value into a z-score (how many standard deviations it is above or "
    "below the average of the 10 localities), so that KPIs measured in different units count "
    "equally. The distance between two localities is the root-mean-square difference of their "
    "z-scores over the KPIs both have a published value for; the smaller the distance, the "
    "more alike they are. Suppressed values are left out. This describes similarity on these "
    "KPIs only; it is not a test of significance, and it does not take account of population "
    "or deprivation."
)


def _summary_cards(counts: dict[str, int], locality_name: str) -> dbc.Row:
    other = counts["not_compared"] + counts["suppressed"] + counts["no_data"] + counts["higher_or_lower"]
    cards = [
        stat_card(
            f"KPIs where {locality_name} is significantly worse than GM",
            f"{counts['worse']} of {counts['kpis']}",
            "95% confidence",
            id="localities-card-worse",
        ),
        stat_card(
            f"KPIs where {locality_name} is significantly better than GM",
            f"{counts['better']} of {counts['kpis']}",
            "95% confidence",
            id="localities-card-better",
        ),
        stat_card(
            "Not significantly different from GM",
            f"{counts['similar']} of {counts['kpis']}",
            id="localities-card-similar",
        ),
        stat_card(
            "Suppressed, no data or no better/worse judgement",
            f"{other} of {counts['kpis']}",
            id="localities-card-other",
        ),
    ]
    return dbc.Row(
        [dbc.Col(card, xs=12, sm=6, xl=3, className="mb-3") for card in cards],
        id="localities-summary-cards",
    )


def _significance_section(kind: str, profile: LocalityProfile, filters: Filters) -> html.Section:
    locality_name = profile.name
    rows = significant_differences(profile.kpis, profile.values, profile.area_code, kind)
    heading = f"Where {locality_name} is significantly {kind} than Greater Manchester as a whole"
    if rows.empty:
        body: list[Any] = [
            html.P(
                f"{locality_name} is not significantly {kind} than Greater "
                "Manchester on any KPI shown (95% confidence).",
                id=f"localities-{kind}-none",
            )
        ]
        return section(f"localities-{kind}", heading, body)
    records = rows.to_dict("records")
    rows = rows.assign(
        indicator=[
            dcc.Link(r["short_title"] or r["title"], href=filters.href(f"/indicators/{r['indicator_id']}"))
            for r in records
        ],
        value_text=[format_value(r["value"], r["measure_type"], r["unit"]) for r in records],
        interval=[format_interval(r["lower_ci_95"], r["upper_ci_95"], r["measure_type"]) or "–" for r in records],
        gm_text=[format_value(r["benchmark_value"], r["measure_type"], r["unit"]) for r in records],
    )
    body = [
        html.P(
            f"{len(rows)} KPI{'s' if len(rows) != 1 else ''}: {locality_name}'s 95% confidence "
            f"interval does not include Greater Manchester's value. The last column says "
            f"whether it is {kind} at the stricter 99.8% level too.",
            className="localities-method",
        ),
        accessible_table(
            rows,
            f"KPIs where {locality_name} is significantly {kind} than Greater Manchester",
            columns={
                "indicator": "Indicator",
                "outcome_title": "Outcome",
                "period": "Period",
                "value_text": locality_name,
                "interval": "95% confidence interval",
                "gm_text": "Greater Manchester",
                "also_99_8": f"Also {kind} at 99.8%",
            },
            formatters={"indicator": lambda v: v},
            row_header="indicator",
            id=f"localities-{kind}-table",
            stack_on_phone=True,
        ),
    ]
    return section(f"localities-{kind}", heading, body)


def _similar_section(profile: LocalityProfile, filters: Filters, search: str | None) -> html.Section:
    locality_name = profile.name
    nearest = views.similar_localities(filters, profile.area_code)
    heading = f"Localities most like {locality_name}"
    method = html.P(SIMILARITY_METHOD, className="localities-method", id="localities-similar-method")
    if nearest.empty:
        body: list[Any] = [
            empty_state(
                "no_data",
                title="Not enough KPIs to compare",
                detail="Too few KPIs have published values for this locality in this period and work stream.",
                id="localities-similar-empty",
            ),
            method,
        ]
        return section("localities-similar", heading, body)
    hrefs = views.locality_links(filters, list(nearest["area_code"]), search)
    nearest = nearest.assign(
        locality=[dcc.Link(name, href=href) for name, href in zip(nearest["area_name"], hrefs, strict=True)],
    )
    body = [
        html.P(
            views.most_like_sentence(locality_name, nearest["area_name"].tolist()), id="localities-similar-sentence"
        ),
        accessible_table(
            nearest,
            f"The 3 localities most like {locality_name} (smaller distance = more alike)",
            columns={
                "rank": "Rank",
                "locality": "Locality",
                "distance": "Distance",
                "kpis_compared": "KPIs compared",
            },
            formatters={
                "locality": lambda v: v,
                "distance": number(2),
                "rank": str,
                "kpis_compared": str,
            },
            row_header="locality",
            id="localities-similar-table",
        ),
        method,
    ]
    return section("localities-similar", heading, body)


def _spine_legend() -> html.P:
    return html.P(
        "How to read the spine: the black line is Greater Manchester; the grey bar spans the "
        "other nine localities (darker between their 25th and 75th percentiles); the circle is "
        "the chosen locality, with its comparison as a symbol and a colour. Where a KPI has a "
        "better direction, worse is on the left and better on the right; otherwise lower is on "
        "the left.",
        className="spine-legend localities-method",
    )


def _choose_prompt() -> html.Section:
    prompt = empty_state(
        title="Choose your locality",
        detail="Pick a locality in the Locality filter above to highlight it on the charts "
        "and to see its profile across every KPI, where it is significantly worse or better "
        "than Greater Manchester, and the localities most like it.",
        id="localities-choose-prompt",
    )
    return section("localities-profile", "Locality profile", [prompt])


def profile_sections(filters: Filters, search: str | None) -> tuple[Any, list[Any]]:
    """(summary cards, profile sections) for the chosen locality, or a prompt to choose one."""
    profile = views.locality_profile(filters)
    if profile is None:
        return None, [_choose_prompt()]
    name = profile.name
    heading = f"{name}: profile across all KPIs"
    if profile.kpis.empty:
        return None, [section("localities-profile", heading, [empty_state("no_kpis", id="localities-profile-empty")])]
    caption = (
        f"{name} compared with Greater Manchester on every KPI ({profile.period_text}); 95% confidence. "
        "Worst or lowest and best or highest are of the other nine localities."
    )
    spine = spine_chart(
        profile.kpis,
        profile.values,
        area_code=profile.area_code,
        benchmark_code=profile.benchmark_code,
        area_names=profile.area_names,
        link=filters.href,
        caption=caption,
    )
    pack = workbook_button(
        PACK_PREFIX,
        f"Download the {name} locality pack (Excel)",
        f"One workbook: {name}'s profile, where it is significantly worse or better than Greater "
        "Manchester, and what each KPI means. Printing this page gives the profile on paper.",
    )
    sections = [
        section("localities-profile", heading, [pack, _spine_legend(), spine]),
        _significance_section("worse", profile, filters),
        _significance_section("better", profile, filters),
        _similar_section(profile, filters, search),
    ]
    cards = _summary_cards(comparison_counts(profile.kpis, profile.values, profile.area_code), name)
    return cards, sections
