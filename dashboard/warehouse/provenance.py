"""Whether the data on screen is real or synthetic: read from the warehouse, never a setting.

The build records it (`builds.synthetic`, true when the source folder held the generator's
README_SYNTHETIC.txt marker or `--synthetic` was passed). Every page shows the notice, and
every download carries it, unless the latest build says the data is real. A warehouse built
before the column existed says nothing either way: it is "not marked", and gets a notice too,
since nothing vouches that its data is real.
"""

from __future__ import annotations

from typing import Literal

from dashboard.warehouse.cache import warehouse_cached
from dashboard.warehouse.db import query

DataOrigin = Literal["synthetic", "real", "not marked"]

SYNTHETIC_NOTICE = "Synthetic demo data — not real people."
NOT_MARKED_NOTICE = "Data not marked as real — this warehouse does not record whether it is synthetic demo data."


@warehouse_cached
def data_origin() -> DataOrigin:
    """ "synthetic" or "real" as the latest build records it; "not marked" when it does not."""
    has_flag = query(
        "SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'builds' AND column_name = ?",
        ["synthetic"],
    )["n"].iloc[0]
    if not has_flag:
        return "not marked"
    latest = query(
        "SELECT synthetic FROM builds ORDER BY finished_at DESC NULLS LAST, started_at DESC NULLS LAST LIMIT 1"
    )
    if latest.empty or latest["synthetic"].isna().iloc[0]:
        return "not marked"
    return "synthetic" if bool(latest["synthetic"].iloc[0]) else "real"


def origin_notice() -> str | None:
    """The sentence every page and download of this data must carry; None for real data."""
    return {"synthetic": SYNTHETIC_NOTICE, "not marked": NOT_MARKED_NOTICE}.get(data_origin())
