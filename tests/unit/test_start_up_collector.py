"""The ``nato-desk`` window starts without the cyclic collector (``nato_desk.collector``).

Start-up builds some 130,000 objects that live as long as the window; the
collector's passes over them were 35-40 ms of the half second to the first
paint (issue 14). The command pauses it before the window's modules are
imported; ``ui.app.run`` turns it back on once the window is shown, with what
start-up built parked outside it (``gc.freeze``), so later passes walk only
what the analyst's work makes. A window built any other way (the tests, a
bench without the pause) leaves the collector as it found it.
"""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from nato_desk import cli
from nato_desk.collector import pause_for_start_up, resume_after_start_up


@pytest.fixture(autouse=True)
def _collector_as_found() -> Iterator[None]:
    """Whatever a test does to the collector is undone: on, and nothing it parked left parked."""
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    yield
    resume_after_start_up()  # a test that failed between pause and resume
    if frozen_before == 0:
        gc.unfreeze()
    if was_enabled:
        gc.enable()


def test_start_up_runs_without_the_collector_and_parks_what_it_built() -> None:
    pause_for_start_up()
    assert not gc.isenabled()
    built = [[index] for index in range(2_000)]  # start-up's long-lived objects
    frozen_before = gc.get_freeze_count()
    resume_after_start_up()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(built)


def test_resuming_without_a_pause_leaves_the_collector_as_it_was() -> None:
    frozen_before = gc.get_freeze_count()
    resume_after_start_up()
    assert gc.isenabled() and gc.get_freeze_count() == frozen_before
    gc.disable()
    resume_after_start_up()
    assert not gc.isenabled()


def test_a_caller_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    frozen_before = gc.get_freeze_count()
    pause_for_start_up()
    resume_after_start_up()
    assert not gc.isenabled() and gc.get_freeze_count() == frozen_before


def test_the_window_command_builds_and_shows_the_window_with_the_collector_paused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A stand-in for nato_desk.ui.app (no Qt here) says whether the collector
    # was on while the command ran the window.
    seen: list[bool] = []
    stand_in = types.ModuleType("nato_desk.ui.app")

    def run(db_path: Path) -> int:
        seen.append(gc.isenabled())
        resume_after_start_up()  # as the real run() does once the window is shown
        return 0

    stand_in.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nato_desk.ui.app", stand_in)
    assert cli.main(["--db", str(tmp_path / "desk.json")]) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_commands_without_a_window_leave_the_collector_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frozen_before = gc.get_freeze_count()
    assert cli.main(["list", "allies"]) == 0
    assert "ESP" in capsys.readouterr().out
    assert gc.isenabled() and gc.get_freeze_count() <= frozen_before  # nothing parked (some parked may be freed)
