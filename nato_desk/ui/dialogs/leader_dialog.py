"""Add to directory…: the small form for a quoted speaker the leaders directory does not know.

Opened from the article review for a quote whose speaker did not resolve to a
``Leader``: name (prefilled from the quote), aliases (comma or ``|``
separated), ally (members plus NATO), role (the roles data/leaders.csv uses,
or free text), from/to (optional). The source is the article being imported,
which may not be stored yet, so this form stores nothing: OK hands back a
``NewLeader`` (``leader``) once ``new_leaders.check`` finds nothing wrong, and
the review adds it in the import's one ChangeSet. A refusal is said in words
under the form (plain text: the name comes from an article).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nato_desk.domain import NATO_ID, Leader
from nato_desk.ingest.articles.new_leaders import (
    ROLE_WORDS,
    NewLeader,
    check,
    parse_aliases,
    role_id,
)
from nato_desk.ui.plain_text import plain_label

__all__ = ["NewLeaderDialog"]


class NewLeaderDialog(QDialog):
    def __init__(self, speaker: str, iso3: str | None, role: str, names: Mapping[str, str],
                 leaders: Sequence[Leader], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the leaders directory")
        self.leader: NewLeader | None = None
        self._leaders, self._allies = leaders, [c for c in names if c != NATO_ID]
        self.name = QLineEdit(speaker)
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("other spellings, comma or | separated (e.g. the surname)")
        self.ally = QComboBox()
        self.ally.addItem("(pick the ally)", None)
        self.ally.addItem("NATO", NATO_ID)
        for code, ally in sorted(names.items(), key=lambda kv: kv[1]):
            if code != NATO_ID:
                self.ally.addItem(f"{ally} ({code})", code)
        self.ally.setCurrentIndex(max(0, self.ally.findData(iso3)))
        self.role = QComboBox()
        self.role.setEditable(True)  # free text when none of the directory's roles fits
        for rid, words in ROLE_WORDS.items():
            self.role.addItem(words, rid)
        self.role.setCurrentText(role)
        self.start = QLineEdit()
        self.end = QLineEdit()
        for line in (self.start, self.end):
            line.setPlaceholderText("YYYY, YYYY-MM or YYYY-MM-DD; optional")
        self.error = plain_label()
        self.error.setObjectName("errorNote")  # the stylesheet's error colour (palette)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Aliases", self.aliases)
        form.addRow("Ally", self.ally)
        form.addRow("Role", self.role)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Source", plain_label(source))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def draft(self) -> NewLeader:
        typed = self.role.currentText().strip()
        index = self.role.findText(typed)
        role = str(self.role.itemData(index)) if index >= 0 else role_id(typed) if typed else ""
        return NewLeader(" ".join(self.name.text().split()), parse_aliases(self.aliases.text()),
                         self.ally.currentData() or "", role, self.start.text().strip(), self.end.text().strip())

    def _on_ok(self) -> None:
        draft = self.draft()
        problem = check(draft, self._leaders, self._allies)
        if problem:
            self.error.setText(problem)
            return
        self.leader = draft
        self.accept()
