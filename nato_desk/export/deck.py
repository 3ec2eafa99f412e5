"""The briefing deck: a finished, sourced PowerPoint file built from the data.

The caller (``nato_desk.briefing`` for the command line, the window for the
menu) reads the store and the analysis and hands over a ``DeckInput``; this
module only lays it out, so it imports nothing of the app but ``export``.

* Charts are native PowerPoint charts built from the numbers (python-pptx), so
  a briefer can restyle them and see the data behind them in PowerPoint.
* Every slide carries the handling marking (header and footer) and a source
  line naming its sources; speaker notes hold the plain-language summary and
  the sources.
* Text from the store goes in as text runs, never markup; characters XML
  cannot hold (C0 controls other than Tab and newline) are removed first.
  Chart series names and categories also land in the chart's embedded
  workbook, so they are neutralised against formula injection too.
* The file is written to a temporary name in the same folder and renamed
  over the target, so a crash never leaves half a deck under the final name.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData as _CategoryChartData
from pptx.dml.color import RGBColor as _RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.oxml.ns import qn
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from nato_desk.export.csv_export import neutralize

# python-pptx is only partly annotated; its chart data and colour classes are used untyped.
CategoryChartData: Any = _CategoryChartData
RGBColor: Any = _RGBColor

__all__ = [
    "AllySlide",
    "DeckInput",
    "DeckQuote",
    "DeckSource",
    "OverviewSlide",
    "build_deck",
    "clean_text",
]

DEFAULT_MARKING = "UNCLASSIFIED"

_SLIDE_W = Inches(13.333)  # 16:9
_SLIDE_H = Inches(7.5)
_MARGIN = Inches(0.4)
_BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template
_HIGHLIGHT = RGBColor(0xC0, 0x39, 0x2B)

# C0 controls except Tab, LF and CR; lone surrogates; the two XML non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters an XML part cannot hold (CR becomes LF)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _cell(text: str) -> str:
    """A series name or category: XML-clean and safe in the embedded workbook."""
    return neutralize(clean_text(text))


@dataclass(frozen=True)
class DeckSource:
    """One source as the sources slide lists it."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""

    def line(self) -> str:
        """``Title. Publisher, date. URL`` with the empty parts left out."""
        parts = [self.title or self.id]
        tail = ", ".join(p for p in (self.publisher, self.date) if p)
        if tail:
            parts.append(tail)
        if self.url:
            parts.append(self.url)
        return ". ".join(parts)


@dataclass(frozen=True)
class DeckQuote:
    text: str
    speaker: str
    date: str
    source_title: str


@dataclass(frozen=True)
class OverviewSlide:
    """Ranked bars for one year: ``names``/``values`` highest first."""

    year: int
    names: Sequence[str]
    values: Sequence[float]
    measure_label: str
    highlighted: Sequence[str] = ()  # names of the allies the deck is about
    source_ids: Sequence[str] = ()
    targets_text: str = "Target levels: 2% (Wales 2014 guideline), 3.5% core and 5% total (The Hague 2025, by 2035)."
    notes: str = ""


@dataclass(frozen=True)
class AllySlide:
    """One ally's trajectory and standing.

    ``values``/``statuses`` line up with ``years`` (``None``: a blank or no
    figure); ``scenario_values`` lines up with ``scenario_years``. The chart's
    categories run over the union of both year lists.
    """

    name: str
    iso3: str
    years: Sequence[int]
    values: Sequence[float | None]
    statuses: Sequence[str]
    scenario_years: Sequence[int]
    scenario_values: Sequence[float]
    scenario_label: str
    latest_text: str
    gap_core_text: str
    gap_total_text: str
    required_core_text: str
    required_total_text: str
    stance: str
    summary: str  # the position's summary, as the store holds it
    plain_summary: str  # analysis.summarize: what the line shows, in one sentence
    quotes: Sequence[DeckQuote] = ()
    source_ids: Sequence[str] = ()
    core_target: float = 3.5
    total_target: float = 5.0


@dataclass(frozen=True)
class DeckInput:
    title: str
    subtitle: str  # edition and date, e.g. "Edition: July 2026 (core defence …) · built 2026-07-20"
    measure_label: str
    edition_label: str
    overview: OverviewSlide
    allies: Sequence[AllySlide]
    sources: Sequence[DeckSource] = field(default_factory=tuple)
    title_source_ids: Sequence[str] = ()


# ------------------------------------------------------------------ building


def _text_box(slide: Any, left: int, top: int, width: int, height: int, lines: Sequence[str], *,
              size: int = 14, bold_first: bool = False, name: str = "") -> Any:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean_text(line)
        run.font.size = Pt(size)
        if bold_first and i == 0:
            run.font.bold = True
    return box


def _short(title: str, limit: int = 70) -> str:
    """A title cut at a word for the one-line source line (the sources slide has it whole)."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"


def _source_line(deck: DeckInput, ids: Sequence[str] | None) -> str:
    if ids is None:
        return f"Sources: listed in full on this slide. Data edition: {deck.edition_label}."
    by_id = {s.id: s for s in deck.sources}
    names = []
    for sid in dict.fromkeys(ids):
        src = by_id.get(sid)
        names.append(_short(src.title) if src and src.title else sid)
    return "Sources: " + ("; ".join(names) if names else "none recorded") + f". Data edition: {deck.edition_label}."


def _sources_notes(deck: DeckInput, ids: Sequence[str]) -> list[str]:
    by_id = {s.id: s for s in deck.sources}
    return ["Sources:"] + [f"- {by_id[sid].line() if sid in by_id else sid}" for sid in dict.fromkeys(ids)]


def _frame(slide: Any, deck: DeckInput, marking: str, title: str, source_ids: Sequence[str] | None,
           notes: Sequence[str]) -> None:
    """Marking top and bottom, a title, the source line and the speaker notes."""
    width = int(_SLIDE_W) - 2 * int(_MARGIN)
    _text_box(slide, int(_MARGIN), int(Inches(0.05)), width, int(Inches(0.3)), [marking], size=10,
              name="Marking (header)").text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    if title:
        _text_box(slide, int(_MARGIN), int(Inches(0.35)), width, int(Inches(0.7)), [title], size=26,
                  bold_first=True, name="Title")
    _text_box(slide, int(_MARGIN), int(_SLIDE_H) - int(Inches(0.75)), width, int(Inches(0.45)),
              [_source_line(deck, source_ids)], size=9, name="Source line")
    _text_box(slide, int(_MARGIN), int(_SLIDE_H) - int(Inches(0.32)), width, int(Inches(0.3)), [marking],
              size=10, name="Marking (footer)").text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    slide.notes_slide.notes_text_frame.text = clean_text("\n".join(notes))


def _title_slide(prs: Any, deck: DeckInput, marking: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_BLANK_LAYOUT])
    notes = [deck.title, deck.subtitle, *_sources_notes(deck, deck.title_source_ids)]
    _frame(slide, deck, marking, "", deck.title_source_ids, notes)
    width = int(_SLIDE_W) - 2 * int(_MARGIN)
    _text_box(slide, int(_MARGIN), int(Inches(2.4)), width, int(Inches(1.4)), [deck.title], size=36,
              bold_first=True, name="Deck title")
    _text_box(slide, int(_MARGIN), int(Inches(3.9)), width, int(Inches(1.2)), [deck.subtitle, marking],
              size=18, name="Subtitle")


def _overview_slide(prs: Any, deck: DeckInput, marking: str) -> None:
    ov = deck.overview
    slide = prs.slides.add_slide(prs.slide_layouts[_BLANK_LAYOUT])
    title = f"Alliance overview, {ov.year}: {ov.measure_label}"
    notes = [ov.notes or title, ov.targets_text, *_sources_notes(deck, ov.source_ids)]
    _frame(slide, deck, marking, title, ov.source_ids, notes)
    data = CategoryChartData(number_format="0.00")
    data.categories = [_cell(n) for n in ov.names]
    data.add_series(_cell(f"{ov.year}, % of GDP"), list(ov.values), number_format="0.00")
    top, bottom = int(Inches(1.1)), int(_SLIDE_H) - int(Inches(1.5))
    chart_w = int(Inches(8.6))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, _MARGIN, Emu(top), Emu(chart_w),
                                   Emu(bottom - top), data)
    frame.name = "Overview chart"
    chart = frame.chart
    chart.has_legend = False
    chart.category_axis.reverse_order = True  # highest on top
    chart.category_axis.tick_labels.font.size = Pt(8)
    chart.value_axis.has_major_gridlines = True
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.has_data_labels = True
    plot.data_labels.number_format = "0.00"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(7)
    highlighted = set(ov.highlighted)
    series = plot.series[0]
    for i, name in enumerate(ov.names):
        if name in highlighted:
            point = series.points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _HIGHLIGHT
    _target_lines(slide, chart, ov, int(_MARGIN), top, chart_w, bottom - top)
    side_left = int(_MARGIN) + chart_w + int(Inches(0.2))
    side_w = int(_SLIDE_W) - side_left - int(_MARGIN)
    lines = [ov.targets_text,
             "The dashed lines mark 2%, 3.5% and 5%; they are shapes over the chart, so they stay "
             "in place only while the chart's axis runs from 0 and its plot area keeps its size.",
             ]
    if highlighted:
        lines.append("Highlighted: " + ", ".join(n for n in ov.names if n in highlighted) + ".")
    _text_box(slide, side_left, top, side_w, bottom - top, lines, size=12, name="Targets")


# Where the plot area sits inside the chart, as fractions: fixed (a "manual
# layout") so the target lines drawn over the chart land on the right values.
_PLOT_X, _PLOT_Y, _PLOT_W, _PLOT_H = 0.22, 0.03, 0.72, 0.90
_LEVELS = ((2.0, RGBColor(0x6B, 0x6B, 0x6B)), (3.5, RGBColor(0xB3, 0x59, 0x00)),
           (5.0, RGBColor(0x8B, 0x00, 0x00)))


def _target_lines(slide: Any, chart: Any, ov: OverviewSlide, left: int, top: int,
                  width: int, height: int) -> None:
    """Dashed 2/3.5/5% lines over the ranked bars.

    python-pptx builds no reference lines on a bar chart, so the axis is fixed
    (0 to ``axis_max``), the plot area is given a manual layout, and the lines
    are drawn as connectors at the matching positions.
    """
    axis_max = float(math.ceil(max(list(ov.values) + [5.0]) + 0.5))
    chart.value_axis.minimum_scale = 0
    chart.value_axis.maximum_scale = axis_max
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = plot_area.makeelement(qn("c:layout"), {})
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = layout.makeelement(qn("c:manualLayout"), {})
    layout.append(manual)
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                       ("x", _PLOT_X), ("y", _PLOT_Y), ("w", _PLOT_W), ("h", _PLOT_H)):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": str(value)}))
    y0 = top + int(height * _PLOT_Y)
    y1 = top + int(height * (_PLOT_Y + _PLOT_H))
    for level, colour in _LEVELS:
        x = left + int(width * (_PLOT_X + _PLOT_W * level / axis_max))
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Emu(x), Emu(y0), Emu(x), Emu(y1))
        line.name = f"Target {level:g}%"
        line.line.color.rgb = colour
        line.line.width = Pt(1.5)
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        label = _text_box(slide, x - int(Inches(0.3)), y0 - int(Inches(0.3)), int(Inches(0.6)),
                          int(Inches(0.3)), [f"{level:g}%"], size=10, name=f"Target label {level:g}%")
        label.text_frame.paragraphs[0].runs[0].font.color.rgb = colour


def _ally_slide(prs: Any, deck: DeckInput, ally: AllySlide, marking: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_BLANK_LAYOUT])
    title = f"{ally.name}: {deck.measure_label}"
    notes = [ally.plain_summary, f"Stance: {ally.stance}. {ally.summary}",
             *_sources_notes(deck, ally.source_ids)]
    _frame(slide, deck, marking, title, ally.source_ids, notes)
    years = sorted(set(ally.years) | set(ally.scenario_years))
    by_year = dict(zip(ally.years, ally.values, strict=True))
    marks = {y: {"estimate": "e", "plan": "p", "scenario": "s"}.get(s, "")
             for y, s in zip(ally.years, ally.statuses, strict=True)}
    scenario = dict(zip(ally.scenario_years, ally.scenario_values, strict=True))
    data = CategoryChartData(number_format="0.00")
    data.categories = [f"{y}{marks.get(y, '')}" for y in years]
    data.add_series(_cell(ally.name), [by_year.get(y) for y in years])
    if scenario:
        data.add_series(_cell(ally.scenario_label), [scenario.get(y) for y in years])
    data.add_series(_cell(f"{ally.core_target:g}% core target"), [ally.core_target] * len(years))
    data.add_series(_cell(f"{ally.total_target:g}% total target"), [ally.total_target] * len(years))
    top, bottom = int(Inches(1.1)), int(_SLIDE_H) - int(Inches(0.85))
    chart_w = int(Inches(7.6))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, _MARGIN, Emu(top), Emu(chart_w),
                                   Emu(bottom - top), data)
    frame.name = f"{ally.iso3} trajectory chart"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(9)
    chart.category_axis.tick_labels.font.size = Pt(8)
    chart.value_axis.minimum_scale = 0
    chart.value_axis.has_major_gridlines = True
    for i, series in enumerate(chart.plots[0].series):
        series.smooth = False
        if i == 0:
            continue
        series.marker.style = XL_MARKER_STYLE.NONE
        series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.format.line.width = Pt(1.5)
    side_left = int(_MARGIN) + chart_w + int(Inches(0.2))
    side_w = int(_SLIDE_W) - side_left - int(_MARGIN)
    lines = [
        f"Latest figure: {ally.latest_text}",
        f"Gap to {ally.core_target:g}% core: {ally.gap_core_text}",
        f"Gap to {ally.total_target:g}% total: {ally.gap_total_text}",
        f"Needed for {ally.core_target:g}% by 2035: {ally.required_core_text}",
        f"Needed for {ally.total_target:g}% by 2035: {ally.required_total_text}",
        f"Stance: {ally.stance}",
        ally.summary,
    ]
    _text_box(slide, side_left, top, side_w, int(Inches(3.3)), lines, size=12, name="Figures and stance")
    quote_lines: list[str] = []
    for q in list(ally.quotes)[:2]:
        quote_lines.append(f"\u201c{q.text}\u201d")
        quote_lines.append(f"\u2014 {q.speaker}, {q.date} ({q.source_title})")
    if quote_lines:
        box = _text_box(slide, side_left, top + int(Inches(3.4)), side_w, bottom - top - int(Inches(3.4)),
                        quote_lines, size=11, name="Quotes")
        for paragraph in box.text_frame.paragraphs[::2]:
            for run in paragraph.runs:
                run.font.italic = True


def _sources_slide(prs: Any, deck: DeckInput, marking: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_BLANK_LAYOUT])
    ids = [s.id for s in deck.sources]
    _frame(slide, deck, marking, "Sources", None, _sources_notes(deck, ids))
    lines = [s.line() for s in deck.sources] or ["No sources recorded."]
    size = 12 if len(lines) <= 12 else 10 if len(lines) <= 20 else 8
    width = int(_SLIDE_W) - 2 * int(_MARGIN)
    top, bottom = int(Inches(1.1)), int(_SLIDE_H) - int(Inches(0.85))
    if len(lines) <= 20:
        _text_box(slide, int(_MARGIN), top, width, bottom - top, lines, size=size, name="Source list")
        return
    half = (len(lines) + 1) // 2
    col = (width - int(Inches(0.2))) // 2
    _text_box(slide, int(_MARGIN), top, col, bottom - top, lines[:half], size=size, name="Source list")
    _text_box(slide, int(_MARGIN) + col + int(Inches(0.2)), top, col, bottom - top, lines[half:], size=size,
              name="Source list (continued)")


def build_deck(deck: DeckInput, path: Path, marking: str = DEFAULT_MARKING) -> Path:
    """Write ``deck`` to ``path`` (.pptx): title, overview, one slide per ally, sources.

    Raises:
        OSError: the file could not be written; an older file at ``path`` is kept.
    """
    marking = clean_text(marking).strip() or DEFAULT_MARKING
    prs = Presentation()
    prs.slide_width, prs.slide_height = _SLIDE_W, _SLIDE_H
    prs.core_properties.title = clean_text(deck.title)[:255]
    prs.core_properties.subject = clean_text(deck.subtitle)[:255]
    prs.core_properties.keywords = marking[:255]
    _title_slide(prs, deck, marking)
    _overview_slide(prs, deck, marking)
    for ally in deck.allies:
        _ally_slide(prs, deck, ally, marking)
    _sources_slide(prs, deck, marking)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as fh:
            prs.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
