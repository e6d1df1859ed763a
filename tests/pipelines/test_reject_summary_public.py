"""`reject_summary` is what the public data-quality page shows, so no kind of reason may carry
a value from the record it rejected (an id, a date, a code someone typed): over every reject
of a messy demo build, no field of the raw record appears in its kind of reason."""

from __future__ import annotations

import csv
import io
import re

import duckdb

from pipelines.extracts import EXTRACT_BY_NAME

# Words a rule itself uses ("board_voting is true but board_member is false").
RULE_WORDS = {"true", "false"}


def test_no_kind_of_reason_carries_a_value_from_its_record(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as con:
        rejects = con.execute("SELECT extract, reason_kind, raw_text FROM rejects").fetchall()
        summary_columns = [c for (c,) in con.execute("SELECT column_name FROM (DESCRIBE reject_summary)").fetchall()]
    assert len(rejects) > 50 and len({kind for _, kind, _ in rejects}) > 10  # a real variety of reasons
    assert summary_columns == ["load_id", "extract", "source_file", "reason_kind", "column_name", "rows"]
    leaks = set()
    for extract, kind, raw in rejects:
        names = {c.name for c in EXTRACT_BY_NAME[extract].columns} if extract in EXTRACT_BY_NAME else set()
        for row in csv.reader(io.StringIO(raw or "")):
            for field in (f.strip() for f in row):
                if len(field) < 3 or field in names or field.lower() in RULE_WORDS:
                    continue
                if re.search(rf"(?<!\w){re.escape(field)}(?!\w)", kind):
                    leaks.add((extract, kind, field))
        assert "'" not in kind and '"' not in kind
    assert not leaks
