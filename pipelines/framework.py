"""The equality outcomes framework as data: outcomes, KPIs, leads, targets, action plans.

The Board agrees the framework each year, so it lives in `config/framework.yaml`, not in
code. This module validates it (pydantic) and says clearly what is wrong: an unknown field,
a KPI without a denominator rule, an unknown work stream or characteristic.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from pipelines import reference as ref
from pipelines.config_files import load_yaml_model
from pipelines.sources import SOURCES


class FrameworkError(Exception):
    """The framework config cannot be used; the message says where and why."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Domain(Strict):
    id: str
    name: str
    description: str = ""


class Outcome(Strict):
    id: str
    title: str
    description: str = ""
    domain: str


class Lead(Strict):
    id: str
    role: str = Field(description="A Director-level role, never a named person")
    work_stream: str


class Rule(Strict):
    """Which rows of a source count: `where` maps a column to the values it must take;
    `sum` names a count column to add up (pre-aggregated sources) instead of counting rows."""

    source: str
    where: dict[str, list[str | int]] = Field(default_factory=dict)
    sum: str | None = None
    value: str | None = Field(default=None, description="column averaged by mean_score KPIs")
    text: str | None = Field(default=None, description="the rule in plain English, as pages and downloads show it")

    @model_validator(mode="after")
    def _known_columns(self) -> Rule:
        if self.source not in SOURCES:
            raise ValueError(f"unknown source '{self.source}' (known: {', '.join(SOURCES)})")
        spec = SOURCES[self.source]
        for column in [*self.where, *(c for c in (self.sum, self.value) if c)]:
            if column not in spec.columns:
                raise ValueError(
                    f"source '{self.source}' has no column '{column}' (columns: {', '.join(sorted(spec.columns))})"
                )
        if spec.needs_sum and not self.sum:
            raise ValueError(f"source '{self.source}' is pre-aggregated: say which column to `sum`")
        return self

    def describe(self) -> str:
        """The rule in plain English: `text` from the config, else words made from the filter."""
        if self.text:
            return self.text
        what = {
            "workforce": "staff in the workforce snapshot",
            "workforce_events": "workforce events",
            "patient_experience": "patient survey answers",
            "staff_survey": "staff survey",
            "population": "residents (census)",
            "other_indicators": "the published indicator",
            "voices": "quotes from engagement work",
        }.get(self.source, self.source)
        if self.sum in ("positive", "respondents"):
            what = f"{'positive answers' if self.sum == 'positive' else 'respondents'} in the {what}"
        elif self.sum:
            what = f"the {self.sum.replace('_', ' ')} of {what}"
        filters = [
            f"{column.replace('_', ' ')} {' or '.join(str(v).replace('_', ' ') for v in values)}"
            for column, values in self.where.items()
        ]
        return what + (f" where {'; '.join(filters)}" if filters else "")

    def describe_as_filter(self) -> str:
        """The rule as the table filter it is (for analysts)."""
        parts = [f"{'sum of ' + self.sum if self.sum else 'rows'} in {self.source}"]
        parts += [f"{k} in ({', '.join(map(str, v))})" for k, v in self.where.items()]
        return "; ".join(parts)


MeasureType = Literal["proportion", "rate", "ratio", "dsr", "mean_score", "count", "share"]
# closer_to_1: relative likelihoods, where 1.00 means equal and the framework's target band
# (WRES / WDES: 0.80-1.25) means no adverse impact.
Polarity = Literal["high_is_good", "low_is_good", "closer_to_1", "no_judgement"]


class RagRule(Strict):
    """How a value is rated against its target; one rule for every KPI (a KPI may set its
    own `nearly_met_within`)."""

    nearly_met_within: float = Field(
        default=0.10, ge=0, le=1, description="Nearly met: misses the target by no more than this share of it"
    )
    labels: dict[str, str] = Field(
        default_factory=lambda: {
            "green": "Met",
            "amber": "Nearly met",
            "red": "Not met",
            "not assessed": "Not assessed",
            "no target": "No target",
        }
    )

    @field_validator("labels")
    @classmethod
    def _every_status(cls, value: dict[str, str]) -> dict[str, str]:
        missing = {"green", "amber", "red", "not assessed", "no target"} - set(value)
        if missing:
            raise ValueError(f"labels needs a word for every status; missing: {', '.join(sorted(missing))}")
        return value


class KPI(Strict):
    id: str
    title: str
    short_title: str | None = None
    definition: str
    outcome: str
    domain: str
    work_streams: list[str]
    lead: str
    numerator: Rule
    denominator: Rule | None = None
    benchmark_population: Rule | None = Field(
        default=None, description="share KPIs: the population whose group shares are the benchmark"
    )
    measure_type: MeasureType
    multiplier: float = 1
    unit: str = ""
    polarity: Polarity
    target: float | None = None
    target_range: tuple[float, float] | None = None
    nearly_met_within: float | None = Field(default=None, ge=0, le=1, description="overrides the framework's RAG rule")
    population_note: str | None = Field(
        default=None, description="said next to the GM value, e.g. when GM includes organisations outside the ten"
    )
    reference_group: dict[str, str] = Field(default_factory=dict)
    focus_group: str | None = Field(default=None, description="share KPIs: the group whose share is the headline value")
    ratio_groups: tuple[str, str] | None = Field(
        default=None, description="ratio KPIs: (group whose likelihood is on top, group below)"
    )
    threshold: int | None = None
    min_denominator: int | None = None
    breakdowns: list[str] = Field(default_factory=list)
    split_by_work_stream: bool = False
    period_type: Literal["financial_year", "quarter", "calendar_year"] = "financial_year"
    method: str = ""
    eds_outcome: str | None = None

    @field_validator("breakdowns")
    @classmethod
    def _known_breakdowns(cls, value: list[str]) -> list[str]:
        for breakdown in value:
            for part in breakdown.split("*"):
                if part not in ref.CHARACTERISTIC_BY_CODE and part != "age_esp":
                    raise ValueError(f"unknown characteristic '{part}' in breakdown '{breakdown}'")
        return value

    @field_validator("work_streams")
    @classmethod
    def _known_work_streams(cls, value: list[str]) -> list[str]:
        unknown = [w for w in value if w not in ref.WORK_STREAMS]
        if unknown:
            raise ValueError(f"unknown work stream(s) {unknown} (known: {', '.join(ref.WORK_STREAMS)})")
        if not value:
            raise ValueError("a KPI needs at least one work stream")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> KPI:
        if self.measure_type not in {"count", "share", "dsr"} and self.denominator is None:
            raise ValueError(f"measure type '{self.measure_type}' needs a denominator rule")
        if self.measure_type == "ratio" and (self.ratio_groups is None or len(self.breakdowns) != 1):
            raise ValueError("a ratio KPI needs `ratio_groups` and exactly one breakdown")
        if self.measure_type == "share" and (len(self.breakdowns) < 1 or not self.focus_group):
            raise ValueError("a share KPI needs a breakdown and a `focus_group`")
        if self.polarity == "closer_to_1" and (self.measure_type != "ratio" or self.target_range is None):
            raise ValueError("polarity closer_to_1 is for ratio KPIs with a target_range (the no-adverse-impact band)")
        if self.measure_type == "mean_score" and not self.numerator.value:
            raise ValueError("a mean_score KPI needs `numerator.value`, the column to average")
        return self

    @property
    def label(self) -> str:
        return self.short_title or self.title


class PublishedEntry(Strict):
    """A published indicator (e.g. Fingertips 93356, loaded as `FT93356`) given a place in the
    framework: its outcome, work streams, target and polarity. Without an entry it still
    appears, under "Published indicators", compared with GM without a judgement."""

    fingertips_id: int | None = None
    indicator_id: str | None = Field(default=None, description="as loaded, e.g. FT93356 or GPPS_Q28")
    title: str | None = None
    outcome: str | None = None
    domain: str | None = None
    lead: str | None = None
    work_streams: list[str] = Field(default_factory=list)
    target: float | None = None
    polarity: Polarity | None = None

    @model_validator(mode="after")
    def _named(self) -> PublishedEntry:
        if (self.fingertips_id is None) == (self.indicator_id is None):
            raise ValueError("name the indicator by `fingertips_id` or by `indicator_id` (one of them)")
        unknown = [w for w in self.work_streams if w not in ref.WORK_STREAMS]
        if unknown:
            raise ValueError(f"unknown work stream(s) {unknown} (known: {', '.join(ref.WORK_STREAMS)})")
        return self

    @property
    def id(self) -> str:
        return self.indicator_id or f"FT{self.fingertips_id}"


class ActionPlan(Strict):
    id: str
    title: str
    kpi: str | None = None
    outcome: str | None = None
    status: Literal["not started", "on track", "at risk", "off track", "complete"]
    owner_role: str
    due: date
    last_updated: date | None = None


class Framework(Strict):
    version: str
    title: str
    agreed_by: str
    agreed_on: date
    default_threshold: int = 5
    survey_min_respondents: int = 10
    rag: RagRule = Field(default_factory=RagRule)
    reference_groups: dict[str, str]
    domains: list[Domain]
    outcomes: list[Outcome]
    leads: list[Lead]
    kpis: list[KPI]
    action_plans: list[ActionPlan] = Field(default_factory=list)
    published_indicators: list[PublishedEntry] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        problems: list[str] = []
        domain_ids = {d.id for d in self.domains}
        outcome_ids = {o.id for o in self.outcomes}
        lead_ids = {lead.id for lead in self.leads}
        kpi_ids = [k.id for k in self.kpis]
        for dup in {i for i in kpi_ids if kpi_ids.count(i) > 1}:
            problems.append(f"KPI id '{dup}' is used more than once")
        for outcome in self.outcomes:
            if outcome.domain not in domain_ids:
                problems.append(f"outcome {outcome.id}: unknown domain '{outcome.domain}'")
        for lead in self.leads:
            if lead.work_stream not in ref.WORK_STREAMS:
                problems.append(f"lead {lead.id}: unknown work stream '{lead.work_stream}'")
        for kpi in self.kpis:
            if kpi.outcome not in outcome_ids:
                problems.append(f"KPI {kpi.id}: unknown outcome '{kpi.outcome}'")
            if kpi.domain not in domain_ids:
                problems.append(f"KPI {kpi.id}: unknown domain '{kpi.domain}'")
            if kpi.lead not in lead_ids:
                problems.append(f"KPI {kpi.id}: unknown lead '{kpi.lead}'")
        for entry in self.published_indicators:
            if entry.outcome and entry.outcome not in outcome_ids:
                problems.append(f"published indicator {entry.id}: unknown outcome '{entry.outcome}'")
            if entry.domain and entry.domain not in domain_ids:
                problems.append(f"published indicator {entry.id}: unknown domain '{entry.domain}'")
            if entry.lead and entry.lead not in lead_ids:
                problems.append(f"published indicator {entry.id}: unknown lead '{entry.lead}'")
        for plan in self.action_plans:
            if plan.kpi and plan.kpi not in kpi_ids:
                problems.append(f"action plan {plan.id}: unknown KPI '{plan.kpi}'")
            if plan.outcome and plan.outcome not in outcome_ids:
                problems.append(f"action plan {plan.id}: unknown outcome '{plan.outcome}'")
        for breakdown, group in self.reference_groups.items():
            if breakdown not in ref.CHARACTERISTIC_BY_CODE:
                problems.append(f"reference_groups: unknown characteristic '{breakdown}'")
            elif group not in ref.CHARACTERISTIC_BY_CODE[breakdown].group_codes():
                problems.append(f"reference_groups: '{group}' is not a group of {breakdown}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def reference_group_for(self, kpi: KPI, breakdown: str) -> str | None:
        """The group a KPI's gaps are measured against in a breakdown (`a*b` combines)."""
        if breakdown in kpi.reference_group:
            return kpi.reference_group[breakdown]
        parts = [kpi.reference_group.get(p, self.reference_groups.get(p)) for p in breakdown.split("*")]
        return None if any(p is None for p in parts) else "*".join(parts)

    def nearly_met_within(self, kpi: KPI) -> float:
        return kpi.nearly_met_within if kpi.nearly_met_within is not None else self.rag.nearly_met_within

    def threshold_for(self, kpi: KPI) -> int:
        return kpi.threshold if kpi.threshold is not None else self.default_threshold


def load_framework(path: Path) -> Framework:
    """Read and validate the framework config; raise FrameworkError naming the problem."""
    return load_yaml_model(path, Framework, "the framework config", error=FrameworkError)
