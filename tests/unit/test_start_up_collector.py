"""The ``nato-desk`` window starts without the cyclic collector (``nato_desk.collector``).

Start-up builds some 130,000 objects that live as long as the window; the
collector's passes over them were 35-40 ms of the half second to the first
paint (issue 14). The command pauses it before the window's modules are
imported; ``ui.app.run`` turns it back on once the window is shown, with what
start-up built parked outside it (``gc.freeze``), so later passes walk only
what the analyst's work makes. A window built any other way (the tests, a
bench without the pause) leaves the collector as it found it.

The collector is the process's: another test's thread pausing and resuming it
(``collector_paused``) could turn it on in the middle of these tests. So they
watch a stand-in for the ``gc`` module, which says what was asked of it.
"""

from __future__ import annotations

import gc
import sys
import types
from pathlib import Path

import pytest

from nato_desk import cli, collector
from nato_desk.collector import pause_for_start_up, resume_after_start_up


class Collector:
    """What ``nato_desk.collector`` asks of ``gc``, recorded."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.frozen = 0  # how many times everything alive was parked

    def isenabled(self) -> bool:
        return self.enabled

    def disable(self) -> None:
        self.enabled = False

    def enable(self) -> None:
        self.enabled = True

    def freeze(self) -> None:
        assert not self.enabled, "parked while the collector could run: it would walk them first"
        self.frozen += 1


@pytest.fixture
def collector_gc(monkeypatch: pytest.MonkeyPatch) -> Collector:
    stand_in = Collector()
    monkeypatch.setattr(collector, "gc", stand_in)
    monkeypatch.setattr(collector, "_paused_for_start_up", False)
    return stand_in


def test_start_up_runs_without_the_collector_and_parks_what_it_built(collector_gc: Collector) -> None:
    pause_for_start_up()
    assert not collector_gc.enabled
    resume_after_start_up()
    assert collector_gc.enabled and collector_gc.frozen == 1
    resume_after_start_up()  # once only
    assert collector_gc.frozen == 1


def test_resuming_without_a_pause_leaves_the_collector_as_it_was(collector_gc: Collector) -> None:
    resume_after_start_up()
    assert collector_gc.enabled and collector_gc.frozen == 0
    collector_gc.enabled = False
    resume_after_start_up()
    assert not collector_gc.enabled and collector_gc.frozen == 0


def test_a_caller_that_turned_the_collector_off_keeps_it_off(collector_gc: Collector) -> None:
    collector_gc.enabled = False
    pause_for_start_up()
    resume_after_start_up()
    assert not collector_gc.enabled and collector_gc.frozen == 0


def test_parking_really_parks_what_is_alive() -> None:
    # The real collector, once: what resume parks is what gc.freeze parks.
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    built = [[index] for index in range(2_000)]
    try:
        gc.disable()
        gc.freeze()
        assert gc.get_freeze_count() >= frozen_before + len(built)
    finally:
        if frozen_before == 0:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_the_window_command_builds_and_shows_the_window_with_the_collector_paused(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, collector_gc: Collector) -> None:
    # A stand-in for nato_desk.ui.app (no Qt here) says whether the collector
    # was on while the command ran the window.
    seen: list[bool] = []
    stand_in = types.ModuleType("nato_desk.ui.app")

    def run(db_path: Path) -> int:
        seen.append(collector_gc.enabled)
        resume_after_start_up()  # as the real run() does once the window is shown
        return 0

    stand_in.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "nato_desk.ui.app", stand_in)
    assert cli.main(["--db", str(tmp_path / "desk.json")]) == 0
    assert seen == [False]
    assert collector_gc.enabled and collector_gc.frozen == 1


def test_commands_without_a_window_leave_the_collector_alone(
        capsys: pytest.CaptureFixture[str], collector_gc: Collector) -> None:
    assert cli.main(["list", "allies"]) == 0
    assert "ESP" in capsys.readouterr().out
    assert collector_gc.enabled and collector_gc.frozen == 0
