"""Citations in the house style, checked against real seed records."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from nato_desk.domain import Observation, Quote, Source
from nato_desk.export.citations import (
    cite_chart,
    cite_figure,
    cite_quote,
    cite_source,
    format_date,
)
from nato_desk.ingest import load_seed, seed_folder

ACCESSED = date(2026, 11, 27)


@pytest.fixture(scope="module")
def seed():
    records = load_seed(seed_folder())
    return {(type(r).__name__, r.id): r for r in records}


def src(seed, sid: str) -> Source:
    return seed[("Source", sid)]


def no_gaps(text: str) -> None:
    for bad in ("None", ", ,", ",,", " ,", ", .", "..", "()", "  "):
        assert bad not in text, (bad, text)


@pytest.mark.parametrize(
    ("obs_id", "ally", "expected"),
    [
        # Spain 2026 in the July 2026 edition comes from a GitHub transcription: cited as it is.
        ("2026-07/ESP/core_pct_gdp/2026", "Spain",
         "GitHub: aiutononesistonousername/leave-the-gun-take-the-cannoli, "
         "leave-the-gun-take-the-cannoli: data/processed/nato_defence.csv (tidy export of "
         "def-exp-2026-en.xlsx, all tables), 2026, https://github.com/aiutononesistonousername/"
         "leave-the-gun-take-the-cannoli/blob/366dedbbf761c480cfe91ca2da7c28a3a079810d/data/"
         "processed/nato_defence.csv, accessed 27 November 2026. "
         "Spain 2026: 2.00% of GDP (estimate)."),
        # One decimal published: never shown as 2.00.
        ("2026-03/ESP/pct_gdp/2025", "Spain", None),
    ],
)
def test_cite_figure(seed, obs_id, ally, expected):
    obs = seed[("Observation", obs_id)]
    text = cite_figure(obs, src(seed, obs.source_id), ACCESSED, ally)
    if expected is not None:
        assert text == expected
    else:
        assert text.endswith("Spain 2025: 2.0% of GDP (estimate).")
        assert text.startswith(src(seed, obs.source_id).publisher + ", ")
    no_gaps(text)


def test_cite_figure_nato_source_and_missing_fields(seed):
    obs = seed[("Observation", "2026-07/ESP/core_pct_gdp/2026")]
    nato = src(seed, "NATO_DE2026")
    text = cite_figure(dataclasses.replace(obs, source_id=nato.id), nato, ACCESSED, "Spain")
    assert text.startswith("NATO, Defence Investment of NATO Countries (2014-2026)")
    assert ", 2026, https://www.nato.int/" in text and "accessed 27 November 2026." in text

    # No URL: no accessed date; no date: no year; no publisher: starts with the title.
    bare = Source(obs.source_id, "Table 3", "", "", "")
    assert cite_figure(obs, bare, ACCESSED, "Spain") == (
        "Table 3. Spain 2026: 2.00% of GDP (estimate).")
    gap = dataclasses.replace(obs, value=None, status=obs.status)
    assert cite_figure(gap, bare, ACCESSED, "") == (
        "Table 3. ESP 2026: no figure published (estimate).")
    with pytest.raises(ValueError):
        cite_figure(obs, nato, ACCESSED, "Spain")


def test_cite_figure_transcription_without_url(seed):
    s = src(seed, "GH_SQLSEED_T3")  # a GitHub transcription with no resolvable URL
    obs = dataclasses.replace(seed[("Observation", "2026-07/ESP/core_pct_gdp/2026")],
                              source_id=s.id)
    text = cite_figure(obs, s, ACCESSED, "Spain")
    assert text == f"{s.publisher}, {s.title}, 2025. Spain 2026: 2.00% of GDP (estimate)."
    assert "accessed" not in text
    no_gaps(text)


@pytest.mark.parametrize(
    ("quote_id", "expected"),
    [
        ("ESP-01",
         "Pedro Sánchez, Prime Minister of Spain: \u201cWe fully respect the legitimate desire "
         "of other countries to increase their defence investment, but we are not going to do "
         "so\u201d, bne IntelliNews, 22 June 2025, https://www.intellinews.com/proposed-defence-"
         "spending-hike-to-5-of-gdp-exposes-divisions-among-nato-members-387401/"
         "?source=croatia."),
        ("ESP-02",
         "Pedro Sánchez, Prime Minister of Spain: \u201cNo es razonable y sería "
         "contraproducente\u201d, Diario de Sevilla, 19 June 2025, "
         "https://www.diariodesevilla.es/espana/sanchez-no-ve-razonable-pedir_0_2004175250.html."),
        # No date in the source: left out, not replaced by the article's.
        ("ARTICLE-01",
         "Mark Rutte, NATO Secretary General: \u201cFor too long, one ally, the United States, "
         "carried too much of the burden. That changes today.\u201d, "
         "unknown (syndicated news article)."),
    ],
)
def test_cite_quote(seed, quote_id, expected):
    quote = seed[("Quote", quote_id)]
    source = src(seed, quote.source_id)
    if quote_id == "ARTICLE-01":
        assert not quote.date and not source.url
    assert cite_quote(quote, source) == expected
    no_gaps(expected)


def test_cite_quote_missing_fields(seed):
    quote: Quote = seed[("Quote", "ESP-01")]
    bare = Source(quote.source_id, "t")
    assert cite_quote(dataclasses.replace(quote, role="", date=""), bare) == (
        "Pedro Sánchez: \u201cWe fully respect the legitimate desire of other countries to "
        "increase their defence investment, but we are not going to do so\u201d.")
    translated = dataclasses.replace(quote, text="No.", translation="No.", date="2025-06")
    assert cite_quote(translated, bare).endswith(": \u201cNo.\u201d [No.], June 2025.")
    with pytest.raises(ValueError):
        cite_quote(quote, Source("OTHER", "t"))


def test_cite_chart_lists_each_source_once(seed):
    a, b = src(seed, "NATO_DE2026"), src(seed, "GH_SQLSEED_T3")
    text = cite_chart([a, b, a, b], ACCESSED, "Spain, core defence spending")
    assert text.startswith("Spain, core defence spending. Sources: NATO, Defence Investment")
    assert text.count(a.url) == 1 and text.count(b.title) == 1
    assert text.index(a.title) < text.index(b.title)
    assert text.endswith(". Accessed 27 November 2026.")
    no_gaps(text)
    one = cite_chart([b], ACCESSED, "")
    assert one == f"Source: {b.publisher}, {b.title}, 2025."  # no URL: no accessed date
    assert cite_chart([], ACCESSED, "Empty") == "Empty."


@pytest.mark.parametrize(
    ("stored", "words"),
    [("2025-06-22", "22 June 2025"), ("2025-06", "June 2025"), ("2025", "2025"),
     ("", ""), ("mid-2025", "mid-2025"), ("2025-13", "2025-13"),
     (date(2026, 1, 5), "5 January 2026")],
)
def test_format_date(stored, words):
    assert format_date(stored) == words


def test_cite_source_year_only_from_date(seed):
    s = src(seed, "NATO_NEWS_112461")
    assert cite_source(s, ACCESSED) == (
        "NATO, Allied leaders pledge to reverse defence cuts, reaffirm transatlantic bond, "
        "2014, https://www.nato.int/cps/en/natohq/news_112461.htm, accessed 27 November 2026.")
