"""Importing other publishers' tables: read a file, propose an edition, diff.

``read_table_file(raw, name)`` recognises the layout (NATO's tables
workbooks of 2024 and of 2025/2026, SIPRI's workbook, the World Bank's and
OWID's CSVs, our own CSV and XLSX exports), reads it with that layout's
reader and returns an ``ImportedFile``. ``diff.diff_import`` compares it with
the store and ``diff.change_for`` turns the accepted rows into one ChangeSet
for the one write path. Readers never touch the store.

Each reader module offers ``LAYOUT`` (its name), ``sniff(raw, name) -> bool``
and ``read(raw, name) -> ImportedFile``; ``READERS`` lists them in the order
they are tried.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path
from types import ModuleType

from nato_desk.ingest.decode import read_text
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue

__all__ = ["READERS", "EditionProposal", "ImportedFile", "ImportedValue", "read_table_file", "read_table_path",
           "sha256"]

# Module names under nato_desk.ingest.tables, tried in this order; a module not
# written yet is skipped, so readers can land one by one.
READERS = ("nato_workbook", "sipri", "world_bank", "owid", "own_export")


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _readers() -> list[ModuleType]:
    found = []
    for name in READERS:
        try:
            found.append(importlib.import_module(f"nato_desk.ingest.tables.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"nato_desk.ingest.tables.{name}":
                raise
    return found


def read_table_file(raw: bytes, name: str) -> ImportedFile:
    """Read a table file of any known layout.

    Raises:
        ImportRejected: no reader recognises the file (the message names the
            layouts tried), or the recognised reader refuses it.
    """
    readers = _readers()
    for reader in readers:
        if reader.sniff(raw, name):
            result: ImportedFile = reader.read(raw, name)
            return result
    if not raw.startswith(b"PK\x03\x04"):
        # Text that no layout took: say first if it is not even UTF-8 text
        # (UTF-16, NUL bytes, another encoding), which is the usual reason.
        read_text(raw, name)
    layouts = ", ".join(r.LAYOUT for r in readers) or "none"
    raise ImportRejected(name, "", "", f"the file is in no layout nato_desk knows (tried: {layouts})")


def read_table_path(path: Path) -> ImportedFile:
    """Read the table file at ``path``, with what lies beside it.

    An OWID grapher CSV comes with ``<name>.metadata.json`` (its citation,
    date and underlying source) when downloaded whole: when that file is
    there, it is read too.

    Raises:
        ImportRejected: as ``read_table_file``, or the metadata is not JSON text.
        OSError: a file cannot be read.
    """
    raw = path.read_bytes()
    sidecar = path.with_name(f"{path.stem}.metadata.json")
    if sidecar.is_file():
        from nato_desk.ingest.tables import owid

        if owid.sniff(raw, path.name):
            return owid.read_with_metadata(raw, path.name, read_text(sidecar.read_bytes(), sidecar.name))
    return read_table_file(raw, path.name)
