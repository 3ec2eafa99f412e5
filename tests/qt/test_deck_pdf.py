"""The deck as a PDF: one page per slide, the same names, sources and marking as the PPTX."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from nato_desk.briefing import deck_input
from nato_desk.ui.deck_pdf import write_deck_pdf


def test_pdf_deck_has_a_page_per_slide_with_names_sources_and_marking(qapp, store, tmp_path):
    deck = deck_input(store, ["POL", "ESP", "BEL"], "2026-07")
    out = write_deck_pdf(deck, tmp_path / "deck.pdf", marking="UNCLASSIFIED")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages == 1 + 1 + 3 + 1
    assert not list(tmp_path.glob(".*.tmp"))
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: page count checked, text not extracted")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for name in ("Poland", "Spain", "Belgium", "UNCLASSIFIED", "Sources"):
        assert name in text
    assert deck.sources[0].title[:30] in text
