"""The edition-facts memo: answers per owner and version, worked out again when either changes."""

from __future__ import annotations

from nato_desk.analysis.edition_cache import edition_facts
from nato_desk.domain import Measure, Observation
from nato_desk.ingest import load_seed, seed_folder


class _Owner:
    """Stands for a store: any object that can be weakly referenced."""


def test_a_new_version_is_worked_out_again_and_owners_do_not_share():
    seed_observations = [o for o in load_seed(seed_folder()) if isinstance(o, Observation)]
    owner, other = _Owner(), _Owner()
    calls: list[int] = []

    def figures():
        calls.append(1)
        return seed_observations

    edition = seed_observations[0].edition
    first = edition_facts(owner, 1, edition, Measure.PCT_GDP, figures)
    assert edition_facts(owner, 1, edition, Measure.PCT_GDP, figures) is first
    assert len(calls) == 1
    assert first.years == {o.year for o in seed_observations
                           if o.edition == edition and o.measure is Measure.PCT_GDP}
    # An edit: the version moves on and the answer is worked out from the new figures.
    assert edition_facts(owner, 2, edition, Measure.PCT_GDP, lambda: []).years == frozenset()
    # Another store at the same version never sees the first one's answers.
    assert edition_facts(other, 1, edition, Measure.PCT_GDP, lambda: []).years == frozenset()
