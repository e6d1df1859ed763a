"""The Dockerfile cannot be built here (no Docker engine), so check that everything it
names exists: the files it copies, the command it runs and the WSGI factory it serves (the
factory itself runs under gunicorn in tests/deploy/test_faults.py)."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

from typer.testing import CliRunner

from pipelines.__main__ import app as cli

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """Arguments of every `name` instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_every_copied_path_exists():
    for args in instructions("COPY"):
        sources = args.split()[:-1]
        for source in sources:
            assert (ROOT / source).exists(), f"Dockerfile copies {source}, which is not in the repo"


def test_cmd_serves_the_app_factory_with_gunicorn_workers():
    (cmd,) = instructions("CMD")
    shell = " ".join(json.loads(cmd))
    assert re.search(r"gunicorn 'app:create_server\(\)' .*--workers", shell)
    module = ast.parse((ROOT / "app.py").read_text())
    functions = {node.name for node in module.body if isinstance(node, ast.FunctionDef)}
    assert "create_server" in functions, "app.py must define the factory gunicorn calls"
    assigned = [node for node in module.body if isinstance(node, ast.Assign | ast.AnnAssign)]
    assert not assigned, "app.py builds nothing on import: no module-level app or server"
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(d.startswith("gunicorn") for d in dependencies)


def test_cmd_builds_demo_data_only_in_demo_mode_with_a_real_command():
    (cmd,) = instructions("CMD")
    shell = " ".join(json.loads(cmd))
    assert 'if [ "$GMEQ_DEMO" = 1 ]; then python -m pipelines demo' in shell
    assert "GMEQ_DEMO=0" in " ".join(instructions("ENV"))
    result = CliRunner().invoke(cli, ["demo", "--help"])
    assert result.exit_code == 0 and "--warehouse" in result.output


def test_warehouse_lives_on_a_volume_and_the_app_binds_all_interfaces_in_the_container():
    assert '["/data"]' in " ".join(instructions("VOLUME"))
    env = " ".join(instructions("ENV"))
    assert "GMEQ_WAREHOUSE=/data/warehouse.duckdb" in env and "GMEQ_HOST=0.0.0.0" in env
