"""The "Export chart…" dialog and the "Copy chart" command.

The view exported is the chart panel's current tab (Trajectory or Ranked).
The dialog offers size presets (16:9, 4:3, A4 landscape, Custom with width,
height and DPI), a format (PNG, SVG, PDF), the title, subtitle and handling
marking (remembered in the settings), and the file. A failed export says so
in the dialog, in plain words, and the dialog stays open.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import Edition
from nato_desk.store import Store
from nato_desk.ui.chart.chart_panel import ChartPanel
from nato_desk.ui.chart_export import (
    DEFAULT_MARKING,
    FORMATS,
    PRESETS,
    ChartSpec,
    ExportError,
    chart_title,
    copy_chart_to_clipboard,
    export_chart,
    preset_size,
    render_image,
    source_line,
)
from nato_desk.ui.plain_text import plain_label
from nato_desk.ui.settings import Settings

__all__ = ["ExportDialog", "copy_current_chart", "current_chart", "open_export_dialog"]

ChooseFile = Callable[[QWidget, str, str], str]


def _choose_file(parent: QWidget, suggested: str, fmt: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, "Export chart", suggested,
                                          f"{fmt} files (*.{fmt.lower()})")
    return path


class ExportDialog(QDialog):
    """Choose size, format, texts and file; OK writes the file."""

    def __init__(self, view: QWidget, spec: ChartSpec, settings: Settings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export chart")
        self.view = view
        self._settings = settings
        self._source_line = spec.source_line
        self.choose_file: ChooseFile = _choose_file  # tests replace the file chooser
        self.exported_path: str | None = None

        self.preset_combo = QComboBox()
        self.preset_combo.setAccessibleName("Size preset")
        for preset in PRESETS:
            self.preset_combo.addItem(preset.name, preset)
        self.width_spin, self.height_spin, self.dpi_spin = QSpinBox(), QSpinBox(), QSpinBox()
        for spin, name, low, high, value in ((self.width_spin, "Width in pixels", 200, 12000, 1920),
                                             (self.height_spin, "Height in pixels", 150, 12000, 1080),
                                             (self.dpi_spin, "Dots per inch", 72, 1200, 96)):
            spin.setRange(low, high)
            spin.setValue(value)
            spin.setAccessibleName(name)
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        self.format_combo.addItems(list(FORMATS))
        self.title_edit = QLineEdit(spec.title)
        self.title_edit.setAccessibleName("Title")
        self.subtitle_edit = QLineEdit(spec.subtitle)
        self.subtitle_edit.setAccessibleName("Subtitle")
        marking = settings.get(Settings.EXPORT_MARKING) if settings else spec.marking
        self.marking_combo = QComboBox()
        self.marking_combo.setEditable(True)
        self.marking_combo.setAccessibleName("Handling marking")
        for choice in dict.fromkeys([marking or DEFAULT_MARKING, DEFAULT_MARKING, "NATO UNCLASSIFIED",
                                     "FOR OFFICIAL USE ONLY", ""]):
            self.marking_combo.addItem(choice)
        self.marking_combo.setCurrentIndex(0)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("File")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose file")
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.source_label = plain_label(spec.source_line)
        self.source_label.setAccessibleName("Source line")
        self.error_label = plain_label()
        self.error_label.setObjectName("exportError")
        self.error_label.setAccessibleName("Export problem")
        # Coloured by the stylesheet (QLabel#exportError: the palette's error colour).
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(plain_label("Size:", wrap=False, selectable=False), self.preset_combo)
        form.addRow(plain_label("Width (px):", wrap=False, selectable=False), self.width_spin)
        form.addRow(plain_label("Height (px):", wrap=False, selectable=False), self.height_spin)
        form.addRow(plain_label("DPI:", wrap=False, selectable=False), self.dpi_spin)
        form.addRow(plain_label("Format:", wrap=False, selectable=False), self.format_combo)
        form.addRow(plain_label("Title:", wrap=False, selectable=False), self.title_edit)
        form.addRow(plain_label("Subtitle:", wrap=False, selectable=False), self.subtitle_edit)
        form.addRow(plain_label("Marking:", wrap=False, selectable=False), self.marking_combo)
        form.addRow(plain_label("Source line:", wrap=False, selectable=False), self.source_label)
        form.addRow(plain_label("File:", wrap=False, selectable=False), path_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Export")
        self.copy_button = buttons.addButton("Copy to clipboard", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.preset_combo.currentIndexChanged.connect(self._on_preset_changed)
        self.dpi_spin.valueChanged.connect(self._on_preset_changed)
        self.format_combo.currentTextChanged.connect(self._on_format_changed)
        self._on_preset_changed()

    # the choices ----------------------------------------------------------

    def set_preset(self, name: str) -> None:
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findText(name)))

    @property
    def is_custom(self) -> bool:
        return self.preset_combo.currentText() == "Custom"

    def pixel_size(self) -> QSize:
        return QSize(self.width_spin.value(), self.height_spin.value())

    def spec(self) -> ChartSpec:
        return ChartSpec(self.title_edit.text().strip(), self.subtitle_edit.text().strip(),
                         self._source_line, self.marking_combo.currentText().strip())

    def _on_preset_changed(self, *_: object) -> None:
        preset = self.preset_combo.currentData()
        custom = self.is_custom
        self.width_spin.setEnabled(custom)
        self.height_spin.setEnabled(custom)
        if not custom:
            size = preset_size(preset, self.dpi_spin.value())
            for spin, value in ((self.width_spin, size.width()), (self.height_spin, size.height())):
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    def _on_format_changed(self, fmt: str) -> None:
        path = self.path_edit.text()
        if path:
            self.path_edit.setText(os.path.splitext(path)[0] + "." + fmt.lower())

    def _on_browse_clicked(self) -> None:
        fmt = self.format_combo.currentText()
        suggested = self.path_edit.text() or f"chart.{fmt.lower()}"
        path = self.choose_file(self, suggested, fmt)
        if path:
            ext = os.path.splitext(path)[1].lstrip(".").upper()
            if ext in FORMATS:
                self.format_combo.setCurrentText(ext)
            else:
                path += "." + fmt.lower()
            self.path_edit.setText(path)

    # doing it -------------------------------------------------------------

    def _say(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def _remember(self) -> None:
        if self._settings is not None:
            self._settings.set(Settings.EXPORT_MARKING, self.marking_combo.currentText().strip())

    def export(self) -> bool:
        """Write the file; on failure the reason shows in the dialog. True if written."""
        path = self.path_edit.text().strip()
        if not path:
            self._on_browse_clicked()
            path = self.path_edit.text().strip()
        if not path:
            self._say("Choose a file to export to.")
            return False
        try:
            export_chart(path, self.format_combo.currentText(), self.view, self.pixel_size(), self.spec(),
                         self.dpi_spin.value(), a4=self.preset_combo.currentText() == "A4 landscape")
        except ExportError as exc:
            self._say(str(exc))
            return False
        self._say("")
        self._remember()
        self.exported_path = path
        return True

    def copy_to_clipboard(self) -> None:
        copy_chart_to_clipboard(render_image(self.view, self.pixel_size(), self.spec(), self.dpi_spin.value()))
        self._remember()

    def accept(self) -> None:
        if self.export():
            super().accept()


# from the main window ---------------------------------------------------------

class _DeskLike(Protocol):
    @property
    def store(self) -> Store: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def chart_panel(self) -> ChartPanel: ...
    @property
    def window(self) -> QMainWindow: ...
    @property
    def member_model(self) -> object: ...


def current_chart(desk: _DeskLike) -> tuple[QWidget, ChartSpec]:
    """The view on the chart panel's current tab and what to say around it."""
    panel = desk.chart_panel
    edition_id = str(getattr(desk.member_model, "edition", ""))
    line = source_line(desk.store, edition_id)
    marking = desk.settings.get(Settings.EXPORT_MARKING)
    current = panel.views.currentWidget()
    spec_of = getattr(current, "export_spec", None)
    if callable(spec_of):  # a view naming its own title and sources (Editions: every edition drawn)
        return current, spec_of(marking)
    if panel.views.currentIndex() == 0 or current is None:
        subtitle = panel.export_subtitle()  # the scenario, or the measure and its targets
        return panel.chart, ChartSpec(chart_title(panel.chart), subtitle, line, marking)
    ranked_year = getattr(current, "year", None)
    edition = desk.store.get(Edition, edition_id)
    measure = getattr(current, "measure", None) or (edition.measure if edition else None)
    what = f"{measure.label}, {edition.label} edition" if edition and measure else edition_id
    tab = panel.views.tabText(panel.views.currentIndex())
    title = (f"Allies ranked, {ranked_year or 'latest year'}: {what}" if tab == "Ranked"
             else f"{tab}: {what}")
    caption = getattr(current, "caption", None)
    subtitle = caption.text() if caption is not None and hasattr(caption, "text") else ""
    return current, ChartSpec(title, subtitle, line, marking)


def open_export_dialog(desk: _DeskLike) -> ExportDialog:
    """Show the export dialog (modeless, so tests and the user can drive it)."""
    view, spec = current_chart(desk)
    dialog = ExportDialog(view, spec, desk.settings, desk.window)
    dialog.finished.connect(lambda _result: _announce(desk, dialog))
    dialog.open()
    return dialog


def _announce(desk: _DeskLike, dialog: ExportDialog) -> None:
    if dialog.exported_path:
        desk.window.statusBar().showMessage(f"Chart exported to {dialog.exported_path}", 8000)
    dialog.deleteLater()


def copy_current_chart(desk: _DeskLike, size: QSize | None = None) -> QSize:
    """Copy the current chart, 16:9 at 1920×1080 unless told, with header and footer."""
    view, spec = current_chart(desk)
    size = size or QSize(1920, 1080)
    copy_chart_to_clipboard(render_image(view, size, spec))
    desk.window.statusBar().showMessage(
        f"Chart copied to the clipboard ({size.width()}×{size.height()})", 5000)
    return size
