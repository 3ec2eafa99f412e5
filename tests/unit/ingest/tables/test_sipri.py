"""SIPRI's workbook: the allies' series as SIPRI publishes them, its own edition.

The real workbook is tests/fixtures/tables/SIPRI-Milex-data-1949-2024_2.xlsx
(see the README there); refusals use small workbooks in SIPRI's shape built
here with openpyxl.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from nato_desk.domain import Measure, Status
from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import read_table_file, sipri
from nato_desk.ingest.tables.allies import ALLY_CODES

FIXTURE = Path(__file__).parents[3] / "fixtures" / "tables" / "SIPRI-Milex-data-1949-2024_2.xlsx"
NAME = "SIPRI-Milex-data-1949-2024_2.xlsx"


@pytest.fixture(scope="module")
def real():
    return sipri.read(FIXTURE.read_bytes(), NAME)


def _value(imported, iso3, measure, year):
    found = [v for v in imported.values if (v.iso3, v.measure, v.year) == (iso3, measure, year)]
    assert len(found) <= 1
    return found[0] if found else None


def _cell(sheet, coordinate):
    wb = openpyxl.load_workbook(FIXTURE, data_only=True)
    return wb[sheet][coordinate]


def test_share_of_gdp_is_the_fraction_as_a_percentage_at_two_decimals(real):
    pol = _value(real, "POL", Measure.PCT_GDP, 2024)
    cell = _cell("Share of GDP", "BZ146")
    assert cell.value == pytest.approx(0.0415, abs=5e-4) and cell.number_format == "0.00%"
    # The digits move two places (never 4.1543938797535605 from a float product).
    assert pol.value == float(Decimal(repr(cell.value)) * 100)
    assert f"{pol.value:.{pol.decimals}f}" == "4.15"  # as SIPRI's sheet shows it: 4.15%
    assert pol.where == "'Share of GDP'!BZ146"
    assert pol.status is Status.ACTUAL and pol.note == "SIPRI notes: 78"


def test_constant_and_per_capita_keep_the_cell_and_its_one_decimal(real):
    pol = _value(real, "POL", Measure.CONSTANT_USD, 2024)
    assert pol.value == _cell("Constant (2023) US$", "CA146").value
    assert pol.decimals == 1  # number format "0.0"
    cap = _value(real, "POL", Measure.PER_CAPITA, 2024)
    assert cap.value == _cell("Per capita", "AM146").value and cap.decimals == 1


def test_blue_figures_are_sipri_estimates(real):
    bgr = _value(real, "BGR", Measure.PCT_GDP, 1990)
    assert bgr.status is Status.ESTIMATE
    assert bgr.note == "SIPRI estimate; SIPRI notes: \u202013"
    assert _value(real, "BGR", Measure.PCT_GDP, 2024).status is Status.ACTUAL


def test_unavailable_cells_store_nothing(real):
    assert _cell("Share of GDP", "C132").value == "..."  # Albania 1949
    assert _value(real, "ALB", Measure.PCT_GDP, 1949) is None
    assert any("'...' (data unavailable)" in s for s in real.skipped)


def test_only_the_32_allies_are_read_under_sipris_spellings(real):
    assert {v.iso3 for v in real.values} == ALLY_CODES
    # "United States of America", "Türkiye", "Czechia", "North Macedonia" are SIPRI's labels.
    assert _value(real, "USA", Measure.PCT_GDP, 2024).value == pytest.approx(3.42, abs=0.005)
    assert _value(real, "TUR", Measure.PCT_GDP, 2023) is not None
    assert any("not allies" in s and "Algeria" in s for s in real.skipped)
    assert [t.split(":")[0] for t in real.tables] == ["Constant (2023) US$", "Share of GDP", "Per capita"]


def test_footnote_marks_stay_word_for_word_and_their_texts_go_to_the_edition(real):
    assert _value(real, "ALB", Measure.PCT_GDP, 2010).note == "SIPRI notes: \u00a7\u00b63"
    note = real.edition.note
    assert "3 Albania: The figures for Albania prior to 2006 do not fully include pensions." in note
    assert "\u00a7 Figures for these countries are for the adopted budget, rather than actual expenditure" in note
    assert "Algeria:" not in note  # only the footnotes the allies' rows cite


def test_the_edition_is_sipris_own_from_its_printed_citation(real):
    e = real.edition
    assert (e.id, e.label, e.publisher) == ("sipri-2025", "SIPRI 2025 release", "SIPRI")
    assert e.title == "SIPRI Military Expenditure Database 2025"
    assert e.released == "2025" and e.base_year == "constant (2023) US$"
    assert e.measure is Measure.PCT_GDP
    assert e.source.publisher == "Stockholm International Peace Research Institute (SIPRI)"
    assert e.source.url == "https://www.sipri.org/databases/milex"
    assert real.layout == "sipri" and len(real.sha256) == 64


def test_read_table_file_sends_sipris_workbook_to_this_reader():
    imported = read_table_file(FIXTURE.read_bytes(), NAME)
    assert imported.layout == "sipri"


# --- small workbooks in SIPRI's shape -------------------------------------------------------------

BLUE, RED = Font(color="FF0000FF"), Font(color="FFFF0000")


def _workbook(rows, years=(2022, 2023, 2024), sheet="Share of GDP", fmt="0.00%", extra_sheets=()):
    wb = openpyxl.Workbook()
    wb.active.title = "Front page"
    ws = wb.create_sheet(sheet)
    ws["A1"] = "Military expenditure by country as percentage of gross domestic product, 2022-2024"
    ws["A3"] = "Figures in blue are SIPRI estimates. Figures in red indicate highly uncertain data."
    ws["A4"] = '". ." = data unavailable. "xxx" = country did not exist or was not independent'
    ws.append([])
    ws.append(["Country", "Notes", *years])  # row 6, as in SIPRI's sheets
    ws.append([])
    ws.append(["Europe"])
    for label, notes, *cells in rows:
        ws.append([label, notes, *[c[0] if isinstance(c, tuple) else c for c in cells]])
        for col, c in enumerate(cells, start=3):
            target = ws.cell(ws.max_row, col)
            if isinstance(c, tuple):
                target.font = c[1]
            if isinstance(target.value, float):
                target.number_format = fmt
    for title in extra_sheets:
        wb.create_sheet(title)
    foot = wb.create_sheet("Footnotes")
    foot.append(["Footnotes and special notes"])
    foot.append(["\u2021", "Figures for these countries are for current spending only"])
    foot.append([7, None, "Latvia: an example footnote."])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_colours_missing_marks_and_precision_in_a_small_workbook():
    raw = _workbook([
        ("Latvia", "\u20217", (0.0312, BLUE), (0.0315, RED), 0.0415),
        ("Slovakia", "", "xxx", ". .", 0.02),
        ("Switzerland", "", 0.002, 0.002, 0.002),
    ])
    imported = sipri.read(raw, "small.xlsx")
    got = {(v.iso3, v.year): v for v in imported.values}
    assert set(got) == {("LVA", 2022), ("LVA", 2023), ("LVA", 2024), ("SVK", 2024)}
    assert got["LVA", 2022].status is Status.ESTIMATE and got["LVA", 2022].note.startswith("SIPRI estimate;")
    assert got["LVA", 2023].note == "SIPRI: highly uncertain; SIPRI notes: \u20217"
    assert got["LVA", 2024].value == 4.15 and got["LVA", 2024].status is Status.ACTUAL
    assert got["SVK", 2024].value == 2.0 and got["SVK", 2024].decimals == 2
    assert "Latvia: an example footnote." in imported.edition.note
    # No citation in this workbook: the year is inferred from the data, and said so.
    assert imported.edition.id == "sipri-2025" and imported.edition.released == ""
    assert "inferred" in imported.edition.note


@pytest.mark.parametrize(("fmt", "cell", "shown"), [
    ("0.0%", 0.0415, "4.2"),  # one decimal of a percentage
    ("General", 0.0415, "4.15"),  # a plain fraction with 4 decimals: 2 as a percentage
    ("0.0000", 0.04153, "4.15"),  # 4 decimals of a fraction: 2 of a percentage
])
def test_the_published_precision_moves_with_the_point(fmt, cell, shown):
    imported = sipri.read(_workbook([("Poland", "", cell, cell, cell)], fmt=fmt), "p.xlsx")
    v = imported.values[0]
    assert f"{v.value:.{v.decimals}f}" == shown
    assert v.value == float(Decimal(repr(cell)) * 100)  # the value itself is never rounded


def test_an_unknown_spelling_of_a_missing_ally_is_refused_with_its_closest_name():
    raw = _workbook([("Poland", "", 0.02, 0.02, 0.02), ("Turkiye Republic", "", 0.02, 0.02, 0.02)])
    with pytest.raises(ImportRejected) as err:
        sipri.read(raw, "t.xlsx")
    assert "'Turkiye Republic'" in str(err.value) and "T\u00fcrkiye" in str(err.value)


def test_a_non_ally_near_an_allys_name_is_skipped_when_that_ally_has_its_row():
    raw = _workbook([("Iceland", "", 0.0, 0.0, 0.0), ("Ireland", "", 0.002, 0.002, 0.002)])
    imported = sipri.read(raw, "i.xlsx")
    assert {v.iso3 for v in imported.values} == {"ISL"}
    assert any("Ireland" in s for s in imported.skipped)


def test_a_year_out_of_range_is_refused():
    with pytest.raises(ImportRejected, match="2250 is out of range"):
        sipri.read(_workbook([("Poland", "", 0.02, 0.02, 0.02)], years=(2022, 2023, 2250)), "y.xlsx")


def test_a_value_that_is_not_a_number_is_refused_naming_the_cell():
    with pytest.raises(ImportRejected) as err:
        sipri.read(_workbook([("Poland", "", 0.02, "n/a", 0.02)]), "v.xlsx")
    assert "'Share of GDP'!D9" in str(err.value) and "'n/a' is not a number" in str(err.value)
    assert "Poland 2023" in str(err.value)


def test_a_share_above_100_percent_is_refused():
    with pytest.raises(ImportRejected, match="outside what"):
        sipri.read(_workbook([("Poland", "", 0.02, 1.5, 0.02)]), "v.xlsx")


def test_an_ally_given_twice_is_refused():
    raw = _workbook([("Poland", "", 0.02, 0.02, 0.02), ("Poland", "", 0.03, 0.03, 0.03)])
    with pytest.raises(ImportRejected, match="Poland is given twice"):
        sipri.read(raw, "d.xlsx")


def test_a_workbook_without_the_share_sheet_is_not_sipris():
    raw = _workbook([("Poland", "", 0.02, 0.02, 0.02)], sheet="Shares")
    assert not sipri.sniff(raw, "x.xlsx")
    with pytest.raises(ImportRejected, match="no 'Share of GDP' sheet.*'Shares'"):
        sipri.read(raw, "x.xlsx")


def test_a_sheet_without_a_country_header_names_what_it_found():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Share of GDP"
    ws.append(["Military expenditure as a share of GDP"])
    ws.append(["Land", "Notes", 2024])
    wb.create_sheet("Footnotes")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRejected, match="no header row with 'Country'.*Military expenditure as a share"):
        sipri.read(buffer.getvalue(), "h.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused():
    assert not sipri.sniff(b"Country,Notes\n", "x.xlsx")
    with pytest.raises(ImportRejected, match="not an Excel workbook"):
        sipri.read(b"Country,Notes\n", "x.xlsx")
