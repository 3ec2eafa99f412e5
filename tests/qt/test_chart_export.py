"""Chart export: exact pixel sizes, text in SVG/PDF, clipboard, atomic writes, and
what a briefer sees in other programs: the same axes at any DPI, an SVG that
librsvg draws like the PNG, vector markers, no hover box, files readable by colleagues."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage

from nato_desk.palette import target_style
from nato_desk.ui.chart_export import (
    PRESETS,
    ChartSpec,
    chart_title,
    copy_chart_to_clipboard,
    export_chart,
    preset_size,
    render_chart,
    render_image,
    svg_bytes,
)
from nato_desk.ui.dialogs.export_dialog import (
    ExportDialog,
    copy_current_chart,
    current_chart,
)
from nato_desk.ui.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def window(compared_window):
    return compared_window


def dialog_for(qtbot, window, fmt, path, preset="16:9 (1920×1080)"):
    view, spec = current_chart(window.desk)
    dialog = ExportDialog(view, spec, window.desk.settings, window)
    qtbot.addWidget(dialog)
    dialog.choose_file = lambda _parent, _suggested, _fmt: str(path)  # no native file chooser
    dialog.set_preset(preset)
    dialog.format_combo.setCurrentText(fmt)
    dialog._on_browse_clicked()
    return dialog


def test_default_texts_come_from_the_chart(window):
    _view, spec = current_chart(window.desk)
    assert "Spain" in spec.title and "Belgium" in spec.title and "Slovakia" in spec.title
    assert "edition" in spec.source_line and "data as of" in spec.source_line
    assert spec.marking == "UNCLASSIFIED"


def test_png_16_9_is_exactly_1920_by_1080(qtbot, window, tmp_path):
    out = tmp_path / "chart.png"
    dialog = dialog_for(qtbot, window, "PNG", out)
    assert not dialog.width_spin.isEnabled()
    item = window.chart_panel.chart.plot_widget.getPlotItem()
    before, title_shown = item.geometry(), item.titleLabel.isVisible()
    assert dialog.export(), dialog.error_label.text()
    assert item.geometry() == before  # the window's chart is left as it was
    assert item.titleLabel.isVisible() == title_shown and item.titleLabel.text  # (the window's title is a label above the plot)
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "export_16x9.png")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_ranked_view_exports_too(qtbot, window, tmp_path):
    window.chart_panel.views.setCurrentWidget(window.desk.ranked_view)
    out = tmp_path / "ranked.png"
    dialog = dialog_for(qtbot, window, "PNG", out, preset="4:3 (1600×1200)")
    assert dialog.title_edit.text().startswith("Allies ranked, 2026")
    assert dialog.export(), dialog.error_label.text()
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1200)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "export_ranked_4x3.png")


def test_custom_size_and_render_chart(qtbot, window):
    image = render_chart(window.chart_panel.chart, QSize(800, 500), 150, "T", "S", "Source: x", "SECRET")
    assert (image.width(), image.height()) == (800, 500)
    view, spec = current_chart(window.desk)
    dialog = ExportDialog(view, spec)
    qtbot.addWidget(dialog)
    dialog.set_preset("Custom")
    assert dialog.width_spin.isEnabled()
    dialog.width_spin.setValue(1000)
    dialog.height_spin.setValue(700)
    assert dialog.pixel_size() == QSize(1000, 700)
    dialog.set_preset("A4 landscape")
    dialog.dpi_spin.setValue(300)
    assert dialog.pixel_size() == QSize(3508, 2480)


def test_svg_holds_title_source_and_marking_as_text(qtbot, window, tmp_path):
    out = tmp_path / "chart.svg"
    dialog = dialog_for(qtbot, window, "SVG", out)
    dialog.title_edit.setText("Spain & neighbours <to 2035>")
    dialog.marking_combo.setCurrentText("NATO UNCLASSIFIED")
    assert dialog.export(), dialog.error_label.text()
    text = out.read_text(encoding="utf-8")
    assert "<text" in text
    assert "Spain &amp; neighbours &lt;to 2035&gt;" in text
    spec = dialog.spec()
    import html
    assert html.escape(spec.source_line, quote=False) in text
    assert ">NATO UNCLASSIFIED<" in text
    assert 'width="1920"' in text or "width=\"1920" in text
    # the marking choice is remembered
    assert window.desk.settings.get(Settings.EXPORT_MARKING) == "NATO UNCLASSIFIED"


def test_pdf(qtbot, window, tmp_path):
    out = tmp_path / "chart.pdf"
    dialog = dialog_for(qtbot, window, "PDF", out, preset="A4 landscape")
    assert dialog.export(), dialog.error_label.text()
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed: PDF text not checked")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert "UNCLASSIFIED" in flat
    assert "Spain" in flat
    assert "data as of" in flat


def test_copy_to_clipboard_has_the_chosen_size(qtbot, window):
    copy_current_chart(window.desk)
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (1920, 1080)
    view, spec = current_chart(window.desk)
    dialog = ExportDialog(view, spec)
    qtbot.addWidget(dialog)
    dialog.set_preset("4:3 (1600×1200)")
    dialog.copy_to_clipboard()
    image = QGuiApplication.clipboard().image()
    assert (image.width(), image.height()) == (1600, 1200)


def test_menu_actions_exist(window):
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Export chart…" in texts and "&Copy chart" in texts


@pytest.mark.parametrize("fmt", ["PNG", "SVG", "PDF"])
def test_failed_write_leaves_no_file_and_says_why(qtbot, window, tmp_path, monkeypatch, fmt):
    out = tmp_path / f"chart.{fmt.lower()}"

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    dialog = dialog_for(qtbot, window, fmt, out)
    monkeypatch.setattr(os, "replace", full)
    assert not dialog.export()
    assert list(tmp_path.iterdir()) == [tmp_path / "s.ini"] or not any(
        p.suffix in (".part", f".{fmt.lower()}") for p in tmp_path.iterdir())
    assert not out.exists()
    message = dialog.error_label.text()
    assert "no space left on device" in message.lower() and "No file was saved" in message
    assert str(out) in message and ".tmp" not in message
    assert "<" not in message and dialog.error_label.isVisibleTo(dialog)


# the chart as other programs see it (issue 9, items 2-4 and 9) ----------------

@pytest.fixture
def chart(qtbot, store):
    """Spain compared with Belgium and Slovakia, on a chart panel (no main window needed)."""
    from nato_desk.ui.chart.chart_panel import ChartPanel

    panel = ChartPanel(store, "2026-07")
    qtbot.addWidget(panel)
    panel.resize(900, 520)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_member("ESP")
    for iso3 in ("BEL", "SVK"):
        panel.add_comparison(iso3)
    return panel.chart


def spec_for(chart):
    return ChartSpec(chart_title(chart), "Scenario: linear path to 3.5% by 2035",
                     "Source: NATO, Defence Investment of NATO Countries (2014-2026), July 2026 edition",
                     "UNCLASSIFIED")


def grey(image: QImage, size: QSize) -> QImage:
    small = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return small.convertToFormat(QImage.Format.Format_Grayscale8)


def pixels(image: QImage) -> np.ndarray:
    """A greyscale image's pixels as a 2-D array (rows padded to 4 bytes in Qt)."""
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, :image.width()].astype(float)


def rgb_array(image: QImage) -> np.ndarray:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=rgb.sizeInBytes())
    rows = data.reshape(rgb.height(), rgb.bytesPerLine())[:, :rgb.width() * 3]
    return rows.reshape(rgb.height(), rgb.width(), 3).astype(float)


def target_line(image: QImage, target_id: str) -> tuple[float, int]:
    """The row of a target line (as a share of the height) and the column where it starts."""
    arr = rgb_array(image)
    colour = np.array(QColor(target_style(target_id).colour).getRgb()[:3], dtype=float)
    close = np.abs(arr - colour).sum(axis=2) < 60
    rows = np.flatnonzero(close.sum(axis=1) > 0.3 * image.width())
    assert len(rows) and rows.max() - rows.min() < 0.01 * image.height(), f"one {target_id} line"
    middle = round(float(rows.mean()))
    return float(rows.mean()) / image.height(), int(np.flatnonzero(close[middle])[0])


def tick_label_rows(image: QImage, axis_x: int) -> list[float]:
    """Where the y axis's tick labels are (row centres as a share of the height): the
    ink in a strip just left of the axis, between the header and the x axis."""
    arr = rgb_array(image).mean(axis=2)
    h, w = arr.shape
    top = int(0.2 * h)  # below the header: a long title wraps to two lines (never cut)
    strip = arr[top:int(0.80 * h), axis_x - int(0.02 * w):axis_x - int(0.002 * w)]
    ink = np.flatnonzero((strip < 200).any(axis=1))
    runs = np.split(ink, np.flatnonzero(np.diff(ink) > 1) + 1) if len(ink) else []
    return [(float(run.mean()) + top) / h for run in runs]


def test_a4_exports_have_the_same_axes_at_96_150_and_300_dpi(chart, tmp_path):
    a4 = next(p for p in PRESETS if p.name == "A4 landscape")
    images, tick_texts = {}, {}
    drawn: list[str] = []
    original = pg.AxisItem.drawPicture

    def recording(axis, painter, axis_spec, tick_specs, text_specs):
        drawn.extend(text for _rect, _flags, text in text_specs)
        return original(axis, painter, axis_spec, tick_specs, text_specs)

    pg.AxisItem.drawPicture = recording
    try:
        for dpi in (96, 150, 300):
            drawn.clear()
            out = tmp_path / f"a4_{dpi}.png"
            export_chart(out, "PNG", chart, preset_size(a4, dpi), spec_for(chart), dpi, a4=True)
            images[dpi] = QImage(str(out))
            tick_texts[dpi] = sorted(set(drawn))
    finally:
        pg.AxisItem.drawPicture = original
    assert images[300].size() == QSize(3508, 2480)
    assert round(images[300].dotsPerMeterX() * 0.0254) == 300
    # The same tick labels at every DPI, the x axis running to 2035 and the y axis from 0.5.
    assert tick_texts[96] == tick_texts[150] == tick_texts[300]
    assert {"2015", "2035", "0.5", "2", "3.5", "5"} <= set(tick_texts[96])
    # The target lines, and the y axis's labels, at the same heights (as a share of
    # the page) at every DPI, and the "3.5" and "5" labels on their lines. (Before
    # the fix, the axis of a 150 dpi export was drawn 1.56 times too large.)
    lines, labels = {}, {}
    for dpi, image in images.items():
        core, axis_x = target_line(image, "HAGUE_CORE")
        total, _ = target_line(image, "HAGUE_TOTAL")
        lines[dpi], labels[dpi] = (core, total), tick_label_rows(image, axis_x)
    assert len(labels[96]) == 11  # 0.5 to 5.5
    for dpi in (150, 300):
        assert lines[dpi] == pytest.approx(lines[96], abs=0.002)
        assert labels[dpi] == pytest.approx(labels[96], abs=0.002)
    for line in lines[96]:
        assert min(abs(row - line) for row in labels[96]) < 0.003


def test_a4_pdf_tick_labels_sit_on_their_values(chart, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    a4 = next(p for p in PRESETS if p.name == "A4 landscape")
    words = {}
    for dpi in (96, 300):
        out = tmp_path / f"a4_{dpi}.pdf"
        export_chart(out, "PDF", chart, preset_size(a4, dpi), spec_for(chart), dpi, a4=True)
        html_text = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout
        words[dpi] = [(float(m[0]), float(m[1]), float(m[2]), float(m[3]), m[4]) for m in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html_text)]
    assert words[96] == words[300]
    page = words[96]
    ticks = {text: (y0 + y1) / 2 for x0, y0, x1, y1, text in page if re.fullmatch(r"\d+(\.5)?", text)}
    assert "2035" in ticks and "2015" in ticks
    # The "2%" label sits just above the 2% line; the tick "2" is on that line.
    label_bottom = next(y1 for _x0, _y0, _x1, y1, text in page if text == "2%")
    assert abs(ticks["2"] - label_bottom) < 10  # points, on a 595-point-high page
    assert ticks["2"] > ticks["3.5"] > ticks["5"]


def test_svg_is_plain_and_renders_like_the_png(chart, tmp_path):
    size = QSize(1280, 720)
    svg_path, png_path = tmp_path / "chart.svg", tmp_path / "chart.png"
    export_chart(svg_path, "SVG", chart, size, spec_for(chart), 96)
    export_chart(png_path, "PNG", chart, size, spec_for(chart), 96)
    root = ET.parse(svg_path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert not list(root.iter(f"{ns}image"))  # markers are vector, not embedded bitmaps
    assert "non-scaling-stroke" not in svg_path.read_text(encoding="utf-8")
    shapes = ("path", "polyline", "polygon", "rect", "ellipse", "circle", "line")
    for group in root.iter(f"{ns}g"):
        scale = 1.0
        match = re.fullmatch(r"matrix\(([^)]*)\)", group.get("transform", "matrix(1,0,0,1,0,0)"))
        if match:
            a, b, c, d = (float(v) for v in match.group(1).split(",")[:4])
            scale = abs(a * d - b * c) ** 0.5
        if scale > 3:  # only text may sit under a large transform
            assert not [ch for ch in group if ch.tag.removeprefix(ns) in shapes]
    # Markers are paths: Spain's 13 figures at least, besides the lines.
    assert len(list(root.iter(f"{ns}path"))) > 40
    if shutil.which("rsvg-convert") is None:
        pytest.skip("rsvg-convert not installed: the SVG was not rendered")
    rendered = tmp_path / "rsvg.png"
    subprocess.run(["rsvg-convert", "-w", "1280", "-h", "720", "-b", "white", "-o", str(rendered), str(svg_path)],
                   check=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(rendered, ARTIFACTS / "export_svg_rsvg.png")
    shutil.copyfile(png_path, ARTIFACTS / "export_svg_reference.png")
    ours, theirs = QImage(str(png_path)), QImage(str(rendered))
    assert theirs.size() == size
    small = QSize(320, 180)
    a, b = pixels(grey(ours, small)), pixels(grey(theirs, small))
    assert np.abs(a - b).mean() < 6.0
    # The lines are lines: about as much ink as the PNG, not filled bands.
    dark_a, dark_b = (pixels(grey(ours, size)) < 128).sum(), (pixels(grey(theirs, size)) < 128).sum()
    assert 0.75 < dark_b / dark_a < 1.33


def test_no_hover_box_or_crosshair_in_any_export(chart, tmp_path, qtbot):
    size = QSize(960, 540)
    spec = spec_for(chart)
    clean = render_image(chart, size, spec)
    clean_svg = svg_bytes(chart, size, spec)
    chart.show_hover(2020)  # the pointer rested on 2020
    assert chart.hover_label.isVisible() and chart.crosshair.isVisible()
    hovered = render_image(chart, size, spec)
    assert hovered == clean
    svg = svg_bytes(chart, size, spec)
    assert b"source:" not in svg and svg.count(b"<text") == clean_svg.count(b"<text")
    pdf_path = tmp_path / "hover.pdf"
    export_chart(pdf_path, "PDF", chart, size, spec)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
        assert "source:" not in text and "Spain:" not in text
    copy_chart_to_clipboard(render_image(chart, size, spec))
    assert QGuiApplication.clipboard().image().convertToFormat(clean.format()) == clean
    # The window keeps its hover.
    assert chart.hover_label.isVisible() and chart.crosshair.isVisible()


@pytest.mark.parametrize("fmt", ["PNG", "SVG", "PDF"])
def test_exports_get_the_users_umask(chart, tmp_path, fmt):
    out = tmp_path / f"chart.{fmt.lower()}"
    old = os.umask(0o022)
    try:
        export_chart(out, fmt, chart, QSize(800, 450), spec_for(chart))
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
