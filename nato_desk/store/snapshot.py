"""The snapshot: the whole store as one sealed TinyDB JSON file.

It is what ``AtomicJSONStorage`` reads and what TinyDB (or any JSON tool)
can open: an object of tables, each ``{doc_id: document}``. Written with one
document per line, sorted keys, tables in name order and ``meta`` last
(``integrity`` finds the checksum there)::

    {
    "editions": {
    "1": {"base_year": "", "id": "nato-2024-06", ...},
    ...
    },
    ...
    "meta": {
    "1": {"app_version": "...", "checksum": "sha256:...", "save_seq": 42, ...}
    }
    }

One line per document keeps a cut-short file diagnosable (``document``) and
lets the C JSON encoder do the work: ``indent=`` falls back to the pure-Python
encoder, which made a 50,000-figure save cost 480 ms in encoding alone.

Records are written in id order with doc_ids 1..n, so a change followed by
its inverse leaves every data table byte-identical. Keys a record document
held that its record type does not know (a hand edit, a later version's
field) are written back as found (``unknown``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from nato_desk.domain import Record, record_to_dict
from nato_desk.store.integrity import CHECKSUM_KEY, PLACEHOLDER, seal
from nato_desk.store.schema import HISTORY_TABLE, META_TABLE

__all__ = ["UnknownKeys", "render"]

UnknownKeys = Mapping[str, Mapping[str, Mapping[str, Any]]]
"""{kind: {record id: {key: value}}}: what a record document held beyond its fields."""


# allow_nan=False: NaN is not JSON, and other tools would refuse the file. One
# encoder for every document: ``json.dumps`` with options makes a new one per call.
_dump = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False).encode


def _key(doc_id: str) -> str:
    # Our doc_ids are "1", "2", ...: quoted as they are; any other key is encoded.
    return f'"{doc_id}"' if doc_id.isdigit() and doc_id.isascii() else _dump(doc_id)


def _table(lines: list[str], name: str, docs: Iterable[tuple[str, Any]]) -> None:
    rows = [f"{_key(doc_id)}: {_dump(doc)}" for doc_id, doc in docs]
    if not rows:
        lines.append(f"{_dump(name)}: {{}}")
        return
    lines.append(f"{_dump(name)}: {{\n" + ",\n".join(rows) + "\n}")


def _record_docs(table: Mapping[str, Record], unknown: Mapping[str, Mapping[str, Any]]) -> Iterable[tuple[str, Any]]:
    for n, (record_id, record) in enumerate(table.items(), 1):
        doc = record_to_dict(record)
        kept = unknown.get(record_id)
        if kept:
            doc = {**kept, **doc}  # a field of ours always wins over a kept key of the same name
        yield str(n), doc


def render(
    *,
    tables: Mapping[str, Mapping[str, Record]],
    history: list[Any],
    extra: Mapping[str, Any],
    meta: Mapping[str, Any],
    unknown: UnknownKeys | None = None,
) -> str:
    """The sealed snapshot text of a store.

    Args:
        tables: {kind: {id: record}}, each in id order.
        history: the history table's documents, oldest first.
        extra: tables nato_desk does not know, written back as found.
        meta: the meta document; its ``checksum`` is (re)computed here.
        unknown: keys kept from record documents (see the module docstring).

    Raises:
        ValueError: a value JSON cannot hold (NaN, Infinity).
        TypeError: a value that is not JSON at all.
    """
    unknown = unknown or {}
    names = sorted({*tables, *extra, HISTORY_TABLE} - {META_TABLE})
    lines: list[str] = []
    for name in names:
        if name in tables:
            _table(lines, name, _record_docs(tables[name], unknown.get(name, {})))
        elif name == HISTORY_TABLE:
            _table(lines, name, ((str(n), doc) for n, doc in enumerate(history, 1)))
        else:
            table = extra[name]
            if isinstance(table, dict):
                _table(lines, name, table.items())
            else:  # not a table at all: kept as found all the same
                lines.append(f"{_dump(name)}: {_dump(table)}")
    _table(lines, META_TABLE, [("1", {**meta, CHECKSUM_KEY: PLACEHOLDER})])
    return seal("{\n" + ",\n".join(lines) + "\n}\n")
