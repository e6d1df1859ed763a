"""Run the dashboard. Importing this module builds nothing.

    python app.py [--demo] [--host 127.0.0.1] [--port 8050] [--warehouse data/warehouse.duckdb]
    gunicorn 'app:create_server()'     # settings from GMEQ_* environment variables

Demo mode (`--demo` or GMEQ_DEMO=1) generates synthetic data and builds a warehouse when there
is none; otherwise a missing warehouse is shown as "data unavailable" until one is published.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dash import Dash
from flask import Flask

from dashboard.settings import Settings


def create_app(settings: Settings | None = None) -> Dash:
    """The Dash app for `settings` (default: the environment), demo data first in demo mode."""
    from dashboard import create_app as build_dash_app

    settings = settings or Settings.from_env()
    if settings.demo and not settings.warehouse_path.exists():
        from pipelines.demo import ensure_demo_warehouse

        ensure_demo_warehouse(settings.warehouse_path, progress=print)
    return build_dash_app(settings=settings)


def create_server() -> Flask:
    """The WSGI app for gunicorn, built in each worker (after fork) from the environment."""
    return create_app().server


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
    parser.add_argument(
        "--demo",
        action="store_true",
        default=None,
        help="build SYNTHETIC demo data first if there is no warehouse (GMEQ_DEMO=1)",
    )
    args = parser.parse_args(argv)
    settings = Settings.from_env(host=args.host, port=args.port, warehouse_path=args.warehouse, demo=args.demo)
    app = create_app(settings)
    print(f"Dashboard on http://{settings.host}:{settings.port}/")
    print(f"Reading the warehouse {settings.warehouse_path} (read-only)")
    app.run(host=settings.host, port=settings.port, debug=settings.debug)


if __name__ == "__main__":
    main()
