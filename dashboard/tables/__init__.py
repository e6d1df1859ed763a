"""The tables layer: DataFrame in, display DataFrame out (text cells, suppression words).

What a table alternative or a download shows, worked out apart from how it is drawn
(`dashboard.components.tables` draws it)."""
