"""Fingertips "all data" CSV: the column map, then the indicator id, locality and area role.

A row is kept for a GM locality, for Greater Manchester itself, for a comparator named in
the mapping file (England, North West, ...), for one of GM's ten sub-ICB locations / CCGs
(placed in its locality by `config/adapters/lookups/sub_icb_locations.yaml`, the table the
GP Patient Survey adapter uses too) or for a GP practice the practice-to-locality lookup, or
else its parent sub-ICB location, places in a locality; any other area is rejected with the
reason, so every record is accounted for. One row per area and key (indicator, period, sex,
age, category): a district published under both `County & UA` and `District & UA`, or a
sub-ICB row beside its locality's own row, is rejected as a duplicate with the reason (the
first own row, or the local authority row, is used). Sex, age and category stay as
published: they are dimensions, never summed.
"""

from __future__ import annotations

from pipelines import reference as ref
from pipelines.adapters import HeaderMatch, areas
from pipelines.adapters.read import RawTable
from pipelines.adapters.run import AdapterContext, Reshaped, map_columns
from pipelines.adapters.spec import AdapterSpec


def reshape(table: RawTable, spec: AdapterSpec, context: AdapterContext, match: HeaderMatch) -> Reshaped:
    result = map_columns(table, spec, match)
    rows = result.rows
    prefix = spec.options.get("indicator_prefix", "FT")
    comparators = {str(k): v for k, v in (spec.options.get("comparators") or {}).items()}
    rows["indicator_code"] = [f"{prefix}{str(v).strip()}" if str(v).strip() else "" for v in rows["indicator_code"]]
    sub_icb = areas.sub_icb_table()
    keep, localities, sub_icb_rows = [], [], []
    for i, (code, kind, name, parent) in enumerate(
        zip(rows["area_code"], rows["area_type"], rows["area_name"], rows["parent_code"], strict=True)
    ):
        code = (code or "").strip()
        is_practice = "gp" in (kind or "").lower().split()
        record = int(rows["record"].iat[i])
        if code in ref.LOCALITY_NAMES or code == ref.GM_CODE:
            keep.append(i)
            localities.append(code)
        elif code in comparators:
            keep.append(i)
            localities.append(None)
        elif not is_practice and areas.is_sub_icb(code, kind):
            if sub_icb.find(code) is None:
                result.rejects.append((record, sub_icb.why_not(code, name)))
                continue
            keep.append(i)
            localities.append(sub_icb.locality(code))
            sub_icb_rows.append(len(keep) - 1)
        elif is_practice and (code.upper() in context.practice_localities or sub_icb.find(parent)):
            keep.append(i)
            localities.append(context.practice_localities.get(code.upper()) or sub_icb.locality(parent))
        else:
            if is_practice:
                why = (
                    f"GP practice {code} ({name}) is in no locality of the practice-to-locality lookup"
                    if context.practice_localities
                    else f"GP practice {code} ({name}): no practice-to-locality lookup supplied, so no locality"
                )
                if parent:
                    why += f", and its parent {parent} is not one of GM's sub-ICB locations"
            else:
                why = (
                    f"area {code} ({name}, {kind}) is outside Greater Manchester and not a comparator "
                    f"({', '.join(comparators.values()) or 'none configured'})"
                )
            result.rejects.append((record, why))
    keep, localities = _drop_duplicates(rows, keep, localities, sub_icb_rows, result)
    rows = rows.iloc[keep].copy()
    rows["locality_code"] = localities
    result.rows = rows
    return result


DIMENSIONS = ["indicator_code", "period", "sex", "age", "category_type", "category"]


def _drop_duplicates(rows, keep: list[int], localities: list, sub_icb_rows: list[int], result: Reshaped):
    """One row per area and key (indicator, period, sex, age, category): a metropolitan
    district is published under both `County & UA` and `District & UA`, and a sub-ICB location
    is its locality too. The first of an area's own rows is kept; a sub-ICB row gives way to the
    locality's own row; every other copy is rejected with the reason, never added."""
    key = rows[DIMENSIONS].fillna("").astype(str).apply(lambda c: c.str.strip())
    codes = [str(rows["area_code"].iat[i] or "").strip() for i in keep]
    sub = set(sub_icb_rows)
    # a sub-ICB row stands for its locality; every other row (locality, GM, comparator, GP
    # practice) for its own area
    target = [localities[j] if j in sub else codes[j] for j in range(len(keep))]
    order = [j for j in range(len(keep)) if j not in sub] + sorted(sub)  # own rows before sub-ICB rows
    first: dict[tuple, int] = {}
    drop = set()
    for j in order:
        k = (target[j], *key.iloc[keep[j]])
        if k not in first:
            first[k] = j
            continue
        earlier = first[k]
        i, kind = keep[j], str(rows["area_type"].iat[keep[j]] or "").strip()
        if j in sub:
            why = (
                f"sub-ICB location {codes[j]} duplicates {ref.LOCALITY_NAMES.get(target[j], target[j])}'s own row "
                "for the same indicator, period, sex, age and category; the local authority row is used"
            )
        else:
            seen = str(rows["area_type"].iat[keep[earlier]] or "").strip()
            same = str(rows["value"].iat[i]) == str(rows["value"].iat[keep[earlier]])
            why = (
                f"{codes[j]} ({kind or 'no area type'}) repeats its row for the same indicator, period, sex, age "
                f"and category already read under {seen or 'no area type'}"
                + ("" if same else f", with a different value ({rows['value'].iat[i]}); the first is used")
            )
        result.rejects.append((int(rows["record"].iat[i]), why))
        drop.add(j)
    return [k for j, k in enumerate(keep) if j not in drop], [x for j, x in enumerate(localities) if j not in drop]
