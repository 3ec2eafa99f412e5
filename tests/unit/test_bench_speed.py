"""bench/speed.py cannot rot: every row of issue 14's table is measured once at the smallest setting.

No timing is asserted (project rule). What is checked is that the script ran
every row against its baseline and that each measurement saw what it claims
to measure: a selection painted the window, the hover readout showed, the
import row listed what it loaded. The script runs as a child process, so this
test needs no Qt in the test process (tests/unit runs without it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "speed.py"
ROWS = ("start to first painted window", "resident memory after start", "import nato_desk.ui.app",
        "ally switch, selection to last paint", "hover readout, move to repainted",
        "edit durably saved", "memory growth, second walk", "deck, ")


@pytest.fixture(scope="module")
def output() -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(SCRIPT), "--smoke"], check=False, capture_output=True, text=True,
                          timeout=240, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_every_row_is_printed_with_ours_baseline_ratio_goal_and_verdict(output: str) -> None:
    lines = output.splitlines()
    assert lines[0].split()[:2] == ["row", "unit"]
    for name in ROWS:
        row = next((line for line in lines if line.startswith(name)), None)
        assert row is not None, f"no row {name!r} in:\n{output}"
        assert row.rstrip().endswith(("ok", "OVER")), row
        # ours min/median/max: three numbers
        assert re.search(r"\d+\.\d+/\d+\.\d+/\d+\.\d+", row), row
        if not name.startswith("deck"):  # the deck has a goal in seconds, no baseline
            assert re.search(r"\s\d+\.\d+x\s|\s-\s", row), row


def test_the_switch_row_saw_the_selection_paint_the_window(output: str) -> None:
    passes = re.search(r"paint passes per switch: median \S+, min (\d+), max (\d+) "
                       r"\(the plain repaint: median (\S+)\)", output)
    assert passes is not None, output
    assert int(passes.group(1)) >= 1
    assert float(passes.group(3)) >= 1


def test_the_hover_row_moved_over_a_chart_of_six_allies_and_the_readout_showed(output: str) -> None:
    assert "6 allies on the chart; readout shown: True" in output


def test_the_import_row_names_what_it_loaded(output: str) -> None:
    assert "loaded though the first window does not need it:" in output
    assert re.search(r"\d+ modules \(\d+ of nato_desk\) against the bare window's \d+", output)


def test_the_deck_row_built_a_deck_for_every_ally(output: str) -> None:
    assert re.search(r"^deck, 32 allies, PPTX \+ PDF", output, re.MULTILINE)
    assert re.search(r"\d+ slides; peak RSS growth median", output)
