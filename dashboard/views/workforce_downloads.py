"""The workforce page's downloads: every table it shows as tidy rows of the marts, with the
columns a reader needs (suppression is applied on export, by `tables.downloads.for_download`)."""

from __future__ import annotations

import pandas as pd

from dashboard.tables import workforce as workforce_tables
from dashboard.tables.downloads import INDICATOR_VALUE_COLUMNS, download_columns
from dashboard.views import workforce as views

REPRESENTATION_EXTRA = ("staff", "share")  # mart columns blanked on suppressed rows too
REPRESENTATION_COLUMNS = [
    "period",
    "area_code",
    "area_name",
    "organisation_code",
    "organisation_name",
    "breakdown",
    "group_code",
    "group_label",
    "level",
    "level_label",
    "staff",
    "total",
    "share",
    "lower_ci_95",
    "upper_ci_95",
    "suppressed",
    "suppression_reason",
]
# The page's KPIs are reported for all work streams, with no 99.8% limits, trend or target.
NOT_SHOWN = {
    "work_stream",
    "breakdown_label",
    "is_unknown",
    "is_reference_group",
    "lower_ci_99_8",
    "upper_ci_99_8",
    "ratio_lower_ci_95",
    "ratio_upper_ci_95",
    "trend",
    "change_since_previous",
    "target",
}
VALUE_COLUMNS = [c for c in INDICATOR_VALUE_COLUMNS if c not in NOT_SHOWN]

# (button id prefix, table, file name) of each CSV download on the page
CSV_FILES = (
    ("workforce-representation", "representation", "workforce-representation.csv"),
    ("workforce-likelihoods", "relative likelihoods", "workforce-relative-likelihoods.csv"),
    ("workforce-survey", "staff survey", "workforce-staff-survey.csv"),
    ("workforce-board", "board", "workforce-board.csv"),
    ("workforce-areas", "by locality", "workforce-by-locality.csv"),
    ("workforce-rep-places", "representation by place", "workforce-representation-by-place.csv"),
)
WORKBOOK = "workforce-wres-wdes.xlsx"


def _columns(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = download_columns(df, columns).copy()
    if "level" in out.columns:
        out["level_label"] = [workforce_tables.level_label(r) for r in df.to_dict("records")]
    return out


def download_tables(search: str | None) -> dict[str, pd.DataFrame]:
    """Every table of the page as tidy rows of the marts (suppression applied on export)."""
    view = views.read_view(search)
    rep, population, _ = views.representation_frames(view)
    representation = pd.concat([rep, population], ignore_index=True).drop_duplicates()
    _, likelihoods = views.likelihood_values(view)
    _, survey = views.survey_values(view)
    _, areas = views.area_values(view)
    board = views.board_rows(view)
    places = pd.concat(views.places_representation(view), ignore_index=True).drop_duplicates()
    return {
        "representation": _columns(representation, REPRESENTATION_COLUMNS),
        "relative likelihoods": _columns(likelihoods, VALUE_COLUMNS),
        "staff survey": _columns(survey, VALUE_COLUMNS),
        "board": _columns(
            board[board["level"].isin(workforce_tables.BOARD_LEVELS)] if not board.empty else board,
            REPRESENTATION_COLUMNS,
        ),
        "by locality": _columns(areas, VALUE_COLUMNS),
        "representation by place": _columns(places, REPRESENTATION_COLUMNS),
    }
