"""The import review: every value classified against the store, and one change applying the accepted rows."""

from __future__ import annotations

import pytest

from nato_desk.domain import ChangeSet, Edition, Measure, Observation, Source, Status
from nato_desk.ingest import ImportRejected, load_seed, seed_folder
from nato_desk.ingest.tables import EditionProposal, ImportedFile, ImportedValue
from nato_desk.ingest.tables.diff import (
    ESTIMATE_TO_ACTUAL,
    NEW_ALLY,
    NEW_EDITION,
    NEW_YEAR,
    REVISED_ACTUAL,
    SOURCE_CHANGED,
    RowKind,
    accept_all,
    change_for,
    diff_import,
    history_reason,
)
from nato_desk.store import Store

PCT = Measure.PCT_GDP
SOURCE = Source("NATO_TEST", "Test tables", "NATO", "2025-08-28")


def _file(values, name="tables.xlsx") -> ImportedFile:
    proposal = EditionProposal("2025-08", "August 2025", "T", "2025-08-28", "NATO", PCT, SOURCE)
    return ImportedFile(name, "ab" * 32, "test", proposal, tuple(values))


@pytest.fixture
def store(tmp_path):
    store = Store.open(tmp_path / "desk.json", seed=lambda: load_seed(seed_folder()))
    yield store
    store.close()


def _edition(store) -> Edition:
    return next(e for e in store.editions() if e.id == "2025-08")


def _stored(store, iso3, year) -> Observation:
    return next(o for o in store.observations(iso3=iso3, edition="2025-08") if o.year == year)


def test_rows_are_new_changed_unchanged_or_only_in_store(store):
    pol24 = _stored(store, "POL", 2024)
    alb25 = _stored(store, "ALB", 2025)
    values = [
        ImportedValue("POL", 2024, PCT, pol24.value, pol24.decimals, pol24.status, pol24.note,
                      source_id=pol24.source_id),  # unchanged
        ImportedValue("ALB", 2025, PCT, 1.48, 2, Status.ACTUAL),  # restated, and now an actual figure
        ImportedValue("POL", 2026, PCT, 4.7, 2, Status.ESTIMATE),  # a year the edition did not have
    ]
    stored = store.observations(edition="2025-08")
    diff = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"), stored,
                       edition_exists=True, source_exists=True)
    by_key = {(r.iso3, r.year): r for r in diff.rows}
    assert by_key[("POL", 2024)].kind is RowKind.UNCHANGED
    alb = by_key[("ALB", 2025)]
    assert alb.kind is RowKind.CHANGED and alb.change == ESTIMATE_TO_ACTUAL
    assert alb.delta == pytest.approx(1.48 - alb25.value)
    assert by_key[("POL", 2026)].kind is RowKind.NEW and by_key[("POL", 2026)].change == NEW_YEAR
    only = [r for r in diff.rows if r.kind is RowKind.ONLY_IN_STORE]
    assert len(only) == len(stored) - 2  # everything else the edition holds, none dropped silently
    assert diff.count(RowKind.NEW) == 1 and diff.count(RowKind.CHANGED) == 1


def test_the_same_value_from_the_primary_file_upgrades_the_source(store):
    pol = _stored(store, "POL", 2020)
    values = [ImportedValue("POL", 2020, PCT, pol.value, pol.decimals, pol.status, pol.note)]
    diff = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"),
                       store.observations(edition="2025-08"), edition_exists=True, source_exists=True)
    (row,) = [r for r in diff.rows if r.kind is RowKind.CHANGED]
    assert row.change == SOURCE_CHANGED and row.new.source_id == "NATO_DE2025" and row.delta == 0


def test_accept_all_applies_new_and_changed_in_one_undoable_step_and_never_deletes(store):
    values = [ImportedValue("ALB", 2025, PCT, 1.48, 2, Status.ACTUAL),
              ImportedValue("XKX", 2025, PCT, 1.0, 2, Status.ACTUAL)]  # an ally the edition lacks
    diff = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"),
                       store.observations(edition="2025-08"), edition_exists=True, source_exists=True)
    assert {r.change for r in diff.rows if r.kind is RowKind.NEW} == {NEW_ALLY}
    taken = [r for r in accept_all(diff) if r.iso3 == "ALB"]
    change = change_for(diff, taken)
    assert isinstance(change, ChangeSet) and change.label == "Import NATO August 2025 tables"
    before = len(store.observations())
    entry = store.apply(change, user="a", reason=history_reason(diff, taken))
    assert _stored(store, "ALB", 2025).value == 1.48 and _stored(store, "ALB", 2025).status is Status.ACTUAL
    assert len(store.observations()) == before
    assert "SHA-256 " + "ab" * 32 in entry.reason and "1 rows taken (0 new, 1 changed, 0 removed)" in entry.reason
    store.apply(change.inverse(), user="a")
    assert _stored(store, "ALB", 2025).status is Status.ESTIMATE


def test_reimporting_the_same_values_changes_nothing(store):
    stored = store.observations(edition="2025-08")
    values = [ImportedValue(o.iso3, o.year, o.measure, o.value, o.decimals, o.status, o.note) for o in stored]
    # The stored figures cite many sources; an import cites one, so compare on a copy citing it.
    diff = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"),
                       [o for o in stored if o.source_id == "NATO_DE2025"] or [], edition_exists=True,
                       source_exists=True)
    again = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"),
                        [r.new for r in diff.rows if r.new], edition_exists=True, source_exists=True)
    assert {r.kind for r in again.rows} == {RowKind.UNCHANGED}
    assert change_for(again, accept_all(again)) is None


def test_a_new_edition_brings_its_edition_and_source_records_first(store):
    # Not the shipped 2024-06 edition (data/nato_2024_tables.csv): a new one.
    proposal = EditionProposal("2024-06x", "June 2024", "Defence Expenditure of NATO Countries (2014-2024)",
                               "2024-06-17", "NATO", PCT, Source("NATO_DE2024X", "DE 2024", "NATO", "2024-06-17"))
    imported = ImportedFile("t.xlsx", "cd" * 32, "test", proposal,
                            (ImportedValue("POL", 2024, PCT, 4.12, 2, Status.ESTIMATE),))
    edition = Edition("2024-06x", "June 2024", proposal.title, "2024-06-17", PCT, "NATO_DE2024X")
    diff = diff_import(imported, edition, proposal.source, store.observations(), edition_exists=False,
                       source_exists=False)
    assert [r.change for r in diff.rows] == [NEW_EDITION]
    change = change_for(diff, accept_all(diff))
    kinds = [type(c).__name__ + ":" + getattr(getattr(c, "record", None), "KIND", "") for c in change.changes]
    assert kinds == ["AddRecord:sources", "AddRecord:editions", "AddRecord:observations"]
    store.apply(change, user="a")
    assert any(e.id == "2024-06x" for e in store.editions())
    assert store.observations(iso3="POL", edition="2024-06x")[0].id == "2024-06x/POL/pct_gdp/2024"


def test_a_removal_is_taken_only_when_accepted_row_by_row(store):
    alb = _stored(store, "ALB", 2025)
    same = ImportedValue("ALB", 2025, PCT, alb.value, alb.decimals, alb.status, alb.note)
    diff = diff_import(_file([same]), _edition(store), store.source("NATO_DE2025"),
                       store.observations(edition="2025-08"), edition_exists=True, source_exists=True)
    assert [r for r in accept_all(diff)] == [r for r in diff.rows if r.iso3 == "ALB" and r.year == 2025
                                             and r.kind is RowKind.CHANGED]  # its source differs
    pol = next(r for r in diff.rows if r.iso3 == "POL" and r.year == 2024)
    change = change_for(diff, [pol])
    store.apply(change, user="a")
    assert not [o for o in store.observations(iso3="POL", edition="2025-08") if o.year == 2024]


def test_a_value_given_twice_is_refused():
    values = [ImportedValue("POL", 2024, PCT, 4.1, 2, where="T3!D5"),
              ImportedValue("POL", 2024, PCT, 4.2, 2, where="T3!D9")]
    edition = Edition("2025-08", "August 2025", "T", "2025-08-28", PCT, "NATO_TEST")
    with pytest.raises(ImportRejected, match="POL 2024 is given twice"):
        diff_import(_file(values), edition, SOURCE, [], edition_exists=True, source_exists=True)


def test_revised_actual(store):
    pol = _stored(store, "POL", 2020)
    values = [ImportedValue("POL", 2020, PCT, (pol.value or 0) + 0.1, 2, Status.ACTUAL)]
    diff = diff_import(_file(values), _edition(store), store.source("NATO_DE2025"),
                       store.observations(edition="2025-08"), edition_exists=True, source_exists=True)
    assert [r.change for r in diff.rows if r.kind is RowKind.CHANGED] == [REVISED_ACTUAL]


def test_a_value_equal_at_its_published_precision_is_unchanged_and_keeps_its_digits(store):
    pol = _stored(store, "POL", 2020)
    unrounded = Observation(pol.id, "POL", 2020, PCT, 2.23456789, 2, pol.status, "2025-08", pol.source_id, pol.note)
    printed = ImportedValue("POL", 2020, PCT, 2.23, 2, pol.status, pol.note, source_id=pol.source_id)
    revised = ImportedValue("POL", 2020, PCT, 2.24, 2, pol.status, pol.note, source_id=pol.source_id)
    same = diff_import(_file([printed]), _edition(store), SOURCE, [unrounded], edition_exists=True, source_exists=True)
    assert [r.kind for r in same.rows] == [RowKind.UNCHANGED]
    moved = diff_import(_file([revised]), _edition(store), SOURCE, [unrounded], edition_exists=True,
                        source_exists=True)
    assert [r.change for r in moved.rows] == [REVISED_ACTUAL]
