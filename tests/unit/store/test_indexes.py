"""ObservationIndex: the figures by ally and by edition, in the store's order, before and after an edit."""

from __future__ import annotations

import random

from store_samples import obs

from nato_desk.domain import Observation
from nato_desk.store.indexes import ObservationIndex


def _expected(figures: list[Observation], iso3: str | None, edition: str | None) -> list[Observation]:
    found = [o for o in figures if (iso3 is None or o.iso3 == iso3) and (edition is None or o.edition == edition)]
    return sorted(found, key=lambda o: (o.iso3, o.edition, o.year, o.id))


def test_every_question_is_answered_in_ally_edition_year_order_before_and_after_edits() -> None:
    rng = random.Random(14)
    figures = [obs(iso3, year, round(rng.uniform(0.5, 5), 2), edition=edition)
               for iso3 in ("POL", "ESP", "BEL", "DEU") for edition in ("2026", "2024", "2025")
               for year in rng.sample(range(2014, 2027), 8)]
    rng.shuffle(figures)
    index = ObservationIndex(figures)
    questions = [(None, None), ("ESP", None), (None, "2024"), ("POL", "2026"), ("FRA", None), (None, "1999")]
    for iso3, edition in questions:
        assert index.find(iso3, edition) == _expected(figures, iso3, edition), (iso3, edition)
    # An edit moves one figure; a new ally and edition appear; a figure goes.
    moved, gone = figures[0], figures[1]
    added = obs("FRA", 2024, 2.06, edition="2027")
    index.replace(moved, obs(moved.iso3, moved.year, 9.9, edition=moved.edition))
    index.replace(None, added)
    index.replace(gone, None)
    after = [o for o in figures if o is not moved and o is not gone]
    after += [obs(moved.iso3, moved.year, 9.9, edition=moved.edition), added]
    for iso3, edition in [*questions, ("FRA", "2027")]:
        assert index.find(iso3, edition) == _expected(after, iso3, edition), (iso3, edition)


def test_one_allys_edition_stays_right_through_edits_once_asked_for() -> None:
    # The chart and detail pane ask for one ally's figures in one edition at every
    # switch; the answer is kept, so every edit that touches the pair must show.
    rng = random.Random(3)
    figures = [obs(iso3, year, round(rng.uniform(0.5, 5), 2), edition=edition)
               for iso3 in ("POL", "ESP") for edition in ("2024", "2025") for year in range(2014, 2020)]
    index = ObservationIndex(figures)
    pairs = [(iso3, edition) for iso3 in ("POL", "ESP", "FRA") for edition in ("2024", "2025", "2026")]
    for pair in pairs:
        assert index.find(*pair) == _expected(figures, *pair)
    index.find("POL", "2024").clear()  # the caller's copy: the index keeps its own
    assert index.find("POL", "2024") == _expected(figures, "POL", "2024")
    current = list(figures)
    edits = [
        (figures[0], obs("POL", 2014, 7.7, edition="2024")),  # a value changed in place
        (figures[7], None),  # a figure removed
        (None, obs("FRA", 2020, 2.0, edition="2026")),  # a new ally's figure
        (figures[13], obs("ESP", 2014, figures[13].value, edition="2026")),  # moved to another edition
    ]
    for old, new in edits:
        index.replace(old, new)
        current = [o for o in current if o is not old] + ([new] if new is not None else [])
        for pair in pairs:
            assert index.find(*pair) == _expected(current, *pair), (old, new, pair)
