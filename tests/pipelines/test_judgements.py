"""Each judgement rule on small hand-made cases, including the ones a board was misled by:
Wigan and Manchester's workforce against their own population, Salford's 0.64, WRES3 and
WDES3 at 1.55, and a change of -0.0 called "got worse"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines import judgements as judge
from pipelines import settings, stats
from pipelines.framework import load_framework
from pipelines.marts import add_comparisons, add_trends_and_targets, blank_suppressed_rows

FW = load_framework(settings.DEFAULT_FRAMEWORK)
KPIS = {k.id: k for k in FW.kpis}
WIGAN, MANCHESTER, SALFORD, GM = "E08000010", "E08000003", "E08000006", "E47000001"
BAND = (0.8, 1.25)
WORKING_AGE = "the area's working-age (15-64) residents"


# ---------------------------------------------------------------- representation


def _representation_rows() -> tuple[pd.DataFrame, pd.DataFrame]:
    """WF_REP_POP headlines (BME staff / all staff) and the areas' working-age BME shares:
    Wigan 6.8% of staff vs 5.3% of residents, Manchester 32.1% vs 43.6%, GM 20% vs 20%."""
    cases = {WIGAN: (340, 5000, 5.3), MANCHESTER: (3210, 10000, 43.6), GM: (4000, 20000, 20.0)}
    rows, shares = [], []
    for area, (bme, staff, population_share) in cases.items():
        lo, up = (np.array(x) * 100 for x in stats.wilson_ci(bme, staff))
        rows.append(
            {
                "period": "2025/26",
                "area_code": area,
                "work_stream": "all",
                "breakdown": "all",
                "group_code": "all",
                "numerator": bme,
                "denominator": staff,
                "value": bme / staff * 100,
                "lower_ci_95": float(lo),
                "upper_ci_95": float(up),
                "lower_ci_99_8": float(lo) - 0.5,
                "upper_ci_99_8": float(up) + 0.5,
                "suppressed": False,
            }
        )
        for group, share in (("bme", population_share), ("white", 100 - population_share)):
            shares.append(
                {
                    "area_code": area,
                    "breakdown": "wres_ethnicity",
                    "group_code": group,
                    "population_share": share,
                    "benchmark_label": WORKING_AGE,
                }
            )
    return pd.DataFrame(rows), pd.DataFrame(shares)


def test_representation_compares_each_area_with_its_own_population():
    values, shares = _representation_rows()
    out = add_comparisons(values, KPIS["WF_REP_POP"], FW, shares).set_index("area_code")
    # Wigan's workforce is MORE minority ethnic than its residents: not "worse"
    assert out.loc[WIGAN, "benchmark_value"] == pytest.approx(5.3)
    assert out.loc[WIGAN, "comparison"] == "better"
    assert out.loc[WIGAN, "ratio_to_reference"] == pytest.approx(6.8 / 5.3)
    # Manchester's is far LESS so than its residents: not "better"
    assert out.loc[MANCHESTER, "comparison"] == "worse"
    assert out.loc[MANCHESTER, "gap_to_reference"] == pytest.approx(32.1 - 43.6)
    assert out.loc[MANCHESTER, "ratio_upper_ci_95"] < 1  # the whole CI below parity
    assert out.loc[MANCHESTER, "is_significant_gap"]
    assert "working-age" in out.loc[MANCHESTER, "comparison_words"]
    # GM is judged against GM's population too, and at parity it is similar
    assert out.loc[GM, "comparison"] == "similar"


# ---------------------------------------------------------------- relative likelihood band


def test_band_comparison_uses_the_whole_ci():
    lower = [0.85, 0.70, 1.30, 0.40, np.nan]
    upper = [1.20, 0.95, 1.90, 0.75, 1.0]
    assert list(judge.band_comparison(lower, upper, BAND)) == [
        "within band",
        "overlaps band",
        "outside band (higher)",
        "outside band (lower)",
        "not compared",
    ]


def _ratio_headlines(kpi_id: str, salford: tuple[float, float, float], gm: tuple[float, float, float]) -> pd.DataFrame:
    rows = []
    for area, (value, lo, up) in ((SALFORD, salford), (GM, gm)):
        rows.append(
            {
                "period": "2025/26",
                "area_code": area,
                "work_stream": "all",
                "breakdown": "all",
                "group_code": "all",
                "numerator": np.nan,
                "denominator": np.nan,
                "value": value,
                "lower_ci_95": lo,
                "upper_ci_95": up,
                "lower_ci_99_8": lo * 0.9,
                "upper_ci_99_8": up * 1.1,
                "suppressed": False,
            }
        )
    return pd.DataFrame(rows)


def test_salford_at_064_is_outside_the_band_not_better_than_gm():
    values = _ratio_headlines("WRES3", salford=(0.64, 0.52, 0.78), gm=(1.55, 1.40, 1.72))
    out = add_comparisons(values, KPIS["WRES3"], FW, None).set_index("area_code")
    assert out.loc[SALFORD, "comparison"] == "outside band (lower)"
    assert out.loc[SALFORD, "is_significant_gap"]  # a ratio outside the band is a gap
    assert "GM 1.55" in out.loc[SALFORD, "comparison_words"]
    assert out.loc[GM, "comparison"] == "outside band (higher)"  # GM is judged against the band too
    assert not {"better", "worse"} & set(out["comparison"])


def test_wres3_and_wdes3_at_155_get_the_same_rag():
    for kpi_id, ci in (("WRES3", (1.40, 1.72)), ("WDES3", (0.70, 3.40))):  # WDES3: few disabled staff
        values = _ratio_headlines(kpi_id, salford=(1.55, *ci), gm=(1.55, *ci))
        out = add_trends_and_targets(values, KPIS[kpi_id], {"2025/26": 1}, FW)
        assert set(out["rag"]) == {"red"}, kpi_id
        assert set(out["target_words"]) == {"Target: 0.80 to 1.25"}


def test_rag_is_one_rule():
    rag = lambda v, lo, up, **k: judge.rag_statuses(v, lo, up, nearly_met_within=0.10, **k)[0]  # noqa: E731
    high = {"target": 20.0, "target_range": None, "polarity": "high_is_good"}
    assert rag(21, 18, 24, **high) == "green"
    assert rag(18.5, 14, 23, **high) == "amber"  # within 10% of 20 and the CI reaches it
    assert rag(14.1, 6, 27, **high) == "red"  # WRES9: the CI reaches 20 but 14.1 is not close
    assert rag(19, 18.5, 19.5, **high) == "red"  # close, but the whole CI misses
    assert rag(np.nan, np.nan, np.nan, **high) == "not assessed"
    band = {"target": None, "target_range": BAND, "polarity": "closer_to_1"}
    assert rag(1.30, 1.10, 1.50, **band) == "amber"
    assert rag(0.75, 0.50, 0.95, **band) == "amber"
    assert rag(1.55, 1.40, 1.72, **band) == "red"
    assert rag(1.00, 0.30, 3.00, **band) == "green"
    words = judge.rag_rule_words(0.10, FW.rag.labels)
    assert "10%" in words["amber"] and words["amber"].startswith("Nearly met")


# ---------------------------------------------------------------- change since previous


def _change(now, before, polarity="high_is_good", measure="proportion"):
    (v, lo, up), (pv, plo, pup) = now, before
    verdict = judge.change_verdicts(v, lo, up, pv, plo, pup, polarity, measure)[0]
    return verdict, judge.change_words(v - pv, verdict, "2024/25", measure)


def test_a_change_that_rounds_to_zero_is_no_change():
    verdict, words = _change((50.02, 49.0, 51.0), (50.04, 49.0, 51.0), polarity="low_is_good")
    assert verdict == "no change"
    assert words == "→ No change since 2024/25"
    assert "-0.0" not in words and "worse" not in words


def test_only_a_significant_change_is_better_or_worse():
    # +0.2 points inside wide CIs: the arrow shows the rise, the words do not judge it
    verdict, words = _change((60.2, 55.0, 65.0), (60.0, 55.0, 65.0))
    assert verdict == "no significant change"
    assert words == "▲ +0.2 points since 2024/25: no significant change"
    verdict, words = _change((70.0, 69.0, 71.0), (60.0, 59.0, 61.0), polarity="low_is_good")
    assert (verdict, words) == ("worse", "▲ +10.0 points since 2024/25: got worse")
    verdict, words = _change((50.0, 49.0, 51.0), (60.0, 59.0, 61.0), polarity="low_is_good")
    assert (verdict, words) == ("better", "▼ -10.0 points since 2024/25: got better")


def test_a_ratio_is_better_when_significantly_closer_to_one():
    verdict, words = _change((1.05, 0.95, 1.15), (1.60, 1.45, 1.76), "closer_to_1", "ratio")
    assert verdict == "better" and words.startswith("▼ -0.55")
    verdict, _ = _change((0.60, 0.52, 0.69), (1.02, 0.92, 1.13), "closer_to_1", "ratio")
    assert verdict == "worse"  # a fall below the band is no improvement


def test_a_change_against_a_suppressed_period_is_not_compared():
    verdict, words = _change((50.0, 49.0, 51.0), (np.nan, np.nan, np.nan))
    assert verdict is None and words == "Not comparable with the previous period"


# ---------------------------------------------------------------- suppressed rows


def test_every_number_on_a_suppressed_row_is_blank():
    values = _ratio_headlines("WDES3", salford=(1.9, 0.27, 668.0), gm=(1.55, 1.40, 1.72))
    values.loc[0, "suppressed"] = True
    out = add_trends_and_targets(add_comparisons(values, KPIS["WDES3"], FW, None), KPIS["WDES3"], {"2025/26": 1}, FW)
    out = blank_suppressed_rows(out).set_index("area_code")
    numbers = [c for c in out.columns if pd.api.types.is_float_dtype(out[c]) and c != "target"]
    assert out.loc[SALFORD, numbers].isna().all(), out.loc[SALFORD, numbers].dropna()
    assert out.loc[SALFORD, "comparison"] == "not compared" and out.loc[SALFORD, "rag"] == "not assessed"
    assert out.loc[GM, "upper_ci_95"] == pytest.approx(1.72)


# ---------------------------------------------------------------- trend and inequality words


def test_trend_words_for_a_ratio_say_towards_or_away_from_equal():
    assert judge.trend_words("decreasing", "closer_to_1", 1.4) == "Decreasing: moving towards 1.00 (equal)"
    assert judge.trend_words("decreasing", "closer_to_1", 0.7) == "Decreasing: moving away from 1.00 (equal)"
    assert judge.trend_words("increasing", "low_is_good") == "Increasing: getting worse"


def test_inequality_verdict_only_when_the_ci_excludes_no_inequality():
    assert judge.inequality_verdict(-1.0, 3.0, "high_is_good") == "no significant inequality"
    assert judge.inequality_verdict(2.0, 6.0, "high_is_good") == "most deprived fare significantly worse"
    assert judge.inequality_verdict(2.0, 6.0, "low_is_good") == "most deprived fare significantly better"
    assert judge.inequality_verdict(np.nan, np.nan, "low_is_good") == "cannot be calculated"
