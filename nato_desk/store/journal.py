"""The journal: every change since the last snapshot, appended and fsynced before it is acknowledged.

Rewriting a 50,000-figure snapshot for every edit blocked the window for up
to 1.2 s. Instead an edit appends one line to ``<store file>.journal`` and
fsyncs it (a few milliseconds, whatever the store's size); the snapshot is
rewritten, atomically, when the store is closed or next opened, and the
journal then removed. A line is::

    <SHA-256 of the JSON, 64 hex> <JSON>\\n

and its JSON says which store it belongs to and where it goes::

    {"store": "<store id>", "seq": 43, "op": "apply", "entry": {...}}

``seq`` continues the snapshot's ``save_seq``: the snapshot written at seq
42 is followed by journal lines 43, 44, … Lines at or below the snapshot's
seq were already folded in (a crash between writing the snapshot and
removing the journal leaves them) and are skipped.

Reading (``read_journal``) is strict about the middle and lenient about the
end: a last line without its newline or its checksum is what a crash during
the append leaves, an edit never acknowledged, and is dropped. Anything else
wrong (a bad line followed by good ones, another store's line, a gap in the
sequence) is damage: the lines before it are still used, and the problem is
said, so the store can keep the journal aside and carry on with what was good.

This module owns the bytes of the journal file only; what an operation does
to the records is the ``Store``'s business.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_desk.store.atomic_storage import fsync_folder

__all__ = ["JOURNAL_SUFFIX", "Journal", "JournalRead", "journal_path", "read_journal"]

JOURNAL_SUFFIX = ".journal"


def journal_path(store_path: Path) -> Path:
    """The journal of the store file at ``store_path`` (already resolved)."""
    return store_path.with_name(store_path.name + JOURNAL_SUFFIX)


def _data_path(journal: Path) -> Path:
    return journal.with_name(journal.name.removesuffix(JOURNAL_SUFFIX))


def _line(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(body).hexdigest().encode("ascii") + b" " + body + b"\n"


@dataclass
class JournalRead:
    """What ``read_journal`` found."""

    ops: list[dict[str, Any]] = field(default_factory=list)
    """The operations to replay, in order (seq above the snapshot's)."""
    last_seq: int = 0
    """The seq of the last operation (the snapshot's if there are none)."""
    problem: str | None = None
    """Damage found, in plain words; the operations before it are in ``ops``."""
    dropped_tail: bool = False
    """A half-written last line (never acknowledged) was dropped."""
    exists: bool = False


def read_journal(path: Path, *, store_id: str, base_seq: int) -> JournalRead:
    """The operations in the journal at ``path`` that follow a snapshot at ``base_seq``.

    Raises:
        OSError: the journal exists but cannot be read.
    """
    found = JournalRead(last_seq=base_seq)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return found
    found.exists = True
    lines = raw.split(b"\n")
    # After the last newline: empty, or a line a crash cut short.
    if lines[-1]:
        found.dropped_tail = True
    lines = lines[:-1]
    expected = base_seq + 1
    for number, line in enumerate(lines, 1):
        payload = _parse(line)
        if payload is None:
            if number == len(lines):
                found.dropped_tail = True  # written whole but not synced before a crash
                break
            found.problem = f"line {number} of the journal {path.name} is damaged"
            break
        if payload.get("store") != store_id:
            found.problem = f"line {number} of the journal {path.name} belongs to another store"
            break
        seq = payload.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            found.problem = f"line {number} of the journal {path.name} has no sequence number"
            break
        if seq <= base_seq:
            continue  # folded into the snapshot already
        if seq != expected:
            found.problem = (f"the journal {path.name} does not follow the data file "
                             f"(change {seq} where {expected} was expected)")
            break
        found.ops.append(payload)
        found.last_seq = seq
        expected += 1
    return found


def _parse(line: bytes) -> dict[str, Any] | None:
    digest, _, body = line.partition(b" ")
    if len(digest) != 64 or hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return None
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


class Journal:
    """The open journal of a writable store: appends, each durable when it returns.

    The file is opened on the first append (created if need be) and kept
    open, so each append is one ``write`` and one ``fsync``.
    """

    def __init__(self, path: Path, *, store_id: str) -> None:
        self._path = path
        self._data_path = _data_path(path)
        self._store_id = store_id
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return self._path

    @property
    def fd(self) -> int | None:
        """The open file, for identity checks; None before the first append."""
        return self._fd

    def append(self, seq: int, payload: dict[str, Any]) -> None:
        """Write one operation and make it durable.

        Raises:
            ValueError, TypeError: ``payload`` is not JSON (nothing was written).
            OSError: the write or the fsync failed; the line may be partly
                written (the file is cut back to where it was when possible,
                and a partial last line is dropped at the next read anyway).
        """
        line = _line({**payload, "store": self._store_id, "seq": seq})
        created = False
        if self._fd is None:
            created = not self._path.exists()
            self._fd = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if created:
                with contextlib.suppress(OSError):  # the data file's permissions: it holds the same data
                    os.fchmod(self._fd, os.stat(self._data_path).st_mode & 0o7777)
        fd = self._fd
        start = os.fstat(fd).st_size
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
            if created:
                fsync_folder(self._path.parent)  # the new file's name, durable too
        except OSError:
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass  # a torn last line is dropped on the next read
            raise

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def remove(self) -> None:
        """Close and delete the journal (its changes are in a durable snapshot)."""
        self.close()
        try:
            os.unlink(self._path)
        except FileNotFoundError:
            pass
