"""Quotes found in articles and attributed: the seed article and one case per pattern."""

from __future__ import annotations

import pytest

from nato_desk.domain import Leader, Member
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.model import QuoteProposal
from nato_desk.ingest.articles.quotes import find_quotes
from nato_desk.ingest.articles.read import article_from_text


@pytest.fixture(scope="module")
def directory() -> tuple[list[Leader], list[Member]]:
    records = load_seed(seed_folder())
    return ([r for r in records if isinstance(r, Leader)], [r for r in records if isinstance(r, Member)])


def quotes(text: str, directory: tuple[list[Leader], list[Member]], published: str = "2025-06-25",
           title: str = "") -> list[QuoteProposal]:
    article = article_from_text(text, published=published, title=title)
    found = find_quotes(article, *directory)
    for q in found:  # offsets point at the quote (a multi-paragraph one from first to last character)
        assert article.text[q.start:q.end].startswith(q.text[:20])
        assert article.text[q.start:q.end].endswith(q.text[-10:])
    return found


def full(found: list[QuoteProposal]) -> list[QuoteProposal]:
    return [q for q in found if not q.fragment]


def one(text: str, directory: tuple[list[Leader], list[Member]], **kw: str) -> QuoteProposal:
    found = full(quotes(text, directory, **kw))
    assert len(found) == 1, found
    return found[0]


def test_the_seed_article_proposes_each_quote_once_with_its_speaker(directory):
    text = seed_folder().joinpath("hague_summit_article.txt").read_text(encoding="utf-8")
    article = article_from_text(text, published="2025-06-25")
    found = find_quotes(article, *directory)
    rutte = [q for q in found if "That changes today" in q.text]
    assert len(rutte) == 1
    assert rutte[0].text == "For too long, one ally, the United States, carried too much of the burden. That changes today."
    assert (rutte[0].speaker, rutte[0].iso3, rutte[0].fragment) == ("Mark Rutte", "NATO", False)
    assert article.text[rutte[0].start:rutte[0].end] == rutte[0].text
    # Trump's words are a phrase inside reported speech: proposed once, his, as a fragment.
    trump = [q for q in found if q.text == "great victory for everybody"]
    assert len(trump) == 1 and trump[0].iso3 == "USA" and trump[0].speaker == "Donald Trump"
    assert article.text[trump[0].start:trump[0].end] == "great victory for everybody"
    # The article quotes neither Sánchez nor Starmer directly: nothing is invented for them.
    assert not [q for q in found if q.iso3 in ("ESP", "GBR")]
    # Scare quotes are fragments, never full quotes.
    assert {q.text for q in found if q.fragment} >= {"dangerous moment.", "family photo"}
    assert len(full(found)) == 1


@pytest.mark.parametrize("text, speaker, iso3", [
    ("“We will reach 3.5% well before 2035,” Rutte said.", "Mark Rutte", "NATO"),
    ('"We will reach 3.5% well before 2035," said Nato Secretary General Mark Rutte.', "Mark Rutte", "NATO"),
    ('"Europe must pay its share of the bill," Macron told reporters.', "Emmanuel Macron", "FRA"),
    ('Rutte said: "This is a historic summit for the alliance."', "Mark Rutte", "NATO"),
    ('Trump, speaking on Air Force One, said: "They will pay their fair share, believe me."', "Donald Trump", "USA"),
    ('"Spain will stick to 2.1 percent of GDP," Sanchez said.', "Pedro Sánchez", "ESP"),
    ('"Europe must defend itself," Belgian Foreign Minister Maxime Prevot said.', "Maxime Prévot", "BEL"),
    ("“The allies’ budgets must rise faster than ever,” the NATO chief said.", "Mark Rutte", "NATO"),
    ('"We will do it," said Rutte in Brussels on Tuesday.', "Mark Rutte", "NATO"),
    ("“I'm very unhappy with Spain,” Trump told reporters at the White House.", "Donald Trump", "USA"),
    ("“It is a good deal”, CD&V party leader Sammy Mahdi said.", "Sammy Mahdi", None),
    ("Asked about Spain, the Belgian prime minister said: “We all have to make an effort.”", "Bart De Wever", "BEL"),
])
def test_speaker_before_or_after_the_quote(directory, text, speaker, iso3):
    q = one(text, directory)
    assert (q.speaker, q.iso3) == (speaker, iso3)
    assert q.confidence >= 0.8 and ("after the quote" in q.reason or "before the quote" in q.reason)


def test_text_is_verbatim_without_marks_brackets_and_ellipsis_kept(directory):
    q = one("“We are going to do it. [The target] is achievable … and necessary,” Starmer said.", directory)
    assert q.text == "We are going to do it. [The target] is achievable … and necessary"
    assert (q.speaker, q.iso3) == ("Keir Starmer", "GBR")


def test_apostrophes_do_not_end_a_single_quoted_quote(directory):
    q = one("Rutte arrived early.\n\n'NATO's allies don't need to fear the allies' critics,' he said.", directory)
    assert q.text == "NATO's allies don't need to fear the allies' critics"


def test_pronoun_refers_back_to_the_last_person_named_with_lower_confidence(directory):
    q = one('Spanish Prime Minister Pedro Sánchez arrived late.\n\n"We are a reliable ally," he said.', directory)
    assert (q.speaker, q.iso3) == ("Pedro Sánchez", "ESP")
    assert 0.5 <= q.confidence < 0.8 and "pronoun" in q.reason


def test_pronoun_skips_a_person_named_as_an_object(directory):
    text = ("Sánchez said Spain had done its part and thanked Secretary-General Mark Rutte.\n\n"
            "“This deal is a success for Spain and for the alliance,” he said.")
    assert one(text, directory).iso3 == "ESP"


def test_a_quote_without_a_verb_goes_to_the_paragraphs_only_named_person(directory):
    q = one('Mark Rutte spoke at length. "We have to do more, and we have to do it now."', directory)
    assert q.iso3 == "NATO" and q.confidence < 0.7 and "only named person" in q.reason


def test_a_quote_paragraph_continues_the_previous_speaker(directory):
    found = full(quotes("“It was not easy,” Trump said.\n\n‘But they will pay it back to us, believe me.’", directory))
    assert [q.iso3 for q in found] == ["USA", "USA"]


def test_a_quote_running_over_two_paragraphs(directory):
    text = ('"This is the first paragraph of a long statement from the minister.\n\n'
            '"And this is the second paragraph, which ends the quote," Slovak Defence Minister Robert Kalinak said.')
    q = one(text, directory)
    assert q.text.startswith("This is the first paragraph") and q.text.endswith("which ends the quote")
    assert "\n\n" not in q.text
    assert (q.speaker, q.iso3, q.paragraph) == ("Robert Kaliňák", "SVK", 0)


def test_a_clause_quoted_after_that_is_a_quote(directory):
    q = one("Merz has said that “the government will provide all the financing the Bundeswehr needs.”", directory)
    assert (q.speaker, q.iso3) == ("Friedrich Merz", "DEU")


@pytest.mark.parametrize("text", [
    'The minister called the plan "unrealistic."',
    'Rutte warned attendees that they were convening at a "dangerous moment."',
    'Leaders posed for their traditional "family photo," and left.',
    'Sánchez said the target "would be disproportionate and unnecessary" because of costs.',
    "Klingbeil said he will “be very vigilant that the money is spent efficiently,” for example by pooling.",
    'Slovakia, which is rebuilding its finances, "has other priorities," according to Fico.',
])
def test_scare_quotes_and_phrases_in_reported_speech_are_fragments(directory, text):
    found = quotes(text, directory)
    assert found and all(q.fragment and q.confidence <= 0.3 for q in found)


def test_reported_speech_without_marks_is_not_a_quote(directory):
    assert quotes("Sánchez told reporters that Spain would not spend 5% of its economy.", directory) == []


@pytest.mark.parametrize("text", [
    '"The deal is off for now," according to people familiar with the talks.',
    '"Spain is isolated on this issue," officials said.',
    '"They have no credible plan to reach 6%," one opposition politician in Vilnius told the FT.',
])
def test_anonymous_sources_are_not_proposed(directory, text):
    assert full(quotes(text, directory)) == []


def test_title_headline_and_caption_quotes_are_not_proposed(directory):
    text = ("**Rutte: “We are stronger than ever before”**\n\n"
            "Trump hails “great victory for everybody” at NATO summit\n\n"
            "Leaders met in The Hague on Wednesday to agree a new spending target for the alliance.\n\n"
            "Rutte says “the alliance has never been stronger” in The Hague (AP Photo/Peter Dejong)")
    assert quotes(text, directory) == []


def test_the_directory_is_read_at_the_articles_date(directory):
    text = '"We will pay what is needed and no more," Dutch Prime Minister Mark Rutte said.'
    assert one(text, directory, published="2020-05-01").iso3 == "NLD"  # before he led NATO
    q = one('"We will spend more next year," Prime Minister Dick Schoof said.', directory, published="2025-06-25")
    assert q.iso3 == "NLD" and q.leader_id is not None


def test_a_stranger_keeps_the_role_and_ally_the_text_gives(directory):
    q = one('"We are ready," said Jan Novak, the Slovak state secretary for defence.', directory)
    assert (q.speaker, q.role, q.iso3, q.leader_id) == ("Jan Novak", "Slovak state secretary for defence", "SVK", None)
    q = one("“This is not acceptable,” said John Smith, a senior fellow at the Atlantic Council.", directory)
    assert (q.speaker, q.iso3) == ("John Smith", None)
