"""Where a store really is, and why it cannot be written there (issue 12, items 4 and 8).

A read-only mount or a folder without write permission gave a raw
``[Errno 30]``/``[Errno 13]`` and no window; ``write_problem`` names the
reason in plain words so the store can open read-only and say why.

The tests run as root in CI, where permission bits do not stop writes, so the
permission scenarios run the probe as an unprivileged user (uid 65534) in a
subprocess when we are root. A real read-only mount is made with ``unshare
-m`` and a read-only bind mount where the system allows it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nato_desk.store import places
from nato_desk.store.atomic_storage import remove_leftover_temps
from nato_desk.store.places import resolve_store_path, write_problem

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symbolic links and POSIX permissions")

NOBODY = 65534
IS_ROOT = os.name == "posix" and os.geteuid() == 0

# Loads places.py by its path (it needs only the standard library), so any
# Python of the same version the unprivileged user may run will do.
_PROBE = """
import importlib.util, json, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("places", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(json.dumps(module.write_problem(Path(sys.argv[2]))))
"""


def _python_for_nobody() -> str:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    reasons = []
    for python in (sys.executable, shutil.which(version) or "", f"/usr/bin/{version}"):
        if not python:
            continue
        try:
            done = subprocess.run([python, "-c", "pass"], user=NOBODY, group=NOBODY, extra_groups=[], cwd="/",
                                  capture_output=True, text=True, timeout=60, check=False)
        except OSError as exc:  # the interpreter itself is out of reach (e.g. under /root)
            reasons.append(f"{python}: {exc.strerror}")
            continue
        if done.returncode == 0:
            return python
        reasons.append(f"{python}: {done.stderr.strip() or done.returncode}")
    pytest.skip(f"no Python {version} that uid {NOBODY} may run ({'; '.join(reasons)})")


def _places_readable_by_nobody() -> str:
    source = Path(places.__file__)
    done = subprocess.run(["/bin/cat", str(source)], user=NOBODY, group=NOBODY, extra_groups=[], cwd="/",
                          capture_output=True, timeout=60, check=False)
    if done.returncode != 0:
        pytest.skip(f"uid {NOBODY} cannot read {source}")
    return str(source)


def problem_for_unprivileged_user(path: Path) -> str | None:
    """``write_problem(path)`` as a user the permission bits apply to."""
    if not IS_ROOT:
        return write_problem(path)
    done = subprocess.run([_python_for_nobody(), "-c", _PROBE, _places_readable_by_nobody(), str(path)],
                          user=NOBODY, group=NOBODY, extra_groups=[], cwd="/",
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    answer: str | None = json.loads(done.stdout)
    return answer


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="nato-desk-places-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- resolve_store_path -------------------------------------------------------


def test_a_plain_path_resolves_to_itself_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_store_path(Path("store.json")) == tmp_path.resolve() / "store.json"


def test_a_relative_link_is_read_from_the_links_folder_not_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "synced").mkdir()
    link = tmp_path / "desk" / "store.json"
    link.symlink_to(Path("..") / "synced" / "store.json")  # dangling: no file there yet
    monkeypatch.chdir(tmp_path / "synced")
    assert resolve_store_path(link) == tmp_path.resolve() / "synced" / "store.json"


def test_a_chain_of_links_resolves_to_its_end(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}")
    (tmp_path / "b.json").symlink_to(real)
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    assert resolve_store_path(tmp_path / "a.json") == real.resolve()


def test_a_link_loop_raises_eloop(tmp_path: Path) -> None:
    (tmp_path / "a.json").symlink_to(tmp_path / "b.json")
    (tmp_path / "b.json").symlink_to(tmp_path / "a.json")
    with pytest.raises(OSError) as info:
        resolve_store_path(tmp_path / "a.json")
    assert info.value.errno == errno.ELOOP
    assert write_problem(tmp_path / "a.json") == f"the symbolic link {tmp_path / 'a.json'} points in a circle"


# -- write_problem: writable places ------------------------------------------


def test_a_writable_folder_and_file_have_no_problem_and_the_probe_leaves_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    assert write_problem(store) is None  # no file yet
    store.write_bytes(b"{}")
    before = store.stat()
    assert write_problem(store) is None
    after = store.stat()
    assert _listing(tmp_path) == ["store.json"]
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_probe_cut_short_is_a_temp_that_the_next_start_removes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store.json"
    with monkeypatch.context() as patch:
        patch.setattr(os, "unlink", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EIO, "io")))
        assert write_problem(store) is None
    [leftover] = [p for p in tmp_path.iterdir()]
    assert remove_leftover_temps(store, before=time.time() + 1) == [leftover]


# -- write_problem: read-only file --------------------------------------------


def test_a_file_nobody_may_write_is_read_only_even_for_root(tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    store.write_bytes(b"{}")
    store.chmod(0o444)
    assert write_problem(store) == f"the data file {store} is read-only (its permissions do not allow writing)"


def test_a_link_to_a_read_only_file_names_the_file(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "store.json"
    real.parent.mkdir()
    real.write_bytes(b"{}")
    real.chmod(0o444)
    link = tmp_path / "store.json"
    link.symlink_to(real)
    assert write_problem(link) == f"the data file {real.resolve()} is read-only (its permissions do not allow writing)"


def test_someone_elses_file_we_may_not_write_is_read_only(shared_folder: Path) -> None:
    # The folder lets everyone create files; the file is writable by its owner only.
    shared_folder.chmod(0o777)
    store = shared_folder / "store.json"
    store.write_bytes(b"{}")
    store.chmod(0o644 if IS_ROOT else 0o444)
    assert problem_for_unprivileged_user(store) == (
        f"the data file {store} is read-only (its permissions do not allow writing)")


# -- write_problem: folder without write permission ---------------------------


def test_a_folder_we_may_not_create_files_in_is_named(shared_folder: Path) -> None:
    # Writable file, folder that is not ours to write (0o755 owned by root;
    # when not root, a folder nobody may write).
    store = shared_folder / "store.json"
    store.write_bytes(b"{}")
    store.chmod(0o666)
    if not IS_ROOT:
        shared_folder.chmod(0o555)
    expected = (f"the folder {shared_folder} does not allow nato_desk to create files "
                "(it needs to, to save safely and to hold the lock)")
    assert problem_for_unprivileged_user(store) == expected
    assert problem_for_unprivileged_user(shared_folder / "new.json") == expected
    assert _listing(shared_folder) == ["store.json"]


def test_a_writable_shared_folder_and_file_are_fine_for_the_unprivileged_user(shared_folder: Path) -> None:
    # The control for the two tests above: the same probe, as the same user, says yes.
    shared_folder.chmod(0o777)
    store = shared_folder / "store.json"
    store.write_bytes(b"{}")
    store.chmod(0o666)
    assert problem_for_unprivileged_user(store) is None
    assert _listing(shared_folder) == ["store.json"]


def test_a_folder_nobody_may_write_is_refused_even_for_root(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert write_problem(folder / "store.json") == (
            f"the folder {folder} does not allow nato_desk to create files "
            "(it needs to, to save safely and to hold the lock)")
    finally:
        folder.chmod(0o755)


def test_a_missing_folder_and_a_folder_as_the_store_are_named(tmp_path: Path) -> None:
    assert write_problem(tmp_path / "gone" / "store.json") == f"the folder {tmp_path / 'gone'} does not exist"
    (tmp_path / "store.json").mkdir()
    assert write_problem(tmp_path / "store.json") == f"{tmp_path / 'store.json'} is a folder, not a data file"


# -- write_problem: read-only file system --------------------------------------


def _erofs(*args: Any, **kwargs: Any) -> Any:
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


def test_a_read_only_mount_is_named_for_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store.json"
    store.write_bytes(b"{}")
    monkeypatch.setattr(os, "open", _erofs)
    assert write_problem(store) == f"the disk or folder {tmp_path} is read-only (mounted read-only)"


def test_a_read_only_mount_is_named_for_a_new_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "open", _erofs)
    assert write_problem(tmp_path / "store.json") == f"the disk or folder {tmp_path} is read-only (mounted read-only)"


def test_a_real_read_only_bind_mount_is_named(shared_folder: Path) -> None:
    unshare = shutil.which("unshare")
    if not IS_ROOT or unshare is None:
        pytest.skip("a private read-only mount needs root and unshare(1)")
    store = shared_folder / "store.json"
    store.write_bytes(b"{}")
    # A private mount namespace: the read-only bind mount is seen by this
    # child only and vanishes with it.
    script = (f'mount --bind -o ro "$1" "$1" || exit 77; '
              f'exec "{sys.executable}" -c "$2" "{places.__file__}" "$1/store.json"')
    done = subprocess.run([unshare, "-m", "--propagation", "private", "sh", "-c", script, "sh",
                           str(shared_folder), _PROBE], capture_output=True, text=True, timeout=60, check=False)
    if done.returncode == 77 or "unshare failed" in done.stderr:
        pytest.skip(f"cannot make a private read-only mount here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == f"the disk or folder {shared_folder} is read-only (mounted read-only)"
    assert write_problem(store) is None  # outside the namespace the folder is writable
