"""Iceland outside the window: its GDP is in the shipped June 2024 edition, no defence figure is.

``nato-desk list`` and the deck still say Iceland has no defence expenditure
series, with the member's note (no armed forces), in every edition and every
defence measure; a deck in a GDP measure shows Iceland's GDP like any ally's
(32,894 million US$ in 2024, NATO's estimate).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nato_desk.analysis.figures import ECONOMIC_MEASURES, edition_measures
from nato_desk.briefing import build_deck_model
from nato_desk.cli import main
from nato_desk.domain import Measure
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store

WHY = "no armed forces"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("iceland") / "desk.json"
    Store.open(path, seed=lambda: load_seed(seed_folder())).close()
    return path


@pytest.fixture(scope="module")
def store(store_path):
    with Store.open(store_path, read_only=True) as store:
        yield store


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


def _lines(capsys) -> dict[str, str]:
    return {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}


def test_list_allies_says_iceland_has_no_figures_in_any_edition(store_path, capsys):
    assert main(["list", "allies", "--db", str(store_path)]) == 0
    iceland = _lines(capsys)["ISL"]
    assert "editions with figures: none" in iceland and WHY in iceland
    for edition in ("2024-06", "2025-08", "2026-03", "2026-07"):
        assert main(["list", "allies", "--edition", edition, "--db", str(store_path)]) == 0
        lines = _lines(capsys)
        assert f"{edition}: no figures" in lines["ISL"] and WHY in lines["ISL"], edition
        assert WHY not in lines["ESP"]


def test_list_editions_counts_allies_with_defence_figures(store_path, capsys):
    assert main(["list", "editions", "--db", str(store_path)]) == 0
    june = _lines(capsys)["2024-06"]
    assert "31 allies with figures" in june  # Iceland's GDP alone does not count
    assert "gdp_current_usd_m" in june  # ... though the edition offers the measure


def test_deck_says_iceland_has_no_series_in_every_defence_measure(store):
    for edition in store.editions():
        # The measures a deck can be made in: those the edition has (nato-desk deck refuses others).
        offered = edition_measures(store.observations(edition=edition.id), edition)
        assert Measure.GDP_CURRENT_USD in offered or edition.id != "2024-06"
        for measure in [m for m in offered if m not in ECONOMIC_MEASURES]:
            deck = build_deck_model(store, ["ISL"], edition.id, today=TODAY, measure=measure)
            [slide] = [s for s in deck.slides if s.kind == "ally"]
            assert slide.title == "Iceland: no defence expenditure series", (edition.id, measure)
            assert WHY in slide.box("No series").text


def test_deck_in_a_gdp_measure_shows_icelands_gdp(store):
    deck = build_deck_model(store, ["ISL", "POL"], "2024-06", today=TODAY, measure=Measure.GDP_CURRENT_USD)
    iceland = next(s for s in deck.slides if s.kind == "ally" and s.title.startswith("Iceland:"))
    assert "32,894 m US$" in iceland.title
    assert "no defence expenditure series" not in iceland.title
