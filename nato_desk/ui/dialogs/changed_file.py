"""The start-up question when the data file was changed outside nato_desk.

Its checksum no longer matches (a hand edit, another program, a bit flip on
disk), yet it reads as a valid store: the figures in it may not be the ones
the analyst saved, so nato_desk does not pick for them. Restoring the newest
good backup keeps the changed file aside; looking read-only changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from nato_desk.store import Backup

__all__ = ["ask_about_changed_file", "changed_file_box"]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _when(backup: Backup) -> str:
    t = backup.taken_at
    return f"{t.day} {_MONTHS[t.month - 1]} {t.year} {t:%H:%M} UTC"


def changed_file_box(path: Path, backup: Backup | None, parent: QWidget | None = None) -> QMessageBox:
    """The question, ready to ``exec()``; its restore button (if any) is named "restore"."""
    text = (f"The data file {path} was changed outside nato_desk: its contents no longer match the "
            "checksum nato_desk saved with them. Its figures, positions or quotes may not be the ones "
            "you saved.")
    if backup is not None:
        text += (f"\n\nYou can restore the newest good backup (taken {_when(backup)}; changes after it "
                 "would be missing, and the changed file is kept beside it), or open the changed file "
                 "read-only to look at it.")
    else:
        text += "\n\nThere is no good backup to restore; the changed file can be opened read-only."
    box = QMessageBox(QMessageBox.Icon.Warning, "Data changed outside nato_desk", text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # the path comes from outside
    if backup is not None:
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore")
    look = box.addButton("Open read-only", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(look)  # the choice that changes nothing
    box.setEscapeButton(look)
    return box


def ask_about_changed_file(path: Path, backup: Backup | None) -> bool:
    """True to restore ``backup``, False to open the changed file read-only."""
    box = changed_file_box(path, backup)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "restore"
