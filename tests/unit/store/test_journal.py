"""The journal: an edit is durable when ``apply`` returns, whatever the store's size (issue 12, item 12).

A crash between edits leaves the snapshot and a journal; the next open
replays it. A half-written last line is an edit never acknowledged and is
dropped; damage before the end is kept aside and said, and the good lines
before it are still applied.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from store_samples import ESP_QUOTE, sample_records

from nato_desk.domain import Quote, SetField
from nato_desk.store import Store
from nato_desk.store.journal import journal_path

ROOT = Path(__file__).resolve().parents[3]


def _crash_after_edits(path: Path, roles: list[str]) -> None:
    """Open ``path``, make each edit, then die without closing (no snapshot rewrite)."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.path[:0] = [{str(ROOT)!r}, {str(Path(__file__).parent)!r}]
        from pathlib import Path
        from nato_desk.domain import Quote, SetField
        from nato_desk.store import Store
        from store_samples import ESP_QUOTE, sample_records
        store = Store.open(Path({str(path)!r}), seed=sample_records)
        for role in {roles!r}:
            old = store.get(Quote, ESP_QUOTE.id).role
            store.apply(SetField("quotes", ESP_QUOTE.id, "role", old, role, "Edit role"), user="ana")
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def _role(path: Path, **kwargs: object) -> str:
    with Store.open(path, **kwargs) as store:  # type: ignore[arg-type]
        return store.get(Quote, ESP_QUOTE.id).role  # type: ignore[union-attr]


def test_an_edit_is_in_the_journal_not_a_rewritten_snapshot(store_path: Path) -> None:
    with Store.open(store_path, seed=sample_records) as store:
        before = store_path.read_bytes()
        store.apply(SetField("quotes", ESP_QUOTE.id, "role", ESP_QUOTE.role, "PM", "Edit role"), user="ana")
        assert store_path.read_bytes() == before  # the cost of an edit is not the store's size
        assert journal_path(store_path).stat().st_size > 0
        assert store.save_seq == 1
    assert not journal_path(store_path).exists()  # folded in at close
    assert _role(store_path, read_only=True) == "PM"


def test_after_a_crash_the_journal_is_replayed_and_folded_in(store_path: Path) -> None:
    _crash_after_edits(store_path, ["one", "two", "three"])
    assert journal_path(store_path).exists()
    assert _role(store_path, read_only=True) == "three"  # a read-only open replays in memory
    with Store.open(store_path) as store:
        assert store.get(Quote, ESP_QUOTE.id).role == "three"  # type: ignore[union-attr]
        assert len(store.history()) == 3 and store.save_seq == 3
        assert not journal_path(store_path).exists()  # a writable open folds it in at once
    assert _role(store_path) == "three"


def test_a_half_written_last_line_is_dropped_silently(store_path: Path) -> None:
    _crash_after_edits(store_path, ["one", "two"])
    with journal_path(store_path).open("ab") as journal:
        journal.write(b"0123456789abcdef {\"op\": \"app")  # a crash in the middle of the append
    with Store.open(store_path) as store:
        assert store.get(Quote, ESP_QUOTE.id).role == "two"  # type: ignore[union-attr]
        assert store.recovery_report is None  # nothing acknowledged was lost: nothing to say


def test_damage_in_the_middle_is_kept_aside_and_the_lines_before_it_used(store_path: Path) -> None:
    _crash_after_edits(store_path, ["one", "two", "three"])
    journal = journal_path(store_path)
    lines = journal.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b'"two"', b'"tw0"')  # a bit flip on disk
    journal.write_bytes(b"\n".join(lines))
    with Store.open(store_path) as store:
        assert store.get(Quote, ESP_QUOTE.id).role == "one"  # type: ignore[union-attr]
        report = store.recovery_report
        assert report is not None and "line 2 of the journal" in report.message
        assert report.kept_as is not None and report.kept_as.exists()
        assert b'"three"' in report.kept_as.read_bytes()  # nothing deleted
    assert _role(store_path) == "one"


def test_another_stores_journal_is_not_applied(store_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "store.json"
    _crash_after_edits(other, ["from the other store"])
    _crash_after_edits(store_path, [])
    os.replace(journal_path(other), journal_path(store_path))
    with Store.open(store_path) as store:
        assert store.get(Quote, ESP_QUOTE.id).role == ESP_QUOTE.role  # type: ignore[union-attr]
        assert store.recovery_report is not None and "another store" in store.recovery_report.message


def test_a_journal_with_a_gap_is_not_applied_past_it(store_path: Path) -> None:
    _crash_after_edits(store_path, ["one", "two", "three"])
    journal = journal_path(store_path)
    lines = journal.read_bytes().split(b"\n")
    journal.write_bytes(b"\n".join([lines[0], lines[2], b""]))  # change 2 is missing
    with Store.open(store_path) as store:
        assert store.get(Quote, ESP_QUOTE.id).role == "one"  # type: ignore[union-attr]
        assert store.recovery_report is not None and "does not follow" in store.recovery_report.message


def test_a_failed_append_then_a_failed_folder_fsync_never_turns_the_store_against_its_own_file(
        store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nato_desk.store import StoreWriteError
    from nato_desk.store import atomic_storage

    store = Store.open(store_path, seed=sample_records)
    real_fsync, real_folder = os.fsync, atomic_storage.fsync_folder

    def full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the journal line cannot be made durable
    with pytest.raises(StoreWriteError):
        store.apply(SetField("quotes", ESP_QUOTE.id, "role", ESP_QUOTE.role, "one", "Edit role"), user="ana")
    monkeypatch.setattr(os, "fsync", real_fsync)
    monkeypatch.setattr(atomic_storage, "fsync_folder", full)  # the next save rewrites the snapshot: its last step fails
    with pytest.raises(StoreWriteError):
        store.apply(SetField("quotes", ESP_QUOTE.id, "role", ESP_QUOTE.role, "two", "Edit role"), user="ana")
    monkeypatch.setattr(atomic_storage, "fsync_folder", real_folder)
    store.apply(SetField("quotes", ESP_QUOTE.id, "role", ESP_QUOTE.role, "three", "Edit role"), user="ana")
    assert not store.read_only
    store.close()
    assert _role(store_path) == "three"
