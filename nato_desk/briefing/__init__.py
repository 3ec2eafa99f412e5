"""The briefing deck: one slide model, two renderers.

``build_deck_model`` turns the store into a ``Deck`` of placed slides (pure,
no Qt); ``export.deck.write_pptx`` writes it as PowerPoint and
``ui.deck_pdf.write_deck_pdf`` paints the same slides into a PDF.
"""

from __future__ import annotations

from nato_desk.briefing.build import BY_YEAR, DEFAULT_MARKING, UnknownMembers, build_deck_model
from nato_desk.slides.model import Deck, Slide

__all__ = ["BY_YEAR", "DEFAULT_MARKING", "Deck", "Slide", "UnknownMembers", "build_deck_model"]
