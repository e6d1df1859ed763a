"""ETL pipelines and the indicator engine: extracts in, one audited DuckDB warehouse out.

Knows nothing of Dash. Entry point: `python -m pipelines --help`.
"""
