"""Our own CSV and XLSX exports read back: an unchanged edition re-imported changes nothing."""

from __future__ import annotations

import csv

import pytest

from nato_desk.domain import Measure, Observation, Status
from nato_desk.export.csv_export import OBSERVATION_COLUMNS, csv_text, write_observations_csv
from nato_desk.export.xlsx_export import DATA_COLUMNS, write_observations_xlsx
from nato_desk.ingest import ImportRejected, load_seed, seed_folder
from nato_desk.ingest.tables import own_export, read_table_file
from nato_desk.ingest.tables.diff import RowKind, accept_all, change_for, diff_import
from nato_desk.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("store") / "desk.json", seed=lambda: load_seed(seed_folder()))
    yield store
    store.close()


def test_the_columns_are_the_exports():
    assert own_export.CSV_COLUMNS == OBSERVATION_COLUMNS
    assert own_export.XLSX_COLUMNS == DATA_COLUMNS


def _export(store, edition, suffix, tmp_path):
    record = next(e for e in store.editions() if e.id == edition)
    path = tmp_path / f"export{suffix}"
    observations = store.observations(edition=edition)
    if suffix == ".csv":
        write_observations_csv(path, observations, store.sources())
    else:
        write_observations_xlsx(path, observations, store.sources(),
                                {"edition": f"{record.label} \u2014 {record.title}"})
    return record, path


# The shipped transcriptions hold values at their published precision, so both exports carry them whole.
@pytest.mark.parametrize("edition", ["2025-08", "2026-07", "2026-03"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_reimporting_an_export_of_an_unchanged_edition_changes_nothing(store, tmp_path, edition, suffix):
    record, path = _export(store, edition, suffix, tmp_path)
    imported = read_table_file(path.read_bytes(), path.name)
    assert imported.layout == f"nato_desk-{suffix[1:]}"
    assert imported.edition.id == edition
    diff = diff_import(imported, record, store.source(record.source_id), store.observations(),
                       edition_exists=True, source_exists=True)
    assert diff.count(RowKind.UNCHANGED) == len(store.observations(edition=edition)) > 0
    assert accept_all(diff) == []
    assert change_for(diff, accept_all(diff)) is None


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_reimporting_the_unrounded_2024_edition_changes_nothing(store, tmp_path, suffix):
    if not any(e.id == "2024-06" for e in store.editions()):
        pytest.fail("no 2024-06 edition shipped")
    record, path = _export(store, "2024-06", suffix, tmp_path)
    diff = diff_import(read_table_file(path.read_bytes(), path.name), record, store.source(record.source_id),
                       store.observations(), edition_exists=True, source_exists=True)
    assert change_for(diff, accept_all(diff)) is None


def test_each_figure_keeps_its_source_status_note_and_precision(store, tmp_path):
    record, path = _export(store, "2025-08", ".xlsx", tmp_path)
    imported = own_export.read(path.read_bytes(), path.name)
    stored = {(o.iso3, o.year, o.measure): o for o in store.observations(edition="2025-08")}
    for value in imported.values:
        o = stored[value.iso3, value.year, value.measure]
        assert (value.value, value.decimals, value.status, value.note, value.source_id) == \
               (o.value, o.decimals, o.status, o.note, o.source_id)
    assert (imported.edition.label, imported.edition.title) == (record.label, record.title)


def _obs(iso3="POL", year=2024, value=4.12, note="", edition="2025-08", source="NATO_DE2025", decimals=2,
         status=Status.ESTIMATE, measure=Measure.PCT_GDP):
    return Observation(f"{edition}/{iso3}/{measure.value}/{year}", iso3, year, measure, value, decimals, status,
                       edition, source, note)


def _csv(tmp_path, observations):
    path = tmp_path / "figures.csv"
    write_observations_csv(path, observations, [])
    return path.read_bytes()


@pytest.mark.parametrize("note", ["=HYPERLINK(\"http://x\")", "+1", "-0.5 pp", "@SUM(A1)", "\tTab", "'quoted'",
                                  "plain"])
def test_the_formula_guard_is_undone_exactly_where_the_export_added_it(tmp_path, note):
    raw = _csv(tmp_path, [_obs(note=note, source="=SRC")])
    written = list(csv.reader(raw.decode("utf-8-sig").splitlines()))[1][-1]
    assert written == (f"'{note}" if note.startswith(own_export.FORMULA_TRIGGERS) else note)
    value = own_export.read(raw, "figures.csv").values[0]
    assert value.note == note and value.source_id == "=SRC"


def test_a_published_blank_and_a_negative_change_come_back(tmp_path):
    raw = _csv(tmp_path, [_obs(value=None, note="published blank"),
                          _obs(year=2023, measure=Measure.REAL_CHANGE, value=-0.5, decimals=1,
                               status=Status.ACTUAL)])
    blank, change = own_export.read(raw, "f.csv").values
    assert (blank.value, blank.note) == (None, "published blank")
    assert (change.value, change.decimals, change.measure) == (-0.5, 1, Measure.REAL_CHANGE)


def test_a_file_mixing_editions_is_refused_naming_them(tmp_path):
    raw = _csv(tmp_path, [_obs(), _obs(year=2023, edition="2026-07")])
    with pytest.raises(ImportRejected, match=r"mixes editions \(2025-08: 1 rows, 2026-07: 1 rows\)"):
        own_export.read(raw, "f.csv")


def _rows(*rows):
    return ("\ufeff" + csv_text([OBSERVATION_COLUMNS, *rows])).encode("utf-8")


def test_an_unknown_ally_code_is_refused_with_the_closest_names():
    raw = _rows(("PLO", 2024, "pct_gdp", "4.12", "actual", "2025-08", "S", "", ""))
    with pytest.raises(ImportRejected, match=r"unknown ally code: 'PLO' at line 2 \(closest allies: Poland"):
        own_export.read(raw, "f.csv")


@pytest.mark.parametrize(("row", "message"), [
    (("POL", 2250, "pct_gdp", "4.1", "actual", "E", "S", "", ""), "2250 is out of range"),
    (("POL", 2024, "pct_gdp", "4,1", "actual", "E", "S", "", ""), "'4,1' is not a number"),
    (("POL", 2024, "share", "4.1", "actual", "E", "S", "", ""), "measure 'share' is not one of pct_gdp"),
    (("POL", 2024, "pct_gdp", "4.1", "guess", "E", "S", "", ""), "status 'guess' is not one of actual"),
    (("POL", 2024, "pct_gdp", "4.1", "actual", "", "S", "", ""), "edition is empty"),
])
def test_bad_rows_are_refused_naming_the_line(row, message):
    with pytest.raises(ImportRejected, match=message) as err:
        own_export.read(_rows(row), "f.csv")
    assert "f.csv line 2" in str(err.value)


def test_a_row_twice_is_refused():
    row = ("POL", 2024, "pct_gdp", "4.1", "actual", "E", "S", "", "")
    with pytest.raises(ImportRejected, match=r"Poland 2024 pct_gdp is given twice \(also line 2\)"):
        own_export.read(_rows(row, row), "f.csv")


def test_other_csvs_are_not_ours():
    assert not own_export.sniff(b"iso3,year,value\nPOL,2024,4.1\n", "f.csv")
    with pytest.raises(ImportRejected, match="unknown layout: a nato_desk CSV export starts iso3,year,measure"):
        own_export.read(b"iso3,year,value\nPOL,2024,4.1\n", "f.csv")
    with pytest.raises(ImportRejected, match="no layout nato_desk knows"):
        read_table_file(b"iso3,year,value\nPOL,2024,4.1\n", "f.csv")


def test_a_workbook_without_our_sheets_is_not_ours(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "data"
    wb.active.append(["iso3", "year", "value"])
    wb.create_sheet("sources")
    wb.create_sheet("about")
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(ImportRejected, match="the data sheet's header is iso3, year, value"):
        own_export.read(path.read_bytes(), "x.xlsx")


def test_the_planned_import_of_our_csv_goes_into_the_edition_it_names(store, tmp_path):
    from nato_desk.ingest.tables.plan import plan_import

    _record, path = _export(store, "2026-07", ".csv", tmp_path)
    imported = read_table_file(path.read_bytes(), path.name)
    diff = plan_import(imported, store.editions(), store.sources(), store.observations())
    assert (diff.edition.id, diff.new_edition) == ("2026-07", False)
    assert change_for(diff, accept_all(diff)) is None
