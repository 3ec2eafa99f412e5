"""How a slide names a source: the original a briefer cites, never a mirror.

A source line on a slide names the cited publisher and title; the full
citation (with its URL) goes on the sources slides; where the text was
actually read (a mirror, a transcription) appears only in the speaker notes.
The words come from ``export.citations``, shared with every other export.
"""

from __future__ import annotations

from nato_desk.domain import Source
from nato_desk.export import citations

__all__ = ["cited_name", "cited_publisher", "full_citation", "outlet_unverified", "read_at_note"]


def outlet_unverified(source: Source) -> bool:
    """Whether the reference could not establish who reported the text.

    The reference says so in words (``cite_note``: "the reporting outlet is
    unverified") or with no confidence at all; such a source is named with that
    caveat and used on a slide only when nothing better sourced is at hand.
    """
    return source.cite_confidence == "none" or "unverified" in source.cite_note.lower()


def cited_publisher(source: Source) -> str:
    """Who published the original (a quote's attribution names only this).

    A page whose reporting outlet is unverified is not named on a slide (it
    may be a copy site); the notes say where it was read.
    """
    if outlet_unverified(source):
        return "unverified report (see the notes)"
    return citations.cited_publisher(source) or source.id


def cited_name(source: Source) -> str:
    """The short name on a slide's source line: ``Publisher: Title``."""
    publisher = "Unverified report" if outlet_unverified(source) else cited_publisher(source)
    title = citations.cited_title(source)
    return f"{publisher}: {title}" if publisher and title else publisher or title or source.id


def full_citation(source: Source) -> str:
    """The entry on the sources slides (the house citation of the original)."""
    if outlet_unverified(source):
        date = citations.format_date(source.date) if source.date else "undated"
        return (f"Unverified report: {citations.cited_title(source)}, {date}. The reporting outlet is not "
                "established; where it was read is in the speaker notes.")
    return citations.cite_source(source)


def read_at_note(source: Source) -> str:
    """Where the text was read when that is not the original ("" for an original)."""
    if outlet_unverified(source):
        where = source.read_at_url or source.url
        return f"Read at {where} ({source.publisher}); the reporting outlet is unverified" if where else ""
    return citations.read_at_text(source)
