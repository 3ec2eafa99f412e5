"""The detail pane: figures with their edition, gaps, position, quotes and sources."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from nato_desk.domain import Quote, Source
from nato_desk.export.citations import cited_date, cited_publisher, cited_title, cited_url, format_date

from nato_desk.ui.detail_pane import DetailPane
from nato_desk.ui.quote_model import QuoteListModel, QuoteRole


@pytest.fixture
def pane(qtbot, store):
    pane = DetailPane(store, "2026-07")
    qtbot.addWidget(pane)
    return pane


def label(pane, name):
    found = [w for w in pane.findChildren(QLabel) if w.accessibleName() == name]
    assert len(found) == 1, name
    return found[0].text()


def test_quote_model_passes_qtmodeltester(qtmodeltester, store):
    model = QuoteListModel(store)
    model.set_member("ESP")
    qtmodeltester.check(model)


def test_spain_shows_figure_edition_gaps_position_and_quotes(pane, store):
    pane.show_member("ESP")
    assert label(pane, "Member name") == "Spain"
    assert "1982" in label(pane, "Member facts")
    latest = label(pane, "Latest figure")
    assert "2.00% (2026e)" in latest and "July 2026" in latest
    gaps = label(pane, "Gaps to targets")
    assert "1.50 pp below" in gaps and "3.00 pp below" in gaps
    assert label(pane, "Stance") == "Opposes"  # not "exempt": that is Iceland (no armed forces)
    assert "2.1%" in label(pane, "Position summary")
    speakers = {pane.quote_model.index(r).data(QuoteRole).speaker
                for r in range(pane.quote_model.rowCount())}
    assert "Pedro Sánchez" in speakers
    assert pane.quote_model.rowCount() == len(store.quotes("ESP"))


def test_quotes_are_newest_first_and_show_speaker_role_date_source(pane, store):
    pane.show_member("ESP")
    quotes = [pane.quote_model.index(r).data(QuoteRole) for r in range(pane.quote_model.rowCount())]
    dates = [q.date for q in quotes]
    assert dates == sorted(dates, reverse=True)
    text = pane.quote_model.index(0).data()
    first = quotes[0]
    source = store.source(first.source_id)
    assert first.text in text and first.speaker in text and first.role in text
    assert first.date in text and source.title in text


def test_selecting_a_quote_shows_its_source_details(pane, store):
    pane.show_member("ESP")
    last = pane.quote_model.rowCount() - 1
    pane.quotes.setCurrentIndex(pane.quote_model.index(last))
    quote = pane.quote_model.index(last).data(QuoteRole)
    source = store.source(quote.source_id)
    assert label(pane.quote_source, "Source publisher") == cited_publisher(source)
    assert label(pane.quote_source, "Source date") == format_date(cited_date(source))
    assert label(pane.quote_source, "Source url") == (cited_url(source) or "not known")


def test_a_quote_read_on_a_copy_names_the_agency_and_the_copy_only_as_read_at(pane, store):
    pane.show_member("ESP")
    row = next(r for r in range(pane.quote_model.rowCount())
               if pane.quote_model.index(r).data(QuoteRole).source_id == "DIARIODESEVILLA_20250619")
    pane.quotes.setCurrentIndex(pane.quote_model.index(row))
    assert label(pane.quote_source, "Source publisher") == "Europa Press"
    assert label(pane.quote_source, "Source title") == "Sánchez no ve razonable pedir a España el 5%"
    assert label(pane.quote_source, "Source url") == "not known"
    assert label(pane.quote_source, "Source read at").startswith("https://www.diariodesevilla.es/")
    assert label(pane.quote_source, "Source via") == "Europa Press copy on diariodesevilla.es"
    assert "Europa Press: Sánchez no ve razonable" in pane.quote_model.index(row).data()


def test_germany_2025_blank_is_shown_as_a_gap_with_its_reason(pane):
    pane.set_edition("2025-08")
    pane.show_member("DEU")
    assert "2.00% (2024e)" in label(pane, "Latest figure")
    missing = label(pane, "Missing figures")
    assert "2025" in missing and "blank by design" in missing
    # A later edition's figure is named, not mixed into the line.
    assert "July 2026 edition gives 2.22% (2025e)" in missing


def test_ally_without_a_2025_figure_in_august_2025_says_so(pane):
    pane.set_edition("2025-08")
    pane.show_member("SWE")
    assert "2024e" in label(pane, "Latest figure")
    assert "2025: no figure for this year" in label(pane, "Missing figures")


def test_iceland_explains_why_it_has_no_figures(pane):
    pane.show_member("ISL")
    assert "no armed forces" in label(pane, "Latest figure")
    assert label(pane, "Gaps to targets") == ""


def test_ally_without_quotes_says_so_and_keeps_its_position_source(pane, store):
    pane.show_member("MKD")
    assert pane.quote_model.rowCount() == 0
    assert "No quote" in label(pane, "No quotes")
    assert store.source("REPUBLIKA_MK_20260303").title in label(pane, "Position sources")


def test_every_label_is_plain_text(pane):
    pane.show_member("ESP")
    for w in pane.findChildren(QLabel):
        if w.text():
            assert w.textFormat() == Qt.TextFormat.PlainText, w.accessibleName() or w.text()


def test_figure_source_details_are_one_click_away(qtbot, pane, store):
    pane.show()
    pane.show_member("POL")
    latest = max((o for o in store.observations(iso3="POL", edition="2026-07")), key=lambda o: o.year)
    assert not pane.figure_source.isVisible()
    button = next(b for b in pane.findChildren(QPushButton) if b.accessibleName() == "Show figure source")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pane.figure_source.isVisible()
    source = store.source(latest.source_id)
    assert label(pane.figure_source, "Source title") == cited_title(source)
    assert label(pane.figure_source, "Source title").startswith(
        "Defence Investment of NATO Countries (2014-2026), Table 3")
    assert label(pane.figure_source, "Source publisher") == "NATO"
    assert "github.com" in label(pane.figure_source, "Source read at")  # only as read at


def test_the_latest_figure_cites_nato_and_says_where_it_was_read(pane):
    pane.show_member("ESP")
    text = label(pane, "Figure source")
    first, read_at = text.split("\n")
    assert first == ("Source: NATO: Defence Investment of NATO Countries (2014-2026), Table 3 (Core "
                     "defence expenditure as a share of GDP and annual real change) and other tables")
    assert read_at.startswith("Read at https://github.com/") and "; via transcription: GitHub" in read_at


def test_markup_in_imported_text_is_shown_literally(pane, store):
    payload = '<img src="file:///etc/passwd"><b>bold</b> <a href="file:///">x</a>'
    store.put_many([
        Source("HOSTILE", payload, publisher=payload, url="file:///etc/passwd"),
        Quote("ESP-99", "ESP", payload, payload, payload, "2030-01-01", "HOSTILE"),
    ])
    pane.show_member("ESP")
    assert pane.quote_model.index(0).data(QuoteRole).id == "ESP-99"  # newest first
    assert payload in pane.quote_model.index(0).data()
    tooltip = pane.quote_model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tooltip and "&lt;img" in tooltip
    assert label(pane.quote_source, "Source title") == payload
    # A file: link never reaches the desktop.
    open_button = next(b for b in pane.quote_source.findChildren(QPushButton))
    assert not open_button.isEnabled()
    for w in pane.findChildren(QLabel):
        assert w.textFormat() == Qt.TextFormat.PlainText


def test_nato_shows_its_position_and_the_secretary_generals_quotes(pane, store):
    pane.show_member("NATO")
    assert label(pane, "Member name") == "NATO"
    assert label(pane, "Stance") == "Supports"
    speakers = {pane.quote_model.index(r).data(QuoteRole).speaker for r in range(pane.quote_model.rowCount())}
    assert speakers == {"Mark Rutte"}
    assert pane.quote_model.rowCount() == len(store.quotes("NATO"))


def test_a_new_ally_starts_at_its_first_quote_and_the_keys_still_scroll_the_list(qtbot, pane, store):
    """The first quote is current without scrolling to it (a new list starts at its top);
    the arrow and End keys then bring the current quote into view as before."""
    by_count = sorted({q.iso3 for q in store.quotes()}, key=lambda c: len(store.quotes(c)))
    pane.resize(420, 600)
    pane.show()
    qtbot.waitExposed(pane)
    for code in (by_count[-1], by_count[-2], by_count[-1]):
        pane.show_member(code)
        qtbot.wait(1)
        assert pane.quotes.currentIndex().row() == 0
        assert pane.quotes.verticalScrollBar().value() == 0
    view = pane.quotes
    assert view.verticalScrollBar().maximum() > 0, "the test needs more quotes than the list shows"
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    last = pane.quote_model.rowCount() - 1
    assert view.currentIndex().row() == last
    assert view.viewport().rect().contains(view.visualRect(view.currentIndex()))
