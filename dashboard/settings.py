"""How the dashboard is configured: one small object, read from the environment once.

Every field can be set by an environment variable (shown beside it) so a container or a
gunicorn deployment needs no code change; `app.py` can also override them on its command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    # Where the app listens when run with `python app.py` (GMEQ_HOST, GMEQ_PORT).
    host: str = "127.0.0.1"
    port: int = 8050
    # The DuckDB warehouse the app reads, read-only (GMEQ_WAREHOUSE). A rebuild replaces the
    # file atomically and the app picks the new one up on the next request.
    warehouse_path: Path = PROJECT_ROOT / "data" / "warehouse.duckdb"
    # Browser tab title and the name in the navigation bar.
    title: str = "Greater Manchester Equality Outcomes Dashboard"
    short_title: str = "GM Equality Outcomes"
    # Language of every page (the <html lang> attribute screen readers rely on).
    language: str = "en-GB"
    # Show "Synthetic demo data - not real people" on every page (GMEQ_SYNTHETIC_BANNER).
    # Turn it off only for a warehouse built from real, published extracts.
    synthetic_banner: bool = True
    # Per-worker cache of query results (flask-caching SimpleCache). Entries are keyed on the
    # warehouse file as well, so a rebuild is seen at once; the timeout only bounds memory.
    cache_timeout_seconds: int = 3600  # GMEQ_CACHE_TIMEOUT
    cache_max_entries: int = 2000
    # Static files: our CSS under assets/, Bootstrap served from the installed bootstrap-flask
    # package at this URL prefix (never from a CDN).
    assets_folder: Path = PROJECT_ROOT / "assets"
    vendor_url_prefix: str = "/vendor"
    # Extra Dash options for development (GMEQ_DEBUG).
    debug: bool = False

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then GMEQ_* environment variables, then explicit overrides (not None)."""
        env = os.environ
        settings = cls(
            host=env.get("GMEQ_HOST") or cls.host,
            port=int(env.get("GMEQ_PORT") or cls.port),
            warehouse_path=Path(env.get("GMEQ_WAREHOUSE") or cls.warehouse_path),
            synthetic_banner=_env_flag("GMEQ_SYNTHETIC_BANNER", cls.synthetic_banner),
            cache_timeout_seconds=int(env.get("GMEQ_CACHE_TIMEOUT") or cls.cache_timeout_seconds),
            debug=_env_flag("GMEQ_DEBUG", False),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        if "warehouse_path" in given:
            given["warehouse_path"] = Path(given["warehouse_path"])  # type: ignore[arg-type]
        return replace(settings, **given)  # type: ignore[arg-type]
