"""The on-disk format: schema version, the ``meta`` record, reading tables back.

``SCHEMA_VERSION`` goes up whenever the stored form changes in a way an older
nato_desk could misread; ``migrations.py`` brings older files up to it. This
module reads a parsed document (``document.parse_document``) into records and
decides whether it is a valid store: every table readable, every record
passing ``validate`` and every reference resolving. A file that fails is
damaged (``StoreCorruptError`` with a plain ``reason``) and start-up recovery
takes over, keeping the file aside. So a validation rule tightened later must
ship with a migration that brings stored records into line.

Version 2 (meta): ``schema_version``, ``created_at``, ``seeded_from``, and
``app_version`` / ``written_at``: the nato_desk that last saved the file and
when (UTC), set on every save.

Version 3 (sources): every source document carries the citation fields
``kind``, ``cite_publisher``, ``cite_title``, ``cite_url``, ``read_at_url``,
``via``, ``cite_confidence`` and ``cite_note`` (``domain.CITE_FIELDS``).

Version 4 (editions): every edition document carries ``publisher`` and
``base_year``; the shipped June 2024 edition (NATO's own workbook), its source
and the 20% equipment target are in every store that has the members they
concern (see ``migrations``).

Version 5 (sources): every source document carries ``text``: an imported
article's deduplicated text, ``""`` for any other source.

Version 6 (identity and integrity): meta carries ``store_id`` (a random hex
id given when the store is created, kept for its life: backups and the
journal name it), ``save_seq`` (the number of saves folded into this file:
backups are ordered by it, never by the clock) and ``checksum`` (the
SHA-256 of the file, ``integrity``), verified at open: a file whose seal
verifies is read without validating every record again (``read_contents``
says why that is safe), any other is checked in full. The snapshot is
followed by a journal of later changes (``journal``), always checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_desk import __version__
from nato_desk.domain import (
    RECORD_TYPES,
    HistoryEntry,
    Member,
    Record,
    Source,
    ValidationError,
    record_field_names,
    record_from_dict,
    validate,
    validate_references,
)
from nato_desk.store.document import NOT_A_STORE
from nato_desk.store.errors import StoreCorruptError
from nato_desk.store.finite import non_finite

__all__ = [
    "HISTORY_TABLE",
    "META_TABLE",
    "SCHEMA_VERSION",
    "Contents",
    "new_meta",
    "new_store_id",
    "read_contents",
    "read_history",
    "read_meta",
    "stamped",
]

SCHEMA_VERSION = 6
"""The schema this code writes and the newest it can read."""

META_TABLE = "meta"
"""The table holding the single meta document."""

HISTORY_TABLE = "history"
"""The table of ``HistoryEntry.to_dict`` documents, oldest first (doc_id order)."""


def new_meta(seeded_from: str | None) -> dict[str, Any]:
    """The meta document of a store created now (stamped when first saved)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seeded_from": seeded_from,
        "app_version": None,
        "written_at": None,
        "store_id": new_store_id(),
        "save_seq": 0,
    }


def new_store_id() -> str:
    """A store's lifelong id: 32 random hex digits."""
    from uuid import uuid4  # a new store only (issue 14: start-up)

    return uuid4().hex


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # a function, so tests can move the clock


def stamped(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` as a save writes it: this nato_desk's version and the time, UTC."""
    now = _utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**meta, "app_version": __version__, "written_at": now}


def _damaged(path: Path, detail: str) -> StoreCorruptError:
    return StoreCorruptError(f"{path} is damaged: {detail}.", reason=f"{NOT_A_STORE} ({detail})")


def _ordered(path: Path, doc: dict[str, Any], name: str) -> list[tuple[str, Any]]:
    """Table ``name``'s (doc_id, document) pairs in doc_id order."""
    table = doc.get(name) or {}
    try:
        # The file's keys are sorted as text ("10" before "2"): the numeric
        # doc_id is the insertion order (as TinyDB reads it).
        keys = sorted(table, key=int)
    except ValueError as exc:
        raise _damaged(path, f"table '{name}' is malformed ({exc})") from exc
    return [(key, table[key]) for key in keys]


def read_meta(path: Path, doc: dict[str, Any]) -> dict[str, Any]:
    """The meta document, with a valid ``schema_version`` (it may be newer than ours)."""
    docs = _ordered(path, doc, META_TABLE)
    if not docs or not isinstance(docs[0][1], dict):
        raise _damaged(path, "it has no meta record")
    meta = dict(docs[0][1])
    version = meta.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(path, f"its schema_version {version!r} is not valid")
    return meta


@dataclass
class Contents:
    """A document read into what the ``Store`` holds."""

    meta: dict[str, Any]
    tables: dict[str, dict[str, Record]]
    extra: dict[str, Any]
    """Tables we do not know (a later minor version's, or hand-added), kept as found."""
    history: dict[str, Any] | None
    unknown: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """{kind: {id: {key: value}}}: keys a record document held beyond its record's fields, kept as found."""


def read_contents(path: Path, doc: dict[str, Any], *, check: bool = True, sealed: bool = False) -> Contents:
    """Everything in ``doc``, a document of the current schema.

    ``check=False`` skips ``validate`` and the references: for showing a
    newer schema's file read-only, where our rules may not apply.

    ``sealed=True`` says the file's SHA-256 seal verified (``integrity``) and
    it needs no migration: its bytes are exactly what a nato_desk of this
    schema wrote, and nato_desk writes only records that passed ``validate``
    and whose references resolve (a rule tightened later comes with a new
    schema version, so with a migration and full checks). Those checks are
    then not run again (they were most of the time it took to open the
    store, issue 14); every record is still rebuilt, its form checked and
    its id checked for repeats. A file whose seal is missing or fails, or
    one just migrated, is checked in full.

    The records take their documents in ``doc`` as their own fields
    (``record_from_dict(adopt=True)``): ``doc`` is the caller's to drop, not
    to use again.

    Raises:
        StoreCorruptError: a table, a record or a reference is not valid.
    """
    meta = read_meta(path, doc)
    unknown: dict[str, dict[str, dict[str, Any]]] = {}
    validated = check and not sealed
    tables = {kind: _read_table(path, doc, kind, validated, unknown.setdefault(kind, {})) for kind in RECORD_TYPES}
    if validated:
        records = [record for table in tables.values() for record in table.values()]
        try:
            validate_references(records, set(tables[Source.KIND]), set(tables[Member.KIND]))
        except _CHECK_ERRORS as exc:
            raise _invalid(path, exc) from exc
    own = {META_TABLE, HISTORY_TABLE}
    extra = {k: v for k, v in doc.items() if k not in RECORD_TYPES and k not in own}
    if validated:
        # NaN or Infinity outside the records (which ``validate`` checks) would
        # make every save fail: the file is damaged, said where. A sealed file
        # holds none: nato_desk writes with allow_nan=False.
        for name in sorted(k for k in doc if k not in RECORD_TYPES):
            found = non_finite(doc[name], f"table '{name}'")
            if found is not None:
                raise _damaged(path, f"{found}, a number JSON cannot hold")
    return Contents(meta, tables, extra, doc.get(HISTORY_TABLE), {k: v for k, v in unknown.items() if v})


# A record of the right fields but wrong types (a number where text belongs)
# fails the checks with whatever the check trips over, not only ValidationError.
_CHECK_ERRORS = (ValidationError, TypeError, ValueError, AttributeError, KeyError)


def _invalid(path: Path, exc: Exception) -> StoreCorruptError:
    return StoreCorruptError(
        f"{path} is damaged: {exc}.",
        reason=f"a record in the file does not pass nato_desk's checks ({exc})",
    )


def _read_table(path: Path, doc: dict[str, Any], kind: str, check: bool,
                unknown: dict[str, dict[str, Any]]) -> dict[str, Record]:
    """Table ``kind`` as {id: record}, in insertion order; keys no field has go to ``unknown``."""
    table: dict[str, Record] = {}
    known = set(record_field_names(RECORD_TYPES[kind])) | {"id"}
    for doc_id, data in _ordered(path, doc, kind):
        try:
            if not isinstance(data, dict):
                raise TypeError(f"it is {type(data).__name__}, not an object")
            record = record_from_dict(kind, data, adopt=True)  # the document is read once, then dropped
        except (TypeError, ValueError, KeyError) as exc:
            raise _damaged(path, f"{kind} document {doc_id} is not a valid record ({exc})") from exc
        if not isinstance(record.id, str) or record.id in table:
            raise _damaged(path, f"{kind} document {doc_id} has a missing or repeated id {record.id!r}")
        if check:
            try:
                validate(record)
            except _CHECK_ERRORS as exc:
                raise _invalid(path, exc) from exc
        table[record.id] = record
        if not known.issuperset(data):
            unknown[record.id] = {key: value for key, value in data.items() if key not in known}
    return table


def read_history(raw: dict[str, Any] | None) -> tuple[list[Any], list[HistoryEntry | None]]:
    """The history table as (raw documents, entries), oldest first.

    ``raw`` is the table as stored ({doc_id: document}). An entry that cannot
    be read (a later version's change type, a hand edit) is None in the
    second list; its raw document is kept so that saving never drops it.
    """
    if not raw:
        return [], []

    def order(key: str) -> tuple[int, int, str]:
        return (0, int(key), "") if key.isdigit() else (1, 0, key)

    docs = [raw[key] for key in sorted(raw, key=order)]
    entries: list[HistoryEntry | None] = []
    for doc in docs:
        try:
            entry: HistoryEntry | None = HistoryEntry.from_dict(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            entry = None
        if entry is not None and not isinstance(entry.id, str):
            entry = None
        entries.append(entry)
    return docs, entries
