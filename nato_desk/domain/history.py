"""History entries: the append-only record of every change made to the data.

An entry says when, who, what (the change, with old and new values) and why
(the analyst's optional reason). Entries are never edited or removed; a revert
is a new entry whose ``reverts`` names the entry it undid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nato_desk.domain.changes import Change, change_from_dict, change_to_dict, touched

__all__ = ["HistoryEntry"]


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
