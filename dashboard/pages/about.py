"""About (`/about`): methods, definitions, suppression rules, accessibility, synthetic data."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from dashboard.components.page_options import page_heading
from dashboard.warehouse import framework

dash.register_page(
    __name__,
    path="/about",
    name="About",
    title="About the data and methods — GM Equality Outcomes",
    description="How the numbers are calculated, what the words mean and how small numbers are protected.",
    order=8,
)

SECTIONS: list[tuple[str, str, str]] = [
    (
        "synthetic-data",
        "Synthetic demo data",
        """
Everything this copy of the dashboard shows is **made up**. A generator writes realistic
extracts (staff records, staff survey, patient experience, population, other indicators and
engagement quotes) for Greater Manchester's 10 localities, and the same pipelines that would
load real extracts build the warehouse from them. The patterns are deliberately like the ones
reported locally, for example fewer Black and minority ethnic and disabled staff in senior
bands, but no number describes a real person, organisation or place. A banner on every page
says so.
""",
    ),
    (
        "purpose",
        "What the dashboard is for",
        """
The Greater Manchester health and care partnership agreed an equality performance framework:
equality outcomes, each evidenced by key performance indicators (KPIs) with targets and action
plans, owned by Director-level leads for each work stream and scrutinised by the Equalities
Board. This dashboard reports that framework: one overview for the Board, a view for each work
stream's lead, comparisons between the 10 localities, and the detail behind every KPI by
protected characteristic and the wider groups the framework adds (deprivation, carers,
refugees and asylum seekers, people experiencing homelessness, migrant workers).
""",
    ),
    (
        "methods",
        "Methods",
        """
Every number is calculated once, when the warehouse is built, and the pages only display it.
The methods follow the conventions public health analysts in England use (those of the
Fingertips profiles) and NHS England's technical guidance for the Workforce Race Equality
Standard (WRES) and Workforce Disability Equality Standard (WDES).

**Confidence intervals.** Each value comes with a range that the true value is likely to lie
in, at 95% and at 99.8%.

- *Percentages* use the Wilson score interval, which stays sensible for small groups and
  for values close to 0% or 100%.
- *Rates* (events per 1,000 or 100,000 people) use exact limits from the Poisson
  distribution when there are fewer than 10 events, and Byar's approximation otherwise.
- *Age-standardised rates* are directly standardised to the 2013 European Standard
  Population (19 age bands adding up to 100,000 people), with intervals by Dobson's method,
  so areas with older or younger populations can be compared fairly.
- *Relative likelihoods*, such as how likely White applicants are to be appointed from
  shortlisting compared with Black and minority ethnic applicants, are the ratio of two
  proportions, with an interval worked out on the log scale. NHS England treats a relative
  likelihood between 0.80 and 1.25 as showing no adverse impact.

Every judgement below is made once, when the data is built, and every page and download
shows the same words for it.

**Comparisons.** A locality is compared with Greater Manchester, and a group with the KPI's
reference group. If the benchmark lies outside the value's 95% interval the difference is
called significant: *better* or *worse* when the KPI says whether higher is good, *higher*
or *lower* when it makes no such judgement. Otherwise the result is *similar*. KPI pages
also show the stricter 99.8% level. Suppressed or missing values are *not compared*.

**Representation.** A KPI that compares the workforce with a population (for example the
minority ethnic share of staff against the local working-age population) compares each area
with its **own** population, not with Greater Manchester: the representation ratio (staff
share divided by population share) with its interval, judged against parity (1.00). Where
the census publishes no working-age split for an area, its residents of all ages are used
and the page says so.

**Relative likelihoods (WRES 2, 3, 4; WDES 2, 3).** 1.00 means equal; 0.80 to 1.25 is treated
as no adverse impact. Each ratio is judged against that band, not against Greater Manchester
(shown for context): *within band* when its whole 95% interval is inside, *outside band
(higher / lower)* when the whole interval is above 1.25 or below 0.80, otherwise *overlaps
band*. A ratio outside the band counts as a significant gap. Their recent trend is tested on
the log of the ratio, each year weighted by its precision.

**Change since the previous period.** The arrow shows which way the number moved. It is
called *got better* or *got worse* only when the two periods' values differ significantly
(the difference tested against both values' standard errors, at 95%); otherwise *no
significant change*, and *no change* when the difference rounds to zero.

**Gaps.** For each group the gap (its value minus the reference group's) and the ratio to
the reference group are shown, the ratio with its own interval.

**Recent trend.** Using the last five periods, a trend is reported as increasing,
decreasing or no significant change, tested at the 99.8% level. With fewer than five
periods the trend cannot be calculated, and the dashboard says so.

**Inequality across deprivation.** The slope index of inequality (SII) fits a line through
the values of the five deprivation quintiles (most deprived first), weighting each by its
population and placing it at the middle of its share of the population. The SII is the
difference the line predicts between the most and least deprived ends; the relative index of
inequality (RII) is the ratio of the two ends. Both have 95% intervals, simulated as Public
Health England's method does; a verdict (the most deprived fare significantly worse or
better) is given only when the SII's interval excludes zero.

**Targets.** Each KPI's target comes from the framework the Board agreed, and is shown beside
its status: *met*, *nearly met* or *not met* (shown with the words, not just red, amber or
green), or *no target* when none is set. The rule, exactly as the framework states it, is
listed below.
""",
    ),
    (
        "definitions",
        "Definitions",
        """
- **Locality**: one of the 10 local authority areas of Greater Manchester (Bolton, Bury,
  Manchester, Oldham, Rochdale, Salford, Stockport, Tameside, Trafford, Wigan), identified
  by its ONS code.
- **Greater Manchester (GM)**: the whole city region, used as the benchmark for localities.
- **Work stream**: a part of the health and care system with a Director-level lead who
  assures equality in it, such as Workforce or Acute and specialist care.
- **Characteristic**: a way of grouping people: the nine protected characteristics of the
  Equality Act 2010 and the wider groups the framework adds.
- **Group**: one category of a characteristic, for example *Female* for sex.
- **Reference group**: the group others are compared with for gaps, usually the largest or
  most advantaged (for WRES, White staff).
- **Not stated / Not known**: a person was asked and chose not to answer (*not stated*), or
  was never asked or it was never recorded (*not known*). Both are always shown: how much is
  unknown is itself a measure of data quality.
- **Intersection**: two characteristics at once, for example ethnic group and sex.
- **Period**: the reporting period of a KPI, usually a financial year (April to March).
- **Confidence interval**: the range the true value is likely to lie in, given the chance
  variation that small numbers bring.
""",
    ),
    (
        "suppression",
        "How small numbers are protected",
        """
So that nobody can be identified:

- counts from 1 to 4 (in the numerator or the denominator) are suppressed, and survey
  results based on fewer than 10 respondents are suppressed; a KPI may set a higher limit;
- further values are suppressed alongside them (*secondary suppression*), so a hidden number
  cannot be worked out by subtracting the other groups from a total;
- a suppressed value is shown as **Suppressed**, never as zero and never as a blank; a real
  zero is shown as 0;
- the rule applies everywhere: tables, charts, hover text, downloads and links.
""",
    ),
    (
        "accessibility",
        "Accessibility statement",
        """
We want everyone to be able to use this dashboard, and we aim to meet the Web Content
Accessibility Guidelines (WCAG) 2.2 at level AA. In particular:

- every page can be used with a keyboard alone, and a *Skip to main content* link comes
  first;
- every filter has a visible label, and the filters are kept in the page address so a view
  can be bookmarked or shared;
- colours are chosen to be distinguishable with the common forms of colour blindness, and
  colour is never the only signal: each comparison also has a word and a symbol;
- every chart has the same information as a table or in text;
- pages work when zoomed to 400% and can be printed.

Every page is checked automatically with axe-core in a real browser before each release.
Automated checks cannot catch everything: interactive charts in particular give limited
information to screen readers, so please use their tables. If something does not work for
you, tell the team that publishes the dashboard and we will help you get the information
another way and fix the problem.
""",
    ),
]


def layout(**_query: str) -> html.Div:
    contents = html.Nav(
        html.Ul([html.Li(html.A(title, href=f"#{anchor}")) for anchor, title, _ in SECTIONS]),
        className="about-contents",
        **{"aria-label": "On this page"},
    )
    sections = [
        html.Section(
            [
                html.H2(title, id=anchor, className="h3"),
                dcc.Markdown(text.strip(), className="about-text"),
                *([html.Div(id="about-rag-rule")] if anchor == "methods" else []),
            ],
            className="about-section",
        )
        for anchor, title, text in SECTIONS
    ]
    return html.Div(
        [*page_heading("About the data and methods"), contents, *sections],
        className="page page-about",
    )


@callback(Output("about-rag-rule", "children"), Input("about-rag-rule", "id"))
def rag_rule(_id: str) -> html.Ul:
    """The framework's RAG rule in its own words (the board key and downloads say the same)."""
    return html.Ul([html.Li(r["rule"]) for r in framework.rag_rules().to_dict("records")])
