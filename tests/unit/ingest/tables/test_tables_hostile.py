"""Hostile table files are refused quickly, in words, within memory, and store nothing.

The corpus (tests/fixtures/hostile_tables/corpus.py) builds every file in
code: XLSX bombs and entity tricks, files that are not what they claim, and
for the World Bank, OWID and our own CSV layouts NUL bytes, UTF-16, invalid
UTF-8, 10^5 columns, a 200k-character field, mixed newlines, formula-looking
cells, NaN/Infinity, -0, 1e308, years 99999 and -5, duplicate rows. It runs
once, in a child process with its address space capped at 1.5 GB; each case
goes through ``read_table_file`` and then the command line's import path
against a fresh seeded store, whose file must be byte-identical afterwards.

A case targets one reader; it is skipped while that reader is not written.
Cases a reader still gets wrong are xfail (strict) naming the bug, so they
turn into failures to remove once fixed.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "fixtures" / "hostile_tables" / "corpus.py"


def _load() -> ModuleType:
    sys.path.insert(0, str(CORPUS.parent))
    try:
        spec = importlib.util.spec_from_file_location("hostile_tables_corpus", CORPUS)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # defines the cases; runs nothing
        return module
    finally:
        sys.path.remove(str(CORPUS.parent))


CASES = _load().CASES

# Reader bugs found by this corpus (reported; the readers are not this file's to fix).
KNOWN: dict[str, str] = {}


@pytest.fixture(scope="module")
def corpus_results() -> dict[str, dict[str, object]]:
    """Every case, run once in a child process capped at 1.5 GB."""
    result = subprocess.run([sys.executable, str(CORPUS)], check=False, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return {line["case"]: line for line in lines}


def test_corpus_has_the_issue_cases() -> None:
    for case in ("xlsx_billion_laughs", "xlsx_xxe_etc_passwd", "xlsx_million_cells", "xlsx_overlapping_entries",
                 "xlsx_ratio_bomb", "xlsx_csv_renamed", "xlsx_docx", "xlsx_empty", "xlsx_truncated",
                 "xlsx_formula_cells", "xlsx_declared_dimension", "xlsx_200k_string"):
        assert case in CASES
    for layout in ("wb", "owid", "own"):
        for spoil in ("nul_bytes", "utf16", "invalid_utf8", "100k_columns", "200k_field", "mixed_newlines",
                      "formula_value", "nan", "infinity", "negative_zero", "1e308", "year_99999",
                      "year_minus_5", "duplicate_rows"):
            assert f"{layout}_{spoil}" in CASES


# Files read whole whose "accept all" then fails other than by a refusal. (An empty release
# date made applying raise ValidationError until cli_import asked for --released.)
KNOWN_APPLY: dict[str, str] = {}


def _params(known: dict[str, str], cases: list[str]) -> list[object]:
    params = []
    for case in cases:
        marks = [pytest.mark.xfail(reason=known[case], strict=True)] if case in known else []
        params.append(pytest.param(case, marks=marks, id=case))
    return params


@pytest.mark.parametrize("case", _params(KNOWN, list(CASES)))
def test_hostile_table_file_is_refused_quickly_and_stores_nothing(
        case: str, corpus_results: dict[str, dict[str, object]]) -> None:
    reader, name, _, expected, fragment = CASES[case]
    pytest.importorskip(f"nato_desk.ingest.tables.{reader}")
    result = corpus_results[case]
    assert result["outcome"] in ("rejected", "accepted"), result  # never a crash or a timeout
    if expected != "either":
        assert result["outcome"] == expected, result
    if result["outcome"] == "rejected":
        message = str(result["message"])
        assert message.startswith(name) and fragment in message, result
    else:
        assert result["values_problem"] == "", result
    # The command line's path refuses what the reader refused (and may refuse more: an edition clash).
    assert result["e2e"] in (("rejected",) if result["outcome"] == "rejected" else ("accepted", "rejected")), result
    assert result["store_unchanged"] is True, result
    assert result["seconds"] < 5, result
    # ru_maxrss is the peak of the whole child over all cases; it runs under a 1.5 GB cap.
    assert result["max_rss_mb"] < 1024, result


@pytest.mark.parametrize("case", _params(KNOWN_APPLY, [c for c in CASES if CASES[c][3] != "rejected"]))
def test_a_file_that_reads_is_applied_or_refused_never_a_crash(
        case: str, corpus_results: dict[str, dict[str, object]]) -> None:
    """What "accept all" writes (into a scratch store) ends in a result or a refusal."""
    reader = CASES[case][0]
    pytest.importorskip(f"nato_desk.ingest.tables.{reader}")
    result = corpus_results[case]
    if result["e2e"] != "accepted":
        pytest.skip("refused before the apply step")
    assert result["apply"] == "accepted" or str(result["apply"]).startswith("rejected"), result
