"""The Greater Manchester Equality Outcomes Dashboard (Plotly Dash), read-only on the warehouse.

`create_app(warehouse_path)` builds the app: pages from `dashboard/pages/`, Bootstrap CSS
served from the installed bootstrap-flask package (nothing from a CDN), the query cache, one
`Warehouse` that opens the DuckDB file lazily, after gunicorn forks, security headers on
every response, internal views guarded, and a layout that survives a bad warehouse.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from dash import Dash
from flask import Flask, jsonify, send_from_directory

from dashboard import access, availability, security
from dashboard.components.filter_bar import register_callbacks
from dashboard.components.layout import app_shell
from dashboard.settings import SETTINGS_KEY, Settings
from dashboard.warehouse import db
from dashboard.warehouse.cache import init_cache

BOOTSTRAP_DIR = Path(str(files("flask_bootstrap"))) / "static" / "bootstrap5"

INDEX_STRING = """<!DOCTYPE html>
<html lang="{language}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        {{%config%}}
        {{%scripts%}}
        {{%renderer%}}
    </body>
</html>
"""


def _serve_vendor_files(server: Flask, settings: Settings) -> str:
    """Serve Bootstrap 5 from the installed package; return the stylesheet's URL."""

    @server.route(f"{settings.vendor_url_prefix}/bootstrap5/<path:filename>")
    def bootstrap_static(filename: str):
        return send_from_directory(BOOTSTRAP_DIR, filename, max_age=86_400)

    return f"{settings.vendor_url_prefix}/bootstrap5/css/bootstrap.min.css"


def _serve_health(server: Flask, settings: Settings) -> None:
    """`/healthz` for load balancers: 200 when the warehouse reads, 503 (and why) when not."""

    @server.route("/healthz")
    def health():
        error = server.extensions[db.EXTENSION_KEY].check()
        if error is None:
            return jsonify(status="ok")
        return jsonify(
            status="data unavailable", reason=error.reason, **({} if settings.public else {"detail": str(error)})
        ), 503


def create_app(warehouse_path: Path | str | None = None, settings: Settings | None = None) -> Dash:
    """A Dash app reading the warehouse at `warehouse_path` (default: settings / env)."""
    settings = settings or Settings.from_env(warehouse_path=warehouse_path)
    server = Flask(__name__)
    server.config[SETTINGS_KEY] = settings
    server.extensions[db.EXTENSION_KEY] = db.Warehouse(settings.warehouse_path)
    init_cache(server, settings)
    bootstrap_css = _serve_vendor_files(server, settings)

    app = Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="pages",
        assets_folder=str(settings.assets_folder),
        external_stylesheets=[bootstrap_css],
        serve_locally=True,
        compress=True,
        title=settings.title,
        update_title=None,
        description="Equality outcomes for Greater Manchester's health and care system: "
        "KPIs by locality, work stream and protected characteristic.",
        suppress_callback_exceptions=True,  # pages add components the shell does not know
        on_error=availability.on_callback_error,
    )
    app.index_string = INDEX_STRING.format(language=settings.language)
    app.layout = availability.root_layout(settings, app_shell)
    register_callbacks(app)
    availability.register_callbacks(app, settings, app_shell)
    access.install(app)
    security.install(app)
    _serve_health(server, settings)
    return app
