"""Every file each build loaded, as the data-quality page lists it."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from dashboard.style.formatting import NO_DATA_TEXT, format_date

LOAD_COLUMNS = [
    "Build finished",
    "File",
    "Read as",
    "Extract",
    "Format",
    "Rows read",
    "Loaded",
    "Rejected",
    "Adds up",
    "Status",
    "Seconds",
    "SHA-256 (first 12)",
    "Message",
]


def _counts(values: pd.Series, decimals: int = 0) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return numbers.map(f"{{:,.{decimals}f}}".format).where(numbers.notna(), NO_DATA_TEXT)


def load_table(history: pd.DataFrame) -> pd.DataFrame:
    """`load_history` as people read it; a load whose rows read are not the rows loaded plus
    the rows rejected says "check this load"."""
    read, loaded, rejected = (pd.to_numeric(history[c]) for c in ("rows_read", "rows_loaded", "rows_rejected"))
    # the adapter that read a published file (older warehouses have no such column)
    adapter = history["adapter"] if "adapter" in history else pd.Series(None, index=history.index, dtype=object)
    return pd.DataFrame(
        {
            "Build finished": [format_date(v, with_time=True) for v in history["build_finished_at"]],
            "File": [os.path.basename(str(p)) for p in history["source_file"]],
            "Read as": adapter.fillna("canonical"),
            "Extract": history["extract"],
            "Format": history["file_format"].fillna("").str.upper(),
            "Rows read": _counts(read),
            "Loaded": _counts(loaded),
            "Rejected": _counts(rejected),
            "Adds up": np.where(read == loaded + rejected, "Yes", "No: check this load"),
            "Status": history["status"],
            "Seconds": _counts(history["seconds"], 1),
            "SHA-256 (first 12)": history["sha256"].fillna("").astype(str).str[:12],
            "Message": history["message"].fillna(""),
        },
        columns=LOAD_COLUMNS,
    )
