"""The deck as a PDF: the same slides as the PPTX (one page each, the same words
in the same places), painted without any presentation program."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import unicodedata
from html import unescape

import pytest

from nato_desk.briefing import build_deck_model
from nato_desk.ui.deck_pdf import write_deck_pdf

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")


def _words_by_page(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word with its box (points), page by page, as pdftotext reads it."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", xml, re.S):
        pages.append([(float(a), float(b), float(c), float(d), unicodedata.normalize("NFKC", unescape(w))) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)])
    return pages


@pytest.fixture
def deck(store):
    return build_deck_model(store, ["POL", "ESP", "BEL", "ISL"], "2026-07", author="A. Analyst")


def test_a_page_per_slide_written_with_the_users_umask(qapp, deck, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    old = os.umask(0o022)
    try:
        out = write_deck_pdf(deck, folder / "deck.pdf")
    finally:
        os.umask(old)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == len(deck.slides)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in folder.iterdir()) == ["deck.pdf"]


@needs_pdftotext
def test_every_text_box_is_on_its_page_where_the_model_put_it(qapp, deck, tmp_path):
    out = write_deck_pdf(deck, tmp_path / "deck.pdf")
    pages = _words_by_page(out)
    assert len(pages) == len(deck.slides)
    for number, (slide, words) in enumerate(zip(deck.slides, pages, strict=True), 1):
        for box in slide.text_boxes():
            expected = box.text.split()
            inside = [w for x0, y0, x1, y1, w in words
                      if box.x - 2 <= x0 and x1 <= box.x + box.w + 2 and box.y - 2 <= y0 and y1 <= box.y + box.h + 2]
            found = "".join(inside)
            # Every word of the box is painted inside the box, in reading order
            # (spaces aside: a long URL is broken across lines).
            assert "".join(expected) in found, f"page {number}, {box.name}: {found[:200]!r}"


@needs_pdftotext
def test_quotes_carry_their_source_and_figures_their_labels(qapp, deck, tmp_path):
    out = write_deck_pdf(deck, tmp_path / "deck.pdf")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    assert "Gap to 3.5% core: 1.50 pp below" in " ".join(text.split())
    assert "Source: " in text
    assert "Iceland: no defence expenditure series" in text
