"""The patient-experience views: questions x characteristic x locality, with respondents.

- each group's % positive with its 95% CI and the number of respondents beside it (the
  shared breakdown chart, with counts added on the right);
- grids of % positive: every question by group, and every locality by group (cells for
  `dashboard.components.grid_table`);
- one group's trend against all respondents.

Pure: rows of `indicator_values` (as `dashboard.warehouse` returns them) in; figures, cell frames
and text tables out. Suppressed rows never show a number.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.category_axis import category_positions
from dashboard.figures.chart_style import note_rows
from dashboard.tables.indicator_breakdown import group_axis_label
from dashboard.tables.patient_experience import respondents_text


def add_respondent_counts(fig: go.Figure, groups: pd.DataFrame) -> go.Figure:
    """Write each group's respondent count at the right of its row of a breakdown chart
    (rows labelled as `group_axis_label` labels them), placed by their position on the
    category axis (see `category_axis`)."""
    positions = category_positions(list(fig.layout.yaxis.categoryarray or []))
    notes = []
    for row in groups.to_dict("records"):
        text = respondents_text(row)
        label = group_axis_label(row)
        if text and label in positions:
            notes.append((positions[label], text))
    note_rows(fig, notes, x=1.01)
    margin = dict(fig.layout.margin.to_plotly_json()) if fig.layout.margin else {}
    fig.update_layout(margin={**margin, "r": 110})
    return fig
