"""The briefing deck as a PowerPoint file, written from the slide model.

``write_pptx`` draws a ``slides.model.Deck`` (built by ``nato_desk.briefing``)
box for box: text boxes at their places and sizes with fixed insets, exact
line spacing and no autofit; native PowerPoint charts (so a briefer can
restyle them and see the numbers behind them) in the palette's colours and
line styles; target levels over the ranked bars as plain lines. It decides
nothing about content or layout.

The presentation starts from our own template (``_new_presentation``): one
blank 16:9 layout, master placeholders sized to the slide, Arial in the theme,
no theme effects (shadows), and file properties of this deck (title, subject,
author, created and modified now, "Widescreen") with a generated thumbnail.

Text from the store goes in as text runs, never markup; characters XML
cannot hold (C0 controls other than Tab and newline) are removed first.
Chart series names and categories also land in the chart's embedded
workbook, so they are neutralised against formula injection too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData as _CategoryChartData
from pptx.chart.data import XyChartData as _XyChartData
from pptx.dml.color import RGBColor as _RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from nato_desk import __version__, palette
from nato_desk.export.csv_export import neutralize
from nato_desk.export.files import write_atomically
from nato_desk.export.thumbnail import thumbnail_png
from nato_desk.slides.model import (
    SLIDE_H,
    SLIDE_W,
    ChartBox,
    ChartSeries,
    Deck,
    RankedChart,
    Rule,
    Slide,
    TextBox,
    TrajectoryChart,
)
from nato_desk.slides.text_fit import LINE_SPACING

# python-pptx is only partly annotated; its chart data and colour classes are used untyped.
CategoryChartData: Any = _CategoryChartData
XyChartData: Any = _XyChartData
RGBColor: Any = _RGBColor

__all__ = ["FONT", "clean_text", "write_pptx"]

FONT = "Arial"  # in every Office; Linux maps it to Liberation Sans or DejaVu Sans
_TICK_PT = 12.0
_LEGEND_PT = 14.0

# C0 controls except Tab, LF and CR; lone surrogates; the two XML non-characters.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DASHES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dash": MSO_LINE_DASH_STYLE.DASH,
           "dot": MSO_LINE_DASH_STYLE.ROUND_DOT, "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT}
_MARKERS = {"o": XL_MARKER_STYLE.CIRCLE, "s": XL_MARKER_STYLE.SQUARE, "t": XL_MARKER_STYLE.TRIANGLE,
            "d": XL_MARKER_STYLE.DIAMOND, "h": XL_MARKER_STYLE.X, "star": XL_MARKER_STYLE.STAR}


_LABEL_POSITIONS = {"above": XL_LABEL_POSITION.ABOVE, "below": XL_LABEL_POSITION.BELOW,
                    "right": XL_LABEL_POSITION.RIGHT}


def clean_text(text: str) -> str:
    """``text`` without the characters an XML part cannot hold (CR becomes LF)."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _cell(text: str) -> str:
    """A series name or category: XML-clean and safe in the embedded workbook."""
    return neutralize(clean_text(text))


def _pt(value: float) -> Emu:
    return Emu(int(round(value * 12700)))


def _rgb(hex_colour: str) -> Any:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# ------------------------------------------------------------------ template


def _new_presentation() -> Any:
    """python-pptx's package reduced to our template: 16:9, one blank layout,
    master placeholders on the 16:9 grid, Arial, no theme effects."""
    prs = Presentation()
    old_w = int(prs.slide_width)
    prs.slide_width, prs.slide_height = _pt(SLIDE_W), _pt(SLIDE_H)
    for layout in list(prs.slide_layouts):
        if layout.name != "Blank":
            prs.slide_layouts.remove(layout)
    prs.slide_layouts[0].name = "nato_desk slide"
    scale = int(prs.slide_width) / old_w
    for shape in [*prs.slide_master.placeholders, *prs.slide_layouts[0].placeholders]:
        shape.left, shape.width = Emu(int(shape.left * scale)), Emu(int(shape.width * scale))
    theme_part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    theme = etree.fromstring(theme_part.blob)
    theme.set("name", "nato_desk")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    for tag in ("majorFont", "minorFont"):
        for latin in theme.iter(f"{a}{tag}"):
            latin.find(f"{a}latin").set("typeface", FONT)
    for effect in theme.iter(f"{a}effectStyle"):  # the theme's drop shadows and 3-D bevels
        for child in list(effect):
            effect.remove(child)
        effect.append(etree.SubElement(effect, f"{a}effectLst"))
    theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)
    return prs


_PROPERTY_LIMIT = 255  # the OPC core properties' limit (python-pptx refuses longer)


def _property(text: str) -> str:
    """A document property, visibly shortened ("…") when over the limit: the slides carry it whole."""
    text = clean_text(text)
    return text if len(text) <= _PROPERTY_LIMIT else text[:_PROPERTY_LIMIT - 1] + "…"


def _properties(prs: Any, deck: Deck, slides: int) -> None:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    core = prs.core_properties
    core.title = _property(deck.title)
    core.subject = _property(deck.subject)
    core.author = _property(deck.author) or "nato_desk"
    core.last_modified_by = core.author
    core.keywords = _property(deck.keywords)
    core.category = "Briefing"
    core.comments = f"Built with nato_desk {__version__}"
    core.created = core.modified = now
    core.last_printed = dt.datetime(2000, 1, 1)
    core.revision = 1
    for part in prs.part.package.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f"<Application>nato_desk {__version__}</Application><PresentationFormat>Widescreen"
                f"</PresentationFormat><Slides>{slides}</Slides><Notes>{slides}</Notes></Properties>"
            ).encode("utf-8")
    core_element = core._element
    printed = core_element.find(qn("cp:lastPrinted"))
    if printed is not None:
        core_element.remove(printed)


def _thumbnail(prs: Any, deck: Deck) -> None:
    overview = next((b.chart for s in deck.slides for b in s.boxes
                     if isinstance(b, ChartBox) and isinstance(b.chart, RankedChart)), None)
    values = [bar.value for bar in overview.bars] if overview else []
    levels = [(lv.value, lv.style.colour) for lv in overview.levels] if overview else []
    png = thumbnail_png(values, levels, overview.x_max if overview else 1.0)
    for part in prs.part.package.iter_parts():
        if str(part.partname).startswith("/docProps/thumbnail"):
            part.partname = PackURI("/docProps/thumbnail.png")
            part._content_type = "image/png"
            part._blob = png


# ------------------------------------------------------------------ boxes


def _text_box(slide: Any, box: TextBox) -> None:
    shape = slide.shapes.add_textbox(_pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h))
    shape.name = box.name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for i, para in enumerate(box.paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.CENTER if para.align == "center" else PP_ALIGN.LEFT
        paragraph.line_spacing = Pt(para.size * LINE_SPACING)
        paragraph.space_before = Pt(para.space_before)
        paragraph.space_after = Pt(0)
        for piece in para.runs:
            run = paragraph.add_run()
            run.text = clean_text(piece.text)
            font = run.font
            font.name = FONT
            font.size = Pt(para.size)
            font.bold = piece.bold
            font.italic = piece.italic
            font.color.rgb = _rgb(piece.colour)


def _rule(slide: Any, rule: Rule) -> None:
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _pt(rule.x1), _pt(rule.y1), _pt(rule.x2),
                                      _pt(rule.y2))
    line.name = rule.name
    line.line.color.rgb = _rgb(rule.style.colour)
    line.line.width = Pt(rule.style.width)
    line.line.dash_style = _DASHES[rule.style.dash]
    style = line._element.find(qn("p:style"))
    if style is not None:  # the connector's theme style would add the theme's shadow
        line._element.remove(style)


def _font(target: Any, size: float, colour: str = palette.TEXT) -> None:
    target.size = Pt(size)
    target.name = FONT
    target.color.rgb = _rgb(colour)


def _no_title(chart: Any) -> None:
    chart.has_title = False
    chart_el = chart._chartSpace.chart
    deleted = chart_el.find(qn("c:autoTitleDeleted"))
    if deleted is None:
        deleted = chart_el.makeelement(qn("c:autoTitleDeleted"), {})
        chart_el.insert(0, deleted)
    deleted.set("val", "1")


def _tick_skip(axis: Any, every: int) -> None:
    ax = axis._element
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        existing = ax.find(qn(tag))
        if existing is not None:
            ax.remove(existing)
    # Schema order: ... c:lblOffset, c:tickLblSkip, c:tickMarkSkip, c:noMultiLvlLbl
    anchor = ax.find(qn("c:noMultiLvlLbl"))
    for tag in ("c:tickLblSkip", "c:tickMarkSkip"):
        el = ax.makeelement(qn(tag), {"val": str(every)})
        if anchor is not None:
            anchor.addprevious(el)
        else:
            ax.append(el)


def _percent_axis(axis: Any, maximum: float, step: float = 1.0, unit: str = "%") -> None:
    """A value axis: 0 to ``maximum`` every ``step`` (whole percent for a share of GDP), light gridlines."""
    axis.minimum_scale = 0
    axis.maximum_scale = maximum
    axis.major_unit = step
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb(palette.GRID)
    axis.tick_labels.number_format = '0"%"' if unit == "%" else "#,##0"
    axis.tick_labels.number_format_is_linked = False
    _font(axis.tick_labels.font, _TICK_PT)


def _style_series(series: Any, spec: ChartSeries) -> None:
    series.smooth = False
    line = series.format.line
    line.color.rgb = _rgb(spec.colour)
    line.width = Pt(spec.width)
    line.dash_style = _DASHES[spec.dash]
    marker = series.marker
    if not spec.marker:
        marker.style = XL_MARKER_STYLE.NONE
    else:
        marker.style = _MARKERS.get(spec.marker, XL_MARKER_STYLE.CIRCLE)
        marker.size = 8
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = _rgb(spec.colour if spec.filled else palette.BACKGROUND)
        marker.format.line.color.rgb = _rgb(spec.colour)
        marker.format.line.width = Pt(1.5)
    for i in spec.no_marker_at:
        series.points[i].marker.style = XL_MARKER_STYLE.NONE
    for i, label in enumerate(spec.labels):
        if label is None:
            continue
        data_label = series.points[i].data_label
        data_label.position = _LABEL_POSITIONS[spec.label_position]
        frame = data_label.text_frame
        frame.text = clean_text(label)
        _font(frame.paragraphs[0].runs[0].font, _LEGEND_PT, spec.colour)
        frame.paragraphs[0].runs[0].font.bold = True


def _trajectory_chart(slide: Any, box: ChartBox, chart_spec: TrajectoryChart) -> None:
    # A scatter chart with lines: the year axis is numeric, so it runs from the
    # first year to 2035 with a label every few years in every program (category
    # axes ignore a label interval in some), and blanks stay gaps in the line.
    data = XyChartData()
    for spec in chart_spec.series:
        series = data.add_series(_cell(spec.name), number_format=spec.number_format)
        for year, value in zip(chart_spec.years, spec.values, strict=True):
            series.add_data_point(year, value)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, _pt(box.x), _pt(box.y), _pt(box.w),
                                   _pt(box.h), data)
    frame.name = box.name
    chart = frame.chart
    _no_title(chart)
    _font(chart.font, _TICK_PT)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _font(chart.legend.font, _LEGEND_PT)
    _percent_axis(chart.value_axis, chart_spec.y_max, chart_spec.y_step, chart_spec.y_unit)
    year_axis = chart.category_axis  # the x value axis of a scatter chart
    year_axis.minimum_scale = chart_spec.years[0]
    year_axis.maximum_scale = chart_spec.years[-1]
    year_axis.major_unit = chart_spec.label_every
    year_axis.has_major_gridlines = False
    year_axis.tick_labels.number_format = "0"
    year_axis.tick_labels.number_format_is_linked = False
    _font(year_axis.tick_labels.font, _TICK_PT)
    for series, spec in zip(chart.plots[0].series, chart_spec.series, strict=True):
        _style_series(series, spec)


def _ranked_chart(slide: Any, box: ChartBox, spec: RankedChart) -> None:
    data = CategoryChartData()
    # Bar charts draw the first category at the bottom: lowest first puts the highest on top.
    bars = list(reversed(spec.bars))
    data.categories = [_cell(b.label) for b in bars]
    data.add_series(_cell(f"{spec.year}, {spec.measure_words}"), [b.value for b in bars], number_format="0.00")
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, _pt(box.x), _pt(box.y), _pt(box.w), _pt(box.h),
                                   data)
    frame.name = box.name
    chart = frame.chart
    _no_title(chart)
    chart.has_legend = False
    _font(chart.font, _TICK_PT)
    category_axis = chart.category_axis
    _font(category_axis.tick_labels.font, 10.0)
    _tick_skip(category_axis, 1)
    _percent_axis(chart.value_axis, spec.x_max, spec.x_step, spec.x_unit)
    plot = chart.plots[0]
    plot.gap_width = 35
    plot.vary_by_categories = False
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(spec.bar_colour)
    for i, bar in enumerate(bars):
        if bar.highlighted:
            point = series.points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(spec.highlight_colour)
    _manual_plot_area(chart, spec.plot)


def _manual_plot_area(chart: Any, plot: tuple[float, float, float, float]) -> None:
    """Fix the inner plot area inside the chart, so lines drawn over it land on values."""
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = plot_area.makeelement(qn("c:layout"), {})
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = layout.makeelement(qn("c:manualLayout"), {})
    layout.append(manual)
    x, y, w, h = plot
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                       ("x", x), ("y", y), ("w", w), ("h", h)):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": str(value)}))


def _slide(prs: Any, spec: Slide) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    for box in spec.boxes:
        if isinstance(box, TextBox):
            _text_box(slide, box)
        elif isinstance(box, Rule):
            _rule(slide, box)
        elif isinstance(box.chart, TrajectoryChart):
            _trajectory_chart(slide, box, box.chart)
        else:
            _ranked_chart(slide, box, box.chart)
    # Rules and their labels sit over the chart: move charts to the back.
    tree = slide.shapes._spTree
    for frame in [el for el in tree if el.tag == qn("p:graphicFrame")]:
        tree.remove(frame)
        tree.insert(2, frame)
    slide.notes_slide.notes_text_frame.text = clean_text(spec.notes)


def pptx_bytes(deck: Deck) -> bytes:
    """The deck as the bytes of a .pptx file."""
    prs = _new_presentation()
    for spec in deck.slides:
        _slide(prs, spec)
    _properties(prs, deck, len(deck.slides))
    _thumbnail(prs, deck)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def write_pptx(deck: Deck, path: Path | str) -> Path:
    """Write ``deck`` to ``path`` (.pptx) atomically, with the user's umask.

    Raises:
        ExportWriteError: the file could not be written (the message names
            ``path``); an older file at ``path`` is kept.
    """
    return write_atomically(Path(path), pptx_bytes(deck))
