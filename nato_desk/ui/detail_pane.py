"""The detail pane: one ally's figures, position and quotes, with sources.

Everything shown here is imported text, so every label is a ``plain_label``.
Sources are named by the original they cite (``export.citations``); a copy
or transcription appears only as "Read at … via …" under it.
The pane reads the store for the member, edition and measure it is told
about; it never writes. Figures and gaps are in the measure's terms (gaps
only where the measure has a target; the "Path to 2035" box only for shares
of GDP).

Side by side, the figures and position column and the quotes need about
``SIDE_BY_SIDE_WIDTH`` pixels; below that the quotes move under the
position and the pane scrolls down, never sideways (quotes were cut on the
right at 1280x800).

A position summary is the reference's text, never edited; where it quotes
a figure ("4.48% of GDP in 2025e") a line under it says which year and
edition the figure is from and what the edition on show says
(``analysis.narrative``), so the July 2026 pane never presents the August
2025 figure as its own. The stance badge tells exempt (Iceland, grey, "no
armed forces") from opposing (``analysis.stance``), and Path to 2035 says
when the ally has not committed to the target (Spain).

A switch of ally (issue 14) is laid out before ``show_member`` returns
(``one_pass.lay_out_now``), so it is painted once, whole; nothing is laid out
while the texts change and rows show or hide (``one_pass.held_layouts``), and
a wrapped label's text is measured once for every label showing it
(``plain_text.WrapLabel``); the pane's widgets are read once for every
switch's hold and layout (``one_pass.Tree``). The labels are plain until the pointer is over one
(``hover_select``: selectable labels lay text out at several times the cost).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QListView,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nato_desk.analysis import (
    format_figure,
    format_gap,
    latest_figure,
    missing_years,
    target_value,
)
from nato_desk.analysis.figures import (
    gap_target,
    has_defence_series,
    measure_words,
    of_measure,
)
from nato_desk.analysis.narrative import date_figures, dating_line
from nato_desk.analysis.stance import commitment_note, stance_badge
from nato_desk.domain import (
    NATO_ID,
    Edition,
    Measure,
    Member,
    Observation,
    Position,
    Quote,
)
from nato_desk.export.citations import read_at_text
from nato_desk.store import Store
from nato_desk.ui.edition_facts import facts_for
from nato_desk.ui.figures_panel import FiguresPanel
from nato_desk.ui.hover_select import select_on_hover
from nato_desk.ui.long_text import LongLabel, show_full_text
from nato_desk.ui.one_pass import Tree, finish_layout, held_layouts, lay_out_now, settle_with
from nato_desk.ui.plain_text import LIST_CHARS, plain_label, widget_shortcut
from nato_desk.ui.quote_model import QuoteListModel, quote_text
from nato_desk.ui.required_path import RequiredPathBox
from nato_desk.ui.source_view import SourceView, source_line
from nato_desk.ui.stance_badge import StanceBadge

__all__ = ["SIDE_BY_SIDE_WIDTH", "DetailPane"]

SIDE_BY_SIDE_WIDTH = 860
"""Narrower than this (the pane's visible width), the quotes stack under the position."""


def _button(text: str, name: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.clicked.connect(slot)
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


class _WrapToViewDelegate(QStyledItemDelegate):
    """Rows as wide as the list and as tall as their wrapped text.

    Qt's own hint wraps the text to the list's width and then adds the text
    margins, so a line that nearly fills the row ran a few pixels past the
    right edge (and was cut there).

    A row's height is measured once per text, font and width: the list lays
    its rows out again whenever its height changes (the quote source under
    it grows or shrinks with each ally), and wrapping every quote anew each
    time was a good part of a switch.
    """

    HEIGHTS_KEPT = 2000  # rows remembered (a few widths of every ally's quotes); then forgotten

    def __init__(self, parent: QListView) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[int, str, str], int] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        if not isinstance(view, QListView):
            return super().sizeHint(option, index)
        width = max(view.viewport().width() - 2 * view.spacing(), 40)
        key = (width, option.font.key(), str(index.data(Qt.ItemDataRole.DisplayRole)))
        height = self._heights.get(key)
        if height is None:
            # Qt's style wraps at the option's width less the text margins: ask it at the row's width.
            wrapped = QStyleOptionViewItem(option)
            wrapped.rect = QRect(0, 0, width, max(option.rect.height(), 1))
            height = super().sizeHint(wrapped, index).height()
            if len(self._heights) >= self.HEIGHTS_KEPT:
                self._heights.clear()
            self._heights[key] = height
        return QSize(width, height)


class _Body(QWidget):
    """The scrolled body; while ``held`` it answers a width's height once.

    The scroll area asks the body's height for its width four times in one
    layout of a switch (when it takes the layout request, again when it has
    resized the body, ...), and each answer measured every layout and label in
    the body anew. Within one layout (``DetailPane._lay_out``) nothing in the
    body changes, so the first answer serves.
    """

    def __init__(self) -> None:
        super().__init__()
        self.held: dict[int, int] | None = None

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        held = self.held
        if held is None:
            return super().heightForWidth(width)
        height = held.get(width)
        if height is None:
            height = held[width] = super().heightForWidth(width)
        return height


class DetailPane(QScrollArea):
    """Shows the member set with ``show_member`` in the edition set with ``set_edition``.

    Signals:
        quote_add_requested(): add a quote for the member shown.
        quote_edit_requested(object): edit this Quote.
        quote_delete_requested(object): delete this Quote.
        position_change_requested(): record a new position for the member shown.
        source_requested(str): show this source and what cites it.
    """

    quote_add_requested = Signal()
    quote_edit_requested = Signal(object)
    quote_delete_requested = Signal(object)
    position_change_requested = Signal()
    source_requested = Signal(str)

    def __init__(self, store: Store, edition: str, parent: QWidget | None = None, *,
                 measure: Measure | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._edition = edition
        self._measure = self._resolve(edition, measure)
        self._iso3: str | None = None
        self._editable = not store.read_only
        self._latest_source_id: str | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName("Member details")

        body = _Body()
        self._body = body
        layout = QVBoxLayout(body)
        self._body_layout = layout
        self._name = LongLabel("Ally name", limit=LIST_CHARS, wrap=False)
        self._name.setAccessibleName("Member name")
        font = QFont(self._name.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._name.setFont(font)
        self._facts = LongLabel("Ally facts")
        self._facts.setAccessibleName("Member facts")
        layout.addWidget(self._name)
        layout.addWidget(self._facts)

        figures = QGroupBox("Spending")
        fl = QVBoxLayout(figures)
        self._latest = plain_label(measure_once=True)
        self._latest.setAccessibleName("Latest figure")
        self._gaps = plain_label(measure_once=True)
        self._gaps.setAccessibleName("Gaps to targets")
        self._missing = plain_label(measure_once=True)
        self._missing.setAccessibleName("Missing figures")
        self._missing.setObjectName("gapNote")
        self._figure_source = LongLabel("Figure source")
        self._figure_source.setAccessibleName("Figure source")
        self._figure_source_button = QPushButton("Source details…")
        self._figure_source_button.setAccessibleName("Show figure source")
        self._figure_source_button.clicked.connect(self._on_figure_source_clicked)
        for w in (self._latest, self._gaps, self._missing, self._figure_source):
            fl.addWidget(w)
        fl.addWidget(self._figure_source_button, 0, Qt.AlignmentFlag.AlignLeft)
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns = columns
        left = QVBoxLayout()
        left.addWidget(figures)
        self.required_path = RequiredPathBox()
        left.addWidget(self.required_path)

        position = QGroupBox("Position on the Hague commitment")
        pl = QVBoxLayout(position)
        self._stance = StanceBadge()
        self._stance.setAccessibleName("Stance")
        self._summary = LongLabel("Position summary")
        self._summary.setAccessibleName("Position summary")
        # The summary's figures dated: year and edition, and what the edition on show says.
        self._summary_figures = plain_label(measure_once=True)
        self._summary_figures.setAccessibleName("Figures in the summary")
        self._summary_figures.setObjectName("gapNote")
        self._position_sources = LongLabel("Position sources")
        self._position_sources.setAccessibleName("Position sources")
        self._earlier_positions = LongLabel("Earlier positions")
        self._earlier_positions.setAccessibleName("Earlier positions")
        for w in (self._stance, self._summary, self._summary_figures, self._position_sources,
                  self._earlier_positions):
            pl.addWidget(w)
        pl.setAlignment(self._stance, Qt.AlignmentFlag.AlignLeft)
        self.position_button = _button("Change position…", "Change position",
                                       self.position_change_requested.emit)
        self.position_source_button = _button("Show source", "Show position source",
                                              self._on_position_source_clicked)
        pl.addLayout(_row(self.position_button, self.position_source_button))
        left.addWidget(position)
        left.addStretch(1)
        columns.addLayout(left, 1)

        quotes = QWidget()
        ql = QVBoxLayout(quotes)
        self.quote_model = QuoteListModel(store, self)
        self.quotes = QListView()
        self.quotes.setAccessibleName("Quotes")
        self.quotes.setModel(self.quote_model)
        self.quotes.setWordWrap(True)
        # Quotes wrap to the list's width whenever it changes, never run off to the right.
        self.quotes.setResizeMode(QListView.ResizeMode.Adjust)
        self.quotes.setItemDelegate(_WrapToViewDelegate(self.quotes))
        self.quotes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.quotes.setUniformItemSizes(False)
        self.quotes.setAlternatingRowColors(True)
        self.quotes.setSpacing(2)
        self.quotes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.quotes.setMinimumHeight(180)
        self.quotes.selectionModel().selectionChanged.connect(self._on_quotes_selection_changed)
        self._no_quotes = plain_label(measure_once=True)
        self._no_quotes.setAccessibleName("No quotes")
        self.quote_source = SourceView()
        self.quote_source.setAccessibleName("Quote source")
        widget_shortcut(self.quotes, "Return", self._on_quote_edit_clicked)
        widget_shortcut(self.quotes, QKeySequence.StandardKey.Delete, self._on_quote_delete_clicked)
        self.quote_add_button = _button("Add…", "Add quote", self.quote_add_requested.emit)
        self.quote_edit_button = _button("Edit…", "Edit quote", self._on_quote_edit_clicked)
        self.quote_delete_button = _button("Delete", "Delete quote", self._on_quote_delete_clicked)
        self.quote_cited_button = _button("Show source", "Show quote source",
                                          self._on_quote_source_clicked)
        # The list shows a long quote's start; its whole text is one click away.
        self.quote_full_button = _button("Full text…", "Show full quote", self._on_quote_full_clicked)
        self.quote_viewer: QWidget | None = None
        ql.addWidget(self.quotes, 1)
        ql.addWidget(self._no_quotes)
        ql.addLayout(_row(self.quote_add_button, self.quote_edit_button, self.quote_delete_button,
                          self.quote_cited_button, self.quote_full_button))
        ql.addWidget(plain_label("Source of the selected quote:", measure_once=True))
        ql.addWidget(self.quote_source)
        self.figures = FiguresPanel(store)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Quotes and figures")
        self.tabs.addTab(quotes, "Quotes (newest first)")
        self.tabs.addTab(self.figures, "Figures")
        columns.addWidget(self.tabs, 1)
        layout.addLayout(columns, 1)

        # The figure's source in full, under "Source details…": made when first asked for.
        self._figures_layout = fl
        self._figure_source_view: SourceView | None = None

        self.setWidget(body)
        # The body's widgets, read once for every switch's hold and layout (one_pass.Tree).
        self._tree = Tree(body)
        # Plain until hovered: selectable labels lay their text out at several times the cost.
        select_on_hover(body)
        # Laid out with the rest of a change of ally (one_pass), not in later loop turns:
        # the pane's scroll bars show or hide in a queued call, the quotes' rows on a timer.
        settle_with(self)
        settle_with(self.quotes)
        self.show_member(None)

    @property
    def figure_source(self) -> SourceView:
        """The latest figure's source in full ("Source details…"), hidden until asked for.

        Made on first use (a SourceView is some fifty widgets, most of a start-up's
        pane), in its place under the button and next to it in the Tab order.
        """
        if self._figure_source_view is None:
            view = SourceView()
            view.setAccessibleName("Figure source details")
            view.hide()
            self._figures_layout.addWidget(view)
            select_on_hover(view)
            previous: QWidget = self._figure_source_button
            for child in view.findChildren(QWidget):
                if child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    QWidget.setTabOrder(previous, child)
                    previous = child
            self._figure_source_view = view
            self._tree.read()  # held and laid out with the rest from now on
        return self._figure_source_view

    @property
    def stacked(self) -> bool:
        """Whether the quotes are under the position (a narrow pane) rather than beside it."""
        return self._columns.direction() == QBoxLayout.Direction.TopToBottom

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        narrow = event.size().width() < SIDE_BY_SIDE_WIDTH
        if narrow != self.stacked:
            self._columns.setDirection(QBoxLayout.Direction.TopToBottom if narrow
                                       else QBoxLayout.Direction.LeftToRight)
            # Laid out now, not at the next event loop turn: nothing is drawn or
            # clicked in the old arrangement.
            self._body_layout.activate()
        super().resizeEvent(event)

    # public API ---------------------------------------------------------

    @property
    def iso3(self) -> str | None:
        return self._iso3

    @property
    def measure(self) -> Measure:
        return self._measure

    def _resolve(self, edition: str, measure: Measure | None) -> Measure:
        if measure is not None:
            return measure
        record = self._store.get(Edition, edition)
        return record.measure if record else Measure.PCT_GDP

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Show ``edition`` in ``measure`` (``None``: the edition's headline measure)."""
        self._edition = edition
        self._measure = self._resolve(edition, measure)
        self.show_member(self._iso3)

    def set_measure(self, measure: Measure) -> None:
        self.set_edition(self._edition, measure)

    def set_editable(self, editable: bool) -> None:
        """A read-only store shows no edit buttons as usable."""
        self._editable = editable
        self.show_member(self._iso3)

    def current_quote(self) -> Quote | None:
        index = self.quotes.currentIndex()
        return self.quote_model.quote_at(index.row()) if index.isValid() else None

    def show_member(self, iso3: str | None) -> None:
        # Nothing is laid out while the texts change and rows show or hide (each row
        # shown laid its ancestors out at their old sizes); all of it once, after.
        with held_layouts(self._body, self._tree):
            self._fill(iso3)
        self._lay_out()

    def _lay_out(self) -> None:
        """Lay the new texts out now, in one pass (``one_pass.lay_out_now``), and size the
        body to them: left to the queued layout requests, each level of nesting took a
        round, and the body kept its old height meanwhile, squeezing or stretching what
        it holds (buttons below their height, the quotes list taller for a round)."""
        if not self.isVisible():
            return  # laid out when first shown
        lay_out_now(self._body, self._tree)
        self._body.held = {}
        try:
            # The scroll area sizes the body on a layout request: sent now, not queued.
            QApplication.sendEvent(self, QEvent(QEvent.Type.LayoutRequest))
            self._body_layout.activate()
        finally:
            self._body.held = None
        finish_layout(self._body, self._tree)
        # Laid out, the body told the scroll area its hint may have changed (a request
        # queued to the viewport) and itself that its layout is to be done: the body was
        # sized from that very hint above and its layout is done. Answered in the next
        # round, the scroll area measured the whole body again (its layouts' answers were
        # dropped when they were activated) for the same size: some fifty label heights
        # a switch, for nothing (issue 14).
        QCoreApplication.removePostedEvents(self.viewport(), QEvent.Type.LayoutRequest)
        QCoreApplication.removePostedEvents(self._body, QEvent.Type.LayoutRequest)

    def _fill(self, iso3: str | None) -> None:
        self._iso3 = iso3
        is_member = iso3 is not None and self._store.member(iso3) is not None
        for button in (self.quote_add_button, self.quote_edit_button, self.quote_delete_button,
                       self.position_button):
            button.setEnabled(self._editable and (is_member or iso3 == NATO_ID))
        self.figures.set_member(iso3 if is_member else None, self._edition,
                                editable=self._editable)
        if iso3 == NATO_ID:
            self._show_alliance()
            return
        member = self._store.member(iso3) if iso3 else None
        if member is None:
            self._name.setText("No ally selected")
            self._facts.setText("Choose an ally in the list.")
            for w in (self._latest, self._gaps, self._missing, self._figure_source,
                      self._stance, self._summary, self._position_sources, self._no_quotes):
                w.setText("")
            self.quote_model.set_member(None)
            self.quote_source.set_source(None)
            self._figure_source_button.setEnabled(False)
            self._summary_figures.setText("")
            self.required_path.set_commitment("", update=False)
            self.required_path.show_points([], [], self._measure)
            return
        position = self._store.position(member.iso3)
        # What shows or hides goes first: Qt lays out every ancestor of a widget it shows
        # there and then, which costs little before the other texts change.
        # Its paths are worked out once, by _show_figures below.
        self.required_path.set_commitment(commitment_note(position, member), update=False)
        self._show_quotes(member.iso3)
        self._name.setText(member.name)
        self._facts.setText(
            f"{member.official_name} ({member.iso3}) · {member.region} · "
            f"member since {member.accession_year}"
        )
        self._show_figures(member)
        self._show_position(position, member)

    def _show_alliance(self) -> None:
        """NATO itself: the Secretary General's position and quotes; no figures."""
        self.required_path.set_commitment("", update=False)
        self.required_path.show_points([], [])
        self._name.setText("NATO")
        self._facts.setText("The Alliance as a whole: the Secretary General's position and quotes.")
        self._latest.setText("NATO-wide totals are not in the shipped series, which hold allies only.")
        for w in (self._gaps, self._missing, self._figure_source):
            w.setText("")
        self._figure_source_button.setEnabled(False)
        if self._figure_source_view is not None:
            self._figure_source_view.hide()
        self._show_position(self._store.position(NATO_ID))
        self._show_quotes(NATO_ID)

    def _show_quotes(self, iso3: str) -> None:
        self.quote_model.set_member(iso3)
        count = self.quote_model.rowCount()
        if self._no_quotes.isHidden() == (count == 0):
            self._no_quotes.setVisible(count == 0)
        self._no_quotes.setText("" if count else "No quote from this ally's leaders in the sources.")
        if count:
            # A new ally's list starts at its top: scrolling to its first quote would lay
            # every row out at the list's old size first, for nothing (issue 14).
            self.quotes.setAutoScroll(False)
            self.quotes.setCurrentIndex(self.quote_model.index(0, 0))
            self.quotes.setAutoScroll(True)
        else:
            self.quote_source.set_source(None)

    # sections -----------------------------------------------------------

    def _edition_record(self) -> Edition | None:
        return self._store.get(Edition, self._edition)

    def _show_figures(self, member: Member) -> None:
        edition = self._edition_record()
        edition_text = f"{edition.label} edition, {edition.title}" if edition else self._edition
        measure = self._measure
        points = of_measure(self._store.observations(iso3=member.iso3, edition=self._edition), measure)
        self.required_path.show_points(points, self._store.targets(), measure)
        latest = latest_figure(points)
        if self._figure_source_view is not None:
            self._figure_source_view.hide()
        self._latest_source_id = latest.source_id if latest else None
        if latest is None or latest.value is None:
            # The member's notes say why it has no defence series at all (Iceland, whose GDP
            # alone NATO gives); any other ally's notes explain nothing here.
            why = (member.notes if member.notes and not points
                   and not has_defence_series(self._store.observations(iso3=member.iso3)) else "")
            self._latest.setText(f"No figure for {measure_words(measure)} in the {edition_text}."
                                 + (f"\n{why}" if why else ""))
            self._gaps.setText("")
            self._figure_source.setText("")
            self._figure_source_button.setEnabled(False)
            self._missing.setText(self._missing_text(points))
            return
        # Ranks and years are edition-wide: worked out once per save, not per ally.
        place = facts_for(self._store, self._edition, measure).standing(latest.year, latest.iso3)
        rank_text = ""
        if place is not None:
            rank, count, shared = place
            rank_text = f"; {'joint ' if shared else ''}rank {rank} of {count} in {latest.year}"
        self._latest.setText(
            f"Latest: {format_figure(latest)}, {measure.label}{rank_text}\n"
            f"{edition_text}" + (f"\nNote: {latest.note}" if latest.note else "")
        )
        self._gaps.setText(self._gaps_text(latest.value, latest.decimals))
        source = self._store.source(latest.source_id)
        read_at = read_at_text(source) if source else ""
        # The original is the source; a copy or transcription only says where it was read.
        self._figure_source.setText(
            f"Source: {source_line(source, latest.source_id)}" + (f"\n{read_at}" if read_at else "")
        )
        self._figure_source_button.setEnabled(True)
        self._missing.setText(self._missing_text(points))

    def _gaps_text(self, value: float, decimals: int) -> str:
        """Gaps in the measure's terms: to 3.5% core and 5% total for a share of GDP,
        to 20% for the equipment share; a plain note where no target applies."""
        targets = self._store.targets()
        if self._measure.info.is_share_of_gdp and gap_target(targets, self._measure) is not None:
            core = target_value(targets, "HAGUE_CORE")
            total = target_value(targets, "HAGUE_TOTAL")
            return (f"Gap to {core:g}% core: {format_gap(value, core, decimals)}\n"
                    f"Gap to {total:g}% total: {format_gap(value, total, decimals)}")
        target = gap_target(targets, self._measure)
        if target is None:
            return f"No target applies to {measure_words(self._measure)}: no gap to show."
        return f"Gap to the {target.label}: {format_gap(value, target.value, decimals)}"

    def _missing_text(self, points: list[Observation]) -> str:
        """Years this edition covers but not for this ally, and what other editions say.

        Editions are never spliced into the line, but an analyst should know
        that a later release does give a figure for the year.
        """
        if not points:
            return ""
        years = facts_for(self._store, self._edition, self._measure).years
        gaps = {gap.year: gap.reason for gap in missing_years(points, years)}
        if not gaps:
            return ""  # most allies: no need to look through the ally's other editions
        # NATO's headline moved from the share of GDP to the core share in 2026: what a
        # later edition gives for the year is worth naming across that change, never for
        # another kind of measure.
        headline = {Measure.PCT_GDP, Measure.CORE_PCT_GDP}
        others = [o for o in self._store.observations(iso3=points[0].iso3)
                  if o.edition != self._edition and o.value is not None
                  and (o.measure is self._measure or {o.measure, self._measure} <= headline)]
        lines = []
        for year, reason in sorted(gaps.items()):
            lines.append(f"Gap — {year}: {reason}")
            for other in others:
                if other.year == year:
                    edition = self._store.get(Edition, other.edition)
                    name = f"{edition.label} edition" if edition else other.edition
                    lines.append(f"    {name} gives {format_figure(other)} (not mixed into this line)")
        return "\n".join(lines)

    def _show_position(self, position: Position | None, member: Member | None = None) -> None:
        badge = stance_badge(position, member)
        self._stance.setText(badge.label)
        self._stance.setToolTip(f"Recorded stance: {position.stance.label}" if position else "")
        self._stance.set_kind(badge.kind)
        if position is None:
            self._summary.setText("")
            self._summary_figures.setText("")
            self._position_sources.setText("")
            return
        self._summary.setText(position.summary + (f"\n({position.note})" if position.note else ""))
        figures = date_figures(position, self._store.observations(iso3=position.iso3),
                               self._store.editions(), self._edition)
        self._summary_figures.setText(dating_line(figures, self._edition_record()))
        if self._summary_figures.isHidden() == bool(figures):
            self._summary_figures.setVisible(bool(figures))
        names = [source_line(self._store.source(s), s) for s in position.source_ids]
        self._position_sources.setText("Sources:\n" + "\n".join(f"• {n}" for n in names))
        earlier = [p for p in self._store.positions(position.iso3) if p.id != position.id]
        self._earlier_positions.setText(
            "Earlier positions:\n" + "\n".join(
                f"• {p.since or 'at the Hague summit'}: {p.stance.label} — {p.summary}"
                for p in reversed(earlier)) if earlier else "")

    # slots --------------------------------------------------------------

    def _on_quotes_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        indexes = selected.indexes()
        quote = self.quote_model.quote_at(indexes[0].row()) if indexes else None
        self.quote_source.set_source(self._store.source(quote.source_id) if quote else None)

    def _on_quote_edit_clicked(self) -> None:
        quote = self.current_quote()
        if quote is not None and self.quote_edit_button.isEnabled():
            self.quote_edit_requested.emit(quote)

    def _on_quote_delete_clicked(self) -> None:
        quote = self.current_quote()
        if quote is not None and self.quote_delete_button.isEnabled():
            self.quote_delete_requested.emit(quote)

    def _on_quote_full_clicked(self) -> None:
        quote = self.current_quote()
        if quote is not None:
            source = source_line(self._store.source(quote.source_id), quote.source_id)
            self.quote_viewer = show_full_text(self, f"Quote by {quote.speaker}",
                                               quote_text(quote, source))

    def _on_quote_source_clicked(self) -> None:
        quote = self.current_quote()
        if quote is not None:
            self.source_requested.emit(quote.source_id)

    def _on_position_source_clicked(self) -> None:
        position = self._store.position(self._iso3) if self._iso3 else None
        if position is None:
            return
        if len(position.source_ids) == 1:
            self.source_requested.emit(position.source_ids[0])
            return
        # Several sources: let the analyst pick which one to open.
        menu = QMenu(self)
        for sid in position.source_ids:
            action = menu.addAction(source_line(self._store.source(sid), sid))
            action.triggered.connect(lambda _=False, s=sid: self.source_requested.emit(s))
        self.position_menu = menu
        menu.popup(self.position_source_button.mapToGlobal(self.position_source_button.rect().bottomLeft()))

    def _on_figure_source_clicked(self) -> None:
        source_id = self._latest_source_id
        self.figure_source.set_source(self._store.source(source_id) if source_id else None)
        self.figure_source.setVisible(not self.figure_source.isVisible())
