"""First run: generate synthetic demo extracts and build the warehouse from them."""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from pathlib import Path

from pipelines import settings


def ensure_demo_warehouse(
    warehouse: Path,
    progress: Callable[[str], None] = print,
    demo_dir: Path | None = None,
    scale: float | None = None,
    seed: int | None = None,
) -> Path:
    """Build a demo warehouse at `warehouse` unless one exists. Safe when several workers
    start at once: one builds while the others wait on a lock file."""
    warehouse = Path(warehouse)
    if warehouse.exists():
        return warehouse
    from pipelines.build import build
    from pipelines.generate import generate

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(f".{warehouse.name}.lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if warehouse.exists():
            return warehouse
        demo_dir = Path(demo_dir or settings.DEFAULT_DEMO_DIR)
        scale = settings.DEMO_SCALE if scale is None else scale
        seed = settings.DEMO_SEED if seed is None else seed
        progress(
            f"No warehouse at {warehouse}: generating SYNTHETIC demo data (scale {scale:g}, "
            f"seed {seed}) in {demo_dir} ..."
        )
        said: set[str] = set()

        def once(message: str, fraction: float | None = None) -> None:
            """The generator reports every chunk; a person wants each step once."""
            if message not in said:
                said.add(message)
                progress(f"  {message}")

        generate(demo_dir, seed=seed, scale=scale, messy=True, progress=once)
        progress("Building the warehouse from the demo extracts ...")
        summary = build(demo_dir, warehouse, progress=lambda m: progress(f"  {m}"), synthetic=True)
        progress(
            f"Built in {summary.seconds:.0f} s: {summary.rows_loaded:,} rows loaded, "
            f"{summary.rows_rejected:,} rejected (see the Data quality page)."
        )
    return warehouse
