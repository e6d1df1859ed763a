"""The indicator engine's output on a real (small) demo build: every KPI computed, no
small number published, suppressed rows blank, benchmarks and comparisons consistent."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import settings
from pipelines.framework import load_framework


@pytest.fixture(scope="module")
def con(demo_warehouse):
    connection = duckdb.connect(str(demo_warehouse), read_only=True)
    yield connection
    connection.close()


def test_every_kpi_in_the_framework_has_values_for_every_area(con):
    fw = load_framework(settings.DEFAULT_FRAMEWORK)
    counts = dict(
        con.execute("SELECT indicator_id, count(DISTINCT area_code) FROM indicator_values GROUP BY 1").fetchall()
    )
    assert {k.id for k in fw.kpis} == set(counts)
    assert all(n == 11 for n in counts.values()), counts


def test_no_published_count_is_below_the_threshold(con):
    small = con.execute(
        """
        SELECT v.indicator_id, v.numerator, v.denominator FROM indicator_values v JOIN kpis k USING (indicator_id)
        WHERE NOT v.suppressed AND k.threshold > 0 AND (
            (v.numerator >= 1 AND v.numerator < k.threshold AND k.measure_type NOT IN ('mean_score', 'dsr'))
            OR (v.denominator >= 1 AND v.denominator < coalesce(k.min_denominator, k.threshold)))
        """
    ).fetchall()
    assert small == []


def test_suppressed_rows_are_blank_and_say_why(con):
    leaked = con.execute(
        "SELECT count(*) FROM indicator_values WHERE suppressed AND (numerator IS NOT NULL OR "
        "denominator IS NOT NULL OR value IS NOT NULL OR lower_ci_95 IS NOT NULL OR upper_ci_95 IS NOT NULL "
        "OR suppression_reason IS NULL)"
    ).fetchone()[0]
    assert leaked == 0
    assert con.execute("SELECT count(*) FROM indicator_values WHERE suppressed").fetchone()[0] > 0


def test_no_breakdown_hides_exactly_one_group(con):
    lone = con.execute(
        """
        SELECT indicator_id, period, area_code, work_stream, breakdown FROM indicator_values
        WHERE breakdown <> 'all' GROUP BY ALL
        HAVING count(*) > 1 AND count(*) FILTER (WHERE suppressed) = 1
        """
    ).fetchall()
    assert lone == []


def test_zero_is_published_as_zero(con):
    zeros = con.execute("SELECT count(*) FROM indicator_values WHERE numerator = 0 AND NOT suppressed").fetchone()[0]
    assert zeros > 0


def test_locality_headlines_are_compared_with_gm(con):
    rows = con.execute(
        """
        SELECT v.value, v.lower_ci_95, v.upper_ci_95, v.benchmark_value, v.comparison, k.polarity,
               gm.value AS gm_value
        FROM indicator_values v JOIN kpis k USING (indicator_id)
        JOIN indicator_values gm ON gm.indicator_id = v.indicator_id AND gm.period = v.period
             AND gm.work_stream = v.work_stream AND gm.breakdown = 'all' AND gm.area_code = 'E47000001'
        WHERE v.breakdown = 'all' AND v.area_code <> 'E47000001' AND NOT v.suppressed
              AND k.measure_type IN ('proportion', 'rate', 'dsr')
        """
    ).fetchall()
    assert rows
    for _value, lower, upper, benchmark, comparison, polarity, gm_value in rows:
        assert benchmark == pytest.approx(gm_value)
        if lower <= benchmark <= upper:
            assert comparison == "similar"
        elif polarity == "high_is_good":
            assert comparison == ("better" if benchmark < lower else "worse")
        elif polarity == "low_is_good":
            assert comparison == ("worse" if benchmark < lower else "better")


def test_relative_likelihood_headline_matches_group_rates(con):
    rows = con.execute(
        """
        SELECT h.value, a.value / b.value FROM indicator_values h
        JOIN indicator_values a ON a.indicator_id = h.indicator_id AND a.period = h.period AND a.area_code = h.area_code
             AND a.breakdown = 'wres_ethnicity' AND a.group_code = 'white'
        JOIN indicator_values b ON b.indicator_id = h.indicator_id AND b.period = h.period AND b.area_code = h.area_code
             AND b.breakdown = 'wres_ethnicity' AND b.group_code = 'bme'
        WHERE h.indicator_id = 'WRES2' AND h.breakdown = 'all' AND h.value IS NOT NULL
              AND a.numerator > 0 AND b.numerator > 0 AND a.numerator < a.denominator AND b.numerator < b.denominator
        """
    ).fetchall()
    assert rows
    for headline, ratio in rows:
        assert headline == pytest.approx(ratio, rel=0.05)  # equal unless a zero cell was corrected


def test_unknown_groups_are_kept_and_never_compared(con):
    rows = con.execute(
        "SELECT DISTINCT comparison FROM indicator_values WHERE is_unknown AND breakdown = 'sexual_orientation'"
    ).fetchall()
    assert rows == [("not compared",)]


def test_inequality_and_completeness_marts(con):
    assert con.execute("SELECT count(*) FROM indicator_inequalities WHERE sii IS NOT NULL").fetchone()[0] > 0
    shares = con.execute(
        "SELECT unknown_share FROM data_completeness WHERE source = 'workforce' AND breakdown = 'sexual_orientation' "
        "AND area_code = 'E47000001'"
    ).fetchall()
    assert shares and all(10 < s < 60 for (s,) in shares)


def test_a_suppressed_reference_group_leaks_through_no_benchmark_gap_or_ratio(con):
    leaks = con.execute(
        """
        SELECT count(*) FROM indicator_values v JOIN kpis k USING (indicator_id)
        JOIN indicator_values r ON r.indicator_id = v.indicator_id AND r.period = v.period
             AND r.area_code = v.area_code AND r.work_stream = v.work_stream AND r.breakdown = v.breakdown
             AND r.is_reference_group
        WHERE v.breakdown <> 'all' AND r.suppressed AND k.measure_type <> 'share'
              AND (v.benchmark_value IS NOT NULL OR v.gap_to_reference IS NOT NULL
                   OR v.ratio_to_reference IS NOT NULL OR v.ratio_lower_ci_95 IS NOT NULL)
        """
    ).fetchone()[0]
    assert leaks == 0


def test_voices_heard_counts_every_voice_once_with_gm_wide_voices_in_gm_only(con):
    rows = con.execute(
        """
        SELECT v.period, v.numerator, f.voices, f.gm_wide, loc.total
        FROM indicator_values v
        JOIN (SELECT period, count(*) AS voices, count(*) FILTER (WHERE locality_code = 'E47000001') AS gm_wide
              FROM voices GROUP BY 1) f USING (period)
        JOIN (SELECT period, sum(numerator) AS total FROM indicator_values
              WHERE indicator_id = 'VOICES_HEARD' AND breakdown = 'all' AND area_code <> 'E47000001'
              GROUP BY 1) loc USING (period)
        WHERE v.indicator_id = 'VOICES_HEARD' AND v.breakdown = 'all' AND v.area_code = 'E47000001'
        """
    ).fetchall()
    assert rows
    for _period, gm_count, voices, gm_wide, locality_total in rows:
        assert gm_count == voices
        assert locality_total == voices - gm_wide


def test_counts_are_never_judged_against_gm(con):
    judged = con.execute(
        "SELECT DISTINCT v.comparison FROM indicator_values v JOIN kpis k USING (indicator_id) "
        "WHERE k.measure_type = 'count'"
    ).fetchall()
    assert judged == [("not compared",)]
