"""The briefing deck: one slide model, two renderers.

``build_deck_model`` turns the store into a ``Deck`` of placed slides (pure,
no Qt); ``export.deck.write_pptx`` writes it as PowerPoint and
``ui.deck_pdf.write_deck_pdf`` paints the same slides into a PDF.

The names below load on first use (issue 14: start-up): the History panel
reads ``briefing.history_words``, and importing that submodule must not pull
in the deck builder and the slide layout behind it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nato_desk.briefing.build import (
        BY_YEAR,
        DEFAULT_MARKING,
        UnknownMembers,
        build_deck_model,
    )
    from nato_desk.slides.model import Deck, Slide

__all__ = ["BY_YEAR", "DEFAULT_MARKING", "Deck", "Slide", "UnknownMembers", "build_deck_model"]

_HOME = {"BY_YEAR": "nato_desk.briefing.build", "DEFAULT_MARKING": "nato_desk.briefing.build",
         "UnknownMembers": "nato_desk.briefing.build", "build_deck_model": "nato_desk.briefing.build",
         "Deck": "nato_desk.slides.model", "Slide": "nato_desk.slides.model"}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once; later reads skip this function
    return value
