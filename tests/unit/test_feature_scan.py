"""PySide6 no longer reads the source of every module the desk imports (issue 14: start-up).

Each case runs in a fresh interpreter: PySide6's import hook and its record of
modules are process-wide. A module written for the case is imported after
``nato_desk.ui``; a stock PySide6 reads its whole source through linecache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = r"""
import importlib, json, linecache, sys
sys.path.insert(0, sys.argv[2])
if sys.argv[1] == "desk":
    import nato_desk.ui
else:
    import PySide6.QtCore
plain, snake = (importlib.import_module(name) for name in ("plain_probe", "snake_probe"))
print(json.dumps({"read": [name for name in linecache.cache if "probe" in name], "snake": snake.name_set()}))
"""


def _run(mode: str, folder: Path) -> dict[str, object]:
    (folder / "plain_probe.py").write_text("VALUE = 1\n", encoding="utf-8")
    (folder / "snake_probe.py").write_text(textwrap.dedent("""
        from __feature__ import snake_case
        from PySide6.QtCore import QObject

        def name_set():
            probe = QObject()
            probe.set_object_name("snake")
            return probe.object_name()
    """), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", PROBE, mode, str(folder)], capture_output=True, text=True,
                          timeout=60, check=True, env=env)
    return json.loads(done.stdout.splitlines()[-1])


def test_stock_pyside_reads_every_imported_module(tmp_path: Path) -> None:
    # What the desk saves: without it both probes' sources are read and kept.
    found = _run("stock", tmp_path)
    assert sorted(Path(name).name for name in found["read"]) == ["plain_probe.py", "snake_probe.py"]
    assert found["snake"] == "snake"


def test_desk_imports_read_no_module_source_and_keep_feature_import(tmp_path: Path) -> None:
    found = _run("desk", tmp_path)
    assert found["read"] == []
    assert found["snake"] == "snake"  # a module that opts in to snake_case still gets it
