"""The warehouse layer: connections (`db`), the query cache (`cache`) and cached queries by subject.

`framework` (outcomes, KPIs, lookups), `indicators` (KPI values), `workforce`, `voices`,
`quality` (loads, completeness, rejects) and `provenance` (real or synthetic data). Every
query binds its parameters, returns a DataFrame (or a small dict) and is memoized per worker,
keyed on the warehouse file, so a rebuild is picked up at once. Nothing here writes to the
warehouse or computes a statistic: the marts already hold every number a page shows.
Lowest layer of the dashboard: it imports nothing from the layers above.
"""
