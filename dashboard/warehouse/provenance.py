"""Whether the data on screen is real or synthetic: read from the warehouse, never a setting.

The build records it (`builds.synthetic`, true when the source folder held the generator's
README_SYNTHETIC.txt marker or `--synthetic` was passed). Every page shows the notice, and
every download carries it, unless the latest build says the data is real. A warehouse built
before the column existed says nothing either way: it is "not marked", and gets a notice too,
since nothing vouches that its data is real.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal
from urllib.parse import urlsplit

import pandas as pd

from dashboard.style.formatting import format_date
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


@warehouse_cached
def _latest_build() -> dict:
    """The latest build's row (whatever columns this warehouse's `builds` table has)."""
    latest = query("SELECT * FROM builds ORDER BY finished_at DESC NULLS LAST, started_at DESC NULLS LAST LIMIT 1")
    return {} if latest.empty else latest.iloc[0].to_dict()


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def source_words(build: dict) -> str:
    """Where a build read its data, without anything secret: an extract folder by its name
    only (not the server's path), a database by its kind only (a URL may hold a password)."""
    parts = []
    if folder := _text(build.get("source_dir")):
        parts.append(f"the extract files in the '{PurePath(folder).name or folder}' folder")
    if url := _text(build.get("source_url")):
        kind = urlsplit(url).scheme.split("+")[0] or "source"
        parts.append(f"the {kind} database")
    return " and ".join(parts) or "an unrecorded source"


def download_note() -> str:
    """The note every download carries, from the data's own record: the synthetic (or "not
    marked") notice, or for real data where it came from and when the warehouse was built."""
    notice = origin_notice()
    if notice is not None:
        return notice
    build = _latest_build()
    finished = build.get("finished_at")
    built = format_date(build.get("started_at") if finished is None or pd.isna(finished) else finished, with_time=True)
    return f"Data from {source_words(build)}, built into the warehouse on {built}."
