"""Exporting the current chart as a briefer's image: PNG, SVG, PDF, clipboard.

An export is exactly the size chosen. It is composed with one QPainter: a
header (title, subtitle, the handling marking at top right), the chart (the
view's pyqtgraph scene, laid out afresh at the export's size so nothing is
stretched), and a footer (the source line with the data edition and as-of
date, and the marking again). Header and footer are drawn with
``QPainter.drawText``, so in an SVG they are ``<text>`` nodes. A long title,
subtitle or source line shrinks a little and then wraps onto more lines
(``_wrap``); it is never cut, and the chart takes the height that is left.

The chart is the window's own pyqtgraph scene, painted by
``chart.export_render`` (the same axes and labels at any DPI, vector markers,
no hover box or crosshair); an SVG is then made plain by ``chart.svg_flat``
(shapes in the SVG's own units, real stroke widths) so librsvg, LibreOffice
and Inkscape draw it alike. Each file is built in memory and written with
``export.files.write_atomically``: whole or not at all, with the user's umask.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSize,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QImageWriter,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from nato_desk.domain import Edition
from nato_desk.export.files import ExportWriteError, write_atomically
from nato_desk.store import Store
from nato_desk.ui.chart.export_render import LOGICAL_DPI, paint_scene
from nato_desk.ui.chart.svg_flat import flatten, set_physical_size

__all__ = [
    "DEFAULT_MARKING", "FORMATS", "PRESETS", "ChartSpec", "ExportError", "Preset", "chart_title",
    "copy_chart_to_clipboard", "export_chart", "export_pdf", "export_png", "export_svg",
    "paint_chart", "pdf_bytes", "plot_widget_of", "png_bytes", "preset_size", "render_chart", "render_image", "source_line", "svg_bytes",
]

DEFAULT_MARKING = "UNCLASSIFIED"
FORMATS = ("PNG", "SVG", "PDF")
A4_LANDSCAPE_MM = (297.0, 210.0)


@dataclass(frozen=True)
class Preset:
    name: str
    width: int = 0  # pixels; 0 for A4 (depends on the DPI) and Custom
    height: int = 0


PRESETS = (
    Preset("16:9 (1920×1080)", 1920, 1080),
    Preset("4:3 (1600×1200)", 1600, 1200),
    Preset("A4 landscape"),
    Preset("Custom"),
)


def preset_size(preset: Preset, dpi: int, custom: QSize | None = None) -> QSize:
    """The pixel size a preset stands for at ``dpi``."""
    if preset.name == "A4 landscape":
        w_mm, h_mm = A4_LANDSCAPE_MM
        return QSize(round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi))
    if preset.width and preset.height:
        return QSize(preset.width, preset.height)
    return QSize(custom) if custom is not None else QSize(1920, 1080)


class ExportError(Exception):
    """An export failed; the message is plain words for the briefer."""


@dataclass(frozen=True)
class ChartSpec:
    """What goes round the chart."""

    title: str
    subtitle: str = ""
    source_line: str = ""
    marking: str = DEFAULT_MARKING


# describing the chart ----------------------------------------------------

def plot_widget_of(view: QWidget) -> pg.PlotWidget | None:
    """The pyqtgraph PlotWidget that draws ``view`` (Trajectory or Ranked), if any."""
    if isinstance(view, pg.PlotWidget):
        return view
    direct = getattr(view, "plot_widget", None)
    if isinstance(direct, pg.PlotWidget):
        return direct
    chart = getattr(view, "chart", None)
    if chart is not None and isinstance(getattr(chart, "plot_widget", None), pg.PlotWidget):
        return chart.plot_widget
    found = view.findChildren(pg.PlotWidget)
    visible = [w for w in found if w.isVisibleTo(view)]
    return (visible or found or [None])[0]


def chart_title(view: QWidget) -> str:
    """The chart's own title as plain text (pyqtgraph holds it escaped), else ''."""
    plot = plot_widget_of(view)
    if plot is None:
        return ""
    text = plot.getPlotItem().titleLabel.text or ""
    return html.unescape(str(text))


def source_line(store: Store, edition_id: str, today: dt.date | None = None) -> str:
    """'Source: NATO, <title>, <label> edition; data as of <released>. Exported <date>.'"""
    edition = store.get(Edition, edition_id)
    exported = (today or dt.date.today()).isoformat()
    if edition is None:
        return f"Source: edition {edition_id or 'unknown'}. Exported {exported} with nato_desk."
    # Every edition is a NATO release: NATO is its publisher, whatever copy it was read in
    # (the March 2026 figures were read in a copy of POLITICO's report; cite NATO).
    publisher = "NATO"
    return (f"Source: {publisher}, {edition.title}, {edition.label} edition; "
            f"data as of {edition.released}. Exported {exported} with nato_desk.")


# composing ----------------------------------------------------------------

def _font(pixels: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(6, round(pixels)))
    font.setBold(bold)
    return font


_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignTop)


def _wrap(text: str, width: float, px: float, min_px: float, max_lines: int, *,
          bold: bool = False) -> tuple[QFont, float]:
    """The font for ``text`` in ``width`` and the height to reserve for it: one line if it
    fits down to the middle of ``px`` and ``min_px``; else the largest size down to
    ``min_px`` at which it fits ``max_lines`` lines; failing that, ``min_px`` on as many
    lines as it needs (the text is never cut).

    Sizes step by a share of ``px`` and the height reserved is a multiple of the size,
    so an export at 96, 150 or 300 dpi keeps the same proportions."""
    def lines_at(size: float) -> tuple[QFont, int]:
        font = _font(size, bold=bold)
        metrics = QFontMetricsF(font)
        height = metrics.boundingRect(QRectF(0, 0, max(width, 1.0), 1e6), _WRAP, text).height()
        return font, max(1, round(height / metrics.lineSpacing()))

    for most, least in ((1, (px + min_px) / 2), (max_lines, min_px)):
        share = 1.0
        while px * share >= least - 1e-9:
            font, lines = lines_at(px * share)
            if lines <= most:
                return font, lines * px * share * _LINE
            share -= 0.04
    font, lines = lines_at(min_px)
    return font, lines * min_px * _LINE


_LINE = 1.25  # a line's height, as a multiple of its font's pixel size


def paint_chart(view_widget: QWidget, device: QPaintDevice, size: QSize, spec: ChartSpec) -> None:
    """Paint the whole export (header, chart, footer) onto ``device`` at ``size`` pixels."""
    w, h = float(size.width()), float(size.height())
    unit = min(h / 1080.0, w / 1920.0 * 1.25)  # 1.0 at 16:9 1920×1080
    margin = 36 * unit
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("The export could not be drawn (the output could not be opened).")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(QRectF(0, 0, w, h), QColor("white"))
        dark, grey = QColor("#111111"), QColor("#444444")
        marking_color = QColor("#8b0000")

        # header: marking at top right, title, subtitle
        y = margin
        painter.setFont(_font(26 * unit, bold=True))
        marking_metrics = QFontMetricsF(painter.font())
        marking_w = marking_metrics.horizontalAdvance(spec.marking) if spec.marking else 0.0
        if spec.marking:
            painter.setPen(marking_color)
            painter.drawText(QRectF(w - margin - marking_w - 4, y, marking_w + 4, marking_metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, spec.marking)
        title_w = w - 2 * margin - marking_w - 24 * unit
        painter.setPen(dark)
        # A long title shrinks a little, then wraps (two lines at most before it
        # shrinks further); it is never cut.
        font, title_h = _wrap(spec.title, title_w, 44 * unit, 30 * unit, 2, bold=True)
        title_h = max(title_h, QFontMetricsF(_font(44 * unit, bold=True)).height())
        painter.setFont(font)
        painter.drawText(QRectF(margin, y, title_w, title_h), _WRAP, spec.title)
        y += title_h
        if spec.subtitle:
            painter.setPen(grey)
            font, sub_h = _wrap(spec.subtitle, w - 2 * margin, 28 * unit, 20 * unit, 2)
            painter.setFont(font)
            painter.drawText(QRectF(margin, y + 4 * unit, w - 2 * margin, sub_h), _WRAP, spec.subtitle)
            y += sub_h + 4 * unit
        header_bottom = y + 12 * unit
        painter.setPen(QPen(QColor("#bbbbbb"), max(1.0, 2 * unit)))
        painter.drawLine(int(margin), int(header_bottom), int(w - margin), int(header_bottom))

        # footer: source line left (wrapped, never cut), marking right
        foot_marking_font = _font(22 * unit, bold=True)
        foot_marking_w = QFontMetricsF(foot_marking_font).horizontalAdvance(spec.marking) if spec.marking else 0.0
        source_w = w - 2 * margin - foot_marking_w - 24 * unit
        source_font, foot_h = _wrap(spec.source_line, source_w, 22 * unit, 15 * unit, 2)
        foot_h = max(foot_h, QFontMetricsF(_font(22 * unit)).height())
        foot_y = h - margin - foot_h
        painter.setFont(foot_marking_font)
        if spec.marking:
            painter.setPen(marking_color)
            painter.drawText(QRectF(w - margin - foot_marking_w - 4, foot_y, foot_marking_w + 4, foot_h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, spec.marking)
        painter.setPen(grey)
        painter.setFont(source_font)
        painter.drawText(QRectF(margin, foot_y, source_w, foot_h), _WRAP, spec.source_line)
        footer_top = foot_y - 12 * unit
        painter.setPen(QPen(QColor("#bbbbbb"), max(1.0, 2 * unit)))
        painter.drawLine(int(margin), int(footer_top), int(w - margin), int(footer_top))

        # the chart between them
        chart_rect = QRectF(margin, header_bottom + 12 * unit, w - 2 * margin,
                            footer_top - header_bottom - 24 * unit)
        plot = plot_widget_of(view_widget)
        if plot is not None and chart_rect.height() > 10:
            paint_scene(painter, plot, chart_rect, plot.minimumHeight())
        elif chart_rect.height() > 10:
            view_widget.render(painter, chart_rect.topLeft().toPoint())
    finally:
        painter.end()


def render_image(view_widget: QWidget, size: QSize, spec: ChartSpec, dpi: int = 96) -> QImage:
    """The export as an image of exactly ``size`` pixels, tagged with ``dpi``.

    It is painted at 96 logical dpi (see ``export_render``) and given its DPI
    afterwards: the DPI only tells other programs how large to print it.
    """
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    paint_chart(view_widget, image, size, spec)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def render_chart(view_widget: QWidget, size: QSize, dpi: int, title: str, subtitle: str = "",
                 source_line: str = "", marking: str = DEFAULT_MARKING) -> QImage:
    """The export as a QImage of exactly ``size`` pixels (the brief's signature)."""
    return render_image(view_widget, size, ChartSpec(title, subtitle, source_line, marking), dpi)


# writing --------------------------------------------------------------------
# Each format is built in memory and written by write_atomically: whole or not
# at all, with the user's umask.

def _write(path: str | os.PathLike[str], payload: bytes) -> Path:
    target = Path(path)
    if not payload:
        raise ExportError(f"Could not write {target}: nothing was drawn. No file was saved.")
    try:
        return write_atomically(target, payload)
    except ExportWriteError as exc:
        raise ExportError(f"{exc} No file was saved.") from exc


def png_bytes(view_widget: QWidget, size: QSize, spec: ChartSpec, dpi: int = 96) -> bytes:
    image = render_image(view_widget, size, spec, dpi)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise ExportError(f"The image could not be encoded: {writer.errorString()}.")
    return bytes(buffer.data().data())


def svg_bytes(view_widget: QWidget, size: QSize, spec: ChartSpec, dpi: int = 96) -> bytes:
    """Plain SVG: shapes in the SVG's own units (the pixel size), real stroke widths,
    vector markers, text as ``<text>``; its paper size is ``size`` at ``dpi``."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(LOGICAL_DPI)
    generator.setTitle(spec.title)
    generator.setDescription(spec.source_line)
    paint_chart(view_widget, generator, size, spec)
    svg = flatten(bytes(buffer.data().data()))
    return set_physical_size(svg, size.width() / dpi * 25.4, size.height() / dpi * 25.4)


def pdf_bytes(view_widget: QWidget, size: QSize, spec: ChartSpec, dpi: int = 96, *, a4: bool = False) -> bytes:
    """A one-page PDF: A4 landscape, or a page of ``size`` pixels at ``dpi``.

    Everything on it is vector, so it is drawn at 96 dpi whatever ``dpi`` says.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(LOGICAL_DPI)
    writer.setTitle(spec.title)
    writer.setCreator("nato_desk")
    if a4:
        page = QPageSize(QPageSize.PageSizeId.A4)
        orientation = QPageLayout.Orientation.Landscape
    else:
        page = QPageSize(QSizeF(size.width() / dpi, size.height() / dpi), QPageSize.Unit.Inch,
                         "nato_desk chart", QPageSize.SizeMatchPolicy.ExactMatch)
        orientation = QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(page, orientation, QMarginsF(0, 0, 0, 0)))
    paint_chart(view_widget, writer, QSize(writer.width(), writer.height()), spec)
    del writer  # the PDF is finished when its painter ends; the writer holds the buffer
    return bytes(buffer.data().data())


def export_png(path: str | os.PathLike[str], view_widget: QWidget, size: QSize, spec: ChartSpec,
               dpi: int = 96) -> Path:
    return _write(path, png_bytes(view_widget, size, spec, dpi))


def export_svg(path: str | os.PathLike[str], view_widget: QWidget, size: QSize, spec: ChartSpec,
               dpi: int = 96) -> Path:
    return _write(path, svg_bytes(view_widget, size, spec, dpi))


def export_pdf(path: str | os.PathLike[str], view_widget: QWidget, size: QSize, spec: ChartSpec,
               dpi: int = 96, *, a4: bool = False) -> Path:
    return _write(path, pdf_bytes(view_widget, size, spec, dpi, a4=a4))


def export_chart(path: str | os.PathLike[str], fmt: str, view_widget: QWidget, size: QSize,
                 spec: ChartSpec, dpi: int = 96, *, a4: bool = False) -> Path:
    """Dispatch on ``fmt`` (PNG, SVG or PDF)."""
    fmt = fmt.upper()
    if fmt == "PNG":
        return export_png(path, view_widget, size, spec, dpi)
    if fmt == "SVG":
        return export_svg(path, view_widget, size, spec, dpi)
    if fmt == "PDF":
        return export_pdf(path, view_widget, size, spec, dpi, a4=a4)
    raise ExportError(f"Unknown format {fmt}; choose PNG, SVG or PDF.")


def copy_chart_to_clipboard(image: QImage) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setImage(image)
