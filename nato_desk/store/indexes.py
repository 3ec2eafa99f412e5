"""``ObservationIndex``: the figures sorted and grouped the way the views ask for them, kept up to date per edit.

Every view asks the store for figures by ally, by edition or both, on every
selection and after every edit. At 50,000 figures a whole-store filter costs
~2 ms and a re-sort ~85 ms, and an edit used to throw the sorted list away.
The index is built once (on first use), and an edit then moves only the
figures it touched: a bisect and a list insert or delete in each of three
lists, microseconds against milliseconds.

Order everywhere is ``(iso3, edition, year, id)``: the store's documented
order of ``observations()`` with the id as the final tie-break (the same as
a stable sort of the id-ordered table).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping

from nato_desk.collector import collector_paused
from nato_desk.domain import Observation

__all__ = ["ObservationIndex"]

_Key = tuple[str, str, int, str]


def _key(obs: Observation) -> _Key:
    return (obs.iso3, obs.edition, obs.year, obs.id)


class _Sorted:
    """Observations kept in ``_key`` order, with a parallel list of keys to bisect."""

    def __init__(self, items: list[Observation], keys: list[_Key] | None = None) -> None:
        self.items = items
        self.keys = [_key(o) for o in items] if keys is None else keys

    def remove(self, obs: Observation) -> None:
        key = _key(obs)
        at = bisect.bisect_left(self.keys, key)
        if at < len(self.keys) and self.keys[at] == key:
            del self.keys[at]
            del self.items[at]

    def add(self, obs: Observation) -> None:
        key = _key(obs)
        at = bisect.bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.items.insert(at, obs)


class ObservationIndex:
    """Every figure, and by ally and by edition, each in ``(iso3, edition, year, id)`` order."""

    @collector_paused()  # a key and three list places per figure, all kept: see nato_desk.collector
    def __init__(self, observations: Iterable[Observation]) -> None:
        # Each figure's key is made once and shared by the three lists (the first
        # window's first question to the store waits for this: issue 14); sorting
        # positions by key is cheaper than sorting (key, figure) pairs.
        unordered = list(observations)
        unordered_keys = [_key(o) for o in unordered]
        order = sorted(range(len(unordered)), key=unordered_keys.__getitem__)
        keys = [unordered_keys[i] for i in order]
        ordered = [unordered[i] for i in order]
        self._all = _Sorted(ordered, keys)
        by_member: dict[str, tuple[list[Observation], list[_Key]]] = {}
        by_edition: dict[str, tuple[list[Observation], list[_Key]]] = {}
        for key, obs in zip(keys, ordered):
            mine = by_member.get(key[0])
            if mine is None:
                mine = by_member[key[0]] = ([], [])
            mine[0].append(obs)
            mine[1].append(key)
            group = by_edition.get(key[1])
            if group is None:
                group = by_edition[key[1]] = ([], [])
            group[0].append(obs)
            group[1].append(key)
        self._by_member = {k: _Sorted(items, ks) for k, (items, ks) in by_member.items()}
        self._by_edition = {k: _Sorted(items, ks) for k, (items, ks) in by_edition.items()}
        # One ally's figures in one edition, kept once asked for: the chart and the detail
        # pane ask for them at every switch, and the first window for every ally's (the
        # chart's note room), a few dozen figures out of one ally's several hundred.
        self._pairs: dict[tuple[str, str], list[Observation]] = {}

    def find(self, iso3: str | None = None, edition: str | None = None) -> list[Observation]:
        """A new list of the figures of ``iso3`` and/or ``edition`` (all if both are None)."""
        if iso3 is not None:
            mine = self._by_member.get(iso3)
            found = mine.items if mine is not None else []
            if edition is not None:
                pair = self._pairs.get((iso3, edition))
                if pair is None:
                    pair = self._pairs[(iso3, edition)] = [o for o in found if o.edition == edition]
                return list(pair)
            return list(found)
        if edition is not None:
            group = self._by_edition.get(edition)
            return list(group.items) if group is not None else []
        return list(self._all.items)

    def replace(self, old: Observation | None, new: Observation | None) -> None:
        """One figure changed: ``old`` (None if added) became ``new`` (None if removed)."""
        for obs in (old, new):
            if obs is not None:
                self._pairs.pop((obs.iso3, obs.edition), None)
        if old is not None:
            self._all.remove(old)
            self._group(self._by_member, old.iso3).remove(old)
            self._group(self._by_edition, old.edition).remove(old)
        if new is not None:
            self._all.add(new)
            self._group(self._by_member, new.iso3).add(new)
            self._group(self._by_edition, new.edition).add(new)

    def update(self, before: Mapping[str, Observation], after: Mapping[str, Observation],
               ids: Iterable[str]) -> None:
        """The figures ``ids`` went from ``before`` to ``after`` (either side may lack one)."""
        for id in ids:
            old, new = before.get(id), after.get(id)
            if old is not new:
                self.replace(old, new)

    @staticmethod
    def _group(groups: dict[str, _Sorted], name: str) -> _Sorted:
        group = groups.get(name)
        if group is None:
            group = groups[name] = _Sorted([])
        return group
