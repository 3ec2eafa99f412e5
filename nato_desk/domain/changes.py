"""Changes: every edit to the data, as a value with an inverse and a label.

The one write path of the app is ``store.apply(change)``; undo applies
``change.inverse()``. Changes are frozen dataclasses so they can be kept on
the undo stack, written into the history and compared in tests.

* ``AddRecord`` / ``RemoveRecord`` carry the whole record, so removing and
  undoing brings it back with the same id.
* ``SetField`` carries the old and the new value of one field.
* ``ChangeSet`` groups changes that belong together (one dialog's OK); its
  inverse undoes them in reverse order.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Union

from nato_desk.domain.records import Record, field_from_json, record_from_dict, record_to_dict

__all__ = [
    "AddRecord",
    "Change",
    "ChangeSet",
    "RemoveRecord",
    "SetField",
    "change_from_dict",
    "change_to_dict",
    "touched",
]


@dataclass(frozen=True)
class AddRecord:
    record: Record
    label: str

    def inverse(self) -> RemoveRecord:
        return RemoveRecord(self.record, _undo_label(self.label))


@dataclass(frozen=True)
class RemoveRecord:
    record: Record
    label: str

    def inverse(self) -> AddRecord:
        return AddRecord(self.record, _undo_label(self.label))


@dataclass(frozen=True)
class SetField:
    """Set ``field`` of the record ``kind``/``record_id`` from ``old`` to ``new``.

    ``old`` is checked when the change is applied, so a change made against a
    stale view is refused instead of silently overwriting someone's edit.
    """

    kind: str
    record_id: str
    field: str
    old: Any
    new: Any
    label: str

    def inverse(self) -> SetField:
        return SetField(self.kind, self.record_id, self.field, self.new, self.old,
                        _undo_label(self.label))


@dataclass(frozen=True)
class ChangeSet:
    changes: tuple[Change, ...]
    label: str

    def inverse(self) -> ChangeSet:
        return ChangeSet(tuple(c.inverse() for c in reversed(self.changes)), _undo_label(self.label))


Change = Union[AddRecord, RemoveRecord, SetField, ChangeSet]


def _undo_label(label: str) -> str:
    # Undoing an undo reads as the original action again.
    return label[len("Undo ") :] if label.startswith("Undo ") else f"Undo {label}"


def touched(change: Change) -> list[tuple[str, str]]:
    """The (kind, record id) pairs a change touches, in order, without repeats."""
    out: list[tuple[str, str]] = []
    if isinstance(change, ChangeSet):
        for part in change.changes:
            out += [t for t in touched(part) if t not in out]
    elif isinstance(change, SetField):
        out.append((change.kind, change.record_id))
    else:
        out.append((change.record.KIND, change.record.id))
    return out


def _value_to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def change_to_dict(change: Change) -> dict[str, Any]:
    """The JSON form of a change, as the history keeps it."""
    if isinstance(change, ChangeSet):
        return {"type": "set", "label": change.label,
                "changes": [change_to_dict(c) for c in change.changes]}
    if isinstance(change, SetField):
        return {"type": "set_field", "label": change.label, "kind": change.kind,
                "record_id": change.record_id, "field": change.field,
                "old": _value_to_json(change.old), "new": _value_to_json(change.new)}
    kind = "add" if isinstance(change, AddRecord) else "remove"
    return {"type": kind, "label": change.label, "kind": change.record.KIND,
            "record": record_to_dict(change.record)}


def change_from_dict(data: dict[str, Any]) -> Change:
    """Rebuild a change from ``change_to_dict`` output.

    Raises:
        KeyError / ValueError / TypeError: the dict is not a change.
    """
    kind_of = data["type"]
    label = data["label"]
    if kind_of == "set":
        return ChangeSet(tuple(change_from_dict(c) for c in data["changes"]), label)
    if kind_of == "set_field":
        kind, field = data["kind"], data["field"]
        return SetField(kind, data["record_id"], field, field_from_json(field, data["old"]),
                        field_from_json(field, data["new"]), label)
    record = record_from_dict(data["kind"], data["record"])
    if kind_of == "add":
        return AddRecord(record, label)
    if kind_of == "remove":
        return RemoveRecord(record, label)
    raise ValueError(f"unknown change type {kind_of!r}")
