"""Fingertips "all data" CSV: the column map, then the indicator id, locality and area role.

A row is kept for a GM locality, for Greater Manchester itself, for a comparator named in
the mapping file (England, North West, ...) or for a GP practice the practice-to-locality
lookup places in a locality; any other area is rejected with the reason, so every record is
accounted for. Sex, age and category stay as published: they are dimensions, never summed.
"""

from __future__ import annotations

from pipelines import reference as ref
from pipelines.adapters import HeaderMatch
from pipelines.adapters.read import RawTable
from pipelines.adapters.run import AdapterContext, Reshaped, map_columns
from pipelines.adapters.spec import AdapterSpec


def reshape(table: RawTable, spec: AdapterSpec, context: AdapterContext, match: HeaderMatch) -> Reshaped:
    result = map_columns(table, spec, match)
    rows = result.rows
    prefix = spec.options.get("indicator_prefix", "FT")
    comparators = {str(k): v for k, v in (spec.options.get("comparators") or {}).items()}
    rows["indicator_code"] = [f"{prefix}{str(v).strip()}" if str(v).strip() else "" for v in rows["indicator_code"]]
    keep, localities = [], []
    for i, (code, kind, name) in enumerate(zip(rows["area_code"], rows["area_type"], rows["area_name"], strict=True)):
        code = (code or "").strip()
        is_practice = "gp" in (kind or "").lower().split()
        if code in ref.LOCALITY_NAMES or code == ref.GM_CODE:
            keep.append(i)
            localities.append(code)
        elif code in comparators:
            keep.append(i)
            localities.append(None)
        elif is_practice and code.upper() in context.practice_localities:
            keep.append(i)
            localities.append(context.practice_localities[code.upper()])
        else:
            record = int(rows["record"].iat[i])
            if is_practice:
                why = (
                    f"GP practice {code} ({name}) is in no locality of the practice-to-locality lookup"
                    if context.practice_localities
                    else f"GP practice {code} ({name}): no practice-to-locality lookup supplied, so no locality"
                )
            else:
                why = (
                    f"area {code} ({name}, {kind}) is outside Greater Manchester and not a comparator "
                    f"({', '.join(comparators.values()) or 'none configured'})"
                )
            result.rejects.append((record, why))
    rows = rows.iloc[keep].copy()
    rows["locality_code"] = localities
    result.rows = rows
    return result
