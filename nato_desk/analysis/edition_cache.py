"""Edition-wide facts worked out once per version of the data, not once per ally.

A change of ally asked the same edition-wide questions again in the chart's
notes and in the detail pane: which years the edition covers
(``edition_years``) and where the ally ranks (``standing``), each over every
figure of the edition. The answers depend on the edition, the measure and
the data only, so ``edition_facts`` keeps them for one *version* of the
data: a value the caller supplies that changes whenever the data does (the
UI passes the store's id and ``save_seq``, which every save, every undo and
every reload of a read-only store moves on).

The memo belongs to an ``owner`` (the store object) and goes with it
(a weak reference), so two stores never share answers even when their
versions are equal; a new version clears the owner's memo. No Qt and no
storage here: the caller hands in the figures, and only when they are
needed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable

from nato_desk.analysis.figures import edition_years, of_measure
from nato_desk.analysis.trajectory import standing
from nato_desk.domain import Measure, Observation

__all__ = ["EditionFacts", "edition_facts"]


class EditionFacts:
    """One edition's figures of one measure, with the questions asked of them per switch."""

    def __init__(self, observations: Iterable[Observation], edition: str, measure: Measure) -> None:
        self.edition = edition
        self.measure = measure
        self.figures: list[Observation] = of_measure(observations, measure)
        self.years: frozenset[int] = frozenset(edition_years(self.figures, edition))
        self._standing: dict[tuple[int, str], tuple[int, int, bool] | None] = {}

    def standing(self, year: int, iso3: str) -> tuple[int, int, bool] | None:
        """``analysis.standing`` of ``iso3`` in ``year`` over this edition's figures."""
        key = (year, iso3)
        if key not in self._standing:
            self._standing[key] = standing(self.figures, self.edition, year, iso3)
        return self._standing[key]


class _Memo:
    def __init__(self, version: Hashable) -> None:
        self.version = version
        self.facts: dict[tuple[str, Measure], EditionFacts] = {}


_memos: weakref.WeakKeyDictionary[object, _Memo] = weakref.WeakKeyDictionary()


def edition_facts(owner: object, version: Hashable, edition: str, measure: Measure,
                  observations: Callable[[], Iterable[Observation]]) -> EditionFacts:
    """The facts of ``edition`` in ``measure`` for ``owner``'s data at ``version``.

    ``observations()`` (the edition's figures) is called only when the memo
    has no answer for this version, edition and measure.
    """
    memo = _memos.get(owner)
    if memo is None or memo.version != version:
        memo = _Memo(version)
        _memos[owner] = memo
    key = (edition, measure)
    facts = memo.facts.get(key)
    if facts is None:
        facts = memo.facts[key] = EditionFacts(observations(), edition, measure)
    return facts
