"""The World Bank's MS.MIL.XPND.GD.ZS CSV: the allies' rows by ISO-3 code, the World Bank's edition.

The fixture (tests/fixtures/tables/, see its README) is in the download's
exact shape: BOM, four preamble lines, trailing commas, "" for missing,
aggregates mixed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nato_desk.domain import Measure, Status
from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import read_table_file, world_bank

FIXTURE = Path(__file__).parents[3] / "fixtures" / "tables" / "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv"
NAME = FIXTURE.name


@pytest.fixture(scope="module")
def raw() -> bytes:
    return FIXTURE.read_bytes()


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig")


def _with(raw: bytes, old: str, new: str) -> bytes:
    text = _text(raw)
    assert old in text
    return ("\ufeff" + text.replace(old, new, 1)).encode("utf-8")


def test_the_fixture_has_the_downloads_shape(raw):
    assert raw.startswith(b"\xef\xbb\xbf\"Data Source\"")
    lines = _text(raw).splitlines()
    assert lines[4].startswith('"Country Name","Country Code","Indicator Name","Indicator Code","1960"')
    assert all(line.endswith(",") for line in lines[4:] if line)


def test_allies_are_read_by_code_and_aggregates_skipped(raw):
    imported = world_bank.read(raw, NAME)
    assert {v.iso3 for v in imported.values} == {"CAN", "DEU", "POL", "TUR", "USA"}
    assert any("WLD" in s and "XKX" in s and "OED" in s for s in imported.skipped)
    pol = next(v for v in imported.values if (v.iso3, v.year) == ("POL", 2024))
    line = next(line for line in _text(raw).splitlines() if line.startswith('"Poland"'))
    assert f'"{pol.value!r}"' in line or f'"{pol.value:.{pol.decimals}f}"' in line
    assert pol.measure is Measure.PCT_GDP and pol.status is Status.ACTUAL
    assert pol.where == "line 14, 2024"


def test_empty_cells_are_no_figure(raw):
    imported = world_bank.read(raw, NAME)
    assert not [v for v in imported.values if v.iso3 == "POL" and v.year < 1990]
    assert not [v for v in imported.values if v.iso3 == "ISL"]  # Iceland: a row of ""


def test_the_published_digits_are_the_precision(raw):
    imported = world_bank.read(_with(raw, '"2.61248574350627"', '"2.6"'), NAME)
    pol = next(v for v in imported.values if (v.iso3, v.year) == ("POL", 1990))
    assert (pol.value, pol.decimals) == (2.6, 1)


def test_the_edition_is_the_world_banks(raw):
    e = world_bank.read(raw, NAME).edition
    assert (e.id, e.publisher, e.released) == ("worldbank-2025-07-01", "World Bank", "2025-07-01")
    assert e.title == "World Development Indicators: Military expenditure (% of GDP) (MS.MIL.XPND.GD.ZS)"
    assert e.source.publisher == "World Bank" and e.source.url == ""  # the file states no URL


def test_read_table_file_sends_the_csv_to_this_reader(raw):
    assert read_table_file(raw, NAME).layout == "world-bank"


def test_another_indicator_is_refused_by_name(raw):
    text = _text(raw).replace("MS.MIL.XPND.GD.ZS", "MS.MIL.XPND.CD").replace("(% of GDP)", "(current USD)")
    with pytest.raises(ImportRejected, match=r"'MS.MIL.XPND.CD' \(Military expenditure \(current USD\)\) is not"):
        world_bank.read(text.encode("utf-8"), NAME)


def test_a_value_that_is_not_a_number_is_refused(raw):
    with pytest.raises(ImportRejected) as err:
        world_bank.read(_with(raw, '"2.61248574350627"', '"2,61"'), NAME)
    assert "line 14, 1990 (Poland 1990): pct_gdp '2,61' is not a number" in str(err.value)


def test_a_year_column_out_of_range_is_refused(raw):
    with pytest.raises(ImportRejected, match="2204 is out of range"):
        world_bank.read(_with(raw, '"2024",', '"2204",'), NAME)


def test_an_ally_given_twice_is_refused(raw):
    poland = next(line for line in _text(raw).splitlines() if line.startswith('"Poland"'))
    text = _text(raw) + poland + "\n"
    with pytest.raises(ImportRejected, match=r"Poland \(POL\) is given twice \(also line 14\)"):
        world_bank.read(text.encode("utf-8"), NAME)


def test_a_row_whose_code_is_not_a_code_is_refused_with_the_closest_allies(raw):
    with pytest.raises(ImportRejected) as err:
        world_bank.read(_with(raw, '"Poland","POL"', '"Polska","Poland"'), NAME)
    assert "unknown country code: 'Polska (Poland)' at line 14 (closest allies: Poland" in str(err.value)


def test_a_code_and_a_name_that_disagree_are_refused(raw):
    with pytest.raises(ImportRejected, match="POL is Poland, but the row names Germany"):
        world_bank.read(_with(raw, '"Poland","POL"', '"Germany","POL"'), NAME)


def test_a_csv_without_the_header_is_an_unknown_layout():
    text = '"Data Source","World Development Indicators",\n\n"Country","Code","2024"\n"Poland","POL","4.1"\n'
    with pytest.raises(ImportRejected, match="unknown layout: no World Bank header.*Country"):
        world_bank.read(text.encode(), "x.csv")


def test_a_file_that_is_not_utf8_text_is_refused():
    with pytest.raises(ImportRejected, match="UTF-16"):
        world_bank.read("\ufeff\"Data Source\"".encode("utf-16"), "x.csv")
