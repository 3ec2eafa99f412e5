"""Where an import lands: a new edition, the existing one, or a refused id clash; and its JSON report."""

from __future__ import annotations

import json

import pytest

from nato_desk.domain import Edition, Measure, Observation, Source, Status
from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import EditionProposal, ImportedFile, ImportedValue
from nato_desk.ingest.tables.plan import diff_to_json, plan_import

PCT = Measure.PCT_GDP
NATO_2024 = Source("NATO_DE2024", "Defence Expenditure of NATO Countries (2014-2024)", "NATO", "2024-06-17")
STORED_SOURCE = Source("NATO_DE2025", "Defence Expenditure of NATO Countries (2014-2025)", "NATO", "2025-08-28")
AUG_2025 = Edition("2025-08", "August 2025", "Defence Expenditure of NATO Countries (2014-2025)", "2025-08-28",
                   PCT, "NATO_DE2025")
STORED = [Observation("2025-08/POL/pct_gdp/2024", "POL", 2024, PCT, 4.12, 2, Status.ESTIMATE, "2025-08",
                      "NATO_DE2025")]


def _file(proposal_id="2024-06", title="Defence Expenditure of NATO Countries (2014-2024)", publisher="NATO"):
    proposal = EditionProposal(proposal_id, "June 2024", title, "2024-06-17", publisher, PCT, NATO_2024,
                               base_year="2015 prices")
    values = (ImportedValue("POL", 2024, PCT, 4.12, 2, Status.ESTIMATE),
              ImportedValue("POL", 2023, PCT, 3.88, 2, Status.ACTUAL))
    return ImportedFile("tables.xlsx", "ef" * 32, "test", proposal, values)


def test_a_new_edition_as_the_file_proposes():
    diff = plan_import(_file(), [AUG_2025], [STORED_SOURCE], STORED)
    assert diff.new_edition and diff.new_source
    assert (diff.edition.id, diff.edition.label, diff.edition.base_year, diff.edition.publisher) == (
        "2024-06", "June 2024", "2015 prices", "NATO")
    assert {r.new.edition for r in diff.rows} == {"2024-06"}  # never spliced into 2025-08


def test_the_same_edition_again_goes_into_it():
    edition = Edition("2024-06", "June 2024", "Defence Expenditure of NATO Countries (2014-2024)", "2024-06-17",
                      PCT, "NATO_DE2024", publisher="NATO")
    diff = plan_import(_file(), [edition], [NATO_2024], [])
    assert not diff.new_edition and not diff.new_source and diff.edition is edition


def test_an_edition_id_clash_is_refused_with_the_way_out():
    with pytest.raises(ImportRejected, match=r"already NATO: Defence Expenditure of NATO Countries \(2014-2025\)"
                                             r".*--edition ID"):
        plan_import(_file(proposal_id="2025-08"), [AUG_2025], [STORED_SOURCE], STORED)


def test_a_chosen_edition_takes_the_values_and_a_new_id_makes_a_new_edition():
    into = plan_import(_file(proposal_id="2025-08"), [AUG_2025], [STORED_SOURCE], STORED, edition_id="2025-08")
    assert into.edition is AUG_2025 and [r.kind.value for r in into.rows] == ["changed", "new"]
    assert into.new_source and {r.new.source_id for r in into.rows} == {"NATO_DE2024"}  # the file it came from
    fresh = plan_import(_file(), [AUG_2025], [STORED_SOURCE], STORED, edition_id="nato-2024-primary")
    assert fresh.new_edition and fresh.edition.id == "nato-2024-primary"


def test_the_json_report_lists_every_value_that_would_change_with_numbers_as_numbers():
    diff = plan_import(_file(proposal_id="2025-08"), [AUG_2025], [STORED_SOURCE], STORED, edition_id="2025-08")
    report = json.loads(json.dumps(diff_to_json(diff)))
    assert {k: report[k] for k in ("edition", "added", "changed", "unchanged", "removed")} == {
        "edition": "2025-08", "added": 1, "changed": 1, "unchanged": 0, "removed": 0}
    assert report["changes"] == [
        {"iso3": "POL", "year": 2024, "measure": "pct_gdp", "old": 4.12, "new": 4.12, "kind": "changed",
         "class": "source changed (same value)"},
        {"iso3": "POL", "year": 2023, "measure": "pct_gdp", "old": None, "new": 3.88, "kind": "new",
         "class": "new year"},
    ]
