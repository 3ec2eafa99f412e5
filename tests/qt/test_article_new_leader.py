"""Add to directory…: an unknown speaker added from the article review, their quotes re-attributed,
stored with the article as source in the import's one step, and undone with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store
from nato_desk.ui.app import build_main_window
from nato_desk.ui.article_model import ProposalColumn
from nato_desk.ui.dialogs.article_dialog import ArticleReviewDialog
from nato_desk.ui.dialogs.leader_dialog import NewLeaderDialog
from nato_desk.ui.settings import Settings

ARTICLE = ("**Slovakia weighs its budget**\n\n"
           "\u201cWe will reach two percent this year,\u201d said Jan Novak, a senior adviser, on Tuesday.\n\n"
           "\u201cIt will not be easy,\u201d Novak added.")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "desk.json", seed=lambda: load_seed(seed_folder()))
    yield s
    s.close()


@pytest.fixture
def window(qtbot, tmp_path, store):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(Settings.USER_NAME, "analyst a")
    w = build_main_window(store, settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _fill(dialog: NewLeaderDialog, *, name: str | None = None, ally: str = "SVK",
          role: str = "Defence minister", aliases: str = "Novak, Ján Novák", start: str = "2024-05") -> None:
    if name is not None:
        dialog.name.setText(name)
    dialog.aliases.setText(aliases)
    dialog.ally.setCurrentIndex(dialog.ally.findData(ally))
    dialog.role.setCurrentText(role)
    dialog.start.setText(start)


def _ok(dialog: NewLeaderDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def _review(window, qtbot, steps) -> ArticleReviewDialog:
    actions = window.desk.article_importer

    def run(dialog: QDialog) -> int:
        dialog.show()
        if isinstance(dialog, ArticleReviewDialog):
            dialog.publisher.setText("Example Wire")
            steps(dialog)
        return dialog.result()

    actions.exec_dialog = run
    actions.import_article(text=ARTICLE)
    assert actions.last_dialog is not None
    return actions.last_dialog


def test_an_unknown_speaker_added_from_the_review_is_stored_with_the_article_and_undone_with_it(
        window, store, qtbot) -> None:
    seen: dict[str, object] = {}

    def steps(review: ArticleReviewDialog) -> None:
        rows = review.model.rows
        assert [(r.speaker, r.iso3) for r in rows] == [("Jan Novak", None), ("Jan Novak", None)]
        review.select_row(1)  # the second quote names him by surname alone
        assert review.add_leader.isEnabled()
        assert review.model.index(1, ProposalColumn.ALLY).data() == "(none)"

        def form(dialog: NewLeaderDialog) -> int:
            dialog.show()
            assert dialog.name.text() == "Jan Novak"  # prefilled from the quote
            seen["source"] = [w.text() for w in dialog.findChildren(QLabel)]
            _fill(dialog)
            _ok(dialog)
            return dialog.result()

        review.exec_leader_dialog = form
        qtbot.mouseClick(review.add_leader, Qt.MouseButton.LeftButton)
        # Both of his quotes take the new ally and role at once; the form shows it.
        assert [(r.iso3, r.role) for r in review.model.rows] == [("SVK", "Defence minister")] * 2
        assert review.model.index(0, ProposalColumn.ALLY).data() == "Slovakia"
        assert review.edit_ally.currentData() == "SVK" and not review.add_leader.isEnabled()
        assert "1 new speaker for the leaders directory" in review.summary.text()
        review.apply_button.click()

    review = _review(window, qtbot, steps)
    assert review.applied
    assert any("this article (Example Wire: Slovakia weighs its budget)" in t for t in seen["source"])
    [novak] = [x for x in store.leaders() if x.name == "Jan Novak"]
    source = store.source(novak.source_id)
    assert source is not None and source.title == "Slovakia weighs its budget" and source.publisher == "Example Wire"
    assert (novak.id, novak.iso3, novak.role, novak.aliases, novak.start) == (
        "SVK/defence_minister/jan-novak", "SVK", "defence_minister", ("Novak", "Ján Novák"), "2024-05")
    assert sorted(q.speaker for q in store.quotes("SVK") if q.source_id == source.id) == ["Jan Novak"] * 2

    undo = window.desk.edit_actions.undo_action
    assert undo.text().replace("&", "").startswith("Undo Import article: Slovakia weighs")
    undo.trigger()
    assert not [x for x in store.leaders() if x.name == "Jan Novak"]
    assert store.source(novak.source_id) is None and not [q for q in store.quotes("SVK") if q.speaker == "Jan Novak"]


def test_the_form_refuses_in_words_and_a_known_name_with_a_pointer(window, store, qtbot) -> None:
    said: list[str] = []

    def steps(review: ArticleReviewDialog) -> None:
        review.select_row(0)

        def form(dialog: NewLeaderDialog) -> int:
            dialog.show()
            _fill(dialog, start="next spring")
            _ok(dialog)
            said.append(dialog.error.text())
            _fill(dialog, name="Mark Rutte", ally="NATO", aliases="")
            _ok(dialog)
            said.append(dialog.error.text())
            assert dialog.isVisible() and dialog.leader is None  # still open: nothing added
            dialog.reject()
            return dialog.result()

        review.exec_leader_dialog = form
        assert not review.add_to_directory()
        assert [r.iso3 for r in review.model.rows] == [None, None] and review.new_leaders == []
        review.reject()

    _review(window, qtbot, steps)
    assert said[0] == "From 'next spring' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or leave it empty."
    assert said[1].startswith("The directory already holds Mark Rutte (NATO, NATO Secretary General")
    assert "id NATO/secretary_general/mark-rutte" in said[1]
    assert not [x for x in store.leaders() if x.name == "Jan Novak"]


def test_a_resolved_speakers_quote_offers_no_add(qtbot, store) -> None:
    from nato_desk.ingest.articles.extract import extract
    from nato_desk.ingest.articles.read import article_from_text

    text = "**Summit**\n\n\u201cThat changes today,\u201d said NATO Secretary General Mark Rutte."
    extraction = extract(article_from_text(text), store.leaders(), store.members())
    review = ArticleReviewDialog(store, extraction, lambda change: None)
    qtbot.addWidget(review)
    review.select_row(0)
    assert review.model.rows[0].iso3 == "NATO" and not review.add_leader.isEnabled()
