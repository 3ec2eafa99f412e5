"""What extraction proposes from a news article: quotes and claims, with evidence.

An ``ArticleText`` is the article read once: its distinct paragraphs joined by
blank lines into ``text`` (repeated paragraphs are dropped and counted), with
each paragraph's offset, and what the page says about itself (title, outlet,
date, URL). Proposals point into ``text`` with ``start``/``end`` offsets, so the
review can highlight them and a stored quote can be shown in its paragraph.

``QuoteProposal`` and ``ClaimProposal`` carry a confidence and the reason for
their attribution (the pattern and its evidence), which the review shows.
``to_json`` gives ``nato-desk extract --json``'s shape. Pure data, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ArticleText", "ClaimProposal", "Extraction", "Paragraph", "QuoteProposal", "to_json"]


@dataclass(frozen=True)
class Paragraph:
    index: int  # 0-based, among the distinct paragraphs
    start: int  # offset of the paragraph in ArticleText.text
    text: str
    repeats: int = 0  # how many more times the source printed it (dropped)


@dataclass(frozen=True)
class ArticleText:
    text: str  # the distinct paragraphs joined by "\n\n"
    paragraphs: tuple[Paragraph, ...]
    title: str = ""
    outlet: str = ""
    published: str = ""  # ISO date, year-month or year; "" unknown
    url: str = ""
    language: str = "en"

    @property
    def repeated(self) -> int:
        """Paragraphs the source printed more than once, counted once here."""
        return sum(p.repeats for p in self.paragraphs)


@dataclass(frozen=True)
class QuoteProposal:
    """A direct quotation and who said it.

    ``text`` is verbatim without its quote marks (editorial brackets and
    ellipses kept); ``start``/``end`` are its offsets in ``ArticleText.text``
    (for a quote running over paragraphs, from its first to its last
    character). ``iso3`` is the ally, ``"NATO"`` for the Secretary General and
    NATO bodies, or ``None``. ``leader_id`` names the leaders-directory record
    when the speaker resolved to one. ``fragment`` marks a scare quote or a
    short phrase inside reported speech (proposed separately, off by default).
    """

    text: str
    speaker: str
    role: str
    iso3: str | None
    confidence: float  # 0..1
    paragraph: int
    start: int
    end: int
    reason: str  # "after the quote: ', Rutte said' (leaders: Mark Rutte, NATO Secretary General)"
    leader_id: str | None = None
    fragment: bool = False


@dataclass(frozen=True)
class ClaimProposal:
    """A percentage-of-GDP figure said of an ally or a group.

    ``kind`` is "current" (spending now or in a past year), "target" (an
    agreed or demanded level) or "plan" (a national intention for a year).
    ``measure`` is "core", "related", "total" or "" when the text does not say.
    ``group`` names a group when the claim is about one ("NATO allies",
    "European allies"); ``iso3`` is then ``None`` unless one ally is meant.
    """

    iso3: str | None
    group: str | None
    value: float
    unit: str  # "% of GDP"
    measure: str
    year: int | None
    kind: str
    text: str  # the sentence (or clause) that makes the claim, verbatim
    paragraph: int
    start: int
    end: int
    confidence: float = 1.0
    reason: str = ""


@dataclass(frozen=True)
class Extraction:
    article: ArticleText
    quotes: tuple[QuoteProposal, ...]
    claims: tuple[ClaimProposal, ...]


def to_json(extraction: Extraction, *, fragments: bool = False) -> dict[str, Any]:
    """``{"quotes": [...], "claims": [...]}`` as ``nato-desk extract --json`` prints it."""
    quotes = [{"text": q.text, "speaker": q.speaker, "role": q.role, "iso3": q.iso3,
               "confidence": round(q.confidence, 3), "paragraph": q.paragraph, "start": q.start, "end": q.end}
              for q in extraction.quotes if fragments or not q.fragment]
    claims = [{"iso3": c.iso3, "group": c.group, "value": c.value, "unit": c.unit, "measure": c.measure,
               "year": c.year, "kind": c.kind, "text": c.text} for c in extraction.claims]
    return {"quotes": quotes, "claims": claims}
