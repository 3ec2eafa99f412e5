"""Citations: what a briefer names for a source, a figure, a chart or a quote.

A source record describes what was read, which is often a copy: a mirror of a
BBC page, a syndicated Reuters report, a GitHub transcription of NATO's
tables. A citation names the original instead (the ``cite_*`` fields, see
``domain.Source``); the copy appears only in the details, as "Read at … via
…". This module owns those rules, for every place that shows or exports a
source (detail pane, chart hover, figures table, Show source, copied
citations, XLSX and CSV, the deck and its PDF):

``cited_publisher`` / ``cited_title``
    ``cite_publisher`` / ``cite_title``, or ``publisher`` / ``title`` when
    empty (a source nobody classified is cited as itself).
``cited_url``
    ``cite_url``; else ``url``, but only when the source is its own original
    (``is_copy`` is false). The URL of a copy is never cited: a press copy,
    a transcription or an aggregator's item is read there, and a source read
    at another address (``read_at_url`` or ``via`` set, e.g. AP read on a
    staging host, a forum post quoting NATO) was left without ``cite_url`` on
    purpose. No URL is better than the mirror's.
``cited_date``
    ``date``, except for a transcription or a text quoting the original,
    whose date is the copy's (figures take their edition's release date).
``source_line``
    ``Publisher: Title (date)``, one short line for a slide or a label.
``read_at_address`` / ``read_at_text``
    ``""`` for an original; the copy's address, or ``Read at <address>; via <copy>`` for a copy.
``citation_details``
    (label, text) rows for a details view or speaker notes: read at, via,
    kind, confidence, the evidence.

The house style of a full citation: organisation, document, year, URL,
accessed date; missing fields are left out with their commas. A NATO figure
cites the NATO edition as the source of record (its title, with the table
where the source names it, and its release date). Pure functions: no I/O,
no clock.

>>> from datetime import date
>>> from nato_desk.domain import Source
>>> cite_source(Source("X", "Defence Expenditure of NATO Countries", "NATO", "2025-08-28",
...                    "https://nato.int/x"), date(2026, 11, 27))
'NATO, Defence Expenditure of NATO Countries, 2025, https://nato.int/x, accessed 27 November 2026.'
>>> copy = Source("R", "Headline (Reuters)", "Reuters (copy on mirror.example)", "2025-08-27",
...               "https://mirror.example/a", kind="press_copy", cite_publisher="Reuters",
...               cite_title="Headline", via="copy on mirror.example")
>>> cite_source(copy)
'Reuters, Headline, 2025.'
>>> read_at_text(copy)
'Read at https://mirror.example/a; via copy on mirror.example'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from nato_desk.domain import COPY_KINDS, Edition, Measure, Observation, Quote, Source

__all__ = [
    "CONFIDENCE_LABELS",
    "KIND_LABELS",
    "NATO_PUBLISHER",
    "citation_details",
    "cite_chart",
    "cite_figure",
    "cite_quote",
    "cite_source",
    "cited_date",
    "cited_publisher",
    "cited_title",
    "cited_url",
    "format_date",
    "is_copy",
    "read_at_address",
    "read_at_text",
    "source_line",
]

NATO_PUBLISHER = "NATO"
"""``cite_publisher`` of NATO's own publications and of every transcription of them."""

KIND_LABELS = {
    "primary_official": "Official publication",
    "press": "Press report",
    "press_copy": "Copy of a press report",
    "transcription": "Transcription of the original",
    "aggregator": "Aggregator item",
    "other": "Other",
    "": "Not classified",
}
"""A source's ``kind`` in words."""

CONFIDENCE_LABELS = {
    "stated": "stated by the copy",
    "confirmed": "confirmed against the original",
    "inferred": "inferred",
    "none": "original unknown",
    "": "not assessed",
}
"""How sure the citation is (``cite_confidence``), in words."""

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


# --------------------------------------------------------------- one source


def is_copy(source: Source) -> bool:
    """True if ``source.url`` is where a copy was read, not the original to cite.

    A copy is a source of a copying kind (``COPY_KINDS``: press copy,
    transcription, aggregator) or one read somewhere else than its original
    (``read_at_url`` or ``via`` set, whatever its kind).
    """
    return source.kind in COPY_KINDS or bool(source.read_at_url.strip() or source.via.strip())


def cited_publisher(source: Source) -> str:
    """The organisation a briefer names: ``cite_publisher``, else ``publisher``."""
    return source.cite_publisher.strip() or source.publisher.strip()


def cited_title(source: Source) -> str:
    """The document a briefer names: ``cite_title``, else ``title``."""
    return source.cite_title.strip() or source.title.strip()


def cited_url(source: Source) -> str:
    """The original's URL: ``cite_url``; else ``url`` only if the source is its own
    original (not ``is_copy``); else ``""``. A copy's address is never cited."""
    if source.cite_url.strip():
        return source.cite_url.strip()
    return "" if is_copy(source) else source.url.strip()


def cited_date(source: Source) -> str:
    """The original's date as stored (``YYYY[-MM[-DD]]``): ``date``, or ``""`` when the
    date is the copy's own: a transcription (when someone transcribed NATO's tables)
    or another text quoting the original (a forum post quoting a 2014 declaration).
    A press copy, an aggregator's item or an original read elsewhere carries the
    report's date."""
    if source.kind == "transcription" or (source.kind == "other" and is_copy(source)):
        return ""
    return source.date.strip()


def source_line(source: Source) -> str:
    """One short line naming the original: ``Publisher: Title (date)``.

    ``NATO: Defence Expenditure of NATO Countries (2014-2025) (28 August 2025)``;
    parts that are empty are left out (``Title`` alone, ``Publisher: Title``).
    """
    head = _join([cited_publisher(source), cited_title(source)], ": ")
    when = format_date(cited_date(source))
    return f"{head} ({when})" if head and when else head or when


def read_at_address(source: Source) -> str:
    """The address where a copy was read (``read_at_url``, else ``url``); ``""`` for an
    original, or when it is the cited URL itself."""
    if not is_copy(source):
        return ""
    where = source.read_at_url.strip() or source.url.strip()
    return "" if where == cited_url(source) else where


def read_at_text(source: Source) -> str:
    """Where a copy was read: ``Read at <read_at_url or url>; via <via>``.

    ``""`` for an original. Parts that are unknown are left out (``Via
    transcription: …`` when no address was kept); an address equal to the
    cited URL is not repeated.
    """
    if not is_copy(source):
        return ""
    where = read_at_address(source)
    via = source.via.strip()
    if where and via:
        return f"Read at {where}; via {via}"
    if where:
        return f"Read at {where}"
    return f"Via {via}" if via else ""


def citation_details(source: Source) -> list[tuple[str, str]]:
    """Rows (label, text) saying how the citation was arrived at, for a details view
    or speaker notes: Read at, Via, Kind, Confidence, Evidence. Empty rows are left out;
    an original that nobody assessed has none."""
    rows: list[tuple[str, str]] = []
    if is_copy(source):
        if read_at_address(source):
            rows.append(("Read at", read_at_address(source)))
        if source.via.strip():
            rows.append(("Via", source.via.strip()))
    if source.kind:
        rows.append(("Kind", KIND_LABELS.get(source.kind, source.kind)))
    if source.cite_confidence:
        rows.append(("Citation", CONFIDENCE_LABELS.get(source.cite_confidence,
                                                       source.cite_confidence)))
    if source.cite_note.strip():
        rows.append(("Evidence", source.cite_note.strip()))
    return rows


def cite_source(source: Source, accessed: date | None = None) -> str:
    """One source, as its original: ``Organisation, Document, Year, URL, accessed D Month YYYY.``

    The accessed date is given only with a URL (it says when the URL was read).
    """
    url = cited_url(source)
    parts = [cited_publisher(source), cited_title(source), _year(cited_date(source)), url]
    if url and accessed is not None:
        parts.append(f"accessed {format_date(accessed)}")
    return _sentence(_join(parts))


# ------------------------------------------------------------------ figures


def _figure_text(obs: Observation, ally_name: str) -> str:
    who = _join([ally_name or obs.iso3, str(obs.year)], " ")
    detail = _join([_MEASURE_WORDS.get(obs.measure, obs.measure.value), obs.status.value])
    if obs.value is None:
        what = "no figure published"
    else:
        what = f"{obs.value:.{max(obs.decimals, 0)}f}% of GDP"
    return f"{who}: {what}" + (f" ({detail})" if detail else "") + "."


def _edition_record(source: Source, edition: Edition, accessed: date | None) -> str:
    """The NATO edition as the source of record of one of its figures (no full stop)."""
    released = format_date(edition.released)
    if cited_publisher(source) == NATO_PUBLISHER:
        # NATO's document or a transcription of it: its cited title names the table.
        url = cited_url(source)
        parts = [NATO_PUBLISHER, cited_title(source), released, url]
        if url and accessed is not None:
            parts.append(f"accessed {format_date(accessed)}")
        return _join(parts)
    # Read in a report of the release: NATO's edition first, the report after it.
    reported = cite_source(source, accessed).removesuffix(".")
    record = _join([NATO_PUBLISHER, edition.title, released])
    return f"{record}, as reported by {reported}" if reported else record


def cite_figure(obs: Observation, source: Source, accessed: date, ally_name: str,
                edition: Edition | None = None) -> str:
    """A figure with its source of record, e.g. ``NATO, Defence Investment of NATO
    Countries (2014-2026), Table 3 (…), 10 July 2026, https://www.nato.int/…, accessed
    27 November 2026. Spain 2026: 2.00% of GDP (estimate).``

    ``source`` is the figure's own source (``obs.source_id``). With ``edition``
    (the figure's NATO edition) the edition is the source of record: a
    transcription cites NATO's table and the edition's release date; a press
    report of the release follows the edition as "as reported by …". Without
    one (a national plan point, or a caller that has no edition) the source
    is cited as its original (``cite_source``). A copy's address never appears.

    Raises:
        ValueError: ``source`` is not the figure's source, or ``edition`` not its edition.
    """
    if source.id != obs.source_id:
        raise ValueError(f"figure {obs.id} cites {obs.source_id}, not {source.id}")
    if edition is not None and edition.id != obs.edition:
        raise ValueError(f"figure {obs.id} is of edition {obs.edition}, not {edition.id}")
    head = (_sentence(_edition_record(source, edition, accessed)) if edition is not None
            else cite_source(source, accessed))
    return _join([head, _figure_text(obs, ally_name)], " ")


def cite_chart(sources: Iterable[Source], accessed: date, title: str) -> str:
    """A chart: its title, then each cited original once (first occurrence order),
    then the accessed date, e.g. ``Title. Sources: A, Doc, 2026, url; B, Doc2, 2025.
    Accessed 27 November 2026.`` Two copies of one original are cited once."""
    cited: list[str] = []
    any_url = False
    for source in sources:
        text = cite_source(source).removesuffix(".")
        if text and text not in cited:
            cited.append(text)
            any_url = any_url or bool(cited_url(source))
    label = "Source" if len(cited) == 1 else "Sources"
    body = f"{label}: " + "; ".join(cited) + "." if cited else ""
    tail = f"Accessed {format_date(accessed)}." if any_url else ""
    return _join([_sentence(title), body, tail], " ")


def cite_quote(quote: Quote, source: Source) -> str:
    """A quote: ``Speaker, Role: “text”, Outlet, D Month YYYY, URL.``

    The outlet and URL are the original's (``cited_publisher``, ``cited_url``).
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
    return _sentence(_join([head, cited_publisher(source), format_date(quote.date),
                            cited_url(source)]))
