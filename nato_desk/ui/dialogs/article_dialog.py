"""The article review: the article with each proposal highlighted, the proposals, the source, Apply.

Left, the article as PLAIN text (a read-only ``QPlainTextEdit``, never HTML),
each visible proposal highlighted with an extra selection (quotes yellow,
claims blue, fragments grey; the selected one stronger and scrolled to).
Right, the source form (publisher, title, date, URL, prefilled from the
article's metadata; publisher and title required), the proposals
(``ArticleProposalModel``: accept, kind, speaker, ally, year, confidence,
reason; "Show fragments" reveals scare quotes), a form editing the selected
proposal (text span from the article's selection, speaker, ally, year or
date, a claim stored as plan point or note; Reject unticks it; "Add to
directory…" for a quote whose speaker the leaders directory does not know,
see ``leader_dialog``: the speaker's quotes take the new ally and role at
once, and Apply adds the ``Leader`` in the same ChangeSet), and a line
saying what Apply stores. Apply builds one ChangeSet with
``store_plan.plan_import`` and submits it through the editor: one undoable
step, one history entry. A refusal is said in a plain-text message box and
nothing is stored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from nato_desk import palette
from nato_desk.domain import (
    NATO_ID,
    Change,
    Leader,
    ValidationError,
    parse_partial_date,
)
from nato_desk.ingest.articles.model import Extraction
from nato_desk.ingest.articles.new_leaders import NewLeader, role_words
from nato_desk.ingest.articles.store_plan import (
    ArticleSource,
    ImportPlan,
    plan_import,
    view_of,
)
from nato_desk.store import Store
from nato_desk.ui.article_model import ArticleProposalModel, ProposalColumn, ProposalRow
from nato_desk.ui.dialogs.base import today
from nato_desk.ui.dialogs.leader_dialog import NewLeaderDialog
from nato_desk.ui.plain_text import plain_label

__all__ = ["HIGHLIGHTS", "ArticleReviewDialog"]

Submit = Callable[[Change], "str | None"]

HIGHLIGHTS = {"quote": "#fff1a8", "claim": "#cfe6ff", "fragment": "#e4e4e4"}
"""Background of each accepted proposal in the article (the selected one is drawn stronger; one
not accepted is underlined with dots instead)."""
_SELECTED = {"quote": "#f5c842", "claim": "#7fb8f0", "fragment": "#b8b8b8"}
_NO_YEAR = 0  # the year box's "unknown" (its special value text)


class ArticleReviewDialog(QDialog):
    def __init__(self, store: Store, extraction: Extraction, submit: Submit, name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._extraction, self._submit = store, extraction, submit
        article = extraction.article
        self.setWindowTitle(f"Import article: {name or article.title or 'pasted text'}")
        self.applied = ""  # the change's label once stored
        self.plan: ImportPlan | None = None
        self.last_message: QMessageBox | None = None
        names = {m.iso3: m.name for m in store.members()} | {NATO_ID: "NATO"}
        self._names = names
        self.new_leaders: list[NewLeader] = []  # added to the directory by Apply, in its ChangeSet
        # Replaceable in tests, like ArticleActions.exec_dialog.
        self.exec_leader_dialog: Callable[[NewLeaderDialog], int] = lambda dialog: dialog.exec()

        self.article_view = QPlainTextEdit()
        self.article_view.setReadOnly(True)
        self.article_view.setPlainText(article.text)  # plain text: the page's markup never renders
        self.article_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        repeated = article.repeated
        about = f"{len(article.paragraphs)} distinct paragraphs" + (
            f"; {repeated} repeated paragraph{'s' * (repeated != 1)} shown once" if repeated else "")
        self.article_note = plain_label(about)

        # --- source
        self.publisher = QLineEdit(article.outlet)
        self.title = QLineEdit(article.title)
        self.date = QLineEdit(article.published)
        self.date.setPlaceholderText("YYYY-MM-DD, YYYY-MM or YYYY as published")
        self.url = QLineEdit(article.url)
        self.url.setPlaceholderText("https://…")
        self.publisher.setPlaceholderText("required: who published it")
        self.title.setPlaceholderText("required")
        source_box = QGroupBox("Source (confirm before storing)")
        source_form = QFormLayout(source_box)
        for label, widget in (("Publisher", self.publisher), ("Title", self.title), ("Date", self.date),
                              ("URL", self.url)):
            source_form.addRow(label, widget)

        # --- proposals
        self.model = ArticleProposalModel(extraction, store.quotes(), names, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in ProposalColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProposalColumn.TEXT, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ProposalColumn.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ProposalColumn.TEXT, 220)
        self.show_fragments = QCheckBox("Show fragments (scare quotes, phrases in reported speech)")
        self.reject_button = QPushButton("Reject")
        self.reject_button.setToolTip("Untick the selected proposal: it will not be stored")

        # --- edit form
        self.edit_text = QLineEdit()
        self.use_selection = QPushButton("Use the article's selection")
        self.use_selection.setToolTip("Select words in the article, then click: they become the proposal's text")
        self.edit_speaker = QLineEdit()
        self.add_leader = QPushButton("Add to directory…")
        self.add_leader.setToolTip("The speaker is not in the leaders directory: add them, with their ally "
                                   "and role, citing this article")
        self.add_leader.setEnabled(False)
        self.edit_ally = QComboBox()
        self.edit_ally.addItem("(no ally)", None)
        self.edit_ally.addItem("NATO", NATO_ID)
        for iso3, ally in sorted(names.items(), key=lambda kv: kv[1]):
            if iso3 != NATO_ID:
                self.edit_ally.addItem(f"{ally} ({iso3})", iso3)
        self.edit_year = QSpinBox()
        self.edit_year.setRange(_NO_YEAR, 2100)
        self.edit_year.setSpecialValueText("unknown")
        self.edit_date = QLineEdit()
        self.edit_date.setPlaceholderText("the day of the remark, only if known")
        self.store_as = QComboBox()
        self.store_as.addItem("National plan point", True)
        self.store_as.addItem("Note on the ally's position", False)
        edit_box = QGroupBox("Selected proposal")
        edit_form = QFormLayout(edit_box)
        text_row = QHBoxLayout()
        text_row.addWidget(self.edit_text, 1)
        text_row.addWidget(self.use_selection)
        edit_form.addRow("Text", text_row)
        speaker_row = QHBoxLayout()
        speaker_row.addWidget(self.edit_speaker, 1)
        speaker_row.addWidget(self.add_leader)
        edit_form.addRow("Speaker", speaker_row)
        edit_form.addRow("Ally", self.edit_ally)
        edit_form.addRow("Year", self.edit_year)
        edit_form.addRow("Date said", self.edit_date)
        edit_form.addRow("Store claim as", self.store_as)
        self.edit_box = edit_box
        self.edit_box.setEnabled(False)

        self.summary = plain_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("Apply: store accepted")

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(source_box)
        tools = QHBoxLayout()
        tools.addWidget(self.show_fragments, 1)
        tools.addWidget(self.reject_button)
        rlay.addLayout(tools)
        rlay.addWidget(self.table, 1)
        rlay.addWidget(edit_box)
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.addWidget(self.article_view, 1)
        llay.addWidget(self.article_note)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 760])  # the article readable beside the proposals at 1280 wide
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self.show_fragments.toggled.connect(self._on_fragments_toggled)
        self.reject_button.clicked.connect(self._on_reject_clicked)
        self.use_selection.clicked.connect(self._on_use_selection)
        self.add_leader.clicked.connect(self.add_to_directory)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.acceptance_changed.connect(self._refresh)
        self.model.modelReset.connect(self._refresh)
        for line in (self.publisher, self.title, self.date, self.url):
            line.textChanged.connect(self._refresh_summary)
        self.edit_text.editingFinished.connect(self._write_back)
        self.edit_speaker.editingFinished.connect(self._write_back)
        self.edit_date.editingFinished.connect(self._write_back)
        self.edit_ally.currentIndexChanged.connect(lambda _i: self._write_back())
        self.edit_year.valueChanged.connect(lambda _v: self._write_back())
        self.store_as.currentIndexChanged.connect(lambda _i: self._write_back())
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self._editing = False
        self._refresh()

    # ------------------------------------------------------------ selection and highlights
    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        row = self.current_row()
        self.edit_box.setEnabled(row >= 0)
        self._editing = True  # filling the form is not an edit
        try:
            if row >= 0:
                r = self.model.row_at(row)
                self.edit_text.setText(r.text)
                self.edit_speaker.setText(r.speaker)
                self.edit_speaker.setEnabled(r.kind != "claim")
                self.edit_ally.setCurrentIndex(max(0, self.edit_ally.findData(r.iso3)))
                self.edit_year.setValue(r.year or _NO_YEAR)
                self.edit_year.setEnabled(r.kind == "claim")
                self.edit_date.setText(r.date)
                self.edit_date.setEnabled(r.kind != "claim")
                self.store_as.setCurrentIndex(0 if r.as_plan else 1)
                self.store_as.setEnabled(r.kind == "claim")
                self.add_leader.setEnabled(r.unresolved)
                cursor = self.article_view.textCursor()
                cursor.setPosition(r.start)
                self.article_view.setTextCursor(cursor)
                self.article_view.ensureCursorVisible()
        finally:
            self._editing = False
        self._highlight()

    def add_to_directory(self) -> bool:
        """The selected quote's unknown speaker added (at Apply); their quotes re-attributed now."""
        row = self.current_row()
        if row < 0 or not self.model.row_at(row).unresolved:
            return False
        r = self.model.row_at(row)
        source = self.source_fields()
        about = f"{source.publisher or 'publisher not entered'}: {source.title or 'title not entered'}"
        # Added too are the ones pending in this review: the same person is not added twice.
        pending = [Leader(f"not stored yet ({i + 1})", d.name, d.aliases, d.iso3, d.role)
                   for i, d in enumerate(self.new_leaders)]
        dialog = NewLeaderDialog(r.speaker, r.iso3, r.role, self._names, [*self._store.leaders(), *pending],
                                 f"this article ({about}), stored with it", self)
        try:
            if self.exec_leader_dialog(dialog) != QDialog.DialogCode.Accepted or dialog.leader is None:
                return False
            leader = dialog.leader
        finally:
            dialog.deleteLater()
        self.new_leaders.append(leader)
        self.model.reattribute([r.speaker, leader.name, *leader.aliases], leader.iso3, role_words(leader.role),
                               leader.name)
        self._on_selection_changed(QItemSelection(), QItemSelection())  # the form shows the new ally
        return True

    def _highlight(self) -> None:
        selected = self.current_row()
        selections = []
        for i, r in enumerate(self.model.rows):
            fmt = QTextCharFormat()
            if r.accepted or i == selected:
                fmt.setBackground(QColor((_SELECTED if i == selected else HIGHLIGHTS)[r.kind]))
                # The fills are pale in every theme: their text stays paper-dark (a dark
                # theme's light text vanished on them).
                fmt.setForeground(QColor(palette.TEXT))
            else:  # proposed but not to be stored: marked, not filled
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(_SELECTED[r.kind]))
            extra = QTextEdit.ExtraSelection()
            extra.format = fmt
            cursor = QTextCursor(self.article_view.document())
            cursor.setPosition(r.start)
            cursor.setPosition(r.end, QTextCursor.MoveMode.KeepAnchor)
            extra.cursor = cursor
            selections.append(extra)
        self.article_view.setExtraSelections(selections)

    # ------------------------------------------------------------ edits
    def _on_fragments_toggled(self, show: bool) -> None:
        self.model.set_show_fragments(show)

    def _on_reject_clicked(self) -> None:
        row = self.current_row()
        if row >= 0:
            self.model.set_accepted(row, False)

    def _on_use_selection(self) -> None:
        cursor = self.article_view.textCursor()
        row = self.current_row()
        if row < 0 or not cursor.hasSelection():
            return
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        text = self.article_view.toPlainText()[start:end]
        self.edit_text.setText(text)
        self.model.update_row(row, text=text, start=start, end=end)

    def _write_back(self) -> None:
        row = self.current_row()
        if self._editing or row < 0:
            return
        r = self.model.row_at(row)
        changes: dict[str, object] = {"iso3": self.edit_ally.currentData()}
        text = self.edit_text.text()
        if text != r.text:
            at = self._extraction.article.text.find(text)
            changes["text"] = text
            if at >= 0:  # the span follows the text when the article holds it
                changes["start"], changes["end"] = at, at + len(text)
        if r.kind == "claim":
            changes["year"] = self.edit_year.value() or None
            changes["as_plan"] = bool(self.store_as.currentData())
        else:
            changes["speaker"] = self.edit_speaker.text().strip()
            changes["date"] = self.edit_date.text().strip()
        self.model.update_row(row, **changes)

    # ------------------------------------------------------------ summary and apply
    def source_fields(self) -> ArticleSource:
        return ArticleSource(publisher=self.publisher.text().strip(), title=self.title.text().strip(),
                             date=self.date.text().strip(), url=self.url.text().strip())

    def _refresh(self) -> None:
        self._highlight()
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        source = self.source_fields()
        if not source.publisher or not source.title:
            self.summary.setText("Enter the source's publisher and title to store anything.")
            self.apply_button.setEnabled(False)
            return
        try:
            plan = self._plan()
        except ValueError as exc:
            self.summary.setText(str(exc))
            self.apply_button.setEnabled(False)
            return
        text = plan.summary if plan.change is not None else "Nothing new to store."
        if plan.skipped:
            text += "\n" + "\n".join(f"Left out: {s.what} {s.why}." for s in plan.skipped[:4])
            if len(plan.skipped) > 4:
                text += f"\n… and {len(plan.skipped) - 4} more."
        self.summary.setText(text)
        self.apply_button.setEnabled(plan.change is not None)

    def _plan(self) -> ImportPlan:
        return plan_import(self._extraction.article, self.source_fields(), self.model.accepted_quotes(),
                           self.model.accepted_claims(), view_of(self._store, today().replace("-", "")),
                           self.new_leaders)

    def _tell(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message quotes the article
        box.open()
        self.last_message = box

    def apply(self) -> bool:
        """Store the accepted proposals as one undoable step; True when stored."""
        source = self.source_fields()
        if source.date:
            try:
                parse_partial_date(source.date)
            except ValueError as exc:
                self._tell("Not stored", f"The source's date is not valid: {exc}.\n\nNothing was stored.")
                return False
        try:
            plan = self._plan()
        except ValueError as exc:
            self._tell("Not stored", f"{exc}.\n\nNothing was stored.")
            return False
        if plan.change is None:
            self._tell("Nothing to store", "Nothing new to store: every accepted proposal is already in the "
                       "store or was left out.\n\n" + "\n".join(f"{s.what} {s.why}." for s in plan.skipped))
            return False
        try:
            problem = self._submit(plan.change)
        except ValidationError as exc:
            problem = str(exc)
        if problem:
            self._tell("Not stored", f"{problem}\n\nNothing was stored.")
            return False
        self.plan = plan
        self.applied = plan.change.label
        self.accept()
        return True

    def proposal(self, row: int) -> ProposalRow:
        return self.model.row_at(row)
