"""The domain layer: records and their validation. Standard library only.

>>> from nato_desk.domain import Member, validate
>>> validate(Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"))
"""

from __future__ import annotations

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
from nato_desk.domain.history import HistoryEntry, is_net_edited, revert_change
from nato_desk.domain.records import (
    NATO_ID,
    PLAN_EDITION,
    RECORD_TYPES,
    Edition,
    Event,
    Leader,
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    SavedView,
    Source,
    VIEW_KINDS,
    Stance,
    Status,
    Target,
    field_from_json,
    record_from_dict,
    record_to_dict,
    replace,
)
from nato_desk.domain.validation import (
    ValidationError,
    parse_partial_date,
    validate,
    validate_references,
)

__all__ = [
    "SavedView",
    "VIEW_KINDS",
    "AddRecord",
    "Change",
    "ChangeSet",
    "HistoryEntry",
    "PLAN_EDITION",
    "is_net_edited",
    "revert_change",
    "RemoveRecord",
    "SetField",
    "change_from_dict",
    "change_to_dict",
    "touched",
    "field_from_json",
    "NATO_ID",
    "RECORD_TYPES",
    "Edition",
    "Event",
    "Leader",
    "Measure",
    "Member",
    "Observation",
    "Position",
    "Quote",
    "Record",
    "Source",
    "Stance",
    "Status",
    "Target",
    "ValidationError",
    "parse_partial_date",
    "record_from_dict",
    "record_to_dict",
    "replace",
    "validate",
    "validate_references",
]
