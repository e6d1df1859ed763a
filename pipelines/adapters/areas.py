"""GM's sub-ICB locations (CCGs until July 2022) and the locality each one is.

One table (`config/adapters/lookups/sub_icb_locations.yaml`) serves every adapter that meets
these codes: the GP Patient Survey's CCG / sub-ICB code column (ODS codes such as 00T) and
Fingertips' "Sub-ICB location" / "CCG" rows (ONS codes such as E38000016). A code found
there is its locality; a former GM CCG code, or any other sub-ICB / CCG code, has a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pipelines import reference as ref
from pipelines.errors import BuildError

SUB_ICB_FILE = Path(__file__).resolve().parents[2] / "config" / "adapters" / "lookups" / "sub_icb_locations.yaml"
SHOWN_AS = "config/adapters/lookups/sub_icb_locations.yaml"


@dataclass(frozen=True)
class SubIcbLocation:
    ods: str
    ons: str
    name: str
    locality: str
    note: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} sub-ICB location ({self.ons}, {self.ods})"


@dataclass(frozen=True)
class SubIcbTable:
    locations: tuple[SubIcbLocation, ...]
    former: dict[str, str]

    def find(self, code: str | None) -> SubIcbLocation | None:
        """The location an ODS (00T) or ONS (E38000016) code names, any case."""
        code = (code or "").strip().upper()
        return next((s for s in self.locations if code in (s.ods.upper(), s.ons.upper())), None)

    def locality(self, code: str | None) -> str | None:
        found = self.find(code)
        return found.locality if found else None

    def ons_codes(self) -> set[str]:
        return {s.ons for s in self.locations}

    def why_not(self, code: str, name: str | None = None) -> str:
        """Why a sub-ICB location / CCG code is not placed in a locality."""
        code = (code or "").strip()
        named = f"{code} ({name})" if name else code
        if code.upper() in self.former:
            return f"CCG {named} is {self.former[code.upper()]}"
        return f"sub-ICB location / CCG {named} is not one of Greater Manchester's ten ({SHOWN_AS})"


def is_sub_icb(code: str | None, area_type: str | None) -> bool:
    """A sub-ICB location or CCG row: by its area type, or an ONS E38 code."""
    kind = (area_type or "").lower()
    return bool(re.search(r"sub[- ]icb|\bccgs?\b", kind)) or (code or "").strip().upper().startswith("E38")


@cache
def sub_icb_table(path: Path = SUB_ICB_FILE) -> SubIcbTable:
    """The table, checked: the ten localities once each, every code distinct."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        locations = tuple(
            SubIcbLocation(str(e["ods"]).upper(), str(e["ons"]).upper(), e["name"], e["locality"], e.get("note"))
            for e in data.get("locations", [])
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise BuildError(f"{path}: cannot read the sub-ICB location table: {exc}") from None
    places = [s.locality for s in locations]
    if sorted(places) != sorted(ref.LOCALITY_NAMES):
        raise BuildError(f"{path}: must list each of the ten localities once (it lists {', '.join(places)})")
    codes = [c for s in locations for c in (s.ods, s.ons)]
    if len(set(codes)) != len(codes):
        raise BuildError(f"{path}: a sub-ICB code is listed twice")
    former = {str(k).upper(): str(v) for k, v in (data.get("former") or {}).items()}
    return SubIcbTable(locations, former)
