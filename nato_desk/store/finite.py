"""Finding a number JSON cannot hold (NaN, Infinity) in a parsed document.

Python's ``json`` reads ``NaN`` and ``Infinity`` (and ``1e999`` as infinity),
but the store writes with ``allow_nan=False``: such a number anywhere in the
file (the meta record, the history, a table a later nato_desk added) would
make every save fail. Records' own fields are checked by ``domain.validate``;
``non_finite`` finds the rest and says where, in words, so the file is refused
at open (as damage) and a refused save names the place.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["non_finite"]


def non_finite(value: Any, where: str) -> str | None:
    """Where in ``value`` (named from ``where``) the first NaN or infinite number is, or None.

    >>> non_finite({"1": {"rate": float("nan")}}, "table 'extra'")
    "table 'extra' › document 1 › rate holds nan"
    """
    if not _holds_non_finite(value):
        return None  # nearly always: the walk below names the place, at several times the cost
    # An explicit stack, not recursion: the parser accepted the depth, so must we.
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if type(item) is float:
            if not math.isfinite(item):
                return f"{path} holds {item!r}"
        elif isinstance(item, dict):
            top = path == where and where.startswith("table ")
            stack.extend((v, f"{path} › {'document ' if top else ''}{k}")
                         for k, v in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((v, f"{path} › item {n}") for n, v in reversed(list(enumerate(item, 1))))
    return None


def _holds_non_finite(value: Any) -> bool:
    """Whether ``value`` holds a NaN or infinite number anywhere: ``non_finite``'s answer
    without the path to it, which that walk spells out for every value it passes (at
    13,000 history entries, most of opening a store read-only)."""
    if type(value) is float:
        return not math.isfinite(value)
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        for child in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()):
            if type(child) is float:
                if not math.isfinite(child):
                    return True
            elif isinstance(child, (dict, list)):
                stack.append(child)
    return False
