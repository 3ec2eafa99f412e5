"""History entries: the append-only record of every change made to the data.

An entry says when, who, what (the change, with old and new values) and why
(the analyst's optional reason). Entries are never edited or removed; a revert
is a new entry whose ``reverts`` names the entry it undid.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nato_desk.domain.changes import (
    AddRecord,
    Change,
    ChangeSet,
    RemoveRecord,
    SetField,
    change_from_dict,
    change_to_dict,
    touched,
)
from nato_desk.domain.records import Record

__all__ = ["HistoryEntry", "is_net_edited", "revert_change"]


@dataclass(frozen=True)
class HistoryEntry:
    id: str
    at: str  # ISO 8601, UTC, seconds
    user: str
    change: Change
    reason: str = ""
    reverts: str = ""  # id of the entry this one reverted, if any

    @property
    def label(self) -> str:
        return self.change.label

    @property
    def records(self) -> list[tuple[str, str]]:
        """(kind, id) of every record the change touched."""
        return touched(self.change)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "user": self.user, "reason": self.reason,
                "reverts": self.reverts, "change": change_to_dict(self.change)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HistoryEntry:
        return cls(id=data["id"], at=data["at"], user=data["user"],
                   change=change_from_dict(data["change"]), reason=data.get("reason", ""),
                   reverts=data.get("reverts", ""))


def revert_change(entry: HistoryEntry) -> Change:
    """The change that reverts ``entry``: its inverse, labelled "Revert …"."""
    return dataclasses.replace(entry.change.inverse(), label=f"Revert {entry.label}")


def _parts(change: Change) -> list[Change]:
    if isinstance(change, ChangeSet):
        return [p for c in change.changes for p in _parts(c)]
    return [change]


def is_net_edited(entries: Iterable[HistoryEntry], kind: str, record_id: str,
                  current: Record | None) -> bool:
    """Whether ``current`` differs from what the seed held, given the record's history.

    An edit followed by its undo leaves the record as shipped: the first time
    the history touched the record tells what it was before any analyst.
    """
    original: Record | None = None
    first_old: dict[str, Any] = {}
    seen = False
    for entry in entries:
        for part in _parts(entry.change):
            if isinstance(part, SetField):
                if (part.kind, part.record_id) == (kind, record_id):
                    first_old.setdefault(part.field, part.old)
                    seen = True
            elif isinstance(part, (AddRecord, RemoveRecord)) and \
                    (part.record.KIND, part.record.id) == (kind, record_id):
                if not seen:
                    if isinstance(part, AddRecord):
                        return True  # made by an analyst, not shipped
                    assert isinstance(part, RemoveRecord)
                    original = part.record
                seen = True
    if not seen:
        return False
    if original is not None:
        return current != original
    if current is None:
        return True
    return current != dataclasses.replace(current, **first_old)
