"""The README's two commands are the ones CI and a new user run: keep them in step."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_readme_has_exactly_two_commands_run_then_test():
    run, test = readme_commands()
    assert run.endswith("python app.py --demo") and "pip install" in run
    assert "pytest" in test and "'.[test]'" in test


def test_ci_runs_the_readme_test_command_verbatim_after_installing_chromium():
    ci = (ROOT / ".ci" / "run").read_text()
    _, test = readme_commands()
    assert test in ci.splitlines()
    assert ci.index("apt-get install -y -qq chromium chromium-driver") < ci.index(test)
    assert "set -euo pipefail" in ci
