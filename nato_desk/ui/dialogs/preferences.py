"""Preferences: the name the history records, and how many backups to keep."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from nato_desk.ui.plain_text import plain_label
from nato_desk.ui.settings import Settings

__all__ = ["PreferencesDialog"]


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._settings = settings
        self.user_name = QLineEdit(settings.get(Settings.USER_NAME))
        self.user_name.setAccessibleName("Your name in the history")
        self.user_name.setPlaceholderText(f"empty: your login name ({login})")
        self.keep_backups = QSpinBox()
        self.keep_backups.setAccessibleName("Backups to keep")
        self.keep_backups.setRange(0, 100)
        self.keep_backups.setValue(settings.get(Settings.KEEP_BACKUPS))
        self.keep_backups.setToolTip("Rolling copies of the data file, taken when nato_desk opens it. "
                                     "0 turns them off. Applies from the next start.")
        form = QFormLayout(self)
        form.addRow(plain_label("Your name in the history:", wrap=False, selectable=False), self.user_name)
        form.addRow(plain_label("Backups to keep:", wrap=False, selectable=False), self.keep_backups)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_ok(self) -> None:
        self._settings.set(Settings.USER_NAME, self.user_name.text().strip())
        self._settings.set(Settings.KEEP_BACKUPS, self.keep_backups.value())
        self.accept()
