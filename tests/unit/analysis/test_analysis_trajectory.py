"""Trajectories: required paths, scenario lines, ranks, allies above a line, summaries."""

from __future__ import annotations

import pytest

from nato_desk.analysis import (
    standing,
    RequiredPath,
    allies_above,
    rank_of,
    ranked,
    required_from_series,
    required_path,
    scenario_path,
    series,
    summarize,
)
from nato_desk.domain import Measure, Observation, Status
from nato_desk.ingest import load_seed, seed_folder

AUG_2025 = "2025-08"
JUL_2026 = "2026-07"


def obs(iso3, year, value, edition=AUG_2025, status=Status.ACTUAL, decimals=2,
        measure=Measure.PCT_GDP):
    return Observation(f"{edition}/{iso3}/{year}", iso3, year, measure, value, decimals,
                       status, edition, "S")


@pytest.fixture(scope="module")
def seed():
    return [r for r in load_seed(seed_folder()) if isinstance(r, Observation)]


# --- required_path: the arithmetic -------------------------------------------------

@pytest.mark.parametrize(
    ("from_value", "from_year", "target", "by_year", "gdp", "pp", "share", "real"),
    [
        # the issue's worked example: 2.00% in 2025 -> 3.5% in 2035 at 1.5% GDP growth
        (2.00, 2025, 3.5, 2035, 0.015, 0.15, 0.0576, 0.0734),
        # Spain from its 2026 figure (July 2026 edition)
        (2.00, 2026, 3.5, 2035, 0.015, 0.1667, 0.0642, 0.0801),
        (2.00, 2026, 5.0, 2035, 0.015, 0.3333, 0.1072, 0.1238),
        # already above: Poland 4.48% in 2025 has room to fall to 3.5%
        (4.48, 2025, 3.5, 2035, 0.015, -0.098, -0.0244, -0.0097),
        # no GDP growth: real growth equals share growth
        (2.00, 2025, 3.5, 2035, 0.0, 0.15, 0.0576, 0.0576),
        # one year to go
        (3.0, 2034, 3.5, 2035, 0.02, 0.5, 0.1667, 0.19),
    ],
)
def test_required_path_arithmetic(from_value, from_year, target, by_year, gdp, pp, share, real):
    path = required_path(from_value, from_year, target, by_year, gdp)
    assert path.pp_per_year == pytest.approx(pp, abs=5e-5)
    assert path.share_growth == pytest.approx(share, abs=5e-5)
    assert path.real_growth == pytest.approx(real, abs=5e-5)
    assert path.real_growth == pytest.approx((1 + path.share_growth) * (1 + gdp) - 1)
    assert (path.from_value, path.from_year, path.target, path.by_year, path.gdp_growth) == (
        from_value, from_year, target, by_year, gdp)


def test_worked_example_rounds_as_the_issue_says():
    path = required_path(2.00, 2025, 3.5, 2035)  # default GDP growth 1.5%
    assert round(path.pp_per_year, 2) == 0.15
    assert round(path.share_growth, 4) == 0.0576
    assert round(path.real_growth, 4) == 0.0734
    assert path.gdp_growth == 0.015


@pytest.mark.parametrize(
    ("from_value", "target", "already"),
    [(4.48, 3.5, True), (3.5, 3.5, True), (2.0, 3.5, False), (3.49, 3.5, False)],
)
def test_already_there(from_value, target, already):
    path = required_path(from_value, 2025, target, 2035)
    assert path.already_there is already
    if from_value > target:
        assert path.pp_per_year < 0 and path.share_growth < 0
    if from_value == target:
        assert path.pp_per_year == 0 and path.share_growth == 0


def test_required_path_is_frozen():
    path = required_path(2.0, 2025, 3.5, 2035)
    with pytest.raises(AttributeError):
        path.target = 5.0  # type: ignore[misc]
    assert isinstance(path, RequiredPath)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2.0, 2035, 3.5, 2035, 0.015), "must come after the starting year"),
        ((2.0, 2036, 3.5, 2035, 0.015), "must come after the starting year"),
        ((0.0, 2025, 3.5, 2035, 0.015), "starting figure must be above 0%"),
        ((-1.0, 2025, 3.5, 2035, 0.015), "starting figure must be above 0%"),
        ((2.0, 2025, 0.0, 2035, 0.015), "target must be above 0%"),
        ((2.0, 2025, 3.5, 2035, -1.0), "GDP growth must be above -100%"),
        ((2.0, 2025, 3.5, 2035, -1.5), "GDP growth must be above -100%"),
    ],
)
def test_required_path_refuses_bad_inputs(args, message):
    with pytest.raises(ValueError, match=message):
        required_path(*args)


# --- required_from_series --------------------------------------------------------------

@pytest.mark.parametrize(
    ("points", "from_year", "from_value"),
    [
        # a rising series: starts from the newest figure (an estimate)
        ([obs("ESP", 2024, 1.43), obs("ESP", 2025, 2.00, status=Status.ESTIMATE)], 2025, 2.00),
        # a falling series
        ([obs("XXX", 2023, 2.5), obs("XXX", 2024, 2.2), obs("XXX", 2025, 2.0)], 2025, 2.0),
        # a single data point
        ([obs("ESP", 2025, 2.00, status=Status.ESTIMATE)], 2025, 2.00),
        # a published blank for the newest year: the year before is used
        ([obs("DEU", 2024, 2.00, status=Status.ESTIMATE), obs("DEU", 2025, None, status=Status.ESTIMATE)],
         2024, 2.00),
        # missing years (no rows for 2022-2023), out of order
        ([obs("SVK", 2024, 1.96), obs("SVK", 2020, 1.90), obs("SVK", 2021, 1.71)], 2024, 1.96),
        # plan and scenario points are not figures
        ([obs("ESP", 2025, 2.00), obs("ESP", 2026, 2.4, status=Status.PLAN),
          obs("ESP", 2027, 2.8, status=Status.SCENARIO)], 2025, 2.00),
    ],
)
def test_required_from_series_starts_at_the_latest_figure(points, from_year, from_value):
    path = required_from_series(points, 3.5, 2035)
    assert path is not None
    assert (path.from_year, path.from_value) == (from_year, from_value)
    assert path == required_path(from_value, from_year, 3.5, 2035)


@pytest.mark.parametrize(
    "points",
    [[], [obs("DEU", 2025, None)], [obs("ESP", 2026, 2.4, status=Status.PLAN)]],
)
def test_required_from_series_without_a_figure_is_none(points):
    assert required_from_series(points, 3.5, 2035) is None


def test_required_from_series_refuses_mixed_editions():
    points = [obs("ESP", 2024, 1.43), obs("ESP", 2026, 2.00, edition=JUL_2026, measure=Measure.PCT_GDP)]
    with pytest.raises(ValueError, match="mixes editions"):
        required_from_series(points, 3.5, 2035)


def test_required_from_series_refuses_mixed_measures():
    points = [obs("ESP", 2024, 1.43), obs("ESP", 2025, 2.00, measure=Measure.CORE_PCT_GDP)]
    with pytest.raises(ValueError, match="mixes measures"):
        required_from_series(points, 3.5, 2035)


def test_required_from_series_passes_on_the_gdp_assumption_and_has_no_path_past_the_deadline():
    points = [obs("ESP", 2025, 2.00)]
    path = required_from_series(points, 3.5, 2035, gdp_growth=0.0)
    assert path is not None and path.real_growth == pytest.approx(path.share_growth)
    assert required_from_series(points, 3.5, 2025) is None


def test_spain_from_the_seed_needs_about_a_sixth_of_a_point_a_year(seed):
    path = required_from_series(series(seed, "ESP", JUL_2026), 3.5, 2035)
    assert path is not None
    assert (path.from_year, path.from_value) == (2026, 2.00)
    assert round(path.pp_per_year, 2) == 0.17


# --- scenario_path ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["linear", "compound"])
@pytest.mark.parametrize(
    ("from_value", "from_year", "target", "by_year"),
    [(2.00, 2025, 3.5, 2035), (2.00, 2026, 5.0, 2035), (4.48, 2025, 3.5, 2035), (1.3, 2025, 3.5, 2026),
     (2.07, 2025, 3.5, 2035)],
)
def test_scenario_path_has_one_point_a_year_and_exact_ends(kind, from_value, from_year, target, by_year):
    path = scenario_path(from_value, from_year, target, by_year, kind)
    assert len(path) == by_year - from_year + 1
    assert [y for y, _ in path] == list(range(from_year, by_year + 1))
    assert path[0] == (from_year, from_value)
    assert path[-1] == (by_year, target)  # exactly, no float drift


def test_linear_scenario_steps_are_equal():
    path = scenario_path(2.00, 2025, 3.5, 2035, "linear")
    steps = [b - a for (_, a), (_, b) in zip(path, path[1:])]
    assert steps == pytest.approx([0.15] * 10)
    assert path[-1] == (2035, 3.5)


def test_compound_scenario_ratio_is_constant():
    path = scenario_path(2.00, 2025, 3.5, 2035, "compound")
    ratios = [b / a for (_, a), (_, b) in zip(path, path[1:])]
    assert ratios == pytest.approx([1 + required_path(2.00, 2025, 3.5, 2035).share_growth] * 10)
    assert path[-1] == (2035, 3.5)
    assert f"{path[-1][1]:.2f}" == "3.50"


def test_compound_lies_below_linear_on_the_way_up():
    linear = scenario_path(2.00, 2025, 3.5, 2035, "linear")
    compound = scenario_path(2.00, 2025, 3.5, 2035, "compound")
    assert all(c < lin for (_, c), (_, lin) in zip(compound[1:-1], linear[1:-1]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2.0, 2035, 3.5, 2035, "linear"), "must come after"),
        ((2.0, 2025, 3.5, 2035, "spline"), "unknown scenario kind"),
        ((0.0, 2025, 3.5, 2035, "compound"), "starting figure must be above 0%"),
    ],
)
def test_scenario_path_refuses_bad_inputs(args, message):
    with pytest.raises(ValueError, match=message):
        scenario_path(*args)


# --- ranks and allies above a line -----------------------------------------------------

@pytest.mark.parametrize(
    ("edition", "year", "first_three"),
    [
        (AUG_2025, 2025, ["POL", "LTU", "LVA"]),
        (JUL_2026, 2025, ["POL", "LTU", "EST"]),
        (JUL_2026, 2026, ["LTU", "EST", "LVA"]),
        (AUG_2025, 2014, ["USA", "GRC", "GBR"]),
    ],
)
def test_ranked_with_the_seed(seed, edition, year, first_three):
    order = ranked(seed, edition, year)
    assert [o.iso3 for o in order[:3]] == first_three
    values = [o.value for o in order]
    assert values == sorted(values, reverse=True)
    assert all(o.edition == edition and o.year == year and o.value is not None for o in order)


def test_ranked_leaves_out_blanks_and_missing_allies(seed):
    order = [o.iso3 for o in ranked(seed, AUG_2025, 2025)]
    assert "DEU" not in order  # published blank
    assert "ISL" not in order and "SVK" not in order  # no row at all
    assert len(order) == 24


def test_ranked_breaks_ties_by_iso3(seed):
    order = [o.iso3 for o in ranked(seed, AUG_2025, 2025)]
    assert order.index("DNK") + 1 == order.index("USA")  # both 3.22
    at_two = [o.iso3 for o in ranked(seed, AUG_2025, 2025) if o.value == 2.0]
    assert at_two == sorted(at_two) == ["BEL", "CZE", "ESP", "LUX", "MKD", "PRT"]


@pytest.mark.parametrize(
    ("edition", "year", "iso3", "rank"),
    [
        (AUG_2025, 2025, "POL", 1),
        (AUG_2025, 2025, "LVA", 3),
        (JUL_2026, 2025, "EST", 3),
        (JUL_2026, 2026, "LTU", 1),
        (JUL_2026, 2026, "POL", 4),
        (AUG_2025, 2025, "DEU", None),  # blank
        (AUG_2025, 2025, "ISL", None),  # no series
        (AUG_2025, 2026, "POL", None),  # year not in the edition
    ],
)
def test_rank_of(seed, edition, year, iso3, rank):
    assert rank_of(seed, edition, year, iso3) == rank


def test_allies_above_three_and_a_half_in_2025(seed):
    above = allies_above(seed, AUG_2025, 3.5)
    assert above[2025] == ["LTU", "LVA", "POL"]
    assert sorted(above) == list(range(2014, 2026))
    # years with nobody at 3.5% still map to []
    assert above[2016] == above[2017] == above[2018] == above[2019] == above[2023] == []
    assert above[2014] == ["USA"] and above[2021] == ["GRC"] and above[2024] == ["POL"]
    assert all(names == [] for names in allies_above(seed, AUG_2025, 5.0).values())


def test_three_allies_met_two_percent_in_2014(seed):
    # The reference says 3 allies met 2% in 2014; the seed agrees (USA 3.71, GRC 2.24, GBR 2.14).
    assert allies_above(seed, AUG_2025, 2.0)[2014] == ["GBR", "GRC", "USA"]


def test_allies_above_counts_the_threshold_itself_and_never_a_blank():
    points = [obs("AAA", 2025, 3.5), obs("BBB", 2025, 3.49), obs("CCC", 2025, None),
              obs("DDD", 2025, 9.0, edition=JUL_2026)]
    assert allies_above(points, AUG_2025, 3.5) == {2025: ["AAA"]}
    assert allies_above(points, "1999-01", 3.5) == {}


# --- summarize ---------------------------------------------------------------------------

def test_summary_of_poland_with_the_seed(seed):
    text = summarize("Poland", series(seed, "POL", AUG_2025), 3.5)
    assert text == "Poland rose from 1.86% in 2014 to 4.48% in 2025 (estimate), above the 3.5% core target."


def test_summary_below_a_target_gives_the_gap(seed):
    text = summarize("Poland", series(seed, "POL", AUG_2025), 5.0, "total target")
    assert text == ("Poland rose from 1.86% in 2014 to 4.48% in 2025 (estimate), "
                    "0.52 pp below the 5% total target.")


def test_summary_of_a_single_point(seed):
    points = [o for o in series(seed, "ESP", AUG_2025) if o.year == 2025]
    assert summarize("Spain", points, 3.5) == (
        "Spain stood at 2.00% in 2025 (estimate), 1.50 pp below the 3.5% core target.")


def test_summary_of_a_flat_series(seed):
    points = [o for o in series(seed, "ESP", JUL_2026) if o.year >= 2025]
    assert summarize("Spain", points, 3.5) == (
        "Spain held at 2.00% from 2025 to 2026 (estimate), 1.50 pp below the 3.5% core target.")


@pytest.mark.parametrize(
    ("points", "text"),
    [
        ([obs("XXX", 2014, 2.5), obs("XXX", 2020, 2.2), obs("XXX", 2024, 1.8)],
         "Ruritania fell from 2.50% in 2014 to 1.80% in 2024, 1.70 pp below the 3.5% core target."),
        # published precision: one decimal stays one decimal; 2.0 and 2.00 are equal
        ([obs("XXX", 2024, 2.0, decimals=1), obs("XXX", 2025, 2.00, status=Status.ESTIMATE)],
         "Ruritania held at 2.00% from 2024 to 2025 (estimate), 1.50 pp below the 3.5% core target."),
        ([obs("XXX", 2025, 3.5, decimals=1)],
         "Ruritania stood at 3.5% in 2025, at the 3.5% core target."),
        ([obs("XXX", 2025, 3.5, decimals=1, status=Status.ESTIMATE)],
         "Ruritania stood at 3.5% in 2025 (estimate), at the 3.5% core target."),
        # a trailing blank and a plan point are skipped: the last figure is 2024
        ([obs("XXX", 2023, 1.5), obs("XXX", 2024, 1.8), obs("XXX", 2025, None),
          obs("XXX", 2026, 3.0, status=Status.PLAN)],
         "Ruritania rose from 1.50% in 2023 to 1.80% in 2024, 1.70 pp below the 3.5% core target."),
        ([obs("XXX", 2025, None)], "No figures for Ruritania in this edition."),
        ([], "No figures for Ruritania in this edition."),
    ],
)
def test_summary_forms(points, text):
    assert summarize("Ruritania", points, 3.5) == text


def test_summary_of_iceland_with_the_seed(seed):
    text = summarize("Iceland", series(seed, "ISL", AUG_2025), 3.5)
    assert text == "No figures for Iceland in this edition."


def test_summary_refuses_mixed_editions_and_measures(seed):
    mixed = series(seed, "POL", AUG_2025) + series(seed, "POL", JUL_2026)
    with pytest.raises(ValueError, match="mixes editions"):
        summarize("Poland", mixed, 3.5)
    with pytest.raises(ValueError, match="mixes measures"):
        summarize("Spain", [obs("ESP", 2024, 1.4), obs("ESP", 2025, 2.0, measure=Measure.CORE_PCT_GDP)], 3.5)


def test_summary_targets_print_as_spoken():
    points = [obs("XXX", 2025, 1.0)]
    assert summarize("R", points, 2.0, "guideline").endswith("1.00 pp below the 2% guideline.")
    assert summarize("R", points, 5.0, "total target").endswith("4.00 pp below the 5% total target.")


@pytest.mark.parametrize(("year", "value"), [(2035, 3.0), (2040, 3.0), (2027, 0.0)])
def test_no_path_from_a_figure_at_or_after_the_deadline_or_at_zero(year, value):
    points = [Observation(f"e/ESP/{year}", "ESP", year, Measure.CORE_PCT_GDP, value, 2,
                          Status.ESTIMATE, "e", "S")]
    assert required_from_series(points, 3.5, 2035) is None


def test_standing_shares_ranks_between_equal_figures(seed):
    assert standing(seed, JUL_2026, 2026, "LTU") == (1, 31, False)
    assert standing(seed, JUL_2026, 2026, "ESP") == standing(seed, JUL_2026, 2026, "BEL")
    rank, count, shared = standing(seed, JUL_2026, 2026, "ESP")
    assert shared and count == 31 and rank == 1 + sum(
        o.value > 2.0 for o in ranked(seed, JUL_2026, 2026))
    assert standing(seed, JUL_2026, 2026, "ISL") is None
