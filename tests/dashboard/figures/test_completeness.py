"""Completeness figures: the matrix, the locality bars, the plain-English answer and the
declared-disability chart; suppressed shares are words, never numbers."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.components.completeness import completeness_matrix
from dashboard.figures.completeness import disability_figure, locality_figure
from dashboard.style.palette import contrast_ratio
from dashboard.tables.completeness import BANDS, band, completeness_answer, disability_sentence
from tests.dashboard.component_tree import text


def _row(source, area, area_name, area_type, breakdown, label, share, *, suppressed=False, sort=1, area_sort=0):
    records = None if suppressed else 1000.0
    return {
        "source": source,
        "period": "2024/25",
        "area_code": area,
        "area_name": area_name,
        "area_type": area_type,
        "area_sort_order": area_sort,
        "breakdown": breakdown,
        "breakdown_label": label,
        "breakdown_sort_order": sort,
        "records": records,
        "not_stated": None if suppressed else share * 4,
        "not_known": None if suppressed else share * 6,
        "unknown_share": None if suppressed else share,
        "suppressed": suppressed,
    }


GM_AREA = ("GM", "Greater Manchester", "region")
BOLTON = ("B", "Bolton", "locality")
WIGAN = ("W", "Wigan", "locality")
ORIENTATION = ("sexual_orientation", "Sexual orientation")
MARITAL = ("marital_status", "Marriage & civil partnership")
FRAME = pd.DataFrame(
    [
        _row("patient_experience", *GM_AREA, *ORIENTATION, 21.8, sort=11),
        _row("workforce", *GM_AREA, *ORIENTATION, 36.4, sort=11),
        _row("workforce", *GM_AREA, *MARITAL, 8.9, sort=8),
        _row("patient_experience", *BOLTON, *ORIENTATION, 22.8, area_sort=1, sort=11),
        _row("workforce", *BOLTON, *ORIENTATION, 37.0, area_sort=1, sort=11),
        _row("patient_experience", *WIGAN, *ORIENTATION, 0, suppressed=True, area_sort=10, sort=11),
    ]
)


def test_bands_keep_dark_text_readable():
    for _upper, colour, _words in BANDS:
        assert contrast_ratio("#1A1A1A", colour) >= 4.5
    assert band(3)[1] == "under 5% unknown" and band(45)[1] == "40% or more unknown"


def test_matrix_has_a_row_per_characteristic_and_says_not_collected():
    matrix = completeness_matrix(FRAME[FRAME["area_code"] == "GM"], caption="GM")
    shown = text(matrix)
    assert "Marriage & civil partnership" in shown and "Sexual orientation" in shown
    assert shown.index("Marriage & civil partnership") < shown.index("Sexual orientation")  # framework order
    assert "36.4%" in shown and "21.8%" in shown and "Not collected" in shown


def test_locality_bars_print_shares_and_say_suppressed():
    rows = FRAME[FRAME["breakdown"] == "sexual_orientation"]
    fig = locality_figure(rows, characteristic_label="Sexual orientation")
    assert [t.name for t in fig.data] == ["Patient experience survey", "Staff records (ESR)"]
    survey = fig.data[0]
    assert list(survey.y) == ["Greater Manchester", "Bolton", "Wigan"]
    assert list(survey.text) == ["21.8%", "22.8%", "Suppressed"]
    assert survey.x[2] is None
    assert fig.data[0].marker.pattern.shape != fig.data[1].marker.pattern.shape  # not colour alone
    assert "0.0%" not in json.dumps(fig.to_plotly_json(), default=str)


def test_answer_names_each_source_and_the_least_complete_locality():
    rows = FRAME[FRAME["breakdown"] == "sexual_orientation"]
    text = completeness_answer(
        rows, characteristic_label="Sexual orientation", area_code="GM", area_name="Greater Manchester"
    )
    assert text.startswith(
        "In Greater Manchester (2024/25), sexual orientation is not stated or not known in "
        "21.8% of patient experience survey responses and 36.4% of staff records (ESR)."
    )
    assert "least complete locality is Bolton (37.0% unknown in staff records (ESR))" in text


def test_disability_chart_and_sentence():
    frame = pd.DataFrame(
        [
            {
                "period": "2023/24",
                "esr_share": 4.4,
                "esr_lower_ci_95": 4.3,
                "esr_upper_ci_95": 4.5,
                "esr_disabled": 5182,
                "esr_staff": 118402,
                "esr_suppressed": False,
                "survey_share": 20.5,
                "survey_disabled": 10916,
                "survey_respondents": 53182,
            },
            {
                "period": "2025/26",
                "esr_share": None,
                "esr_lower_ci_95": None,
                "esr_upper_ci_95": None,
                "esr_disabled": None,
                "esr_staff": None,
                "esr_suppressed": None,
                "survey_share": 22.4,
                "survey_disabled": 12095,
                "survey_respondents": 54034,
            },
        ]
    )
    fig = disability_figure(frame)
    esr, survey = fig.data
    assert list(esr.x) == ["2023/24"] and esr.error_y.array is not None
    assert list(survey.x) == ["2023/24", "2025/26"] and esr.marker.symbol != survey.marker.symbol
    assert disability_sentence(frame, "Greater Manchester").startswith(
        "In 2023/24, 4.4% of staff in Greater Manchester had declared a disability in their staff record, but "
        "20.5% of staff survey respondents"
    )
