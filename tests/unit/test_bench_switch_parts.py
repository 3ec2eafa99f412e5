"""bench/switch_parts.py cannot rot: every part it leaves out still names what the switch calls.

The bench makes a method or function a no-op by its dotted name; a rename in
the app would otherwise make it leave nothing out and report a part as free.
The check runs in a child process, so the test process needs no Qt.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import sys
sys.path.insert(0, sys.argv[1])
import switch_parts
for part in switch_parts.PARTS:
    owner, name = switch_parts.resolve(part)
    print(part, "->", getattr(owner, name).__qualname__)
"""


def test_every_part_names_a_callable_the_switch_uses() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK, str(ROOT / "bench")], capture_output=True, text=True,
                          check=False, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    resolved = dict(line.split(" -> ") for line in done.stdout.splitlines())
    assert resolved == {
        "chart": "TrajectoryChart.set_member",
        "series": "_set",
        "pane": "DetailPane.show_member",
        "quote source": "SourceView.set_source",
    }


def test_a_part_that_moved_is_refused_by_name() -> None:
    check = """
import sys
sys.path.insert(0, sys.argv[1])
import switch_parts
switch_parts.PARTS["gone"] = ("nato_desk.ui.detail_pane", "DetailPane.no_such_method")
switch_parts.resolve("gone")
"""
    done = subprocess.run([sys.executable, "-c", check, str(ROOT / "bench")], capture_output=True, text=True,
                          check=False, timeout=120, cwd=ROOT)
    assert done.returncode != 0
    assert "no_such_method" in done.stderr
