"""Chart export: exact pixel sizes, text in SVG/PDF, clipboard, atomic writes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QImage

from nato_desk.ui.chart_export import render_chart
from nato_desk.ui.dialogs.export_dialog import ExportDialog, copy_current_chart, current_chart
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
    before = item.geometry()
    assert dialog.export(), dialog.error_label.text()
    assert item.geometry() == before  # the window's chart is left as it was
    assert item.titleLabel.isVisible()
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "export_16x9.png")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


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
    assert "No space left on device" in message and "No file was saved" in message
    assert "<" not in message and dialog.error_label.isVisibleTo(dialog)
