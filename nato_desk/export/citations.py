"""Citations in the plain house style, for a figure, a chart or a quote.

A source is cited as it is stored: organisation (``publisher``), document
(``title``), year (of ``date``), URL, accessed date. A figure taken from a
transcription (a GitHub file, a mirror) is cited as that transcription,
never as the NATO document it copies. Missing fields are left out, with
their commas. Pure functions: no I/O, no clock.

>>> from datetime import date
>>> from nato_desk.domain import Source
>>> cite_source(Source("X", "Defence Expenditure of NATO Countries", "NATO", "2025-08-28",
...                    "https://nato.int/x"), date(2026, 11, 27))
'NATO, Defence Expenditure of NATO Countries, 2025, https://nato.int/x, accessed 27 November 2026.'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from nato_desk.domain import Measure, Observation, Quote, Source

__all__ = ["cite_chart", "cite_figure", "cite_quote", "cite_source", "format_date"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# The headline measures read plainly as "% of GDP"; the others say what they are.
_MEASURE_WORDS = {
    Measure.PCT_GDP: "",
    Measure.CORE_PCT_GDP: "",
    Measure.RELATED_PCT_GDP: "defence- and security-related spending",
    Measure.TOTAL_PCT_GDP: "total, core and related",
}


def format_date(value: str | date) -> str:
    """A stored date in words: ``2025-06-22`` -> ``22 June 2025``, ``2025-06`` ->
    ``June 2025``, ``2025`` -> ``2025``; anything else unchanged (stripped)."""
    if isinstance(value, date):
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    text = value.strip()
    match = _ISO.fullmatch(text)
    if not match:
        return text
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year if month is None else text
    words = f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {words}" if day is not None else words


def _year(value: str) -> str:
    match = _ISO.match(value.strip())
    return match.group(1) if match else value.strip()


def _join(parts: Iterable[str], sep: str = ", ") -> str:
    """Non-empty parts joined; no empty commas."""
    return sep.join(p for p in (p.strip() for p in parts) if p)


def _sentence(text: str) -> str:
    """``text`` ending with exactly one full stop (or its own ? or !)."""
    text = text.strip()
    if not text:
        return ""
    return text if text.endswith((".", "?", "!")) else text + "."


def cite_source(source: Source, accessed: date | None = None) -> str:
    """One source: ``Organisation, Document, Year, URL, accessed D Month YYYY.``

    The accessed date is given only for a source with a URL (it says when the
    URL was read).
    """
    parts = [source.publisher, source.title, _year(source.date), source.url]
    if source.url.strip() and accessed is not None:
        parts.append(f"accessed {format_date(accessed)}")
    return _sentence(_join(parts))


def _figure_text(obs: Observation, ally_name: str) -> str:
    who = _join([ally_name or obs.iso3, str(obs.year)], " ")
    detail = _join([_MEASURE_WORDS.get(obs.measure, obs.measure.value), obs.status.value])
    if obs.value is None:
        what = "no figure published"
    else:
        what = f"{obs.value:.{max(obs.decimals, 0)}f}% of GDP"
    return f"{who}: {what}" + (f" ({detail})" if detail else "") + "."


def cite_figure(obs: Observation, source: Source, accessed: date, ally_name: str) -> str:
    """A figure with its source, e.g. ``NATO, Defence Expenditure ..., 2026, https://...,
    accessed 27 November 2026. Spain 2026: 2.00% of GDP (estimate).``

    ``source`` is the figure's own source (``obs.source_id``), cited as stored.

    Raises:
        ValueError: ``source`` is not the figure's source.
    """
    if source.id != obs.source_id:
        raise ValueError(f"figure {obs.id} cites {obs.source_id}, not {source.id}")
    return _join([cite_source(source, accessed), _figure_text(obs, ally_name)], " ")


def cite_chart(sources: Iterable[Source], accessed: date, title: str) -> str:
    """A chart: its title, then each source once (first occurrence order), then
    the accessed date, e.g. ``Title. Sources: A, Doc, 2026, url; B, Doc2, 2025.
    Accessed 27 November 2026.``"""
    first: dict[str, Source] = {}
    for source in sources:
        first.setdefault(source.id, source)
    unique = list(first.values())
    cited = [cite_source(s).removesuffix(".") for s in unique]
    cited = [c for c in cited if c]
    label = "Source" if len(cited) == 1 else "Sources"
    body = f"{label}: " + "; ".join(cited) + "." if cited else ""
    tail = f"Accessed {format_date(accessed)}." if any(s.url.strip() for s in unique) else ""
    return _join([_sentence(title), body, tail], " ")


def cite_quote(quote: Quote, source: Source) -> str:
    """A quote: ``Speaker, Role: “text”, Outlet, D Month YYYY, URL.``

    The date is the date of the remark (``quote.date``); a quote without one
    carries no date rather than the article's. A translation, if stored,
    follows the original in brackets.

    Raises:
        ValueError: ``source`` is not the quote's source.
    """
    if source.id != quote.source_id:
        raise ValueError(f"quote {quote.id} cites {quote.source_id}, not {source.id}")
    # The stored text may end in the comma that led into the reporter's words.
    text = quote.text.strip().rstrip(",;:").strip()
    said = f"\u201c{text}\u201d" if text else ""
    if said and quote.translation.strip():
        said += f" [{quote.translation.strip()}]"
    who = _join([quote.speaker, quote.role])
    head = f"{who}: {said}" if who and said else who or said
    return _sentence(_join([head, source.publisher, format_date(quote.date), source.url]))
