"""The suite's schedule (tests/conftest.py) names tests that exist.

``TOGETHER`` and ``LONG_FIRST`` name tests by node id prefix; a renamed file or
test would silently drop out of them (its module fixture made twice again, or a
long test handed out last), so each prefix must still name a test function.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _conftest() -> object:
    spec = importlib.util.spec_from_file_location("suite_conftest", ROOT / "tests" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFTEST = _conftest()
PREFIXES = [*CONFTEST.TOGETHER, *CONFTEST.LONG_FIRST]  # type: ignore[attr-defined]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_prefix_names_a_test_function_in_an_existing_file(prefix: str) -> None:
    path, _, name = prefix.partition("::")
    file = ROOT / path
    assert file.is_file(), f"{prefix!r}: no file {path}"
    tests = [node.name for node in ast.walk(ast.parse(file.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")]
    assert any(test.startswith(name) for test in tests), f"{prefix!r}: no test function starts with {name!r}"


def test_long_tests_go_first_and_keep_their_order() -> None:
    class Item:
        def __init__(self, nodeid: str) -> None:
            self.nodeid = nodeid

    items = [Item("tests/qt/test_a.py::test_x"), Item("tests/unit/test_types.py::test_mypy"),
             Item("tests/e2e/test_b.py::test_y"), Item("tests/unit/ingest/tables/test_tables_fuzz.py::test_z")]
    CONFTEST.pytest_collection_modifyitems(items)  # type: ignore[attr-defined]
    assert [i.nodeid for i in items] == ["tests/unit/test_types.py::test_mypy",
                                         "tests/unit/ingest/tables/test_tables_fuzz.py::test_z",
                                         "tests/qt/test_a.py::test_x", "tests/e2e/test_b.py::test_y"]
