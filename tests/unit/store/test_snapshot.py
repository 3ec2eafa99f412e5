"""The snapshot's text (``store.snapshot.render``): what any JSON reader reads back."""

from __future__ import annotations

import json

from store_samples import ESP, NATO_REPORT, sample_records

from nato_desk.domain import Member, Source
from nato_desk.store.snapshot import render


def test_a_table_nato_desk_does_not_know_is_written_back_key_for_key() -> None:
    # Its keys are whatever another program wrote: digits of other scripts, quotes, spaces.
    later = {"1": {"rate": 1.5}, "\u0663": {"x": 1}, "\u00b2": [], 'a"b': "c", "two words": None, "": {}}
    text = render(tables={Member.KIND: {ESP.iso3: ESP}, Source.KIND: {NATO_REPORT.id: NATO_REPORT}},
                  history=[{"seq": 1}], extra={"later_table": later, "odd": [1, 2]}, meta={"schema_version": 6})
    doc = json.loads(text)
    assert doc["later_table"] == later and doc["odd"] == [1, 2]
    assert list(doc["members"]) == ["1"] and doc["members"]["1"]["id"] == "ESP"
    assert doc["history"] == {"1": {"seq": 1}}
    assert list(doc)[-1] == "meta"


def test_records_are_numbered_from_one_in_the_order_given() -> None:
    records = [r for r in sample_records() if isinstance(r, Source)]
    table = {r.id: r for r in sorted(records, key=lambda r: r.id)}
    doc = json.loads(render(tables={Source.KIND: table}, history=[], extra={}, meta={}))
    assert list(doc["sources"]) == [str(n) for n in range(1, len(table) + 1)]
    assert [d["id"] for d in doc["sources"].values()] == list(table)
