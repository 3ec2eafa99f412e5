"""File menu briefing output: deck (PPTX + PDF), data export, citations — from the window."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pptx import Presentation



@pytest.fixture
def window(compared_window):
    return compared_window


def test_build_deck_for_the_allies_on_the_chart(window, tmp_path):
    briefing = window.desk.briefing
    briefing.choose_path = lambda caption, name, filters: str(tmp_path / "brief")
    briefing.deck_action.trigger()
    deck = Presentation(str(tmp_path / "brief.pptx"))
    names = [s.name for s in deck.slides[2].shapes]
    assert len(deck.slides) >= 1 + 1 + 3 + 1 and any("trajectory chart" in n for n in names)
    assert deck.core_properties.author == window.desk.user_name()
    assert (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote" in window.statusBar().currentMessage()


def test_export_data_as_xlsx_and_csv(window, tmp_path, store):
    briefing = window.desk.briefing
    briefing.choose_path = lambda caption, name, filters: str(tmp_path / "data.xlsx")
    briefing.data_action.trigger()
    with zipfile.ZipFile(tmp_path / "data.xlsx") as book:
        assert any(n.startswith("xl/worksheets/") for n in book.namelist())
    expected = sum(len(store.observations(iso3=c, edition="2026-07")) for c in ("ESP", "BEL", "SVK"))
    assert f"Exported {expected} figures" in window.statusBar().currentMessage()
    briefing.choose_path = lambda caption, name, filters: str(tmp_path / "data.csv")
    briefing.data_action.trigger()
    lines = (tmp_path / "data.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == expected + 1


def test_copy_citation_for_chart_figure_and_quote(window, store):
    briefing = window.desk.briefing
    chart_citation = briefing.copy_citation()
    assert "accessed" in chart_citation.lower() and QGuiApplication.clipboard().text() == chart_citation
    assert "Spain, Belgium, Slovakia" in chart_citation
    quote = window.detail_pane.current_quote()
    briefing._focused = lambda: quote  # as if the quote list had focus
    text = briefing.citation()
    source = store.source(quote.source_id)
    assert quote.speaker in text and (source.cite_publisher or source.publisher) in text
    figure = store.observations(iso3="ESP", edition="2026-07")[-1]
    briefing._focused = lambda: figure  # as if the figures table had focus
    figure_citation = briefing.citation()
    assert "Spain 2026: 2.00% of GDP (estimate)" in figure_citation
    # NATO's edition is the source of record, with its release date; never the transcription.
    assert figure_citation.startswith("NATO, Defence Investment of NATO Countries (2014-2026), Table 3")
    assert "10 July 2026" in figure_citation
    for text in (chart_citation, figure_citation):
        assert "github" not in text.lower() and "cannoli" not in text


def test_a_deck_that_cannot_be_written_is_explained_in_a_dialog(window, tmp_path):
    briefing = window.desk.briefing
    target = tmp_path / "no such folder" / "brief.pptx"
    briefing.choose_path = lambda caption, name, filters: str(target)
    assert briefing.build_deck() is None
    box = briefing.last_warning
    assert box is not None and box.isVisible()
    assert str(target) in box.text() and "Choose a folder you can write to" in box.text()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert not target.parent.exists()
    box.close()
