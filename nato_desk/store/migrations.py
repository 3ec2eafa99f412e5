"""Migrations: bringing a store file written by an older nato_desk up to ``SCHEMA_VERSION``.

``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n+1`` one. Each
is a pure function of the raw JSON document (no clock, no user files, its
input untouched; 2 → 3 also reads the seed shipped inside nato_desk), never
edited once released, and idempotent: given a document
already at ``n+1`` or later it returns an equal copy. Each released schema has
a frozen fixture under tests/fixtures/ that must migrate to the current one.

The steps around them (``migrate_file``, then ``Store.open``): load and
check the file; write a ``premigrate`` backup and verify it; migrate in
memory; validate the result as a current store; write it atomically. A
migration that raises leaves the file as it was and surfaces as
``StoreMigrationError``. A result that fails validation is treated as a
damaged file (start-up recovery keeps it aside): the migrations are tested
on frozen files, so a record that does not pass is far likelier bad data.

1 → 2
    ``meta`` gains ``app_version`` and ``written_at`` (which nato_desk last
    saved the file, and when). A schema-1 file does not know either, so both
    are null here; the save that follows the migration fills them in, as
    every later save does. A schema-1 store nobody had edited has no
    ``history`` table; it gets an empty one, so that from schema 2 on every
    store file carries its ``meta`` and ``history`` tables and tools reading
    the file need no special case.

2 → 3
    Every source gains the citation fields (``domain.CITE_FIELDS``: ``kind``,
    ``cite_publisher``, ``cite_title``, ``cite_url``, ``read_at_url``, ``via``,
    ``cite_confidence``, ``cite_note``). A source whose id is in the shipped
    data (``nato_desk.data``: sources.csv and sources_added.csv, read with the
    csv module; the store does not import ``ingest``) takes them from there,
    so an existing store cites the originals as a new one does. The fields a
    schema-2 store had (title, publisher, date, url, note) are never touched,
    and an analyst's edit to them still shows: where the shipped source was its
    own original (``cite_title`` equal to ``title``, and so on) and the stored
    value differs from the shipped one, the citation field is left empty, so
    the citation falls back to the analyst's value rather than the shipped
    one. The pairs checked are cite_title/title, cite_publisher/publisher,
    cite_url/url and read_at_url/url. A source the analyst added gets them all
    empty: it is cited as itself.

    This step reads the shipped seed of the nato_desk that runs it (a
    package resource, the same for every run of one release), not the
    user's disk; ``v2_to_v3(doc, shipped)`` takes the rows for tests.

3 → 4
    Editions gain ``publisher`` (whose series) and ``base_year`` (of its
    constant prices): a shipped edition (same id and title) takes them from
    data/editions.csv, any other gets ``"NATO"`` and ``""`` (the record's defaults). The shipped
    records a schema-3 store lacks are added, each only if its id is absent
    (nothing an analyst holds is overwritten): the 20% equipment guideline
    (target ``EQUIPMENT_20PCT``, with its source if that is missing), the
    source ``NATO_DE2024`` and the June 2024 edition ``2024-06`` with its
    figures (data/nato_2024_tables.csv, NATO's own workbook as the importer
    read it). The figures are added only with the edition: a store that
    already has an edition ``2024-06`` keeps it as it is, since those figures
    are the analyst's (an import they reviewed, perhaps partly). Figures of an
    ally the store has no member for are not added (a store must stay valid).
    ``v3_to_v4(doc, shipped)`` takes the shipped records for tests.

4 → 5
    Every source gains ``text`` (an imported article's deduplicated text,
    File ▸ Import article), ``""`` for every source a schema-4 store holds.
    Nothing else changes. The bump is what keeps an older nato_desk from
    reading a schema-5 file as its own and dropping the articles' text on
    its next save (it opens a newer schema read-only).

5 → 6
    Meta gains ``store_id`` and ``save_seq`` (0); the save that follows adds
    ``checksum``. The bump keeps an older nato_desk from saving a file
    without its checksum (which this version would then call changed outside
    nato_desk) and from ignoring the journal of changes beside it.
"""

from __future__ import annotations

import copy
import csv
import functools
import importlib.resources
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nato_desk.domain import CITE_FIELDS, Source
from nato_desk.store.atomic_storage import plain_os_error
from nato_desk.store.backups import PREMIGRATE, write_backup
from nato_desk.store.errors import StoreError, StoreMigrationError
from nato_desk.store.schema import (
    HISTORY_TABLE,
    META_TABLE,
    SCHEMA_VERSION,
    new_store_id,
)

__all__ = ["MIGRATIONS", "Migration", "Shipped4", "migrate", "migrate_file", "shipped_sources", "shipped_v4",
           "v1_to_v2", "v2_to_v3", "v3_to_v4", "v4_to_v5", "v5_to_v6"]

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _meta(doc: dict[str, Any]) -> dict[str, Any]:
    """The meta document of ``doc`` (the store has checked it exists)."""
    table = doc[META_TABLE]
    meta: dict[str, Any] = table[min(table, key=int)]
    return meta


def v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 → 2: ``meta.app_version`` / ``meta.written_at``; a ``history`` table always."""
    out = copy.deepcopy(doc)
    meta = _meta(out)
    if meta["schema_version"] >= 2:
        return out
    meta.setdefault("app_version", None)
    meta.setdefault("written_at", None)
    out.setdefault(HISTORY_TABLE, {})
    meta["schema_version"] = 2
    return out


SHIPPED_SOURCE_FILES = ("sources.csv", "sources_added.csv")
"""The seed files (in ``nato_desk.data``) whose rows ``v2_to_v3`` fills sources from."""

# The field a citation field falls back to, when the analyst edited that field
# of a source that was its own original (see 2 → 3 above).
_FALLBACKS = (("cite_title", "title"), ("cite_publisher", "publisher"),
              ("cite_url", "url"), ("read_at_url", "url"))


@functools.cache
def shipped_sources() -> Mapping[str, Mapping[str, str]]:
    """The shipped sources' rows by ``source_id``, as the csv module reads them.

    ``notes`` is renamed ``note`` (the record's field name).
    """
    folder = importlib.resources.files("nato_desk.data")
    rows: dict[str, dict[str, str]] = {}
    for name in SHIPPED_SOURCE_FILES:
        text = folder.joinpath(name).read_text(encoding="utf-8-sig")
        for row in csv.DictReader(io.StringIO(text, newline="")):
            row["note"] = row.pop("notes", "")
            rows[row["source_id"]] = row
    return rows


def _cite_fields(stored: Mapping[str, Any], shipped: Mapping[str, str] | None) -> dict[str, str]:
    """The citation fields of the source document ``stored`` (see 2 → 3 above)."""
    if shipped is None:
        return {name: "" for name in CITE_FIELDS}
    out = {name: shipped.get(name, "") for name in CITE_FIELDS}
    for cite, base in _FALLBACKS:
        own_original = shipped.get(cite, "") == shipped.get(base, "")
        if own_original and stored.get(base, "") != shipped.get(base, ""):
            out[cite] = ""
    return out


def v2_to_v3(doc: dict[str, Any],
             shipped: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """Schema 2 → 3: every source gains the citation fields, shipped ones from the shipped data."""
    out = copy.deepcopy(doc)
    meta = _meta(out)
    if meta["schema_version"] >= 3:
        return out
    rows = shipped_sources() if shipped is None else shipped
    for document in (out.get(Source.KIND) or {}).values():
        if not isinstance(document, dict):
            continue  # the validation after migrating names it as damage
        source_id = document.get("id")
        row = rows.get(source_id) if isinstance(source_id, str) else None
        for name, value in _cite_fields(document, row).items():
            document.setdefault(name, value)
    meta["schema_version"] = 3
    return out


def _shipped_csv(name: str) -> list[dict[str, str]]:
    text = importlib.resources.files("nato_desk.data").joinpath(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


JUNE_2024 = "2024-06"
JUNE_2024_SOURCE = "NATO_DE2024"
EQUIPMENT_TARGET = "EQUIPMENT_20PCT"


@dataclass(frozen=True)
class Shipped4:
    """The shipped records 3 → 4 adds, as stored documents (``record_to_dict`` form)."""

    editions: Mapping[str, Mapping[str, str]]  # every shipped edition row, by id (publisher, base_year)
    sources: Mapping[str, Mapping[str, Any]]  # NATO_DE2024 and the equipment target's source
    target: Mapping[str, Any] | None
    edition: Mapping[str, Any] | None  # 2024-06
    observations: tuple[Mapping[str, Any], ...]  # 2024-06's figures


def _source_doc(row: Mapping[str, str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": row["source_id"]}
    for name in ("title", "publisher", "date", "url", "note", *CITE_FIELDS):
        doc[name] = row.get(name, "") or ""
    return doc


@functools.cache
def shipped_v4() -> Shipped4:
    """The records of the shipped data that schema 4 brings to older stores (read with csv)."""
    editions = {row["id"]: row for row in _shipped_csv("editions.csv")}
    sources = shipped_sources()
    target = next((row for row in _shipped_csv("targets.csv") if row["id"] == EQUIPMENT_TARGET), None)
    target_doc = None
    wanted = [JUNE_2024_SOURCE]
    if target is not None:
        target_doc = {"id": target["id"], "label": target["label"], "measure": target["measure"],
                      "value": float(target["value"]), "by_year": int(target["by_year"]),
                      "agreed": target["agreed"], "source_id": target["source_id"], "kind": target["kind"],
                      "note": target["note"]}
        wanted.append(target["source_id"])
    edition = editions.get(JUNE_2024)
    edition_doc = None if edition is None else {
        "id": edition["id"], "label": edition["label"], "title": edition["title"], "released": edition["released"],
        "measure": edition["measure"], "source_id": edition["source_id"], "note": edition["note"],
        "publisher": edition.get("publisher") or "NATO", "base_year": edition.get("base_year", "")}
    observations = tuple(
        {"id": f"{row['edition']}/{row['iso3']}/{row['measure']}/{row['year']}", "iso3": row["iso3"],
         "year": int(row["year"]), "measure": row["measure"],
         "value": float(row["value"]) if row["value"] else None, "decimals": int(row["decimals"]),
         "status": "estimate" if row["estimate"] == "1" else "actual", "edition": row["edition"],
         "source_id": row["source_id"], "note": row["note"]}
        for row in _shipped_csv("nato_2024_tables.csv") if row["edition"] == JUNE_2024)
    return Shipped4(editions, {i: _source_doc(sources[i]) for i in wanted if i in sources}, target_doc,
                    edition_doc, observations)


def _add(doc: dict[str, Any], table: str, record: Mapping[str, Any]) -> None:
    """Put ``record`` in ``table`` under the next free TinyDB document id."""
    documents = doc.setdefault(table, {})
    keys = [int(k) for k in documents if str(k).isdigit()]
    documents[str(max(keys, default=0) + 1)] = dict(record)


def _ids(doc: dict[str, Any], table: str) -> set[Any]:
    return {d.get("id") for d in (doc.get(table) or {}).values() if isinstance(d, dict)}


def v3_to_v4(doc: dict[str, Any], shipped: Shipped4 | None = None) -> dict[str, Any]:
    """Schema 3 → 4: editions' publisher and base year; the shipped records a v3 store lacks."""
    out = copy.deepcopy(doc)
    meta = _meta(out)
    if meta["schema_version"] >= 4:
        return out
    ship = shipped_v4() if shipped is None else shipped
    for document in (out.get("editions") or {}).values():
        if isinstance(document, dict):
            edition_id = document.get("id")
            row = ship.editions.get(edition_id) if isinstance(edition_id, str) else None
            if row is not None and row.get("title") != document.get("title"):
                row = None  # the analyst's own edition under a shipped id: the defaults
            document.setdefault("publisher", (row or {}).get("publisher") or "NATO")
            document.setdefault("base_year", (row or {}).get("base_year", ""))
    sources = _ids(out, "sources")

    def ensure_source(source_id: str) -> bool:
        if source_id not in sources and source_id in ship.sources:
            _add(out, "sources", ship.sources[source_id])
            sources.add(source_id)
        return source_id in sources

    ensure_source(JUNE_2024_SOURCE)  # the shipped source, whether or not its edition is added
    if ship.target is not None and ship.target["id"] not in _ids(out, "targets") \
            and ensure_source(ship.target["source_id"]):
        _add(out, "targets", ship.target)
    if ship.edition is not None and ship.edition["id"] not in _ids(out, "editions") \
            and ensure_source(ship.edition["source_id"]):
        _add(out, "editions", ship.edition)
        members = {d.get("iso3") for d in (out.get("members") or {}).values() if isinstance(d, dict)}
        present = _ids(out, "observations")
        for figure in ship.observations:
            if figure["iso3"] in members and figure["id"] not in present:
                _add(out, "observations", figure)
    meta["schema_version"] = 4
    return out


def v4_to_v5(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 4 → 5: every source gains ``text`` (empty: no schema-4 source holds an article's text)."""
    out = copy.deepcopy(doc)
    meta = _meta(out)
    if meta["schema_version"] >= 5:
        return out
    for document in (out.get(Source.KIND) or {}).values():
        if isinstance(document, dict):
            document.setdefault("text", "")
    meta["schema_version"] = 5
    return out


def v5_to_v6(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 5 → 6: meta gains ``store_id`` (new, random) and ``save_seq`` (0).

    Only meta changes, so the other tables are shared with ``doc``, not
    copied (a deep copy of a 50,000-figure store takes seconds). The checksum
    is added by the save that follows.
    """
    meta = dict(_meta(doc))
    if meta["schema_version"] >= 6:
        return copy.deepcopy(doc)
    meta.setdefault("store_id", new_store_id())
    meta.setdefault("save_seq", 0)
    meta["schema_version"] = 6
    out = dict(doc)
    table = doc[META_TABLE]
    out[META_TABLE] = {**table, min(table, key=int): meta}
    return out


MIGRATIONS: dict[int, Migration] = {
    1: v1_to_v2,
    2: v2_to_v3,
    3: v3_to_v4,
    4: v4_to_v5,
    5: v5_to_v6,
}
"""From-version → migration to the next version, one per step, in order."""


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` brought up to ``SCHEMA_VERSION`` (a copy; an up-to-date doc comes back equal).

    Raises:
        whatever a migration raises; the caller turns it into a plain message.
    """
    version: int = _meta(doc)["schema_version"]
    out = doc
    while version < SCHEMA_VERSION:
        out = MIGRATIONS[version](out)
        after = _meta(out)["schema_version"]
        if after != version + 1:
            # A migration that forgets to bump the version would loop forever.
            raise RuntimeError(f"the migration from schema {version} left schema {after}")
        version = after
    return out if out is not doc else copy.deepcopy(doc)


def migrate_file(path: Path, raw: dict[str, Any], version: int, *, back_up: bool) -> dict[str, Any]:
    """The document ``raw`` read from ``path`` (schema ``version``), migrated in memory.

    With ``back_up`` (a writable open), the file is first copied to a
    verified ``premigrate`` backup. Writing the result is the caller's step.

    Raises:
        StoreMigrationError: the backup or a migration failed; the file is unchanged.
    """
    what = f"{path} was saved by an older nato_desk (schema {version}) and needs updating to schema {SCHEMA_VERSION}"
    if back_up:
        try:
            original = path.read_bytes()  # the file exactly as it is, before anything changes
            write_backup(path, original, schema_version=version, kind=PREMIGRATE)
        except OSError as exc:
            raise StoreMigrationError(
                f"{what}, but the backup to take first could not be written: {plain_os_error(exc)}. "
                "Nothing was changed."
            ) from exc
        except StoreError as exc:
            raise StoreMigrationError(f"{what}, but the backup to take first failed: {exc} "
                                      "Nothing was changed.") from exc
    try:
        return migrate(raw)
    except Exception as exc:
        raise StoreMigrationError(
            f"{what}, and the update failed ({type(exc).__name__}: {exc}). The file was not changed. "
            "Please report this; an older nato_desk can still open it."
        ) from exc
