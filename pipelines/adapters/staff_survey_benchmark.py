"""NHS Staff Survey organisation-type ("benchmarking group") results: recognised, not loaded.

These sheets hold one row per benchmarking group (e.g. "Acute and Acute & Community
Trusts"), not per organisation. Such a row is no locality, and it could be a comparator
only if the layout were confirmed from the publisher's documentation, which it is not (see
`config/adapters/staff_survey_benchmark.yaml`). So every row is rejected with a reason that
names the file, the group and why, and the load says so once: the file is accounted for,
nothing is guessed.
"""

from __future__ import annotations

import pandas as pd

from pipelines.adapters.spec import normalise
from pipelines.adapters.staff_survey import OUTPUT_COLUMNS

WHY = (
    "its rows are benchmarking groups, not organisations, so they are no locality; and the "
    "publisher's layout for organisation-type results could not be confirmed from its documentation, "
    "so they are not loaded as comparators either"
)


def reshape(table, spec, context, match=None):
    from pipelines.adapters.run import Reshaped, fields_of

    fields, rejects = fields_of(table, spec)
    group_header = match.found.get("@group") if match is not None else None
    at = next((i for i, h in enumerate(table.headers) if group_header and normalise(h) == normalise(group_header)), 0)
    name = table.path.name
    where = f"{name}, sheet {table.sheet}" if table.sheet else name
    for index, values in enumerate(fields):
        if values is None:
            continue
        group = values[at].strip() if at < len(values) else ""
        label = f"'{group}'" if group else "a row with no group name"
        rejects.append((index, f"{name}: NHS Staff Survey organisation-type results ({label}): {WHY}"))
    note = f"{where}: NHS Staff Survey organisation-type (benchmarking group) results, not loaded: {WHY}"
    rows = pd.DataFrame(columns=OUTPUT_COLUMNS, dtype=object)
    return Reshaped(rows, rejects, set(table.headers), [note])
