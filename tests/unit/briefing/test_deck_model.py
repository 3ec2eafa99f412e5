"""The deck's slide model: every deck builds, every slide tells the truth and fits.

These run on the model both renderers draw (no PowerPoint, no Qt), for every
ally in every shipped edition.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from nato_desk import palette
from nato_desk.analysis.figures import format_pct, latest_figure, series
from nato_desk.analysis.trajectory import ranked
from nato_desk.briefing import UnknownMembers, build_deck_model
from nato_desk.domain import Status
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.slides.layout import BODY, FOOTER
from nato_desk.slides.model import SLIDE_H, SLIDE_W, ChartBox, RankedChart, Rule, TextBox, TrajectoryChart
from nato_desk.slides.text_fit import text_height, wrap
from nato_desk.store import Store

EDITIONS = ["2025-08", "2026-03", "2026-07"]
FOOTER_BOXES = {"Source line", "Marking (header)", "Marking (footer)"}
_FIGURES = (Status.ACTUAL, Status.ESTIMATE)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "desk.json"
    with Store.open(path, seed=lambda: load_seed(seed_folder())):
        pass
    store = Store.open(path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module")
def all_decks(store):
    codes = [m.iso3 for m in store.members()]
    return {e: build_deck_model(store, codes, e, author="A. Analyst", today=dt.date(2026, 12, 1))
            for e in EDITIONS}


def _ally_slide(deck, name):
    return next(s for s in deck.slides if s.kind == "ally" and s.title.startswith(f"{name}:"))


def _rect(box):
    if isinstance(box, Rule):
        return min(box.x1, box.x2), min(box.y1, box.y2), max(box.x1, box.x2), max(box.y1, box.y2)
    return box.x, box.y, box.x + box.w, box.y + box.h


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_ally_gets_a_slide_in_every_edition(all_decks, store, edition):
    deck = all_decks[edition]
    allies = [s for s in deck.slides if s.kind == "ally"]
    assert [s.title.split(":")[0] for s in allies] == [m.name for m in store.members()]
    assert [s.kind for s in deck.slides[:2]] == ["title", "overview"]
    assert deck.slides[-1].kind == "sources"
    assert deck.title == "NATO defence spending: all 32 allies"


def test_iceland_says_why_it_has_no_chart(all_decks):
    slide = _ally_slide(all_decks["2026-07"], "Iceland")
    assert slide.title == "Iceland: no defence expenditure series"
    assert not any(isinstance(b, ChartBox) for b in slide.boxes)
    assert "no armed forces" in slide.box("No series").text


def test_an_ally_missing_from_an_edition_says_so(all_decks):
    slide = _ally_slide(all_decks["2026-03"], "Hungary")
    assert slide.title == "Hungary: no figure in the March 2026 edition"
    assert "Other editions have figures" in slide.box("No series").text


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_overview_ranks_the_latest_year_and_names_who_it_could_not_rank(all_decks, store, edition):
    overview = all_decks[edition].slides[1]
    chart = next(b.chart for b in overview.boxes if isinstance(b, ChartBox))
    assert isinstance(chart, RankedChart)
    figures = [o for o in store.observations(edition=edition) if o.status in _FIGURES]
    expected = ranked(figures, edition, chart.year)
    assert [b.value for b in chart.bars] == [o.value for o in expected]
    ranked_names = {b.name for b in chart.bars}
    missing = [m.name for m in store.members() if m.name not in ranked_names]
    side = overview.box("Overview notes").text
    assert missing and all(name in side for name in missing)
    assert not any(b.highlighted for b in chart.bars)  # a deck about everyone singles nobody out


def test_the_overview_highlights_a_few_chosen_allies(store):
    deck = build_deck_model(store, ["esp", " POL", "ESP"], "2026-07")
    chart = next(b.chart for b in deck.slides[1].boxes if isinstance(b, ChartBox))
    assert {b.name for b in chart.bars if b.highlighted} == {"Spain", "Poland"}
    assert [s.title.split(":")[0] for s in deck.slides if s.kind == "ally"] == ["Spain", "Poland"]


def test_a_message_headline_then_at_most_five_labelled_figures(all_decks):
    slide = _ally_slide(all_decks["2026-07"], "Spain")
    assert slide.title == "Spain: 2.00% of GDP in 2026, 1.50 pp below the 3.5% core target"
    figures = slide.box("Figures").paragraphs
    assert len(figures) <= 5
    assert [p.runs[0].text for p in figures][:3] == ["Latest figure: ", "Gap to 3.5% core: ", "Gap to 5% total: "]
    assert figures[1].runs[1].text == "1.50 pp below"
    assert all(p.runs[0].bold for p in figures)


def test_figures_keep_their_published_precision(all_decks, store):
    deck = all_decks["2026-03"]  # one decimal, as POLITICO printed it
    for slide in (s for s in deck.slides if s.kind == "ally"):
        name = slide.title.split(":")[0]
        member = next(m for m in store.members() if m.name == name)
        latest = latest_figure(series(store.observations(iso3=member.iso3, edition="2026-03"), member.iso3,
                                      "2026-03"))
        if latest is None:
            continue
        text = format_pct(latest.value, latest.decimals)
        assert latest.decimals == 1 and text in slide.title
        chart = next(b.chart for b in slide.boxes if isinstance(b, ChartBox))
        labels = [lab for s in chart.series for lab in s.labels if lab]
        assert labels[-1] == text and all(re.fullmatch(r"\d+\.\d%", label) for label in labels)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_trajectory_runs_to_2035_in_the_palette(all_decks, edition):
    for slide in all_decks[edition].slides:
        for box in slide.boxes:
            if not (isinstance(box, ChartBox) and isinstance(box.chart, TrajectoryChart)):
                continue
            chart = box.chart
            assert chart.years[0] <= 2014 and chart.years[-1] == 2035
            by_name = {s.name: s for s in chart.series}
            for tid, label in (("WALES_2PCT", "2% guideline"), ("HAGUE_CORE", "3.5% core"),
                               ("HAGUE_TOTAL", "5% total")):
                line = next(s for name, s in by_name.items() if name.startswith(label))
                assert line.colour == palette.TARGET_STYLES[tid].colour
                assert all(v is not None for v in line.values)  # visible over the whole axis
            for s in chart.series:
                if "NATO estimates" in s.name:
                    assert s.dash == "dot" and not s.filled
                if "NATO figures" in s.name:
                    assert s.dash == "solid" and s.filled and s.colour == palette.ALLY_COLOURS[0]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_box_fits_on_the_slide_and_none_overlap(all_decks, edition):
    for number, slide in enumerate(all_decks[edition].slides, 1):
        solid = [b for b in slide.boxes if not isinstance(b, Rule)]
        for box in slide.boxes:
            x0, y0, x1, y1 = _rect(box)
            assert 0 <= x0 and x1 <= SLIDE_W and 0 <= y0 and y1 <= SLIDE_H, (number, box.name)
        for a, b in itertools.combinations(solid, 2):
            ax0, ay0, ax1, ay1 = _rect(a)
            bx0, by0, bx1, by1 = _rect(b)
            apart = ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
            assert apart, f"slide {number} ({slide.title}): {a.name} overlaps {b.name}"
        for box in slide.boxes:
            if isinstance(box, TextBox):
                need = sum(p.space_before + text_height(p.text, box.w, p.size, p.bold) for p in box.paragraphs)
                assert need <= box.h + 0.01, (number, box.name)


@pytest.mark.parametrize("edition", EDITIONS)
def test_projector_type_sizes(all_decks, edition):
    for slide in all_decks[edition].slides:
        for box in slide.text_boxes():
            floor = FOOTER if box.name in FOOTER_BOXES else BODY
            assert all(p.size >= floor for p in box.paragraphs), (slide.title, box.name)


def test_long_source_lists_go_on_further_sources_slides(all_decks, store):
    deck = all_decks["2026-07"]
    pages = [s for s in deck.slides if s.kind == "sources"]
    assert len(pages) > 1
    assert [p.title for p in pages] == [f"Sources ({i} of {len(pages)})" for i in range(1, len(pages) + 1)]
    listed = [p.text for s in pages for p in s.box("Source list").paragraphs]
    cited = {sid for s in deck.slides if s.kind == "ally"
             for sid in [o.source_id for o in store.observations(edition="2026-07")]}
    assert len(listed) == len(set(listed)) and len(listed) >= len(cited)


def test_a_source_line_is_never_cut_mid_word(all_decks):
    for slide in all_decks["2026-07"].slides:
        line = slide.box("Source line").text
        assert line.endswith("edition (Defence Investment of NATO Countries (2014-2026)).")
        assert len(wrap(line, 900, FOOTER)) <= 2
        assert "\u2026" not in line


def test_quotes_on_a_slide_carry_their_source_and_the_rest_go_to_the_notes(all_decks):
    slide = _ally_slide(all_decks["2026-07"], "Spain")
    quotes = slide.box("Quotes").paragraphs
    assert quotes[0].runs[0].italic and quotes[0].text.startswith("\u201c")
    assert "Source: " in quotes[1].text and "Pedro S\u00e1nchez" in quotes[1].text
    assert "Quotes:" in slide.notes and "Sources:" in slide.notes


def test_unknown_codes_are_named(store):
    with pytest.raises(UnknownMembers) as caught:
        build_deck_model(store, ["POL", "XXX", "zzz"])
    assert caught.value.codes == ["XXX", "ZZZ"]


def test_an_unknown_edition_is_refused(store):
    with pytest.raises(KeyError):
        build_deck_model(store, ["POL"], "1999-01")


def test_title_slide_names_the_edition_and_the_author(all_decks):
    title = all_decks["2026-07"].slides[0]
    text = title.box("Subtitle").text
    assert "July 2026 edition" in text and "Prepared 1 December 2026 by A. Analyst" in text
    assert "2026-07" not in text


MIRRORS = ("github", "squidsite", "theworkoutfactory", "vaultz", "leave-the-gun", "transcription")


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_slide_names_a_mirror_or_a_repository_as_its_source(all_decks, edition):
    for slide in all_decks[edition].slides:
        text = "\n".join(b.text for b in slide.text_boxes()).lower()
        assert not [m for m in MIRRORS if m in text], slide.title


def test_figures_from_a_transcription_cite_the_nato_edition(all_decks):
    slide = _ally_slide(all_decks["2026-07"], "Spain")
    assert slide.box("Source line").text.startswith("Sources: NATO: Defence Investment of NATO Countries (2014-2026)")
    assert "Read at" in slide.notes or "via" in slide.notes.lower()
