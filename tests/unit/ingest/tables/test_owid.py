"""OWID's grapher CSV: the indicator decides the measure; the metadata sidecar gives the citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from nato_desk.domain import Measure
from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import read_table_file
from nato_desk.ingest.tables import owid

FOLDER = Path(__file__).parents[3] / "fixtures" / "tables"
FIXTURE = FOLDER / "military-expenditure-share-gdp.csv"
METADATA = FOLDER / "military-expenditure-share-gdp.metadata.json"
NAME = FIXTURE.name


@pytest.fixture(scope="module")
def text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def _read(text: str):
    return owid.read(text.encode("utf-8"), NAME)


def test_allies_are_read_by_code_and_other_entities_skipped(text):
    imported = _read(text)
    assert {v.iso3 for v in imported.values} == {"CAN", "DEU", "POL", "TUR", "USA"}  # "Turkey" is TUR
    assert any("Africa" in s and "Ireland" in s and "World" in s for s in imported.skipped)
    pol = next(v for v in imported.values if (v.iso3, v.year) == ("POL", 2024))
    line = next(line for line in text.splitlines() if line.startswith("Poland,POL,2024,"))
    written = line.split(",")[3]
    assert pol.value == float(written) and pol.decimals == len(written.split(".")[1])
    assert pol.measure is Measure.PCT_GDP and pol.where == f"line {text.splitlines().index(line) + 1}"
    assert not [v for v in imported.values if (v.iso3, v.year) == ("DEU", 2024)]  # no row, no figure


def test_without_metadata_the_edition_says_its_year_is_the_latest_figures(text):
    e = _read(text).edition
    assert (e.id, e.publisher, e.released) == ("owid-2024", "Our World in Data", "")
    assert "the file states no date" in e.note


def test_the_metadata_gives_the_date_title_url_and_underlying_source(text):
    imported = owid.read_with_metadata(text.encode(), NAME, METADATA.read_text(encoding="utf-8"))
    e = imported.edition
    assert (e.id, e.released, e.title) == ("owid-2025", "2025-04-28", "Military expenditure as a share of GDP")
    assert e.source.url == "https://ourworldindata.org/grapher/military-expenditure-share-gdp"
    assert "Underlying source: Stockholm International Peace Research Institute (2025) \u2013 processed by " \
           "Our World in Data" in e.note
    assert imported.values == _read(text).values  # the metadata changes the edition, not the figures


def test_read_table_file_sends_the_grapher_csv_to_this_reader(text):
    assert read_table_file(text.encode(), NAME).layout == "owid"


@pytest.mark.parametrize("indicator", ["military_expenditure_share_gdp", "milex_gdp",
                                       "Military expenditure as a share of GDP"])
def test_names_of_the_share_of_gdp_indicator_map_to_it(text, indicator):
    changed = text.replace("Military expenditure (% of GDP)", indicator, 1)
    assert {v.measure for v in _read(changed).values} == {Measure.PCT_GDP}


def test_an_indicator_it_cannot_map_is_refused_by_name(text):
    changed = text.replace("Military expenditure (% of GDP)", "Military expenditure (constant 2023 US$)", 1)
    with pytest.raises(ImportRejected, match=r"Military expenditure \(constant 2023 US\$\) is an indicator "
                                             "nato_desk cannot map"):
        _read(changed)


def test_a_year_twice_is_refused(text):
    with pytest.raises(ImportRejected, match="Poland 2024 is given twice"):
        _read(text + "Poland,POL,2024,4.2\n")


def test_a_year_out_of_range_or_not_a_year_is_refused(text):
    with pytest.raises(ImportRejected, match="2240 is out of range"):
        _read(text + "Poland,POL,2240,4.2\n")
    with pytest.raises(ImportRejected, match="'FY24' is not a year"):
        _read(text + "Poland,POL,FY24,4.2\n")


def test_a_value_that_is_not_a_number_is_refused(text):
    with pytest.raises(ImportRejected, match=r"\(Poland 2019\): pct_gdp '4,2' is not a number"):
        _read(text + 'Poland,POL,2019,"4,2"\n')


def test_a_malformed_code_is_refused_with_the_closest_allies(text):
    with pytest.raises(ImportRejected, match=r"'Polnad \(PL\)' at line \d+ \(closest allies: Poland"):
        _read(text + "Polnad,PL,2019,4.2\n")


def test_not_a_grapher_csv_is_an_unknown_layout():
    assert not owid.sniff(b"Country,Year,Value\n", "x.csv")
    with pytest.raises(ImportRejected, match="unknown layout.*found 'Country,Year,Value'"):
        owid.read(b"Country,Year,Value\nPoland,2024,4.1\n", "x.csv")


def test_metadata_that_is_not_json_is_refused(text):
    with pytest.raises(ImportRejected, match="the metadata file is not JSON"):
        owid.read_with_metadata(text.encode(), NAME, "{not json")


def test_a_file_read_from_disk_takes_its_metadata_sidecar(tmp_path):
    from nato_desk.ingest.tables import read_table_path

    csv_file = tmp_path / NAME
    csv_file.write_bytes((FOLDER / NAME).read_bytes())
    alone = read_table_path(csv_file)
    (tmp_path / METADATA.name).write_bytes(METADATA.read_bytes())
    with_citation = read_table_path(csv_file)
    assert with_citation.edition != alone.edition
    assert with_citation.edition == owid.read_with_metadata(csv_file.read_bytes(), NAME,
                                                            METADATA.read_text(encoding="utf-8")).edition
