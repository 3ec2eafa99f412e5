"""File ▸ Import article…: the seed article reviewed, accepted, stored under each ally, undone in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QDialog, QMessageBox

from nato_desk.domain import NATO_ID, Quote
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.model import ArticleText, Extraction, Paragraph, QuoteProposal
from nato_desk.store import Store
from nato_desk.ui.app import build_main_window
from nato_desk.ui.article_model import ArticleProposalModel, ProposalColumn
from nato_desk.ui.dialogs.article_dialog import HIGHLIGHTS, ArticleReviewDialog
from nato_desk.ui.settings import Settings

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "data" / "hague_summit_article.txt"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
RUTTE = "For too long, one ally, the United States, carried too much of the burden. That changes today."


@pytest.fixture
def fresh_store(tmp_path: Path) -> Store:
    # The shipped seed already holds this article's quotes (ARTICLE-01..03): a store without
    # them is where an analyst meets the article for the first time.
    records = [r for r in load_seed(seed_folder())
               if not (isinstance(r, Quote) and r.source_id == "ARTICLE_HAGUE_SUMMIT")]
    store = Store.open(tmp_path / "desk.json", seed=lambda: records)
    yield store
    store.close()


@pytest.fixture
def window(qtbot, tmp_path, fresh_store):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(Settings.USER_NAME, "analyst a")
    w = build_main_window(fresh_store, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def drive(window, *steps):
    """The next Import article… shows its dialogs and runs ``steps`` on the review."""
    actions = window.desk.article_importer
    queue = list(steps)

    def run(dialog: QDialog) -> int:
        dialog.show()
        if isinstance(dialog, ArticleReviewDialog):
            for step in queue:
                step(dialog)
        return dialog.result()

    actions.exec_dialog = run
    return actions


def rows_by_text(dialog: ArticleReviewDialog) -> dict[str, int]:
    return {dialog.model.row_at(i).text: i for i in range(dialog.model.rowCount())}


def test_file_menu_offers_import_article_next_to_import_data(window):
    texts = [a.text().replace("&", "") for a in window.menuBar().actions()[0].menu().actions()]
    assert texts.index("Import article…") == texts.index("Import data…") + 1


def test_the_seed_article_end_to_end_stored_under_each_ally_and_undone_in_one_step(window, fresh_store, qtbot):
    store = fresh_store
    before_history = len(store.history())
    before_quotes = {q.id for q in store.quotes()}
    seen: dict[str, object] = {}

    def review(dialog: ArticleReviewDialog) -> None:
        model = dialog.model
        texts = [r.text for r in model.rows]
        seen["shown"] = texts
        assert texts.count(RUTTE) == 1  # once, though the article repeats paragraphs
        assert all(r.kind != "fragment" for r in model.rows)  # fragments hidden by default
        assert dialog.title.text().startswith("NATO Leaders Gear Up")  # prefilled from the article
        assert not dialog.apply_button.isEnabled()  # the publisher must be confirmed first
        dialog.show_fragments.setChecked(True)
        by_text = rows_by_text(dialog)
        # Trump's words are a fragment (inside reported speech): shown once, off until ticked.
        trump = by_text["great victory for everybody"]
        assert model.row_at(trump).kind == "fragment" and not model.row_at(trump).accepted
        model.setData(model.index(trump, ProposalColumn.ACCEPT), Qt.CheckState.Checked,
                      Qt.ItemDataRole.CheckStateRole)
        spain = next(i for i, r in enumerate(model.rows) if r.kind == "claim" and r.iso3 == "ESP")
        assert model.row_at(spain).proposal.value == 2.1
        dialog.select_row(spain)
        assert not model.row_at(spain).as_plan  # no year in the text: a note on Spain's position at first
        dialog.edit_year.setValue(2025)  # the analyst gives the year the text leaves out
        dialog.store_as.setCurrentIndex(dialog.store_as.findData(True))
        assert model.row_at(spain).year == 2025 and model.row_at(spain).as_plan
        for i, r in enumerate(model.rows):  # keep only these three; reject the rest
            if i not in (by_text[RUTTE], trump, spain) and r.accepted:
                dialog.select_row(i)
                dialog.reject_button.click()
        dialog.publisher.setText("Example Wire")
        dialog.date.setText("2025-06-24")
        assert dialog.apply_button.isEnabled()
        assert dialog.summary.text().startswith("Stores 2 quotes, 1 plan point and the article as a new source")
        dialog.apply_button.click()

    actions = drive(window, review)
    assert actions.import_article(path=str(SEED_ARTICLE)) is True
    [rutte] = [q for q in store.quotes(NATO_ID) if q.text == RUTTE]
    [trump] = [q for q in store.quotes("USA") if q.text == "great victory for everybody"]
    source = store.source(rutte.source_id)
    assert source is not None and trump.source_id == source.id
    assert (source.publisher, source.date, source.kind) == ("Example Wire", "2025-06-24", "press")
    assert source.text.count(RUTTE) == 1  # the deduplicated article is kept with the source
    plan = [o for o in store.observations(iso3="ESP", edition="national-plan") if o.source_id == source.id]
    assert [(o.year, o.value) for o in plan] == [(2025, 2.1)]
    assert len(store.history()) == before_history + 1
    undo = window.desk.edit_actions.undo_action
    assert undo.text().replace("&", "").startswith("Undo Import article: NATO Leaders Gear Up")
    undo.trigger()
    assert {q.id for q in store.quotes()} == before_quotes
    assert store.source(source.id) is None and store.get(type(plan[0]), plan[0].id) is None


def test_reimporting_marks_the_stored_quote_as_a_duplicate_and_unticked(window, fresh_store):
    def accept_rutte(dialog: ArticleReviewDialog) -> None:
        dialog.publisher.setText("Example Wire")
        for i, r in enumerate(dialog.model.rows):
            dialog.model.set_accepted(i, r.text == RUTTE)
        dialog.apply_button.click()

    actions = drive(window, accept_rutte)
    assert actions.import_article(path=str(SEED_ARTICLE))
    stored = next(q for q in fresh_store.quotes(NATO_ID) if q.text == RUTTE)
    seen = {}

    def look(dialog: ArticleReviewDialog) -> None:
        row = dialog.model.row_at(rows_by_text(dialog)[RUTTE])
        seen["row"] = (row.duplicate_of, row.accepted, dialog.model.data(
            dialog.model.index(rows_by_text(dialog)[RUTTE], ProposalColumn.KIND)))
        dialog.reject()

    drive(window, look)
    assert actions.import_article(path=str(SEED_ARTICLE)) is False
    assert seen["row"] == (stored.id, False, "quote (duplicate)")


@pytest.mark.parametrize(("text", "expected"), [
    ("   \n ", "empty"),
    ("Die Verteidigungsausgaben der Bundesregierung steigen in diesem Jahr auf über zwei Prozent der "
     "Wirtschaftsleistung, sagte der Minister am Dienstag in Berlin. Die Opposition kritisierte den Plan.\n"
     "Nach Angaben der Regierung soll das Geld vor allem in die Luftverteidigung und in neue Panzer fließen, "
     "die bis zum Ende des Jahrzehnts an die Truppe geliefert werden sollen. Der Bundestag muss noch zustimmen.",
     "German"),
])
def test_bad_input_is_a_plain_text_message_and_nothing_is_stored(window, fresh_store, text, expected):
    before = len(fresh_store.history())
    actions = drive(window)
    assert actions.import_article(text=text) is False
    box = actions.last_warning
    assert isinstance(box, QMessageBox) and box.textFormat() == Qt.TextFormat.PlainText
    assert expected in box.text() and "Nothing was stored." in box.text()
    assert actions.last_dialog is None and len(fresh_store.history()) == before


def test_a_binary_file_is_refused(window, fresh_store, tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    actions = drive(window)
    assert actions.import_article(path=str(path)) is False
    assert "scan.txt was not imported" in actions.last_warning.text()


def _tiny_extraction() -> Extraction:
    text = 'He said "<b>not bold</b> at all," Rutte said.\n\nA "phrase" here.'
    paragraphs = (Paragraph(0, 0, text.split("\n\n")[0]), Paragraph(1, text.index("A "), "A \"phrase\" here."))
    article = ArticleText(text, paragraphs, title="<i>Title</i>")
    q1 = QuoteProposal("<b>not bold</b> at all,", "Mark Rutte", "NATO Secretary General", "NATO", 0.9, 0,
                       9, 9 + len("<b>not bold</b> at all,"), "after the quote: ', Rutte said'")
    start = text.index("phrase")
    q2 = QuoteProposal("phrase", "", "", None, 0.3, 1, start, start + 6, "scare quote", fragment=True)
    return Extraction(article, (q1, q2), ())


def test_the_proposal_model_passes_the_model_tester(qtmodeltester, fresh_store):
    model = ArticleProposalModel(_tiny_extraction(), fresh_store.quotes(), {"NATO": "NATO"})
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    model.set_show_fragments(True)
    qtmodeltester.check(model)
    assert [r.kind for r in model.rows] == ["quote", "fragment"]


def test_the_article_is_plain_text_and_each_proposal_highlighted(qtbot, fresh_store):
    dialog = ArticleReviewDialog(fresh_store, _tiny_extraction(), lambda change: None)
    qtbot.addWidget(dialog)
    dialog.show_fragments.setChecked(True)
    assert dialog.article_view.toPlainText().startswith('He said "<b>not bold</b>')  # markup shown, not rendered
    extras = dialog.article_view.extraSelections()
    spans = [(e.cursor.selectionStart(), e.cursor.selectionEnd()) for e in extras]
    assert spans == [(r.start, r.end) for r in dialog.model.rows]
    assert extras[0].format.background().color().name() == HIGHLIGHTS["quote"]
    # A fragment is not accepted until ticked: marked with dots, not filled.
    assert extras[1].format.background().style() == Qt.BrushStyle.NoBrush
    assert extras[1].format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    dialog.model.set_accepted(1, True)
    assert dialog.article_view.extraSelections()[1].format.background().color().name() == HIGHLIGHTS["fragment"]


def test_review_screenshot(window, qtbot):
    """The seed article's review at 1280x800, saved for a human to look at."""
    def shoot(dialog: ArticleReviewDialog) -> None:
        dialog.resize(1280, 800)
        dialog.publisher.setText("Example Wire")
        qtbot.waitExposed(dialog)
        dialog.select_row(0)
        qtbot.wait(50)
        ARTIFACTS.mkdir(exist_ok=True)
        assert dialog.grab().save(str(ARTIFACTS / "article_review.png"))
        dialog.reject()

    actions = drive(window, shoot)
    actions.import_article(path=str(SEED_ARTICLE))
    assert (ARTIFACTS / "article_review.png").stat().st_size > 10_000
