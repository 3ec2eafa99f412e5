"""A deck in another measure than a share of GDP: its own headline, figures, chart and targets.

The equipment-share and constant-US$ figures are added here through Store.apply
(Poland 47.0% on equipment in 2024, 31,565 million US$), so every expected
sentence is known; the share-of-GDP decks are checked in test_deck_model.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pptx import Presentation

from nato_desk.briefing import build_deck_model
from nato_desk.domain import AddRecord, ChangeSet, Measure, Observation, Status
from nato_desk.export.deck import write_pptx
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.slides.model import SLIDE_H, SLIDE_W, ChartBox, RankedChart, Rule, TrajectoryChart
from nato_desk.store import Store

EDITION = "2025-08"
ADDED = [
    ("POL", Measure.EQUIPMENT_SHARE, 2014, 18.8, 1, Status.ACTUAL),
    ("POL", Measure.EQUIPMENT_SHARE, 2023, 45.5, 1, Status.ACTUAL),
    ("POL", Measure.EQUIPMENT_SHARE, 2024, 47.0, 1, Status.ESTIMATE),
    ("ESP", Measure.EQUIPMENT_SHARE, 2024, 15.2, 1, Status.ESTIMATE),
    ("POL", Measure.CONSTANT_USD, 2014, 10234.0, 0, Status.ACTUAL),
    ("POL", Measure.CONSTANT_USD, 2024, 31565.0, 0, Status.ESTIMATE),
    ("ESP", Measure.CONSTANT_USD, 2024, 12345.0, 0, Status.ESTIMATE),
]
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("measures") / "desk.json", seed=lambda: load_seed(seed_folder()))
    source = next(o.source_id for o in store.observations(iso3="POL", edition=EDITION))
    adds = tuple(AddRecord(Observation(f"{EDITION}/{iso3}/{m.value}/{year}", iso3, year, m, value, dec,
                                       status, EDITION, source), f"Add {iso3} {year}")
                 for iso3, m, year, value, dec, status in ADDED)
    store.apply(ChangeSet(adds, "Add test figures"), user="test")
    yield store
    store.close()


def ally(deck, name):
    return next(s for s in deck.slides if s.kind == "ally" and s.title.startswith(f"{name}:"))


def chart_of(slide):
    return next(b.chart for b in slide.boxes if isinstance(b, ChartBox))


def test_default_is_the_editions_headline_measure(store):
    default = build_deck_model(store, ["ESP"], EDITION, today=TODAY)
    explicit = build_deck_model(store, ["ESP"], EDITION, today=TODAY, measure=Measure.PCT_GDP)
    assert default == explicit
    assert ally(default, "Spain").title == "Spain: 2.00% of GDP in 2025, 1.50 pp below the 3.5% core target"


def test_equipment_share_deck_is_judged_against_20_percent(store):
    deck = build_deck_model(store, ["POL", "ESP"], EDITION, today=TODAY, measure=Measure.EQUIPMENT_SHARE)
    poland = ally(deck, "Poland")
    assert poland.title == "Poland: 47.0% of defence spending on equipment in 2024, above the 20% guideline"
    assert ally(deck, "Spain").title == ("Spain: 15.2% of defence spending on equipment in 2024, "
                                         "4.8 pp below the 20% guideline")
    figures = [(p.runs[0].text, p.runs[1].text) for p in poland.box("Figures").paragraphs]
    assert figures[:3] == [("Latest figure: ", "47.0% in 2024 (NATO estimate)"),
                           ("Gap to 20% guideline: ", "27.0 pp above"),
                           ("First figure: ", "18.8% in 2014")]
    chart = chart_of(poland)
    assert isinstance(chart, TrajectoryChart)
    targets = [s for s in chart.series if not s.marker and not s.name.startswith("Poland")]
    assert [(s.name, set(s.values)) for s in targets] == [("20% equipment guideline", {20.0})]
    assert not any("3.5%" in s.name or "5%" in s.name or "path" in s.name.lower() for s in chart.series)
    assert chart.y_title == "% of defence expenditure" and chart.y_unit == "%"
    assert chart.y_max >= 47.0 and chart.y_max / chart.y_step <= 10  # a readable number of gridlines
    assert [lab for s in chart.series for lab in s.labels if lab] == ["47.0%"]
    assert "above the 20% guideline" in poland.notes and "no path to them is computed" in poland.notes
    title = deck.slides[0]
    assert "equipment, % of defence expenditure" in title.notes
    assert "Target: 20% equipment guideline (Wales 2014)" in title.notes


def test_equipment_share_overview_ranks_by_the_measure(store):
    deck = build_deck_model(store, ["POL"], EDITION, today=TODAY, measure=Measure.EQUIPMENT_SHARE)
    overview = deck.slides[1]
    chart = chart_of(overview)
    assert isinstance(chart, RankedChart)
    assert [(b.name, b.value) for b in chart.bars] == [("Poland", 47.0), ("Spain", 15.2)]
    assert [b.label for b in chart.bars] == ["Poland  47.0%", "Spain  15.2%"]
    assert [level.value for level in chart.levels] == [20.0]
    assert overview.title == "2024: 1 of 2 allies at or above the 20% guideline"


def test_money_deck_has_no_target_and_a_money_axis(store):
    deck = build_deck_model(store, ["POL"], EDITION, today=TODAY, measure=Measure.CONSTANT_USD)
    poland = ally(deck, "Poland")
    assert poland.title == "Poland: 31,565 m US$ on defence (constant prices) in 2024"
    chart = chart_of(poland)
    assert [s.name for s in chart.series] == ["Poland, NATO figures", "Poland, NATO estimates"]
    assert chart.y_unit == "" and chart.y_title == "million US$" and chart.y_max >= 31565
    overview = chart_of(deck.slides[1])
    assert overview.levels == () and overview.x_unit == ""
    assert deck.slides[1].title.startswith("2024: Constant US$, 2 allies ranked; highest Poland 31,565 m US$")
    assert "Poland rose from 10,234 m US$ in 2014 to 31,565 m US$ in 2024 (estimate)." in poland.notes


@pytest.mark.parametrize("measure", [Measure.EQUIPMENT_SHARE, Measure.CONSTANT_USD])
def test_other_measure_slides_fit_and_write(store, tmp_path, measure):
    deck = build_deck_model(store, ["POL", "ESP", "ISL"], EDITION, today=TODAY, measure=measure)
    for slide in deck.slides:
        for box in slide.boxes:
            if isinstance(box, Rule):
                continue
            assert 0 <= box.x and box.x + box.w <= SLIDE_W + 0.5, (slide.title, box)
            assert 0 <= box.y and box.y + box.h <= SLIDE_H + 0.5, (slide.title, box)
    out = tmp_path / "deck.pptx"
    write_pptx(deck, out)
    charts = [shape.chart for slide in Presentation(str(out)).slides for shape in slide.shapes
              if shape.has_chart]
    axes = [c.value_axis for c in charts]
    expected = '0"%"' if measure is Measure.EQUIPMENT_SHARE else "#,##0"
    assert axes and all(a.tick_labels.number_format == expected for a in axes)
    assert all(a.maximum_scale / a.major_unit <= 10 for a in axes)


def test_a_measure_whose_target_has_no_palette_style_still_builds(tmp_path):
    """An imported related-share series (the up-to-1.5% basket) draws its target in the muted style."""
    from nato_desk.domain import Edition

    with Store.open(tmp_path / "desk.json", seed=lambda: load_seed(seed_folder())) as store:
        edition = Edition("rel-2026", "Related 2026", "Related spending", "2026-07-10", Measure.RELATED_PCT_GDP,
                          "NATO_DE2026")
        figure = Observation("rel-2026/POL/related_pct_gdp/2026", "POL", 2026, Measure.RELATED_PCT_GDP, 0.8, 1,
                             Status.ESTIMATE, "rel-2026", "NATO_DE2026")
        store.apply(ChangeSet((AddRecord(edition, "x"), AddRecord(figure, "x")), "x"), user="t")
        deck = build_deck_model(store, ["POL"], "rel-2026", measure=Measure.RELATED_PCT_GDP)
    assert any(s.kind == "ally" for s in deck.slides)
