"""A KPI's action plans as the table its detail page shows."""

from __future__ import annotations

import pandas as pd

from dashboard.style.formatting import format_date
from dashboard.tables.work_stream_summary import ACTION_STATUS


def action_plan_table(plans: pd.DataFrame) -> pd.DataFrame:
    """One row per action: its title, status in words, owner, due date and last update."""
    return pd.DataFrame(
        {
            "Action": plans["title"],
            "Status": [ACTION_STATUS.get(str(s).lower(), ("", str(s).capitalize()))[1] for s in plans["status"]],
            "Owner (role)": plans["owner_role"],
            "Due": [format_date(d) for d in plans["due_date"]],
            "Last updated": [format_date(d) if not pd.isna(d) else "Not yet updated" for d in plans["last_updated"]],
        }
    )
