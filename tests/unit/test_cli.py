"""The command line works without a display: --version and --help."""

from __future__ import annotations

import os
import subprocess
import sys

from nato_desk import __version__
from nato_desk.cli import build_parser, default_store_path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "nato_desk", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_version_without_a_display():
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"nato-desk {__version__}"


def test_help_names_the_db_option_without_a_display():
    result = _run("--help")
    assert result.returncode == 0, result.stderr
    assert "--db PATH" in result.stdout and "offline" in result.stdout


def test_unknown_option_is_refused_with_a_message():
    result = _run("--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr


def test_db_option_and_default_store_location(tmp_path):
    args = build_parser().parse_args(["--db", str(tmp_path / "x.json")])
    assert args.db == tmp_path / "x.json"
    default = default_store_path()
    assert default.name == "nato_desk.json" and "nato_desk" in str(default.parent)
