"""Shared fixtures. Qt runs offscreen unless the caller chose a platform."""

from __future__ import annotations

import gc
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


@pytest.fixture(autouse=True)
def _collect_qt_garbage_after_test(request):
    """Collect each Qt test's garbage once its widgets are gone.

    Without this, Python's collector runs at arbitrary points of a later test
    and has crashed (rarely) while finalising pyqtgraph items whose Qt objects
    a closed window had already deleted. Unit tests stay free of Qt.
    """
    yield
    if "unit" in request.node.path.parts:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    # What survives a full collection after a test is long-lived (modules, Qt wrappers,
    # session and module fixtures): park it outside the collector, so the next test's
    # collection walks only what that test made. Without this each collection walked the
    # whole session's heap and the Qt tests spent more time here than in their bodies.
    gc.freeze()
