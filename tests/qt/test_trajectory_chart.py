"""The trajectory chart: series from one edition, styles, targets, comparisons, hover."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from nato_desk.domain import Observation


def drawn(item):
    xs, ys = item.getData()
    if xs is None:
        return {}
    return {int(x): float(y) for x, y in zip(xs, ys) if not math.isnan(y)}


def test_selected_ally_series_equals_the_store_for_the_edition(panel, store):
    panel.set_member("ESP")
    slot = panel.chart.slot_for("ESP")
    expected = {o.year: o.value for o in store.observations(iso3="ESP", edition="2026-07")}
    combined = {**drawn(slot.actual), **drawn(slot.estimate)}
    assert combined == expected
    assert min(combined) == 2014 and max(combined) == 2026


def test_estimates_are_dotted_and_hollow_actuals_solid_and_filled(panel, store):
    panel.set_member("ESP")
    slot = panel.chart.slot_for("ESP")
    estimates = {o.year for o in store.observations(iso3="ESP", edition="2026-07")
                 if o.status.value == "estimate"}
    assert estimates == {2025, 2026}
    assert set(drawn(slot.actual)) == set(range(2014, 2025))
    # The dotted line starts at the last actual year so the trajectory reads as one line.
    assert set(drawn(slot.estimate)) == {2024, 2025, 2026}
    assert slot.actual.opts["pen"].style() == Qt.PenStyle.SolidLine
    assert slot.estimate.opts["pen"].style() == Qt.PenStyle.DotLine
    assert slot.estimate.opts["symbolBrush"].color().name() == "#ffffff"


def test_switching_edition_redraws_without_splicing(panel, store):
    panel.set_member("POL")
    panel.chart.set_edition("2025-08")
    slot = panel.chart.slot_for("POL")
    combined = {**drawn(slot.actual), **drawn(slot.estimate)}
    assert combined[2025] == 4.48
    assert combined == {o.year: o.value for o in store.observations(iso3="POL", edition="2025-08")}


def test_germany_2025_blank_is_not_drawn_as_a_value(panel):
    panel.chart.set_edition("2025-08")
    panel.set_member("DEU")
    slot = panel.chart.slot_for("DEU")
    assert 2025 not in drawn(slot.actual) and 2025 not in drawn(slot.estimate)
    assert "DEU" in panel.chart.allies
    assert "blank" in panel.chart.hover_text(2025)
    assert "Germany: no 2025 figure (published blank)." in panel.chart.message.text()


def test_ally_missing_from_an_editions_sources_is_named_on_the_chart(panel):
    panel.chart.set_edition("2025-08")
    panel.set_member("ESP")
    # Spain's only line: its scenario path is not a commitment (the Hague arrangement).
    illustrative = ("Spain: has not committed to 3.5% by 2035 under the Hague arrangement; "
                    "the scenario path is illustrative.")
    assert panel.chart.message.text() == illustrative
    panel.add_comparison("SWE")
    message = panel.chart.message.text()
    assert message == f"{illustrative}\nSweden: no 2025 figure (not in this edition's sources)."


def test_target_lines_and_year_markers(panel):
    targets = {k: line.value() for k, line in panel.chart.target_lines.items()}
    assert targets == {"WALES_2PCT": 2.0, "HAGUE_CORE": 3.5, "HAGUE_TOTAL": 5.0}
    years = {int(line.value()) for line in panel.chart.event_lines.values()}
    assert {2014, 2022, 2025, 2029, 2035} <= years
    (x0, x1), _ = panel.chart.plot_widget.getPlotItem().getViewBox().viewRange()
    assert x0 <= 2014 and x1 >= 2035


def test_comparisons_get_distinct_colours_and_markers(panel):
    panel.set_member("ESP")
    assert panel.add_comparison("BEL")
    assert panel.add_comparison("SVK")
    assert not panel.add_comparison("BEL")  # already there
    assert panel.chart.allies == ["ESP", "BEL", "SVK"]
    slots = [panel.chart.slot_for(c) for c in ("ESP", "BEL", "SVK")]
    colours = {s.actual.opts["pen"].color().name() for s in slots}
    symbols = {s.actual.opts["symbol"] for s in slots}
    assert len(colours) == 3 and len(symbols) == 3
    legend = [label.text for _, label in panel.chart.legend.items]
    assert any("Spain" in t for t in legend) and any("Slovakia" in t for t in legend)
    panel.remove_comparison("BEL")
    assert panel.chart.allies == ["ESP", "SVK"]
    chips = [b.text() for b in panel.findChildren(QToolButton) if not b.isHidden()]
    assert chips == ["SVK ✕"]


def test_hover_snaps_to_whole_years_and_lists_each_series(panel, store):
    panel.set_member("ESP")
    panel.add_comparison("BEL")
    panel.chart.show_hover(2025)
    assert panel.chart.crosshair.value() == 2025
    text = panel.chart.hover_label.textItem.toPlainText()
    assert text.startswith("2025")
    esp = next(o for o in store.observations(iso3="ESP", edition="2026-07") if o.year == 2025)
    assert f"Spain: {esp.value:.2f}%, estimate" in text
    assert "Belgium:" in text
    # The original (NATO's table) is the source, never the GitHub transcription it was read in.
    # One source for both values: named once (issue 13).
    assert "source (all): NATO: Defence Investment of NATO Countries (2014-2026), Table 3" in text
    assert "github" not in text.lower() and "cannoli" not in text


def test_iceland_says_why_nothing_is_drawn(panel):
    panel.set_member("ISL")
    assert not panel.chart.message.isHidden()
    assert "no armed forces" in panel.chart.message.text()
    assert all(not s.actual.isVisible() for s in panel.chart.slots)
    assert panel.chart.legend.items == []


def test_chart_holds_at_most_six_allies_whatever_is_selected(panel):
    panel.set_member("ESP")
    for code in ("BEL", "SVK", "FRA", "DEU", "ITA"):
        assert panel.add_comparison(code)
    assert not panel.add_comparison("POL")
    panel.set_member("BEL")  # a compared ally becomes the selected one
    assert not panel.add_comparison("POL")
    panel.set_member("ESP")
    assert len(panel.chart.allies) == 6
    assert all(panel.chart.slot_for(c).points for c in panel.chart.allies)


def test_adding_the_selected_ally_pins_it_for_the_next_selection(panel):
    panel.set_member("ESP")
    assert panel.add_comparison("ESP")
    panel.set_member("BEL")
    assert panel.chart.allies == ["BEL", "ESP"]


def test_clicking_a_legend_entry_hides_the_whole_line(qtbot, panel):
    panel.set_member("ESP")
    slot = panel.chart.slot_for("ESP")
    sample, _ = panel.chart.legend.items[0]
    assert slot.actual.isVisible() and slot.estimate.isVisible()
    sample.item.setVisible(False)  # what a click on the legend sample does
    assert not slot.actual.isVisible() and not slot.estimate.isVisible()
    sample.item.setVisible(True)
    assert slot.actual.isVisible() and slot.estimate.isVisible()


def test_hover_follows_a_change_of_ally(panel):
    panel.set_member("ESP")
    panel.chart.show_hover(2025)
    panel.set_member("DEU")
    text = panel.chart.hover_label.textItem.toPlainText()
    assert "Germany:" in text and "Spain" not in text


def test_estimate_only_edition_draws_hollow_points_without_warnings(panel):
    panel.chart.set_edition("2026-03")
    panel.set_member("POL")
    slot = panel.chart.slot_for("POL")
    assert not slot.actual.isVisible() and slot.estimate.isVisible()
    assert drawn(slot.estimate) == {2025: 4.3}


def test_a_missing_middle_year_breaks_the_line(panel, store):
    store.remove(Observation, "2026-07/ESP/core_pct_gdp/2020")
    panel.set_member("ESP")
    xs, ys = panel.chart.slot_for("ESP").actual.getData()
    assert math.isnan(ys[list(xs).index(2020)])
    assert "Spain: no 2020 figure (not in this edition's sources)." in panel.chart.message.text()


def test_ally_above_the_target_gets_no_falling_scenario_line(panel):
    panel.set_member("POL")  # 4.68% in 2026e
    slot = panel.chart.slot_for("POL")
    assert not slot.scenario.isVisible()
    assert "Poland: already at or above 3.5% by 2035; no scenario path drawn." in panel.chart.message.text()


def test_figures_at_or_after_2035_or_at_zero_do_not_break_the_chart(panel, store):
    from nato_desk.domain import Measure, Status

    store.put_many([Observation("2026-07/ESP/core_pct_gdp/2035", "ESP", 2035, Measure.CORE_PCT_GDP,
                                3.6, 2, Status.ESTIMATE, "2026-07", "NATO_DE2026")])
    panel.set_member("ESP")
    assert not panel.chart.slot_for("ESP").scenario.isVisible()


def test_plans_join_only_charts_of_their_measure(panel, store):
    from nato_desk.domain import PLAN_EDITION, Measure, Status

    store.put_many([
        Observation(f"{PLAN_EDITION}/POL/core_pct_gdp/2030", "POL", 2030, Measure.CORE_PCT_GDP, 5.0, 1,
                    Status.PLAN, PLAN_EDITION, "NATO_DE2026"),
        Observation(f"{PLAN_EDITION}/POL/total_pct_gdp/2032", "POL", 2032, Measure.TOTAL_PCT_GDP, 5.5, 1,
                    Status.PLAN, PLAN_EDITION, "NATO_DE2026"),
    ])
    panel.set_member("POL")
    assert drawn(panel.chart.slot_for("POL").plan) == {2030: 5.0}
    panel.chart.set_edition("2025-08")  # defence expenditure, not core: no plan of that measure
    assert not panel.chart.slot_for("POL").plan.isVisible()


def test_zoom_survives_a_change_of_ally_until_reset(panel):
    panel.set_member("ESP")
    view_box = panel.chart.plot_widget.getPlotItem().getViewBox()
    view_box.setXRange(2018, 2022, padding=0)
    view_box.sigRangeChangedManually.emit([True, False])
    panel.set_member("BEL")
    assert view_box.viewRange()[0] == [2018, 2022]
    panel.chart.reset_view()
    (x0, x1), _ = view_box.viewRange()
    assert x0 <= 2014 and x1 >= 2035
