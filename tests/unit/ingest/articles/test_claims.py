"""Percentage-of-GDP claims: the seed article, every spelling, every non-claim, owners, years, measures, kinds."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from nato_desk.domain import Member, Record
from nato_desk.ingest import seed_folder
from nato_desk.ingest.articles.claims import find_claims
from nato_desk.ingest.articles.model import ArticleText, ClaimProposal, Paragraph
from nato_desk.ingest.articles.numbers import find_percentages, word_number
from nato_desk.ingest.articles.read import article_from_text


@pytest.fixture(scope="module")
def members(seed: list[Record]) -> list[Member]:
    return [r for r in seed if isinstance(r, Member)]


def article(*paragraphs: str, published: str = "2025-06-24", title: str = "") -> ArticleText:
    """An ArticleText of the given paragraphs, built directly (short texts need no reading)."""
    parts, start = [], 0
    for index, text in enumerate(paragraphs):
        parts.append(Paragraph(index, start, text))
        start += len(text) + 2
    return ArticleText("\n\n".join(paragraphs), tuple(parts), title=title, published=published)


def claims_of(members: Sequence[Member], *paragraphs: str, published: str = "2025-06-24",
              title: str = "") -> list[ClaimProposal]:
    return find_claims(article(*paragraphs, published=published, title=title), members)


def one(members: Sequence[Member], text: str, published: str = "2025-06-24") -> ClaimProposal:
    found = claims_of(members, text, published=published)
    assert len(found) == 1, [(c.iso3, c.group, c.value) for c in found]
    return found[0]


# ---------------------------------------------------------------- the seed article

def test_seed_article_claims(members: list[Member]) -> None:
    raw = seed_folder().joinpath("hague_summit_article.txt").read_text(encoding="utf-8")
    seed = article_from_text(raw, "hague_summit_article.txt", published="2025-06-24")
    found = find_claims(seed, members)
    by = {(c.iso3, c.group, c.value): c for c in found}

    # Spain's 2.1% is Spain's: "his government's commitment to achieving 2.1% spending" is Spain's own
    # intention (not NATO's agreed target, not what Spain spends now): a plan, with no year said.
    spain = by[("ESP", None, 2.1)]
    assert (spain.kind, spain.year, spain.unit) == ("plan", None, "% of GDP")
    assert seed.text[spain.start:spain.end] == spain.text
    assert "2.1%" in spain.text and spain.text.startswith("While Spain's Economy Minister")

    # The Hague figures are the alliance's targets; 3.5% and 1.5% are said "by 2035", the 5% sentence says no year.
    five = by[(None, "NATO allies", 5.0)]
    assert (five.kind, five.year) == ("target", None)
    core = by[(None, "NATO allies", 3.5)]
    related = by[(None, "NATO allies", 1.5)]
    assert (core.kind, core.year) == ("target", 2035)
    assert (related.kind, related.year, related.measure) == ("target", 2035, "related")
    # Spain opposing "the ambitious goal of achieving 3.5%" does not make 3.5% Spain's.
    assert ("ESP", None, 3.5) not in by

    # Belgium's "reaching 3.5% in the next ten years": the article's date resolves the year.
    belgium = by[("BEL", None, 3.5)]
    assert (belgium.kind, belgium.year) == ("plan", 2035)
    assert belgium.confidence < spain.confidence < core.confidence + 0.2

    # The article prints its paragraphs twice: each claim is proposed once.
    assert len(found) == len({(c.iso3, c.group, c.value, c.year) for c in found})
    for claim in found:
        assert claim.reason and 0 < claim.confidence <= 1
        assert seed.text[claim.start:claim.end] == claim.text


def test_seed_article_with_no_date_leaves_relative_years_open(members: list[Member]) -> None:
    raw = seed_folder().joinpath("hague_summit_article.txt").read_text(encoding="utf-8")
    found = find_claims(article_from_text(raw, "seed"), members)
    belgium = next(c for c in found if c.iso3 == "BEL")
    assert belgium.year is None and "unknown" in belgium.reason
    assert next(c for c in found if c.value == 3.5 and c.group).year == 2035  # an explicit year still holds


# ---------------------------------------------------------------- spellings

@pytest.mark.parametrize(("text", "value"), [
    ("Spain spent 1.28% of GDP on defence in 2024.", 1.28),
    ("Spain spent 1.3 percent of GDP on defence in 2024.", 1.3),
    ("Spain spent 1.3 per cent of GDP on defence in 2024.", 1.3),
    ("Spain spent 1.3 % of gross domestic product on defence in 2024.", 1.3),
    ("Spain spent two percent of its economic output on defence in 2024.", 2.0),
    ("Spain spent five per cent of national income on its military in 2024.", 5.0),
    ("Spain spent one and a half percent of GDP on defence in 2024.", 1.5),
    ("Spain spent two-and-a-half per cent of GDP on defence in 2024.", 2.5),
    ("Spain spent 2½% of GDP on defence in 2024.", 2.5),
    ("Spain spent 2pc of GDP on defence in 2024.", 2.0),
    ("Spain spent 5% of gross domestic product on defence in 2024.", 5.0),
])
def test_every_spelling(members: list[Member], text: str, value: float) -> None:
    claim = one(members, text)
    assert (claim.iso3, claim.value, claim.year, claim.kind) == ("ESP", value, 2024, "current")


def test_number_words() -> None:
    assert word_number("two and a half") == 2.5
    assert word_number("three-and-a-half") == 3.5
    assert word_number("two point one") == 2.1
    assert word_number("twenty-five") == 25
    assert word_number("half a") == 0.5
    assert word_number("several") is None
    assert [p.value for p in find_percentages("10 percentage points, $1.2 billion, €50bn, twice as much")] == []


def test_range_proposes_both_bounds(members: list[Member]) -> None:
    found = claims_of(members, "Lithuania will spend between 5 and 6 percent of GDP on defence from 2026.")
    assert [(c.iso3, c.value, c.year, c.kind) for c in found] == [("LTU", 5.0, 2026, "plan"), ("LTU", 6.0, 2026, "plan")]
    assert all("range" in c.reason for c in found)
    assert found[0].confidence < one(members, "Lithuania will spend 5 percent of GDP on defence from 2026.").confidence


def test_from_to_is_a_starting_level_and_a_plan(members: list[Member]) -> None:
    found = claims_of(members, "Britain will raise defence spending from 2.3% of GDP to 2.5% by 2027.",
                      published="2025-02-25")
    assert [(c.iso3, c.value, c.kind) for c in found] == [("GBR", 2.3, "current"), ("GBR", 2.5, "plan")]
    assert found[1].year == 2027


# ---------------------------------------------------------------- not claims

@pytest.mark.parametrize("text", [
    "Trump threatened Spain with a 25% tariff on its exports over its defence spending.",
    "A poll found 60% of Germans support more military spending.",
    "Poland's economy grew 2% last year despite higher defence spending.",
    "Inflation in Spain reached 3% as the defence budget rose.",
    "Turnout in the Dutch election was 78 percent, while defence dominated the debate.",
    "The ECB held interest rates at 2% as Germany debated its defence budget.",
    "Unemployment in Spain stood at 11 percent.",
    "Germany's budget deficit is expected to reach 3% of GDP this year, partly because of defence.",
    "Britain cut its aid budget from 0.5 per cent of gross national income to 0.3 per cent to pay for defence.",
    "Germany raised its defence budget by 10% this year.",
    "France wants 20% of defence budgets spent on equipment.",
    "Germany spends twice as much on defence as Spain.",
    "Poland will spend $50 billion on defence next year.",
    "Outlays for defence that exceed 1% of GDP will be exempt from Germany's debt brake.",
    "Russia spends more than 6% of its GDP on its military.",
])
def test_not_defence_spending_shares(members: list[Member], text: str) -> None:
    assert claims_of(members, text) == []


# ---------------------------------------------------------------- owners

@pytest.mark.parametrize(("text", "iso3"), [
    ("The U.S. spends 3.4% of GDP on defence.", "USA"),
    ("Washington spends 3.4% of GDP on defence.", "USA"),
    ("Britain spends 2.3% of GDP on defence.", "GBR"),
    ("London spends 2.3% of GDP on defence.", "GBR"),
    ("Turkey spends 2.1% of GDP on defence.", "TUR"),
    ("Türkiye spends 2.1% of GDP on defence.", "TUR"),
    ("The Czech Republic spends 2.1% of GDP on defence.", "CZE"),
    ("North Macedonia spends 2% of GDP on defence.", "MKD"),
    ("Dutch defence spending is 2% of GDP.", "NLD"),
    ("Madrid spends 1.3% of GDP on its armed forces.", "ESP"),
    ("Spanish defence spending stands at 1.3% of GDP.", "ESP"),
])
def test_ally_aliases_adjectives_and_capitals(members: list[Member], text: str, iso3: str) -> None:
    assert one(members, text).iso3 == iso3


@pytest.mark.parametrize(("text", "group"), [
    ("NATO allies agreed to spend 5% of GDP on defence by 2035.", "NATO allies"),
    ("All members must spend 2% of GDP on defence.", "NATO allies"),
    ("European allies spend 2% of GDP on defence on average.", "European allies"),
    ("The Baltic states spend more than 3% of GDP on defence.", "Baltic states"),
])
def test_groups(members: list[Member], text: str, group: str) -> None:
    claim = one(members, text)
    assert (claim.iso3, claim.group) == (None, group)


def test_nearest_owner_and_lists(members: list[Member]) -> None:
    found = claims_of(members, "Spain spends 1.3% of GDP on defence, while Poland spends 4.1%.")
    assert [(c.iso3, c.value) for c in found] == [("ESP", 1.3), ("POL", 4.1)]
    found = claims_of(members, "Spain, Belgium and Canada spent less than 1.5% of GDP on defence in 2024.")
    assert [c.iso3 for c in found] == ["ESP", "BEL", "CAN"]
    # A speaker's nationality is second to the group the figure is said of.
    claim = one(members, "US Secretary of State Marco Rubio told NATO to commit to spending five percent of GDP on defence.")
    assert (claim.iso3, claim.group, claim.kind) == (None, "NATO allies", "target")


def test_the_target_is_the_alliances_unless_an_ally_meets_it(members: list[Member]) -> None:
    claim = one(members, "Spain has refused the 5% target for defence spending.")
    assert (claim.iso3, claim.group, claim.kind) == (None, "NATO allies", "target")
    claim = one(members, "Canada will meet the 2% target for defence spending next year.")
    assert (claim.iso3, claim.kind, claim.year) == ("CAN", "plan", 2026)


def test_paragraph_topic_when_the_sentence_names_no_one(members: list[Member]) -> None:
    found = claims_of(members, "Italy presented its budget on Monday. It will spend 2% of GDP on defence in 2026.")
    assert [(c.iso3, c.year) for c in found] == [("ITA", 2026)]
    named = one(members, "Italy will spend 2% of GDP on defence in 2026.")
    assert found[0].confidence < named.confidence
    assert "paragraph" in found[0].reason


# ---------------------------------------------------------------- years

@pytest.mark.parametrize(("text", "year"), [
    ("Spain spent 1.3% of GDP on defence last year.", 2024),
    ("Spain spends 2% of GDP on defence this year.", 2025),
    ("Spain will spend 2.1% of GDP on defence next year.", 2026),
    ("Spain will spend 3% of GDP on defence within a decade.", 2035),
    ("Spain spent 1.3% of GDP on defence in 2024.", 2024),
    ("Spain's 2025's budget puts defence at 2% of GDP.", 2025),
    ("Spain will spend 3.5% of GDP on defence by 2035.", 2035),
])
def test_years(members: list[Member], text: str, year: int) -> None:
    assert one(members, text).year == year


def test_relative_year_unknown_without_a_date(members: list[Member]) -> None:
    assert one(members, "Spain spent 1.3% of GDP on defence last year.", published="").year is None


def test_year_a_target_was_set_is_not_its_year(members: list[Member]) -> None:
    claim = one(members, "Allies have aimed to spend 2% of GDP on defence since 2014.")
    assert claim.year is None


# ---------------------------------------------------------------- measures and kinds

@pytest.mark.parametrize(("text", "measure"), [
    ("Allies agreed to spend 3.5% of GDP on core defence by 2035.", "core"),
    ("Allies agreed to spend 1.5% of GDP on defence-related infrastructure by 2035.", "related"),
    ("Allies agreed to spend 5% of GDP in total on defence by 2035.", "total"),
    ("Allies agreed to spend 5% of GDP on defence by 2035.", ""),
])
def test_measures(members: list[Member], text: str, measure: str) -> None:
    assert one(members, text).measure == measure


@pytest.mark.parametrize(("text", "kind"), [
    ("Germany spent 2.1% of GDP on defence in 2024.", "current"),
    ("Germany's defence spending stood at 2.1% of GDP.", "current"),
    ("Germany plans to spend 3.5% of GDP on defence in 2029.", "plan"),
    ("Germany intends to raise defence spending to 3% of GDP.", "plan"),
    ("Germany will reach 3.5% of GDP on defence by 2029.", "plan"),
    ("Trump demanded that Germany spend 5% of GDP on defence.", "target"),
    ("Allies agreed a goal of 5% of GDP for defence.", "target"),
])
def test_kinds(members: list[Member], text: str, kind: str) -> None:
    assert one(members, text).kind == kind
