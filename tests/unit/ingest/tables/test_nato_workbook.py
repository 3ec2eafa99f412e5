"""NATO's tables workbook: the real June 2024 file, the 2025/2026 layout, and refusals.

Expectations about the real workbook are read from its cells with openpyxl
directly (tests/fixtures/240617-def-exp-2024-TABLES-en.xlsx, a byte copy of
NATO's file), never through the reader under test.
"""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from nato_layouts import ALLIES_2025, STAR_NOTE, build_workbook, value_for

from nato_desk.domain import Measure, Status
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import nato_workbook, read_table_file
from nato_desk.ingest.tables.model import ImportedFile, ImportedValue

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "240617-def-exp-2024-TABLES-en.xlsx"
NAME = FIXTURE.name


@pytest.fixture(scope="module")
def raw() -> bytes:
    return FIXTURE.read_bytes()


@pytest.fixture(scope="module")
def cells() -> Any:
    return openpyxl.load_workbook(FIXTURE, data_only=True)


@pytest.fixture(scope="module")
def imported(raw: bytes) -> ImportedFile:
    return read_table_file(raw, NAME)


def _values(f: ImportedFile, measure: Measure) -> dict[tuple[str, int], ImportedValue]:
    return {(v.iso3, v.year): v for v in f.values if v.measure is measure}


# --- the real June 2024 workbook --------------------------------------------------

def test_the_real_workbook_is_recognised_as_the_2024_layout(raw: bytes, imported: ImportedFile) -> None:
    assert nato_workbook.sniff(raw, NAME)
    assert imported.layout == "nato-2024"
    assert imported.name == NAME and len(imported.sha256) == 64


def test_share_of_gdp_has_31_allies_and_polands_2024e_is_the_cell(imported: ImportedFile, cells: Any) -> None:
    share = _values(imported, Measure.PCT_GDP)
    assert len({iso3 for iso3, _ in share}) == 31 and "ISL" not in {iso3 for iso3, _ in share}
    assert len(share) == 31 * 11
    ws = cells["TABLE3"]
    assert ws["C32"].value == "Poland*" and ws["N8"].value == "2024e"
    poland = share[("POL", 2024)]
    assert poland.value == ws["N32"].value  # unrounded: 4.120190989357147
    assert poland.decimals == 2 and poland.status is Status.ESTIMATE and poland.where == "TABLE3!N32"
    assert share[("SVK", 2014)].value == ws["D35"].value  # "Slovak Republic"
    assert share[("TUR", 2022)].value == ws["L39"].value  # "Türkiye"


def test_e_years_are_estimates_and_the_others_actual(imported: ImportedFile) -> None:
    statuses = {(v.year, v.status) for v in imported.values}
    assert {y for y, s in statuses if s is Status.ESTIMATE} == {2023, 2024}
    assert {y for y, s in statuses if s is Status.ACTUAL} == set(range(2014, 2023))  # "2019" is text too


def test_every_measure_of_the_issue_is_read_with_sensible_counts(imported: ImportedFile) -> None:
    counts = collections.Counter(v.measure for v in imported.values)
    # 31 allies x 11 years; GDP tables also give Iceland's GDP (32 x 11).
    assert counts == {
        Measure.CURRENT_USD: 341, Measure.CONSTANT_USD: 341, Measure.PCT_GDP: 341, Measure.REAL_CHANGE: 341,
        Measure.GDP_CURRENT_USD: 352, Measure.GDP_CONSTANT_USD: 352, Measure.GDP_PER_CAPITA: 352,
        Measure.PER_CAPITA: 341, Measure.PERSONNEL: 341, Measure.EQUIPMENT_SHARE: 341,
        Measure.PERSONNEL_SHARE: 341, Measure.INFRASTRUCTURE_SHARE: 341, Measure.OTHER_SHARE: 341}
    assert sum(counts.values()) == 4466


def test_tables_one_and_four_are_reported_not_ignored(imported: ImportedFile) -> None:
    tables = "\n".join(imported.tables)
    assert len(imported.tables) == 9
    assert "Table 1 (TABLE1): Defence expenditure \u2014 not imported: national currency units" in tables
    assert "Table 4 (TABLE4): Defence expenditure real change 2014-2024e \u2014 not imported" in tables
    assert "Table 3 (TABLE3): Share of real GDP (%) \u2192 pct_gdp; Annual real change (%) \u2192 real_change_pct" \
        in tables


def test_table_7_is_read_one_column_further_right(imported: ImportedFile, cells: Any) -> None:
    ws = cells["TABLE7"]
    assert ws["D44"].value == "Poland" and ws["O20"].value == "2024e"
    personnel = _values(imported, Measure.PERSONNEL)
    assert personnel[("POL", 2024)].value == ws["O44"].value
    assert personnel[("POL", 2024)].decimals == 1 and personnel[("POL", 2024)].where == "TABLE7!O44"


def test_hidden_ref_rows_are_skipped_and_reported(imported: ImportedFile, cells: Any) -> None:
    ws = cells["TABLE8a"]
    assert ws.row_dimensions[42].hidden and ws["D42"].value == "#REF!"
    assert "TABLE8a row 42: hidden row left out (#REF! cells)" in imported.skipped
    assert "TABLE8b row 75: hidden row left out (#REF! cells)" in imported.skipped
    assert not any(v.where.startswith(("TABLE8a!D42", "TABLE8a!N75")) for v in imported.values)


def test_totals_are_skipped_and_reported_unless_asked_for(raw: bytes, imported: ImportedFile,
                                                          cells: Any) -> None:
    totals = [s for s in imported.skipped if "is a total" in s]
    assert len(totals) == 18  # T2, T3, T5, T6: two blocks x two totals; T7: two
    assert "TABLE3 row 43: 'NATO Total' is a total, not an ally (left out)" in totals
    assert {v.iso3 for v in imported.values} <= set(_ally_codes())
    with_totals = nato_workbook.read(raw, NAME, include_totals=True)
    nato = _values(with_totals, Measure.PCT_GDP)[("NATO", 2024)]
    assert nato.value == cells["TABLE3"]["N43"].value
    assert not [s for s in with_totals.skipped if "is a total" in s]


def _ally_codes() -> list[str]:
    from nato_desk.ingest.tables.allies import ALLIES
    return list(ALLIES)


def test_decimals_come_from_each_cells_number_format(imported: ImportedFile, cells: Any) -> None:
    assert cells["TABLE2"]["N32"].number_format == "#,##0"
    assert cells["TABLE6"]["N33"].number_format == "#,##0.0"
    decimals = {m: {v.decimals for v in imported.values if v.measure is m} for m in Measure}
    assert decimals[Measure.CURRENT_USD] == {0} and decimals[Measure.GDP_PER_CAPITA] == {1}
    assert decimals[Measure.PCT_GDP] == {2} and decimals[Measure.EQUIPMENT_SHARE] == {2}
    assert decimals[Measure.PERSONNEL] == {1} and decimals[Measure.PER_CAPITA] == {0}


@pytest.mark.parametrize(("fmt", "value", "decimals"), [
    ("0.00", 1.5, 2), ("#,##0", 1234.5, 0), ("0.0", 1.0, 1), ("#,##0.00", 2.0, 2), ("0.00%", 0.02, 2),
    ('#,##0.0" pp";[Red]-#,##0.0', 1.0, 1), ("0.00E+00", 1.0, 2), ("[$-409]#,##0.000", 1.0, 3),
    ("General", 1.25, 2), ("General", 4.0, 0), ("General", 4.120190989357147, 4), (None, 2.5, 1),
    ('"0.00 "0', 3.0, 0), ("#,##0.00_);(#,##0.00)", 1.0, 2),
])
def test_decimals_of_a_number_format(fmt: str | None, value: float, decimals: int) -> None:
    assert nato_workbook.decimals_of(fmt, value) == decimals


def test_star_flags_are_stripped_and_kept_as_the_footnote(imported: ImportedFile, cells: Any) -> None:
    footnote = cells["TABLE3"]["C81"].value.strip()
    assert footnote.startswith("*  These Allies have national laws")
    share = _values(imported, Measure.PCT_GDP)
    starred = {iso3 for (iso3, _), v in share.items() if v.note}
    assert starred == {"CZE", "EST", "LVA", "LTU", "POL", "ROU"}
    assert share[("POL", 2014)].note == footnote
    assert share[("DEU", 2024)].note == ""
    # Table 8a prints no flags.
    assert all(v.note == "" for v in imported.values if v.measure is Measure.EQUIPMENT_SHARE)


def test_the_edition_proposed_from_the_file(imported: ImportedFile, cells: Any) -> None:
    e = imported.edition
    assert (e.id, e.label, e.released, e.publisher, e.measure, e.base_year) == (
        "2024-06", "June 2024", "2024-06-17", "NATO", Measure.PCT_GDP, "2015 prices")
    assert e.title == "Defence Expenditure of NATO Countries (2014-2024)"
    # The workbook never states that title: the note says it was derived.
    assert "does not state the release's title" in e.note and "(2014-2024)" in e.note
    # The footnotes word for word.
    for sheet, cell in (("TABLE2", "C80"), ("TABLE8a", "C79"), ("TABLE8b", "C80")):
        assert cells[sheet][cell].value.strip() in e.note.split("\n")
    s = e.source
    assert (s.id, s.publisher, s.cite_publisher, s.date, s.kind) == (
        "NATO_DE2024", "NATO Public Diplomacy Division", "NATO", "2024-06-17", "primary_official")
    assert s.url == "" and s.cite_url == ""  # the file states none; none is invented
    assert NAME in s.cite_note


# --- the 2025/2026 layout -----------------------------------------------------------

@pytest.mark.parametrize("edition", [2025, 2026])
def test_the_2025_and_2026_layout_is_read_the_same_way(edition: int) -> None:
    raw = build_workbook(edition)
    assert nato_workbook.sniff(raw, "def-exp.xlsx")
    f = read_table_file(raw, f"def-exp-{edition}-en.xlsx")
    assert f.layout == "nato-2025"
    headline = Measure.CORE_PCT_GDP if edition == 2026 else Measure.PCT_GDP
    share = _values(f, headline)
    years = edition - 2014 + 1
    assert len(share) == 31 * years
    assert (Measure.PCT_GDP in {v.measure for v in f.values}) == (edition == 2025)
    poland = ALLIES_2025.index("Poland")
    assert share[("POL", edition)].value == value_for("3", 0, poland, edition)
    assert share[("POL", edition)].status is Status.ESTIMATE and share[("POL", edition - 2)].status is Status.ACTUAL
    assert share[("POL", edition)].where == f"Table 3!{openpyxl.utils.get_column_letter(1 + years)}{6 + poland}"
    assert share[("SVK", 2014)].decimals == 2 and _values(f, Measure.PERSONNEL)[("SVK", 2014)].decimals == 1
    assert len({v.measure for v in f.values}) == 13
    starred = {v.iso3 for v in f.values if v.note}
    assert len(starred) == (11 if edition == 2025 else 1)
    assert edition == 2025 or starred == {"SVN"}
    assert {v.note for v in f.values if v.note} == {STAR_NOTE}
    assert len([s for s in f.skipped if "is a total" in s]) == 18
    e = f.edition
    assert e.measure is headline and e.base_year == "2021 prices"
    assert e.title == ("Defence Investment" if edition == 2026 else "Defence Expenditure") + \
        f" of NATO Countries (2014-{edition})"
    assert e.released == "" and "no release date" in e.note


def test_a_title_and_url_the_workbook_states_are_used() -> None:
    def stated(wb: Any) -> None:
        wb["Table 1"]["A30"] = "Defence Expenditure of NATO Countries (2014-2025)"
        wb["Table 1"]["A31"] = "Source: https://www.nato.int/example-release"

    f = read_table_file(build_workbook(2025, edit=stated), "250827-def-exp-2025-en.xlsx")
    e = f.edition
    assert (e.id, e.label, e.released) == ("2025-08", "August 2025", "2025-08-27")
    assert e.title == "Defence Expenditure of NATO Countries (2014-2025)"
    assert "does not state" not in e.note
    assert e.source.url == "https://www.nato.int/example-release" and e.source.cite_confidence == "stated"


# --- refusals -----------------------------------------------------------------------

def _refused(edit: Any, name: str = "def-exp-2025-en.xlsx") -> str:
    with pytest.raises(ImportRejected) as info:
        nato_workbook.read(build_workbook(2025, edit=edit), name)
    return str(info.value)


def test_an_xlsx_without_table_titles_is_refused_naming_what_it_found() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active["A1"] = "Ministry of Defence budget"
    import io
    out = io.BytesIO()
    wb.save(out)
    raw = out.getvalue()
    assert not nato_workbook.sniff(raw, "budget.xlsx")
    with pytest.raises(ImportRejected) as info:
        nato_workbook.read(raw, "budget.xlsx")
    assert "no sheet holds a NATO table title" in str(info.value)
    assert "'Budget' ('Ministry of Defence budget')" in str(info.value)


def test_an_unknown_country_is_refused_with_the_closest_allies() -> None:
    def unknown(wb: Any) -> None:
        wb["Table 3"]["A27"] = "Polland"  # was Poland
        wb["Table 5"]["A10"] = "Ireland"

    message = _refused(unknown)
    assert "2 country label(s) name no ally" in message
    assert "'Polland' at Table 3!A27 (closest: Poland)" in message
    assert "'Ireland' at Table 5!A10" in message


def test_a_year_out_of_range_is_refused() -> None:
    def old(wb: Any) -> None:
        wb["Table 3"]["B4"] = 1899

    message = _refused(old)
    assert "Table 3!B4" in message and "the year 1899, outside 1949-2100" in message


def test_a_value_that_is_not_a_number_is_refused() -> None:
    def text(wb: Any) -> None:
        wb["Table 2"]["C6"] = "n/a"

    message = _refused(text)
    assert "Table 2!C6" in message and "'n/a' for ALB 2015 in Table 2 is not a number" in message


def test_an_ally_twice_in_one_block_is_refused() -> None:
    def twice(wb: Any) -> None:
        wb["Table 3"]["A7"] = "Albania"  # was Belgium

    message = _refused(twice)
    assert "'Albania' appears twice in Table 3, block 'Share of real GDP (%)' (also at Table 3!A6)" in message


def test_a_shape_it_cannot_read_is_refused_naming_the_table_and_header() -> None:
    def vehicles(wb: Any) -> None:
        wb["Table 8a"]["A5"] = "Vehicles"  # was "Equipment (a)"

    message = _refused(vehicles)
    assert "Table 8a" in message and "'Vehicles'" in message and "2014, 2015" in message
    assert "not one nato_desk knows how to read" in message

    def no_header(wb: Any) -> None:
        ws = wb["Table 6"]
        for cell in ws[4]:
            cell.value = None

    message = _refused(no_header)
    assert "Table 6" in message and "has no header row of years" in message


def test_error_cells_in_visible_rows_are_skipped_and_reported() -> None:
    def errors(wb: Any) -> None:
        wb["Table 3"]["C6"] = "#N/A"
        wb["Table 3"]["D6"] = "#DIV/0!"

    f = nato_workbook.read(build_workbook(2025, edit=errors), "def-exp-2025-en.xlsx")
    share = _values(f, Measure.PCT_GDP)
    assert ("ALB", 2015) not in share and ("ALB", 2016) not in share and ("ALB", 2014) in share
    assert "Table 3!C6: error cell #N/A left out (ALB 2015)" in f.skipped


def test_other_files_are_not_taken_for_natos_workbook() -> None:
    assert not nato_workbook.sniff(b"iso3,year\nPOL,2024\n", "x.csv")
    # A damaged or hostile archive is refused with its own reason before anything is expanded.
    with pytest.raises(ImportRejected, match="damaged or cut short"):
        nato_workbook.sniff(b"PK\x03\x04 broken", "x.xlsx")


def test_a_value_outside_what_the_measure_can_be_is_refused() -> None:
    def huge(wb: Any) -> None:
        wb["Table 3"]["B6"] = 1e308  # Albania 2014, share of GDP

    message = _refused(huge)
    assert "Table 3!B6" in message and "1e+308 for ALB 2014 in Table 3 is outside 0-100 (% of GDP)" in message


def test_two_blocks_holding_the_same_measure_are_refused() -> None:
    """Found by the property tests: Table 5's second block relabelled as its first gave
    every ally's GDP twice (reported, not silently doubled)."""
    def same_label(wb: Any) -> None:
        ws = wb["Table 5"]
        for row in ws.iter_rows():
            if row[0].value == "Constant 2021 prices and exchange rates":
                row[0].value = "Current prices and exchange rates"

    message = _refused(same_label)
    assert "is given twice" in message and "two blocks hold the same measure" in message
