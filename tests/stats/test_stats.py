"""pipelines.stats against published reference values.

Sources of expected values (none was produced by running this code):

* PHE-TD: PHEindicatormethods (UKHSA/PHE) test data, tests/testthat/*.xlsx in
  github.com/ukhsa-collaboration/PHEindicatormethods (testdata_Proportion,
  testdata_Rate, testdata_Byars_Wilson, testdata_Mean, testdata_DSR_ISR,
  testdata_SII). PHE built these in Excel independently of the R code.
* Newcombe 1998: "Two-sided confidence intervals for the single proportion: comparison
  of seven methods", Stat Med 17:857-872, Table I, method 3 (Wilson score).
* Exact Poisson tables (Garwood 1936), as quoted in the APHO/PHE technical guide.
* R stats::prop.trend.test documented example (smokers / patients).
* statsmodels Table2x2.summary() risk ratio for [[73, 756], [14, 826]], the case study
  in Motulsky, Intuitive Biostatistics ch. 27.
* Hand calculations, written out in the comments beside them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipelines.reference import ESP_2013
from pipelines.stats import (
    chi_square_for_trend,
    compare_to_benchmark,
    dsr,
    mean_ci,
    proportion_value,
    rate_ci,
    recent_trend,
    relative_likelihood,
    sii_ci,
    slope_index_of_inequality,
    standard_error_from_ci,
    wilson_ci,
    z_for,
)

approx = pytest.approx


# ---------------------------------------------------------------- z and confidence


def test_z_for_matches_normal_tables():
    assert z_for(0.95) == approx(1.959964, abs=1e-6)  # standard normal table
    assert z_for(0.998) == approx(3.090232, abs=1e-6)  # standard normal table
    assert z_for(95) == approx(z_for(0.95))  # percentages are accepted


@pytest.mark.parametrize("bad", [0, 1, 100, -0.5, 150])
def test_z_for_rejects_impossible_confidence(bad):
    with pytest.raises(ValueError, match="confidence"):
        z_for(bad)


def test_standard_error_from_ci_is_width_over_3_92_at_95():
    # Fingertips: SE = (upper - lower) / 3.92 for a 95% CI (2 x 1.959964 = 3.919928)
    assert standard_error_from_ci(10.0, 13.92) == approx(1.0, rel=1e-4)


# ---------------------------------------------------------------- Wilson


@pytest.mark.parametrize(
    ("x", "n", "lower", "upper"),
    [
        (81, 263, 0.2553, 0.3662),  # Newcombe 1998 Table I
        (15, 148, 0.0624, 0.1605),  # Newcombe 1998 Table I
        (0, 20, 0.0000, 0.1611),  # Newcombe 1998 Table I
        (1, 29, 0.0061, 0.1718),  # Newcombe 1998 Table I
    ],
)
def test_wilson_matches_newcombe_1998(x, n, lower, upper):
    lo, up = wilson_ci(x, n)
    assert lo == approx(lower, abs=5e-5)
    assert up == approx(upper, abs=5e-5)


@pytest.mark.parametrize(
    ("x", "n", "confidence", "lower", "upper"),
    [
        (1, 100, 0.95, 0.001767, 0.054486),  # PHE-TD testdata_Prop Area1
        (5, 100, 0.95, 0.021544, 0.111750),  # PHE-TD testdata_Prop Area2
        (65, 100, 0.95, 0.552544, 0.736358),  # PHE-TD testdata_Prop Area4
        (9856, 12345, 0.95, 0.791210, 0.805364),  # PHE-TD testdata_Prop Area5
        (222, 3215, 0.95, 0.060792, 0.078340),  # PHE-TD testdata_Prop Area7
        (999, 3456, 0.998, 0.265840, 0.313448),  # PHE-TD testdata_Prop Area8 99.8%
        (1045, 5000, 0.998, 0.191794, 0.227316),  # PHE-TD testdata_B_W Wilson 99.8%
        (0.445, 1, 0.95, 0.043817, 0.933462),  # PHE-TD testdata_B_W, fractional count
    ],
)
def test_wilson_matches_phe_test_data(x, n, confidence, lower, upper):
    lo, up = wilson_ci(x, n, confidence)
    assert lo == approx(lower, abs=1e-6)
    assert up == approx(upper, abs=1e-6)


def test_wilson_all_or_nothing_stays_inside_0_1():
    assert wilson_ci(0, 50)[0] == 0.0
    assert wilson_ci(50, 50)[1] == 1.0


def test_wilson_vectorised_agrees_with_scalar_and_returns_arrays():
    x = [1, 5, 65, 9856]
    n = [100, 100, 100, 12345]
    lower, upper = wilson_ci(np.array(x), pd.Series(n))
    assert isinstance(lower, np.ndarray) and lower.shape == (4,)
    for i in range(4):
        assert (lower[i], upper[i]) == approx(wilson_ci(x[i], n[i]))


def test_wilson_vectorised_zero_denominator_and_missing_give_nan_rows():
    numerator = pd.Series([3, 0, pd.NA, 4], dtype="Int64")
    denominator = pd.Series([10, 0, 10, pd.NA], dtype="Int64")
    lower, upper = wilson_ci(numerator, denominator)
    assert not np.isnan(lower[0]) and not np.isnan(upper[0])
    assert np.isnan(lower[1:]).all() and np.isnan(upper[1:]).all()


def test_wilson_empty_input_gives_empty_arrays():
    lower, upper = wilson_ci([], [])
    assert lower.size == 0 and upper.size == 0


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [
        (6, 5, "must not exceed the denominator"),
        (-1, 5, "must not be negative"),
        (1, -5, "must not be negative"),
        (0, 0, "denominator is 0"),
        (None, 5, "numerator is missing"),
        (float("nan"), 5, "numerator is missing"),
    ],
)
def test_wilson_scalar_impossible_input_raises_clearly(x, n, message):
    with pytest.raises(ValueError, match=message):
        wilson_ci(x, n)


def test_wilson_vectorised_data_errors_raise_with_row_count():
    with pytest.raises(ValueError, match=r"must not exceed the denominator \(1 of 3 rows\)"):
        wilson_ci([1, 6, 2], [5, 5, 5])


def test_wilson_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="different lengths"):
        wilson_ci([1, 2, 3], [5, 5])


def test_proportion_value():
    assert proportion_value(1, 4) == 0.25
    values = proportion_value([1, 0, 2], [4, 0, 2])
    assert values[0] == 0.25 and np.isnan(values[1]) and values[2] == 1.0
    with pytest.raises(ValueError, match="denominator is 0"):
        proportion_value(0, 0)
    with pytest.raises(ValueError, match="exceed"):
        proportion_value(3, 2)


# ---------------------------------------------------------------- Poisson rates


def test_exact_poisson_limits_for_small_counts():
    # Exact Poisson 95% limits for an observed count (Garwood 1936 tables)
    assert rate_ci(0, 1, multiplier=1) == approx((0.0, 3.689), abs=5e-4)
    assert rate_ci(1, 1, multiplier=1) == approx((0.0253, 5.5716), abs=5e-5)
    assert rate_ci(5, 1, multiplier=1) == approx((1.6235, 11.6683), abs=5e-5)


@pytest.mark.parametrize(
    ("count", "denominator", "multiplier", "confidence", "lower", "upper"),
    [
        (1, 100, 100, 0.95, 0.025318, 5.571643),  # PHE-TD testdata_Rate Area1 (exact)
        (5, 100, 100, 0.95, 1.623486, 11.668332),  # PHE-TD Area2 (exact)
        (1, 100, 100, 0.998, 0.001001, 9.233413),  # PHE-TD Area1 99.8% (exact)
        (5, 100, 100, 0.998, 0.739372, 16.454745),  # PHE-TD Area2 99.8% (exact)
        (20, 100, 100, 0.95, 12.211429, 30.889880),  # PHE-TD Area3 (Byar)
        (65, 100, 100_000, 0.95, 50163.187710, 82849.138546),  # PHE-TD Area4 (Byar)
        (9856, 12345, 100_000, 0.998, 77375.905433, 82354.472771),  # PHE-TD Area5 99.8%
        (222, 3215, 100, 0.95, 6.026575, 7.875729),  # PHE-TD Area7 (Byar)
        (2, 200, 100_000, 0.95, 121.104639, 3612.343834),  # PHE-TD testdata_Rate_g (exact)
        (10, 200, 100_000, 0.95, 2393.724957, 9195.729303),  # PHE-TD Rate_g: 10 is Byar
        (250, 220, 100_000, 0.95, 99984.947385, 128631.144875),  # count > denominator
    ],
)
def test_rate_ci_matches_phe_test_data(count, denominator, multiplier, confidence, lower, upper):
    lo, up = rate_ci(count, denominator, multiplier, confidence)
    assert lo == approx(lower, rel=1e-6, abs=1e-6)  # PHE-TD is rounded to 6 decimals
    assert up == approx(upper, rel=1e-6, abs=1e-6)


def test_byar_matches_phe_byars_sheet():
    # PHE-TD testdata_B_W, Byars rows: counts with their own limits (denominator 1)
    assert rate_ci(1045, 1, multiplier=1) == approx((982.593202, 1110.331213), rel=1e-7)
    assert rate_ci(10, 1, 1, 0.998) == approx((2.916318, 24.193725), rel=1e-6)


def test_rate_ci_vectorised_switches_method_at_ten_and_handles_zero_denominator():
    counts = np.array([1, 5, 9, 10, 65, 3])
    denominators = np.array([100, 100, 100, 100, 100, 0])
    lower, upper = rate_ci(counts, denominators, multiplier=100)
    for i in range(5):
        assert (lower[i], upper[i]) == approx(rate_ci(counts[i], denominators[i], 100))
    assert np.isnan(lower[5]) and np.isnan(upper[5])


def test_rate_ci_scalar_impossible_input_raises():
    with pytest.raises(ValueError, match="count must not be negative"):
        rate_ci(-1, 100)
    with pytest.raises(ValueError, match="denominator is 0"):
        rate_ci(3, 0)


# ---------------------------------------------------------------- mean


def test_mean_ci_matches_phe_test_data():
    # PHE-TD testdata_Mean_results: Area1 (n = 8) and Area2 (n = 18), Student's t
    assert mean_ci(53.704345, 20.975575, 8) == approx((36.168325, 71.240365), abs=2e-6)
    assert mean_ci(53.704345, 20.975575, 8, 0.998) == approx((18.216705, 89.191985), abs=2e-6)
    assert mean_ci(5678.962958, 2117.831716, 18) == approx((4625.790022, 6732.135893), abs=2e-5)


def test_mean_ci_needs_two_observations():
    with pytest.raises(ValueError, match="at least 2"):
        mean_ci(3.0, 1.0, 1)
    lower, upper = mean_ci([3.0, 3.0], [1.0, 1.0], [1, 30])
    assert np.isnan(lower[0]) and np.isnan(upper[0])
    assert lower[1] < 3.0 < upper[1]


# ---------------------------------------------------------------- DSR (Dobson)

# PHE-TD testdata_DSR_ISR, sheet testdata_multiarea: 19 ESP 2013 age bands
POPULATION = [636, 558, 609, 543, 384, 594, 669, 843, 660, 576, 606, 522, 426, 273, 300, 288, 153, 123, 207]
BIG = [127, 25, 18, 21, 12, 27, 48, 27, 29, 32, 32, 34, 45, 65, 38, 68, 74, 82, 91]
SMALL = [12, 4, 3, 2, 3, 4, 8, 2, 2, 3, 4, 5, 6, 8, 5, 6, 5, 5, 4]
TINY = [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3]  # 10-14 band NA -> 0


def test_esp_2013_is_the_published_standard():
    assert len(ESP_2013) == 19 and sum(ESP_2013) == 100_000
    assert ESP_2013[0] == 5000 and ESP_2013[-1] == 1000


def test_dsr_matches_phe_test_results():
    # PHE-TD testresults_DSR: testdata_big, dsr per 100000, 95% and 99.8%
    assert dsr(BIG, POPULATION) == approx((10430.247991, 9717.709068, 11178.940915), rel=1e-8)
    assert dsr(BIG, POPULATION, confidence=0.998) == approx((10430.247991, 9323.287880, 11620.596000), rel=1e-8)
    # testdata_small, per 100000 and per 10000
    assert dsr(SMALL, POPULATION) == approx((1103.212025, 877.455768, 1367.088223), rel=1e-8)
    assert dsr(SMALL, POPULATION, multiplier=10_000) == approx((110.321203, 87.745577, 136.708822), rel=1e-7)


def test_dsr_is_not_published_below_ten_events():
    # PHE-TD testresults_DSR: testdata_tiny (9 events) -> "dsr NA for total count < 10"
    value, lower, upper = dsr(TINY, POPULATION)
    assert math.isnan(value) and math.isnan(lower) and math.isnan(upper)
    value, lower, upper = dsr(TINY, POPULATION, min_total_count=0)
    assert 0 < lower < value < upper


def test_dsr_of_several_areas_at_once():
    values, lowers, uppers = dsr(np.array([BIG, SMALL, TINY]), np.array([POPULATION] * 3))
    assert values[:2] == approx([10430.247991, 1103.212025], rel=1e-8)
    assert np.isnan(values[2]) and np.isnan(lowers[2]) and np.isnan(uppers[2])


def test_dsr_with_equal_rates_is_that_rate():
    # Hand: every band 1 event per 100 people -> DSR 1000 per 100,000 whatever the weights
    value, _, _ = dsr([10] * 19, [1000] * 19)
    assert value == approx(1000.0)


def test_dsr_rejects_bad_input():
    with pytest.raises(ValueError, match="19 standard population bands"):
        dsr(BIG[:18], POPULATION[:18])
    with pytest.raises(ValueError, match="population above 0"):
        dsr(BIG, [0] + POPULATION[1:])
    with pytest.raises(ValueError, match="missing values"):
        dsr([None] + BIG[1:], POPULATION)
    with pytest.raises(ValueError, match="negative"):
        dsr([-1] + BIG[1:], POPULATION)
    with pytest.raises(ValueError, match="got 0 age bands"):
        dsr([], [])
    with pytest.raises(ValueError, match="same 1-D or 2-D shape"):
        dsr(BIG, POPULATION[:18])


# ---------------------------------------------------------------- relative likelihood


def test_relative_likelihood_matches_statsmodels_risk_ratio():
    # statsmodels Table2x2([[73, 756], [14, 826]]).summary(): RR 5.283 (3.007 to 9.284)
    ratio, lower, upper = relative_likelihood(73, 73 + 756, 14, 14 + 826)
    assert ratio == approx(5.283, abs=5e-4)
    assert lower == approx(3.007, abs=5e-4)
    assert upper == approx(9.284, abs=5e-4)


def test_relative_likelihood_is_one_for_equal_rates():
    ratio, lower, upper = relative_likelihood(300, 1000, 60, 200)
    assert ratio == approx(1.0)
    assert lower < 1 < upper
    assert lower * upper == approx(1.0)  # log-symmetric interval


def test_relative_likelihood_zero_cell_uses_haldane_correction():
    # Hand: 5/10 vs 0/10 -> corrected 5.5/11 vs 0.5/11 -> ratio 11;
    # SE(log) = sqrt(1/5.5 - 1/11 + 1/0.5 - 1/11) = sqrt(2); limits 11 * exp(-/+ 1.959964 sqrt 2)
    ratio, lower, upper = relative_likelihood(5, 10, 0, 10)
    spread = math.exp(1.959964 * math.sqrt(2))
    assert ratio == approx(11.0)
    assert (lower, upper) == approx((11 / spread, 11 * spread), rel=1e-6)
    # none appointed in either group: corrected 0.5/11 vs 0.5/11 -> 1, finite limits
    assert relative_likelihood(0, 10, 0, 10)[0] == approx(1.0)
    # every shortlisted applicant appointed counts as a zero cell too
    ratio, lower, upper = relative_likelihood(10, 10, 4, 10)
    assert lower < ratio < upper and all(math.isfinite(v) for v in (ratio, lower, upper))


def test_relative_likelihood_vectorised():
    ratios, lowers, uppers = relative_likelihood([73, 5, 0], [829, 10, 0], [14, 0, 1], [840, 10, 4])
    assert ratios[0] == approx(relative_likelihood(73, 829, 14, 840)[0])
    assert ratios[1] == approx(11.0)
    assert np.isnan(ratios[2]) and np.isnan(lowers[2]) and np.isnan(uppers[2])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((6, 5, 1, 5), "x_a must not exceed"),
        ((1, 5, -1, 5), "x_b must not be negative"),
        ((0, 0, 1, 5), "denominator is 0"),
    ],
)
def test_relative_likelihood_impossible_input_raises(args, message):
    with pytest.raises(ValueError, match=message):
        relative_likelihood(*args)


# ---------------------------------------------------------------- benchmark comparison


@pytest.mark.parametrize(
    ("polarity", "benchmark", "expected"),
    [
        ("high_is_good", 5.0, "better"),  # benchmark below the CI: area is higher
        ("high_is_good", 15.0, "worse"),
        ("high_is_good", 10.0, "similar"),
        ("high_is_good", 8.0, "similar"),  # benchmark on the limit is inside the CI
        ("high is good", 5.0, "better"),
        ("low_is_good", 5.0, "worse"),
        ("low is good", 15.0, "better"),
        ("low_is_good", 10.0, "similar"),
        ("no_judgement", 5.0, "higher"),
        ("no judgement", 15.0, "lower"),
        ("no_judgement", 10.0, "similar"),
    ],
)
def test_compare_to_benchmark_each_polarity(polarity, benchmark, expected):
    assert compare_to_benchmark(10.0, 8.0, 12.0, benchmark, polarity) == expected


@pytest.mark.parametrize(
    "args",
    [
        (None, 8.0, 12.0, 5.0),
        (10.0, float("nan"), 12.0, 5.0),
        (10.0, 8.0, None, 5.0),
        (10.0, 8.0, 12.0, None),
    ],
)
def test_compare_to_benchmark_missing_input_is_not_compared(args):
    assert compare_to_benchmark(*args, "high_is_good") == "not compared"


def test_compare_to_benchmark_vectorised_with_per_row_polarity():
    result = compare_to_benchmark(
        pd.Series([10.0, 10.0, 10.0, np.nan]),
        pd.Series([8.0, 8.0, 8.0, 8.0]),
        pd.Series([12.0, 12.0, 12.0, 12.0]),
        5.0,
        ["high_is_good", "low is good", "no_judgement", "high_is_good"],
    )
    assert list(result) == ["better", "worse", "higher", "not compared"]


def test_compare_to_benchmark_rejects_unknown_polarity():
    with pytest.raises(ValueError, match="polarity"):
        compare_to_benchmark(10.0, 8.0, 12.0, 5.0, "up is nice")


# ---------------------------------------------------------------- SII / RII

# PHE-TD testdata_SII, life expectancy by decile, decile 1 most deprived
AREA1 = [  # (value, population, standard error) by decile
    (75.933459, 7291, 1.638472),
    (78.344238, 7997, 1.578193),
    (83.836063, 6105, 1.513436),
    (83.637540, 7666, 1.775491),
    (80.465503, 5790, 1.701339),
    (81.115676, 6934, 1.564121),
    (81.693084, 5918, 1.368115),
    (84.190006, 5974, 1.400142),
    (80.595564, 7147, 2.432846),
    (86.289435, 7534, 1.566518),
]
AREA2 = [  # (value, population, standard error) by decile
    (70.548532, 21675, 0.229592),
    (71.571557, 20065, 0.259807),
    (72.486987, 19750, 0.299238),
    (73.519855, 24713, 0.160751),
    (73.146054, 20112, 0.791823),
    (76.158987, 19618, 0.778320),
    (78.654449, 22408, 0.399375),
    (80.564770, 19752, 0.279396),
    (80.854866, 18939, 0.229592),
    (79.971125, 19312, 0.351754),
]
AREA1_VALUES, AREA1_POPS, AREA1_SE = (list(column) for column in zip(*AREA1, strict=True))
AREA2_VALUES, AREA2_POPS, AREA2_SE = (list(column) for column in zip(*AREA2, strict=True))


def test_sii_and_rii_match_phe_test_data_deciles():
    # PHE-TD testdata_SII records 1 and 11 (default parameters)
    assert slope_index_of_inequality(AREA1_VALUES, AREA1_POPS) == approx((6.934616, 1.088818), abs=1e-6)
    assert slope_index_of_inequality(AREA2_VALUES, AREA2_POPS) == approx((12.547847, 1.180886), abs=1e-6)


def test_sii_and_rii_match_phe_test_data_quintiles():
    # PHE-TD testdata_SII records 61 and 66 ("testing quintiles": the first five deciles)
    assert slope_index_of_inequality(AREA1_VALUES[:5], AREA1_POPS[:5]) == approx((7.919334, 1.103712), abs=1e-6)
    assert slope_index_of_inequality(AREA2_VALUES[:5], AREA2_POPS[:5]) == approx((3.621556, 1.051389), abs=1e-6)


def test_sii_of_a_proportion_falling_with_affluence_is_negative():
    # PHE-TD testdata_SII record 91 (child obesity, proportions = count / population)
    counts = [7287, 6881, 5656, 4868, 4176, 3876, 3617, 3546, 3314, 2960]
    pops = [34353, 32112, 27715, 25372, 23889, 23260, 23180, 24193, 23609, 24488]
    sii, rii = slope_index_of_inequality(np.divide(counts, pops), pops)
    assert sii == approx(-0.107200, abs=1e-6)
    assert rii == approx(0.533402, abs=1e-6)


def test_sii_hand_example_linear_in_rank():
    # Hand: equal quintiles sit at ranks 0.1, 0.3, 0.5, 0.7, 0.9; values 10..50 are
    # exactly 5 + 50 x, so fitted(0) = 5 and fitted(1) = 55: SII = 50, RII = 11.
    sii, rii = slope_index_of_inequality([10, 20, 30, 40, 50], [100] * 5)
    assert sii == approx(50.0)
    assert rii == approx(11.0)
    # the same values reversed (worse in the least deprived) flip the sign
    assert slope_index_of_inequality([50, 40, 30, 20, 10], [100] * 5)[0] == approx(-50.0)


def test_sii_ci_matches_phe_simulation():
    # PHE-TD testdata_SII records 1, 11, 31: phe_sii draws 100,000 simulations, so its
    # limits carry Monte Carlo error (about 0.02 for area1); the analytic limit is exact.
    assert sii_ci(AREA1_VALUES, AREA1_POPS, AREA1_SE) == approx((3.127595, 10.758687), abs=0.06)
    assert sii_ci(AREA2_VALUES, AREA2_POPS, AREA2_SE) == approx((11.936156, 13.163020), abs=0.01)
    assert sii_ci(AREA2_VALUES, AREA2_POPS, AREA2_SE, 0.99) == approx((11.743648, 13.347204), abs=0.01)


@pytest.mark.parametrize(
    ("values", "pops", "message"),
    [
        ([], [], "at least two groups"),
        ([1.0], [10], "at least two groups"),
        ([1.0, 2.0], [10, 0], "population above 0"),
        ([1.0, None], [10, 10], "must not be missing"),
        ([1.0, 2.0], [10], "same length"),
    ],
)
def test_sii_rejects_bad_input(values, pops, message):
    with pytest.raises(ValueError, match=message):
        slope_index_of_inequality(values, pops)


def test_rii_is_nan_when_the_most_deprived_end_fits_zero():
    # Hand: equal thirds sit at ranks 1/6, 1/2, 5/6; values equal to their rank fit
    # y = x exactly, so fitted(0) = 0 and the ratio fitted(1) / fitted(0) is undefined.
    sii, rii = slope_index_of_inequality([1 / 6, 0.5, 5 / 6], [1, 1, 1])
    assert sii == approx(1.0)
    assert math.isnan(rii)


# ---------------------------------------------------------------- trend


def test_chi_square_for_trend_matches_r_prop_trend_test():
    # R: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82))
    #    X-squared = 8.2249, df = 1, p-value = 0.004132 (proportions fall)
    statistic, p_value, direction = chi_square_for_trend([83, 90, 129, 70], [86, 93, 136, 82])
    assert statistic == approx(8.2249, abs=5e-5)
    assert p_value == approx(0.004132, abs=5e-7)
    assert direction == -1


def test_recent_trend_rising_falling_flat():
    assert recent_trend([100, 120, 140, 160, 180], [1000] * 5) == "increasing"
    assert recent_trend([180, 160, 140, 120, 100], [1000] * 5) == "decreasing"
    assert recent_trend([100] * 5, [1000] * 5) == "no significant change"


def test_recent_trend_uses_the_998_level():
    # Hand: 50, 55, 60, 65, 70 of 500 each; p = 0.12, T = 950 - 0.12 * 7500 = 50,
    # Var = 0.12 * 0.88 * (27500 - 7500^2 / 2500) = 528, chi2 = 2500 / 528 = 4.73 (p ~ 0.03):
    # significant at 95%, not at 99.8%.
    x, n = [50, 55, 60, 65, 70], [500] * 5
    assert chi_square_for_trend(x, n)[0] == approx(2500 / 528)
    assert recent_trend(x, n) == "no significant change"
    assert recent_trend(x, n, confidence=0.95) == "increasing"


def test_recent_trend_only_looks_at_the_last_five_points():
    # a steep early rise followed by five flat points is no recent change
    assert recent_trend([10, 500, 100, 100, 100, 100, 100], [1000] * 7) == "no significant change"


def test_recent_trend_cannot_be_calculated():
    assert recent_trend([100, 120, 140, 160], [1000] * 4) == "cannot be calculated"
    assert recent_trend([], []) == "cannot be calculated"
    assert recent_trend([100, 120, 140, 160, 180], [1000, 1000, 0, 1000, 1000]) == ("cannot be calculated")
    assert recent_trend([100, 120, None, 160, 180], [1000] * 5) == "cannot be calculated"


def test_recent_trend_edge_cases():
    assert recent_trend([0] * 5, [1000] * 5) == "no significant change"  # no events at all
    with pytest.raises(ValueError, match="exceed"):
        recent_trend([100, 120, 140, 160, 1800], [1000] * 5)
    # rates may exceed their denominator; the Poisson version handles them
    assert recent_trend([1000, 1400, 1800, 2200, 2600], [1000] * 5, measure="rate") == ("increasing")


# ---------------------------------------------------------------- SII / RII simulated CIs


def test_simulated_sii_ci_matches_phe_sii():
    # PHE-TD testdata_SII records 1 and 11: phe_sii's simulated limits (100,000 draws)
    from pipelines.stats import sii_rii_simulated_ci

    z = 1.959964
    for values, pops, se, expected in (
        (AREA1_VALUES, AREA1_POPS, AREA1_SE, (3.127595, 10.758687)),
        (AREA2_VALUES, AREA2_POPS, AREA2_SE, (11.936156, 13.163020)),
    ):
        lower = np.subtract(values, np.multiply(se, z))
        upper = np.add(values, np.multiply(se, z))
        sii_lo, sii_up, rii_lo, rii_up = sii_rii_simulated_ci(values, pops, lower, upper)
        assert (sii_lo, sii_up) == approx(expected, abs=0.06)
        sii, rii = slope_index_of_inequality(values, pops)
        assert rii_lo < rii < rii_up
        # both limits come from the same draws, so they agree on significance
        assert (sii_lo > 0) == (rii_lo > 1)


def test_simulated_ci_on_the_logit_scale_stays_inside_0_1():
    from pipelines.stats import sii_rii_simulated_ci, wilson_ci

    x, n = np.array([30, 45, 60, 70, 90]), np.array([100] * 5)
    lower, upper = wilson_ci(x, n)
    sii_lo, sii_up, rii_lo, rii_up = sii_rii_simulated_ci(x / n, n, lower, upper, value_type="proportion")
    sii, rii = slope_index_of_inequality(x / n, n)
    assert sii_lo < sii < sii_up and -1 < sii_lo and sii_up < 1
    assert rii_lo < rii < rii_up
    # repeatable: the seed is fixed
    assert sii_rii_simulated_ci(x / n, n, lower, upper, value_type="proportion")[0] == sii_lo


# ---------------------------------------------------------------- log ratio trend


def test_log_ratio_trend_matches_weighted_least_squares():
    from pipelines.stats import log_ratio_trend

    ratios = np.array([1.60, 1.52, 1.41, 1.35, 1.22])
    lower, upper = ratios / 1.10, ratios * 1.10
    # reference: numpy's weighted polyfit (weights 1/SE) with the unscaled covariance
    se = (np.log(upper) - np.log(lower)) / (2 * 1.959964)
    coef, cov = np.polyfit(np.arange(1, 6), np.log(ratios), 1, w=1 / se, cov="unscaled")
    z = coef[0] / np.sqrt(cov[0, 0])
    assert abs(z) > 3.090232  # significant at 99.8% by the reference
    assert log_ratio_trend(ratios, lower, upper) == "decreasing"
    assert log_ratio_trend(ratios[::-1], lower[::-1], upper[::-1]) == "increasing"
    # the same ratios with wide intervals (few staff) are not a significant trend
    assert log_ratio_trend(ratios, ratios / 2, ratios * 2) == "no significant change"
    assert log_ratio_trend(ratios[:4], lower[:4], upper[:4]) == "cannot be calculated"
    assert log_ratio_trend([1.2, np.nan, 1.1, 1.0, 0.9], lower, upper) == "cannot be calculated"
