"""Edition-wide facts (years, ranks) are cached per save: an edit shows at once."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from nato_desk.domain import Observation, SetField
from nato_desk.ui.detail_pane import DetailPane


def _latest(pane: DetailPane) -> str:
    found = [w for w in pane.findChildren(QLabel) if w.accessibleName() == "Latest figure"]
    return found[0].text()


def test_a_rank_follows_an_edit_of_another_allys_figure(qtbot, store):
    pane = DetailPane(store, "2026-07")
    qtbot.addWidget(pane)
    pane.show_member("ESP")
    before = _latest(pane)
    assert "rank " in before
    spain = next(o for o in store.observations(iso3="ESP", edition="2026-07")
                 if o.measure is pane.measure and o.value is not None and f"in {o.year}" in before)
    # Another ally that ranked below Spain now spends more: Spain's rank must drop by one.
    below = next(o for o in store.observations(edition="2026-07")
                 if o.year == spain.year and o.measure is spain.measure and o.iso3 != "ESP"
                 and o.value is not None and o.value < spain.value)
    store.apply(SetField(Observation.KIND, below.id, "value", below.value, spain.value + 1.0, "test"),
                user="test")
    pane.show_member("ESP")
    after = _latest(pane)
    rank = lambda text: int(text.split("rank ")[1].split(" ")[0])  # noqa: E731
    assert rank(after) == rank(before) + 1


def test_missing_years_follow_an_edit_that_gives_the_edition_a_new_year(qtbot, store):
    pane = DetailPane(store, "2026-07")
    qtbot.addWidget(pane)
    pane.show_member("ESP")
    facts_years = {o.year for o in store.observations(edition="2026-07") if o.measure is pane.measure}
    new_year = max(facts_years) + 1
    poland = next(o for o in store.observations(iso3="POL", edition="2026-07") if o.measure is pane.measure)
    # A figure for a year the edition did not cover: Spain now lacks that year.
    store.apply(SetField(Observation.KIND, poland.id, "year", poland.year, new_year, "test"), user="test")
    pane.show_member("ESP")
    missing = [w for w in pane.findChildren(QLabel) if w.accessibleName() == "Missing figures"][0].text()
    assert f"Gap — {new_year}" in missing
