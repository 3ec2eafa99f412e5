"""The briefing deck: opened again with python-pptx, it holds the store's numbers,
names its sources and carries the marking on every slide."""

from __future__ import annotations

import datetime as dt

import pytest
from pptx import Presentation

from nato_desk.analysis.figures import series
from nato_desk.analysis.trajectory import ranked, summarize
from nato_desk.briefing import UnknownMembers, deck_input
from nato_desk.domain import Status
from nato_desk.export.deck import AllySlide, DeckInput, DeckQuote, DeckSource, OverviewSlide, build_deck, clean_text
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store

CODES = ["ESP", "BEL", "SVK"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "desk.json"
    with Store.open(path, seed=lambda: load_seed(seed_folder())):
        pass
    store = Store.open(path, read_only=True)
    yield store
    store.close()


def _texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _charts(slide):
    return [s.chart for s in slide.shapes if s.has_chart]


@pytest.fixture(scope="module", params=["2026-07", "2025-08"])
def built(request, store, tmp_path_factory):
    edition = request.param
    deck = deck_input(store, CODES, edition=edition, today=dt.date(2026, 7, 20))
    path = build_deck(deck, tmp_path_factory.mktemp("out") / "deck.pptx", marking="NATO UNCLASSIFIED")
    return edition, deck, Presentation(str(path))


def test_one_slide_each_title_overview_ally_sources(built):
    _, _, prs = built
    assert len(prs.slides) == 1 + 1 + len(CODES) + 1
    texts = [_texts(s) for s in prs.slides]
    assert "NATO defence spending: Spain, Belgium, Slovakia" in texts[0]
    assert texts[-1].startswith("NATO UNCLASSIFIED\nSources")


def test_each_ally_chart_holds_the_store_values_of_the_edition(built, store):
    edition, _, prs = built
    for code, slide in zip(CODES, list(prs.slides)[2:-1], strict=True):
        points = store.observations(iso3=code, edition=edition)
        assert points
        (chart,) = _charts(slide)
        first = chart.plots[0].series[0]
        assert first.name == store.member(code).name
        values = [v for v in first.values]
        assert values[:len(points)] == [o.value for o in points]
        assert all(v is None for v in values[len(points):])  # scenario years carry no figure
        names = [s.name for s in chart.plots[0].series]
        assert "3.5% core target" in names and "5% total target" in names
        targets = {s.name: set(s.values) for s in chart.plots[0].series}
        assert targets["3.5% core target"] == {3.5} and targets["5% total target"] == {5.0}


def test_overview_ranks_the_latest_year(built, store):
    edition, deck, prs = built
    (chart,) = _charts(prs.slides[1])
    figures = [o for o in store.observations(edition=edition) if o.status in (Status.ACTUAL, Status.ESTIMATE)]
    expected = ranked(figures, edition, deck.overview.year)
    assert list(chart.plots[0].series[0].values) == [o.value for o in expected]
    assert deck.overview.year == max(o.year for o in figures if o.value is not None)
    text = _texts(prs.slides[1])
    assert "2%" in text and "3.5%" in text and "5%" in text


def test_every_slide_has_the_marking_and_a_source_line(built):
    _, _, prs = built
    for slide in prs.slides:
        text = _texts(slide)
        assert text.count("NATO UNCLASSIFIED") >= 2  # header and footer
        assert "Sources: " in text and "Data edition:" in text


def test_speaker_notes_hold_the_summary_and_sources(built, store):
    edition, _, prs = built
    for code, slide in zip(CODES, list(prs.slides)[2:-1], strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        member = store.member(code)
        points = series(store.observations(iso3=code, edition=edition), code, edition)
        assert summarize(member.name, points, 3.5) in notes
        assert "Sources:" in notes


def test_sources_slide_lists_every_source_used(built, store):
    edition, deck, prs = built
    listed = _texts(prs.slides[-1])
    used = {o.source_id for c in CODES for o in store.observations(iso3=c, edition=edition)}
    used |= {sid for c in CODES if store.position(c) for sid in store.position(c).source_ids}
    for sid in used:
        src = store.source(sid)
        assert src is not None and src.title in listed
        if src.url:
            assert src.url in listed
    assert {s.id for s in deck.sources} >= used


def test_unknown_codes_are_named(store):
    with pytest.raises(UnknownMembers) as caught:
        deck_input(store, ["POL", "XXX", "zzz"])
    assert caught.value.codes == ["XXX", "ZZZ"]


def test_hostile_text_is_cleaned_and_not_a_formula(tmp_path):
    ally = AllySlide(
        name="=HYPERLINK(\"http://x\")\x01", iso3="XXX", years=[2024, 2025], values=[1.0, None],
        statuses=["actual", "actual"], scenario_years=[], scenario_values=[], scenario_label="",
        latest_text="1.00% (2024)\x00", gap_core_text="2.50 pp below", gap_total_text="4.00 pp below",
        required_core_text="+0.2 pp", required_total_text="+0.4 pp", stance="Undeclared",
        summary="<b>not markup</b>\x0b", plain_summary="X stood at 1.00%.",
        quotes=[DeckQuote("Say \x07it", "Someone", "2025-01-01", "Outlet")], source_ids=["S1"],
    )
    deck = DeckInput(title="T\x1f", subtitle="S", measure_label="m", edition_label="E",
                     overview=OverviewSlide(year=2024, names=["=A"], values=[1.0], measure_label="m",
                                            source_ids=["S1"]),
                     allies=[ally], sources=[DeckSource("S1", "Title", "Pub", "2025", "https://e.org")])
    prs = Presentation(str(build_deck(deck, tmp_path / "d.pptx", marking="SECRET\x02")))
    (chart,) = _charts(prs.slides[2])
    assert chart.plots[0].series[0].name == "'=HYPERLINK(\"http://x\")"
    text = "\n".join(_texts(s) for s in prs.slides)
    assert "<b>not markup</b>" in text and "Say it" in text and "SECRET" in text
    assert not any(ch in text for ch in "\x00\x01\x02\x07\x0b\x1f")
    assert list(tmp_path.iterdir()) == [tmp_path / "d.pptx"]  # no temporary file left


def test_clean_text():
    assert clean_text("a\x00b\r\nc\x1fd\te") == "ab\ncd\te"


def test_overview_draws_the_three_target_lines_at_their_values(tmp_path, store):
    from pptx import Presentation

    from nato_desk.briefing import deck_input
    from nato_desk.export.deck import _PLOT_W, _PLOT_X, build_deck

    deck = deck_input(store, ["POL", "ESP"], "2026-07")
    out = build_deck(deck, tmp_path / "d.pptx")
    slide = Presentation(str(out)).slides[1]
    chart_frame = next(s for s in slide.shapes if s.has_chart)
    axis = chart_frame.chart.value_axis
    assert axis.minimum_scale == 0
    lines = {s.name: s for s in slide.shapes if s.name.startswith("Target ") and "label" not in s.name}
    assert set(lines) == {"Target 2%", "Target 3.5%", "Target 5%"}
    for level in (2.0, 3.5, 5.0):
        x = lines[f"Target {level:g}%"].begin_x
        expected = chart_frame.left + chart_frame.width * (_PLOT_X + _PLOT_W * level / axis.maximum_scale)
        assert abs(x - expected) < 2000  # EMU; about 0.002 inch
