"""The hex map's text alternative: which localities are better, similar or worse than Greater Manchester."""

from __future__ import annotations

import pandas as pd

from dashboard.style.palette import COMPARISONS, comparison_key
from dashboard.style.words import join_names
from dashboard.warehouse.conventions import is_true


def map_summary(df: pd.DataFrame, *, benchmark_name: str = "Greater Manchester") -> list[str]:
    """Sentences describing the map: which localities are better, similar, worse (or
    higher / lower) than GM, and which are suppressed."""
    groups: dict[str, list[str]] = {}
    suppressed: list[str] = []
    for row in df.to_dict("records"):
        if is_true(row.get("suppressed")):
            suppressed.append(str(row["area_name"]))
            continue
        key = comparison_key(row.get("comparison"))
        groups.setdefault(key, []).append(str(row["area_name"]))
    sentences = []
    for key, swatch in COMPARISONS.items():
        names = groups.get(key)
        if not names:
            continue
        verb = "is" if len(names) == 1 else "are"
        if key == "not compared":
            sentences.append(f"{join_names(names)} {verb} not compared with {benchmark_name}.")
        else:
            description = swatch.description.replace("the benchmark", benchmark_name)
            sentences.append(f"{join_names(names)} {verb} {description}.")
    if suppressed:
        verb = "is" if len(suppressed) == 1 else "are"
        sentences.append(f"{join_names(suppressed)} {verb} suppressed (numbers too small to publish).")
    return sentences
