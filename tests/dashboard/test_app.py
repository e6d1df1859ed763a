"""app.py: thin, builds nothing on import, a factory for gunicorn, demo data only in demo mode."""

from __future__ import annotations

import importlib
import sys

import pytest
from flask import Flask

from dashboard.settings import Settings
from tests.dashboard.dash_requests import text_of
from tests.dashboard.fixture_warehouse import build_fixture_warehouse


@pytest.fixture
def app_module(monkeypatch):
    sys.modules.pop("app", None)
    return importlib.import_module("app")


def test_importing_app_builds_nothing(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("app.py built an app on import")

    monkeypatch.setattr("dashboard.create_app", refuse)
    monkeypatch.setattr("pipelines.demo.ensure_demo_warehouse", refuse)
    sys.modules.pop("app", None)
    module = importlib.import_module("app")
    assert not hasattr(module, "server") and not hasattr(module, "app")


def test_gunicorn_factory_reads_settings_from_env(monkeypatch, app_module, warehouse_path):
    monkeypatch.setenv("GMEQ_WAREHOUSE", str(warehouse_path))
    server = app_module.create_server()
    assert isinstance(server, Flask)
    client = server.test_client()
    page = client.get("/")
    assert page.status_code == 200 and b'<html lang="en-GB">' in page.data
    assert b"cdn" not in page.data.lower()
    css = client.get("/vendor/bootstrap5/css/bootstrap.min.css")
    assert css.status_code == 200 and b"Bootstrap" in css.data
    assert client.get("/vendor/bootstrap5/../../__init__.py").status_code == 404
    assert client.get("/_dash-layout").status_code == 200


def _fake_demo(calls):
    def fake(path, progress=print):  # the real one generates and builds demo data
        calls.append(path)
        progress("building demo data")
        return build_fixture_warehouse(path)

    return fake


def test_demo_mode_builds_a_missing_warehouse_first(monkeypatch, app_module, tmp_path):
    calls = []
    monkeypatch.setattr("pipelines.demo.ensure_demo_warehouse", _fake_demo(calls))
    target = tmp_path / "new" / "warehouse.duckdb"
    app = app_module.create_app(Settings(warehouse_path=target, demo=True))
    assert calls == [target] and target.exists()
    assert "Board overview" in text_of(app.server.test_client().get("/_dash-layout").json)


def test_without_demo_mode_a_missing_warehouse_is_data_unavailable_not_fake_data(monkeypatch, app_module, tmp_path):
    calls = []
    monkeypatch.setattr("pipelines.demo.ensure_demo_warehouse", _fake_demo(calls))
    monkeypatch.delenv("GMEQ_DEMO", raising=False)
    monkeypatch.setenv("GMEQ_WAREHOUSE", str(tmp_path / "production" / "warehouse.duckdb"))
    client = app_module.create_server().test_client()
    assert calls == [] and not (tmp_path / "production").exists()
    layout = text_of(client.get("/_dash-layout").json)
    assert "Data unavailable" in layout and "Synthetic" not in layout


@pytest.mark.parametrize(("argv", "env", "demo"), [(["--demo"], None, True), ([], "1", True), ([], None, False)])
def test_demo_mode_from_the_command_line_or_environment(monkeypatch, app_module, tmp_path, argv, env, demo):
    seen = []

    class FakeApp:
        def run(self, **_kwargs):
            pass

    monkeypatch.setattr(app_module, "create_app", lambda settings: seen.append(settings) or FakeApp())
    monkeypatch.delenv("GMEQ_DEMO", raising=False)
    if env:
        monkeypatch.setenv("GMEQ_DEMO", env)
    app_module.main([*argv, "--warehouse", str(tmp_path / "w.duckdb")])
    assert seen[0].demo is demo


def test_settings_from_env_and_overrides(monkeypatch):
    monkeypatch.setenv("GMEQ_HOST", "0.0.0.0")
    monkeypatch.setenv("GMEQ_PORT", "9000")
    monkeypatch.setenv("GMEQ_PUBLIC", "1")
    monkeypatch.setenv("GMEQ_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    monkeypatch.setenv("GMEQ_CACHE", "Redis")
    settings = Settings.from_env(port=9100, warehouse_path=None)
    assert (settings.host, settings.port, settings.public) == ("0.0.0.0", 9100, True)
    assert settings.trusted_proxies == ("10.0.0.0/8", "127.0.0.1") and settings.cache_backend == "redis"
    assert Settings.from_env(warehouse_path="x.duckdb").warehouse_path.name == "x.duckdb"
    monkeypatch.setenv("GMEQ_CACHE", "memcached")
    with pytest.raises(ValueError, match="GMEQ_CACHE"):
        Settings.from_env()


def test_no_setting_can_hide_the_synthetic_notice(monkeypatch, warehouse_path):
    from dashboard import create_app

    monkeypatch.setenv("GMEQ_SYNTHETIC_BANNER", "0")  # the old switch: now ignored
    assert not hasattr(Settings(), "synthetic_banner")
    layout = text_of(create_app(warehouse_path).server.test_client().get("/_dash-layout").json)
    assert "Synthetic demo data" in layout
