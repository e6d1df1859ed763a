"""A KPI's action plans as its detail page lists them."""

from __future__ import annotations

import pandas as pd

from dashboard.tables.action_plans import action_plan_table


def test_status_in_words_and_a_missing_update_said_so():
    plans = pd.DataFrame(
        {
            "title": ["Reverse mentoring", "Audit"],
            "status": ["on track", "paused"],
            "owner_role": ["Chief People Officer", "Director of Nursing"],
            "due_date": pd.to_datetime(["2025-03-31", "2025-09-30"]),
            "last_updated": pd.to_datetime(["2025-01-15", None]),
        }
    )
    table = action_plan_table(plans)
    assert list(table.columns) == ["Action", "Status", "Owner (role)", "Due", "Last updated"]
    assert list(table["Status"]) == ["On track", "Paused"]
    assert table["Last updated"].iloc[1] == "Not yet updated"
    assert table["Last updated"].iloc[0] != "Not yet updated"
