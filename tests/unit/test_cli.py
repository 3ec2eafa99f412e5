"""The command line: works without a display, reads without writing, and says
what went wrong in one line naming the user's path and the fix.

Exit codes and the absence of tracebacks are checked in a subprocess (the
real ``nato-desk`` process); the rest runs ``main`` in-process. The user's
data folder is always a temporary one (HOME and XDG_DATA_HOME), so the
default store is under the test's control and nothing of the machine's user
is read or written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nato_desk import __version__, cli
from nato_desk.cli import build_parser, default_store_path, main
from nato_desk.export.files import ExportWriteError

ALLIES = 32


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "NATO_DESK_DEBUG")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "xdg"), **extra)
    return env


def _run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nato_desk", *args], capture_output=True,
                          text=True, env=_env(home, **env), timeout=300)


def _tree(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under ``folder`` with its mtime and bytes."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _as_a_temporary_user(user_home):
    """Every test here runs as a temporary user (tests/unit/conftest.py)."""


@pytest.fixture
def store_copy(seeded_store, tmp_path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy2(seeded_store, folder / "desk.json")
    return folder / "desk.json"


@pytest.fixture
def fake_deck(monkeypatch):
    """Replace the deck builder: records what it was asked and writes a stand-in file."""
    calls: list[dict[str, object]] = []

    def write(store, codes, edition, marking, out, pdf, author="", **_options):
        calls.append({"codes": list(codes), "edition": edition, "marking": marking, "out": out, "author": author,
                      "pdf": pdf, "members": [m.iso3 for m in store.members()], "store": store.path,
                      "read_only": store.read_only})
        out.write_bytes(b"pptx")
        return len(codes) + 3

    monkeypatch.setattr(cli, "_write_deck", write)
    return calls


# ------------------------------------------------------------------ no display


def test_version_without_a_display(user_home):
    result = _run(user_home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"nato-desk {__version__}"


def test_help_names_the_commands_and_the_debug_switch_without_a_display(user_home):
    result = _run(user_home, "--help")
    assert result.returncode == 0, result.stderr
    assert "--db PATH" in result.stdout and "offline" in result.stdout
    for text in ("list allies", "list editions", "--members ALL", "NATO_DESK_DEBUG=1"):
        assert text in result.stdout, text


def test_unknown_option_is_refused_with_a_message(user_home):
    result = _run(user_home, "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr


def test_db_option_and_default_store_location(tmp_path, user_home):
    args = build_parser().parse_args(["--db", str(tmp_path / "x.json")])
    assert args.db == tmp_path / "x.json"
    assert default_store_path() == user_home / "xdg" / "nato_desk" / "nato_desk.json"


def test_db_before_and_after_the_command(tmp_path):
    args = build_parser().parse_args(["--db", str(tmp_path / "x.json"), "deck", "--members", "POL",
                                      "--out", "o.pptx"])
    assert args.db == tmp_path / "x.json" and args.command == "deck"
    args = build_parser().parse_args(["list", "allies", "--db", str(tmp_path / "y.json")])
    assert args.db == tmp_path / "y.json" and args.what == "allies"
    assert build_parser().parse_args([]).command is None  # no command: the window opens


# ------------------------------------------------------------------ nato-desk list


def test_list_allies_one_line_each_in_name_order(store_copy, capsys):
    assert main(["list", "allies", "--db", str(store_copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == ALLIES
    assert [line.split()[0] for line in lines][:3] == ["ALB", "BEL", "BGR"]  # Albania, Belgium, Bulgaria
    spain = next(line for line in lines if line.startswith("ESP "))
    assert "Spain" in spain and "2026-07: 2014-2026" in spain
    assert "editions with figures: 2024-06, 2025-08, 2026-03, 2026-07" in spain
    iceland = next(line for line in lines if line.startswith("ISL "))
    assert "no figures" in iceland and "no armed forces" in iceland
    hungary = next(line for line in lines if line.startswith("HUN "))
    assert "editions with figures: 2024-06, 2025-08, 2026-07" in hungary  # missing from the annual report


def test_list_allies_for_one_edition(store_copy, capsys):
    assert main(["--db", str(store_copy), "list", "allies", "--edition", "2025-08"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "2025-08: 2014-2024 (estimates 2024); published blank 2025" in lines["DEU"]
    assert main(["--db", str(store_copy), "list", "allies", "--edition", "2026-03"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert lines["CZE"].endswith("2026-03: no figures") and lines["HUN"].endswith("2026-03: no figures")


def test_list_editions(store_copy, capsys):
    assert main(["list", "editions", "--db", str(store_copy)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["2026-07", "2026-03", "2025-08", "2024-06"]  # newest first
    newest = lines[0]
    for text in ("July 2026", "Defence Investment of NATO Countries (2014-2026)", "released 2026-07-10",
                 "core defence expenditure, % of GDP", "31 allies with figures", "newest"):
        assert text in newest, text
    assert "29 allies with figures" in lines[1]


def test_list_refuses_an_unknown_edition(store_copy, capsys):
    assert main(["list", "allies", "--edition", "1999-01", "--db", str(store_copy)]) == 2
    err = capsys.readouterr().err
    assert "1999-01" in err and "2026-07 (July 2026)" in err and "nato-desk list editions" in err


def test_list_never_writes_the_store_it_reads(store_copy, capsys):
    before = _tree(store_copy.parent)
    for what in ("allies", "editions"):
        assert main(["list", what, "--db", str(store_copy)]) == 0
    assert _tree(store_copy.parent) == before  # no lock, backup or migration left behind


def test_list_without_a_store_reads_the_shipped_data_and_creates_nothing(user_home, tmp_path):
    """Run as the user would, in a process of its own, and watch the whole home folder."""
    before = _tree(user_home)
    allies = _run(user_home, "list", "allies")
    editions = _run(user_home, "list", "editions")
    assert allies.returncode == 0 and editions.returncode == 0, allies.stderr + editions.stderr
    assert len(allies.stdout.splitlines()) == ALLIES and len(editions.stdout.splitlines()) == 4
    assert "reads the shipped data (nothing is written)" in allies.stderr
    assert not default_store_path().exists() and not (user_home / "xdg").exists()
    assert _tree(user_home) == before


def test_list_refuses_a_db_path_with_no_store(tmp_path, capsys):
    missing = tmp_path / "typo.json"
    assert main(["--db", str(missing), "list", "editions"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"nato-desk list: no store at {missing}. Check the path, or leave out --db "
                           f"to use your own store ({default_store_path()}).")
    assert not missing.exists()


# ------------------------------------------------------------------ nato-desk deck: refusals


def test_deck_refuses_a_db_path_with_no_store(user_home, tmp_path):
    missing, out = tmp_path / "typo.json", tmp_path / "deck.pptx"
    result = _run(user_home, "deck", "--members", "ESP", "--out", str(out), "--db", str(missing))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"nato-desk deck: no store at {missing}. Check the path, or leave out --db to use your own "
        f"store ({user_home / 'xdg' / 'nato_desk' / 'nato_desk.json'}).")
    assert not missing.exists() and not out.exists() and not (user_home / "xdg").exists()


def test_deck_refuses_the_global_db_with_no_store_too(tmp_path, capsys, fake_deck):
    missing = tmp_path / "nowhere" / "desk.json"
    assert main(["--db", str(missing), "deck", "--members", "ESP", "--out", str(tmp_path / "d.pptx")]) == 2
    assert f"no store at {missing}. Check the path" in capsys.readouterr().err
    assert not missing.parent.exists() and fake_deck == []


def test_deck_refuses_a_folder_as_db(tmp_path, capsys, fake_deck):
    assert main(["deck", "--members", "ESP", "--out", str(tmp_path / "d.pptx"), "--db", str(tmp_path)]) == 2
    assert f"{tmp_path} is a folder, not a store file" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["deck.txt", "deck", "deck.ppt"])
def test_deck_out_must_end_in_pptx(tmp_path, capsys, fake_deck, name):
    out = tmp_path / name
    assert main(["deck", "--members", "ESP", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (f"nato-desk deck: --out {out} is not a PowerPoint file name. Give a name "
                           f"ending in .pptx, e.g. {tmp_path / 'deck.pptx'}.")
    assert fake_deck == [] and not out.exists()


def test_deck_out_suffix_is_case_insensitive_and_pdf_goes_beside_it(store_copy, tmp_path, fake_deck):
    out = tmp_path / "Brief.PPTX"
    assert main(["deck", "--members", "ESP", "--out", str(out), "--pdf", "--db", str(store_copy)]) == 0
    assert fake_deck[0]["out"] == out and fake_deck[0]["pdf"] == tmp_path / "Brief.pdf"


def test_deck_members_are_case_and_space_tolerant_and_deduplicated(store_copy, tmp_path, fake_deck, capsys):
    out = tmp_path / "d.pptx"
    assert main(["deck", "--members", " pol , Esp,POL,, bel ", "--out", str(out), "--db", str(store_copy),
                 "--edition", " 2025-08 "]) == 0
    assert fake_deck[0]["codes"] == ["POL", "ESP", "BEL"] and fake_deck[0]["edition"] == "2025-08"
    assert f"Wrote {out} (6 slides: 3 allies, August 2025 edition)" in capsys.readouterr().out


@pytest.mark.parametrize("word", ["ALL", "all", " All "])
def test_deck_members_all_is_every_ally_in_name_order(store_copy, tmp_path, fake_deck, word):
    assert main(["deck", "--members", word, "--out", str(tmp_path / "d.pptx"), "--db", str(store_copy)]) == 0
    codes = fake_deck[0]["codes"]
    assert len(codes) == ALLIES and codes == fake_deck[0]["members"]  # the store's order: by name
    assert codes[:3] == ["ALB", "BEL", "BGR"] and codes[-1] == "USA"


def test_without_db_deck_and_list_read_the_users_store_when_it_exists(seeded_store, tmp_path, fake_deck,
                                                                      capsys):
    default = default_store_path()
    default.parent.mkdir(parents=True)
    shutil.copy2(seeded_store, default)
    before = _tree(default.parent)
    assert main(["deck", "--members", "ESP", "--out", str(tmp_path / "d.pptx")]) == 0
    assert fake_deck[0]["store"] == default and fake_deck[0]["read_only"]
    assert "shipped data" not in capsys.readouterr().err
    assert main(["list", "allies"]) == 0
    captured = capsys.readouterr()
    assert "shipped data" not in captured.err and len(captured.out.splitlines()) == ALLIES
    assert _tree(default.parent) == before


def test_deck_names_unknown_members_and_points_to_the_list(store_copy, tmp_path, capsys, fake_deck):
    out = tmp_path / "d.pptx"
    assert main(["deck", "--members", "POL,xxx,YYY", "--out", str(out), "--db", str(store_copy)]) == 2
    err = capsys.readouterr().err
    assert f"not allies in {store_copy}: XXX, YYY." in err and "nato-desk list allies" in err
    assert fake_deck == [] and not out.exists()
    assert main(["deck", "--members", " , ", "--out", str(out), "--db", str(store_copy)]) == 2
    assert "names no allies" in capsys.readouterr().err


def test_deck_refuses_an_unknown_edition(store_copy, tmp_path, capsys, fake_deck):
    assert main(["deck", "--members", "POL", "--out", str(tmp_path / "d.pptx"), "--db", str(store_copy),
                 "--edition", "1999-01"]) == 2
    err = capsys.readouterr().err
    assert "1999-01" in err and "nato-desk list editions" in err and fake_deck == []


# ------------------------------------------------------------------ nato-desk deck: write failures


def test_deck_into_a_missing_folder_names_it_without_a_traceback(user_home, tmp_path):
    out = tmp_path / "no" / "such" / "deck.pptx"
    result = _run(user_home, "deck", "--members", "ESP", "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and ".tmp" not in result.stderr
    assert (f"nato-desk deck: Could not write {out}: the folder {out.parent} does not exist. "
            "Create it, or choose another folder.") in result.stderr
    assert not out.parent.exists()


def test_deck_onto_a_folder_says_so(store_copy, tmp_path, capsys, fake_deck):
    out = tmp_path / "deck.pptx"
    out.mkdir()
    assert main(["deck", "--members", "ESP", "--out", str(out), "--db", str(store_copy)]) == 1
    assert (f"Could not write {out}: it is a folder. Give a file name in it, e.g. {out / 'deck.pptx'}."
            in capsys.readouterr().err)
    assert fake_deck == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_deck_into_a_read_only_folder_without_a_traceback(user_home, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    out = folder / "deck.pptx"
    result = _run(user_home, "deck", "--members", "ESP", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"Could not write {out}: permission denied. Choose a folder you can write to." in result.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_real_write_failure_names_the_users_path_not_a_temp_file(user_home):
    # /proc refuses new files even for root: the deck is built, then writing it fails.
    out = Path("/proc/nato-desk-deck.pptx")
    result = _run(user_home, "deck", "--members", "ESP", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"nato-desk deck: Could not write {out}: ") and ".tmp" not in last
    assert last.endswith("Choose a folder you can write to.")


def _failing_writer(monkeypatch, exc_for):
    """A deck builder that fails on the PPTX (or the PDF) with ``exc_for(path)``."""

    def write(store, codes, edition, marking, out, pdf, author="", **_options):
        target = pdf if pdf is not None else out
        if pdf is not None:
            out.write_bytes(b"pptx")
        with cli._writing(target):
            raise exc_for(target)

    monkeypatch.setattr(cli, "_write_deck", write)


def test_a_write_error_names_the_users_path_and_what_to_do(store_copy, tmp_path, capsys, monkeypatch):
    _failing_writer(monkeypatch, lambda path: ExportWriteError(path, PermissionError(13, "Permission denied")))
    out = tmp_path / "deck.pptx"
    assert main(["deck", "--members", "ESP", "--out", str(out), "--db", str(store_copy)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"nato-desk deck: Could not write {out}: permission denied. Choose a folder you can write to.")


def test_an_os_error_naming_a_temp_file_is_reported_with_the_users_path(store_copy, tmp_path, capsys,
                                                                         monkeypatch):
    _failing_writer(monkeypatch, lambda path: OSError(28, "No space left on device",
                                                      str(path.parent / f".{path.name}.1a2b.tmp")))
    out = tmp_path / "deck.pptx"
    assert main(["deck", "--members", "ESP", "--out", str(out), "--pdf", "--db", str(store_copy)]) == 1
    err = capsys.readouterr().err
    assert ".tmp" not in err and "1a2b" not in err
    assert err.strip() == (f"nato-desk deck: Could not write {tmp_path / 'deck.pdf'}: no space left on "
                           f"device. Free some space, or choose another disk. The PowerPoint deck {out} "
                           "was written.")


_BROKEN_BUILDER = (
    "import sys\n"
    "from nato_desk import cli\n"
    "def broken(store, codes, edition, marking, out, pdf, author='', **options):\n"
    "    with cli._writing(out):\n"
    "        raise ValueError('chart data contains no categories')\n"
    "cli._write_deck = broken\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def test_an_unexpected_failure_is_one_line_naming_the_path_without_a_traceback(user_home, tmp_path):
    out = tmp_path / "deck.pptx"
    args = [sys.executable, "-c", _BROKEN_BUILDER, "deck", "--members", "ISL", "--out", str(out)]
    result = subprocess.run(args, capture_output=True, text=True, env=_env(user_home), timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last == (f"nato-desk deck: could not build {out}: ValueError: chart data contains no "
                    "categories. Set NATO_DESK_DEBUG=1 for the details and report it.")

    debug = subprocess.run(args, capture_output=True, text=True, env=_env(user_home, NATO_DESK_DEBUG="1"),
                           timeout=120)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "ValueError: chart data contains no categories" in debug.stderr


# ------------------------------------------------------------------ nato-desk deck: real decks


def test_deck_command_writes_the_deck_without_qt(store_copy, tmp_path, user_home):
    out = tmp_path / "deck.pptx"
    code = (
        "import sys\n"
        "from nato_desk.cli import main\n"
        f"rc = main(['deck', '--members', 'POL,ESP,BEL', '--out', {str(out)!r}, '--db', {str(store_copy)!r},\n"
        "            '--edition', '2026-07', '--marking', 'NATO UNCLASSIFIED'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(rc or (3 if bad else 0))\n"
    )
    before = _tree(store_copy.parent)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=_env(user_home), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _tree(store_copy.parent) == before  # read, not written

    from pptx import Presentation

    prs = Presentation(str(out))
    assert f"Wrote {out} ({len(prs.slides)} slides: 3 allies, July 2026 edition)" in result.stdout
    first = "\n".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    assert re.search(r"Poland, Spain,? (and )?Belgium", first) and "NATO UNCLASSIFIED" in first


def test_deck_without_a_store_uses_the_shipped_data_and_writes_only_the_deck(user_home, tmp_path):
    out = tmp_path / "out" / "d.pptx"
    out.parent.mkdir()
    result = _run(user_home, "deck", "--members", "esp", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"no store at {user_home / 'xdg' / 'nato_desk' / 'nato_desk.json'} yet" in result.stderr
    assert "shipped data" in result.stderr
    assert not (user_home / "xdg").exists()
    assert [p.name for p in out.parent.iterdir()] == ["d.pptx"]  # no temp file left beside it


def test_deck_pdf_writes_the_same_deck_as_a_pdf(store_copy, tmp_path, user_home):
    out = tmp_path / "d.pptx"
    result = _run(user_home, "deck", "--members", "POL,ESP", "--out", str(out), "--pdf", "--db", str(store_copy))
    assert result.returncode == 0, result.stderr
    pdf = out.with_suffix(".pdf")
    assert out.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert f"Wrote {pdf}" in result.stdout


def test_deck_for_all_allies(store_copy, tmp_path, capsys):
    out = tmp_path / "all.pptx"
    rc = main(["deck", "--members", "ALL", "--out", str(out), "--db", str(store_copy)])
    assert rc == 0, capsys.readouterr().err

    from pptx import Presentation

    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in Presentation(str(out)).slides]
    from nato_desk.ingest import load_seed, seed_folder
    from nato_desk.store import Store

    with Store.in_memory(load_seed(seed_folder()), path=tmp_path / "seed", reason="test") as store:
        names = [m.name for m in store.members()]
    assert len(names) == ALLIES
    for name in names:  # each ally has a slide of its own, Iceland included
        assert any(text.lstrip().startswith(name) or f"\n{name}" in text for text in texts[2:]), name


def test_list_editions_names_the_other_measures_and_deck_takes_one(store_copy, tmp_path, capsys):
    assert main(["list", "editions", "--db", str(store_copy)]) == 0
    june = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("2024-06"))
    assert "also: " in june and "equipment_share" in june and "constant_usd_m" in june
    out = tmp_path / "equipment.pptx"
    assert main(["deck", "--members", "POL,ESP", "--edition", "2024-06", "--measure", "equipment share",
                 "--out", str(out), "--db", str(store_copy)]) == 0
    from pptx import Presentation

    text = "\n".join(sh.text_frame.text for s in Presentation(str(out)).slides for sh in s.shapes
                     if sh.has_text_frame)
    assert "equipment" in text and "20%" in text and "3.5% core" not in text
    assert main(["deck", "--members", "POL", "--edition", "2026-03", "--measure", "equipment_share",
                 "--out", str(out), "--db", str(store_copy)]) == 2
    assert "has no figures for Equipment share" in capsys.readouterr().err
    assert main(["deck", "--members", "POL", "--measure", "furniture", "--out", str(out),
                 "--db", str(store_copy)]) == 2
    assert "unknown measure 'furniture'" in capsys.readouterr().err
