"""Painting on the GUI thread only: Qt's GUI thread pool off (issue 14: an ally switch in one frame).

Qt 6 splits a large gradient fill, image conversion or scaling into slices
for a pool of helper threads and waits for them; the Fusion style draws
scroll bars, buttons, headers and tabs with gradients. For the desk's
fills, a few hundred thousand pixels at most, handing the slices over
costs more than the work:
each fill wakes the pool's threads and puts the GUI thread to sleep until
they finish, two context switches at least. An ally switch made some thirty
such fills; with the pool on, 12% of its CPU time was the kernel switching
threads. With it off (Qt's ``QT_NO_GUI_THREADPOOL``), the same 124 switches
took 10.1-11.8 ms each instead of 13.3-14.4 (three alternated runs of
``member_list.select`` then ``processEvents``, nothing else running), and
``bench/speed.py``'s plain repaint of the whole window 3.3-4.3 ms instead of
6.2-6.6 (192 switches a run, two alternated runs each).

Qt reads the variable once, when it first wants the pool, so this is set
before the application paints anything. A value the user set is kept.
"""

from __future__ import annotations

import os

__all__ = ["NO_POOL", "paint_on_gui_thread"]

NO_POOL = "QT_NO_GUI_THREADPOOL"


def paint_on_gui_thread() -> None:
    """Ask Qt to fill, convert and scale images on the thread that paints (a value already set is kept)."""
    os.environ.setdefault(NO_POOL, "1")
