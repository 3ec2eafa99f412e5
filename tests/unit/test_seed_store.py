"""The first-run store holds exactly what data/ holds.

The expectations are read from the shipped files with the csv and json
modules directly, not through the importer, so a bug in the importer cannot
hide itself.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from nato_desk.domain import Observation, Position, Quote, Source
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import SCHEMA_VERSION, Store


def _csv(name: str) -> list[dict[str, str]]:
    text = seed_folder().joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("first-run") / "desk.json"
    with Store.open(path, seed=lambda: load_seed(seed_folder())):
        pass
    # Reopen: what counts is what was written to disk on first run.
    store = Store.open(path, read_only=True)
    yield store
    store.close()


def test_every_figure_of_every_edition(store):
    expected = {}
    for row in _csv("nato_defence_expenditure.csv"):
        expected[("2025-08", row["iso3"], int(row["year"]), "pct_gdp")] = (
            row["pct_gdp"], row["estimate"], row["source_id"])
    for row in _csv("nato_defence_expenditure_2026_edition.csv"):
        measure = "core_pct_gdp" if row["edition"] == "2026-07" else "pct_gdp"
        expected[(row["edition"], row["iso3"], int(row["year"]), measure)] = (
            row["pct_gdp"], row["estimate"], row["source_id"])
    for row in _csv("nato_2024_tables.csv"):  # unrounded values, printed precision beside them
        expected[(row["edition"], row["iso3"], int(row["year"]), row["measure"])] = (
            (float(row["value"]), int(row["decimals"])), row["estimate"], row["source_id"])
    stored = {}
    for o in store.all(Observation):
        if o.edition == "2024-06":
            shown = (o.value, o.decimals)
        else:
            shown = "" if o.value is None else f"{o.value:.{o.decimals}f}"
        stored[(o.edition, o.iso3, o.year, o.measure.value)] = (
            shown, "1" if o.status.value == "estimate" else "0", o.source_id)
    assert stored == expected
    assert len(stored) == 366 + 433 + 4466


CITE_COLUMNS = ("kind", "cite_publisher", "cite_title", "cite_url", "read_at_url", "via",
                "cite_confidence", "cite_note")


def test_every_source(store):
    rows = _csv("sources.csv") + _csv("sources_added.csv")
    expected = {r["source_id"]: (r["title"], r["publisher"], r["date"], r["url"], r["notes"],
                                 *(r[c] for c in CITE_COLUMNS)) for r in rows}
    stored = {s.id: (s.title, s.publisher, s.date, s.url, s.note,
                     *(getattr(s, c) for c in CITE_COLUMNS)) for s in store.all(Source)}
    assert stored == expected
    assert len(stored) == 155


def test_sources_csv_is_the_reference_file_and_added_sources_have_its_columns():
    header = seed_folder().joinpath("sources.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ("source_id,title,publisher,date,url,notes," + ",".join(CITE_COLUMNS))
    added = seed_folder().joinpath("sources_added.csv").read_text(encoding="utf-8").splitlines()[0]
    assert added == header


def test_every_quote_verbatim(store):
    data = json.loads(seed_folder().joinpath("positions_quotes.json").read_text(encoding="utf-8"))
    expected = sorted(
        (entry["iso3"], q["speaker"], q["text"], q["date"], q["source_id"])
        for entry in data for q in entry["quotes"]
    )
    expected += [(r["iso3"], r["speaker"], r["text"], r["date"], r["source_id"])
                 for r in _csv("article_quotes.csv")]
    stored = [(q.iso3, q.speaker, q.text, q.date, q.source_id) for q in store.all(Quote)]
    assert sorted(stored) == sorted(expected)
    assert len(stored) == 77


def test_every_position(store):
    data = json.loads(seed_folder().joinpath("positions_quotes.json").read_text(encoding="utf-8"))
    expected = {e["iso3"]: (e["stance"], e["stance_summary"]) for e in data}
    stored = {p.iso3: (p.stance.value, p.summary) for p in store.all(Position)}
    assert stored == expected


def test_members_targets_events_and_leaders(store):
    assert [m.iso3 for m in store.members()] == [r["iso3"] for r in _csv("members.csv")]
    assert {t.id: t.value for t in store.targets()} == {r["id"]: float(r["value"]) for r in _csv("targets.csv")}
    assert {e.id: e.date for e in store.events()} == {r["id"]: r["date"] for r in _csv("events.csv")}
    assert len(store.leaders()) == len(_csv("leaders.csv"))
    assert store.meta["schema_version"] == SCHEMA_VERSION


def test_the_june_2024_edition_rests_on_natos_workbook(store):
    from nato_desk.domain import Edition, Measure

    edition = store.get(Edition, "2024-06")
    assert (edition.label, edition.released, edition.publisher, edition.base_year, edition.source_id) == (
        "June 2024", "2024-06-17", "NATO", "2015 prices", "NATO_DE2024")
    source = store.source("NATO_DE2024")
    assert (source.kind, source.cite_publisher, source.publisher, source.url) == (
        "primary_official", "NATO", "NATO Public Diplomacy Division", "")
    assert "240617-def-exp-2024-TABLES-en.xlsx" in source.cite_note
    june = store.observations(edition="2024-06")
    assert {o.measure for o in june} == set(Measure) - {
        Measure.CORE_PCT_GDP, Measure.RELATED_PCT_GDP, Measure.TOTAL_PCT_GDP}
    assert len({o.iso3 for o in june if o.measure is Measure.PCT_GDP}) == 31
    # Every shipped edition names its publisher.
    assert {e.publisher for e in store.editions()} == {"NATO"}


def test_iceland_has_no_defence_figure_and_germany_2025_stays_blank(store):
    from nato_desk.analysis.figures import ECONOMIC_MEASURES, has_defence_series

    iceland = store.observations(iso3="ISL")
    # NATO's June 2024 tables give Iceland's GDP, nothing else: no defence figure in any edition.
    assert len(iceland) == 33 and {o.measure for o in iceland} == ECONOMIC_MEASURES
    assert {o.edition for o in iceland} == {"2024-06"}
    assert not has_defence_series(iceland)
    assert has_defence_series(store.observations(iso3="LUX"))
    deu = [o for o in store.observations(iso3="DEU", edition="2025-08") if o.year == 2025]
    assert len(deu) == 1 and deu[0].value is None and "blank by design" in deu[0].note


# --- data/nato_2024_tables.csv against NATO's workbook, cell by cell ---------------

WORKBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "240617-def-exp-2024-TABLES-en.xlsx"
# measure -> (sheet, block label in column B; None: the sheet's one block). Written from
# looking at the workbook, independently of the reader.
BLOCKS = {
    "current_usd_m": ("TABLE2", "Current prices and exchange rates"),
    "constant_usd_m": ("TABLE2", "Constant 2015 prices and exchange rates"),
    "pct_gdp": ("TABLE3", "Share of real GDP (%)"),
    "real_change_pct": ("TABLE3", "Annual real change (%)"),
    "gdp_current_usd_m": ("TABLE5", "Current prices and exchange rates"),
    "gdp_constant_usd_m": ("TABLE5", "Constant 2015 prices and exchange rates"),
    "gdp_per_capita_usd_k": ("TABLE6", "GDP per capita (thousand US dollars)"),
    "per_capita_usd": ("TABLE6", "Defence expenditure per capita (US dollars)"),
    "personnel_k": ("TABLE7", None),
    "equipment_share": ("TABLE8a", "Equipment (a)"),
    "personnel_share": ("TABLE8a", "Personnel (b)"),
    "infrastructure_share": ("TABLE8b", "Infrastructure (c)"),
    "other_share": ("TABLE8b", "Other (d)"),
}
FORMAT_DECIMALS = {"#,##0": 0, "#,##0.0": 1, "#,##0.00": 2}


def _workbook_cells():
    """(iso3, year, measure) -> (value, decimals, estimate) for every visible ally cell."""
    import openpyxl

    names = {r["name"]: r["iso3"] for r in _csv("members.csv")} | {"Slovak Republic": "SVK"}
    wb = openpyxl.load_workbook(WORKBOOK, data_only=True)
    cells = {}
    for measure, (sheet, block) in BLOCKS.items():
        ws = wb[sheet]
        shifted = sheet == "TABLE7"  # one column further right
        header = 20 if shifted else 8
        label_col, block_col = (4, 3) if shifted else (3, 2)
        years = {c.column: str(c.value) for c in ws[header] if c.value is not None}
        current = None
        for row in ws.iter_rows(min_row=header + 1):
            block_cell = row[block_col - 1].value
            if isinstance(block_cell, str) and block_cell.strip() and not shifted:
                current = block_cell.strip()
            label = row[label_col - 1].value
            if not isinstance(label, str) or ws.row_dimensions[row[0].row].hidden:
                continue
            name = label.split("(")[0].replace("*", "").strip()
            if name not in names or (block is not None and current != block):
                continue
            for column, year in years.items():
                cell = row[column - 1]
                cells[(names[name], int(year[:4]), measure)] = (
                    cell.value, FORMAT_DECIMALS[cell.number_format], year.endswith("e"))
    return cells


def test_the_shipped_june_2024_figures_are_the_workbooks_cells():
    cells = _workbook_cells()
    shipped = {(r["iso3"], int(r["year"]), r["measure"]): (float(r["value"]), int(r["decimals"]),
                                                            r["estimate"] == "1")
               for r in _csv("nato_2024_tables.csv")}
    iceland = {key for key in cells if key[0] == "ISL"}
    assert iceland and {m for _, _, m in iceland} == {"gdp_current_usd_m", "gdp_constant_usd_m",
                                                      "gdp_per_capita_usd_k"}
    # Every visible ally cell of Tables 2, 3, 5, 6, 7, 8a and 8b, equal to the cell,
    # Iceland's GDP included: nothing of the workbook is left out.
    assert shipped == cells
    assert shipped[("POL", 2024, "pct_gdp")] == (4.120190989357147, 2, True)
    assert shipped[("ISL", 2024, "gdp_current_usd_m")] == cells[("ISL", 2024, "gdp_current_usd_m")]
    assert len(shipped) == 4466
