"""XLSX export of texts longer than an Excel cell (issue 12, item 11).

Excel holds 32,767 characters in a cell and XlsxWriter cut longer strings
without a word. Now the cell shows its start and a marker naming the
``long_texts`` row, that row holds the whole text over consecutive cells, and
the ``about`` sheet and the caller's notices say so. The workbook is read back
with openpyxl, as another program would read it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from nato_desk.domain import Observation, Source
from nato_desk.export.csv_export import FORMULA_TRIGGERS
from nato_desk.export.xlsx_export import (
    CELL_LIMIT,
    LONG_TEXT_COLUMNS,
    LONG_TEXTS_SHEET,
    write_observations_xlsx,
)
from nato_desk.ingest import load_seed, seed_folder

ABOUT = {"allies": "ESP", "marking": "UNCLASSIFIED"}


@pytest.fixture(scope="module")
def seed() -> tuple[list[Observation], list[Source]]:
    records = load_seed(seed_folder())
    observations = [r for r in records if isinstance(r, Observation) and r.iso3 == "ESP"][:5]
    return observations, [r for r in records if isinstance(r, Source)]


def _text(n: int, salt: str) -> str:
    """``n`` characters, every position telling (a lost or moved piece shows)."""
    words = [f"{salt}{i}" for i in range(n)]
    return " ".join(words)[:n]


def _read(path: Path):
    return openpyxl.load_workbook(path, read_only=False)


def _whole(book, row: int) -> str:
    cells = [c.value for c in book[LONG_TEXTS_SHEET][row]][len(LONG_TEXT_COLUMNS):]
    return "".join(c for c in cells if c is not None)


def test_a_100000_character_note_and_title_lose_nothing_and_the_user_is_told(tmp_path, seed):
    observations, sources = seed
    note = _text(100_000, "note")
    # A character beyond U+FFFF is two of Excel's 32,767 units: the cut must count them so.
    title = _text(40_000, "t") + "\U0001F600" * 20_000
    cited = observations[0].source_id
    sources = [dataclasses.replace(s, title=title, cite_title=title) if s.id == cited else s
               for s in sources]
    observations = [dataclasses.replace(observations[0], note=note), *observations[1:]]
    notices: list[str] = []
    out = tmp_path / "long.xlsx"

    assert write_observations_xlsx(out, observations, sources, ABOUT, notices=notices) == 5

    book = _read(out)
    assert book.sheetnames == ["data", "sources", "about", LONG_TEXTS_SHEET]
    # The data cell shows the start of the note and where the rest is.
    shown = book["data"]["H2"].value
    assert shown.startswith(note[:30_000])
    assert "100,000 characters" in shown and f"sheet {LONG_TEXTS_SHEET}, row 2" in shown
    assert len(shown) <= CELL_LIMIT
    # The long_texts row names the cell and holds every character, in order.
    sheet_name, cell, column, characters = (c.value for c in book[LONG_TEXTS_SHEET][2][:4])
    assert (sheet_name, cell, column, characters) == ("data", "H2", "note", 100_000)
    assert _whole(book, 2) == note
    # The title: its row found from its own marker, reassembled exactly.
    title_cell = book["sources"]["C2"].value
    row = int(title_cell.rsplit("row ", 1)[1].rstrip("]"))
    assert _whole(book, row) == title
    assert sum(2 if ord(ch) > 0xFFFF else 1 for ch in title_cell) <= CELL_LIMIT
    # Told twice: in the workbook and to the caller (the window repeats it).
    about = {r[0].value: r[1].value for r in book["about"].iter_rows(min_row=2)}
    assert "2 cells were longer than Excel's 32,767-character limit" in about["long texts"]
    assert notices == [about["long texts"]]


def test_no_part_cell_starts_like_a_formula_when_a_boundary_can_avoid_it(tmp_path, seed):
    observations, sources = seed
    note = ("=1+1 " * 30_000)[:100_000]  # triggers everywhere, every fifth character
    out = tmp_path / "formula.xlsx"
    write_observations_xlsx(out, [dataclasses.replace(observations[0], note=note)], sources, ABOUT)
    book = _read(out)
    parts = [c.value for c in book[LONG_TEXTS_SHEET][2][len(LONG_TEXT_COLUMNS):] if c.value]
    assert len(parts) == 4
    assert "".join(parts) == "'" + note  # the whole text, neutralised once at its start
    assert not any(p.startswith(FORMULA_TRIGGERS) for p in parts)
    assert all(c.data_type == "s" for row in book[LONG_TEXTS_SHEET].iter_rows() for c in row
               if c.value is not None and not isinstance(c.value, int))


def test_texts_that_fit_leave_the_workbook_as_before(tmp_path, seed):
    observations, sources = seed
    note = _text(CELL_LIMIT, "n")  # exactly the limit: fits, no marker
    notices: list[str] = []
    out = tmp_path / "fits.xlsx"
    write_observations_xlsx(out, [dataclasses.replace(observations[0], note=note)], sources, ABOUT,
                            notices=notices)
    book = _read(out)
    assert book.sheetnames == ["data", "sources", "about"]
    assert book["data"]["H2"].value == note
    assert notices == []
