"""Editions side by side: lines per edition and NATO's restatements, on the shipped data.

The numbers are the shipped figures (data/nato_defence_expenditure.csv for
August 2025, data/nato_defence_expenditure_2026_edition.csv for March and July
2026, data/nato_2024_tables.csv for June 2024), so a test fails if either the
data or the comparison changes.
"""

from __future__ import annotations

import pytest

from nato_desk.analysis.revisions import (
    DROPPED,
    ESTIMATE_TO_ACTUAL,
    NEW_FIGURE,
    NEW_YEAR,
    REVISED,
    default_pair,
    definition_notes,
    describe_revisions,
    edition_lines,
    format_change,
    measure_family,
    revisions,
)
from nato_desk.domain import Edition, Measure, Observation, Status
from nato_desk.ingest import load_seed


@pytest.fixture(scope="module")
def seed():
    records = load_seed()
    editions = [r for r in records if isinstance(r, Edition)]
    observations = [r for r in records if isinstance(r, Observation)]
    return editions, observations


def lines_by_edition(seed, iso3, measure=Measure.CORE_PCT_GDP):
    editions, observations = seed
    return {line.edition.id: line for line in edition_lines(observations, editions, iso3, measure)}


def table(found):
    return [(r.year, r.old.value if r.old else None, r.new.value if r.new else None, r.delta, r.kind) for r in found]


def test_poland_has_one_line_per_edition_oldest_release_first_each_only_its_own_figures(seed):
    editions, observations = seed
    lines = edition_lines(observations, editions, "POL", Measure.CORE_PCT_GDP)
    assert [line.edition.id for line in lines] == ["2024-06", "2025-08", "2026-03", "2026-07"]
    for line in lines:
        assert {o.edition for o in line.points} == {line.edition.id}  # never spliced
        assert [o.year for o in line.points] == sorted(o.year for o in line.points)
    by_id = {line.edition.id: line for line in lines}
    assert by_id["2026-07"].measure is Measure.CORE_PCT_GDP and by_id["2025-08"].measure is Measure.PCT_GDP
    assert [o.year for o in by_id["2026-03"].points] == [2025]
    assert by_id["2026-07"].years == list(range(2014, 2027))


def test_mixed_definitions_are_labelled_with_their_measure_and_explained(seed):
    lines = lines_by_edition(seed, "POL", Measure.PCT_GDP)
    assert lines["2026-07"].label == "July 2026 (core)"
    assert lines["2025-08"].label == "August 2025"  # the notes say what it measures
    (note,) = definition_notes(list(lines.values()))
    assert note.startswith("July 2026: core defence expenditure")
    assert "June 2024, August 2025 and March 2026: defence expenditure as NATO defined it before 2026" in note
    assert "definitions differ" in note


def test_one_measure_lines_carry_the_bare_edition_label(seed):
    lines = lines_by_edition(seed, "POL", Measure.EQUIPMENT_SHARE)
    assert list(lines) == ["2024-06"]  # only the June 2024 tables have the equipment share
    assert lines["2024-06"].label == "June 2024" and lines["2024-06"].measure is Measure.EQUIPMENT_SHARE
    assert definition_notes(list(lines.values())) == []


def test_measure_family_pairs_only_the_gdp_share_headlines():
    assert measure_family(Measure.CORE_PCT_GDP) == (Measure.CORE_PCT_GDP, Measure.PCT_GDP)
    assert measure_family(Measure.PCT_GDP) == (Measure.PCT_GDP, Measure.CORE_PCT_GDP)
    assert measure_family(Measure.EQUIPMENT_SHARE) == (Measure.EQUIPMENT_SHARE,)


def test_albania_restated_between_august_2025_and_july_2026(seed):
    lines = lines_by_edition(seed, "ALB")
    found = revisions(lines["2025-08"].points, lines["2026-07"].points)
    assert table(found) == [
        (2014, 1.33, 1.34, 0.01, REVISED),
        (2017, 1.10, 1.09, -0.01, REVISED),
        (2018, 1.15, 1.14, -0.01, REVISED),
        (2023, 1.75, 1.29, -0.46, REVISED),
        (2024, 1.70, 1.35, -0.35, ESTIMATE_TO_ACTUAL),
        (2025, 2.01, 1.48, -0.53, REVISED),
        (2026, None, 2.15, None, NEW_YEAR),
    ]
    assert describe_revisions("Albania", lines["2025-08"], lines["2026-07"], found) == (
        "NATO restated 6 of Albania's 12 years between August 2025 and July 2026 and added 2026; "
        "the largest change: 2025, 2.01% → 1.48%. August 2025 and July 2026 measure different things "
        "(share of GDP and core share of GDP).")


def test_poland_restated_every_year_between_june_2024_and_august_2025(seed):
    lines = lines_by_edition(seed, "POL")
    found = revisions(lines["2024-06"].points, lines["2025-08"].points)
    rows = {r.year: r for r in found}
    # The workbook's unrounded 4.120190989357147 was printed 4.12; August 2025 says 3.79.
    assert (rows[2024].old.value, rows[2024].new.value, rows[2024].delta, rows[2024].kind) == (
        4.120190989357147, 3.79, -0.33, REVISED)
    assert (rows[2023].delta, rows[2023].kind) == (0.01, ESTIMATE_TO_ACTUAL)  # 3.26e -> 3.27
    assert rows[2025].kind == NEW_YEAR
    assert sum(r.value_changed for r in found) == 11
    assert describe_revisions("Poland", lines["2024-06"], lines["2025-08"], found) == (
        "NATO restated 11 of Poland's 11 years between June 2024 and August 2025 and added 2025; "
        "the largest change: 2024, 4.12% → 3.79%.")


def test_a_published_blank_filled_later_and_an_unchanged_estimate_confirmed(seed):
    lines = lines_by_edition(seed, "DEU")
    found = {r.year: r for r in revisions(lines["2025-08"].points, lines["2026-07"].points)}
    assert found[2025].kind == NEW_FIGURE and found[2025].old.value is None and found[2025].new.value == 2.22
    assert (found[2024].kind, found[2024].delta, found[2024].value_changed) == (ESTIMATE_TO_ACTUAL, 0.0, False)
    assert 2020 not in found  # 1.49 in both: unchanged years are not listed


def test_one_decimal_figure_agrees_with_any_two_decimal_figure_it_rounds(seed):
    # March 2026 printed Poland 2025 as 4.3; July 2026 says 4.25: no restatement visible.
    lines = lines_by_edition(seed, "POL")
    found = revisions(lines["2026-03"].points, lines["2026-07"].points)
    assert not any(r.year == 2025 for r in found)
    # Albania 2.0 (1 dp) against 1.48: a change, given at the coarser precision.
    alb = lines_by_edition(seed, "ALB")
    (row,) = [r for r in revisions(alb["2026-03"].points, alb["2026-07"].points) if r.year == 2025]
    assert (row.delta, row.decimals, row.kind) == (-0.5, 1, REVISED)
    assert format_change(row.delta, row.decimals, Measure.PCT_GDP) == "\u22120.5 pp"


def test_a_year_the_newer_edition_no_longer_gives_is_dropped():
    def point(year, value, status=Status.ACTUAL):
        return Observation(f"e/POL/pct_gdp/{year}", "POL", year, Measure.PCT_GDP, value, 2, status, "e", "S")

    found = revisions([point(2020, 2.0), point(2021, 2.1)], [point(2021, 2.1)])
    assert table(found) == [(2020, 2.0, None, None, DROPPED)]


def test_default_pair_skips_a_one_year_annual_report(seed):
    editions, observations = seed
    before, after = default_pair(edition_lines(observations, editions, "ALB", Measure.PCT_GDP))
    assert (before.edition.id, after.edition.id) == ("2025-08", "2026-07")


def test_another_publishers_series_is_labelled_and_never_compared_as_revisions(seed):
    editions, observations = seed
    sipri = Edition("sipri-2025", "SIPRI 2025 release", "SIPRI Military Expenditure Database 2025", "2025",
                    Measure.PCT_GDP, "SIPRI_MILEX_2025", publisher="SIPRI")
    theirs = [Observation(f"sipri-2025/POL/pct_gdp/{y}", "POL", y, Measure.PCT_GDP, v, 2, Status.ACTUAL,
                          "sipri-2025", "SIPRI_MILEX_2025") for y, v in ((2023, 3.2698), (2024, 4.1544))]
    lines = {line.edition.id: line for line in
             edition_lines(observations + theirs, [*editions, sipri], "POL", Measure.CORE_PCT_GDP)}
    line = lines["sipri-2025"]
    assert line.other_definition and line.label == "SIPRI 2025 release (SIPRI definition, not NATO's)"
    assert [o.edition for o in line.points] == ["sipri-2025", "sipri-2025"]
    assert any("SIPRI 2025 release is SIPRI's own series and definition" in n for n in definition_notes(list(lines.values())))
    text = describe_revisions("Poland", lines["2025-08"], line, revisions(lines["2025-08"].points, line.points))
    assert "not revisions" in text and "restated" not in text
    assert default_pair(list(lines.values()))[1].edition.id == "2026-07"  # SIPRI is never the default


def test_changes_read_with_their_unit():
    assert format_change(-0.53, 2, Measure.PCT_GDP) == "\u22120.53 pp"
    assert format_change(1234.0, 0, Measure.CONSTANT_USD) == "+1,234 m US$"
    assert format_change(0.0, 2, Measure.PCT_GDP) == "no change"
