"""The dependency audit in .ci/run fails on a known vulnerability with a fix, and says when
dependencies could not be audited."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def audit(tmp_path: Path, dependencies: list[dict]) -> subprocess.CompletedProcess:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies}))
    return subprocess.run([sys.executable, ROOT / ".ci" / "audit.py", report], capture_output=True, text=True)


def test_a_fixable_vulnerability_fails_the_run(tmp_path):
    done = audit(tmp_path, [{"name": "flask", "version": "0.1", "vulns": [{"id": "PYSEC-X", "fix_versions": ["3.1"]}]}])
    assert done.returncode == 1 and "flask 0.1: PYSEC-X (fixed in 3.1)" in done.stdout


def test_an_unfixed_vulnerability_is_reported_but_does_not_fail(tmp_path):
    done = audit(tmp_path, [{"name": "py", "version": "1.11.0", "vulns": [{"id": "PYSEC-Y", "fix_versions": []}]}])
    assert done.returncode == 0 and "PYSEC-Y (fixed in no release yet)" in done.stdout


def test_dependencies_that_could_not_be_audited_are_named(tmp_path):
    done = audit(tmp_path, [{"name": "dash", "version": "4.4.1", "skip_reason": "not found"}])
    assert done.returncode == 0 and "0 of 1 dependencies audited" in done.stdout and "WARNING" in done.stdout


def test_ci_runs_ruff_and_pip_audit_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text()
    for step in ("ruff check .", "ruff format --check .", "pip-audit", ".ci/audit.py"):
        assert step in ci
    assert ci.index("ruff check .") < ci.index(".venv/bin/python -m pytest")
