"""Read-only places open read-only with the reason; a file keeps its mode (issue 12, item 8).

Before: a read-only mount or folder gave a raw ``[Errno 30]``/``[Errno 13]``
and no window, a read-only file was replaced, and every save reset the
file's mode to 0600. (As root, permission bits do not stop writes; the
checks in ``places`` treat a file or folder with no write bit for anyone as
read-only all the same, so these tests run as root too.)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import Store, open_with_recovery
from nato_desk.store import store as store_module

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _edit(store: Store, role: str) -> None:
    old = store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]
    store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")


def test_a_read_only_file_opens_read_only_and_is_never_replaced(store_path: Path) -> None:
    Store.open(store_path, seed=sample_records).close()
    store_path.chmod(0o444)
    before = store_path.read_bytes()
    store, _report = open_with_recovery(store_path, seed=sample_records)
    try:
        assert store.read_only
        assert "read-only" in (store.read_only_reason or "") and str(store_path) in (store.read_only_reason or "")
        assert store.get(Quote, ESP_QUOTE.id) is not None  # the data is there to read
    finally:
        store.close()
    assert store_path.read_bytes() == before and stat.S_IMODE(store_path.stat().st_mode) == 0o444


def test_a_read_only_folder_opens_read_only_with_the_reason(store_path: Path) -> None:
    Store.open(store_path, seed=sample_records).close()
    folder = store_path.parent
    folder.chmod(0o555)
    try:
        store, _report = open_with_recovery(store_path, seed=sample_records)
        assert store.read_only and str(folder) in (store.read_only_reason or "")
        store.close()
    finally:
        folder.chmod(0o755)


def test_a_read_only_disk_opens_read_only_with_the_reason(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(store_path, seed=sample_records).close()
    said = f"the disk or folder {store_path.parent} is read-only (mounted read-only)"
    monkeypatch.setattr(store_module, "write_problem", lambda path: said)
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    store, _report = open_with_recovery(store_path, seed=sample_records)
    try:
        assert store.read_only and "mounted read-only" in (store.read_only_reason or "")
        assert "Errno" not in (store.read_only_reason or "")
    finally:
        store.close()


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_a_file_keeps_its_mode_through_edits_and_snapshots(store_path: Path, mode: int) -> None:
    Store.open(store_path, seed=sample_records).close()
    store_path.chmod(mode)
    with Store.open(store_path) as store:
        _edit(store, "edited")
        assert stat.S_IMODE(os.stat(f"{store_path}.journal").st_mode) == mode  # the journal holds the same data
    assert stat.S_IMODE(store_path.stat().st_mode) == mode
