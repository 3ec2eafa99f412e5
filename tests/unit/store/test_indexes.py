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
