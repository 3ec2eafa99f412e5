"""The briefing deck in a real presentation program: no text off a slide, no text over text.

Builds a 3-ally deck (Poland, Spain, Belgium) and the all-ally deck with the
``nato-desk deck`` command, as a user would from a shell, converts each PPTX
to PDF with LibreOffice Impress (``soffice --headless --convert-to pdf``) and
reads every text box with ``pdftotext -bbox-layout`` (see
``tests/support/pdf_layout.py`` for the rule). The app's own PDF deck
(``--pdf``) gets the same check.

Building and converting happen once for the module (LibreOffice takes a few
seconds per deck). Pages 1-4 of each converted deck are written to
``tests/artifacts/deck_in_office/`` to look at. Skipped when LibreOffice or
poppler-utils are missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.pdf_layout import layout_problems, missing_tools, read_pages, render_pages

from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "deck_in_office"
DECKS = {
    "three": "POL,ESP,BEL",
    "all": "ALL",  # every ally, Iceland included
}
ALLIES_IN = {"three": 3, "all": 32}
# A deck has at least a title, an overview, one slide per ally and a sources slide.
EXTRA_SLIDES = 3

def _nato_desk() -> list[str]:
    """The installed ``nato-desk`` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("nato-desk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nato_desk"]


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """For each deck: its PPTX, the app's PDF and LibreOffice's PDF."""
    missing = missing_tools("soffice", "pdftotext", "pdftoppm")
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (LibreOffice Impress, poppler-utils)")
    folder = tmp_path_factory.mktemp("deck_in_office")
    home = folder / "home"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}

    # A fresh store seeded from the shipped data (the command refuses a missing one).
    store_path = folder / "store" / "desk.json"
    Store.open(store_path, seed=lambda: load_seed(seed_folder())).close()

    built: dict[str, dict[str, Path]] = {}
    for name, members in DECKS.items():
        pptx = folder / f"{name}.pptx"
        done = subprocess.run(
            [*_nato_desk(), "--db", str(store_path), "deck", "--members", members,
             "--out", str(pptx), "--pdf"],
            capture_output=True, text=True, env=env, timeout=300,
        )
        assert done.returncode == 0, f"nato-desk deck --members {members} failed:\n{done.stderr}"
        built[name] = {"pptx": pptx, "app_pdf": pptx.with_suffix(".pdf")}

    office = folder / "office"
    profile = folder / "lo-profile"  # private: no clash with a running or leftover LibreOffice
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(office), *(str(d["pptx"]) for d in built.values())],
        capture_output=True, text=True, env=env, timeout=600,
    )
    shutil.rmtree(profile, ignore_errors=True)
    for name, files in built.items():
        files["office_pdf"] = office / f"{name}.pdf"
        assert files["office_pdf"].exists(), f"LibreOffice did not convert {name}.pptx:\n{done.stdout}{done.stderr}"
        render_pages(files["office_pdf"], range(1, 5), ARTIFACTS, prefix=f"{name}-office")
        render_pages(files["app_pdf"], range(1, 5), ARTIFACTS, prefix=f"{name}-app")
    return built


def _slide_count(pptx: Path) -> int:
    from pptx import Presentation

    return len(Presentation(str(pptx)).slides)


@pytest.mark.parametrize("name", DECKS)
def test_libreoffice_opens_every_slide_and_the_app_pdf_has_as_many_pages(decks, name):
    files = decks[name]
    slides = _slide_count(files["pptx"])

    assert slides >= ALLIES_IN[name] + EXTRA_SLIDES
    assert len(read_pages(files["office_pdf"])) == slides
    assert len(read_pages(files["app_pdf"])) == slides


@pytest.mark.parametrize("name", DECKS)
@pytest.mark.parametrize("pdf", ["office_pdf", "app_pdf"])
def test_every_ally_is_named_in_the_converted_deck(decks, name, pdf):
    text = " ".join(b.text for page in read_pages(decks[name][pdf]) for b in page.blocks)
    expected = ["Poland", "Spain", "Belgium"] if name == "three" else ["Iceland", "Türkiye", "United States"]

    assert all(re.search(rf"\b{ally}\b", text) for ally in expected), f"{expected} not all in {pdf}"


@pytest.mark.parametrize("name", DECKS)
def test_deck_in_libreoffice_has_no_text_off_a_slide_or_over_other_text(decks, name):
    problems = layout_problems(decks[name]["office_pdf"])

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", DECKS)
def test_app_pdf_deck_has_no_text_off_a_page_or_over_other_text(decks, name):
    problems = layout_problems(decks[name]["app_pdf"])

    assert problems == [], "\n".join(problems)
