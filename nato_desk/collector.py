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

Start-up is the largest such step: importing Qt, pyqtgraph and the window's
modules, reading the store and building the window make some 130,000 objects
that live as long as the window, and the collector's passes over them cost
35-40 ms of the half second to the first paint (about as much in a bare
PySide6 + pyqtgraph window). ``nato-desk`` pauses the collector for it
(``pause_for_start_up``) and, once the window is shown, parks what start-up
built outside the collector for good (``resume_after_start_up``, gc.freeze):
later passes walk only what the analyst's work makes. The price is what of
it is or becomes garbage in reference cycles, which is never freed (reference
counting still frees the rest): at the shipped size, 478 objects left by
start-up against 131,572 alive, and 13 found by unfreezing and collecting
after the memory bench's two walks through every ally, every tab and 50
undone edits.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "pause_for_start_up", "resume_after_start_up"]


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


_paused_for_start_up = False


def pause_for_start_up() -> None:
    """The collector off until ``resume_after_start_up`` (unless it is off already: then nothing changes)."""
    global _paused_for_start_up
    if gc.isenabled():
        gc.disable()
        _paused_for_start_up = True


def resume_after_start_up() -> None:
    """Everything alive now parked outside the collector, and the collector back on.

    Does nothing unless ``pause_for_start_up`` turned the collector off: a
    window built by the tests or a bench, without the pause, leaves the
    collector as it found it.
    """
    global _paused_for_start_up
    if _paused_for_start_up:
        _paused_for_start_up = False
        gc.freeze()
        gc.enable()
