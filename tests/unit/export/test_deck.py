"""The PowerPoint deck: opened again with python-pptx, it is the slide model, box
for box, in our own template, with honest file properties."""

from __future__ import annotations

import datetime as dt
import os
import stat
import zipfile

import pytest
from pptx import Presentation
from pptx.util import Emu

from nato_desk import palette
from nato_desk.briefing import build_deck_model
from nato_desk.export.deck import clean_text, write_pptx
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.slides.layout import BODY, FOOTER
from nato_desk.slides.model import ChartBox, Deck, Paragraph, Run, Slide, TextBox, TrajectoryChart, ChartSeries
from nato_desk.store import Store

CODES = ["ESP", "BEL", "SVK"]
PT = 12700  # EMU per point


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "desk.json"
    with Store.open(path, seed=lambda: load_seed(seed_folder())):
        pass
    store = Store.open(path, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="module", params=["2026-07", "2025-08", "2026-03"])
def built(request, store, tmp_path_factory):
    deck = build_deck_model(store, [*CODES, "ISL"], request.param, marking="NATO UNCLASSIFIED",
                            author="A. Analyst")
    path = write_pptx(deck, tmp_path_factory.mktemp("out") / "deck.pptx")
    return deck, path, Presentation(str(path))


def test_the_file_is_the_model_box_for_box(built):
    deck, _, prs = built
    assert len(prs.slides) == len(deck.slides)
    for spec, slide in zip(deck.slides, prs.slides, strict=True):
        shapes = {s.name: s for s in slide.shapes}
        for box in spec.text_boxes():
            shape = shapes[box.name]
            assert shape.text_frame.text == box.text
            assert (shape.left, shape.top) == (Emu(round(box.x * PT)), Emu(round(box.y * PT)))
            assert shape.width == Emu(round(box.w * PT)) and shape.height == Emu(round(box.h * PT))
        assert slide.notes_slide.notes_text_frame.text == spec.notes


def test_type_is_projector_size(built):
    deck, _, prs = built
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            floor = FOOTER if shape.name in ("Source line", "Marking (header)", "Marking (footer)") else BODY
            sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
            assert sizes and min(sizes) >= floor, shape.name


def test_trajectory_charts_hold_the_numbers_in_the_palette_with_no_auto_title(built, store):
    deck, _, prs = built
    for spec, slide in zip(deck.slides, prs.slides, strict=True):
        boxes = [b for b in spec.boxes if isinstance(b, ChartBox) and isinstance(b.chart, TrajectoryChart)]
        charts = [s.chart for s in slide.shapes if s.has_chart]
        assert len(charts) == len([b for b in spec.boxes if isinstance(b, ChartBox)])
        for box in boxes:
            (chart,) = charts
            assert chart.has_title is False
            assert chart._chartSpace.chart.find(
                "{http://schemas.openxmlformats.org/drawingml/2006/chart}autoTitleDeleted").get("val") == "1"
            assert chart.category_axis.minimum_scale == box.chart.years[0]
            assert chart.category_axis.maximum_scale == 2035
            for series, model in zip(chart.plots[0].series, box.chart.series, strict=True):
                assert series.name == model.name
                assert [v for v in series.values if v is not None] == [v for v in model.values if v is not None]
                assert str(series.format.line.color.rgb) == model.colour.lstrip("#").upper()


def test_the_overview_lines_carry_no_theme_shadow(built):
    _, path, prs = built
    overview = prs.slides[1]
    lines = [s for s in overview.shapes if s.name.startswith("Target ") and "label" not in s.name]
    assert {s.name for s in lines} == {"Target 2%", "Target 3.5%", "Target 5%"}
    for line in lines:
        assert line._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}style") is None
        level = float(line.name.split()[1].rstrip("%"))
        assert str(line.line.color.rgb) == palette.target_style(level=level).colour.lstrip("#")
    with zipfile.ZipFile(path) as z:
        theme = z.read("ppt/theme/theme1.xml").decode()
    assert "outerShdw" not in theme and 'typeface="Arial"' in theme


def test_our_template_and_honest_file_properties(built):
    deck, path, prs = built
    assert (prs.slide_width, prs.slide_height) == (Emu(960 * PT), Emu(540 * PT))
    assert [layout.name for layout in prs.slide_layouts] == ["nato_desk slide"]
    for shape in prs.slide_master.placeholders:
        assert shape.left + shape.width <= prs.slide_width
    core = prs.core_properties
    assert core.title == deck.title and core.subject == deck.subject
    assert core.author == "A. Analyst" and core.last_modified_by == "A. Analyst"
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert abs((now - core.created).total_seconds()) < 600 and core.modified == core.created
    with zipfile.ZipFile(path) as z:
        app = z.read("docProps/app.xml").decode()
        thumbnail = z.read("docProps/thumbnail.png")
        names = z.namelist()
        core_xml = z.read("docProps/core.xml").decode()
    assert "<PresentationFormat>Widescreen</PresentationFormat>" in app and "4:3" not in app
    assert thumbnail.startswith(b"\x89PNG") and len(thumbnail) > 500
    assert not any("thumbnail.jpeg" in n for n in names)
    assert "Steve Canny" not in core_xml and "2013" not in core_xml


def test_written_with_the_users_umask(store, tmp_path):
    deck = build_deck_model(store, ["POL"])
    old = os.umask(0o022)
    try:
        out = write_pptx(deck, tmp_path / "deck.pptx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx"]


def test_hostile_text_is_cleaned_and_not_a_formula(tmp_path):
    box = TextBox("Body", 30, 30, 400, 40, (Paragraph((Run("<b>not markup</b>\x0b Say \x07it"),), 14),))
    chart = TrajectoryChart((2024, 2025), (ChartSeries("=HYPERLINK(\"http://x\")\x01", (1.0, None), "#0072B2",
                                                       "solid", 2.0),), 5.0, "% of GDP")
    deck = Deck("T\x1f", "S", "", "SECRET\x02", (Slide("ally", "x", (box, ChartBox("Chart", 30, 100, 400, 300, chart)),
                                                        "notes \x00"),))
    prs = Presentation(str(write_pptx(deck, tmp_path / "d.pptx")))
    (chart_frame,) = [s for s in prs.slides[0].shapes if s.has_chart]
    assert chart_frame.chart.plots[0].series[0].name == "'=HYPERLINK(\"http://x\")"
    (body,) = [s for s in prs.slides[0].shapes if s.name == "Body"]
    text = body.text_frame.text
    assert text == "<b>not markup</b> Say it"


def test_clean_text():
    assert clean_text("a\x00b\r\nc\x1fd\te") == "ab\ncd\te"


def test_an_unwritable_folder_names_the_users_path(store, tmp_path):
    deck = build_deck_model(store, ["POL"])
    target = tmp_path / "missing" / "deck.pptx"
    with pytest.raises(OSError) as caught:
        write_pptx(deck, target)
    assert str(target) in str(caught.value) and ".tmp" not in str(caught.value)


def test_a_file_property_over_the_limit_is_visibly_shortened_never_silently_cut():
    from nato_desk.export.deck import _property

    assert _property("A. Analyst") == "A. Analyst"
    long_author = "Analyst " * 50  # 400 characters; the slides carry it whole
    shown = _property(long_author)
    assert len(shown) == 255 and shown.endswith("…") and long_author.startswith(shown[:-1])
