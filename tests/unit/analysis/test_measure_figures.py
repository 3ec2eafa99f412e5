"""Figures in any measure: values with their unit, the measures an edition has, targets per measure."""

from __future__ import annotations

import pytest

from nato_desk.analysis.figures import (
    ECONOMIC_MEASURES,
    describe_trend,
    edition_measures,
    format_figure,
    format_pct,
    format_value,
    gap_target,
    has_defence_series,
    measure_targets,
    measure_words,
    of_measure,
    pick_measure,
)
from nato_desk.domain import Edition, Measure, Observation, Status, Target

TARGETS = [
    Target("WALES_2PCT", "2% guideline (Wales 2014)", Measure.PCT_GDP, 2.0, 2024, "Wales 2014", "S"),
    Target("HAGUE_CORE", "3.5% core (The Hague 2025)", Measure.CORE_PCT_GDP, 3.5, 2035, "The Hague 2025", "S"),
    Target("HAGUE_RELATED", "Up to 1.5% related", Measure.RELATED_PCT_GDP, 1.5, 2035, "The Hague 2025", "S",
           kind="up_to"),
    Target("HAGUE_TOTAL", "5% total (The Hague 2025)", Measure.TOTAL_PCT_GDP, 5.0, 2035, "The Hague 2025", "S"),
    Target("EQUIPMENT_20PCT", "20% equipment guideline (Wales 2014)", Measure.EQUIPMENT_SHARE, 20.0, 2024,
           "Wales 2014", "S"),
]
EDITION = Edition("2024-06", "June 2024", "Defence Expenditure", "2024-06-17", Measure.PCT_GDP, "S")


def obs(measure, year, value, decimals=2, status=Status.ACTUAL, iso3="POL", edition="2024-06"):
    return Observation(f"{edition}/{iso3}/{measure.value}/{year}", iso3, year, measure, value, decimals, status,
                       edition, "S")


@pytest.mark.parametrize(("value", "decimals", "measure", "text"), [
    (4.476, 2, Measure.PCT_GDP, "4.48%"),
    (2.0, 1, Measure.CORE_PCT_GDP, "2.0%"),
    (47.0, 1, Measure.EQUIPMENT_SHARE, "47.0%"),
    (-3.25, 2, Measure.REAL_CHANGE, "-3.25%"),
    (12345.0, 0, Measure.CONSTANT_USD, "12,345 m US$"),
    (754684.4, 0, Measure.CURRENT_USD, "754,684 m US$"),
    (1234.5, 1, Measure.PER_CAPITA, "1,234.5 US$"),
    (45.61, 1, Measure.GDP_PER_CAPITA, "45.6 k US$"),
    (195.0, 1, Measure.PERSONNEL, "195.0 k"),
])
def test_format_value_writes_the_unit_at_the_published_precision(value, decimals, measure, text):
    assert format_value(value, decimals, measure) == text


def test_format_value_keeps_format_pct_for_shares():
    for value, decimals in ((2.0, 2), (1.24, 2), (4.3, 1), (3.0, 0)):
        assert format_value(value, decimals, Measure.PCT_GDP) == format_pct(value, decimals)


def test_format_figure_uses_the_observations_measure():
    assert format_figure(obs(Measure.CONSTANT_USD, 2024, 31565.0, 0, Status.ESTIMATE)) == "31,565 m US$ (2024e)"
    assert format_figure(obs(Measure.PERSONNEL, 2023, 195.0, 1)) == "195.0 k (2023)"
    assert format_figure(obs(Measure.PCT_GDP, 2025, 2.0, 2, Status.ESTIMATE)) == "2.00% (2025e)"


def test_edition_measures_lists_shares_of_gdp_first_and_always_the_headline():
    points = [obs(Measure.PERSONNEL, 2024, 195.0, 1), obs(Measure.CONSTANT_USD, 2024, 31565.0, 0),
              obs(Measure.EQUIPMENT_SHARE, 2024, 47.0, 1), obs(Measure.PCT_GDP, 2024, 4.12),
              obs(Measure.PER_CAPITA, 2024, None, 0),  # a blank offers nothing to show
              obs(Measure.REAL_CHANGE, 2024, 5.0, edition="other")]
    assert edition_measures(points, EDITION) == [Measure.PCT_GDP, Measure.EQUIPMENT_SHARE, Measure.CONSTANT_USD,
                                                 Measure.PERSONNEL]
    core = Edition("2026-07", "July 2026", "t", "2026-07-10", Measure.CORE_PCT_GDP, "S")
    assert edition_measures([], core) == [Measure.CORE_PCT_GDP]


def test_pick_measure_keeps_what_the_edition_has_else_its_headline():
    available = [Measure.PCT_GDP, Measure.EQUIPMENT_SHARE]
    assert pick_measure(available, Measure.EQUIPMENT_SHARE, Measure.PCT_GDP) is Measure.EQUIPMENT_SHARE
    assert pick_measure([Measure.CORE_PCT_GDP], Measure.EQUIPMENT_SHARE, Measure.CORE_PCT_GDP) \
        is Measure.CORE_PCT_GDP
    assert pick_measure(available, None, Measure.PCT_GDP) is Measure.PCT_GDP


def test_each_measure_has_its_own_targets():
    assert [t.id for t in measure_targets(TARGETS, Measure.PCT_GDP)] == ["WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL"]
    assert [t.id for t in measure_targets(TARGETS, Measure.CORE_PCT_GDP)] == [
        "WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL"]
    assert [t.id for t in measure_targets(TARGETS, Measure.EQUIPMENT_SHARE)] == ["EQUIPMENT_20PCT"]
    for money_or_people in (Measure.CONSTANT_USD, Measure.PER_CAPITA, Measure.PERSONNEL):
        assert measure_targets(TARGETS, money_or_people) == []


def test_gap_target_is_35_for_gdp_shares_20_for_equipment_and_none_otherwise():
    assert gap_target(TARGETS, Measure.PCT_GDP).id == "HAGUE_CORE"
    assert gap_target(TARGETS, Measure.EQUIPMENT_SHARE).value == 20.0
    assert gap_target(TARGETS, Measure.TOTAL_PCT_GDP).id == "HAGUE_TOTAL"
    assert gap_target(TARGETS, Measure.RELATED_PCT_GDP) is None  # "up to 1.5%" is a ceiling, not a goal
    assert gap_target(TARGETS, Measure.CONSTANT_USD) is None


def test_of_measure_keeps_one_measure():
    points = [obs(Measure.PCT_GDP, 2024, 4.12), obs(Measure.EQUIPMENT_SHARE, 2024, 47.0, 1)]
    assert of_measure(points, Measure.EQUIPMENT_SHARE) == [points[1]]


def test_describe_trend_for_a_measure_without_target():
    points = [obs(Measure.CONSTANT_USD, 2014, 10234.0, 0), obs(Measure.CONSTANT_USD, 2020, None, 0),
              obs(Measure.CONSTANT_USD, 2024, 31565.0, 0, Status.ESTIMATE)]
    assert describe_trend("Poland", points) == ("Poland rose from 10,234 m US$ in 2014 to 31,565 m US$ "
                                                "in 2024 (estimate).")
    assert describe_trend("Spain", [obs(Measure.PERSONNEL, 2024, 117.4, 1)]) == "Spain stood at 117.4 k in 2024."
    assert describe_trend("Iceland", []) == "No figures for Iceland in this edition."


def test_measure_words_keep_acronyms():
    assert measure_words(Measure.EQUIPMENT_SHARE) == "equipment share"
    assert measure_words(Measure.CONSTANT_USD) == "constant US$"
    assert measure_words(Measure.GDP_PER_CAPITA) == "GDP per capita"


def test_gdp_alone_is_no_defence_series():
    # Iceland: NATO's tables give its GDP, and no defence figure.
    iceland = [obs(m, 2024, 30000.0, 0, iso3="ISL") for m in ECONOMIC_MEASURES]
    assert ECONOMIC_MEASURES == {Measure.GDP_CURRENT_USD, Measure.GDP_CONSTANT_USD, Measure.GDP_PER_CAPITA}
    assert not has_defence_series(iceland)
    assert not has_defence_series([])
    assert not has_defence_series([*iceland, obs(Measure.PCT_GDP, 2025, None)])  # a published blank
    for measure in set(Measure) - ECONOMIC_MEASURES:  # any defence figure is a series, money and people too
        assert has_defence_series([*iceland, obs(measure, 2024, 1.0)]), measure
