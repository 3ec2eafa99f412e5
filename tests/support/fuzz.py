"""How many examples the property-based (hypothesis) tests generate (and, by ``FULL``, how
many times the crash tests kill a saving child: tests/unit/store/test_store_crash.py).

CI (``CI=true``, set by every CI service) runs each fuzz test's full count with
``derandomize``: the same examples every run, so a result never depends on luck.
A developer's run generates a quarter of them, at random, so repeated local runs
keep exploring new inputs while the suite stays quick (issue 14: under 4 minutes
on a 2-core machine). ``FUZZ_FULL=1`` gives the full count locally.
"""

from __future__ import annotations

import os

FULL = os.environ.get("CI") == "true" or os.environ.get("FUZZ_FULL") == "1"


def examples(full: int) -> int:
    """``full`` in CI (or with FUZZ_FULL=1); a quarter of it, at least 100, otherwise."""
    return full if FULL else max(100, full // 4)
