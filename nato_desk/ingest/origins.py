"""Where each imported record came from, and the one-id-one-record rule.

This module owns provenance during an import: a map from record id to the
file and line (or JSON path) it was read from. It exists so that errors found
*after* parsing (a duplicate id in another file, a ``source_id`` that only
fails once every file is read) can still point at a line, and so that ids are
unique across every kind of record, as the store requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, TypeVar

from nato_desk.domain import Record, ValidationError, validate

from nato_desk.ingest.limits import excerpt
from nato_desk.ingest.rejected import ImportRejected

__all__ = ["Origin", "Origins", "accept"]

R = TypeVar("R", bound=Record)


class Origin(NamedTuple):
    """The file and place (``"line 12"`` or a JSON path) a record was read from."""

    file: str
    where: str

    def relative_to(self, file: str) -> str:
        """``"line 12"`` within ``file`` itself, ``"other.csv line 12"`` otherwise."""
        return self.where if self.file == file else f"{self.file} {self.where}".strip()


class Origins:
    """Record id -> ``Origin`` for every record accepted so far."""

    def __init__(self) -> None:
        self._by_id: dict[str, Origin] = {}

    def claim(self, record_id: str, file: str, where: str, what: str = "") -> None:
        """Register ``record_id`` as read at ``file``/``where``.

        Raises:
            ImportRejected: the id was already read elsewhere (both places named).
        """
        prior = self._by_id.get(record_id)
        if prior is not None:
            raise ImportRejected(
                file,
                where,
                "id",
                f"'{excerpt(record_id)}' repeats {prior.relative_to(file)}",
                what=excerpt(what),
            )
        self._by_id[record_id] = Origin(file, where)

    def __getitem__(self, record_id: str) -> Origin:
        return self._by_id[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)


def accept(
    record: R,
    origins: Origins,
    file: str,
    where: str,
    columns: Mapping[str, str] | None = None,
) -> R:
    """Validate ``record`` on its own and claim its id; return it unchanged.

    Raises:
        ImportRejected: the domain refuses the record, or its id is taken.
    """
    try:
        validate(record)
    except ValidationError as exc:
        raise ImportRejected.from_validation(file, where, exc, columns) from None
    origins.claim(record.id, file, where, what=f"{type(record).__name__} {record.id}")
    return record
