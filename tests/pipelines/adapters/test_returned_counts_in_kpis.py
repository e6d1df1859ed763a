"""A trust's WRES / WDES return stands for its ESR-like rows in the workforce KPIs (WRES 1-4
and 9, WDES 1-3 and 10): for an organisation and period its return covers, the KPI counts the
returned people and none of its ESR-like rows; relative likelihoods come from the returned
counts with the same statistics."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.build import build
from pipelines.workforce_returns import template_frame

MANCHESTER, SALFORD = "E08000003", "E08000006"
# R0A's return for 2024 (made up): (indicator, measure, staff group, cluster, group) -> value
RETURNED = {
    ("WRES1", "headcount", "clinical", "cluster_3", "White"): 40,
    ("WRES1", "headcount", "clinical", "cluster_3", "BME"): 20,
    ("WRES1", "headcount", "non_clinical", "cluster_4", "Unknown"): 5,
    ("WRES1", "headcount", "clinical", "cluster_1", "White"): 100,
    ("WRES1", "headcount", "clinical", "cluster_1", "BME"): 60,
    ("WRES2", "shortlisted", "all", "all", "White"): 200,
    ("WRES2", "shortlisted", "all", "all", "BME"): 150,
    ("WRES2", "appointed", "all", "all", "White"): 40,
    ("WRES2", "appointed", "all", "all", "BME"): 15,
    ("WDES2", "shortlisted", "all", "all", "Disabled"): 50,
    ("WDES2", "shortlisted", "all", "all", "Non-disabled"): 300,
    ("WDES2", "appointed", "all", "all", "Disabled"): 5,
    ("WDES2", "appointed", "all", "all", "Non-disabled"): 60,
}


def a_return() -> pd.DataFrame:
    frame = template_frame("R0A", "2024")
    for (indicator, measure, staff_group, cluster, group), value in RETURNED.items():
        at = (frame["indicator"] == indicator) & (frame["measure"] == measure) & (frame["group"] == group)
        at &= (frame["staff_group"] == staff_group) & (frame["band_cluster"] == cluster)
        assert at.sum() == 1
        frame.loc[at, "value"] = str(value)
    return frame


def esr_rows() -> pd.DataFrame:
    """R0A (returned) and RM3 (not) staff at 31 March 2024: 8a, White (A) or Indian (H)."""
    blank = dict.fromkeys(
        ["age_band", "sex", "disability", "sexual_orientation", "religion", "gender_identity", "marital_status"], ""
    )
    rows = []
    for org, locality, white, bme in (("R0A", MANCHESTER, 30, 30), ("RM3", SALFORD, 12, 8)):
        for i, ethnicity in enumerate(["A"] * white + ["H"] * bme):
            person = {"snapshot_date": "2024-03-31", "person_id": f"{org}{i}", "organisation_code": org}
            person |= {"locality_code": locality, "staff_group": "nursing", "afc_band": "8a", "ethnicity": ethnicity}
            person |= {"board_member": "false", "board_voting": "false", "executive": "false"}
            rows.append(person | blank)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("returned_counts")
    src = tmp / "src"
    src.mkdir()
    a_return().to_csv(src / "R0A WRES return 2024.csv", index=False)
    esr_rows().to_csv(src / "workforce_snapshot_2024.csv", index=False)
    build(src, tmp / "w.duckdb")
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    yield con
    con.close()


def value(con, indicator, area, breakdown="all", group="all"):
    return con.execute(
        "SELECT numerator, denominator, value FROM indicator_values WHERE indicator_id = ? AND area_code = ? "
        "AND period = '2023/24' AND breakdown = ? AND group_code = ? AND work_stream = 'all'",
        [indicator, area, breakdown, group],
    ).fetchone()


def test_wres1_counts_the_returned_staff_and_none_of_the_trusts_esr_rows(warehouse):
    # Manchester is R0A alone: 20 BME of the 65 staff returned at 8a and above (clusters 3, 4);
    # R0A's 60 ESR-like rows at 8a are not added on top
    assert value(warehouse, "WRES1", MANCHESTER) == (20, 65, pytest.approx(20 / 65 * 100))
    # Salford has no return: its ESR-like rows as before
    assert value(warehouse, "WRES1", SALFORD) == (8, 20, pytest.approx(40.0))
    # GM adds the two up, once each
    assert value(warehouse, "WRES1", "E47000001") == (28, 85, pytest.approx(28 / 85 * 100))


def test_wres2_relative_likelihood_is_from_the_returned_counts(warehouse):
    # White 40 / 200 = 20% appointed, BME 15 / 150 = 10%: White applicants 2.0 times as likely
    white = value(warehouse, "WRES2", MANCHESTER, "wres_ethnicity", "white")
    bme = value(warehouse, "WRES2", MANCHESTER, "wres_ethnicity", "bme")
    assert white == (40, 200, pytest.approx(20.0))
    assert bme == (15, 150, pytest.approx(10.0))
    assert value(warehouse, "WRES2", MANCHESTER)[2] == pytest.approx(2.0)


def test_wdes2_relative_likelihood_is_from_the_returned_counts(warehouse):
    # non-disabled 60 / 300 = 20% appointed, disabled 5 / 50 = 10%: 2.0 times as likely
    assert value(warehouse, "WDES2", MANCHESTER, "disability", "N") == (60, 300, pytest.approx(20.0))
    assert value(warehouse, "WDES2", MANCHESTER, "disability", "Y") == (5, 50, pytest.approx(10.0))
    assert value(warehouse, "WDES2", MANCHESTER)[2] == pytest.approx(2.0)
    # WDES 1: the return reports no WDES 1 headcounts, so R0A is not counted from it
    assert warehouse.execute(
        "SELECT count(source_note) FROM indicator_values WHERE indicator_id = 'WDES1'"
    ).fetchone() == (0,)


def test_every_returned_row_is_loaded_or_rejected(warehouse):
    read, loaded, rejected = warehouse.execute(
        "SELECT rows_read, rows_loaded, rows_rejected FROM load_audit WHERE extract = 'workforce_returns'"
    ).fetchone()
    assert read == len(template_frame()) and read == loaded + rejected


def test_a_value_counted_from_a_return_says_so(warehouse):
    def note(indicator, area, breakdown="all", group="all"):
        return warehouse.execute(
            "SELECT source_note FROM indicator_values WHERE indicator_id = ? AND area_code = ? "
            "AND period = '2023/24' AND breakdown = ? AND group_code = ? AND work_stream = 'all'",
            [indicator, area, breakdown, group],
        ).fetchone()[0]

    assert note("WRES1", MANCHESTER) == "From the trust's WRES return (2024)"
    assert note("WRES2", MANCHESTER, "wres_ethnicity", "bme") == "From the trust's WRES return (2024)"
    assert note("WRES1", "E47000001") == "Partly from the trust's WRES return (2024)"  # Salford's ESR rows too
    assert note("WRES1", SALFORD) is None
    # WRES 1 at band 9 / VSM is not counted from returns (cluster 4 is 8c to VSM)
    assert warehouse.execute(
        "SELECT count(source_note) FROM indicator_values WHERE indicator_id = 'WRES1_VSM'"
    ).fetchone() == (0,)


def test_the_pages_words_for_a_value_from_a_return(warehouse):
    from flask import Flask

    from dashboard.tables.workforce import returns_line
    from dashboard.warehouse import indicators
    from dashboard.warehouse.db import EXTENSION_KEY, Warehouse

    app = Flask(__name__)  # the warehouse queries alone, no page app
    app.extensions[EXTENSION_KEY] = Warehouse(warehouse.execute("PRAGMA database_list").fetchone()[2])
    with app.test_request_context("/"):
        notes = indicators.source_notes(("WRES1", "WRES2", "WRES1_VSM"), "latest", MANCHESTER)
    assert list(notes["indicator_id"]) == ["WRES1", "WRES2"]
    notes["short_title"] = ["BME staff at band 8a+", "WRES 2"]
    assert returns_line(notes) == (
        "Figures from trusts' WRES / WDES returns. BME staff at band 8a+: From the trust's WRES return (2024); "
        "WRES 2: From the trust's WRES return (2024)."
    )
