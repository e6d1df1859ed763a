"""Indicator statistics: the Fingertips / PHE methods every mart uses, as pure functions.

No I/O and no state. Values, confidence limits, comparisons, inequality and trend follow
OHID's Fingertips technical guidance and the PHEindicatormethods R package, so a number
here can be checked against a published one.

Two calling conventions, on purpose:

* **Scalar calls** (plain numbers) return plain floats / strings and raise ``ValueError``
  with a readable message for impossible input (negative counts, numerator above its
  denominator for a proportion, a zero denominator, a missing value).
* **Vectorised calls** (lists, numpy arrays, pandas Series; the build passes whole
  columns) return numpy arrays. A row whose denominator is 0 or whose input is missing
  gets NaN limits instead of raising, so one empty group never stops a build; input that
  can only be a data error (a negative count, a numerator above its denominator for a
  proportion) still raises, naming how many rows are wrong.

``confidence`` is a fraction (0.95, 0.998); the percentages 95 and 99.8 are accepted too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as _sp

from pipelines.reference import ESP_2013

__all__ = [
    "ESP_2013",
    "chi_square_for_trend",
    "compare_to_benchmark",
    "dsr",
    "log_ratio_trend",
    "mean_ci",
    "proportion_value",
    "rate_ci",
    "recent_trend",
    "relative_likelihood",
    "sii_ci",
    "sii_rii_simulated_ci",
    "slope_index_of_inequality",
    "standard_error_from_ci",
    "wilson_ci",
    "z_for",
]

EXACT_POISSON_BELOW = 10  # PHE: exact Poisson limits below 10 events, Byar's from 10 up
DSR_MIN_TOTAL_COUNT = 10  # PHE: no DSR is published from fewer than 10 events
TREND_POINTS = 5  # Fingertips: recent trend over the last five points
TREND_CONFIDENCE = 0.998  # ... tested at the 99.8% level

POLARITIES = ("high_is_good", "low_is_good", "no_judgement")
_POLARITY_SPELLINGS = {
    "high_is_good": "high_is_good",
    "higher_is_better": "high_is_good",
    "high_is_better": "high_is_good",
    "low_is_good": "low_is_good",
    "lower_is_better": "low_is_good",
    "low_is_better": "low_is_good",
    "no_judgement": "no_judgement",
    "no_judgment": "no_judgement",
    "not_applicable": "no_judgement",
}

ArrayLike = Any  # scalar, sequence, numpy array or pandas Series


# --------------------------------------------------------------------------------------
# input handling shared by every function
# --------------------------------------------------------------------------------------


def _is_scalar(x: Any) -> bool:
    return x is None or (np.ndim(x) == 0 and not hasattr(x, "to_numpy"))


def _as_float(x: Any, name: str) -> np.ndarray:
    """Any scalar / sequence / Series as a float array; None and pd.NA become NaN."""
    if x is None:
        return np.array(np.nan)
    if hasattr(x, "to_numpy"):
        return x.to_numpy(dtype=float, na_value=np.nan)
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        pass
    objects = np.asarray(x, dtype=object)  # e.g. a list holding pd.NA
    try:
        return np.where(pd.isna(objects), np.nan, objects).astype(float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numeric, got {x!r}") from err


def _inputs(names: Sequence[str], values: Sequence[Any]) -> tuple[list[np.ndarray], bool]:
    """Broadcast inputs to float arrays; report whether every input was a scalar."""
    scalar = all(_is_scalar(v) for v in values)
    arrays = [_as_float(v, n) for n, v in zip(names, values, strict=True)]
    try:
        arrays = list(np.broadcast_arrays(*arrays))
    except ValueError as err:
        shapes = ", ".join(f"{n}{a.shape}" for n, a in zip(names, arrays, strict=True))
        raise ValueError(f"inputs have different lengths: {shapes}") from err
    if scalar:
        for n, a in zip(names, arrays, strict=True):
            if np.isnan(a):
                raise ValueError(f"{n} is missing")
    return arrays, scalar


def _bad_rows(mask: np.ndarray, scalar: bool, what: str) -> None:
    if np.any(mask):
        if scalar:
            raise ValueError(what)
        raise ValueError(f"{what} ({int(np.sum(mask))} of {mask.size} rows)")


def _check_counts(
    numerator: np.ndarray,
    denominator: np.ndarray,
    scalar: bool,
    *,
    numerator_name: str,
    bounded: bool,
) -> None:
    with np.errstate(invalid="ignore"):
        _bad_rows(numerator < 0, scalar, f"{numerator_name} must not be negative")
        _bad_rows(denominator < 0, scalar, "denominator must not be negative")
        if bounded:
            _bad_rows(numerator > denominator, scalar, f"{numerator_name} must not exceed the denominator")
    if scalar and denominator == 0:
        raise ValueError("denominator is 0: the value is undefined")


def _out(scalar: bool, *arrays: np.ndarray) -> Any:
    if scalar:
        values = tuple(float(a) for a in arrays)
    else:
        values = tuple(np.asarray(a, dtype=float) for a in arrays)
    return values if len(values) > 1 else values[0]


def _confidence(confidence: float) -> float:
    c = float(confidence)
    if 1 < c < 100:
        c = c / 100
    if not 0 < c < 1:
        raise ValueError(f"confidence must be between 0 and 1 (or a percentage), got {confidence}")
    return c


# --------------------------------------------------------------------------------------
# building blocks
# --------------------------------------------------------------------------------------


def z_for(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile: 1.959964 for 95%, 3.090232 for 99.8%."""
    c = _confidence(confidence)
    return float(_sp.norm.ppf(0.5 + c / 2))


def standard_error_from_ci(lower: ArrayLike, upper: ArrayLike, confidence: float = 0.95) -> Any:
    """Standard error implied by a symmetric CI, (upper - lower) / (2 z) (Fingertips: / 3.92)."""
    (lo, up), scalar = _inputs(("lower", "upper"), (lower, upper))
    return _out(scalar, (up - lo) / (2 * z_for(confidence)))


def proportion_value(numerator: ArrayLike, denominator: ArrayLike) -> Any:
    """Numerator / denominator on a 0-1 scale; NaN where a vectorised denominator is 0."""
    (x, n), scalar = _inputs(("numerator", "denominator"), (numerator, denominator))
    _check_counts(x, n, scalar, numerator_name="numerator", bounded=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(n > 0, x / np.where(n > 0, n, 1), np.nan)
    return _out(scalar, p)


def _poisson_limits(count: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Limits for an observed count: exact Poisson below 10, Byar's approximation from 10."""
    z = z_for(confidence)
    alpha = 1 - _confidence(confidence)
    shape = np.shape(count)
    count = np.atleast_1d(np.asarray(count, dtype=float))
    small = count < EXACT_POISSON_BELOW
    # Byar's approximation (Breslow & Day 1987), evaluated where count >= 10.
    xb = np.where(small, float(EXACT_POISSON_BELOW), count)
    lower = xb * (1 - 1 / (9 * xb) - z / (3 * np.sqrt(xb))) ** 3
    upper = (xb + 1) * (1 - 1 / (9 * (xb + 1)) + z / (3 * np.sqrt(xb + 1))) ** 3
    # Exact limits (Garwood 1936), the gamma form of chi2(2x)/2 and chi2(2x+2)/2, only
    # for the few small counts: gamma quantiles are slow on millions of rows.
    xs = count[small]
    lower[small] = np.where(xs > 0, _sp.gamma.ppf(alpha / 2, np.where(xs > 0, xs, 1.0)), 0.0)
    upper[small] = _sp.gamma.ppf(1 - alpha / 2, xs + 1)
    missing = np.isnan(count)
    lower, upper = np.where(missing, np.nan, lower), np.where(missing, np.nan, upper)
    return lower.reshape(shape), upper.reshape(shape)


# --------------------------------------------------------------------------------------
# confidence intervals
# --------------------------------------------------------------------------------------


def wilson_ci(numerator: ArrayLike, denominator: ArrayLike, confidence: float = 0.95) -> Any:
    """Wilson score interval of a proportion, 0-1 scale (Wilson 1927; Newcombe 1998; PHE guide).

    Returns ``(lower, upper)``. Vectorised rows with denominator 0 or missing input give NaN.
    """
    (x, n), scalar = _inputs(("numerator", "denominator"), (numerator, denominator))
    _check_counts(x, n, scalar, numerator_name="numerator", bounded=True)
    z = z_for(confidence)
    valid = n > 0
    ns = np.where(valid, n, 1.0)
    xs = np.where(valid, x, 0.0)
    p = xs / ns
    with np.errstate(invalid="ignore"):
        spread = z * np.sqrt(z**2 + 4 * xs * (1 - p))
    lower = (2 * xs + z**2 - spread) / (2 * (ns + z**2))
    upper = (2 * xs + z**2 + spread) / (2 * (ns + z**2))
    lower = np.where(valid, np.clip(lower, 0.0, 1.0), np.nan)
    upper = np.where(valid, np.clip(upper, 0.0, 1.0), np.nan)
    return _out(scalar, lower, upper)


def rate_ci(
    count: ArrayLike,
    denominator: ArrayLike,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> Any:
    """CI of a crude rate: exact Poisson below 10 events, Byar's method from 10 (PHE guide).

    Returns ``(lower, upper)`` per ``multiplier`` of the denominator. A count may exceed its
    denominator (admissions per person). Vectorised rows with denominator 0 give NaN.
    """
    (x, n), scalar = _inputs(("count", "denominator"), (count, denominator))
    _check_counts(x, n, scalar, numerator_name="count", bounded=False)
    lower, upper = _poisson_limits(x, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(n > 0, multiplier / np.where(n > 0, n, 1.0), np.nan)
    return _out(scalar, lower * scale, upper * scale)


def mean_ci(mean: ArrayLike, sd: ArrayLike, n: ArrayLike, confidence: float = 0.95) -> Any:
    """CI of a mean score, mean +/- t(n-1) * sd / sqrt(n) (Student's t, as PHEindicatormethods).

    Returns ``(lower, upper)``. Needs n >= 2; vectorised rows with n < 2 give NaN.
    """
    (m, s, k), scalar = _inputs(("mean", "sd", "n"), (mean, sd, n))
    with np.errstate(invalid="ignore"):
        _bad_rows(s < 0, scalar, "sd must not be negative")
        _bad_rows(k < 0, scalar, "n must not be negative")
    if scalar and k < 2:
        raise ValueError("n must be at least 2 for a confidence interval of a mean")
    c = _confidence(confidence)
    valid = k >= 2
    ks = np.where(valid, k, 2.0)
    half = _sp.t.ppf(0.5 + c / 2, ks - 1) * s / np.sqrt(ks)
    return _out(scalar, np.where(valid, m - half, np.nan), np.where(valid, m + half, np.nan))


def dsr(
    counts: ArrayLike,
    populations: ArrayLike,
    standard_populations: Sequence[float] = ESP_2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    min_total_count: int = DSR_MIN_TOTAL_COUNT,
) -> Any:
    """Directly standardised rate with Dobson's CI (Dobson et al. 1991; PHE DSR guidance).

    ``counts`` and ``populations`` hold one value per standard age band (19 for the 2013
    European Standard Population); a 2-D input is several areas, one per row, and gives
    arrays. Returns ``(value, lower, upper)`` per ``multiplier``. Event-count limits are
    Byar's, or exact Poisson below 10. Like Fingertips, no DSR is produced from fewer than
    ``min_total_count`` events (10): all three are NaN then; pass 0 to compute anyway
    (with no events at all the value is 0 and Dobson's limits, undefined, are NaN).
    A 1-D call raises on a missing count or a population <= 0; a 2-D call gives NaN rows.
    """
    weights = _as_float(standard_populations, "standard_populations")
    x = _as_float(counts, "counts")
    n = _as_float(populations, "populations")
    if x.ndim not in (1, 2) or x.shape != n.shape:
        raise ValueError(f"counts {x.shape} and populations {n.shape} must have the same 1-D or 2-D shape")
    if weights.ndim != 1 or x.shape[-1] != weights.size:
        raise ValueError(f"got {x.shape[-1]} age bands but {weights.size} standard population bands")
    if np.any(weights < 0) or not np.all(np.isfinite(weights)) or weights.sum() <= 0:
        raise ValueError("standard populations must be non-negative with a positive total")
    one_area = x.ndim == 1
    with np.errstate(invalid="ignore"):
        _bad_rows(x < 0, one_area, "counts must not be negative")
    if one_area:
        if np.any(np.isnan(x)):
            raise ValueError("counts contain missing values: give bands with no events as 0")
        if np.any(~(n > 0)):
            raise ValueError("every age band needs a population above 0")
    x2, n2 = np.atleast_2d(x), np.atleast_2d(n)
    valid = np.all(n2 > 0, axis=1) & ~np.any(np.isnan(x2), axis=1)
    ns = np.where(valid[:, None], n2, 1.0)
    xs = np.where(valid[:, None], x2, 0.0)
    total_weight = weights.sum()
    rate = (xs * weights / ns).sum(axis=1) / total_weight
    var_rate = (xs * (weights / ns) ** 2).sum(axis=1) / total_weight**2
    total = xs.sum(axis=1)
    low_count, high_count = _poisson_limits(total, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.where(total > 0, np.sqrt(var_rate / np.where(total > 0, total, 1.0)), np.nan)
    lower = rate + spread * (low_count - total)
    upper = rate + spread * (high_count - total)
    keep = valid & (total >= min_total_count)
    result = [np.where(keep, v * multiplier, np.nan) for v in (rate, lower, upper)]
    if one_area:
        return tuple(float(v[0]) for v in result)
    return tuple(result)


def relative_likelihood(
    x_a: ArrayLike,
    n_a: ArrayLike,
    x_b: ArrayLike,
    n_b: ArrayLike,
    confidence: float = 0.95,
) -> Any:
    """(x_a/n_a) / (x_b/n_b) with a log-method CI (Katz et al. 1978), as WRES/WDES ratios.

    Returns ``(ratio, lower, upper)``. When any cell of the 2x2 table is zero (no events,
    or all events, in either group) 0.5 is added to each cell (Haldane-Anscombe; n + 1) and
    the ratio *and* its limits are computed from the corrected table, so the answer is
    always finite and the ratio always lies inside its interval. Impossible input
    (negative, x > n) raises; n = 0 raises for a scalar call and gives NaN rows otherwise.
    """
    (a, na, b, nb), scalar = _inputs(("x_a", "n_a", "x_b", "n_b"), (x_a, n_a, x_b, n_b))
    _check_counts(a, na, scalar, numerator_name="x_a", bounded=True)
    _check_counts(b, nb, scalar, numerator_name="x_b", bounded=True)
    valid = (na > 0) & (nb > 0)
    with np.errstate(invalid="ignore"):
        zero_cell = (a == 0) | (a == na) | (b == 0) | (b == nb)
    correction = np.where(zero_cell, 0.5, 0.0)
    a2, b2 = a + correction, b + correction
    na2 = np.where(valid, na + 2 * correction, 1.0)
    nb2 = np.where(valid, nb + 2 * correction, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(a2 / na2) - np.log(b2 / nb2)
        se = np.sqrt(1 / a2 - 1 / na2 + 1 / b2 - 1 / nb2)
    z = z_for(confidence)
    ratio = np.where(valid, np.exp(log_ratio), np.nan)
    lower = np.where(valid, np.exp(log_ratio - z * se), np.nan)
    upper = np.where(valid, np.exp(log_ratio + z * se), np.nan)
    return _out(scalar, ratio, lower, upper)


# --------------------------------------------------------------------------------------
# comparison, inequality, trend
# --------------------------------------------------------------------------------------


def _polarity(polarity: str) -> str:
    key = str(polarity).strip().lower().replace("-", "_").replace(" ", "_")
    if key not in _POLARITY_SPELLINGS:
        raise ValueError(f"polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}")
    return _POLARITY_SPELLINGS[key]


def compare_to_benchmark(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    benchmark: ArrayLike,
    polarity: str | Sequence[str],
) -> Any:
    """Fingertips comparison: significant when the benchmark lies outside [lower, upper].

    Returns "better" / "similar" / "worse" (polarity high_is_good or low_is_good),
    "higher" / "similar" / "lower" (no_judgement), or "not compared" when any input is
    missing. Array inputs (and a per-row polarity) give a numpy array of strings.
    """
    arrays, scalar = _comparison_inputs(value, lower, upper, benchmark)
    v, lo, up, bench = arrays
    if isinstance(polarity, str):
        polarities = np.asarray(_polarity(polarity), dtype=object)
    else:  # one spelling check per distinct polarity, not per row
        given = np.asarray(polarity, dtype=object)
        spelled = {p: _polarity(p) for p in set(given.ravel().tolist())}
        polarities = np.array([spelled[p] for p in given.ravel().tolist()], dtype=object).reshape(given.shape)
    missing = np.isnan(v) | np.isnan(lo) | np.isnan(up) | np.isnan(bench)
    with np.errstate(invalid="ignore"):
        higher = bench < lo
        lower_ = bench > up
    judged_high = polarities == "high_is_good"
    judged_low = polarities == "low_is_good"
    result = np.select(
        [
            missing,
            higher & judged_high,
            higher & judged_low,
            higher,
            lower_ & judged_high,
            lower_ & judged_low,
            lower_,
        ],
        ["not compared", "better", "worse", "higher", "worse", "better", "lower"],
        default="similar",
    ).astype(object)
    if scalar and isinstance(polarity, str):
        return str(result.item())
    return result


def _comparison_inputs(*values: Any) -> tuple[list[np.ndarray], bool]:
    scalar = all(_is_scalar(v) for v in values)
    arrays = np.broadcast_arrays(*(_as_float(v, "comparison input") for v in values))
    return list(arrays), scalar


def _deprivation_fit(values: ArrayLike, populations: ArrayLike) -> tuple[np.ndarray, ...]:
    y = _as_float(values, "values")
    pop = _as_float(populations, "populations")
    if y.ndim != 1 or y.shape != pop.shape:
        raise ValueError("values and populations must be 1-D and the same length")
    if y.size < 2:
        raise ValueError("the slope index of inequality needs at least two groups (PHE: 5-100)")
    if np.any(np.isnan(y)) or np.any(np.isnan(pop)):
        raise ValueError("values and populations must not be missing for any group")
    if np.any(pop <= 0):
        raise ValueError("every group needs a population above 0")
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2  # midpoint of each group's cumulative population
    mean_rank = np.sum(share * rank)
    spread = np.sum(share * (rank - mean_rank) ** 2)
    coefficients = share * (rank - mean_rank) / spread  # slope = sum(coefficients * y)
    slope = float(np.sum(coefficients * y))
    intercept = float(np.sum(share * y) - slope * mean_rank)
    return y, coefficients, np.array(slope), np.array(intercept)


def slope_index_of_inequality(values: ArrayLike, populations: ArrayLike) -> tuple[float, float]:
    """SII and RII by population-weighted regression on relative rank (PHE phe_sii method).

    Groups are ordered most deprived first (IMD quintile 1 first), so rank 0 is the most
    deprived end. Returns ``(sii, rii)``: SII = fitted(least deprived, x=1) - fitted(most
    deprived, x=0); RII = fitted(x=1) / fitted(x=0), NaN when fitted(x=0) is 0.
    """
    _, _, slope, intercept = _deprivation_fit(values, populations)
    sii = float(slope)
    rii = float((intercept + slope) / intercept) if intercept != 0 else float("nan")
    return sii, rii


def sii_ci(
    values: ArrayLike,
    populations: ArrayLike,
    standard_errors: ArrayLike,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """CI of the SII, sii +/- z * sqrt(sum c_i^2 se_i^2) (the exact limit of phe_sii's simulation).

    ``standard_errors`` are each group's, e.g. ``standard_error_from_ci(lower, upper)``.
    Untransformed values only; no CI is given for the RII.
    """
    _, coefficients, slope, _ = _deprivation_fit(values, populations)
    se = _as_float(standard_errors, "standard_errors")
    if se.shape != coefficients.shape or np.any(np.isnan(se)) or np.any(se < 0):
        raise ValueError("standard_errors must be one non-negative value per group")
    half = z_for(confidence) * float(np.sqrt(np.sum(coefficients**2 * se**2)))
    return float(slope) - half, float(slope) + half


SII_REPETITIONS = 100_000  # phe_sii's default number of simulations
_TRANSFORMS = {  # value type -> (to the scale the draws are normal on, back)
    "normal": (lambda v: v, lambda t: t),
    "rate": (np.log, np.exp),
    "proportion": (lambda p: np.log(p / (1 - p)), lambda t: 1 / (1 + np.exp(-t))),
}


def sii_rii_simulated_ci(
    values: ArrayLike,
    populations: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    *,
    value_type: str = "normal",
    confidence: float = 0.95,
    repetitions: int = SII_REPETITIONS,
    seed: int = 20130101,
) -> tuple[float, float, float, float]:
    """CIs of the SII and the RII by simulation, as PHEindicatormethods' phe_sii: each
    group's value is drawn from a normal distribution with the SE implied by its 95% CI
    (on the log scale for rates, logit for proportions on a 0-1 scale), the regression on
    relative rank is refitted for every draw, and the limits are the draws' quantiles.

    Returns ``(sii_lower, sii_upper, rii_lower, rii_upper)``. A fixed seed makes a build
    repeatable.
    """
    if value_type not in _TRANSFORMS:
        raise ValueError(f"value_type must be one of {', '.join(_TRANSFORMS)}, got {value_type!r}")
    forward, back = _TRANSFORMS[value_type]
    _, coefficients, _, _ = _deprivation_fit(values, populations)
    y, lo, up = (_as_float(a, name) for a, name in ((values, "values"), (lower, "lower"), (upper, "upper")))
    pop = _as_float(populations, "populations")
    if lo.shape != y.shape or up.shape != y.shape or np.any(np.isnan(lo)) or np.any(np.isnan(up)):
        raise ValueError("lower and upper limits must be given for every group")
    with np.errstate(divide="ignore", invalid="ignore"):
        centre, t_lo, t_up = forward(y), forward(lo), forward(up)
    if not (np.all(np.isfinite(centre)) and np.all(np.isfinite(t_lo)) and np.all(np.isfinite(t_up))):
        raise ValueError(f"values and limits must be inside the range a {value_type} value can take")
    se = (t_up - t_lo) / (2 * z_for(0.95))  # limits given are 95%, whatever level is asked for
    draws = back(np.random.default_rng(seed).normal(centre, se, size=(int(repetitions), y.size)))
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2
    slopes = draws @ coefficients
    intercepts = draws @ share - slopes * np.sum(share * rank)
    with np.errstate(divide="ignore", invalid="ignore"):
        riis = (intercepts + slopes) / intercepts
    tail = (1 - _confidence(confidence)) / 2 * 100
    sii_lo, sii_up = np.percentile(slopes, [tail, 100 - tail])
    rii_lo, rii_up = np.nanpercentile(riis, [tail, 100 - tail])
    return float(sii_lo), float(sii_up), float(rii_lo), float(rii_up)


def log_ratio_trend(
    ratios: ArrayLike, lower: ArrayLike, upper: ArrayLike, *, confidence: float = TREND_CONFIDENCE
) -> str:
    """Recent trend of a relative likelihood: the slope of log(ratio) over the last five
    points, each weighted by its inverse variance (SE from its 95% CI on the log scale),
    tested at 99.8% (a z test of the weighted least-squares slope).

    Returns "increasing", "decreasing", "no significant change" or "cannot be calculated"
    (fewer than five points, or a missing or non-positive ratio or limit among them).
    """
    r, lo, up = (np.atleast_1d(_as_float(a, n)) for a, n in ((ratios, "ratios"), (lower, "lower"), (upper, "upper")))
    if not (r.shape == lo.shape == up.shape):
        raise ValueError("ratios, lower and upper must be the same length")
    if r.size < TREND_POINTS:
        return "cannot be calculated"
    r, lo, up = r[-TREND_POINTS:], lo[-TREND_POINTS:], up[-TREND_POINTS:]
    if np.any(~np.isfinite(r)) or np.any(~np.isfinite(lo)) or np.any(~np.isfinite(up)):
        return "cannot be calculated"
    if np.any(r <= 0) or np.any(lo <= 0) or np.any(up <= lo):
        return "cannot be calculated"
    y = np.log(r)
    weight = 1 / standard_error_from_ci(np.log(lo), np.log(up)) ** 2
    t = np.arange(1, TREND_POINTS + 1, dtype=float)
    t_mean = np.sum(weight * t) / weight.sum()
    spread = np.sum(weight * (t - t_mean) ** 2)
    slope = np.sum(weight * (t - t_mean) * y) / spread
    z = slope / np.sqrt(1 / spread)
    if abs(z) <= z_for(confidence):
        return "no significant change"
    return "increasing" if slope > 0 else "decreasing"


def chi_square_for_trend(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    measure: str = "proportion",
) -> tuple[float, float, int]:
    """Chi-square test for linear trend over equally spaced points (Armitage 1955; prop.trend.test).

    ``measure="proportion"`` uses binomial variance; ``"rate"`` the Poisson score test for
    trend in rates (Breslow & Day 1987). Returns ``(chi_square, p_value, direction)`` with
    direction +1 rising, -1 falling, 0 flat. No events at all (or every trial an event)
    is a flat series: (0.0, 1.0, 0).
    """
    (x, n), _ = _inputs(("numerators", "denominators"), (numerators, denominators))
    if x.ndim != 1:
        raise ValueError("numerators and denominators must be 1-D series")
    if np.any(np.isnan(x)) or np.any(np.isnan(n)) or np.any(n <= 0):
        raise ValueError("every point needs a numerator and a denominator above 0")
    if measure not in ("proportion", "rate"):
        raise ValueError(f"measure must be 'proportion' or 'rate', got {measure!r}")
    _check_counts(x, n, False, numerator_name="numerator", bounded=measure == "proportion")
    score = np.arange(1, x.size + 1, dtype=float)
    total_n = n.sum()
    p = x.sum() / total_n
    variance_factor = p * (1 - p) if measure == "proportion" else p
    spread = np.sum(n * score**2) - np.sum(n * score) ** 2 / total_n
    variance = variance_factor * spread
    if variance <= 0:
        return 0.0, 1.0, 0
    departure = np.sum(x * score) - p * np.sum(n * score)
    statistic = float(departure**2 / variance)
    return statistic, float(_sp.chi2.sf(statistic, 1)), int(np.sign(departure))


def recent_trend(
    numerators: ArrayLike,
    denominators: ArrayLike,
    *,
    measure: str = "proportion",
    confidence: float = TREND_CONFIDENCE,
) -> str:
    """Fingertips recent trend: chi-square test for trend on the last five points at 99.8%.

    Points are in time order, oldest first. Returns "increasing", "decreasing",
    "no significant change", or "cannot be calculated" (fewer than five points, or a
    missing value or zero denominator among the last five).
    """
    x = np.atleast_1d(_as_float(numerators, "numerators"))
    n = np.atleast_1d(_as_float(denominators, "denominators"))
    if x.shape != n.shape:
        raise ValueError(f"got {x.size} numerators but {n.size} denominators")
    if x.size < TREND_POINTS:
        return "cannot be calculated"
    x, n = x[-TREND_POINTS:], n[-TREND_POINTS:]
    if np.any(np.isnan(x)) or np.any(np.isnan(n)) or np.any(n == 0):
        return "cannot be calculated"
    _, p_value, direction = chi_square_for_trend(x, n, measure=measure)
    if direction == 0 or p_value >= 1 - _confidence(confidence):
        return "no significant change"
    return "increasing" if direction > 0 else "decreasing"
