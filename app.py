"""Run the dashboard.

    python app.py [--host 127.0.0.1] [--port 8050] [--warehouse data/warehouse.duckdb]
    gunicorn app:server            # settings from GMEQ_HOST / GMEQ_PORT / GMEQ_WAREHOUSE

With no warehouse at the path, synthetic demo data is generated and built first.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dash import Dash

from dashboard import create_app
from dashboard.settings import Settings


def make_app(settings: Settings) -> Dash:
    if not settings.warehouse_path.exists():
        from pipelines.demo import ensure_demo_warehouse

        ensure_demo_warehouse(settings.warehouse_path, progress=print)
    return create_app(settings=settings)


def main(argv: list[str] | None = None) -> None:
    defaults = Settings.from_env()
    parser = argparse.ArgumentParser(description="Greater Manchester Equality Outcomes Dashboard")
    parser.add_argument("--host", default=defaults.host, help="default %(default)s (GMEQ_HOST)")
    parser.add_argument("--port", type=int, default=defaults.port, help="default %(default)s (GMEQ_PORT)")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=defaults.warehouse_path,
        help="DuckDB warehouse file, default %(default)s (GMEQ_WAREHOUSE)",
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env(host=args.host, port=args.port, warehouse_path=args.warehouse)
    app = make_app(settings)
    print(f"Dashboard on http://{settings.host}:{settings.port}/")
    print(f"Reading the warehouse {settings.warehouse_path} (read-only)")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)


if __name__ == "__main__":
    main()
else:  # imported, e.g. by gunicorn: settings come from the environment
    app = make_app(Settings.from_env())
    server = app.server
