"""``nato-desk extract FILE``: what the article review would propose, printed.

Reads a .txt or saved .html article (``ingest.articles.read``), runs the
extraction against the leaders directory and the members, and prints the
proposals: for a person, the article's title, outlet and date, its paragraph
count (repeats counted once) and each quote and claim with its evidence; with
``--json``, exactly one object, ``model.to_json``'s shape. Nothing is stored
and nothing is fetched. No Qt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from nato_desk.domain import Leader, Member
from nato_desk.ingest.articles.model import ArticleText, ClaimProposal, Extraction, QuoteProposal, to_json
from nato_desk.ingest.articles.read import read_article_file

__all__ = ["extract_article", "read_article_path", "report_lines", "write_report"]


def read_article_path(path: Path, name: str | None = None) -> ArticleText:
    """The article in ``path``; ``name`` (default: the file's name) is how messages name it.

    Raises:
        ImportRejected: the file is refused (empty, binary, too large, no text, not English).
        OSError: the file cannot be read.
    """
    return read_article_file(path.read_bytes(), name or path.name)


def extract_article(article: ArticleText, leaders: Sequence[Leader], members: Sequence[Member]) -> Extraction:
    """The proposals for ``article`` (quotes and claims, in reading order)."""
    from nato_desk.ingest.articles.extract import extract

    return extract(article, list(leaders), list(members))


def _number(value: float) -> str:
    # As extracted, never rounded: 2.1 stays 2.1, 5.0 prints as 5.
    return str(int(value)) if float(value).is_integer() else repr(value)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _quote_lines(number: int, quote: QuoteProposal) -> list[str]:
    who = quote.speaker or "no named speaker"
    if quote.role:
        who += f", {quote.role}"
    ally = quote.iso3 or "no ally"
    kind = " (fragment)" if quote.fragment else ""
    lines = [f"  {number}. {who} \u2014 {ally}, confidence {quote.confidence:.2f}, "
             f"paragraph {quote.paragraph + 1}{kind}",
             f"     \u201c{' '.join(quote.text.split())}\u201d"]
    if quote.reason:
        lines.append(f"     why: {quote.reason}")
    return lines


def _claim_lines(number: int, claim: ClaimProposal) -> list[str]:
    whom = claim.iso3 or claim.group or "no ally or group"
    if claim.iso3 and claim.group:
        whom = f"{claim.iso3} ({claim.group})"
    details = [d for d in (claim.measure, str(claim.year) if claim.year is not None else "no year", claim.kind) if d]
    unit = claim.unit if claim.unit.startswith("%") else f" {claim.unit}"  # 2.1% of GDP
    lines = [f"  {number}. {whom}: {_number(claim.value)}{unit} \u2014 {', '.join(details)}, "
             f"paragraph {claim.paragraph + 1}",
             f"     \u201c{' '.join(claim.text.split())}\u201d"]
    if claim.reason:
        lines.append(f"     why: {claim.reason}")
    return lines


def report_lines(extraction: Extraction, name: str, *, fragments: bool = False) -> list[str]:
    """The human report: the article, its paragraphs, each quote and each claim."""
    article = extraction.article
    about = [part for part in (article.outlet, article.published, article.url) if part]
    lines = [article.title or name,
             " \u00b7 ".join(about) if about else "(the file names no outlet, date or URL)",
             f"{_count(len(article.paragraphs), 'paragraph')} ({article.repeated} repeated, counted once)", ""]
    quotes = [q for q in extraction.quotes if fragments or not q.fragment]
    hidden = len(extraction.quotes) - len(quotes)
    lines.append(f"Quotes: {len(quotes)}" + (f" ({_count(hidden, 'fragment')} not shown; --fragments shows them)"
                                             if hidden else ""))
    for number, quote in enumerate(quotes, 1):
        lines += _quote_lines(number, quote)
    lines += ["", f"Claims: {len(extraction.claims)}"]
    for number, claim in enumerate(extraction.claims, 1):
        lines += _claim_lines(number, claim)
    return lines


def write_report(extraction: Extraction, name: str, *, as_json: bool, fragments: bool, out: TextIO) -> None:
    """Print the report (or, with ``as_json``, exactly one JSON object and a newline) to ``out``."""
    if as_json:
        json.dump(to_json(extraction, fragments=fragments), out, ensure_ascii=False)
        out.write("\n")
        return
    for line in report_lines(extraction, name, fragments=fragments):
        out.write(line + "\n")
