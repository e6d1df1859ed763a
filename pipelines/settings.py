"""Where things live by default; each can be overridden on the command line or by env var."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The warehouse the app reads and a build replaces (GMEQ_WAREHOUSE).
DEFAULT_WAREHOUSE = Path(os.environ.get("GMEQ_WAREHOUSE", PROJECT_ROOT / "data" / "warehouse.duckdb"))
# Where first-run demo extracts are generated (GMEQ_DEMO_DIR).
DEFAULT_DEMO_DIR = Path(os.environ.get("GMEQ_DEMO_DIR", PROJECT_ROOT / "data" / "demo"))
# The equality outcomes framework: outcomes, KPIs, targets, action plans (GMEQ_FRAMEWORK).
DEFAULT_FRAMEWORK = Path(os.environ.get("GMEQ_FRAMEWORK", PROJECT_ROOT / "config" / "framework.yaml"))
# Seed and scale of the first-run demo data (scale 1 = Greater Manchester sized).
DEMO_SEED = int(os.environ.get("GMEQ_DEMO_SEED", "42"))
DEMO_SCALE = float(os.environ.get("GMEQ_DEMO_SCALE", "1"))
# Dates after this day are rejected as in the future (GMEQ_DATE_HORIZON, yyyy-mm-dd); unset:
# the day of the build.
DATE_HORIZON = os.environ.get("GMEQ_DATE_HORIZON") or None
