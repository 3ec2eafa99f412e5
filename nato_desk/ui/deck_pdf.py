"""The briefing deck as a PDF: the same slides as the PPTX, painted with Qt.

``write_deck_pdf`` takes the ``DeckInput`` the PPTX builder takes, so both
files say the same thing: a title page, the ranked overview, one page per
ally (trajectory with targets and scenario, figures, stance, quotes) and the
sources. Every page carries the handling marking and its source line. It
works without a window (offscreen), for ``nato-desk deck --pdf``.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from nato_desk.export.deck import AllySlide, DeckInput, OverviewSlide

__all__ = ["write_deck_pdf"]

_W, _H = 1600.0, 900.0  # the page in painter units (16:9)
_BLUE, _ORANGE, _RED, _GREY = "#0072B2", "#b35900", "#8b0000", "#6b6b6b"


def _ensure_gui() -> None:
    # Painting text needs a QGuiApplication; headless commands have none.
    if QGuiApplication.instance() is None:
        if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _ensure_gui.app = QGuiApplication([])  # type: ignore[attr-defined]


def _font(size: float, bold: bool = False) -> QFont:
    """A font sized in page units, so it scales with the page, not the PDF's dpi."""
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(6, round(size * 1.6)))
    font.setBold(bold)
    return font


class _Page:
    """Draws the frame every page shares: marking, title, source line."""

    def __init__(self, painter: QPainter, marking: str, edition: str) -> None:
        self.p = painter
        self.marking = marking
        self.edition = edition

    def frame(self, title: str, source_line: str) -> None:
        p = self.p
        p.setPen(QColor("#a40000"))
        p.setFont(_font(11, bold=True))
        for y in (10.0, _H - 34):
            p.drawText(QRectF(0, y, _W, 24), Qt.AlignmentFlag.AlignHCenter, self.marking)
        p.setPen(QColor("#1f3b5c"))
        p.setFont(_font(26, bold=True))
        p.drawText(QRectF(60, 40, _W - 120, 60), Qt.AlignmentFlag.AlignLeft, title)
        p.setPen(QColor("#444444"))
        p.setFont(_font(10))
        p.drawText(QRectF(60, _H - 80, _W - 120, 44), Qt.TextFlag.TextWordWrap,
                   f"Sources: {source_line} · Data edition: {self.edition}")

    def text(self, rect: QRectF, lines: Sequence[str], size: float = 14) -> None:
        self.p.setPen(QColor("#222222"))
        self.p.setFont(_font(size))
        self.p.drawText(rect, int(Qt.TextFlag.TextWordWrap), "\n".join(lines))


def _line_chart(p: QPainter, rect: QRectF, ally: AllySlide) -> None:
    years = list(ally.years) + list(ally.scenario_years)
    x0, x1 = min(years + [2014]), max(years + [2035])
    top = math.ceil(max([v for v in ally.values if v is not None] + [ally.total_target]) + 0.5)

    def at(year: float, value: float) -> QPointF:
        return QPointF(rect.left() + (year - x0) / (x1 - x0) * rect.width(),
                       rect.bottom() - value / top * rect.height())

    p.setPen(QPen(QColor("#bbbbbb"), 1))
    p.drawRect(rect)
    p.setFont(_font(9))
    for tick in range(0, top + 1):
        p.setPen(QColor("#666666"))
        p.drawText(QRectF(rect.left() - 40, at(x0, tick).y() - 8, 34, 16),
                   Qt.AlignmentFlag.AlignRight, f"{tick}%")
    for year in range(x0, x1 + 1, 5 if x1 - x0 > 10 else 1):
        p.drawText(QRectF(at(year, 0).x() - 25, rect.bottom() + 4, 50, 16),
                   Qt.AlignmentFlag.AlignHCenter, str(year))
    for level, colour, label in ((ally.core_target, _ORANGE, f"{ally.core_target:g}% core"),
                                 (ally.total_target, _RED, f"{ally.total_target:g}% total")):
        p.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
        p.drawLine(at(x0, level), at(x1, level))
        p.drawText(QRectF(rect.right() - 160, at(x1, level).y() - 20, 156, 18),
                   Qt.AlignmentFlag.AlignRight, label)
    # The ally's figures: solid for actual, dotted for estimates; blanks break the line.
    previous: tuple[QPointF, str] | None = None
    for year, value, status in zip(ally.years, ally.values, ally.statuses):
        if value is None:
            previous = None
            continue
        point = at(year, value)
        if previous is not None:
            style = Qt.PenStyle.DotLine if status == "estimate" else Qt.PenStyle.SolidLine
            p.setPen(QPen(QColor(_BLUE), 3, style))
            p.drawLine(previous[0], point)
        p.setPen(QPen(QColor(_BLUE), 2))
        p.setBrush(QColor("white") if status == "estimate" else QColor(_BLUE))
        p.drawEllipse(point, 5, 5)
        previous = (point, status)
    if ally.scenario_years:
        p.setPen(QPen(QColor(_BLUE), 2, Qt.PenStyle.DashDotLine))
        points = [at(y, v) for y, v in zip(ally.scenario_years, ally.scenario_values)]
        for a, b in zip(points, points[1:]):
            p.drawLine(a, b)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _bar_chart(p: QPainter, rect: QRectF, overview: OverviewSlide) -> None:
    n = max(len(overview.values), 1)
    top = math.ceil(max(list(overview.values) + [5.0]) + 0.5)
    row = rect.height() / n
    name_w = 170.0
    plot = QRectF(rect.left() + name_w, rect.top(), rect.width() - name_w - 60, rect.height())
    p.setFont(_font(max(6.0, min(10.0, row * 0.55))))
    for i, (name, value) in enumerate(zip(overview.names, overview.values)):
        y = rect.top() + i * row
        chosen = name in overview.highlighted
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(rect.left(), y, name_w - 8, row), Qt.AlignmentFlag.AlignRight
                   | Qt.AlignmentFlag.AlignVCenter, name)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(_BLUE if chosen else "#8fb3d9"))
        p.drawRect(QRectF(plot.left(), y + row * 0.15, value / top * plot.width(), row * 0.7))
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(plot.left() + value / top * plot.width() + 4, y, 60, row),
                   Qt.AlignmentFlag.AlignVCenter, f"{value:.2f}%")
    for value, colour in ((2.0, _GREY), (3.5, _ORANGE), (5.0, _RED)):
        x = plot.left() + value / top * plot.width()
        p.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        p.drawText(QRectF(x - 30, rect.bottom() + 2, 60, 16), Qt.AlignmentFlag.AlignHCenter, f"{value:g}%")
    p.setBrush(Qt.BrushStyle.NoBrush)


def _sources_line(ids: Sequence[str], deck: DeckInput) -> str:
    titles = {s.id: s.title for s in deck.sources}
    names = [titles.get(i, i) for i in ids]
    text = "; ".join(dict.fromkeys(names))
    return text if len(text) < 300 else text[:297] + "…"


def write_deck_pdf(deck: DeckInput, path: Path | str, marking: str = "UNCLASSIFIED") -> Path:
    """Write the deck as a PDF at ``path`` (atomically); one page per slide."""
    _ensure_gui()
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setPageSize(QPageSize(QSizeF(338.67, 190.5), QPageSize.Unit.Millimeter))
        writer.setPageOrientation(QPageLayout.Orientation.Portrait)
        writer.setPageMargins(QMarginsF(0, 0, 0, 0))
        writer.setTitle(deck.title)
        painter = QPainter(writer)
        scale = writer.width() / _W
        painter.scale(scale, scale)
        page = _Page(painter, marking, deck.edition_label)

        page.frame(deck.title, _sources_line(deck.title_source_ids, deck))
        page.text(QRectF(60, 140, _W - 120, 200), [deck.subtitle], size=18)

        writer.newPage()
        overview = deck.overview
        page.frame(f"Alliance overview, {overview.year}", _sources_line(overview.source_ids, deck))
        page.text(QRectF(60, 100, _W - 120, 40), [f"{overview.measure_label}. {overview.targets_text}"], 12)
        _bar_chart(painter, QRectF(60, 150, _W - 120, _H - 260), overview)

        for ally in deck.allies:
            writer.newPage()
            page.frame(ally.name, _sources_line(ally.source_ids, deck))
            _line_chart(painter, QRectF(110, 120, 820, 530), ally)
            lines = [ally.latest_text, ally.gap_core_text, ally.gap_total_text,
                     ally.required_core_text, ally.required_total_text, "",
                     f"Stance: {ally.stance}", ally.summary, ""]
            lines += [f"“{q.text}” — {q.speaker}, {q.date or 'undated'}" for q in ally.quotes]
            page.text(QRectF(980, 120, _W - 1040, 660), [line for line in lines if line is not None], 12)
            page.text(QRectF(110, 700, 820, 60), [ally.plain_summary], 11)

        writer.newPage()
        page.frame("Sources", "all sources used in this deck")
        lines = [s.line() for s in deck.sources]
        page.text(QRectF(60, 110, _W - 120, _H - 200), lines, size=8 if len(lines) > 20 else 11)
        painter.end()
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target
