"""Where an import goes: the edition and source it lands in, and its review.

``plan_import`` decides, from the file's proposal, the analyst's choice of
edition (if any) and what the store already holds:

* no choice, proposal id unknown: a new edition and (unless its id exists) a
  new source, as the file proposes;
* the proposal id (or the chosen id) is an existing edition of the same
  publisher and title: the import goes into it (a re-import changes only what
  differs);
* the proposal id is an existing edition of another publisher or title: an
  edition id clash, refused with the way out (``--edition``);
* a chosen id that does not exist: a new edition with that id.

``diff_to_json`` is the command line's ``--json`` report. Pure functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from nato_desk.collector import collector_paused
from nato_desk.domain import Edition, Observation, Source
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables.diff import ImportDiff, RowKind, diff_import
from nato_desk.ingest.tables.model import ImportedFile

__all__ = ["diff_to_json", "edition_from_proposal", "plan_import"]


def edition_from_proposal(imported: ImportedFile, edition_id: str | None = None) -> Edition:
    """The edition record a new import creates (``edition_id`` overrides the proposal's)."""
    p = imported.edition
    return Edition(id=edition_id or p.id, label=p.label, title=p.title, released=p.released, measure=p.measure,
                   source_id=p.source.id, note=p.note, publisher=p.publisher, base_year=p.base_year)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def plan_import(imported: ImportedFile, editions: Sequence[Edition], sources: Sequence[Source],
                observations: Sequence[Observation], edition_id: str | None = None,
                released: str | None = None) -> ImportDiff:
    """The review of ``imported`` against the store's records.

    ``released`` gives a new edition's release date when the file does not
    (or corrects it).

    Raises:
        ImportRejected: the proposed edition id belongs to another publisher's
            or another title's edition (and no edition was chosen); or a new
            edition has no release date (the file gives none and ``released``
            is not given).
    """
    known = {e.id: e for e in editions}
    wanted = (edition_id or "").strip() or imported.edition.id
    existing = known.get(wanted)
    if existing is not None and not edition_id:
        p = imported.edition
        # A file that does not say whose edition it is (our own exports: publisher "") names
        # the edition by id only, so it goes into that edition.
        if p.publisher and not (_same(existing.publisher, p.publisher) and _same(existing.title, p.title)):
            raise ImportRejected(
                imported.name, "", "edition",
                f"the file proposes edition {wanted} ({p.publisher}: {p.title}), but {wanted} is already "
                f"{existing.publisher}: {existing.title}. Choose the edition to import into, or a new id "
                f"(nato-desk import FILE --edition ID)")
    # The figures cite the file they came from (its source record, reused when
    # the store has it): importing NATO's own workbook into an edition read from
    # transcriptions upgrades each figure's source even where the value is the same.
    by_id = {s.id: s for s in sources}
    proposal_source = imported.edition.source
    source = by_id.get(proposal_source.id, proposal_source)
    if existing is not None:
        with collector_paused():
            return diff_import(imported, existing, source, observations, edition_exists=True,
                               source_exists=source.id in by_id)
    edition = dataclasses.replace(edition_from_proposal(imported, wanted), source_id=source.id)
    if released:
        edition = dataclasses.replace(edition, released=released.strip())
    if not edition.released:
        raise ImportRejected(imported.name, "", "released",
                             f"the file does not say when edition {wanted} was released; give the date "
                             "(nato-desk import FILE --released YYYY-MM-DD)")
    with collector_paused():
        return diff_import(imported, edition, source, observations, edition_exists=False,
                           source_exists=source.id in by_id)


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def diff_to_json(diff: ImportDiff) -> dict[str, Any]:
    """``{"edition", "added", "changed", "unchanged", "removed", "changes": [...]}``.

    ``changes`` has one entry for every value that would be added (``old``
    null), changed, or that is present only in the store (``new`` null);
    ``kind`` is ``new``, ``changed`` or ``only_in_store`` and ``class`` says how
    ("revised actual", "estimate → actual", "new year", ...).
    """
    changes = []
    for row in diff.rows:
        if row.kind is RowKind.UNCHANGED:
            continue
        changes.append({
            "iso3": row.iso3,
            "year": row.year,
            "measure": row.measure.value,
            "old": _number(row.old.value) if row.old is not None else None,
            "new": _number(row.new.value) if row.new is not None else None,
            "kind": row.kind.value,
            "class": row.change,
        })
    return {
        "edition": diff.edition.id,
        "added": diff.count(RowKind.NEW),
        "changed": diff.count(RowKind.CHANGED),
        "unchanged": diff.count(RowKind.UNCHANGED),
        "removed": diff.count(RowKind.ONLY_IN_STORE),
        "changes": changes,
    }
