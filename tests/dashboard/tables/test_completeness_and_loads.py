"""The data-quality page's tables: completeness by area and the load history, as text."""

from __future__ import annotations

import pandas as pd

from dashboard.tables.completeness import locality_table, share_text, share_texts
from dashboard.tables.load_history import load_table

COMPLETENESS = pd.DataFrame(
    {
        "area_name": ["Greater Manchester", "Bury", "Wigan"],
        "source": ["workforce", "workforce", "mystery_source"],
        "period": ["2024/25"] * 3,
        "unknown_share": [12.345, None, None],
        "not_stated": [1200.0, None, 3.0],
        "not_known": [34.0, None, None],
        "records": [10000.0, None, 40.0],
        "suppressed": [False, True, False],
    }
)


def test_every_share_says_its_number_or_why_not_as_one_row_would():
    assert share_texts(COMPLETENESS).tolist() == ["12.3%", "Suppressed", "No data"]
    assert share_texts(COMPLETENESS).tolist() == [share_text(r) for r in COMPLETENESS.to_dict("records")]


def test_locality_table_hides_every_count_of_a_suppressed_row():
    table = locality_table(COMPLETENESS)
    assert list(table.columns) == ["Area", "Source", "Period", "Unknown share", "Not stated", "Not known", "Records"]
    assert table.iloc[0].tolist()[3:] == ["12.3%", "1,200", "34", "10,000"]
    assert set(table.iloc[1].tolist()[3:]) == {"Suppressed"}
    assert table["Source"].tolist() == ["Staff records (ESR)", "Staff records (ESR)", "Mystery source"]


def test_a_load_that_does_not_add_up_says_so():
    history = pd.DataFrame(
        {
            "build_finished_at": pd.to_datetime(["2025-06-30 09:05", None]),
            "source_file": ["/data/extracts/staff.csv", "C:\\x\\survey.xlsx"],
            "adapter": [None, "fingertips"],
            "extract": ["workforce", "staff_survey"],
            "file_format": ["csv", None],
            "rows_read": [10, 5],
            "rows_loaded": [8, 5],
            "rows_rejected": [2, 1],
            "status": ["loaded", "loaded"],
            "seconds": [1.5, 0.25],
            "sha256": ["0123456789abcdef", None],
            "message": [None, "ok"],
        }
    )
    table = load_table(history)
    assert table["Adds up"].tolist() == ["Yes", "No: check this load"]
    assert table["Read as"].tolist() == ["canonical", "fingertips"]
    assert table["File"].iloc[0] == "staff.csv" and table["Format"].tolist() == ["CSV", ""]
    assert table["SHA-256 (first 12)"].tolist() == ["0123456789ab", ""]
    assert table["Build finished"].tolist() == ["30 June 2025, 09:05", "unknown"]
    assert table["Seconds"].tolist() == ["1.5", "0.2"]
