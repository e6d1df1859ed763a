"""Colour-blind-safe colours (Okabe & Ito, 2008) and the words and symbols that go with them.

Colour is never the only signal: every comparison, RAG status and trend has a text label and
a symbol too, and each background is paired with a text colour that passes WCAG AA (4.5:1).
Charts use `SERIES_COLOURS` in order and `Swatch.marker` for the marker shape.
"""

from __future__ import annotations

from dataclasses import dataclass

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
SERIES_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["black"],
)
BENCHMARK_COLOUR = "#000000"  # GM or reference-group line on charts
CONFIDENCE_BAND_COLOUR = "rgba(0, 114, 178, 0.18)"  # translucent blue for CI bands
TEXT_COLOUR = "#1A1A1A"
MUTED_TEXT_COLOUR = "#4D4D4D"


@dataclass(frozen=True)
class Swatch:
    """How one status is shown: words first, then symbol, then colour."""

    label: str  # short word shown in cells and legends ("Worse")
    description: str  # longer text for captions and screen readers
    symbol: str  # a text symbol shown beside the word (hidden from screen readers)
    background: str
    text: str  # text colour on `background`, contrast >= 4.5:1
    marker: str  # plotly marker symbol for charts


COMPARISONS: dict[str, Swatch] = {
    "better": Swatch(
        "Better", "significantly better than the benchmark", "✔", OKABE_ITO["sky_blue"], TEXT_COLOUR, "circle"
    ),
    "similar": Swatch(
        "Similar", "not significantly different from the benchmark", "≈", "#E5E5E5", TEXT_COLOUR, "diamond"
    ),
    "worse": Swatch("Worse", "significantly worse than the benchmark", "✖", OKABE_ITO["orange"], TEXT_COLOUR, "x"),
    "higher": Swatch(
        "Higher",
        "significantly higher than the benchmark (no judgement)",
        "▲",
        OKABE_ITO["reddish_purple"],
        TEXT_COLOUR,
        "triangle-up",
    ),
    "lower": Swatch(
        "Lower", "significantly lower than the benchmark (no judgement)", "▼", "#EBCFE0", TEXT_COLOUR, "triangle-down"
    ),
    "not compared": Swatch(
        "Not compared", "not compared with the benchmark", "–", "#FFFFFF", MUTED_TEXT_COLOUR, "circle-open"
    ),
    # relative likelihoods, judged against the no-adverse-impact band (pipelines/judgements.py)
    "within band": Swatch(
        "Within band",
        "whole 95% CI inside the 0.80-1.25 band: no adverse impact",
        "✔",
        OKABE_ITO["sky_blue"],
        TEXT_COLOUR,
        "circle",
    ),
    "overlaps band": Swatch(
        "Overlaps band",
        "95% CI overlaps the 0.80-1.25 band: not clearly inside or outside",
        "≈",
        "#E5E5E5",
        TEXT_COLOUR,
        "diamond",
    ),
    "outside band (higher)": Swatch(
        "Outside band (higher)", "whole 95% CI above 1.25", "▲", OKABE_ITO["orange"], TEXT_COLOUR, "triangle-up"
    ),
    "outside band (lower)": Swatch(
        "Outside band (lower)", "whole 95% CI below 0.80", "▼", OKABE_ITO["orange"], TEXT_COLOUR, "triangle-down"
    ),
}

RAG: dict[str, Swatch] = {
    "green": Swatch("Met", "target met", "●", OKABE_ITO["bluish_green"], TEXT_COLOUR, "circle"),
    "amber": Swatch(
        "Nearly met",
        "within 10% of the target, which is inside the 95% CI",
        "◐",
        OKABE_ITO["yellow"],
        TEXT_COLOUR,
        "diamond",
    ),
    "red": Swatch("Not met", "target not met", "○", OKABE_ITO["vermillion"], TEXT_COLOUR, "x"),
    "not assessed": Swatch(
        "Not assessed",
        "not assessed against the target (e.g. suppressed)",
        "–",
        "#FFFFFF",
        MUTED_TEXT_COLOUR,
        "circle-open",
    ),
    "no target": Swatch("No target", "no target set", "–", "#FFFFFF", MUTED_TEXT_COLOUR, "circle-open"),
}

TRENDS: dict[str, tuple[str, str]] = {  # trend -> (arrow, words)
    "increasing": ("↑", "Increasing"),
    "decreasing": ("↓", "Decreasing"),
    "no significant change": ("→", "No significant change"),
    "cannot be calculated": ("–", "Not enough periods for a trend"),
    # published values that are not counts over a denominator (pipelines.published)
    "not tested": ("–", "Not tested (the published values are not counts over a denominator)"),
}

POLARITY_TEXT = {
    "high_is_good": "Higher is better",
    "low_is_good": "Lower is better",
    "closer_to_1": "Closer to 1.00 (equal) is better: 0.80 to 1.25 is no adverse impact",
    "no_judgement": "No judgement of better or worse",
}


def comparison_swatch(comparison: object) -> Swatch:
    """The swatch of a mart `comparison` value; unknown or missing (None, NaN) -> "not compared"."""
    text = comparison.strip().lower() if isinstance(comparison, str) else ""
    return COMPARISONS.get(text, COMPARISONS["not compared"])


def comparison_key(comparison: object) -> str:
    """The `COMPARISONS` key of a mart comparison ("not compared" when unknown or missing)."""
    swatch = comparison_swatch(comparison if isinstance(comparison, str) else None)
    return next(key for key, s in COMPARISONS.items() if s is swatch)


def rag_swatch(rag: object) -> Swatch:
    return RAG.get(rag.strip().lower() if isinstance(rag, str) else "", RAG["no target"])


def trend_text(trend: str | None, polarity: str | None = None) -> tuple[str, str]:
    """(arrow, words) for a trend, saying whether it is getting better when polarity allows."""
    arrow, words = TRENDS.get((trend or "").strip().lower(), TRENDS["cannot be calculated"])
    if trend in ("increasing", "decreasing") and polarity in ("high_is_good", "low_is_good"):
        better = (trend == "increasing") == (polarity == "high_is_good")
        words = f"{words}: getting {'better' if better else 'worse'}"
    return arrow, words


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


SUPPRESSED_FILL = "#D9D9D9"  # grey behind "Suppressed" cells; text stays #1A1A1A (AA)
