"""Statistical disclosure control for published counts: primary and secondary suppression.

Pure pandas/numpy, no I/O. ``suppress`` flags the rows that must not be published and
says why; ``blank_suppressed`` then removes their numbers. A suppressed value is shown as
suppressed, never as zero, so the caller blanks it (NULL), it never writes 0.

Terms used here:

* a *table* is the set of rows that together make up one breakdown, identified by
  ``group_cols`` (e.g. indicator, period, area, characteristic); its rows are the groups
  of that characteristic, and their sum, the table total, may be published elsewhere.
  The total row itself must not be one of the rows of its table.
* *primary* suppression hides a small number: a numerator of 1 to threshold - 1, or a
  denominator of 1 to (min_denominator or threshold) - 1. Zero is published as zero.
* *complement* suppression hides a row whose denominator minus numerator is 1 to
  threshold - 1 (where both are published, the people NOT counted are a count too: 3 of a
  board of 12 not BME).
* *secondary* suppression hides one more row in any table that would otherwise have
  exactly one hidden row, because total minus the published rows would give it back;
  and one more while the hidden rows' counts add up to 1 to threshold - 1 (total minus
  the published rows would give that small sum back). Both numerator and denominator of
  a hidden row are hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["SECONDARY_REASON", "blank_suppressed", "suppress"]

SECONDARY_REASON = "secondary: protects a suppressed group in the same breakdown"


def _table_definitions(group_cols: Sequence[str] | Sequence[Sequence[str]]) -> list[list[str]]:
    if isinstance(group_cols, str):
        return [[group_cols]]
    cols = list(group_cols)
    if not cols or all(isinstance(c, str) for c in cols):
        return [cols]
    return [[c] if isinstance(c, str) else list(c) for c in cols]


def _counts(df: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.to_numeric(df[column], errors="raise").to_numpy(dtype=float, na_value=np.nan)
    if np.any(values < 0):
        raise ValueError(f"{column} has {int(np.sum(values < 0))} negative values")
    return values


def suppress(
    df: pd.DataFrame,
    group_cols: Sequence[str] | Sequence[Sequence[str]],
    *,
    threshold: int = 5,
    min_denominator: int | None = None,
    count_cols: Sequence[str] = ("numerator", "denominator"),
    complement: bool = True,
    totals_published: Sequence[bool] | None = None,
    keep: str | None = None,
) -> pd.DataFrame:
    """Return ``df`` with ``suppressed`` (bool) and ``suppression_reason`` (str or None).

    ``group_cols`` names the columns that identify a table (see the module docstring).
    Pass a list of such lists when the same rows also add up along another dimension
    (e.g. ``[[..., "area_code"], [..., "group_code"]]`` when localities sum to GM): the
    secondary rule is then applied to every definition until no table has a lone hidden
    row. ``count_cols`` is (numerator,) or (numerator, denominator); ``min_denominator``
    (e.g. 10 respondents for surveys) overrides ``threshold`` for the denominator.

    Primary: numerator 1..threshold-1 or denominator 1..(min_denominator or
    threshold)-1. Secondary: in a table with exactly one hidden row, hide the smallest
    other row (smallest denominator, then numerator), preferring non-empty rows with known
    counts. A one-row table cannot be protected this way: its row *is* the total, so it is
    hidden by primary suppression only and the caller must not publish that total either.
    Rows already flagged in an existing ``suppressed`` column stay suppressed, so calls can
    be layered. Missing counts are never primary-suppressed (there is nothing to show).
    ``complement`` also hides a row whose denominator minus numerator is small.
    ``totals_published`` says, per table definition, whether its total is published (default:
    all are): where it is, the hidden rows' counts must not add up to 1..threshold-1 either.
    ``keep`` names a boolean column of rows to hide last for protection (e.g. the two groups
    a relative likelihood compares, so an unknown group is hidden instead).
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    if min_denominator is not None and min_denominator < 1:
        raise ValueError("min_denominator must be at least 1")
    count_cols = [count_cols] if isinstance(count_cols, str) else list(count_cols)
    if len(count_cols) not in (1, 2):
        raise ValueError("count_cols is (numerator,) or (numerator, denominator)")
    tables = _table_definitions(group_cols)
    missing = [c for c in {*count_cols, *(c for t in tables for c in t)} if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in the data: {', '.join(sorted(missing))}")

    numerator = _counts(df, count_cols[0])
    denominator = _counts(df, count_cols[1]) if len(count_cols) == 2 else None
    denominator_floor = min_denominator or threshold

    reason = np.full(len(df), None, dtype=object)
    small_numerator = (numerator >= 1) & (numerator < threshold)
    reason[small_numerator] = f"primary: numerator 1-{threshold - 1}"
    if denominator is not None:
        small_denominator = (denominator >= 1) & (denominator < denominator_floor) & ~small_numerator
        reason[small_denominator] = (
            f"primary: fewer than {min_denominator} respondents"
            if min_denominator is not None
            else f"primary: denominator 1-{denominator_floor - 1}"
        )
        if complement:
            rest = denominator - numerator
            small_rest = (rest >= 1) & (rest < threshold) & pd.isna(reason)
            reason[small_rest] = f"complement: denominator minus numerator 1-{threshold - 1}"
    if "suppressed" in df.columns:
        already = df["suppressed"].fillna(False).to_numpy(dtype=bool)
        earlier = (
            df["suppression_reason"].to_numpy(dtype=object)
            if "suppression_reason" in df.columns
            else np.full(len(df), None, dtype=object)
        )
        earlier = np.where(pd.isna(earlier), "suppressed upstream", earlier)
        reason = np.where(already & pd.isna(reason), earlier, reason)
    suppressed = np.asarray(pd.notna(reason), dtype=bool)

    # Candidate order for secondary suppression: informative rows first, smallest first.
    size = denominator if denominator is not None else numerator
    known = ~np.isnan(numerator) & (~np.isnan(size))
    empty = np.nan_to_num(size, nan=0.0) <= 0
    preference = np.where(known & ~empty, 0, 1)
    if keep is not None:
        preference = preference + 2 * df[keep].fillna(False).to_numpy(dtype=bool)
    order_keys = (
        np.arange(len(df)),
        np.nan_to_num(numerator, nan=np.inf),
        np.nan_to_num(size, nan=np.inf),
        preference,
    )

    table_ids = [_table_ids(df, cols) for cols in tables]
    small_sums = [(np.nan_to_num(numerator), threshold)]
    if denominator is not None:
        small_sums.append((np.nan_to_num(denominator), denominator_floor))
    published = list(totals_published) if totals_published is not None else [True] * len(table_ids)
    if len(published) != len(table_ids):
        raise ValueError("totals_published needs one flag per table definition")
    changed = True
    while changed:
        changed = False
        for ids, total_shown in zip(table_ids, published, strict=True):
            picks = _secondary_picks(ids, suppressed, order_keys, small_sums if total_shown else ())
            if picks.size:
                suppressed[picks] = True
                reason[picks] = SECONDARY_REASON
                changed = True

    out = df.copy()
    out["suppressed"] = suppressed
    out["suppression_reason"] = pd.Series(reason, index=df.index, dtype=object)
    return out


def _table_ids(df: pd.DataFrame, cols: Sequence[str]) -> np.ndarray:
    """Which table each row belongs to: one id per distinct combination of `cols` (missing
    values count as a value), from each column's codes rather than a groupby (much faster;
    only which rows share an id matters, not the ids themselves)."""
    ids = np.zeros(len(df), dtype=np.int64)
    for col in cols:
        codes, uniques = pd.factorize(df[col], use_na_sentinel=False)
        ids, _ = pd.factorize(ids * (len(uniques) + 1) + codes)
    return ids.astype(np.int64)


def _secondary_picks(
    ids: np.ndarray,
    suppressed: np.ndarray,
    order_keys: tuple[np.ndarray, ...],
    small_sums: Sequence[tuple[np.ndarray, int]] = (),
) -> np.ndarray:
    """Positions of the one extra row to hide in each table with a lone hidden row, or
    whose hidden rows' counts add up to a small number (1 to its threshold - 1)."""
    if ids.size == 0:
        return np.empty(0, dtype=np.int64)
    n_tables = int(ids.max()) + 1
    hidden = np.bincount(ids, weights=suppressed, minlength=n_tables)
    rows = np.bincount(ids, minlength=n_tables)
    exposed = (hidden == 1) & (rows > 1)
    for counts, floor in small_sums:
        hidden_sum = np.bincount(ids, weights=np.where(suppressed, counts, 0.0), minlength=n_tables)
        exposed |= (hidden >= 1) & (hidden_sum >= 1) & (hidden_sum < floor) & (rows > hidden)
    candidates = np.flatnonzero(exposed[ids] & ~suppressed)
    if candidates.size == 0:
        return candidates
    keys = tuple(k[candidates] for k in order_keys) + (ids[candidates],)
    ordered = candidates[np.lexsort(keys)]
    _, first = np.unique(ids[ordered], return_index=True)
    return ordered[first]


def blank_suppressed(df: pd.DataFrame, value_cols: Sequence[str]) -> pd.DataFrame:
    """Copy of ``df`` with ``value_cols`` set to missing (NULL) on suppressed rows.

    Integer columns become nullable ``Int64`` so a hidden count is <NA>, never 0 or a float.
    """
    if "suppressed" not in df.columns:
        raise ValueError("no 'suppressed' column: call suppress() first")
    missing = [c for c in value_cols if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in the data: {', '.join(missing)}")
    hide = df["suppressed"].fillna(False).to_numpy(dtype=bool)
    out = df.copy()
    for col in value_cols:
        column = out[col]
        if pd.api.types.is_integer_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            column = column.astype("Int64" if not pd.api.types.is_bool_dtype(column) else "boolean")
        out[col] = column.mask(hide)
    return out
