"""The layers stay apart: import-linter's contracts, and a runtime guard that
the pure packages (and the CLI's --help path) never load Qt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_are_kept():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is a test dependency"
    result = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_pure_packages_do_not_load_qt_or_pyqtgraph():
    code = (
        "import sys\n"
        "import nato_desk.domain, nato_desk.store, nato_desk.analysis, nato_desk.ingest, nato_desk.export\n"
        "import nato_desk.cli\n"
        "nato_desk.ingest.load_seed(nato_desk.ingest.seed_folder())\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_store_loads_tinydb():
    code = (
        "import sys\n"
        "import nato_desk.domain, nato_desk.analysis, nato_desk.ingest, nato_desk.export\n"
        "sys.exit(1 if 'tinydb' in sys.modules else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], timeout=120).returncode == 0
