"""Storing an article's accepted proposals: one ChangeSet, undone in one step, never twice."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from nato_desk.domain import (
    PLAN_EDITION,
    RECORD_TYPES,
    Measure,
    Observation,
    Quote,
    Record,
    Status,
)
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.model import ArticleText, ClaimProposal, QuoteProposal
from nato_desk.ingest.articles.read import article_from_text
from nato_desk.ingest.articles.store_plan import (
    AcceptedClaim,
    AcceptedQuote,
    ArticleSource,
    find_duplicates,
    plan_import,
    view_of,
)
from nato_desk.store import Store

SEED_ARTICLE = Path(__file__).resolve().parents[4] / "data" / "hague_summit_article.txt"
RUTTE = "For too long, one ally, the United States, carried too much of the burden. That changes today."
TRUMP = "great victory for everybody"
SOURCE = ArticleSource(publisher="Example Wire", title="NATO Leaders Gear Up for Historic Defense Spending",
                       date="2025-06-24", url="https://example.org/hague-summit")


@pytest.fixture
def article() -> ArticleText:
    return article_from_text(SEED_ARTICLE.read_text(encoding="utf-8"), "hague_summit_article.txt")


def _without_article_quotes() -> list[Record]:
    # The shipped seed already holds this article's quotes (ARTICLE-01..03); a store without
    # them is where an analyst meets the article for the first time.
    return [r for r in load_seed(seed_folder())
            if not (isinstance(r, Quote) and r.source_id == "ARTICLE_HAGUE_SUMMIT")]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.json", seed=_without_article_quotes)
    yield s
    s.close()


def _quote(article: ArticleText, text: str, speaker: str, role: str, iso3: str | None,
           fragment: bool = False) -> QuoteProposal:
    start = article.text.index(text)
    paragraph = max(p.index for p in article.paragraphs if p.start <= start)
    return QuoteProposal(text, speaker, role, iso3, 0.95, paragraph, start, start + len(text),
                         "test proposal", fragment=fragment)


def _spain_claim(article: ArticleText, year: int | None) -> ClaimProposal:
    text = "Spain's Economy Minister Carlos Cuerpo reaffirmed his government’s commitment to achieving 2.1% spending"
    start = article.text.index(text)
    return ClaimProposal("ESP", None, 2.1, "% of GDP", "", year, "plan", text, 3, start, start + len(text))


def _snapshot(store: Store) -> dict[str, list[Record]]:
    return {kind: sorted(store.all(cls), key=lambda r: r.id) for kind, cls in RECORD_TYPES.items()}


def _accepted(article: ArticleText) -> list[AcceptedQuote]:
    return [AcceptedQuote.of(_quote(article, RUTTE, "Mark Rutte", "NATO Secretary General", "NATO")),
            AcceptedQuote.of(_quote(article, TRUMP, "Donald Trump", "President of the United States", "USA",
                                    fragment=True))]


def test_the_seed_articles_accepted_quotes_are_stored_once_each_sourced_to_the_article(
        store: Store, article: ArticleText) -> None:
    before = len(store.history())
    plan = plan_import(article, SOURCE, _accepted(article), [], view_of(store, "20261201"))
    assert plan.change is not None and plan.change.label.startswith("Import article: NATO Leaders Gear Up")
    store.apply(plan.change, user="ana")
    assert len(store.history()) == before + 1  # one history entry for the whole import
    source = store.source(plan.source_id)
    assert source is not None
    assert (source.publisher, source.title, source.date, source.url, source.kind) == (
        "Example Wire", SOURCE.title, "2025-06-24", "https://example.org/hague-summit", "press")
    # The deduplicated text: each repeated paragraph once, so a quote can be shown in its paragraph.
    assert source.text == article.text and source.text.count("Rutte warned attendees") == 1
    [rutte] = [q for q in store.quotes("NATO") if q.text == RUTTE]
    [trump] = [q for q in store.quotes("USA") if q.text == TRUMP]
    for quote in (rutte, trump):
        assert quote.source_id == source.id
        assert quote.date == ""  # the article's date is when it was published, not when it was said
        paragraph = article.paragraphs[int(quote.note.split("paragraph ")[1].split(" ")[0]) - 1]
        assert quote.text in paragraph.text
    assert rutte.speaker == "Mark Rutte" and rutte.role == "NATO Secretary General"
    assert rutte.id.startswith("NATO-") and trump.id.startswith("USA-")
    assert store.citing(source.id) and {r.id for r in store.citing(source.id)} >= {rutte.id, trump.id}


def test_apply_then_undo_leaves_the_store_as_before(store: Store, article: ArticleText) -> None:
    before = _snapshot(store)
    claims = [AcceptedClaim(_spain_claim(article, 2025), as_plan=True),
              AcceptedClaim(_spain_claim(article, None), as_plan=False)]
    plan = plan_import(article, SOURCE, _accepted(article), claims, view_of(store))
    assert plan.change is not None and len(plan.quotes) == 2 and len(plan.plan_points) == 1
    assert plan.notes == ("ESP",)
    store.apply(plan.change, user="ana")
    assert _snapshot(store) != before
    store.apply(plan.change.inverse(), user="ana")
    assert _snapshot(store) == before


def test_reaccepting_the_same_article_flags_everything_and_stores_nothing(
        store: Store, article: ArticleText) -> None:
    claim = [AcceptedClaim(_spain_claim(article, 2025))]
    first = plan_import(article, SOURCE, _accepted(article), claim, view_of(store))
    assert first.change is not None
    store.apply(first.change, user="ana")
    after_first = _snapshot(store)
    proposals = [_quote(article, RUTTE, "Mark Rutte", "NATO Secretary General", "NATO"),
                 _quote(article, TRUMP, "Donald Trump", "President of the United States", "USA", True)]
    dup = find_duplicates(proposals, store.quotes())
    assert set(dup) == {0, 1} and dup[0].source_id == first.source_id
    again = plan_import(article, SOURCE, [AcceptedQuote.of(p) for p in proposals], claim, view_of(store))
    assert again.change is None and again.quotes == () and again.plan_points == ()
    assert [s.why for s in again.skipped] == [f"is already stored as {first.quotes[0].id}",
                                             f"is already stored as {first.quotes[1].id}", "is already stored"]
    assert _snapshot(store) == after_first


def test_the_shipped_seed_already_holds_rutte_so_it_is_flagged(tmp_path: Path, article: ArticleText) -> None:
    with Store.open(tmp_path / "s.json", seed=lambda: load_seed(seed_folder())) as seeded:
        # Wire copy's punctuation and curly marks differ; the match is on normalised text.
        proposal = _quote(article, RUTTE, "Rutte", "NATO Secretary General", "NATO")
        tweaked = dataclasses.replace(proposal, text="“For too long one ally, the United States, carried "
                                                     "too much of the burden. That changes today”")
        assert {i: q.id for i, q in find_duplicates([proposal, tweaked], seeded.quotes()).items()} == {
            0: "ARTICLE-01", 1: "ARTICLE-01"}
        # Another speaker's identical words are not the same quote.
        other = dataclasses.replace(proposal, speaker="Pedro Sánchez", iso3="ESP")
        assert find_duplicates([other], seeded.quotes()) == {}


def test_a_quote_without_an_ally_or_accepted_twice_is_left_out_with_a_reason(
        store: Store, article: ArticleText) -> None:
    rutte = AcceptedQuote.of(_quote(article, RUTTE, "Mark Rutte", "NATO Secretary General", "NATO"))
    stranger = dataclasses.replace(rutte, speaker="A diplomat", iso3=None)
    plan = plan_import(article, SOURCE, [rutte, rutte, stranger], [], view_of(store))
    assert len(plan.quotes) == 1
    assert [s.why for s in plan.skipped] == [
        "was accepted twice; stored once", "has no ally: pick the ally (or NATO) in the review to store it"]
    assert "Stores 1 quote and the article as a new source; leaves out 2" in plan.summary


def test_a_claim_becomes_a_plan_point_or_a_note_on_the_current_position(
        store: Store, article: ArticleText) -> None:
    position = store.position("ESP")
    assert position is not None
    claims = [AcceptedClaim(_spain_claim(article, 2025), as_plan=True),
              AcceptedClaim(_spain_claim(article, None), as_plan=False),
              AcceptedClaim(_spain_claim(article, None), as_plan=True)]
    plan = plan_import(article, SOURCE, [], claims, view_of(store))
    assert plan.change is not None
    store.apply(plan.change, user="ana")
    point = store.get(Observation, f"{PLAN_EDITION}/ESP/pct_gdp/2025")
    assert point is not None
    assert (point.value, point.decimals, point.status, point.measure, point.source_id) == (
        2.1, 1, Status.PLAN, Measure.PCT_GDP, plan.source_id)
    after = store.position("ESP")
    assert after is not None and after.id == position.id and after.stance == position.stance
    assert after.summary == position.summary  # the analyst's words untouched; the note gains a line
    assert after.note.startswith(position.note) and "2.1% of GDP (plan)" in after.note
    assert after.source_ids == (*position.source_ids, plan.source_id)
    assert [s.why for s in plan.skipped] == ["has no year: edit the year in the review to store a plan point"]


def test_the_source_must_be_confirmed_and_an_existing_one_is_reused(
        store: Store, article: ArticleText) -> None:
    with pytest.raises(ValueError, match="publisher and a title"):
        plan_import(article, dataclasses.replace(SOURCE, publisher=" "), _accepted(article), [], view_of(store))
    first = plan_import(article, SOURCE, _accepted(article)[:1], [], view_of(store))
    assert first.change is not None and first.source_added
    store.apply(first.change, user="ana")
    second = plan_import(article, SOURCE, _accepted(article)[1:], [], view_of(store))
    assert second.change is not None and not second.source_added and second.source_id == first.source_id
    store.apply(second.change, user="ana")
    assert [s.id for s in store.sources() if s.url == SOURCE.url] == [first.source_id]
