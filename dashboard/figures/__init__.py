"""Pure figure functions: a DataFrame in, a plotly figure out; no queries, no Dash components.

Their table alternatives and summary sentences are in `dashboard.tables`."""
