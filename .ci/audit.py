"""Read pip-audit's JSON report: print what it found, and fail on a known vulnerability that
has a fixed version to upgrade to. Dependencies pip-audit could not look up are listed too,
so a run that audited nothing cannot pass for a clean one unnoticed."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_path: str) -> int:
    if not Path(report_path).exists():
        print(f"WARNING: pip-audit wrote no report at {report_path} (it could not run): nothing was audited")
        return 0
    report = json.loads(Path(report_path).read_text())
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    fixable = []
    for dependency in audited:
        for vulnerability in dependency.get("vulns", []):
            fixes = vulnerability.get("fix_versions") or []
            fixed_in = ", ".join(fixes) or "no release yet"
            line = f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed_in})"
            print("VULNERABLE", line)
            if fixes:
                fixable.append(line)
    print(
        f"pip-audit: {len(audited)} of {len(dependencies)} dependencies audited, {len(fixable)} fixable vulnerabilities"
    )
    if skipped:
        print(
            f"WARNING: {len(skipped)} dependencies could not be audited (advisory data not reachable?), e.g. "
            + "; ".join(f"{d['name']}: {d['skip_reason']}" for d in skipped[:3])
        )
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
