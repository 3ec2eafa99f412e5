"""Figures: series per edition, latest figure, gaps and their wording."""

from __future__ import annotations

import pytest

from nato_desk.analysis import (
    edition_years,
    format_figure,
    format_gap,
    gap_pp,
    latest_figure,
    missing_years,
    newest_edition,
    series,
    target_value,
)
from nato_desk.domain import Edition, Measure, Observation, Status, Target


def obs(iso3, year, value, edition="2025-08", status=Status.ACTUAL, decimals=2, note=""):
    return Observation(f"{edition}/{iso3}/{year}", iso3, year, Measure.PCT_GDP, value, decimals,
                       status, edition, "S", note)


POINTS = [
    obs("DEU", 2023, 1.61),
    obs("DEU", 2024, 2.00, status=Status.ESTIMATE),
    obs("DEU", 2025, None, status=Status.ESTIMATE, note="blank by design"),
    obs("DEU", 2025, 2.22, edition="2026-07", status=Status.ESTIMATE),
    obs("ESP", 2025, 2.00, status=Status.ESTIMATE),
]


def test_series_keeps_one_ally_and_one_edition_oldest_first():
    got = series(reversed(POINTS), "DEU", "2025-08")
    assert [(o.year, o.value) for o in got] == [(2023, 1.61), (2024, 2.00), (2025, None)]


def test_latest_figure_skips_a_published_blank():
    latest = latest_figure(series(POINTS, "DEU", "2025-08"))
    assert (latest.year, latest.value) == (2024, 2.00)
    assert latest_figure([]) is None


@pytest.mark.parametrize(
    ("o", "text"),
    [
        (obs("ESP", 2025, 2.0, status=Status.ESTIMATE), "2.00% (2025e)"),
        (obs("ESP", 2023, 1.24), "1.24% (2023)"),
        (obs("POL", 2025, 4.3, status=Status.ESTIMATE, decimals=1), "4.3% (2025e)"),
        (obs("DEU", 2025, None, status=Status.ESTIMATE, note="x"), "no figure (2025e)"),
    ],
)
def test_format_figure(o, text):
    assert format_figure(o) == text


@pytest.mark.parametrize(
    ("value", "target", "pp", "words"),
    [
        (2.00, 3.5, 1.5, "1.50 pp below"),
        (4.48, 3.5, -0.98, "0.98 pp above"),
        (3.5, 3.5, 0.0, "at target"),
        (1.61, 5.0, 3.39, "3.39 pp below"),
    ],
)
def test_gaps_in_percentage_points(value, target, pp, words):
    assert gap_pp(value, target) == pytest.approx(pp)
    assert format_gap(value, target) == words


def test_missing_years_names_blanks_and_absent_rows_but_not_years_before_the_series():
    points = [obs("SWE", 2023, 1.5), obs("SWE", 2024, 2.0), obs("DEU", 2025, None, note="why")]
    gaps = missing_years(points[:2], {2014, 2023, 2024, 2025})
    assert [(g.year, g.published_blank) for g in gaps] == [(2025, False)]
    assert [(g.year, g.reason, g.published_blank) for g in missing_years(points[2:], {2025})] == [
        (2025, "why", True)]


def test_gap_precision_follows_the_figure():
    assert format_gap(4.3, 3.5, decimals=1) == "0.8 pp above"
    assert format_gap(3.46, 3.5, decimals=1) == "at target"
    assert format_gap(2.0, 3.5, unit="") == "1.50 below"


def test_edition_years_and_target_lookup():
    assert edition_years(POINTS, "2025-08") == {2023, 2024, 2025}
    target = Target("HAGUE_CORE", "3.5% core", Measure.CORE_PCT_GDP, 3.5, 2035, "The Hague 2025", "S")
    assert target_value([target], "HAGUE_CORE") == 3.5
    with pytest.raises(KeyError):
        target_value([target], "NOPE")


def test_newest_edition_by_release_date():
    editions = [Edition("2025-08", "August 2025", "t", "2025-08-28", Measure.PCT_GDP, "S"),
                Edition("2026-07", "July 2026", "t", "2026-07-10", Measure.CORE_PCT_GDP, "S"),
                Edition("2026-03", "March 2026", "t", "2026-03-26", Measure.PCT_GDP, "S")]
    assert newest_edition(editions).id == "2026-07"
    assert newest_edition([]) is None
