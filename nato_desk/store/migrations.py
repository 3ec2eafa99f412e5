"""Migrations: bringing a store file written by an older nato_desk up to ``SCHEMA_VERSION``.

``MIGRATIONS[n]`` turns a schema-``n`` document into a schema-``n+1`` one. Each
is a pure function of the raw JSON document (no clock, no disk, its input
untouched), never edited once released, and idempotent: given a document
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
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato_desk.store.atomic_storage import plain_os_error
from nato_desk.store.backups import PREMIGRATE, write_backup
from nato_desk.store.errors import StoreError, StoreMigrationError
from nato_desk.store.schema import HISTORY_TABLE, META_TABLE, SCHEMA_VERSION

__all__ = ["MIGRATIONS", "Migration", "migrate", "migrate_file"]

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


MIGRATIONS: dict[int, Migration] = {
    1: v1_to_v2,
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
    except Exception as exc:  # noqa: BLE001 - any bug in a migration must reach the user as words
        raise StoreMigrationError(
            f"{what}, and the update failed ({type(exc).__name__}: {exc}). The file was not changed. "
            "Please report this; an older nato_desk can still open it."
        ) from exc
