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


def _env_list(name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    # Where the app listens when run with `python app.py` (GMEQ_HOST, GMEQ_PORT).
    host: str = "127.0.0.1"
    port: int = 8050
    # The DuckDB warehouse the app reads, read-only (GMEQ_WAREHOUSE). A rebuild replaces the
    # file atomically and the app picks the new one up on the next request.
    warehouse_path: Path = PROJECT_ROOT / "data" / "warehouse.duckdb"
    # Demo mode (GMEQ_DEMO, `python app.py --demo`): with no warehouse at the path, generate
    # SYNTHETIC extracts and build one before serving. Off, a missing warehouse is shown as
    # "data unavailable" and nothing is generated.
    demo: bool = False
    # Browser tab title and the name in the navigation bar.
    title: str = "Greater Manchester Equality Outcomes Dashboard"
    short_title: str = "GM Equality Outcomes"
    # Language of every page (the <html lang> attribute screen readers rely on).
    language: str = "en-GB"
    # Public mode (GMEQ_PUBLIC): pages registered with `internal=True` are left out of the
    # navigation and answer 404, whoever asks.
    public: bool = False
    # Sign-in through a reverse proxy (e.g. oauth2-proxy): the proxy authenticates and passes
    # the user in this header (GMEQ_USER_HEADER). The header is believed only from the
    # addresses in GMEQ_TRUSTED_PROXIES (IPs or CIDRs, comma-separated), or from anyone when
    # GMEQ_TRUST_USER_HEADER=1 (the app's port reachable only through the proxy).
    user_header: str = "X-Forwarded-Email"
    trusted_proxies: tuple[str, ...] = ()
    trust_user_header: bool = False
    # Internal views need a signed-in user (GMEQ_SIGN_IN_REQUIRED); without one they answer 403.
    sign_in_required: bool = False
    # Query cache (GMEQ_CACHE): "simple" keeps results in each worker's memory; "redis" shares
    # them between workers and containers through GMEQ_CACHE_REDIS_URL. Keys carry the
    # warehouse file's identity, so a rebuild is read at once; the timeout only bounds memory.
    cache_backend: str = "simple"
    cache_redis_url: str = "redis://127.0.0.1:6379/0"
    cache_key_prefix: str = "gmeq"  # GMEQ_CACHE_PREFIX: one per deployment sharing a Redis
    cache_timeout_seconds: int = 3600  # GMEQ_CACHE_TIMEOUT
    cache_max_entries: int = 2000
    # Static files: our CSS under assets/, Bootstrap served from the installed bootstrap-flask
    # package at this URL prefix (never from a CDN).
    assets_folder: Path = PROJECT_ROOT / "assets"
    vendor_url_prefix: str = "/vendor"
    # Extra Dash options for development (GMEQ_DEBUG).
    debug: bool = False
    # While a page says "data unavailable" it asks the server this often (seconds) whether the
    # data is back (GMEQ_RECOVERY_POLL_SECONDS; the browser tests shorten it).
    recovery_poll_seconds: int = 10

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then GMEQ_* environment variables, then explicit overrides (not None)."""
        env = os.environ
        settings = cls(
            host=env.get("GMEQ_HOST") or cls.host,
            port=int(env.get("GMEQ_PORT") or cls.port),
            warehouse_path=Path(env.get("GMEQ_WAREHOUSE") or cls.warehouse_path),
            demo=_env_flag("GMEQ_DEMO", cls.demo),
            public=_env_flag("GMEQ_PUBLIC", cls.public),
            user_header=env.get("GMEQ_USER_HEADER") or cls.user_header,
            trusted_proxies=_env_list("GMEQ_TRUSTED_PROXIES"),
            trust_user_header=_env_flag("GMEQ_TRUST_USER_HEADER", cls.trust_user_header),
            sign_in_required=_env_flag("GMEQ_SIGN_IN_REQUIRED", cls.sign_in_required),
            cache_backend=(env.get("GMEQ_CACHE") or cls.cache_backend).strip().lower(),
            cache_redis_url=env.get("GMEQ_CACHE_REDIS_URL") or cls.cache_redis_url,
            cache_key_prefix=env.get("GMEQ_CACHE_PREFIX") or cls.cache_key_prefix,
            cache_timeout_seconds=int(env.get("GMEQ_CACHE_TIMEOUT") or cls.cache_timeout_seconds),
            debug=_env_flag("GMEQ_DEBUG", False),
            recovery_poll_seconds=int(env.get("GMEQ_RECOVERY_POLL_SECONDS") or cls.recovery_poll_seconds),
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        if "warehouse_path" in given:
            given["warehouse_path"] = Path(given["warehouse_path"])  # type: ignore[arg-type]
        settings = replace(settings, **given)  # type: ignore[arg-type]
        if settings.cache_backend not in ("simple", "redis"):
            raise ValueError(f"GMEQ_CACHE must be 'simple' or 'redis', not {settings.cache_backend!r}")
        return settings


SETTINGS_KEY = "GMEQ_SETTINGS"


def current_settings() -> Settings:
    """The settings of the running app (needs a Flask app or request context)."""
    from flask import current_app

    return current_app.config[SETTINGS_KEY]
