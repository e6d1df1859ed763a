"""Adapters: published files (Fingertips, GP Patient Survey, Census, Staff Survey) loaded as
they are downloaded, recognised by their header, never by their name.

Each adapter is a mapping file `config/adapters/<name>.yaml` (see `spec.AdapterSpec`) and,
where the shape needs it, a reshaper module `pipelines/adapters/<name>.py` with
`reshape(table, spec, context) -> Reshaped`. The registry reads every mapping file;
`recognise(path)` says which adapter a file's header fits, or which comes nearest and what
it lacks. The rows an adapter produces go through the canonical extracts' staging,
validation, rejects and `load_audit` (`pipelines.adapters.run`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipelines.adapters import read
from pipelines.adapters.spec import AdapterSpec, load_spec, normalise
from pipelines.errors import BuildError

ADAPTER_DIR = Path(__file__).resolve().parents[2] / "config" / "adapters"


@dataclass
class HeaderMatch:
    """How well one adapter's header spec fits one header row."""

    spec: AdapterSpec
    headers: list[str]
    found: dict[str, str] = field(default_factory=dict)  # required name / @pattern -> the file's header
    missing: list[str] = field(default_factory=list)  # what the file lacks, in words
    sheet: str | None = None

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def score(self) -> float:
        wanted = len(self.spec.header.required) + len(self.spec.header.patterns)
        return len(self.found) / wanted if wanted else 0.0

    def source_column(self, reference: str) -> str | None:
        """The file's header for a column-map entry (a header name or `@pattern`)."""
        if reference.startswith("@"):
            return self.found.get(reference)
        wanted = normalise(reference)
        return next((h for h in self.headers if normalise(h) == wanted), None)


def match_header(spec: AdapterSpec, headers: list[str], sheet: str | None = None) -> HeaderMatch:
    result = HeaderMatch(spec, headers, sheet=sheet)
    by_normal = {normalise(h): h for h in headers}
    for name in spec.header.required:
        if normalise(name) in by_normal:
            result.found[name] = by_normal[normalise(name)]
        else:
            result.missing.append(f"column '{name}'")
    taken = set(result.found.values())
    for name, pattern in spec.compiled_patterns.items():
        hit = next((h for h in headers if h not in taken and pattern.fullmatch(h.strip())), None)
        if hit is None:
            result.missing.append(f"a column matching /{pattern.pattern}/ ({name})")
        else:
            result.found[f"@{name}"] = hit
            taken.add(hit)
    count = len([h for h in headers if h.strip()])
    if spec.header.min_columns and count < spec.header.min_columns:
        result.missing.append(f"at least {spec.header.min_columns} columns (it has {count})")
    if spec.header.max_columns and count > spec.header.max_columns:
        result.missing.append(f"at most {spec.header.max_columns} columns (it has {count})")
    return result


@cache
def _registry(folder: Path) -> tuple[AdapterSpec, ...]:
    if not folder.is_dir():
        return ()
    specs = tuple(load_spec(p) for p in sorted(folder.glob("*.yaml")))
    names = [s.name for s in specs]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise BuildError(f"{folder}: more than one adapter called {', '.join(duplicated)}")
    return specs


def registry(folder: Path | None = None) -> tuple[AdapterSpec, ...]:
    """Every adapter declared in the folder (default `config/adapters/`)."""
    return _registry(Path(folder or ADAPTER_DIR).resolve())


@dataclass
class Recognition:
    """What a file is: the adapter it fits (with its header match), or the nearest miss."""

    path: Path
    match: HeaderMatch | None = None
    nearest: HeaderMatch | None = None

    def explain(self) -> str:
        """Why no adapter fits, for the console: the nearest adapter and what the file lacks."""
        if self.nearest is None:
            return "no adapter reads this kind of file"
        lacks = "; ".join(self.nearest.missing[:6])
        more = f" and {len(self.nearest.missing) - 6} more" if len(self.nearest.missing) > 6 else ""
        return f"nearest adapter {self.nearest.spec.name} ({self.nearest.spec.title}) lacks {lacks}{more}"


def recognise(path: Path, specs: tuple[AdapterSpec, ...] | None = None) -> Recognition:
    """The adapter whose header spec the file fits fully (the most specific if several)."""
    specs = registry() if specs is None else specs
    kind = read.file_format(path)
    result = Recognition(path)
    best: list[HeaderMatch] = []
    csv_headers = read.header_rows(path) if kind == "csv" else None
    for spec in specs:
        if kind not in spec.formats:
            continue
        if kind == "csv":
            candidates = [(h, None) for h in csv_headers]
        else:
            tables = read.xlsx_sheets(path, spec.header.sheets, spec.header.marker, spec.header.search_rows, True)
            candidates = [(t.headers, t.sheet) for t in tables]
        for headers, sheet in candidates:
            fit = match_header(spec, headers, sheet)
            if fit.complete:
                best.append(fit)
            elif result.nearest is None or fit.score > result.nearest.score:
                result.nearest = fit
    if best:
        best.sort(key=lambda m: len(m.found), reverse=True)
        result.match = best[0]
    return result
