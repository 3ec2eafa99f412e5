"""What the desk process keeps in memory that nobody reads (issue 14's memory goals).

Two things, both set up once when the application is configured:

- ``linecache``: a stock PySide6 reads the whole source of every module
  imported after it (looking for ``from __feature__ import``), and linecache
  keeps that text, 6.5 MB by the time the window is built. ``feature_scan``
  stops the reading where it can; whatever was read before (or by a PySide6
  it cannot stop) is dropped before the store and the window are built. A
  traceback reads its lines again on demand.
- glibc's heap: by default glibc raises its trim threshold each time a large
  block is freed, so memory freed by a walk through the allies, tabs and edits
  stays with the process. A second such walk grew the window by 2.4 MB
  although nothing more was alive (with ``MALLOC_TRIM_THRESHOLD_`` set, 0.1 MB:
  ``bench/speed.py --only growth``). A fixed threshold of 1 MiB hands freed
  memory at the top of the heap back to the system; Python's own small-object
  arenas are not affected. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import linecache
import sys

__all__ = ["TRIM_THRESHOLD", "drop_source_cache", "return_freed_heap"]

TRIM_THRESHOLD = 1 << 20
"""Free memory at the top of glibc's heap beyond this is given back (bytes)."""

_M_TRIM_THRESHOLD = -1  # glibc's malloc.h


def drop_source_cache() -> None:
    """Forget the module sources linecache holds (see the module docstring)."""
    linecache.clearcache()


def return_freed_heap() -> bool:
    """Fix glibc's trim threshold at ``TRIM_THRESHOLD``; False where that is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library, already loaded
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
