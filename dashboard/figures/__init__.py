"""Pure figure functions: a DataFrame in, a plotly figure (or an HTML table) out; no queries."""
