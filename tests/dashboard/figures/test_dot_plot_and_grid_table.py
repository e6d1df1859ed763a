"""The grouped dot plot and the heat-map table: what they draw, and that a suppressed value
never appears as a number (in a marker, hover text, note or cell)."""

from __future__ import annotations

import math

import pandas as pd
from dash import dcc, html

from dashboard.components.grid_table import SHADES, grid_table, shade_colour
from dashboard.figures.dot_plot import ReferenceLine, dot_plot, wrap_label
from tests.dashboard.component_tree import strings


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("Cluster 1", "White", 75.0, 74.0, 76.0, False, "n = 900"),
            ("Cluster 1", "BME", 20.0, 19.0, 21.0, False, "n = 250"),
            ("Board", "White", 90.0, 85.0, 94.0, False, None),
            ("Board", "BME", None, None, None, True, None),
        ],
        columns=["row_label", "series_label", "value", "lower_ci_95", "upper_ci_95", "suppressed", "note"],
    )


def _texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_dot_plot_draws_each_series_with_its_own_marker_and_ci():
    fig = dot_plot(_rows(), note="note")
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [t.name for t in markers] == ["White", "BME"]
    assert markers[0].marker.symbol != markers[1].marker.symbol  # shape, not colour alone
    white = markers[0]
    assert list(white.x) == [75.0, 90.0]
    assert list(white.error_x.array) == [1.0, 4.0] and list(white.error_x.arrayminus) == [1.0, 5.0]
    assert list(fig.layout.yaxis.ticktext) == ["Cluster 1", "Board"]


def test_dot_plot_says_suppressed_in_words_and_never_shows_its_number():
    fig = dot_plot(_rows(), note="note")
    bme = next(t for t in fig.data if t.name == "BME")
    assert list(bme.x) == [20.0]  # the suppressed board point is not drawn
    assert "Suppressed: BME" in _texts(fig)
    assert "White: n = 900" in _texts(fig) and "BME: n = 250" in _texts(fig)
    hover = " ".join(" ".join(t.customdata) for t in fig.data if t.customdata is not None)
    assert "Board — BME" not in hover


def test_dot_plot_reference_lines_are_named_in_the_legend_in_the_series_colour():
    fig = dot_plot(_rows(), reference_lines=[ReferenceLine(30.0, "BME: population 30.0%", "BME")])
    line = next(t for t in fig.data if t.name == "BME: population 30.0%")
    bme = next(t for t in fig.data if t.name == "BME")
    assert list(line.x) == [30.0, 30.0] and line.line.dash == "dash"
    assert line.line.color == bme.marker.color


def test_dot_plot_log_axis_takes_its_range_in_log_units():
    fig = dot_plot(_rows(), log_x=True, x_range=(0.5, 2.0))
    assert fig.layout.xaxis.type == "log"
    assert [round(v, 6) for v in fig.layout.xaxis.range] == [
        round(math.log10(0.5), 6),
        round(math.log10(2.0), 6),
    ]


def test_dot_plot_with_nothing_to_draw_says_so():
    fig = dot_plot(_rows().iloc[0:0], empty_message="No staff figures")
    assert _texts(fig) == ["No staff figures"]
    assert not fig.data


def test_wrap_label_breaks_long_labels():
    assert wrap_label("Medical: non-consultant career grades", 24) == ("Medical: non-consultant<br>career grades")


def _grid() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("Bolton", "White", "80.0%", "n = 900", "similar", 80.0, False),
            ("Bolton", "Black", "60.0%", "n = 40", "worse", 60.0, False),
            ("Bury", "White", "81.0%", "n = 700", "similar", 81.0, False),
            ("Bury", "Black", None, None, "not compared", None, True),
        ],
        columns=["row_label", "column_label", "text", "note", "comparison", "value", "suppressed"],
    )


def _cells(table: html.Div) -> list[list[str]]:
    """Each body row's cells as their visible text, lines joined by " | "."""
    rows = table.children.children[2].children
    return [["".join(strings(cell)).replace("\n", " | ") for cell in row.children] for row in rows]


def test_grid_table_shows_values_notes_significant_comparisons_and_suppression():
    table = grid_table(
        _grid(), note="note", status="comparison", shade="value", caption="Test grid", table_id="test-grid"
    )
    cells = _cells(table)
    assert cells[0][0] == "Bolton"
    assert cells[0][1] == "80.0% | n = 900"  # similar: no symbol
    assert cells[0][2] == "60.0% | n = 40 | ✖ Worse"
    assert cells[1][2] == "Suppressed"
    assert table.children.id == "test-grid"
    assert table.children.children[0].children == "Test grid"


def test_grid_table_missing_cells_row_messages_and_links():
    table = grid_table(
        _grid(),
        row_order=["Bolton", "Bury", "Oldham"],
        column_order=["White", "Black", "Asian"],
        row_links={"Bolton": "/indicators/PX01"},
        row_messages={"Oldham": "Not broken down by ethnic group"},
    )
    rows = table.children.children[2].children
    header = rows[0].children[0].children[0]
    assert isinstance(header, dcc.Link) and header.href == "/indicators/PX01"
    assert _cells(table)[0][3] == "No data"
    oldham = rows[2].children
    assert len(oldham) == 2 and oldham[1].colSpan == 3


def test_value_shading_runs_light_to_dark_and_suppressed_cells_are_grey():
    assert shade_colour(60.0, 60.0, 81.0) == SHADES[0]
    assert shade_colour(81.0, 60.0, 81.0) == SHADES[-1]
    assert shade_colour(None, 0, 1) is None
    table = grid_table(_grid(), shade="value")
    suppressed = table.children.children[2].children[1].children[2]
    assert suppressed.style["backgroundColor"] == "#D9D9D9"
