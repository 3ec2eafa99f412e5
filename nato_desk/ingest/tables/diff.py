"""What an import would change, row by row, and the one change that applies it.

``diff_import`` matches an ``ImportedFile``'s values with the store's figures
of the same edition on ally, year and measure, and lists each as new, changed
(old -> new with the difference), unchanged, or present only in the store;
changes are classified (revised actual, revised estimate, estimate -> actual,
new year, new ally). ``change_for`` turns the rows the analyst accepted into
one ``ChangeSet`` (the edition and source records first when they are new),
labelled "Import NATO June 2024 tables", so applying is one undoable step and
one history entry. Pure functions over domain records: nothing is written here.

Accepting "all" (``accept_all``) takes every new and changed row; a figure
present only in the store is kept unless the analyst accepts its removal row
by row, so an import never deletes silently.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.domain import AddRecord, ChangeSet, Edition, Measure, Observation, RemoveRecord, SetField, Source, Status
from nato_desk.domain.changes import Change
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables.model import ImportedFile

__all__ = [
    "DiffRow",
    "ImportDiff",
    "RowKind",
    "accept_all",
    "change_for",
    "diff_import",
    "history_reason",
    "observation_id",
]

# How a changed or new row differs, in the words of the review.
REVISED_ACTUAL = "revised actual"
REVISED_ESTIMATE = "revised estimate"
ESTIMATE_TO_ACTUAL = "estimate \u2192 actual"
ACTUAL_TO_ESTIMATE = "actual \u2192 estimate"
NOTE_CHANGED = "note or precision changed"
SOURCE_CHANGED = "source changed (same value)"
NEW_YEAR = "new year"
NEW_ALLY = "new ally"
NEW_EDITION = "new edition"
REMOVED = "only in the store"

_COMPARED = ("value", "decimals", "status", "note", "source_id")


class RowKind(str, enum.Enum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ONLY_IN_STORE = "only_in_store"


@dataclass(frozen=True)
class DiffRow:
    """One ally-year-measure: the stored figure (``old``) and the file's (``new``)."""

    iso3: str
    year: int
    measure: Measure
    kind: RowKind
    change: str  # one of the classification words above ("" for unchanged)
    old: Observation | None
    new: Observation | None

    @property
    def key(self) -> tuple[str, int, Measure]:
        return self.iso3, self.year, self.measure

    @property
    def delta(self) -> float | None:
        """new - old, when both are numbers."""
        if self.old is None or self.new is None or self.old.value is None or self.new.value is None:
            return None
        return self.new.value - self.old.value


@dataclass(frozen=True)
class ImportDiff:
    """The review of one file against the store."""

    file_name: str
    sha256: str
    edition: Edition
    source: Source
    new_edition: bool
    new_source: bool
    rows: tuple[DiffRow, ...]

    def count(self, kind: RowKind) -> int:
        return sum(1 for r in self.rows if r.kind is kind)

    @property
    def label(self) -> str:
        """The undo and history label: "Import NATO June 2024 tables"."""
        label, publisher = self.edition.label, self.edition.publisher
        named = label if not publisher or label.casefold().startswith(publisher.casefold()) else f"{publisher} {label}"
        return f"Import {named} tables"


def observation_id(edition: str, iso3: str, measure: Measure, year: int) -> str:
    """The stored id of a figure, as the seed names them: ``2024-06/POL/pct_gdp/2024``."""
    return f"{edition}/{iso3}/{measure.value}/{year}"


def _published(obs: Observation) -> str | None:
    """The value as its publisher printed it ("1.35" for 1.3465 at 2 decimals)."""
    return None if obs.value is None else f"{obs.value:.{max(obs.decimals, 0)}f}"


def _same_figure(old: Observation, new: Observation) -> bool:
    """The same figure, compared as published: a value that agrees at its
    published precision is unchanged, so the unrounded cell a workbook holds and
    the same figure exported at its precision and read back are one figure."""
    return _published(old) == _published(new) and all(
        getattr(old, f) == getattr(new, f) for f in _COMPARED if f != "value")


def _classify_change(old: Observation, new: Observation) -> str:
    if old.status is Status.ESTIMATE and new.status is Status.ACTUAL:
        return ESTIMATE_TO_ACTUAL
    if old.status is Status.ACTUAL and new.status is Status.ESTIMATE:
        return ACTUAL_TO_ESTIMATE
    if _published(old) == _published(new):
        same_text = old.note == new.note and old.decimals == new.decimals
        return SOURCE_CHANGED if same_text else NOTE_CHANGED
    return REVISED_ESTIMATE if new.status is Status.ESTIMATE else REVISED_ACTUAL


def diff_import(imported: ImportedFile, edition: Edition, source: Source,
                stored: Sequence[Observation], *, edition_exists: bool, source_exists: bool) -> ImportDiff:
    """Compare ``imported`` with ``stored`` (the store's figures; only those of
    ``edition`` and of the measures the file holds are compared).

    ``edition`` and ``source`` are the records the analyst confirmed; every
    imported figure cites ``source``.

    Raises:
        ImportRejected: the file gives two values for one ally, year and measure.
    """
    measures = {v.measure for v in imported.values}
    before = {(o.iso3, o.year, o.measure): o for o in stored
              if o.edition == edition.id and o.measure in measures}
    allies_before = {(o.iso3, o.measure) for o in before.values()}
    seen: dict[tuple[str, int, Measure], str] = {}
    rows: list[DiffRow] = []
    for value in imported.values:
        key = (value.iso3, value.year, value.measure)
        if key in seen:
            raise ImportRejected(imported.name, value.where, value.measure.value,
                                 f"{value.iso3} {value.year} is given twice (also at {seen[key]})")
        seen[key] = value.where or "?"
        old = before.get(key)
        # The stored record keeps its id; only its fields may change. (Built once
        # with the right id: a copy per stored figure cost a quarter of the review.)
        new = Observation(old.id if old is not None else observation_id(edition.id, value.iso3, value.measure,
                                                                         value.year),
                          value.iso3, value.year, value.measure, value.value, value.decimals, value.status,
                          edition.id, value.source_id or source.id, value.note)
        if old is None:
            change = NEW_EDITION if not edition_exists else (
                NEW_YEAR if (value.iso3, value.measure) in allies_before else NEW_ALLY)
            rows.append(DiffRow(*key, RowKind.NEW, change, None, new))
            continue
        if _same_figure(old, new):
            rows.append(DiffRow(*key, RowKind.UNCHANGED, "", old, old))
        else:
            rows.append(DiffRow(*key, RowKind.CHANGED, _classify_change(old, new), old, new))
    for key, old in sorted(before.items(), key=lambda item: (item[0][0], item[0][2].value, item[0][1])):
        if key not in seen:
            rows.append(DiffRow(*key, RowKind.ONLY_IN_STORE, REMOVED, old, None))
    return ImportDiff(imported.name, imported.sha256, edition, source, not edition_exists, not source_exists,
                      tuple(rows))


def accept_all(diff: ImportDiff) -> list[DiffRow]:
    """The rows "accept all" takes: every new and changed figure (never a removal)."""
    return [r for r in diff.rows if r.kind in (RowKind.NEW, RowKind.CHANGED)]


def change_for(diff: ImportDiff, accepted: Iterable[DiffRow]) -> ChangeSet | None:
    """One ChangeSet applying the ``accepted`` rows; ``None`` when nothing would change
    (re-importing the same file is a no-op)."""
    label = diff.label
    parts: list[Change] = []
    for row in accepted:
        if row.kind is RowKind.NEW and row.new is not None:
            parts.append(AddRecord(row.new, label))
        elif row.kind is RowKind.CHANGED and row.old is not None and row.new is not None:
            for name in _COMPARED:
                old, new = getattr(row.old, name), getattr(row.new, name)
                if name == "value" and _published(row.old) == _published(row.new):
                    continue  # keep the stored (possibly more precise) value
                if old != new:
                    parts.append(SetField(Observation.KIND, row.old.id, name, old, new, label))
        elif row.kind is RowKind.ONLY_IN_STORE and row.old is not None:
            parts.append(RemoveRecord(row.old, label))
    if not parts:
        return None
    head: list[Change] = []
    if diff.new_source:
        head.append(AddRecord(diff.source, label))
    if diff.new_edition:
        head.append(AddRecord(diff.edition, label))
    return ChangeSet(tuple(head + parts), label)


def history_reason(diff: ImportDiff, accepted: Sequence[DiffRow]) -> str:
    """The history entry's words: the file, its SHA-256 and the rows taken."""
    kinds = {k: sum(1 for r in accepted if r.kind is k) for k in RowKind}
    return (f"Imported {diff.file_name} (SHA-256 {diff.sha256}): {len(accepted)} rows taken "
            f"({kinds[RowKind.NEW]} new, {kinds[RowKind.CHANGED]} changed, "
            f"{kinds[RowKind.ONLY_IN_STORE]} removed) into edition {diff.edition.id}.")
