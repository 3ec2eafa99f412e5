"""A speaker added to the leaders directory from the article review: one ChangeSet, one undo."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from nato_desk.domain import RECORD_TYPES, AddRecord, Leader, Record
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.model import ArticleText
from nato_desk.ingest.articles.new_leaders import (
    NewLeader,
    check,
    parse_aliases,
    role_words,
)
from nato_desk.ingest.articles.read import article_from_text
from nato_desk.ingest.articles.store_plan import (
    AcceptedQuote,
    ArticleSource,
    plan_import,
    view_of,
)
from nato_desk.store import Store

TEXT = ("**Slovakia weighs its budget**\n\n"
        "\u201cWe will reach two percent this year,\u201d said Jan Novak, a senior adviser, on Tuesday.\n\n"
        "Novak added that more was needed.")
SOURCE = ArticleSource(publisher="Example Wire", title="Slovakia weighs its budget", date="2025-06-24")
NOVAK = NewLeader("Jan Novak", ("Novak", "Ján Novák"), "SVK", "Defence minister", "2024-05")


@pytest.fixture
def article() -> ArticleText:
    return article_from_text(TEXT, "novak.txt")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "store.json", seed=lambda: load_seed(seed_folder()))
    yield s
    s.close()


def _novak_quote(article: ArticleText) -> AcceptedQuote:
    # As the review hands it over once the speaker is added: re-attributed to the new ally and role.
    text = "We will reach two percent this year,"
    return AcceptedQuote(text, "Jan Novak", role_words("defence_minister"), "SVK", 1)


def _snapshot(store: Store) -> dict[str, list[Record]]:
    return {kind: sorted(store.all(cls), key=lambda r: r.id) for kind, cls in RECORD_TYPES.items()}


def test_one_changeset_adds_source_leader_and_quote_and_one_undo_removes_all_three(
        store: Store, article: ArticleText) -> None:
    before, history = _snapshot(store), len(store.history())
    plan = plan_import(article, SOURCE, [_novak_quote(article)], [], view_of(store), new_leaders=[NOVAK])
    assert plan.change is not None and plan.source_added
    kinds = [type(c.record).__name__ for c in plan.change.changes if isinstance(c, AddRecord)]
    assert kinds == ["Source", "Leader", "Quote"]  # the leader cites a source added just before it
    store.apply(plan.change, user="ana")
    assert len(store.history()) == history + 1
    [novak] = [x for x in store.leaders() if x.name == "Jan Novak"]
    assert novak.id == "SVK/defence_minister/jan-novak"  # the seed's id scheme
    assert (novak.iso3, novak.role, novak.start, novak.aliases, novak.source_id) == (
        "SVK", "defence_minister", "2024-05", ("Novak", "Ján Novák"), plan.source_id)
    [quote] = [q for q in store.quotes("SVK") if q.source_id == plan.source_id]
    assert (quote.iso3, quote.speaker, quote.role) == ("SVK", "Jan Novak", "Defence minister")
    assert "1 quote, 1 new speaker for the leaders directory" in plan.summary
    store.apply(plan.change.inverse(), user="ana")
    assert _snapshot(store) == before
    assert not [x for x in store.leaders() if x.name == "Jan Novak"] and store.source(plan.source_id) is None


def test_a_new_leader_alone_is_stored_citing_an_existing_source(store: Store, article: ArticleText) -> None:
    first = plan_import(article, SOURCE, [_novak_quote(article)], [], view_of(store))
    assert first.change is not None
    store.apply(first.change, user="ana")
    # The quote is already stored; adding the speaker afterwards still stores them, citing that source.
    again = plan_import(article, SOURCE, [_novak_quote(article)], [], view_of(store), new_leaders=[NOVAK])
    assert again.change is not None and not again.source_added and again.quotes == ()
    store.apply(again.change, user="ana")
    assert [x.source_id for x in store.leaders() if x.name == "Jan Novak"] == [first.source_id]


def test_an_id_already_used_gets_a_number(store: Store, article: ArticleText) -> None:
    two = [NOVAK, dataclasses.replace(NOVAK, aliases=())]
    plan = plan_import(article, SOURCE, [], [], view_of(store), new_leaders=two)
    assert [x.id for x in plan.leaders] == ["SVK/defence_minister/jan-novak", "SVK/defence_minister/jan-novak-2"]


def test_the_form_is_refused_in_words(store: Store) -> None:
    leaders, allies = store.leaders(), [m.iso3 for m in store.members()]
    assert check(NOVAK, leaders, allies) == ""
    assert check(dataclasses.replace(NOVAK, name="  "), leaders, allies) == "Enter the speaker's name."
    assert "Pick the ally" in check(dataclasses.replace(NOVAK, iso3="UKR"), leaders, allies)
    assert check(dataclasses.replace(NOVAK, iso3="NATO"), leaders, allies) == ""
    assert "Enter the speaker's role" in check(dataclasses.replace(NOVAK, role=" "), leaders, allies)
    assert "From 'June' is not a date" in check(dataclasses.replace(NOVAK, start="June"), leaders, allies)
    assert check(dataclasses.replace(NOVAK, start="2025", end="2024-01"), leaders, allies) == \
        "To 2024-01 is before From 2025."


@pytest.mark.parametrize("name", ["Mark Rutte", "mark rutte", "Rutte Mark", "Pedro Sanchez", "Pedro Sánchez"])
def test_a_name_the_directory_holds_is_refused_with_a_pointer(store: Store, name: str) -> None:
    problem = check(dataclasses.replace(NOVAK, name=name, aliases=()), store.leaders(),
                    [m.iso3 for m in store.members()])
    assert problem.startswith("The directory already holds ")
    assert "Mark Rutte (NATO, NATO Secretary General" in problem or "Pedro Sánchez (ESP" in problem
    assert "id " in problem


def test_a_stranger_sharing_only_a_surname_is_not_refused(store: Store) -> None:
    # "Rutte" is a one-word alias of Mark Rutte: another Rutte is not him.
    assert check(dataclasses.replace(NOVAK, name="Anna Rutte", aliases=()), store.leaders(),
                 [m.iso3 for m in store.members()]) == ""


def test_aliases_split_on_commas_or_bars_once_each() -> None:
    assert parse_aliases(" Novak, Ján Novák | novak ||J.  Novak ") == ("Novak", "Ján Novák", "J. Novak")


def test_a_free_text_role_is_kept_in_the_directorys_spelling(store: Store, article: ArticleText) -> None:
    plan = plan_import(article, SOURCE, [], [], view_of(store),
                       new_leaders=[dataclasses.replace(NOVAK, role="Senior adviser")])
    [leader] = plan.leaders
    assert isinstance(leader, Leader) and leader.role == "senior_adviser" and role_words(leader.role) == "senior adviser"
