"""One article in, every proposal out: quotes and claims, in reading order.

This module owns running the extractors over an ``ArticleText`` and putting
their proposals in the order the review shows them (by position in the text).
``nato-desk extract`` and the import dialog both call ``extract``. Pure.
"""

from __future__ import annotations

from typing import Iterable

from nato_desk.domain import Leader, Member

from nato_desk.ingest.articles.model import ArticleText, ClaimProposal, Extraction
from nato_desk.ingest.articles.quotes import find_quotes

__all__ = ["extract"]


def extract(article: ArticleText, leaders: Iterable[Leader], members: Iterable[Member]) -> Extraction:
    """The quotes (attributed against ``leaders`` at the article's date) and the claims."""
    members = tuple(members)
    quotes = sorted(find_quotes(article, leaders, members), key=lambda q: (q.start, q.end))
    claims = sorted(_claims(article, members), key=lambda c: (c.start, c.end))
    return Extraction(article=article, quotes=tuple(quotes), claims=tuple(claims))


def _claims(article: ArticleText, members: tuple[Member, ...]) -> list[ClaimProposal]:
    # Imported here: the claims rules load their number words on first use, and
    # a checkout without claims.py still extracts quotes.
    try:
        from nato_desk.ingest.articles.claims import find_claims
    except ImportError:
        return []
    return list(find_claims(article, members))
