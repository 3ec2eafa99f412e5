"""The store's edition-wide facts, worked out once per save (``analysis.edition_cache``).

The version is the store's id and ``save_seq``: every save and undo moves
``save_seq`` on, and a read-only store's ``reload`` takes over the writer's
(or, for another store's file now at the path, another id), so a cached
answer never outlives the data it was worked out from.
"""

from __future__ import annotations

from nato_desk.analysis.edition_cache import EditionFacts, edition_facts
from nato_desk.domain import Measure
from nato_desk.store import Store

__all__ = ["facts_for"]


def facts_for(store: Store, edition: str, measure: Measure) -> EditionFacts:
    """``edition``'s years and ranks in ``measure``, as the store holds them now."""
    return edition_facts(store, (store.store_id, store.save_seq), edition, measure,
                         lambda: store.observations(edition=edition))
