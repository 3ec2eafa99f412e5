"""Speaker mentions resolved against the leaders directory at the article's date."""

from __future__ import annotations

import pytest

from nato_desk.domain import Leader, Member
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.speakers import SpeakerIndex, nationality


@pytest.fixture(scope="module")
def directory() -> tuple[list[Leader], list[Member]]:
    records = load_seed(seed_folder())
    return ([r for r in records if isinstance(r, Leader)], [r for r in records if isinstance(r, Member)])


@pytest.fixture
def index(directory) -> SpeakerIndex:
    return SpeakerIndex.build(directory[0], directory[1], "2025-06-25")


@pytest.mark.parametrize("mention, name, iso3", [
    ("Mark Rutte", "Mark Rutte", "NATO"),
    ("Rutte", "Mark Rutte", "NATO"),
    ("Nato Secretary General Mark Rutte", "Mark Rutte", "NATO"),
    ("the NATO chief", "Mark Rutte", "NATO"),
    ("Spanish Prime Minister Pedro Sánchez", "Pedro Sánchez", "ESP"),
    ("Sanchez", "Pedro Sánchez", "ESP"),
    ("Spain's prime minister", "Pedro Sánchez", "ESP"),
    ("UK Prime Minister Sir Keir Starmer", "Keir Starmer", "GBR"),
    ("Belgium's Prime Minister Bart de Wever", "Bart De Wever", "BEL"),
    ("De Wever", "Bart De Wever", "BEL"),
    ("President Peter Pellegrini", "Peter Pellegrini", "SVK"),
    ("Slovak Defence Minister Robert Kalinak", "Robert Kaliňák", "SVK"),
    ("Frederiksen", "Mette Frederiksen", "DNK"),  # a surname the directory lists
    ("Michal", "Kristen Michal", "EST"),  # a surname derived from the full name
    ("the Estonian head of government", "Kristen Michal", "EST"),
])
def test_directory_people_resolve_with_their_ally(index, mention, name, iso3):
    speaker = index.resolve(mention)
    assert speaker is not None and (speaker.name, speaker.iso3) == (name, iso3)
    assert speaker.leader_id is not None and "leaders:" in speaker.evidence


def test_role_from_the_text_when_given_else_from_the_directory(index):
    assert index.resolve("Spanish Prime Minister Pedro Sánchez").role == "Spanish Prime Minister"
    assert index.resolve("Nato Secretary General Mark Rutte").role == "NATO Secretary General"
    assert index.resolve("the NATO chief").role == "NATO Secretary General"
    assert index.resolve("Sánchez").role == "Head of government"


def test_the_directory_at_the_articles_date(directory):
    then = SpeakerIndex.build(directory[0], directory[1], "2024-06-01")
    assert then.resolve("Rutte") is None or then.resolve("Rutte").leader_id is None  # not yet Secretary General
    assert then.resolve("the Dutch prime minister") is None  # Schoof took office in July 2024
    assert SpeakerIndex.build(*directory, "2025-06-25").resolve("the Dutch prime minister").name == "Dick Schoof"
    later = SpeakerIndex.build(*directory, "2026-03-01")
    assert later.resolve("the Dutch prime minister").name == "Rob Jetten"
    # One person in two roles: the role held at the date.
    assert SpeakerIndex.build(*directory, "2025-11-01").resolve("Lecornu").role == "Head of government"


def test_a_stranger_keeps_the_texts_role_and_its_nationality_word(index):
    speaker = index.resolve("Slovak State Secretary Jan Novak")
    assert (speaker.name, speaker.role, speaker.iso3, speaker.leader_id) == ("Jan Novak", "Slovak State Secretary", "SVK", None)
    speaker = index.resolve("economist Carsten Brzeski")
    assert (speaker.name, speaker.iso3) == ("Carsten Brzeski", None)


def test_a_strangers_surname_after_the_first_mention(index):
    index.remember(index.resolve("Finance Minister Lars Klingbeil"))
    assert index.resolve("Klingbeil").name == "Lars Klingbeil"


@pytest.mark.parametrize("mention", ["he", "officials", "people familiar with the talks", "the statement", ""])
def test_pronouns_and_anonymous_sources_name_nobody(index, mention):
    assert index.resolve(mention) is None


@pytest.mark.parametrize("word, iso3", [("Spanish", "ESP"), ("Belgian", "BEL"), ("Slovak", "SVK"), ("Spain's", "ESP"),
                                        ("U.S.", "USA"), ("Dutch", "NLD"), ("Czechia", "CZE"), ("Martian", None)])
def test_nationality_words(directory, word, iso3):
    assert nationality(word, directory[1]) == iso3
