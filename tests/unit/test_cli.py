"""The command line works without a display: --version and --help."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


# ------------------------------------------------------------- nato-desk deck


def test_deck_command_writes_the_deck_without_qt(tmp_path):
    out, db = tmp_path / "deck.pptx", tmp_path / "desk.json"
    code = (
        "import sys\n"
        "from nato_desk.cli import main\n"
        f"rc = main(['deck', '--members', 'POL,ESP,BEL', '--out', {str(out)!r}, '--db', {str(db)!r},\n"
        "            '--edition', '2026-07', '--marking', 'NATO UNCLASSIFIED'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(rc or (3 if bad else 0))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert db.exists()  # seeded from the shipped data on first use

    from pptx import Presentation

    prs = Presentation(str(out))
    assert len(prs.slides) == 1 + 1 + 3 + 1
    first = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert "Poland, Spain, Belgium" in first and "NATO UNCLASSIFIED" in first


def test_deck_command_via_python_m(tmp_path):
    out = tmp_path / "d.pptx"
    result = _run("--db", str(tmp_path / "desk.json"), "deck", "--members", "esp", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists() and "Wrote" in result.stdout


def test_deck_command_names_unknown_members(tmp_path):
    out = tmp_path / "d.pptx"
    result = _run("deck", "--members", "POL,XXX,YYY", "--out", str(out), "--db", str(tmp_path / "desk.json"))
    assert result.returncode == 2
    assert "XXX, YYY" in result.stderr and not out.exists()


def test_deck_command_refuses_an_unknown_edition(tmp_path):
    result = _run("deck", "--members", "POL", "--out", str(tmp_path / "d.pptx"),
                  "--db", str(tmp_path / "desk.json"), "--edition", "1999-01")
    assert result.returncode == 2 and "1999-01" in result.stderr


def test_deck_pdf_writes_the_same_deck_as_a_pdf(tmp_path):
    out = tmp_path / "d.pptx"
    result = _run("deck", "--members", "POL,ESP", "--out", str(out), "--pdf", "--db", str(tmp_path / "desk.json"))
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf")
    assert out.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert f"Wrote {pdf}" in result.stdout


def test_deck_help_and_db_before_the_command(tmp_path):
    result = _run("deck", "--help")
    assert result.returncode == 0 and "--members" in result.stdout and "--marking" in result.stdout
    args = build_parser().parse_args(["--db", str(tmp_path / "x.json"), "deck", "--members", "POL",
                                      "--out", "o.pptx"])
    assert args.db == tmp_path / "x.json" and args.command == "deck"
    assert build_parser().parse_args([]).command is None  # no command: the window opens
