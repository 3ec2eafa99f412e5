"""File ▸ Import data…: the edition step, the diff review, one undoable apply — in the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog

from nato_desk.analysis import newest_edition
from nato_desk.domain import Edition, Measure, Source, Status
from nato_desk.ingest.tables import EditionProposal, ImportedFile, ImportedValue, sha256
from nato_desk.ingest.tables.diff import RowKind, diff_import
from nato_desk.store import Store
from nato_desk.ui.dialogs.import_dialog import ImportDialog
from nato_desk.ui.import_model import ImportColumn, ImportFilterProxy, ImportReviewModel
from nato_desk.ui.settings import Settings
from support.desk_window import show_desk_window

PCT = Measure.PCT_GDP
FIXTURES = Path(__file__).parent.parent / "fixtures"
JUNE = "2024-06-test"
SOURCE_2024 = Source("NATO_DE2024_TEST", "Defence Expenditure of NATO Countries (2014-2024)", "NATO",
                     "2024-06-17", "https://www.nato.int/cps/en/natohq/news_226465.htm")


def june_2024(extra: tuple[ImportedValue, ...] = ()) -> ImportedFile:
    """A small NATO June 2024 file: three allies, 2014-2024 (2023 and 2024 estimates), one equipment share."""
    values = []
    for iso3, base in (("POL", 1.88), ("ESP", 0.92), ("DEU", 1.19)):
        for year in range(2014, 2025):
            status = Status.ESTIMATE if year >= 2023 else Status.ACTUAL
            values.append(ImportedValue(iso3, year, PCT, round(base + 0.1 * (year - 2014), 2), 2, status,
                                        where=f"TABLE3!{year}"))
    values.append(ImportedValue("POL", 2024, Measure.EQUIPMENT_SHARE, 51.08, 2, Status.ESTIMATE))
    # Its own id and title: the shipped data may hold NATO's real June 2024 edition.
    proposal = EditionProposal(JUNE, "June 2024",
                               "Defence Expenditure of NATO Countries (2014-2024), test extract", "2024-06-17", "NATO", PCT, SOURCE_2024, base_year="2015 prices",
                               note="Figures for 2023 and 2024 are estimates.")
    raw = b"june 2024 tables"
    return ImportedFile("240617-def-exp-2024-TABLES-en.xlsx", sha256(raw), "nato-2024", proposal,
                        tuple(values) + extra, tables=("Table 3: share of GDP",))


@pytest.fixture
def open_desk(qtbot, tmp_path):
    settings_path = str(tmp_path / "settings.ini")

    def open_(on_store: Store) -> object:
        settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
        settings.set(Settings.USER_NAME, "analyst a")
        return show_desk_window(qtbot, on_store, settings, configure=False)

    return open_


@pytest.fixture
def window(open_desk, store):
    return open_desk(store)


def feed(monkeypatch, window, tmp_path, imported: ImportedFile, *steps) -> Path:
    """The next import reads ``imported`` (as if a reader had) from a real file; ``steps`` drive the dialog."""
    path = tmp_path / imported.name
    path.write_bytes(b"june 2024 tables")
    monkeypatch.setattr("nato_desk.ui.import_actions.read_table_path", lambda path: imported)
    drive(window, path, *steps)
    return path


def drive(window, path: Path, *steps) -> None:
    importer = window.desk.importer
    importer.choose_file = lambda caption, filters: str(path)
    queue = list(steps)

    def run(dialog: QDialog) -> int:
        dialog.show()
        for step in queue:
            step(dialog)
        return dialog.result()

    importer.exec_dialog = run


def click_next(dialog: ImportDialog) -> None:
    dialog.next_button.click()


def click_apply(dialog: ImportDialog) -> None:
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()


def shown_rows(dialog: ImportDialog) -> list:
    step = dialog.review_step
    return [step.model.row_at(r) for r in step.proxy.source_rows()]


def edition_items(window) -> list[str]:
    combo = window.edition_combo
    return [combo.itemText(i) for i in range(combo.count())]


# the review model ---------------------------------------------------------------


def _review_of_august_2025(store: Store) -> ImportReviewModel:
    """A file restating three of August 2025's figures: one the same, one revised, one new year."""
    edition = store.get(Edition, "2025-08")
    pol24 = next(o for o in store.observations(iso3="POL", edition="2025-08") if o.year == 2024)
    values = (ImportedValue("POL", 2024, PCT, pol24.value, pol24.decimals, pol24.status, pol24.note,
                            source_id=pol24.source_id),
              ImportedValue("ALB", 2025, PCT, 1.48, 2, Status.ACTUAL),
              ImportedValue("POL", 2026, PCT, 4.7, 2, Status.ESTIMATE))
    proposal = EditionProposal("2025-08", "August 2025", edition.title, "2025-08-28", "NATO", PCT,
                               store.source("NATO_DE2025"))
    imported = ImportedFile("restated.xlsx", "cd" * 32, "test", proposal, values)
    diff = diff_import(imported, edition, store.source("NATO_DE2025"), store.observations(edition="2025-08"),
                       edition_exists=True, source_exists=True)
    names = {m.iso3: m.name for m in store.members()}
    return ImportReviewModel(diff, names)


def test_review_model_and_its_filters_pass_the_model_tester(qtmodeltester, store):
    model = _review_of_august_2025(store)
    qtmodeltester.check(model)
    proxy = ImportFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_show_unchanged(True)
    qtmodeltester.check(proxy)


def test_review_cells_show_published_precision_and_what_accepting_a_removal_does(store):
    model = _review_of_august_2025(store)
    rows = {(r.iso3, r.year): i for i, r in enumerate(model.diff.rows)}
    alb = rows[("ALB", 2025)]
    cell = {col: model.index(alb, col).data() for col in ImportColumn}
    assert cell[ImportColumn.ALLY] == "Albania" and cell[ImportColumn.KIND] == "changed"
    assert cell[ImportColumn.CHANGE] == "estimate → actual"
    old = model.diff.rows[alb].old
    assert cell[ImportColumn.OLD] == f"{old.value:.{old.decimals}f} (est.)" and cell[ImportColumn.NEW] == "1.48"
    assert cell[ImportColumn.DIFFERENCE] == f"{1.48 - old.value:+.2f} pp"
    assert model.index(alb, ImportColumn.ACCEPT).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    removal = next(i for i, r in enumerate(model.diff.rows) if r.kind is RowKind.ONLY_IN_STORE)
    index = model.index(removal, ImportColumn.ACCEPT)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert "removes the stored figure" in index.data(Qt.ItemDataRole.ToolTipRole)
    unchanged = rows[("POL", 2024)]
    assert model.index(unchanged, ImportColumn.ACCEPT).data(Qt.ItemDataRole.CheckStateRole) is None
    assert [r.kind for r in model.accepted_rows()] == [RowKind.CHANGED, RowKind.NEW]


def test_filters_by_ally_kind_change_and_size(qtbot, store):
    from nato_desk.ui.dialogs.import_review import ReviewStep

    model = _review_of_august_2025(store)
    step = ReviewStep()
    qtbot.addWidget(step)
    names = {m.iso3: m.name for m in store.members()}
    imported = ImportedFile("restated.xlsx", "cd" * 32, "test", _proposal(store), ())
    step.set_diff(model.diff, imported, names)
    diff = model.diff
    kinds = [r.kind for r in (step.model.row_at(i) for i in step.proxy.source_rows())]
    assert RowKind.UNCHANGED not in kinds and len(kinds) == len(diff.rows) - 1
    assert step.counts.text() == (f"1 new · 1 changed · 1 unchanged · "
                                  f"{diff.count(RowKind.ONLY_IN_STORE)} only in the store")
    step.show_unchanged.setChecked(True)
    assert step.proxy.rowCount() == len(diff.rows)
    step.ally_filter.setCurrentIndex(step.ally_filter.findText("Poland"))
    shown = [step.model.row_at(i) for i in step.proxy.source_rows()]
    assert {r.iso3 for r in shown} == {"POL"} and len(shown) == len(store.observations(iso3="POL",
                                                                                        edition="2025-08")) + 1
    step.ally_filter.setCurrentIndex(0)
    step.kind_filter.setCurrentIndex(step.kind_filter.findText("new"))
    assert [(r.iso3, r.year) for r in (step.model.row_at(i) for i in step.proxy.source_rows())] == [("POL", 2026)]
    step.kind_filter.setCurrentIndex(0)
    step.change_filter.setCurrentIndex(step.change_filter.findText("estimate → actual"))
    assert [(r.iso3, r.year) for r in (step.model.row_at(i) for i in step.proxy.source_rows())] == [("ALB", 2025)]
    step.change_filter.setCurrentIndex(0)
    alb_delta = abs(next(r for r in diff.rows if r.iso3 == "ALB" and r.year == 2025).delta)
    step.min_difference.setValue(round(alb_delta, 2) - 0.01)
    assert [(r.iso3, r.year) for r in (step.model.row_at(i) for i in step.proxy.source_rows())] == [("ALB", 2025)]
    step.min_difference.setValue(round(alb_delta, 2) + 0.01)
    assert step.proxy.rowCount() == 0


def _proposal(store: Store) -> EditionProposal:
    return EditionProposal("2025-08", "August 2025", "T", "2025-08-28", "NATO", PCT, store.source("NATO_DE2025"))


# the window's import ------------------------------------------------------------------


def test_accept_all_applies_one_undoable_step_that_adds_the_edition(qtbot, window, store, monkeypatch,
                                                                     tmp_path):
    assert window.edition_combo.findData(JUNE) < 0
    seen = {}

    def look(dialog):
        seen["edition_mode_new"] = dialog.edition_step.new_radio.isChecked()
        click_next(dialog)
        seen["counts"] = dialog.review_step.counts.text()

    feed(monkeypatch, window, tmp_path, june_2024(), look, click_apply)
    before = store.counts()
    window.desk.importer.import_action.trigger()
    assert seen == {"edition_mode_new": True, "counts": "34 new · 0 changed · 0 unchanged · 0 only in the store"}
    june = store.get(Edition, JUNE)
    assert june is not None and june.label == "June 2024" and june.base_year == "2015 prices"
    assert june.note == "Figures for 2023 and 2024 are estimates."
    figures = store.observations(edition=JUNE)
    assert len(figures) == 34 and {o.source_id for o in figures} == {"NATO_DE2024_TEST"}
    pol = {(o.year, o.measure): o for o in figures if o.iso3 == "POL"}
    assert pol[(2024, PCT)].value == 2.88 and pol[(2024, PCT)].status is Status.ESTIMATE
    assert pol[(2024, Measure.EQUIPMENT_SHARE)].value == 51.08
    source = store.source("NATO_DE2024_TEST")
    assert source.kind == "primary_official" and source.cite_publisher == "NATO"
    combo = window.edition_combo
    assert combo.itemText(combo.findData(JUNE)).startswith("June 2024 — ")
    entry = store.history()[-1]
    assert entry.label == "Import NATO June 2024 tables"
    assert "240617-def-exp-2024-TABLES-en.xlsx" in entry.reason and june_2024().sha256 in entry.reason
    assert "34 rows taken" in entry.reason

    undo = window.desk.edit_actions.undo_action
    assert undo.text().replace("&", "") == "Undo Import NATO June 2024 tables"
    assert "June 2024" in window.statusBar().currentMessage()
    undo.trigger()
    assert store.get(Edition, JUNE) is None and store.observations(edition=JUNE) == []
    assert store.source("NATO_DE2024_TEST") is None
    assert store.counts() == before
    assert window.edition_combo.findData(JUNE) < 0


def test_undo_while_the_imported_edition_is_shown_returns_to_the_newest(qtbot, window, store, monkeypatch,
                                                                         tmp_path):
    feed(monkeypatch, window, tmp_path, june_2024(), click_next, click_apply)
    window.desk.importer.import_action.trigger()
    combo = window.edition_combo
    combo.setCurrentIndex(combo.findData(JUNE))
    window.member_list.select("POL")
    assert window.desk.member_model.edition == JUNE
    assert window.desk.chart_panel.chart.edition == JUNE
    window.desk.edit_actions.undo_action.trigger()
    newest = newest_edition(store.editions()).id
    assert combo.currentData() == newest and window.desk.member_model.edition == newest
    window.desk.edit_actions.redo_action.trigger()
    assert combo.findData(JUNE) >= 0 and len(store.observations(edition=JUNE)) == 34


def test_accept_one_ally_and_single_rows(qtbot, window, store, monkeypatch, tmp_path):
    def choose(dialog):
        click_next(dialog)
        step = dialog.review_step
        step.accept_none_button.click()
        assert not dialog.apply_button.isEnabled()
        assert step.status.text().startswith("Nothing accepted")
        step.ally_filter.setCurrentIndex(step.ally_filter.findText("Spain"))
        assert step.accept_ally_button.text() == "Accept Spain's rows"
        step.accept_ally_button.click()
        # and one German figure, by its checkbox
        step.ally_filter.setCurrentIndex(step.ally_filter.findText("Germany"))
        proxy_row = next(r for r in range(step.proxy.rowCount())
                         if step.proxy.index(r, ImportColumn.YEAR).data() == "2020")
        index = step.proxy.index(proxy_row, ImportColumn.ACCEPT)
        assert step.proxy.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        assert step.status.text().startswith("12 rows accepted")
        # Space on a selected row unticks it and ticks it again
        step.table.selectRow(proxy_row)
        step.table.setFocus()
        qtbot.keyClick(step.table, Qt.Key.Key_Space)
        assert step.status.text().startswith("11 rows accepted")
        qtbot.keyClick(step.table, Qt.Key.Key_Space)
        assert step.status.text().startswith("12 rows accepted")

    feed(monkeypatch, window, tmp_path, june_2024(), choose, click_apply)
    window.desk.importer.import_action.trigger()
    stored = store.observations(edition=JUNE)
    assert sorted({o.iso3 for o in stored}) == ["DEU", "ESP"]
    assert [o.year for o in stored if o.iso3 == "DEU"] == [2020] and len(stored) == 12
    assert "12 rows taken (12 new, 0 changed, 0 removed)" in store.history()[-1].reason


def test_reimporting_the_same_file_changes_nothing(qtbot, window, store, monkeypatch, tmp_path):
    feed(monkeypatch, window, tmp_path, june_2024(), click_next, click_apply)
    window.desk.importer.import_action.trigger()
    saved = store.path.read_bytes()
    entries = len(store.history())
    seen = {}

    def again(dialog):
        seen["existing"] = dialog.edition_step.existing_radio.isChecked()
        click_next(dialog)
        seen["status"] = dialog.review_step.status.text()
        seen["apply"] = dialog.apply_button.isEnabled()
        seen["rows"] = dialog.review_step.proxy.rowCount()
        assert not dialog.apply()
        dialog.reject()

    feed(monkeypatch, window, tmp_path, june_2024(), again)
    assert window.desk.importer.import_file() is False
    assert seen == {"existing": True, "status": "Nothing to change: every value is already stored.",
                    "apply": False, "rows": 0}
    assert store.path.read_bytes() == saved and len(store.history()) == entries
    assert window.desk.edit_actions.undo_action.text().replace("&", "") == "Undo Import NATO June 2024 tables"


def test_a_refused_file_is_explained_and_nothing_is_stored(qtbot, window, store, tmp_path):
    bad = tmp_path / "not really.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is no workbook")
    saved = store.path.read_bytes()
    drive(window, bad)
    window.desk.importer.import_action.trigger()
    box = window.desk.importer.last_warning
    assert box is not None and box.isVisible() and box.textFormat() == Qt.TextFormat.PlainText
    assert str(bad) in box.text() and "not really.xlsx" in box.text()
    assert "Nothing was stored" in box.text()
    assert window.desk.importer.last_dialog is None
    box.close()
    assert store.path.read_bytes() == saved


def test_the_edition_step_names_bad_fields_and_refuses_an_id_clash(qtbot, window, store, monkeypatch,
                                                                    tmp_path):
    seen = []

    def correct(dialog):
        step = dialog.edition_step
        step.new_radio.setChecked(True)
        step.released_edit.setText("June 2024")
        click_next(dialog)
        seen.append(dialog.error.text())
        step.released_edit.setText("2024-06-17")
        step.id_edit.setText("2025-08")  # August 2025's id, another title
        click_next(dialog)
        seen.append(dialog.error.text())
        step.id_edit.setText("")
        click_next(dialog)
        seen.append(dialog.error.text())
        step.id_edit.setText("2024-06b")
        step.label_edit.setText("June 2024 (workbook)")
        click_next(dialog)
        assert dialog.pages.currentIndex() == 1
        dialog.back_button.click()
        assert dialog.pages.currentIndex() == 0
        dialog.reject()

    feed(monkeypatch, window, tmp_path, june_2024(), correct)
    saved = store.path.read_bytes()
    window.desk.importer.import_action.trigger()
    assert seen[0].startswith("Release date does not parse") and "released" not in seen[0]
    assert seen[1].startswith("Edition id clash: “2025-08” is already the edition August 2025")
    assert seen[2] == "Edition id is empty."
    assert store.path.read_bytes() == saved and store.get(Edition, "2024-06b") is None
    assert "nothing was imported" in window.statusBar().currentMessage()


def test_a_file_into_another_publishers_edition_is_refused(qtbot, window, store, monkeypatch, tmp_path):
    seen = []

    def into_nato(dialog):
        dialog.edition_step.choose_existing("2025-08")
        click_next(dialog)
        seen.append(dialog.error.text())
        dialog.reject()

    file = june_2024()
    sipri = ImportedFile("sipri.xlsx", file.sha256, "sipri",
                         EditionProposal("sipri-2025", "SIPRI 2025", "SIPRI Military Expenditure Database",
                                         "2025-04", "SIPRI", PCT, Source("SIPRI_2025", "SIPRI Milex", "SIPRI")),
                         file.values)
    feed(monkeypatch, window, tmp_path, sipri, into_nato)
    window.desk.importer.import_action.trigger()
    assert "SIPRI's series" in seen[0] and "never mixed" in seen[0]


def test_import_is_first_in_the_file_menu_with_ctrl_i(window):
    action = window.desk.importer.import_action
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu.actions()[0] is action and action.text() == "&Import data…"
    assert action.shortcut().toString() == "Ctrl+I" and action.isEnabled()


def test_read_only_store_disables_import(qtbot, open_desk, store):
    second = Store.open(store.path)
    try:
        assert second.read_only
        window = open_desk(second)
        assert not window.desk.importer.import_action.isEnabled()
        assert window.desk.importer.import_file("/nonexistent.xlsx") is False
    finally:
        second.close()
    QApplication.processEvents()


# real files ---------------------------------------------------------------------------

ARTIFACTS = Path(__file__).parent.parent / "artifacts"
SIPRI = FIXTURES / "tables" / "SIPRI-Milex-data-1949-2024_2.xlsx"


def grab(dialog: QDialog, name: str) -> Path:
    dialog.resize(1280, 800)
    QApplication.processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / name
    assert dialog.grab().save(str(out))
    return out


@pytest.mark.skipif(not SIPRI.exists(), reason="SIPRI's workbook is not in tests/fixtures/tables")
def test_import_sipri_workbook_as_its_own_series_then_undo(qtbot, window, store):
    seen = {}

    def review(dialog):
        step = dialog.edition_step
        seen["mode"] = step.new_radio.isChecked()
        grab(dialog, "import_edition_sipri.png")
        click_next(dialog)
        seen["counts"] = dialog.review_step.counts.text()
        grab(dialog, "import_review_sipri.png")

    drive(window, SIPRI, review, click_apply)
    window.desk.importer.import_action.trigger()
    assert seen["mode"] and seen["counts"].endswith("0 changed · 0 unchanged · 0 only in the store")
    sipri = store.get(Edition, "sipri-2025")
    assert sipri is not None and sipri.publisher == "SIPRI"
    assert any(t.startswith("SIPRI 2025") for t in edition_items(window))
    assert store.observations(edition="sipri-2025") and all(
        o.edition == "sipri-2025" for o in store.observations(edition="sipri-2025"))
    window.desk.edit_actions.undo_action.trigger()
    assert store.get(Edition, "sipri-2025") is None and store.observations(edition="sipri-2025") == []


NATO_2024 = FIXTURES / "240617-def-exp-2024-TABLES-en.xlsx"


@pytest.fixture
def store_before_june_2024(tmp_path, seed_records):
    """The shipped data without the June 2024 edition (as a desk had it before that edition shipped)."""
    def kept(record) -> bool:
        return not ((isinstance(record, Edition) and record.id == "2024-06")
                    or getattr(record, "edition", None) == "2024-06")

    records = [r for r in seed_records if kept(r)]
    cited = {getattr(r, "source_id", "") for r in records}
    records = [r for r in records if not (isinstance(r, Source) and r.id == "NATO_DE2024" and r.id not in cited)]
    store = Store.open(tmp_path / "before.json", seed=lambda: records)
    yield store
    store.close()


@pytest.mark.skipif(not NATO_2024.exists(), reason="NATO's 2024 workbook is not in tests/fixtures")
def test_import_natos_june_2024_workbook_end_to_end(qtbot, open_desk, store_before_june_2024):
    """As a new user would: the workbook adds a June 2024 edition with its tables for 31 allies."""
    store = store_before_june_2024
    window = open_desk(store)
    assert window.edition_combo.findData("2024-06") < 0
    seen = {}

    def review(dialog):
        seen["new"] = dialog.edition_step.new_radio.isChecked()
        grab(dialog, "import_edition_nato2024.png")
        click_next(dialog)
        step = dialog.review_step
        seen["counts"] = step.counts.text()
        seen["tables"] = step.details.toPlainText()
        step.ally_filter.setCurrentIndex(step.ally_filter.findText("Poland"))
        seen["poland"] = step.proxy.rowCount()
        step.ally_filter.setCurrentIndex(0)
        grab(dialog, "import_review_nato2024.png")
        click_apply(dialog)

    drive(window, NATO_2024, review)
    window.desk.importer.import_action.trigger()
    combo = window.edition_combo
    assert combo.itemText(combo.findData("2024-06")).startswith("June 2024 — Defence Expenditure of NATO")
    lines = seen["tables"].splitlines()
    for table in ("Table 2 ", "Table 3 ", "Table 5 ", "Table 6 ", "Table 7 ", "Table 8a ", "Table 8b "):
        assert any(line.startswith(table) and "→" in line for line in lines)
    assert any(line.startswith("Left out: ") for line in lines)
    figures = store.observations(edition="2024-06")
    assert seen["new"] and seen["counts"] == f"{len(figures):,} new · 0 changed · 0 unchanged · 0 only in the store"
    spending = {o.iso3 for o in figures if o.measure is Measure.PCT_GDP}
    assert len(spending) == 31 and "ISL" not in spending  # Iceland: no armed forces (its GDP is published)
    assert seen["poland"] == len([o for o in figures if o.iso3 == "POL"])
    pol = {o.year: o for o in figures if o.iso3 == "POL" and o.measure is Measure.PCT_GDP}
    assert pol[2024].status is Status.ESTIMATE and pol[2014].status is Status.ACTUAL
    undo = window.desk.edit_actions.undo_action
    assert undo.text().replace("&", "") == "Undo Import NATO June 2024 tables"
    # Importing it again changes nothing.
    saved = store.path.read_bytes()
    again = {}

    def review_again(dialog):
        again["existing"] = dialog.edition_step.existing_radio.isChecked()
        click_next(dialog)
        again["status"] = dialog.review_step.status.text()
        again["apply"] = dialog.apply_button.isEnabled()
        dialog.reject()

    drive(window, NATO_2024, review_again)
    window.desk.importer.import_action.trigger()
    assert again == {"existing": True, "status": "Nothing to change: every value is already stored.",
                     "apply": False}
    assert store.path.read_bytes() == saved
    undo.trigger()
    assert combo.findData("2024-06") < 0 and store.observations(edition="2024-06") == []
