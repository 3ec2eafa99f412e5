"""The briefing deck as a PDF: the slide model painted with Qt, one page a slide.

``write_deck_pdf`` draws the same ``slides.model.Deck`` that ``export.deck``
writes as PowerPoint: the same boxes at the same places (a page is 960 x 540
points, like the slide), the same words, colours and line styles, and the
charts drawn from the same numbers. Text is broken into lines with the same
measure the layout used (``slides.text_fit.wrap``), in DejaVu Sans, so every
line fits its box. No presentation program is needed; it works offscreen for
``nato-desk deck --pdf``.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QPolygonF,
)

from nato_desk import palette
from nato_desk.export.files import write_atomically
from nato_desk.slides.model import (
    SLIDE_H,
    SLIDE_W,
    ChartBox,
    ChartSeries,
    Deck,
    RankedChart,
    Rule,
    TextBox,
    TrajectoryChart,
)
from nato_desk.slides.text_fit import LINE_SPACING, wrap

__all__ = ["write_deck_pdf", "deck_pdf_bytes"]

FONT = "DejaVu Sans"  # the face the layout measured with
_TICK = 12
_LEGEND = 14
_PEN_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine,
               "dashdot": Qt.PenStyle.DashDotLine}


def _ensure_gui() -> None:
    # Painting text needs a QGuiApplication; headless commands have none.
    if QGuiApplication.instance() is None:
        if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _ensure_gui.app = QGuiApplication([])  # type: ignore[attr-defined]


def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    """A font sized in page points (the painter's unit)."""
    font = QFont(FONT)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _pen(colour: str, width: float, dash: str = "solid") -> QPen:
    pen = QPen(QColor(colour), width, _PEN_STYLES.get(dash, Qt.PenStyle.SolidLine))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def _text_box(p: QPainter, box: TextBox) -> None:
    y = box.y
    for para in box.paragraphs:
        y += para.space_before
        pitch = para.size * LINE_SPACING
        # Runs share a paragraph (a bold label, then its value): lay the
        # paragraph out as one text, then paint each run's part in its style.
        lines = wrap(para.text, box.w, para.size, para.bold)
        styles = []
        for run in para.runs:
            styles += [run] * len(run.text)
        offset = 0
        full = para.text
        for line in lines:
            start = full.find(line, offset) if line else offset
            start = offset if start < 0 else start
            x = box.x
            if para.align == "center":
                width = sum(QFontMetricsF(_font(para.size, s.bold, s.italic)).horizontalAdvance(ch)
                            for ch, s in zip(line, styles[start:start + len(line)]))
                x = box.x + (box.w - width) / 2
            baseline = y + para.size * 0.95
            i = 0
            while i < len(line):
                run = styles[start + i] if start + i < len(styles) else para.runs[-1]
                j = i
                while j < len(line) and (styles[start + j] if start + j < len(styles) else para.runs[-1]) is run:
                    j += 1
                font = _font(para.size, run.bold, run.italic)
                p.setFont(font)
                p.setPen(QColor(run.colour))
                piece = line[i:j]
                p.drawText(QPointF(x, baseline), piece)
                x += QFontMetricsF(font).horizontalAdvance(piece)
                i = j
            offset = start + len(line)
            while offset < len(full) and full[offset] in " \n":
                offset += 1
            y += pitch


def _marker(p: QPainter, centre: QPointF, symbol: str, size: float) -> None:
    r = size / 2
    if symbol == "s":
        p.drawRect(QRectF(centre.x() - r, centre.y() - r, size, size))
    elif symbol == "t":
        p.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r), QPointF(centre.x() + r, centre.y() + r),
                                 QPointF(centre.x() - r, centre.y() + r)]))
    elif symbol == "d":
        p.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r), QPointF(centre.x() + r, centre.y()),
                                 QPointF(centre.x(), centre.y() + r), QPointF(centre.x() - r, centre.y())]))
    else:
        p.drawEllipse(centre, r, r)


def _legend(p: QPainter, rect: QRectF, series: tuple[ChartSeries, ...]) -> None:
    columns = 2
    column_w = rect.width() / columns
    pitch = _LEGEND * LINE_SPACING + 2
    p.setFont(_font(_LEGEND))
    for i, spec in enumerate(series):
        x = rect.left() + (i % columns) * column_w
        y = rect.top() + (i // columns) * pitch + pitch / 2
        p.setPen(_pen(spec.colour, spec.width, spec.dash))
        p.drawLine(QPointF(x, y), QPointF(x + 36, y))
        if spec.marker:
            p.setPen(_pen(spec.colour, 1.5))
            p.setBrush(QColor(spec.colour if spec.filled else palette.BACKGROUND))
            _marker(p, QPointF(x + 18, y), spec.marker, 7)
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor(palette.TEXT))
        # A name wider than its column is shortened visibly ("…"), never drawn over the next one.
        width = column_w - 46
        name = p.fontMetrics().elidedText(spec.name, Qt.TextElideMode.ElideRight, int(width))
        p.drawText(QRectF(x + 42, y - pitch / 2, width, pitch),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)


def legend_height(count: int) -> float:
    return math.ceil(count / 2) * (_LEGEND * LINE_SPACING + 2)


def _trajectory(p: QPainter, box: ChartBox, chart: TrajectoryChart) -> None:
    legend_h = legend_height(len(chart.series))
    plot = QRectF(box.x + 40, box.y + 8, box.w - 56, box.h - 8 - 24 - legend_h - 10)
    first, last = chart.years[0], chart.years[-1]

    def at(year: float, value: float) -> QPointF:
        return QPointF(plot.left() + (year - first) / (last - first) * plot.width(),
                       plot.bottom() - value / chart.y_max * plot.height())

    p.setFont(_font(_TICK))
    for tick in _ticks(chart.y_max, chart.y_step):
        y = at(first, tick).y()
        p.setPen(_pen(palette.GRID, 0.75))
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        p.setPen(QColor(palette.TEXT))
        wide = 0 if chart.y_unit == "%" else 14  # "120,000" needs more room than "5%"
        p.drawText(QRectF(box.x - wide, y - 8, 34 + wide, 16),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _tick_text(tick, chart.y_unit))
    p.setPen(_pen(palette.MUTED, 1))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    p.drawLine(plot.topLeft(), plot.bottomLeft())
    for year in range(first, last + 1, chart.label_every):
        x = at(year, 0).x()
        p.setPen(QColor(palette.TEXT))
        p.drawText(QRectF(x - 20, plot.bottom() + 4, 40, 16), Qt.AlignmentFlag.AlignHCenter, str(year))
    p.save()
    p.setClipRect(plot.adjusted(-6, -6, 6, 6))
    for spec in chart.series:
        p.setPen(_pen(spec.colour, spec.width, spec.dash))
        path = QPainterPath()
        drawing = False
        for year, value in zip(chart.years, spec.values, strict=True):
            if value is None:
                drawing = False  # a blank breaks the line
                continue
            point = at(year, value)
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        p.drawPath(path)
        if spec.marker:
            p.setPen(_pen(spec.colour, 1.5))
            p.setBrush(QColor(spec.colour if spec.filled else palette.BACKGROUND))
            for i, (year, value) in enumerate(zip(chart.years, spec.values, strict=True)):
                if value is not None and i not in spec.no_marker_at:
                    _marker(p, at(year, value), spec.marker, 8)
            p.setBrush(Qt.BrushStyle.NoBrush)
    p.restore()
    for spec in chart.series:
        for year, value, label in zip(chart.years, spec.values, spec.labels or [None] * len(chart.years),
                                      strict=True):
            if label is None or value is None:
                continue
            point = at(year, value)
            p.setFont(_font(_LEGEND, bold=True))
            p.setPen(QColor(spec.colour))
            p.drawText(QRectF(point.x() - 40, point.y() - 26, 80, 20), Qt.AlignmentFlag.AlignHCenter, label)
    _legend(p, QRectF(box.x + 10, box.y + box.h - legend_h, box.w - 20, legend_h), chart.series)


def _ticks(maximum: float, step: float) -> list[float]:
    """Gridline values 0, step, ... up to ``maximum`` (whole percent for a share of GDP)."""
    count = int(maximum / step + 1e-9)
    return [i * step for i in range(count + 1)]


def _tick_text(value: float, unit: str) -> str:
    return f"{value:g}%" if unit == "%" else f"{value:,.0f}"


def _ranked(p: QPainter, box: ChartBox, chart: RankedChart) -> None:
    px, py, pw, ph = chart.plot
    plot = QRectF(box.x + box.w * px, box.y + box.h * py, box.w * pw, box.h * ph)
    count = max(len(chart.bars), 1)
    pitch = plot.height() / count
    p.setFont(_font(_TICK))
    for tick in _ticks(chart.x_max, chart.x_step):
        x = plot.left() + tick / chart.x_max * plot.width()
        p.setPen(_pen(palette.GRID, 0.75))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QColor(palette.TEXT))
        half = 20 if chart.x_unit == "%" else 40  # "800,000" needs more room than "5%"
        p.drawText(QRectF(x - half, plot.bottom() + 4, 2 * half, 16), Qt.AlignmentFlag.AlignHCenter,
                   _tick_text(tick, chart.x_unit))
    p.setFont(_font(10))
    for i, bar in enumerate(chart.bars):
        y = plot.top() + i * pitch
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(chart.highlight_colour if bar.highlighted else chart.bar_colour))
        p.drawRect(QRectF(plot.left(), y + pitch * 0.15, bar.value / chart.x_max * plot.width(), pitch * 0.7))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QColor(palette.TEXT))
        p.drawText(QRectF(box.x, y, plot.left() - box.x - 6, pitch),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, bar.label)
    p.setPen(_pen(palette.MUTED, 1))
    p.drawLine(plot.topLeft(), plot.bottomLeft())


def _paint_slide(p: QPainter, boxes: tuple[TextBox | ChartBox | Rule, ...]) -> None:
    p.fillRect(QRectF(0, 0, SLIDE_W, SLIDE_H), QColor(palette.BACKGROUND))
    for box in boxes:  # charts first, so rules and labels sit over them (as in the PPTX)
        if isinstance(box, ChartBox):
            if isinstance(box.chart, TrajectoryChart):
                _trajectory(p, box, box.chart)
            else:
                _ranked(p, box, box.chart)
    for box in boxes:
        if isinstance(box, Rule):
            p.setPen(_pen(box.style.colour, box.style.width, box.style.dash))
            p.drawLine(QPointF(box.x1, box.y1), QPointF(box.x2, box.y2))
        elif isinstance(box, TextBox):
            _text_box(p, box)


def deck_pdf_bytes(deck: Deck) -> bytes:
    """The deck as the bytes of a PDF, one 16:9 page per slide."""
    _ensure_gui()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QSizeF(SLIDE_W, SLIDE_H), QPageSize.Unit.Point))
    writer.setPageOrientation(QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(deck.title)
    writer.setCreator(f"nato_desk ({deck.author})" if deck.author else "nato_desk")
    painter = QPainter(writer)
    scale = writer.width() / SLIDE_W
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, slide in enumerate(deck.slides):
        if i:
            writer.newPage()
        _paint_slide(painter, slide.boxes)
    painter.end()
    buffer.close()
    return bytes(data.data())


def write_deck_pdf(deck: Deck, path: Path | str) -> Path:
    """Write the deck as a PDF at ``path`` (atomically, with the user's umask).

    Raises:
        ExportWriteError: the file could not be written (the message names ``path``).
    """
    return write_atomically(Path(path), deck_pdf_bytes(deck))
