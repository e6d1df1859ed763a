"""The one sub-ICB location table both the GP Patient Survey and Fingertips adapters read."""

from __future__ import annotations

import pytest

from pipelines import reference as ref
from pipelines.adapters import areas
from pipelines.errors import BuildError


def test_the_ten_localities_once_each_by_ods_and_ons_code():
    table = areas.sub_icb_table()
    assert sorted(s.locality for s in table.locations) == sorted(ref.LOCALITY_NAMES)
    assert table.locality("00t") == table.locality("E38000016") == "E08000001"
    assert {s.ods for s in table.locations} == {"00T", "00V", "14L", "00Y", "01D", "01G", "01W", "01Y", "02A", "02H"}
    assert table.locality("E38000229") is None
    assert "former Manchester CCG" in table.why_not("E38000158")


def test_an_area_type_or_an_e38_code_marks_a_sub_icb_row():
    assert areas.is_sub_icb("E38000016", "")
    assert areas.is_sub_icb("X", "CCGs (from Apr 2021)") and areas.is_sub_icb("X", "Sub-ICB")
    assert not areas.is_sub_icb("E08000001", "District & UA")


def test_a_table_missing_a_locality_names_the_file(tmp_path):
    path = tmp_path / "sub_icb.yaml"
    path.write_text('locations:\n  - {ods: "00T", ons: E38000016, name: NHS Bolton, locality: E08000001}\n')
    with pytest.raises(BuildError, match="sub_icb.yaml: must list each of the ten localities once"):
        areas.sub_icb_table(path)
