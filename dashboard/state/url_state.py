"""Filters in the URL query string: parse, validate against the warehouse, write back.

A view is its URL: `/localities?locality=E08000003&characteristic=ethnic_group` can be
bookmarked, shared and reloaded. Parameters (all optional):

    locality         ONS area code (or name); default: Greater Manchester
    work_stream      work stream code (or name); default: all work streams
    characteristic   breakdown code (or label); default: all people
    group            group code (or label) of that characteristic; default: all groups
    characteristic2  a second characteristic for intersections; default: none
    period           reporting period, e.g. 2024/25; default: the latest

A bad or stale value never raises: it is replaced by the default and a friendly message says
so ("Unknown locality 'XYZ' - showing Greater Manchester instead."). Parameters this module
does not know (a page's own, e.g. `tab`) are kept as they are.

Everything here is pure except `load_options`, which reads the lookups (cached).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from dashboard.state.errors import InvalidInput, as_text
from dashboard.warehouse.cache import warehouse_cached

ALL = "all"
LATEST = "latest"
NONE = "none"
PARAMETERS = ("locality", "work_stream", "characteristic", "group", "characteristic2", "period")
MAX_SHOWN_LENGTH = 40

Option = tuple[str, str]  # (value, label)


@dataclass(frozen=True)
class FilterOptions:
    """Valid values of every filter, from the warehouse lookups, with their labels."""

    localities: tuple[Option, ...]
    default_locality: str
    work_streams: tuple[Option, ...]  # starts with ("all", "All work streams")
    characteristics: tuple[Option, ...]  # starts with ("all", "All people")
    groups: Mapping[str, tuple[Option, ...]]  # by characteristic; each starts with "all"
    periods: tuple[Option, ...]  # starts with ("latest", "Latest available"), newest next

    def defaults(self) -> Filters:
        return Filters(locality=self.default_locality)

    def label(self, parameter: str, value: str, characteristic: str = ALL) -> str:
        """The label people see for a filter value (the value itself when unknown)."""
        choices = self.choices(parameter, characteristic)
        return dict(choices).get(value, value)

    def choices(self, parameter: str, characteristic: str = ALL) -> tuple[Option, ...]:
        if parameter == "locality":
            return self.localities
        if parameter == "work_stream":
            return self.work_streams
        if parameter == "characteristic":
            return self.characteristics
        if parameter == "characteristic2":
            return ((NONE, "None"),) + tuple(
                option for option in self.characteristics if option[0] not in (ALL, characteristic)
            )
        if parameter == "group":
            return self.groups.get(characteristic, ((ALL, "All groups"),))
        if parameter == "period":
            return self.periods
        raise KeyError(parameter)


@dataclass(frozen=True)
class Filters:
    """The validated global filters (what the `filters` store holds, as a dict)."""

    locality: str
    work_stream: str = ALL
    characteristic: str = ALL
    group: str = ALL
    characteristic2: str = NONE
    period: str = LATEST
    # Canonical query string for these filters ("" or "?..."): append it to in-app links.
    query: str = field(default="", compare=False)

    def to_store(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_store(cls, data: Mapping[str, Any] | None) -> Filters | None:
        """Filters from the `filters` store (None before the URL has been read, or when the
        store holds something else). Callbacks use `dashboard.state.inputs.filters`, which
        also validates the values."""
        if not isinstance(data, Mapping) or not isinstance(data.get("locality"), str) or not data["locality"]:
            return None
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if not all(isinstance(v, str) for v in values.values()):
            return None
        return cls(**values)

    @property
    def breakdown(self) -> str:
        """The breakdown code for `indicator_values` ("all", a characteristic, or "a*b")."""
        if self.characteristic != ALL and self.characteristic2 != NONE:
            return f"{self.characteristic}*{self.characteristic2}"
        return self.characteristic

    def href(self, path: str) -> str:
        """An in-app link that keeps these filters: `filters.href("/indicators/PX01")`."""
        return f"{path}{self.query}"


@dataclass(frozen=True)
class ParsedQuery:
    filters: Filters
    messages: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()  # parameters that are not filters, kept in order


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def resolve(raw: str, choices: tuple[Option, ...]) -> str | None:
    """The option value `raw` names (exact value first, then value or label ignoring case,
    spaces, hyphens and underscores), or None."""
    text = raw.strip()
    for value, _ in choices:
        if text == value:
            return value
    folded = _fold(text)
    for value, label in choices:
        if folded in (_fold(value), _fold(label)):
            return value
    return None


def _shown(raw: str) -> str:
    text = raw.strip()
    return text if len(text) <= MAX_SHOWN_LENGTH else text[: MAX_SHOWN_LENGTH - 1] + "…"


def parse_query(search: str | None, options: FilterOptions) -> ParsedQuery:
    """Validate a query string ("?locality=..." or "") into filters and messages."""
    if search is not None and not isinstance(search, str):
        raise InvalidInput("the address's query string must be text")
    given: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for key, value in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        name = key.strip().lower()
        if name in PARAMETERS:
            given.setdefault(name, value)  # a repeated parameter: the first one counts
        else:
            extra.append((key, value))
    messages: list[str] = []
    defaults = options.defaults()
    chosen: dict[str, str] = {}

    def pick(parameter: str, noun: str, instead: str, characteristic: str = ALL, context: str = "") -> None:
        raw = given.get(parameter, "")
        if not raw.strip():
            return
        value = resolve(raw, options.choices(parameter, characteristic))
        if value is None:
            messages.append(f"Unknown {noun} '{_shown(raw)}'{context} — showing {instead} instead.")
        else:
            chosen[parameter] = value

    gm_label = options.label("locality", defaults.locality)
    pick("locality", "locality", gm_label)
    pick("work_stream", "work stream", "all work streams")
    pick("characteristic", "characteristic", "all people")
    pick("period", "period", "the latest period")
    characteristic = chosen.get("characteristic", ALL)

    raw_group = given.get("group", "")
    if raw_group.strip():
        if characteristic == ALL:
            if resolve(raw_group, ((ALL, "All groups"),)) is None:
                messages.append(f"Group '{_shown(raw_group)}' needs a characteristic — showing all groups instead.")
        else:
            label = options.label("characteristic", characteristic)
            pick("group", "group", "all groups", characteristic, context=f" for {label}")

    raw_second = given.get("characteristic2", "")
    if raw_second.strip() and resolve(raw_second, ((NONE, "None"),)) is None:
        if characteristic == ALL:
            messages.append(
                f"A second characteristic ('{_shown(raw_second)}') needs a first one — showing no intersection instead."
            )
        elif resolve(raw_second, options.characteristics) == characteristic:
            messages.append(
                f"The second characteristic is the same as the first ('{_shown(raw_second)}') "
                "— showing no intersection instead."
            )
        else:
            pick("characteristic2", "second characteristic", "no intersection", characteristic)

    filters = with_query(replace(defaults, **chosen), options)
    return ParsedQuery(filters, tuple(messages), tuple(extra))


def normalise(filters: Filters, options: FilterOptions) -> Filters:
    """Filters with every value valid again after one control changed (e.g. a group that
    does not belong to a newly chosen characteristic falls back to "all")."""
    values = {}
    for parameter in PARAMETERS:
        value = getattr(filters, parameter)
        choices = options.choices(parameter, filters.characteristic)
        default = getattr(options.defaults(), parameter)
        values[parameter] = value if value in dict(choices) else default
    return with_query(replace(filters, **values), options)


def with_query(filters: Filters, options: FilterOptions) -> Filters:
    """`filters` with its `query` set to the canonical query string of its filters."""
    return replace(filters, query=query_string(filters, options))


def query_string(filters: Filters, options: FilterOptions, extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The shortest query string for `filters` ("" when every filter is at its default),
    followed by any extra, non-filter parameters."""
    defaults = options.defaults()
    pairs = [
        (parameter, getattr(filters, parameter))
        for parameter in PARAMETERS
        if getattr(filters, parameter) != getattr(defaults, parameter)
    ]
    pairs += list(extra)
    return f"?{urlencode(pairs, safe='/*')}" if pairs else ""


def set_parameters(search: str | None, options: FilterOptions, changes: Mapping[str, str | None]) -> str:
    """The canonical query string after a page's own controls change some parameters.

    For a page whose control writes a global filter (e.g. a period list of only the periods
    it has data for) or a parameter of its own (e.g. `organisation`). Filters in `changes`
    are validated like the filter bar's, and None or "" resets one to its default; any other
    name is kept as given, or dropped when None or "". Write the result to the shell's URL
    (`Output(URL, "search", allow_duplicate=True)`); the filter bar does the rest.
    """
    parsed = parse_query(search, options)
    changes = {name: as_text(value, f"the {name}") for name, value in changes.items()}
    defaults = options.defaults()
    chosen = {name: value or getattr(defaults, name) for name, value in changes.items() if name in PARAMETERS}
    filters = normalise(replace(parsed.filters, **chosen), options)
    extra = [(name, value) for name, value in parsed.extra if name not in changes]
    extra += [(name, value) for name, value in changes.items() if name not in PARAMETERS and value]
    return query_string(filters, options, tuple(extra))


def options_from_frames(
    localities: Any, work_streams: Any, characteristics: Any, groups: Any, periods: Any
) -> FilterOptions:
    """Build `FilterOptions` from the lookup tables (DataFrames as `dashboard.warehouse` returns)."""
    areas = tuple(zip(localities["area_code"], localities["area_name"], strict=True))
    regions = localities[localities["area_type"] == "region"]["area_code"].tolist()
    default_locality = regions[0] if regions else areas[0][0]
    characteristic_rows = characteristics[characteristics["breakdown"] != ALL]
    all_label = dict(zip(characteristics["breakdown"], characteristics["breakdown_label"], strict=True)).get(
        ALL, "All people"
    )
    group_options: dict[str, tuple[Option, ...]] = {}
    for breakdown in characteristic_rows["breakdown"]:
        rows = groups[groups["breakdown"] == breakdown]
        group_options[breakdown] = ((ALL, "All groups"),) + tuple(
            zip(rows["group_code"], rows["group_label"], strict=True)
        )
    return FilterOptions(
        localities=areas,
        default_locality=default_locality,
        work_streams=((ALL, "All work streams"),)
        + tuple(zip(work_streams["work_stream"], work_streams["work_stream_name"], strict=True)),
        characteristics=((ALL, all_label),)
        + tuple(
            zip(
                characteristic_rows["breakdown"],
                characteristic_rows["breakdown_label"],
                strict=True,
            )
        ),
        groups=group_options,
        periods=((LATEST, "Latest available"),) + tuple((p, p) for p in periods["period"]),
    )


@warehouse_cached
def load_options() -> FilterOptions:
    """Filter options from the running app's warehouse, built once per warehouse file (every
    filter change and most page callbacks need them)."""
    from dashboard.warehouse import framework

    return options_from_frames(
        framework.localities(),
        framework.work_streams(),
        framework.characteristics(),
        framework.characteristic_groups(),
        framework.periods(),
    )
