"""How a slide names a source: the original a briefer cites, never a mirror.

A source line on a slide names the cited publisher and title; the full
citation (with its URL) goes on the sources slides; where the text was
actually read (a mirror, a transcription) appears only in the speaker notes.
The words come from ``export.citations``, shared with every other export.
"""

from __future__ import annotations

from nato_desk.domain import Source
from nato_desk.export import citations

__all__ = ["cited_name", "cited_publisher", "full_citation", "read_at_note"]


def _cited(field: str, source: Source) -> str:
    # TEMPORARY until export.citations grows the cite_* helpers (in progress).
    helper = getattr(citations, f"cited_{field}", None)
    return str(helper(source) if helper else getattr(source, field))


def cited_name(source: Source) -> str:
    """The short name on a slide's source line: ``Publisher: Title``."""
    publisher = _cited("publisher", source)
    title = _cited("title", source)
    return f"{publisher}: {title}" if publisher and title else publisher or title or source.id


def cited_publisher(source: Source) -> str:
    """Who published the original (a quote's attribution names only this)."""
    return _cited("publisher", source) or source.id


def full_citation(source: Source) -> str:
    """The entry on the sources slides (the house citation of the original)."""
    return citations.cite_source(source)


def read_at_note(source: Source) -> str:
    """Where the text was read when that is not the original ("" for an original)."""
    helper = getattr(citations, "read_at_text", None)
    return str(helper(source)) if helper else ""
