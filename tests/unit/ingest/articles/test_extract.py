"""extract: quotes and claims of one article, in reading order, in the --json shape."""

from __future__ import annotations

from nato_desk.domain import Leader, Member
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.extract import extract
from nato_desk.ingest.articles.model import to_json
from nato_desk.ingest.articles.read import article_from_text


def test_the_seed_article_extracts_rutte_and_spains_claim_in_order():
    records = load_seed(seed_folder())
    leaders = [r for r in records if isinstance(r, Leader)]
    members = [r for r in records if isinstance(r, Member)]
    text = seed_folder().joinpath("hague_summit_article.txt").read_text(encoding="utf-8")
    result = extract(article_from_text(text, published="2025-06-25"), leaders, members)
    assert [q.start for q in result.quotes] == sorted(q.start for q in result.quotes)
    assert [c.start for c in result.claims] == sorted(c.start for c in result.claims)
    shown = to_json(result)
    assert [(q["speaker"], q["iso3"]) for q in shown["quotes"]] == [("Mark Rutte", "NATO")]
    assert shown["quotes"][0]["text"].endswith("That changes today.")
    # Spain's 2.1% is proposed for Spain (claims.py's rules; the list is empty only if it is absent).
    assert any(c.iso3 == "ESP" and c.value == 2.1 for c in result.claims)
    # Fragments are kept for the review, off in the --json output by default.
    assert any(q.fragment for q in result.quotes)
    assert len(to_json(result, fragments=True)["quotes"]) > len(shown["quotes"])
