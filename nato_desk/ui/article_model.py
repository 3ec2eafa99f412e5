"""The article review's proposals as a Qt table: accept, kind, speaker, ally, year, confidence, reason.

``ProposalRow`` holds one proposal as the analyst is editing it (text span,
speaker, ally, year, accepted); the extraction itself is never changed.
``ArticleProposalModel`` adapts the rows: every quote and claim is accepted at
first, except a quote the store already holds (marked "already stored as
NATO-07" and unticked) and fragments (scare quotes, phrases inside reported
speech), which are hidden unless ``set_show_fragments(True)`` and never
accepted until ticked. ``accepted_quotes``/``accepted_claims`` give what
``store_plan.plan_import`` takes. Every cell is plain text: it comes from an
article.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from nato_desk.domain import Quote
from nato_desk.ingest.articles.model import ClaimProposal, Extraction, QuoteProposal
from nato_desk.ingest.articles.speakers import fold
from nato_desk.ingest.articles.store_plan import (
    AcceptedClaim,
    AcceptedQuote,
    find_duplicates,
)
from nato_desk.ui.plain_text import elide, tooltip

__all__ = ["ArticleProposalModel", "ProposalColumn", "ProposalRow", "RowRole"]

_INDEX = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1  # the ProposalRow itself


class ProposalColumn(enum.IntEnum):
    ACCEPT = 0
    KIND = 1
    SPEAKER = 2
    ALLY = 3
    YEAR = 4
    CONFIDENCE = 5
    TEXT = 6
    REASON = 7


_HEADERS = ("Accept", "Kind", "Speaker", "Ally", "Year", "Confidence", "Text", "Reason")


@dataclass
class ProposalRow:
    """One proposal as edited in the review (mutable: the form writes into it)."""

    kind: str  # "quote", "fragment" or "claim"
    proposal: QuoteProposal | ClaimProposal
    text: str
    start: int
    end: int
    speaker: str = ""
    role: str = ""
    iso3: str | None = None
    year: int | None = None
    date: str = ""  # a quote's date of the remark, when the analyst knows it
    accepted: bool = True
    as_plan: bool = True  # a claim: national plan point (True) or a note on the position
    duplicate_of: str = ""  # the stored quote's id
    new_leader: str = ""  # the name the analyst added to the leaders directory for this speaker

    @property
    def unresolved(self) -> bool:
        """A quote whose speaker the directory does not know (and the review has not added)."""
        return (self.kind != "claim" and isinstance(self.proposal, QuoteProposal)
                and self.proposal.leader_id is None and not self.new_leader and bool(self.speaker.strip()))

    @property
    def confidence(self) -> float:
        return self.proposal.confidence

    @property
    def reason(self) -> str:
        reason = self.proposal.reason
        if self.new_leader:
            reason = f"added to the leaders directory as {self.new_leader}; " + reason
        if self.duplicate_of:
            return f"already stored as {self.duplicate_of}; " + reason
        return reason


def _fold_name(name: str) -> str:
    return " ".join(fold(name).casefold().split())


def _rows(extraction: Extraction, stored: Sequence[Quote]) -> list[ProposalRow]:
    duplicates = find_duplicates(extraction.quotes, stored)
    rows: list[ProposalRow] = []
    for i, q in enumerate(extraction.quotes):
        dup = duplicates.get(i)
        rows.append(ProposalRow("fragment" if q.fragment else "quote", q, q.text, q.start, q.end, q.speaker,
                                q.role, q.iso3, None, "", accepted=not q.fragment and dup is None,
                                duplicate_of=dup.id if dup else ""))
    for c in extraction.claims:
        rows.append(ProposalRow("claim", c, c.text, c.start, c.end, "", "", c.iso3, c.year,
                                # A plan point needs a year: a claim without one is kept as a note at first.
                                accepted=c.iso3 is not None, as_plan=c.kind in ("plan", "target") and c.year is not None))
    rows.sort(key=lambda r: (r.start, r.kind))
    return rows


class ArticleProposalModel(QAbstractTableModel):
    """Proposals of one extraction; fragments hidden unless asked for."""

    acceptance_changed = Signal()

    def __init__(self, extraction: Extraction, stored: Sequence[Quote], names: Mapping[str, str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.extraction = extraction
        self._all = _rows(extraction, stored)
        self._names = dict(names)  # iso3 -> ally name ("NATO" -> "NATO")
        self._show_fragments = False
        self._visible = self._filter()

    def _filter(self) -> list[ProposalRow]:
        return [r for r in self._all if self._show_fragments or r.kind != "fragment"]

    # ------------------------------------------------------------ public
    @property
    def rows(self) -> list[ProposalRow]:
        """The visible rows, in article order."""
        return list(self._visible)

    @property
    def all_rows(self) -> list[ProposalRow]:
        return list(self._all)

    def row_at(self, row: int) -> ProposalRow:
        return self._visible[row]

    def set_show_fragments(self, show: bool) -> None:
        if show == self._show_fragments:
            return
        self.beginResetModel()
        self._show_fragments = show
        if not show:
            for r in self._all:
                if r.kind == "fragment":
                    r.accepted = False  # a hidden row is never stored unseen
        self._visible = self._filter()
        self.endResetModel()
        self.acceptance_changed.emit()

    def set_accepted(self, row: int, accepted: bool) -> None:
        self._visible[row].accepted = accepted
        self._changed(row)
        self.acceptance_changed.emit()

    def update_row(self, row: int, **changes: Any) -> None:
        """Write the edit form's fields into the row."""
        for name, value in changes.items():
            setattr(self._visible[row], name, value)
        self._changed(row)
        self.acceptance_changed.emit()

    def reattribute(self, speakers: Sequence[str], iso3: str, role: str, name: str) -> int:
        """Every unresolved quote by one of ``speakers`` (folded, or a surname alone) now ``name``'s,
        of ``iso3`` in ``role``; hidden fragments too. Returns how many rows changed."""
        keys = {_fold_name(s) for s in speakers if s.strip()}
        surnames = {k.split()[-1] for k in keys}
        changed = 0
        for r in self._all:
            key = _fold_name(r.speaker)
            if r.unresolved and key and (key in keys or (" " not in key and key in surnames)):
                r.iso3, r.role, r.new_leader, r.speaker = iso3, role, name, name
                changed += 1
        if changed:
            self.dataChanged.emit(self.index(0, 0), self.index(max(0, self.rowCount() - 1), self.columnCount() - 1))
            self.acceptance_changed.emit()
        return changed

    def accepted_quotes(self) -> list[AcceptedQuote]:
        return [AcceptedQuote(r.text, r.speaker, r.role, r.iso3, r.proposal.paragraph, r.date,
                              r.proposal.reason)
                for r in self._visible if r.accepted and r.kind in ("quote", "fragment")]

    def accepted_claims(self) -> list[AcceptedClaim]:
        out = []
        for r in self._visible:
            if r.accepted and r.kind == "claim":
                claim = r.proposal
                assert isinstance(claim, ClaimProposal)
                out.append(AcceptedClaim(dataclasses.replace(claim, iso3=r.iso3, year=r.year, text=r.text,
                                                             start=r.start, end=r.end), r.as_plan))
        return out

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # ------------------------------------------------------------ Qt
    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        return None

    def flags(self, index: _INDEX) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == ProposalColumn.ACCEPT:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def _display(self, r: ProposalRow, column: int) -> str:
        if column == ProposalColumn.KIND:
            if r.duplicate_of:
                return f"{r.kind} (duplicate)"
            return r.kind if r.kind != "claim" else f"claim ({'plan' if r.as_plan else 'note'})"
        if column == ProposalColumn.SPEAKER:
            return r.speaker
        if column == ProposalColumn.ALLY:
            if r.iso3 is None:
                claim = r.proposal
                return claim.group if isinstance(claim, ClaimProposal) and claim.group else "(none)"
            return self._names.get(r.iso3, r.iso3)
        if column == ProposalColumn.YEAR:
            return str(r.year) if r.year is not None else (r.date or "")
        if column == ProposalColumn.CONFIDENCE:
            return f"{r.confidence:.2f}"
        if column == ProposalColumn.TEXT:
            if isinstance(r.proposal, ClaimProposal):
                measure = f" {r.proposal.measure}" if r.proposal.measure else ""
                return f"{r.proposal.value:g}%{measure} ({r.proposal.kind}): {r.text}"
            return r.text
        if column == ProposalColumn.REASON:
            return r.reason
        return ""

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        r = self._visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == ProposalColumn.ACCEPT:
            return Qt.CheckState.Checked if r.accepted else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole and column != ProposalColumn.ACCEPT:
            return elide(self._display(r, column))
        if role == Qt.ItemDataRole.ToolTipRole and column in (ProposalColumn.TEXT, ProposalColumn.REASON):
            return tooltip(self._display(r, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (ProposalColumn.YEAR,
                                                                     ProposalColumn.CONFIDENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowRole:
            return r
        return None

    def setData(self, index: _INDEX, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != ProposalColumn.ACCEPT \
                or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.set_accepted(index.row(), bool(checked))
        return True
