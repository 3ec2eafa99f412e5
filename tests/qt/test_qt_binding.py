"""Guards the Qt binding pin: PySide6 6.12.0 leaks a reference to True on every
signal delivered to a Python slot, and the app aborts once the count hits zero."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_signal_delivery_keeps_the_refcount_of_true(qapp):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.fired.emit(1)
    assert len(received) == 200
    # A few references may come and go elsewhere; 200 lost ones is the bug.
    assert sys.getrefcount(True) >= before - 10
