"""Every judgement a page shows, made once at build time, with the words that say it.

The rules come from the framework config (`config/framework.yaml`: the RAG rule, targets,
polarities, the no-adverse-impact band of relative likelihoods); the statistics come from
`pipelines.stats`. Each function takes arrays (one element per mart row) and returns the
judgement and its words, so the marts, the pages and the downloads all say the same thing.
Pure numpy, no I/O.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pipelines import stats

# --------------------------------------------------------------------- words and symbols

BETTER, WORSE, SIMILAR = "better", "worse", "similar"
NO_SIGNIFICANT_CHANGE, NO_CHANGE = "no significant change", "no change"
WITHIN_BAND, OVERLAPS_BAND = "within band", "overlaps band"
OUTSIDE_HIGHER, OUTSIDE_LOWER = "outside band (higher)", "outside band (lower)"
BAND_WORDS = (WITHIN_BAND, OVERLAPS_BAND, OUTSIDE_HIGHER, OUTSIDE_LOWER)
NOT_COMPARED = "not compared"
CLOSER_TO_ONE = "closer_to_1"  # polarity of relative likelihoods: 1.00 means equal
CHANGE_CONFIDENCE = 0.95
UP, DOWN, LEVEL = "▲", "▼", "→"


def decimals_for(measure_type: str | None) -> int:
    """Decimal places a value of this measure type is shown with (pages and downloads)."""
    return 2 if measure_type in ("ratio", "mean_score") else 0 if measure_type == "count" else 1


def change_unit(measure_type: str | None) -> str:
    return " points" if measure_type in ("proportion", "share") else ""


def _floats(*values: Any) -> list[np.ndarray]:
    return [np.atleast_1d(np.asarray(v, dtype=float)) for v in values]


# --------------------------------------------------------------------- ratio band


def band_comparison(lower: Any, upper: Any, band: tuple[float, float]) -> np.ndarray:
    """A relative likelihood's CI against the no-adverse-impact band (e.g. 0.80-1.25):
    whole CI inside -> 'within band'; whole CI above / below -> 'outside band (higher /
    lower)'; otherwise 'overlaps band'; no CI -> 'not compared'."""
    lo, up = _floats(lower, upper)
    low, high = band
    with np.errstate(invalid="ignore"):
        result = np.select(
            [np.isnan(lo) | np.isnan(up), (lo >= low) & (up <= high), lo > high, up < low],
            [NOT_COMPARED, WITHIN_BAND, OUTSIDE_HIGHER, OUTSIDE_LOWER],
            default=OVERLAPS_BAND,
        )
    return result.astype(object)


def band_words(comparison: str, band: tuple[float, float], gm_value: float | None = None) -> str:
    """Plain words for a band comparison, with GM's ratio as context."""
    low, high = band
    text = {
        WITHIN_BAND: f"Within the {low:.2f}-{high:.2f} band: the whole 95% CI shows no adverse impact",
        OVERLAPS_BAND: f"Overlaps the {low:.2f}-{high:.2f} band: not clearly inside or outside it",
        OUTSIDE_HIGHER: f"Outside the band (higher): the whole 95% CI is above {high:.2f}",
        OUTSIDE_LOWER: f"Outside the band (lower): the whole 95% CI is below {low:.2f}",
    }.get(comparison, "Not compared with the band")
    if gm_value is not None and np.isfinite(gm_value):
        text += f" (GM {gm_value:.2f})"
    return text


# --------------------------------------------------------------------- benchmark words


def comparison_words(comparison: str, benchmark_label: str) -> str:
    """ "Significantly worse than the local working-age population" etc."""
    if comparison in BAND_WORDS:
        return comparison
    return {
        BETTER: f"Significantly better than {benchmark_label}",
        WORSE: f"Significantly worse than {benchmark_label}",
        SIMILAR: f"Not significantly different from {benchmark_label}",
        "higher": f"Significantly higher than {benchmark_label}",
        "lower": f"Significantly lower than {benchmark_label}",
    }.get(comparison, "Not compared")


# --------------------------------------------------------------------- change since previous


def standard_error(value: Any, lower: Any, upper: Any, log_scale: bool = False) -> np.ndarray:
    """SE implied by a 95% CI ((upper - lower) / 3.92), on the log scale for ratios."""
    v, lo, up = _floats(value, lower, upper)
    if log_scale:
        with np.errstate(divide="ignore", invalid="ignore"):
            lo, up = np.log(np.where(lo > 0, lo, np.nan)), np.log(np.where(up > 0, up, np.nan))
    return np.asarray(stats.standard_error_from_ci(lo, up), dtype=float)


def change_verdicts(
    value: Any,
    lower: Any,
    upper: Any,
    previous_value: Any,
    previous_lower: Any,
    previous_upper: Any,
    polarity: str,
    measure_type: str,
) -> np.ndarray:
    """Change since the previous period: 'no change' when it rounds to zero at the
    precision shown; otherwise the difference of the two values (SEs from their 95% CIs,
    log scale for ratios) is tested at 95%: 'better' / 'worse' (by polarity; for ratios,
    closer to 1 is better), 'higher' / 'lower' (no judgement), else 'no significant
    change'. NULL (None) where either value is missing (suppressed or no earlier period)."""
    v, lo, up, pv, plo, pup = _floats(value, lower, upper, previous_value, previous_lower, previous_upper)
    log_scale = measure_type == "ratio"
    se_now = standard_error(v, lo, up, log_scale)
    se_before = standard_error(pv, plo, pup, log_scale)
    with np.errstate(divide="ignore", invalid="ignore"):
        now = np.log(v) if log_scale else v
        before = np.log(pv) if log_scale else pv
        z = (now - before) / np.sqrt(se_now**2 + se_before**2)
    missing = np.isnan(v) | np.isnan(pv)
    rounds_to_zero = np.round(v - pv, decimals_for(measure_type)) == 0
    significant = np.abs(z) > stats.z_for(CHANGE_CONFIDENCE)
    if polarity == CLOSER_TO_ONE:
        with np.errstate(divide="ignore", invalid="ignore"):
            good = np.abs(np.log(v)) < np.abs(np.log(pv))
    elif polarity == "high_is_good":
        good = v > pv
    else:
        good = v < pv
    if polarity in ("high_is_good", "low_is_good", CLOSER_TO_ONE):
        judged = np.where(good, BETTER, WORSE)
    else:
        judged = np.where(v > pv, "higher", "lower")
    result = np.where(significant, judged, NO_SIGNIFICANT_CHANGE).astype(object)
    result[rounds_to_zero] = NO_CHANGE
    result[missing] = None
    return result


def change_words(change: float | None, verdict: str | None, previous_period: str | None, measure_type: str) -> str:
    """ "▲ +0.4 points since 2023/24: got better"; the arrow is the direction of the number,
    the words only judge a significant change."""
    if verdict is None or change is None or not np.isfinite(change):
        return "Not comparable with the previous period"
    places = decimals_for(measure_type)
    since = f" since {previous_period}" if previous_period else ""
    if verdict == NO_CHANGE:
        return f"{LEVEL} No change{since}"
    arrow = UP if change > 0 else DOWN
    amount = f"{change:+,.{places}f}{change_unit(measure_type)}"
    tail = {
        BETTER: "got better",
        WORSE: "got worse",
        "higher": "significantly higher",
        "lower": "significantly lower",
    }.get(verdict, NO_SIGNIFICANT_CHANGE)
    return f"{arrow} {amount}{since}: {tail}"


# --------------------------------------------------------------------- RAG against targets


RAG_STATUSES = ("green", "amber", "red", "not assessed", "no target")


def rag_statuses(
    value: Any,
    lower: Any,
    upper: Any,
    *,
    target: float | None,
    target_range: tuple[float, float] | None,
    polarity: str,
    nearly_met_within: float,
) -> np.ndarray:
    """The framework's one RAG rule. Met: the value meets the target (or lies inside the
    target range). Nearly met: it misses, but by no more than `nearly_met_within` of the
    target (a fraction: 0.10 = 10%; for a range, of the nearer bound) AND the target is
    inside the 95% CI. Not met: otherwise. Not assessed: no value (e.g. suppressed)."""
    v, lo, up = _floats(value, lower, upper)
    n = v.size
    if target_range is None and (target is None or polarity not in ("high_is_good", "low_is_good")):
        return np.full(n, "no target", dtype=object)
    with np.errstate(invalid="ignore"):
        if target_range is not None:
            low, high = target_range
            green = (v >= low) & (v <= high)
            near = ((v < low) & (v >= low * (1 - nearly_met_within))) | (
                (v > high) & (v <= high * (1 + nearly_met_within))
            )
            ci_reaches = (up >= low) & (lo <= high)
        elif polarity == "high_is_good":
            green = v >= target
            near = v >= target - abs(target) * nearly_met_within
            ci_reaches = up >= target
        else:
            green = v <= target
            near = v <= target + abs(target) * nearly_met_within
            ci_reaches = lo <= target
    amber = near & ci_reaches
    return np.select([np.isnan(v), green, amber], ["not assessed", "green", "amber"], default="red").astype(object)


def rag_rule_words(nearly_met_within: float, labels: dict[str, str]) -> dict[str, str]:
    """The RAG rule in words, one line per status: the board key, the About page and every
    download print these."""
    pct = f"{nearly_met_within * 100:g}%"
    return {
        "green": f"{labels['green']}: the value meets the target (or lies inside the target range).",
        "amber": (
            f"{labels['amber']}: the value misses the target by no more than {pct} of it, "
            "and the target is inside the value's 95% confidence interval."
        ),
        "red": f"{labels['red']}: the value misses the target by more than {pct}, or its 95% confidence "
        "interval excludes the target.",
        "not assessed": f"{labels['not assessed']}: no value to assess (suppressed or no data).",
        "no target": f"{labels['no target']}: the framework sets no target for this KPI.",
    }


def target_words(
    target: float | None, target_range: tuple[float, float] | None, polarity: str, measure_type: str, unit: str
) -> str:
    """ "Target: 20.0% or more", "Target: 0.80 to 1.25", "No target"."""
    places = decimals_for(measure_type)
    suffix = "%" if unit == "%" else (f" {unit}" if unit and unit not in ("x", "score", "count") else "")
    if target_range is not None:
        low, high = target_range
        return f"Target: {low:.{places}f} to {high:.{places}f}"
    if target is None or polarity not in ("high_is_good", "low_is_good"):
        return "No target"
    side = "or more" if polarity == "high_is_good" else "or less"
    return f"Target: {target:,.{places}f}{suffix} {side}"


# --------------------------------------------------------------------- inequality verdict


def inequality_verdict(sii_lower: float, sii_upper: float, polarity: str) -> str:
    """A verdict only when the SII's CI excludes 0 (no inequality). The SII is the least
    deprived end minus the most deprived end, so a positive SII with 'higher is better'
    means the most deprived fare worse."""
    if not (np.isfinite(sii_lower) and np.isfinite(sii_upper)):
        return "cannot be calculated"
    if sii_lower <= 0 <= sii_upper:
        return "no significant inequality"
    higher_when_less_deprived = sii_lower > 0
    if polarity not in ("high_is_good", "low_is_good"):
        return (
            "significantly higher in less deprived areas"
            if higher_when_less_deprived
            else "significantly higher in more deprived areas"
        )
    deprived_worse = higher_when_less_deprived == (polarity == "high_is_good")
    return "most deprived fare significantly worse" if deprived_worse else "most deprived fare significantly better"


# --------------------------------------------------------------------- recent trend


def trend_words(trend: str, polarity: str, latest_value: float | None = None) -> str:
    """ "Increasing: getting better"; for a relative likelihood, whether it moves towards
    or away from 1.00 (equal); a trend is judged over the last five points at 99.8%."""
    if trend not in ("increasing", "decreasing"):
        return {
            NO_SIGNIFICANT_CHANGE: "No significant change over the last five periods",
        }.get(trend, "Not enough periods for a trend")
    words = trend.capitalize()
    if polarity in ("high_is_good", "low_is_good"):
        better = (trend == "increasing") == (polarity == "high_is_good")
        return f"{words}: getting {'better' if better else 'worse'}"
    if polarity == CLOSER_TO_ONE and latest_value is not None and np.isfinite(latest_value):
        towards = (trend == "increasing") == (latest_value < 1)
        return f"{words}: moving {'towards' if towards else 'away from'} 1.00 (equal)"
    return words
