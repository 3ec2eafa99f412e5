"""Export files are written whole, with the user's umask, and errors name the user's path."""

from __future__ import annotations

import os
import stat

import pytest

from nato_desk.export.files import ExportWriteError, write_atomically


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_users_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        out = write_atomically(tmp_path / "deck.pdf", b"%PDF")
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_bytes() == b"%PDF"


def test_a_missing_folder_names_the_users_path_not_a_temp_file(tmp_path):
    target = tmp_path / "no such folder" / "deck.pptx"
    with pytest.raises(ExportWriteError) as caught:
        write_atomically(target, b"x")
    message = str(caught.value)
    assert message == f"Could not write {target}: no such file or directory."
    assert ".tmp" not in message


def test_a_folder_in_the_way_is_refused_and_kept(tmp_path):
    (tmp_path / "deck.pptx").mkdir()
    with pytest.raises(ExportWriteError, match="it is a folder"):
        write_atomically(tmp_path / "deck.pptx", b"x")
    assert (tmp_path / "deck.pptx").is_dir()


def test_a_failed_replace_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "chart.png"
    target.write_bytes(b"old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportWriteError, match="no space left on device"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.png"]
