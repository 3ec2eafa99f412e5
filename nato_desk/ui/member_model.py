"""The member list's Qt models: the 32 allies over the store, and a proxy.

``MemberTableModel`` is an adapter over ``Store`` (napari's item-model
pattern): it owns no data, only a row cache of ``MemberRow`` values rebuilt
from the store for the edition and measure on show (share of GDP, equipment
share, US$, personnel; the gap column measures against the measure's own
target, and says "—" for a measure without one). ``MemberFilterProxy`` filters by text
(names, codes and quoted speakers, accent-insensitive) and region, and sorts
with blanks last in either direction.

Latest figures from different years are marked (issue 13, item 10): in the
August 2025 edition seven allies have no 2025 figure, and their 2024 figure
reads "1.95% (2024e)*", in italics, with a tooltip saying there is no 2025
figure. ``set_same_year(True)`` shows and sorts every ally on the latest year
all of them have (2024 there), so a ranking never compares years.

Stance badges come from ``analysis.stance`` (exempt, Iceland, is not
opposing) in ``palette.STANCE_STYLES`` colours.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from nato_desk import palette
from nato_desk.analysis import format_figure, format_gap, gap_pp, latest_figure
from nato_desk.analysis.common_year import figure_in, usual_year, year_all_have
from nato_desk.analysis.figures import gap_target, has_defence_series, of_measure
from nato_desk.analysis.stance import StanceBadge, stance_badge
from nato_desk.domain import Edition, Measure, Member, Observation, Position, Stance, Target
from nato_desk.export import citations
from nato_desk.store import Store
from nato_desk.ui.figure_model import provenance
from nato_desk.ui.plain_text import elide, tooltip

__all__ = [
    "MemberColumn",
    "MemberFilterProxy",
    "MemberRole",
    "MemberRow",
    "MemberTableModel",
    "SortRole",
    "badge_colour",
    "stance_colour",
]

MemberRole = Qt.ItemDataRole.UserRole
"""Returns the row's ``MemberRow``."""
SortRole = Qt.ItemDataRole.UserRole + 1
"""Returns a sortable key; ``None`` for a blank (sorted last)."""

_INDEX = QModelIndex | QPersistentModelIndex


class MemberColumn:
    NAME, CODE, LATEST, GAP, STANCE = range(5)
    HEADERS = ("Ally", "Code", "Latest", "Gap to target", "Stance")


_STANCE_KIND = {
    Stance.SUPPORTS: "supports",
    Stance.SUPPORTS_WITH_RESERVATIONS: "reservations",
    Stance.OPPOSES_OR_EXEMPTED: "opposes",
    Stance.UNDECLARED: "undeclared",
}

OLDER_MARK = "*"
"""After a latest figure from an earlier year than most allies' (the list's note explains it)."""


def badge_colour(badge: StanceBadge) -> QColor:
    """The badge's fill (``palette.STANCE_STYLES``); exempt is grey, never the opposing red."""
    return QColor(palette.STANCE_STYLES[badge.kind].fill)


def stance_colour(stance: Stance | None) -> QColor:
    """A stance's colour without knowing the ally (prefer ``badge_colour``: it knows exempt)."""
    return QColor(palette.STANCE_STYLES[_STANCE_KIND[stance] if stance else "none"].fill)


def _badge(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(colour)
    painter.setPen(colour.darker(130))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def fold(text: str) -> str:
    """Case- and accent-insensitive form, so "sanchez" finds "Sánchez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class MemberRow:
    """What the list shows of one ally in one edition."""

    member: Member
    latest: Observation | None
    position: Position | None
    speakers: tuple[str, ...]
    target: float | None  # what the gap column measures to; None: the measure has no target
    has_series: bool  # a figure on show, or a defence figure in any edition (Iceland has none, only GDP)
    edition_label: str
    source_title: str
    provenance: str = ""  # who edited the latest figure and when, if an analyst did
    target_label: str = ""  # "3.5% core (The Hague 2025)", "20% equipment guideline (Wales 2014)"
    badge: StanceBadge = StanceBadge("none", "No position recorded", "no position")
    year_note: str = ""  # "no 2025 figure in this edition": ``latest`` is older than most allies'

    @property
    def gap(self) -> float | None:
        if self.latest is None or self.latest.value is None or self.target is None:
            return None
        return gap_pp(self.latest.value, self.target)

    def search_text(self) -> str:
        m = self.member
        return fold(" ".join((m.name, m.official_name, m.iso3, *self.speakers)))


class MemberTableModel(QAbstractTableModel):
    """The allies as table rows; reads the store, never writes it.

    ``set_edition`` switches which NATO edition's figures the rows show and
    ``set_measure`` which of its measures (``None``: the edition's headline).
    """

    def __init__(self, store: Store, edition: str, parent: Any = None, *,
                 measure: Measure | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._edition = edition
        self._measure = self._resolve(measure)
        self._badges = {kind: _badge(QColor(style.fill)) for kind, style in palette.STANCE_STYLES.items()}
        self._older_font = QFont()
        self._older_font.setItalic(True)
        self._answers = self._role_answers()
        self._same_year = False
        self._usual_year: int | None = None  # the year most allies' latest figure is from
        self._common_year: int | None = None  # the latest year every ally with a series has
        self._rows: list[MemberRow] = self._build_rows()

    @property
    def edition(self) -> str:
        return self._edition

    @property
    def measure(self) -> Measure:
        return self._measure

    def _resolve(self, measure: Measure | None) -> Measure:
        if measure is not None:
            return measure
        edition = self._store.get(Edition, self._edition)
        return edition.measure if edition else Measure.PCT_GDP

    def _target(self) -> Target | None:
        return gap_target(self._store.targets(), self._measure)

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Show ``edition`` in ``measure`` (``None``: the edition's headline measure)."""
        if edition == self._edition and self._resolve(measure) is self._measure:
            return
        self._edition = edition
        self._measure = self._resolve(measure)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, MemberColumn.LATEST, MemberColumn.GAP)
        self.reload()

    def set_measure(self, measure: Measure) -> None:
        self.set_edition(self._edition, measure)

    @property
    def same_year(self) -> bool:
        return self._same_year

    def set_same_year(self, on: bool) -> None:
        """Show (and sort) every ally on the latest year all have, instead of each one's latest."""
        if on == self._same_year:
            return
        self._same_year = on
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, MemberColumn.LATEST, MemberColumn.GAP)
        self.reload()

    def shown_year(self) -> int | None:
        """The year the column is about: the year all have (same year for all), else the usual latest year."""
        if self._same_year and self._common_year is not None:
            return self._common_year
        return self._usual_year

    def years_summary(self) -> tuple[int | None, int | None, list[str]]:
        """(usual latest year, latest year all allies have, names of allies whose latest is older)."""
        older = [row.member.name for row in self._rows if row.year_note and not self._same_year]
        return self._usual_year, self._common_year, older

    def reload(self) -> None:
        """Re-read the store (after an edit or an edition switch); rows stay put."""
        self._rows = self._build_rows()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(MemberColumn.HEADERS) - 1)
            )

    def _edition_label(self) -> str:
        edition = self._store.get(Edition, self._edition)
        return f"{edition.label} edition" if edition else self._edition

    def reload_members(self, iso3s: set[str]) -> None:
        """Re-read only these allies' rows (an edit of their figures, quotes or position).

        The other rows cannot change: a row reads only its own ally's records,
        the edition and the measure's target. One ``dataChanged`` per row, so
        the proxy re-sorts and the overview redraws only what moved.
        """
        if self._year_context() != (self._usual_year, self._common_year):
            self.reload()  # an edit moved the usual year or the year all have: every row may change
            return
        target = self._target()
        edition_label = self._edition_label()
        for i, row in enumerate(self._rows):
            if row.member.iso3 in iso3s:
                member = self._store.member(row.member.iso3) or row.member
                self._rows[i] = self._build_row(member, target, edition_label)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(MemberColumn.HEADERS) - 1))

    def _year_context(self) -> tuple[int | None, int | None]:
        by_ally: dict[str, list[Observation]] = {}
        for o in of_measure(self._store.observations(edition=self._edition), self._measure):
            by_ally.setdefault(o.iso3, []).append(o)
        latest = (latest_figure(points) for points in by_ally.values())
        return usual_year(o.year for o in latest if o is not None), year_all_have(by_ally)

    def _build_rows(self) -> list[MemberRow]:
        self._usual_year, self._common_year = self._year_context()
        target = self._target()
        edition_label = self._edition_label()
        return [self._build_row(member, target, edition_label) for member in self._store.members()]

    def _build_row(self, member: Member, target: Target | None, edition_label: str) -> MemberRow:
        mine = self._store.observations(iso3=member.iso3, edition=self._edition)
        points = of_measure(mine, self._measure)
        latest = latest_figure(points)
        year = self.shown_year()
        if self._same_year and year is not None:
            latest = figure_in(points, year)
        year_note = ""
        if latest is not None and year is not None and latest.year < year:
            year_note = f"no {year} figure in this edition"
        elif latest is not None and year is not None and latest.year > year:
            year_note = f"most allies' latest figure is for {year}"
        source = self._store.source(latest.source_id) if latest else None
        speakers = tuple(dict.fromkeys(q.speaker for q in self._store.quotes(member.iso3)))
        return MemberRow(
            member, latest, self._store.position(member.iso3), speakers,
            target.value if target else None,
            has_series=bool(latest) or has_defence_series(self._store.observations(iso3=member.iso3)),
            edition_label=edition_label,
            source_title=citations.source_line(source) if source else "",  # the original
            provenance=provenance(self._store, latest)[1] if latest else "",
            target_label=target.label if target else "",
            badge=stance_badge(self._store.position(member.iso3), member),
            year_note=year_note,
        )

    def row_of(self, iso3: str) -> int:
        for i, row in enumerate(self._rows):
            if row.member.iso3 == iso3:
                return i
        return -1

    # Qt overrides -------------------------------------------------------

    def rowCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _INDEX = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(MemberColumn.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == MemberColumn.LATEST:
                # The list says which edition (and, if not its headline, which measure) it shows.
                label = self._edition_label().removesuffix(" edition")
                edition = self._store.get(Edition, self._edition)
                # Same year for all: the column is that year's, and says so.
                latest = (str(self._common_year) if self._same_year and self._common_year is not None
                          else "Latest")
                if edition is not None and edition.measure is not self._measure:
                    return f"{latest}: {self._measure.info.short} ({label})"
                return f"{latest} ({label})"
            if section == MemberColumn.GAP:
                target = self._target()
                return f"Gap to {target.value:g}%" if target else "Gap (no target)"
            if 0 <= section < len(MemberColumn.HEADERS):
                return MemberColumn.HEADERS[section]
        return None

    def data(self, index: _INDEX, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked some 700 times a paint of the list (eight roles a cell), half of them
        # for roles it never answers: those cost one dict look-up (issue 14).
        answer = self._answers.get(role)
        row = index.row()  # -1 for an invalid index
        if answer is None or not 0 <= row < len(self._rows):
            return None
        return answer(self._rows[row], index.column())

    def _role_answers(self) -> dict[int, Callable[[MemberRow, int], Any]]:
        """What ``data`` returns for each role it answers, given (row, column)."""
        display = lambda row, col: _shown(self._display(row, col))  # noqa: E731
        return {
            MemberRole: lambda row, col: row,
            Qt.ItemDataRole.DisplayRole: display,
            Qt.ItemDataRole.AccessibleTextRole: display,
            SortRole: self._sort_key,
            Qt.ItemDataRole.ToolTipRole: lambda row, col: tooltip(self._tooltip(row, col)),
            Qt.ItemDataRole.DecorationRole: self._decoration,
            Qt.ItemDataRole.FontRole: self._font,
            Qt.ItemDataRole.TextAlignmentRole: _alignment,
        }

    def _decoration(self, row: MemberRow, col: int) -> QIcon | None:
        return self._badges[row.badge.kind] if col == MemberColumn.STANCE and row.position else None

    def _font(self, row: MemberRow, col: int) -> QFont | None:
        if col == MemberColumn.LATEST and row.year_note:
            return self._older_font  # with the mark: an older year than the rest of the column
        return None

    @staticmethod
    def _display(row: MemberRow, col: int) -> str:
        if col == MemberColumn.NAME:
            return row.member.name
        if col == MemberColumn.CODE:
            return row.member.iso3
        if col == MemberColumn.LATEST:
            if row.latest:
                return format_figure(row.latest) + (OLDER_MARK if row.year_note else "")
            return "not in edition" if row.has_series else "no series"
        if col == MemberColumn.GAP:
            if row.latest is None or row.latest.value is None or row.target is None:
                return "—"
            return format_gap(row.latest.value, row.target, row.latest.decimals, unit="")
        if col == MemberColumn.STANCE:
            return row.badge.short
        return ""

    @staticmethod
    def _sort_key(row: MemberRow, col: int) -> Any:
        if col == MemberColumn.LATEST:
            return row.latest.value if row.latest else None
        if col == MemberColumn.GAP:
            return row.gap
        if col == MemberColumn.STANCE:
            return list(Stance).index(row.position.stance) if row.position else None
        return fold(MemberTableModel._display(row, col))

    @staticmethod
    def _tooltip(row: MemberRow, col: int) -> str:
        m = row.member
        if col == MemberColumn.LATEST:
            if row.latest is None:
                if row.has_series:
                    return f"No figure for {m.name} in the {row.edition_label}."
                return m.notes or "No NATO series."
            older = (f"{m.name}: {row.year_note}. This is its {row.latest.year} figure, listed and "
                     "sorted beside other allies' figures of another year; tick \u201cSame year for "
                     "all\u201d to compare one year.\n" if row.year_note else "")
            return (f"{older}{format_figure(row.latest)}, {row.edition_label}\n"
                    f"Source: {row.source_title or row.latest.source_id}\n{row.provenance}")
        if col == MemberColumn.GAP and row.target is None:
            return "This measure has no target to measure a gap to."
        if col == MemberColumn.GAP and row.latest and row.latest.value is not None and row.target is not None:
            gap = format_gap(row.latest.value, row.target, row.latest.decimals)
            return f"{gap} the {row.target_label or f'{row.target:g}% target'}"
        if col == MemberColumn.STANCE and row.position:
            return f"{row.badge.label}: {row.position.summary}"
        return f"{m.name} ({m.iso3}), {m.region}, member since {m.accession_year}"


class MemberFilterProxy(QSortFilterProxyModel):
    """Filters by text and region; sorts blanks last whatever the direction."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._region = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = fold(text.strip())
        self.endFilterChange()

    def set_region(self, region: str) -> None:
        """Show one region; the empty string shows all."""
        self.beginFilterChange()
        self._region = region
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _INDEX) -> bool:  # noqa: N802
        row = self.sourceModel().index(source_row, 0, source_parent).data(MemberRole)
        if row is None:
            return False
        if self._region and row.member.region != self._region:
            return False
        return all(word in row.search_text() for word in self._text.split())

    def lessThan(self, left: _INDEX, right: _INDEX) -> bool:  # noqa: N802
        a, b = left.data(SortRole), right.data(SortRole)
        if a is None or b is None:
            # Qt reverses lessThan for a descending sort; undo that for blanks
            # so allies without a figure always end up at the bottom.
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            if a is None and b is None:
                return False
            return (a is None) == descending
        if a == b:
            # Equal figures stay in name order (A-Z) whichever way the column sorts.
            left_name = fold(left.model().index(left.row(), 0, left.parent()).data())
            right_name = fold(right.model().index(right.row(), 0, right.parent()).data())
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return (left_name > right_name) if descending else (left_name < right_name)
        return bool(a < b)


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _alignment(row: MemberRow, col: int) -> int | None:
    """Figures and gaps are right-aligned, so their decimal points line up."""
    return _RIGHT if col in (MemberColumn.LATEST, MemberColumn.GAP) else None


def _shown(value: Any) -> Any:
    """A text cell as shown: one line, cut with "…" (``plain_text.elide``); numbers as they are."""
    return elide(value) if isinstance(value, str) else value
