"""app.py: thin, importable by gunicorn, builds demo data only when there is no warehouse."""

from __future__ import annotations

import importlib
import sys

from flask import Flask

from dashboard.settings import Settings
from tests.dashboard.fixture_warehouse import build_fixture_warehouse


def test_gunicorn_import_reads_settings_from_env(monkeypatch, warehouse_path):
    monkeypatch.setenv("GMEQ_WAREHOUSE", str(warehouse_path))
    sys.modules.pop("app", None)
    module = importlib.import_module("app")
    assert isinstance(module.server, Flask)
    client = module.server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b'<html lang="en-GB">' in page.data
    assert b"cdn" not in page.data.lower()
    css = client.get("/vendor/bootstrap5/css/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data
    assert client.get("/vendor/bootstrap5/../../__init__.py").status_code == 404
    assert client.get("/_dash-layout").status_code == 200


def test_missing_warehouse_is_built_first(monkeypatch, tmp_path, warehouse_path):
    monkeypatch.setenv("GMEQ_WAREHOUSE", str(warehouse_path))
    sys.modules.pop("app", None)
    module = importlib.import_module("app")
    calls = []

    def fake_demo(path, progress=print):  # the real one generates and builds demo data
        calls.append(path)
        progress("building demo data")
        return build_fixture_warehouse(path)

    monkeypatch.setattr("pipelines.demo.ensure_demo_warehouse", fake_demo)
    target = tmp_path / "new" / "warehouse.duckdb"
    app = module.make_app(Settings(warehouse_path=target))
    assert calls == [target] and target.exists()
    assert app.server.test_client().get("/").status_code == 200


def test_settings_from_env_and_overrides(monkeypatch):
    monkeypatch.setenv("GMEQ_HOST", "0.0.0.0")
    monkeypatch.setenv("GMEQ_PORT", "9000")
    monkeypatch.setenv("GMEQ_SYNTHETIC_BANNER", "0")
    settings = Settings.from_env(port=9100, warehouse_path=None)
    assert (settings.host, settings.port, settings.synthetic_banner) == ("0.0.0.0", 9100, False)
    assert Settings.from_env(warehouse_path="x.duckdb").warehouse_path.name == "x.duckdb"
