"""What an adapter mapping file (`config/adapters/<name>.yaml`) may say, checked on loading.

An adapter turns a file as its publisher issues it into rows of one canonical extract. The
mapping file says how the file is recognised (its header, never its name), which of its
columns feed which extract column, how published codes translate, and which cells are
published suppression markers. A Python reshaper (`pipelines/adapters/<name>.py`) is named
only where the shape needs more than a column map (wide to long, derived columns).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipelines.config_files import load_yaml_model
from pipelines.extracts import EXTRACT_BY_NAME, Extract

# Markers publishers print in place of a number they withhold (ONS, NHS England, OHID, GPPS).
STANDARD_MARKERS = ("*", "c", "[c]", "x", "[x]", "-", "..", "/", "-97", ":", "[z]", "[u]", "[low]")


def normalise(text: str) -> str:
    """A header cell as compared: case, spacing and a byte order mark do not matter."""
    return " ".join(str(text).replace("\ufeff", "").split()).lower()


class HeaderSpec(BaseModel):
    """How the file's header row is recognised."""

    model_config = ConfigDict(extra="forbid")
    required: list[str] = Field(default_factory=list)  # header cells that must all be there (any case)
    # name -> regular expression one header cell must match in full (for a column whose name varies)
    patterns: dict[str, str] = Field(default_factory=dict)
    optional: list[str] = Field(default_factory=list)  # used when present
    min_columns: int | None = None
    max_columns: int | None = None
    # XLSX: sheets whose name matches, and the cell text that marks the header row
    sheets: str | None = None
    marker: str | None = None
    search_rows: int = 30  # rows searched for the marker

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: dict[str, str]) -> dict[str, str]:
        for name, pattern in patterns.items():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {name}: not a regular expression ({exc})") from None
        return patterns


class SuppressionSpec(BaseModel):
    """Cells that hold a published suppression marker: kept as suppressed, never as zero."""

    model_config = ConfigDict(extra="forbid")
    markers: list[str] = Field(default_factory=lambda: list(STANDARD_MARKERS))
    columns: list[str] = Field(default_factory=list)  # extract columns that may hold a marker
    flag: str | None = None  # extract column set to true on a suppressed row
    note: str | None = None  # extract column that gets the marker (if blank)
    # A blank value with text in this extract column is suppressed too (e.g. Fingertips' Value note)
    blank_with_note: str | None = None


class AdapterSpec(BaseModel):
    """One adapter, as its mapping file declares it."""

    model_config = ConfigDict(extra="forbid")
    name: str
    title: str
    publisher: str = ""
    documentation: str = ""  # where the layout is documented
    target: str  # the canonical extract the rows load into
    formats: list[str] = Field(default_factory=lambda: ["csv"])  # csv, xlsx
    header: HeaderSpec
    # extract column -> the file's header (any case) or `@<pattern name>` for a matched pattern
    columns: dict[str, str] = Field(default_factory=dict)
    constants: dict[str, str] = Field(default_factory=dict)  # extract column -> a fixed value
    # extract column -> published value (any case) -> canonical code; unlisted values pass through
    codes: dict[str, dict[str, str]] = Field(default_factory=dict)
    suppression: SuppressionSpec | None = None
    short_rows: int = 0  # data rows may be up to this many fields short of the header (padded blank)
    reshaper: str | None = None  # module under pipelines.adapters with `reshape(table, spec, context)`
    uses: list[str] = Field(default_factory=list)  # more headers the reshaper reads (not "unused")
    options: dict = Field(default_factory=dict)  # free settings for the reshaper
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("target")
    @classmethod
    def _known_target(cls, target: str) -> str:
        if target not in EXTRACT_BY_NAME:
            raise ValueError(f"no extract called {target}; use one of {', '.join(EXTRACT_BY_NAME)}")
        return target

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, formats: list[str]) -> list[str]:
        unknown = [f for f in formats if f not in {"csv", "xlsx"}]
        if unknown:
            raise ValueError(f"unknown format(s) {', '.join(unknown)} (csv, xlsx)")
        return formats

    @model_validator(mode="after")
    def _columns_exist(self) -> AdapterSpec:
        names = {c.name for c in self.extract.columns}
        used = [*self.columns, *self.constants, *self.codes]
        if self.suppression:
            used += [*self.suppression.columns]
            used += [c for c in (self.suppression.flag, self.suppression.note, self.suppression.blank_with_note) if c]
        unknown = sorted({c for c in used if c not in names})
        if unknown:
            raise ValueError(f"{self.target} has no column(s) {', '.join(unknown)}")
        for column, source in self.columns.items():
            if source.startswith("@") and source[1:] not in self.header.patterns:
                raise ValueError(f"columns.{column}: no header pattern called {source[1:]}")
        return self

    @property
    def extract(self) -> Extract:
        return EXTRACT_BY_NAME[self.target]

    @cached_property
    def compiled_patterns(self) -> dict[str, re.Pattern]:
        return {name: re.compile(p, re.IGNORECASE) for name, p in self.header.patterns.items()}


def load_spec(path: Path) -> AdapterSpec:
    """Read and check one mapping file; a mistake in it names the file and the field."""
    spec = load_yaml_model(path, AdapterSpec, "the adapter mapping file")
    spec.path = Path(path)
    return spec
