"""Issue 13, item 10 in the deck: the ally slide's stance, Spain's path and the dated summary."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_desk.briefing import build_deck_model
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.slides.model import ChartBox
from nato_desk.store import Store


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck_narrative") / "desk.json"
    with Store.open(path, seed=lambda: load_seed(seed_folder())):
        pass
    with Store.open(path, read_only=True) as store:
        yield build_deck_model(store, ["POL", "ESP", "ISL", "BEL"], "2026-07", today=dt.date(2026, 12, 1))


def _slide(deck, name):
    return next(s for s in deck.slides if s.kind == "ally" and s.title.startswith(f"{name}:"))


def _texts(slide) -> str:
    return "\n".join(getattr(b, "text", "") for b in slide.boxes)


def _series_names(slide) -> list[str]:
    chart = next(b for b in slide.boxes if isinstance(b, ChartBox)).chart
    return [s.name for s in chart.series]


def test_spains_path_is_illustrative_and_the_notes_say_why(deck):
    spain = _slide(deck, "Spain")
    assert "Illustrative path to 3.5%" in _series_names(spain)  # the notes and panel say why
    assert not any(n.startswith("Linear path") for n in _series_names(spain))
    assert "Illustrative: 3.5% by 2035" in _texts(spain)
    assert "Spain has not committed to 3.5% under the Hague arrangement" in spain.notes
    belgium = _slide(deck, "Belgium")
    assert "Linear path to 3.5% by 2035" in _series_names(belgium)


def test_iceland_is_exempt_and_poland_summary_is_dated(deck):
    assert "Exempt — no armed forces" in _texts(_slide(deck, "Iceland"))
    assert "Opposes" in _texts(_slide(deck, "Spain"))
    poland = _slide(deck, "Poland")
    assert ("Highest spender (4.48% of GDP in 2025e); wanted 2030 rather than 2035 and opposes any opt-outs. "
            "Figures in this summary: 4.48% of GDP in 2025, August 2025 edition "
            "(this deck shows the July 2026 edition: 4.25% for 2025)") in poland.notes
