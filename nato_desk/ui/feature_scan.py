"""PySide6 without its scan of every imported module's source (issue 14: start-up).

A module may opt in to PySide6's Pythonic names with ``from __feature__
import snake_case``. PySide6 handles that import itself; in addition, after
every other module is imported, it reads the module's whole source
(``inspect.getsource``) to see whether "PySide6" occurs in it, choosing
between PySide's default names (0) and "whatever the caller selected" (-1).
For the desk that is every module of pyqtgraph, numpy, the standard library
and nato_desk imported after PySide6: some 430 files read and split on each
start, about 50 ms of the 0.6 s to the first window, and 6.5 MB of text left
in ``linecache``.

Nothing the desk runs selects a feature, so the answer is the default
selection for every module, given here without reading it. A module that
does import from ``__feature__`` keeps its selection: that import is
recorded before the module finishes, and is left to PySide6.
"""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401 - installs PySide6's import hook and its feature module

__all__ = ["skip_feature_scan"]


def _default_selection(_module: object) -> bool:
    return True  # PySide's select id 0: its own names, as every desk module uses them


def skip_feature_scan() -> bool:
    """Give every module imported from now on PySide's default selection unread.

    False where this PySide6 checks modules otherwise (then nothing changes).
    """
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _default_selection)  # noqa: B010 - a private name of PySide6
    return True
