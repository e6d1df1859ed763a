"""Disclosure control: no small number is published, and none can be worked back."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.suppression import SECONDARY_REASON, blank_suppressed, suppress

TABLE = ["indicator_id", "period", "area_code", "breakdown"]


def breakdown(rows: list[tuple[str, int, int]], **table: str) -> pd.DataFrame:
    """One table: (group, numerator, denominator) rows sharing the same table keys."""
    keys = {"indicator_id": "K1", "period": "2024", "area_code": "E08000003", "breakdown": "eth"}
    keys.update(table)
    return pd.DataFrame([{**keys, "group": g, "numerator": x, "denominator": n} for g, x, n in rows])


def flagged(result: pd.DataFrame) -> dict[str, str | None]:
    return dict(zip(result["group"], result["suppression_reason"], strict=True))


# ---------------------------------------------------------------- primary


def test_small_numerators_are_suppressed_and_zero_is_published():
    df = breakdown([("A", 0, 50), ("B", 1, 60), ("C", 4, 70), ("D", 5, 80), ("E", 0, 90)])
    result = flagged(suppress(df, TABLE))
    assert result["B"] == "primary: numerator 1-4"
    assert result["C"] == "primary: numerator 1-4"
    assert result["D"] is None  # 5 is at the threshold: published
    # two hidden rows already protect each other, so the zeros stay published as zeros
    assert result["A"] is None and result["E"] is None


def test_small_denominator_is_suppressed():
    df = breakdown([("A", 0, 3), ("B", 0, 0), ("C", 20, 100), ("D", 30, 100), ("E", 40, 100)])
    result = flagged(suppress(df, TABLE))
    assert result["A"] == "primary: denominator 1-4"
    assert result["B"] is None  # an empty group (0 of 0) is not a small number
    assert result["C"] == SECONDARY_REASON


def test_survey_minimum_respondents():
    df = breakdown([("A", 6, 9), ("B", 6, 10), ("C", 50, 100), ("D", 60, 100)])
    result = flagged(suppress(df, TABLE, min_denominator=10))
    assert result["A"] == "primary: fewer than 10 respondents"
    # 10 respondents is publishable, but 10 - 6 = 4 did not answer positively
    assert result["B"] == "complement: denominator minus numerator 1-4"
    df = breakdown([("A", 6, 9), ("B", 5, 10), ("C", 50, 100), ("D", 60, 100)])
    assert flagged(suppress(df, TABLE, min_denominator=10))["B"] == SECONDARY_REASON  # protects A


def test_custom_threshold():
    df = breakdown([("A", 9, 100), ("B", 10, 100), ("C", 11, 100), ("D", 12, 100)])
    result = flagged(suppress(df, TABLE, threshold=10))
    assert result["A"] == "primary: numerator 1-9"
    assert result["B"] == SECONDARY_REASON  # equal denominators: the smallest numerator
    assert result["C"] is None and result["D"] is None


# ---------------------------------------------------------------- secondary


def test_a_lone_hidden_row_gets_the_smallest_other_row_hidden_too():
    # total 3 + 40 + 25 + 30 = 98 published elsewhere: without a second hidden row,
    # 98 - (40 + 25 + 30) gives the 3 back.
    df = breakdown([("A", 3, 100), ("B", 40, 200), ("C", 25, 150), ("D", 30, 120)])
    result = flagged(suppress(df, TABLE))
    assert result["A"].startswith("primary")
    assert result["D"] == SECONDARY_REASON  # smallest denominator of the rest
    assert result["B"] is None and result["C"] is None


def test_secondary_prefers_a_non_empty_group_over_an_empty_one():
    df = breakdown([("A", 2, 30), ("Empty", 0, 0), ("C", 40, 200), ("D", 50, 300)])
    result = flagged(suppress(df, TABLE))
    assert result["C"] == SECONDARY_REASON
    assert result["Empty"] is None


def test_secondary_protects_a_small_denominator_too():
    df = breakdown([("A", 0, 4), ("B", 10, 50), ("C", 20, 60)])
    result = flagged(suppress(df, TABLE))
    assert result["A"] == "primary: denominator 1-4"
    assert result["B"] == SECONDARY_REASON


def test_tables_are_independent():
    df = pd.concat(
        [
            breakdown([("A", 3, 100), ("B", 40, 200), ("C", 25, 150)], area_code="E08000001"),
            breakdown([("A", 30, 100), ("B", 40, 200), ("C", 25, 150)], area_code="E08000002"),
        ],
        ignore_index=True,
    )
    result = suppress(df, TABLE)
    assert result["suppressed"].tolist() == [True, False, True, False, False, False]


def test_a_single_row_table_is_primary_only():
    # the row is the table total; nothing else in the table can protect it
    df = breakdown([("All", 2, 40)])
    result = suppress(df, TABLE)
    assert result["suppressed"].tolist() == [True]
    assert result["suppression_reason"].tolist() == ["primary: numerator 1-4"]


def test_two_dimensional_tables_are_protected_both_ways():
    # localities x groups; each locality's groups add up to the locality total, and each
    # group's localities add up to the GM figure for that group.
    rows = []
    grid = {  # locality: counts for G1, G2, G3
        "L1": (3, 50, 60),
        "L2": (40, 45, 70),
        "L3": (42, 48, 80),
    }
    counts = {(area, f"G{g + 1}"): x for area, row in grid.items() for g, x in enumerate(row)}
    for (area, group), x in counts.items():
        rows.append({"area_code": area, "group": group, "numerator": x, "denominator": 200})
    df = pd.DataFrame(rows)
    result = suppress(df, [["area_code"], ["group"]])
    hidden = result[result["suppressed"]]
    for margin, labels in (("area_code", ["L1", "L2", "L3"]), ("group", ["G1", "G2", "G3"])):
        per_margin = hidden.groupby(margin).size().reindex(labels, fill_value=0)
        assert per_margin.isin([0, 2, 3]).all(), margin
    # Hand: L1/G1 (3) is primary; L1's smallest other cell is G2 (50), G1's is L2 (40),
    # then G2 needs L2/G2 (45): a rectangle of four hidden cells, the classic pattern.
    assert set(zip(hidden["area_code"], hidden["group"], strict=True)) == {
        ("L1", "G1"),
        ("L1", "G2"),
        ("L2", "G1"),
        ("L2", "G2"),
    }


def test_earlier_suppression_is_kept_when_layering_calls():
    df = breakdown([("A", 30, 100), ("B", 40, 200), ("C", 25, 150)])
    df["suppressed"] = [False, True, False]
    df["suppression_reason"] = [None, "suppressed upstream", None]
    result = flagged(suppress(df, TABLE))
    assert result["B"] == "suppressed upstream"
    assert result["A"] == SECONDARY_REASON  # smallest denominator of the rest


def test_numerator_only_tables():
    df = pd.DataFrame({"table": ["t"] * 3, "group": list("ABC"), "count": [2, 9, 12]})
    result = suppress(df, ["table"], count_cols=("count",))
    assert result["suppressed"].tolist() == [True, True, False]


def test_output_keeps_rows_order_and_index():
    df = breakdown([("A", 3, 100), ("B", 40, 200), ("C", 25, 150)])
    df.index = [10, 20, 30]
    result = suppress(df, TABLE)
    assert list(result.index) == [10, 20, 30]
    assert list(result.columns) == [*df.columns, "suppressed", "suppression_reason"]
    assert result["suppressed"].dtype == bool
    assert "suppressed" not in df.columns  # the input is not modified


def test_empty_input():
    df = breakdown([]).reindex(columns=[*TABLE, "group", "numerator", "denominator"])
    result = suppress(df, TABLE)
    assert len(result) == 0 and "suppressed" in result.columns


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"group_cols": ["nope"]}, "columns not in the data: nope"),
        ({"group_cols": TABLE, "threshold": 0}, "threshold"),
        ({"group_cols": TABLE, "count_cols": ("a", "b", "c")}, "count_cols"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        suppress(breakdown([("A", 3, 100)]), **kwargs)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        suppress(breakdown([("A", -3, 100)]), TABLE)


# ---------------------------------------------------------------- blanking


def test_blank_suppressed_sets_null_never_zero():
    df = breakdown([("A", 3, 100), ("B", 40, 200), ("C", 25, 150)])
    df["value"] = df["numerator"] / df["denominator"]
    blanked = blank_suppressed(suppress(df, TABLE), ["numerator", "denominator", "value"])
    assert blanked["numerator"].dtype == "Int64"
    hidden = blanked[blanked["suppressed"]]
    assert hidden[["numerator", "denominator", "value"]].isna().all().all()
    published = blanked[~blanked["suppressed"]]
    assert published["numerator"].tolist() == [40]
    assert not (blanked["numerator"] == 0).any()


def test_blank_suppressed_needs_flags():
    with pytest.raises(ValueError, match="call suppress"):
        blank_suppressed(breakdown([("A", 3, 100)]), ["numerator"])


# ---------------------------------------------------------------- properties

counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 50, 1000])


@st.composite
def random_tables(draw):
    """Several tables of 1-7 groups, numerator <= denominator, many small and zero cells."""
    rows = []
    for table in range(draw(st.integers(1, 6))):
        for group in range(draw(st.integers(1, 7))):
            denominator = draw(counts)
            numerator = min(draw(counts), denominator)
            rows.append({"table": table, "group": group, "numerator": numerator, "denominator": denominator})
    return pd.DataFrame(rows)


def _check_published(result: pd.DataFrame, threshold: int, floor: int) -> None:
    published = result[~result["suppressed"]]
    assert not published["numerator"].between(1, threshold - 1).any()
    assert not published["denominator"].between(1, floor - 1).any()
    # nor as a complement: denominator minus numerator
    assert not (published["denominator"] - published["numerator"]).between(1, threshold - 1).any()


def _check_hidden_sums(result: pd.DataFrame, margin: str, threshold: int, floor: int) -> None:
    """Total minus the published rows gives back the sum of the hidden ones: never 1-4."""
    hidden = result[result["suppressed"]].groupby(margin)[["numerator", "denominator"]].sum()
    exposed = result.groupby(margin)["suppressed"].agg(lambda s: (~s).any())
    hidden = hidden[exposed.reindex(hidden.index)]
    assert not hidden["numerator"].between(1, threshold - 1).any()
    assert not hidden["denominator"].between(1, floor - 1).any()


def test_complement_and_small_hidden_sums_are_protected():
    # a board of 12, 9 of them BME: 12 - 9 = 3 are not, a count as small as any
    df = breakdown([("bme", 9, 12), ("white", 2, 12), ("unknown", 1, 12)])
    assert flagged(suppress(df, TABLE))["bme"] == "complement: denominator minus numerator 1-4"
    # two hidden groups of 1 and 2: total minus the rest gives back 3, so a third is hidden
    df = breakdown([("A", 1, 10), ("B", 2, 10), ("C", 50, 100), ("D", 60, 100)])
    result = flagged(suppress(df, TABLE, complement=False))
    assert result["C"] == SECONDARY_REASON and result["D"] is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tables(), st.sampled_from([(5, None), (5, 10), (3, None)]))
def test_no_small_number_is_published_or_recoverable(df, rule):
    threshold, min_denominator = rule
    result = suppress(df, ["table"], threshold=threshold, min_denominator=min_denominator)
    _check_published(result, threshold, min_denominator or threshold)

    hidden = result.groupby("table")["suppressed"].sum()
    size = result.groupby("table").size()
    multi = size > 1
    # every table of two or more groups hides none, or at least two, of them
    assert (hidden[multi] != 1).all()
    _check_hidden_sums(result, "table", threshold, min_denominator or threshold)
    # secondary suppression only where a table has a small number to protect
    secondary = (result["suppression_reason"] == SECONDARY_REASON).groupby(result["table"]).sum()
    primary = result["suppression_reason"].str.startswith(("primary", "complement")).fillna(False)
    primary = primary.groupby(result["table"]).sum()
    assert ((secondary >= 1) <= (primary >= 1)).all()
    assert (((primary == 1) & multi) <= (secondary >= 1)).all()


@settings(max_examples=100, deadline=None)
@given(random_tables())
def test_zeros_are_published_unless_needed_as_protection(df):
    result = suppress(df, ["table"])
    zeros = result[(result["numerator"] == 0) & ((result["denominator"] == 0) | (result["denominator"] >= 5))]
    assert not zeros["suppression_reason"].fillna("").str.startswith("primary").any()
    # tables without a small number publish every row as it is, zeros included
    clean = result.groupby("table")["suppression_reason"].transform(
        lambda r: r.fillna("").str.startswith(("primary", "complement")).sum() == 0
    )
    assert not result.loc[clean, "suppressed"].any()


@settings(max_examples=60, deadline=None)
@given(random_tables(), random_tables())
def test_two_dimensional_property(df_a, df_b):
    # treat "table" and "group" as the two margins of one cross-tabulation
    df = pd.concat([df_a, df_b.assign(table=df_b["table"] + 100)], ignore_index=True)
    df = df.drop_duplicates(["table", "group"])
    result = suppress(df, [["table"], ["group"]])
    _check_published(result, 5, 5)
    for margin in ("table", "group"):
        hidden = result.groupby(margin)["suppressed"].sum()
        size = result.groupby(margin).size()
        assert (hidden[size > 1] != 1).all()
        _check_hidden_sums(result, margin, 5, 5)


def test_a_million_rows_in_a_few_seconds():
    rng = np.random.default_rng(7)
    n = 1_000_000
    df = pd.DataFrame(
        {
            "indicator_id": rng.integers(0, 40, n),
            "period": rng.integers(0, 12, n),
            "area_code": rng.integers(0, 11, n),
            "group": rng.integers(0, 200, n),
            "denominator": rng.integers(0, 300, n),
        }
    )
    df["numerator"] = (df["denominator"] * rng.random(n)).astype(int)
    started = time.perf_counter()
    result = suppress(df, ["indicator_id", "period", "area_code"])
    assert time.perf_counter() - started < 5
    assert result["suppressed"].any()


def test_rows_to_keep_are_hidden_last_for_protection():
    # WDES3: disabled (Y) is the smallest stated group; hiding "not known" (99) instead keeps
    # both groups of the ratio published
    df = breakdown([("Y", 20, 900), ("N", 43, 18743), ("Z", 2, 400), ("99", 11, 3022)])
    df["keep"] = df["group"].isin(["Y", "N"])
    assert flagged(suppress(df, TABLE))["Y"] == SECONDARY_REASON
    result = flagged(suppress(df, TABLE, keep="keep"))
    assert result["Y"] is None and result["N"] is None and result["99"] == SECONDARY_REASON
