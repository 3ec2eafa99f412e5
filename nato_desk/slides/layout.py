"""Where everything sits on a slide, sized from the text it holds.

Every slide has the same frame: the handling marking at the top and bottom, a
headline, and a source line above the bottom marking. Type is projector
size: nothing below 14 pt except chart tick labels and the footer (source
line and marking, 10 pt). Text is measured (``text_fit``) before it is
placed, so boxes never overlap or leave the slide; what does not fit moves to
the speaker notes or to further slides, and the slide says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nato_desk import palette
from nato_desk.slides.model import (
    SLIDE_H,
    SLIDE_W,
    ChartBox,
    Paragraph,
    RankedChart,
    Rule,
    Run,
    Slide,
    TextBox,
    TrajectoryChart,
)
from nato_desk.slides.text_fit import LINE_SPACING, text_height, wrap

__all__ = [
    "BODY",
    "FOOTER",
    "MARGIN",
    "AllyPanel",
    "QuoteText",
    "ally_slide",
    "fit_source_line",
    "overview_slide",
    "sources_slides",
    "title_slide",
]

MARGIN = 30.0
WIDTH = SLIDE_W - 2 * MARGIN
BODY = 14.0  # the smallest body type a projector allows
FOOTER = 10.0  # source line and marking
_HEADLINE_SIZES = (28.0, 26.0, 24.0, 22.0, 20.0)
_GAP = 10.0
_SOURCE_LINES = 2


def _para(text: str, size: float, *, bold: bool = False, italic: bool = False,
          colour: str = palette.TEXT, align: str = "left", space_before: float = 0.0) -> Paragraph:
    return Paragraph((Run(text, bold=bold, italic=italic, colour=colour),), size, align, space_before)


def _height(paragraphs: Sequence[Paragraph], width: float) -> float:
    return sum(p.space_before + text_height(p.text, width, p.size, p.bold) for p in paragraphs)


def _box(name: str, x: float, y: float, w: float, paragraphs: Sequence[Paragraph]) -> TextBox:
    return TextBox(name, x, y, w, _height(paragraphs, w), tuple(paragraphs))


def fit_source_line(names: Sequence[str], tail: str, width: float = WIDTH) -> str:
    """``Sources: A; B; C. <tail>`` in at most two footer lines.

    Sources that do not fit are counted ("and 4 more, listed on the sources
    slides") instead of being cut mid-word.
    """
    names = list(dict.fromkeys(n for n in names if n))
    for keep in range(len(names), -1, -1):
        shown = names[:keep]
        rest = len(names) - keep
        body = "; ".join(shown) if shown else ""
        if rest:
            more = f"and {rest} more, listed on the sources slides"
            body = f"{body}; {more}" if body else more.capitalize()
        text = (f"Sources: {body}. " if body else "") + tail
        if len(wrap(text, width, FOOTER)) <= _SOURCE_LINES:
            return text
    return tail


def _frame(marking: str, headline: str, source_line: str) -> tuple[list[TextBox], float, float]:
    """The shared frame; returns its boxes and the free band (top, bottom) between."""
    boxes = [TextBox("Marking (header)", MARGIN, 6.0, WIDTH, FOOTER * LINE_SPACING,
                     (_para(marking, FOOTER, bold=True, colour=palette.MARKING, align="center"),))]
    top = 6.0 + FOOTER * LINE_SPACING + 6.0
    if headline:
        # One line at the largest size that allows it, else two lines.
        size = next((s for s in _HEADLINE_SIZES[:3] if len(wrap(headline, WIDTH, s, True)) == 1),
                    next((s for s in _HEADLINE_SIZES if len(wrap(headline, WIDTH, s, True)) <= 2),
                         _HEADLINE_SIZES[-1]))
        box = _box("Headline", MARGIN, top, WIDTH, [_para(headline, size, bold=True)])
        boxes.append(box)
        top = box.y + box.h + _GAP
    footer_y = SLIDE_H - 6.0 - FOOTER * LINE_SPACING
    boxes.append(TextBox("Marking (footer)", MARGIN, footer_y, WIDTH, FOOTER * LINE_SPACING,
                         (_para(marking, FOOTER, bold=True, colour=palette.MARKING, align="center"),)))
    source = [_para(source_line, FOOTER, colour=palette.MUTED)]
    source_h = _height(source, WIDTH)
    source_y = footer_y - 4.0 - source_h
    boxes.append(TextBox("Source line", MARGIN, source_y, WIDTH, source_h, tuple(source)))
    return boxes, top, source_y - _GAP


def title_slide(marking: str, title: str, lines: Sequence[str], source_line: str, notes: str) -> Slide:
    boxes, top, bottom = _frame(marking, "", source_line)
    size = next((s for s in (40.0, 36.0, 32.0, 28.0) if len(wrap(title, WIDTH, s, True)) <= 2), 28.0)
    title_box = _box("Deck title", MARGIN, 150.0, WIDTH, [_para(title, size, bold=True)])
    detail = [_para(line, 20.0 if i == 0 else 16.0, colour=palette.TEXT if i == 0 else palette.MUTED,
                    space_before=0.0 if i == 0 else 6.0) for i, line in enumerate(lines)]
    detail_box = _box("Subtitle", MARGIN, title_box.y + title_box.h + 18.0, WIDTH, detail)
    return Slide("title", title, (*boxes, title_box, detail_box), notes)


@dataclass(frozen=True)
class QuoteText:
    text: str  # verbatim, without quote marks
    attribution: str  # "Pedro Sánchez, Prime Minister of Spain, 24 June 2025"
    source: str  # "Reuters" (the cited original)


@dataclass(frozen=True)
class AllyPanel:
    figures: Sequence[tuple[str, str]]  # (label, value), at most five
    quotes: Sequence[QuoteText]
    empty_message: str = ""  # said in the chart's place when there is no series


def _quote_paragraphs(q: QuoteText, first: bool) -> list[Paragraph]:
    # A box's first paragraph gets no space before it (programs ignore it there).
    return [_para(f"\u201c{q.text}\u201d", BODY, italic=True, space_before=0.0 if first else 12.0),
            _para(f"\u2014 {q.attribution}. Source: {q.source}.", BODY, colour=palette.MUTED)]


def ally_slide(marking: str, headline: str, chart: TrajectoryChart | None, panel: AllyPanel,
               source_line: str, notes: Sequence[str], name: str) -> tuple[Slide, list[QuoteText]]:
    """One ally: headline, chart on the left, labelled figures and quotes on the right.

    Returns the slide and the quotes that did not fit (the caller puts them in
    the notes).
    """
    boxes, top, bottom = _frame(marking, headline, source_line)
    chart_w = 560.0
    panel_x = MARGIN + chart_w + 20.0
    panel_w = SLIDE_W - MARGIN - panel_x
    placed: list[TextBox | ChartBox | Rule] = [*boxes]
    if chart is not None:
        placed.append(ChartBox(f"{name} trajectory chart", MARGIN, top, chart_w, bottom - top, chart))
    else:
        placed.append(_box("No series", MARGIN, top, chart_w,
                           [_para(panel.empty_message, 20.0, colour=palette.MUTED)]))
    figures = [Paragraph((Run(f"{label}: ", bold=True), Run(value)), BODY, space_before=0.0 if i == 0 else 4.0)
               for i, (label, value) in enumerate(panel.figures[:5])]
    figure_box = _box("Figures", panel_x, top, panel_w, figures)
    placed.append(figure_box)
    room = bottom - (figure_box.y + figure_box.h)
    shown: list[Paragraph] = []
    left_out: list[QuoteText] = []
    for q in panel.quotes:
        paragraphs = _quote_paragraphs(q, first=not shown)
        if not left_out and _height(shown + paragraphs, panel_w) <= room - _GAP:
            shown += paragraphs
        else:
            left_out.append(q)
    if shown:
        placed.append(_box("Quotes", panel_x, figure_box.y + figure_box.h + _GAP, panel_w, shown))
    return Slide("ally", headline, tuple(placed), "\n".join(notes)), left_out


def overview_slide(marking: str, headline: str, chart: RankedChart, side: Sequence[str],
                   source_line: str, notes: str) -> Slide:
    """Ranked bars with the target levels over them, and a short side panel."""
    boxes, top, bottom = _frame(marking, headline, source_line)
    chart_w = 620.0
    placed: list[TextBox | ChartBox | Rule] = [*boxes]
    label_h = BODY * LINE_SPACING
    chart_top = top + label_h + 4.0  # the level labels sit above the plot
    box = ChartBox("Overview chart", MARGIN, chart_top, chart_w, bottom - chart_top, chart)
    placed.append(box)
    px, py, pw, ph = chart.plot
    y0 = box.y + box.h * py
    y1 = box.y + box.h * (py + ph)
    for level in chart.levels:
        x = box.x + box.w * (px + pw * level.value / chart.x_max)
        placed.append(Rule(f"Target {level.value:g}%", x, y0, x, y1, level.style))
        label_w = 44.0
        placed.append(TextBox(f"Target label {level.value:g}%", x - label_w / 2, top, label_w, label_h,
                              (_para(f"{level.value:g}%", BODY, bold=True, colour=level.style.colour,
                                     align="center"),)))
    side_x = MARGIN + chart_w + 20.0
    side_w = SLIDE_W - MARGIN - side_x
    paragraphs = [_para(line, BODY, space_before=0.0 if i == 0 else 10.0) for i, line in enumerate(side)]
    while paragraphs and _height(paragraphs, side_w) > bottom - top:
        paragraphs.pop()  # the notes carry everything the panel says
    if paragraphs:
        placed.append(_box("Overview notes", side_x, top, side_w, paragraphs))
    return Slide("overview", headline, tuple(placed), notes)


def sources_slides(marking: str, entries: Sequence[str], tail: str, notes: Sequence[str]) -> list[Slide]:
    """The full source list, as many slides as it takes at body size."""
    pages: list[list[Paragraph]] = [[]]
    _, top, bottom = _frame(marking, "Sources (continued)", tail)
    for entry in entries or ["No sources recorded."]:
        paragraph = _para(entry, BODY, space_before=6.0)
        if pages[-1] and _height(pages[-1] + [paragraph], WIDTH) > bottom - top:
            pages.append([])
        pages[-1].append(paragraph)
    slides = []
    for i, page in enumerate(pages):
        title = "Sources" if len(pages) == 1 else f"Sources ({i + 1} of {len(pages)})"
        boxes, top, _ = _frame(marking, title, tail)
        slides.append(Slide("sources", title, (*boxes, _box("Source list", MARGIN, top, WIDTH, page)),
                            "\n".join(notes)))
    return slides
