"""Saves go through symbolic links and keep the file's mode and owner (issue 12, items 4 and 8).

A store kept in a synced folder through a link used to be replaced by a plain
file at the first save, so the synced copy silently stopped receiving edits;
every save also reset the file's mode to 0o600.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from store_samples import obs, sample_records

from nato_desk.store import Store
from nato_desk.store.atomic_storage import remove_leftover_temps, write_atomically

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and POSIX modes")


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    """The real file, in a 'synced' folder of its own."""
    folder = tmp_path / "Dropbox" / "nato"
    folder.mkdir(parents=True)
    target = folder / "store.json"
    target.write_bytes(b"old")
    return target


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _temps(*folders: Path) -> list[str]:
    return sorted(p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_relative_link_is_written_through_and_stays_a_link(tmp_path: Path, synced: Path) -> None:
    desk = tmp_path / "desk"
    desk.mkdir()
    link = desk / "store.json"
    link.symlink_to(os.path.relpath(synced, desk))
    write_atomically(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == os.path.relpath(synced, desk)
    assert synced.read_bytes() == b"new"
    assert _temps(desk, synced.parent) == []


def test_a_chain_of_links_reaches_the_real_file(tmp_path: Path, synced: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    second.symlink_to(synced)
    first.symlink_to(second)
    write_atomically(first, b"new")
    assert first.is_symlink() and second.is_symlink()
    assert synced.read_bytes() == b"new"
    assert _temps(tmp_path, synced.parent) == []


def test_a_dangling_link_creates_its_target(tmp_path: Path, synced: Path) -> None:
    link = tmp_path / "store.json"
    target = synced.parent / "new.json"
    link.symlink_to(target)
    write_atomically(link, b"first")
    assert link.is_symlink()
    assert target.read_bytes() == b"first"


def test_a_dangling_link_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    link = tmp_path / "store.json"
    link.symlink_to(tmp_path / "unmounted" / "store.json")
    with pytest.raises(FileNotFoundError) as info:
        write_atomically(link, b"x")
    assert str(tmp_path / "unmounted") in str(info.value)
    assert "symbolic link" in str(info.value)
    assert link.is_symlink()
    assert _temps(tmp_path) == []


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(OSError) as info:
        write_atomically(a, b"x")
    assert info.value.errno == errno.ELOOP
    assert a.is_symlink() and b.is_symlink()


def test_a_store_opened_through_a_link_saves_into_the_linked_file(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "store.json"
    synced.parent.mkdir()
    Store.open(synced, seed=sample_records).close()
    link = tmp_path / "desk" / "store.json"
    link.parent.mkdir()
    link.symlink_to(synced)
    with Store.open(link) as store:
        store.put_many([obs("POL", 2024, 4.12)])
    assert link.is_symlink()
    with Store.open(synced, read_only=True) as store:
        assert any(o.year == 2024 and o.value == 4.12 for o in store.observations("POL"))


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664, 0o444])
def test_a_save_keeps_the_files_mode(synced: Path, mode: int) -> None:
    synced.chmod(mode)
    write_atomically(synced, b"new")
    assert synced.read_bytes() == b"new"
    assert stat.S_IMODE(synced.stat().st_mode) == mode


def test_a_save_through_a_link_keeps_the_targets_mode(tmp_path: Path, synced: Path) -> None:
    synced.chmod(0o640)
    link = tmp_path / "store.json"
    link.symlink_to(synced)
    write_atomically(link, b"new")
    assert stat.S_IMODE(synced.stat().st_mode) == 0o640


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_the_users_umask(tmp_path: Path, umask: None, mask: int, mode: int) -> None:
    os.umask(mask)
    write_atomically(tmp_path / "store.json", b"new")
    assert stat.S_IMODE((tmp_path / "store.json").stat().st_mode) == mode


@pytest.mark.skipif(os.name == "posix" and os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_save_keeps_the_files_owner_where_permitted(synced: Path) -> None:
    os.chown(synced, 65534, 65534)
    synced.chmod(0o640)
    write_atomically(synced, b"new")
    info = synced.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)


def test_where_the_owner_cannot_be_kept_the_group_is_tried_and_the_save_goes_ahead(
        synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As a user other than the owner: fchown to another uid is refused.
    fake = os.stat_result((synced.stat().st_mode, 0, 0, 1, 4242, 4343, 3, 0, 0, 0))
    real_stat = os.stat
    calls: list[tuple[int, int]] = []

    def stat_(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return fake if Path(path) == synced else real_stat(path, *args, **kwargs)

    def fchown(fd: int, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(os, "stat", stat_)
    monkeypatch.setattr(os, "fchown", fchown)
    write_atomically(synced, b"new")
    monkeypatch.undo()
    assert synced.read_bytes() == b"new"
    assert calls == [(4242, 4343), (-1, 4343)]
    assert _temps(synced.parent) == []


def test_leftover_temps_are_found_in_the_targets_folder_and_beside_the_link(tmp_path: Path, synced: Path) -> None:
    link = tmp_path / "store.json"
    link.symlink_to(synced)
    hour_ago = time.time() - 3600
    beside_target = synced.parent / ".store.json.k2x_9q0a.tmp"
    beside_link = tmp_path / ".store.json.abcdefgh.tmp"
    for leftover in (beside_target, beside_link):
        leftover.write_bytes(b"{")
        os.utime(leftover, (hour_ago, hour_ago))
    removed = remove_leftover_temps(link, before=time.time())
    assert sorted(removed) == sorted([beside_target, beside_link])
    assert synced.read_bytes() == b"old" and link.is_symlink()
