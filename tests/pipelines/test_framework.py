"""The framework is data: it validates with clear errors, and a KPI added only in config
appears in the marts with no code change."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from pipelines import settings
from pipelines.build import build
from pipelines.framework import FrameworkError, load_framework
from pipelines.reference import WORK_STREAMS


def framework_dict() -> dict:
    return yaml.safe_load(settings.DEFAULT_FRAMEWORK.read_text())


def write_framework(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_shipped_framework_is_complete():
    fw = load_framework(settings.DEFAULT_FRAMEWORK)
    assert len(fw.kpis) >= 30
    assert {d.id for d in fw.domains} == {kpi.domain for kpi in fw.kpis}
    assert set(WORK_STREAMS) == {w for kpi in fw.kpis for w in kpi.work_streams}
    ids = {kpi.id for kpi in fw.kpis}
    assert {f"WRES{i}" for i in range(1, 10)} <= ids
    assert any("*" in b for kpi in fw.kpis for b in kpi.breakdowns)  # intersections
    assert sum("*" in b for kpi in fw.kpis for b in kpi.breakdowns) >= 2
    assert any(kpi.numerator.source == "voices" for kpi in fw.kpis)
    assert any(kpi.measure_type == "dsr" for kpi in fw.kpis)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda k: k.update(colour="red"), r"kpis\[0\] \(id WRES1\)\.colour: Extra inputs are not permitted"),
        (lambda k: k.update(work_streams=["dentistry"]), r"unknown work stream"),
        (lambda k: k.update(measure_type="proportion", denominator=None), r"needs a denominator rule"),
        (lambda k: k.update(breakdowns=["shoe_size"]), r"unknown characteristic 'shoe_size'"),
        (lambda k: k["numerator"].update(where={"colour": ["red"]}), r"source 'workforce' has no column 'colour'"),
        (lambda k: k.update(outcome="OUT99"), r"KPI WRES1: unknown outcome 'OUT99'"),
    ],
)
def test_invalid_config_names_the_kpi_and_the_problem(tmp_path, change, message):
    data = framework_dict()
    change(data["kpis"][0])
    with pytest.raises(FrameworkError, match=message):
        load_framework(write_framework(tmp_path, data))


def test_unreadable_yaml_is_reported(tmp_path):
    path = tmp_path / "framework.yaml"
    path.write_text("kpis: [unclosed")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        load_framework(path)


def test_a_kpi_added_only_in_config_appears_in_the_marts(demo_extracts, tmp_path):
    data = framework_dict()
    data["kpis"].append(
        {
            "id": "NEW_CARERS_TRUST",
            "title": "Carers who had confidence and trust in staff",
            "definition": "Percentage of responses from unpaid carers agreeing they had confidence and trust in staff.",
            "outcome": "OUT1",
            "domain": "D1",
            "work_streams": ["community_care"],
            "lead": "director_community",
            "numerator": {
                "source": "patient_experience",
                "where": {"question_code": ["confidence_trust"], "answer": [4, 5], "carer": ["Y"]},
            },
            "denominator": {
                "source": "patient_experience",
                "where": {"question_code": ["confidence_trust"], "carer": ["Y"]},
            },
            "measure_type": "proportion",
            "multiplier": 100,
            "unit": "%",
            "polarity": "high_is_good",
            "target": 80,
            "min_denominator": 10,
            "breakdowns": ["sex"],
        }
    )
    warehouse = tmp_path / "w.duckdb"
    build(demo_extracts, warehouse, framework_path=write_framework(tmp_path, data))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        kpi = con.execute("SELECT title FROM kpis WHERE indicator_id = 'NEW_CARERS_TRUST'").fetchone()
        rows = con.execute(
            "SELECT count(*), count(DISTINCT area_code), count(*) FILTER (WHERE breakdown = 'sex') "
            "FROM indicator_values WHERE indicator_id = 'NEW_CARERS_TRUST'"
        ).fetchone()
    assert kpi == ("Carers who had confidence and trust in staff",)
    assert rows[0] > 0 and rows[1] == 11 and rows[2] > 0
