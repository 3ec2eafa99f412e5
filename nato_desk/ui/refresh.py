"""What an edit can change in the window, and reloading views only when they are seen.

After an edit the desk used to reload every view; at 50,000 figures that
blocked the window for 150-300 ms (issue 12, item 12). ``edit_scope`` reads a
change and says whether it is *local*: it touches only figures, quotes and
positions (each belongs to one ally) and cannot add or remove an edition or a
measure on offer. A local edit needs only the touched allies' rows in the
member list, and the views on show; anything else takes the full reload.

``LazyReload`` calls a view's reload now if the view is on show (or the window
is not shown at all, as in a script), else marks it stale and reloads it the
next time it is shown: a tab behind another or the hidden History dock costs
nothing per edit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from nato_desk.domain import AddRecord, Change, ChangeSet, Observation, Position, Quote, RemoveRecord, SetField
from nato_desk.store import Store

__all__ = ["EditScope", "LazyReload", "edit_scope"]

# Fields whose change moves a figure to another ally, edition or measure: the edition's
# measures on offer may change, so such an edit takes the full reload.
_MOVING_FIELDS = frozenset({"id", "iso3", "edition", "measure"})
_LOCAL_KINDS = {Observation.KIND: Observation, Quote.KIND: Quote, Position.KIND: Position}


@dataclass(frozen=True)
class EditScope:
    """``local``: only ``iso3s``' figures, quotes or positions changed, nothing structural."""

    local: bool
    iso3s: frozenset[str] = field(default_factory=frozenset)


_FULL = EditScope(local=False)


def _parts(change: Change) -> list[AddRecord | RemoveRecord | SetField]:
    if isinstance(change, ChangeSet):
        return [p for c in change.changes for p in _parts(c)]
    return [change]


def edit_scope(change: object, store: Store, shown_edition: str, offered: Collection[str]) -> EditScope:
    """How far ``change`` (just applied to ``store``) reaches.

    ``offered`` holds the measure values the picker offers for ``shown_edition``:
    a figure added there in a measure not offered needs the picker refilled.
    A figure removed from the shown edition may take the last of its measure
    with it, so that is not local either.
    """
    if not isinstance(change, (AddRecord, RemoveRecord, SetField, ChangeSet)):
        return _FULL
    iso3s: set[str] = set()
    for part in _parts(change):
        if isinstance(part, SetField):
            cls = _LOCAL_KINDS.get(part.kind)
            if cls is None or part.field in _MOVING_FIELDS:
                return _FULL
            record = store.get(cls, part.record_id)
            if record is None:
                return _FULL
            iso3s.add(record.iso3)
            continue
        record = part.record
        if record.KIND not in _LOCAL_KINDS:
            return _FULL
        if isinstance(record, Observation) and record.edition == shown_edition and (
                isinstance(part, RemoveRecord) or record.measure.value not in offered):
            return _FULL
        iso3s.add(record.iso3)  # type: ignore[union-attr]  # every local kind has an ally
    return EditScope(local=True, iso3s=frozenset(iso3s))


class LazyReload(QObject):
    """Reload ``view`` now if it is on show, else when it is next shown."""

    def __init__(self, view: QWidget, reload: Callable[[], object]) -> None:
        super().__init__(view)
        self._view = view
        self._reload = reload
        self.stale = False
        view.installEventFilter(self)

    def request(self) -> None:
        view = self._view
        if view.isVisible() or not view.window().isVisible():
            self.stale = False
            self._reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._view and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._reload()
        return False
