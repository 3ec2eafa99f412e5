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


# How the two xdist workers share the suite (issue 14: the suite under 4 minutes on this 2-core
# machine). Only where and when tests run changes, never what they check.
#
# TOGETHER: tests that share an expensive module-scoped fixture run on one worker, so it is made
# once (setup times from `--durations` in CI): the hostile table corpus (9-23 s), LibreOffice
# converting the decks (9-15 s), bench/speed.py --smoke (9-19 s), the hostile text corpus, the
# slide checker's LibreOffice run (~3 s), SIPRI's workbook read (~2.5 s), the editions compare
# window (~3 s). Handed out one by one, such a module's tests could land on both workers and
# each worker made the fixture. (xdist's own --dist loadgroup does not work with pytest 9: it
# renames items through an attribute pytest no longer reads, so it silently groups nothing.)
TOGETHER = (
    "tests/unit/ingest/tables/test_tables_hostile.py::",
    "tests/e2e/test_deck_in_office.py::",
    "tests/unit/test_bench_speed.py::",
    "tests/unit/ingest/test_ingest_fuzz.py::test_hostile_file_is_refused_quickly_in_plain_words",
    "tests/support/test_pdf_layout.py::",
    "tests/unit/ingest/tables/test_sipri.py::",
    "tests/qt/test_edition_compare.py::",
)
# LONG_FIRST: tests that take many seconds each in CI (2,000 fuzz examples, kill -9 rounds, a
# 50,000-figure store, mypy). Handed out last, one of them kept a worker busy while the other had
# nothing left to do; handed out first, the short tests fill in around them.
LONG_FIRST = (
    "tests/unit/ingest/tables/test_tables_fuzz.py::",
    "tests/unit/ingest/test_ingest_fuzz.py::test_",
    "tests/unit/store/test_store_crash.py::test_kill_9",
    "tests/unit/test_types.py::",
    "tests/unit/store/test_identity.py::test_two_writers_are_refused_at_50000",
    "tests/e2e/test_store_as_a_new_user.py::",
    "tests/unit/test_bench_store_scale.py::",
    "tests/unit/test_cli_import.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long tests first (``LONG_FIRST``); otherwise the collection's order (a stable sort)."""
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))


@pytest.hookimpl(optionalhook=True)  # xdist's hook; without xdist it is never called
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """xdist's load scheduling with ``TOGETHER``'s groups: a group is one unit of work.

    Groups go out first, largest first (xdist's loadscope order), then every other test
    on its own in the collection's order, to whichever worker has run out of work.
    """
    from xdist.scheduler import LoadScopeScheduling

    class _Scheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            for prefix in TOGETHER:
                if nodeid.startswith(prefix):
                    return prefix
            return nodeid

    return _Scheduling(config, log)
