"""Bulk builds without Python's cyclic garbage collector: ``collector_paused``.

Some steps build tens of thousands of objects at once that all stay alive:
opening or reloading the store (every record, then the figures' index) and
an import's review (a few objects per row). CPython's cyclic collector runs a
pass every 700 new objects, and its older generations walk everything built
so far, again and again, though none of it is garbage:

* the store at 50,000 figures: 40% of ``Store.open`` (488 -> 291 ms median of
  5 alternated opens; 3 ms of the 50 ms at the shipped size, issue 14);
* an import's review grew 2.4-3.1x per doubling of the rows, 2.1x with the
  collector paused (issue 12: every importer linear).

Reference counting still frees whatever such a step drops; only the search
for reference cycles waits, and runs once when the step is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, then as it was (a caller that turned it off keeps it off).

    Usable as a decorator: each call of the function is one block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
