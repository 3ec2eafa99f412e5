"""Migrations (research/reliability.md 3.2, test T7), against frozen files of each older schema.

tests/fixtures/store_v*.json were written once by the nato_desk of that
schema and are never regenerated: they are what analysts' disks hold.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from store_samples import ESP_QUOTE, sample_records, write_changed_on_purpose

from nato_desk import __version__
from nato_desk.domain import CITE_FIELDS, Edition, Measure, Observation, Quote, Source, Target
from nato_desk.store import (
    SCHEMA_VERSION,
    Store,
    StoreMigrationError,
    list_backups,
    open_with_recovery,
)
from nato_desk.store import migrations as migrations_module
from nato_desk.store.backups import PREMIGRATE
from nato_desk.store.migrations import (
    MIGRATIONS,
    migrate,
    Shipped4,
    shipped_sources,
    shipped_v4,
    v1_to_v2,
    v2_to_v3,
    v3_to_v4,
)
from nato_desk.store.schema import read_contents

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
V1 = ["store_v1.json", "store_v1_no_history.json"]


def _fixture(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return doc


@pytest.fixture(params=V1)
def v1_path(request: pytest.FixtureRequest, store_path: Path) -> Path:
    store_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / request.param, store_path)
    return store_path


def test_every_older_schema_has_a_migration_and_a_frozen_fixture() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    for version in range(1, SCHEMA_VERSION):
        frozen = sorted(FIXTURES.glob(f"store_v{version}*.json"))
        assert frozen, f"no frozen fixture of schema {version}"
        for path in frozen:
            assert _fixture(path.name)["meta"]["1"]["schema_version"] == version


@pytest.mark.parametrize("name", V1)
def test_v1_migrates_to_a_valid_current_document(name: str) -> None:
    original = _fixture(name)
    frozen = json.dumps(original, sort_keys=True)
    migrated = migrate(original)
    assert json.dumps(original, sort_keys=True) == frozen  # pure: the input is untouched
    meta = migrated["meta"]["1"]
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["app_version"] is None and meta["written_at"] is None  # not known for a v1 file
    assert meta["created_at"] == original["meta"]["1"]["created_at"]
    assert migrated["history"] == original.get("history", {})
    contents = read_contents(Path(name), migrated)  # validates every record and reference
    # 3 -> 4 adds the shipped June 2024 edition (with its source) for the two members, and the
    # equipment target (with its source).
    june = sum(1 for o in shipped_v4().observations if o["iso3"] in ("ESP", "POL"))
    assert {kind: len(t) for kind, t in contents.tables.items() if t} == {
        "members": 2, "sources": 2 + 2, "observations": 4 + june, "positions": 1, "quotes": 1,
        "editions": 1, "targets": 1}
    # Idempotent: migrating again, or applying the step again, changes nothing.
    assert migrate(migrated) == migrated
    assert v1_to_v2(migrated) == migrated


def test_opening_a_v1_file_backs_it_up_migrates_and_writes_it(v1_path: Path) -> None:
    original = v1_path.read_bytes()
    with Store.open(v1_path) as store:
        assert store.schema_version == SCHEMA_VERSION and not store.read_only
        assert store.meta["app_version"] == __version__ and store.meta["written_at"].endswith("Z")
        quote = store.get(Quote, ESP_QUOTE.id)
        assert quote is not None and quote.text == ESP_QUOTE.text
        history = store.history()
    on_disk = json.loads(v1_path.read_text(encoding="utf-8"))
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert on_disk["meta"]["1"]["app_version"] == __version__
    assert "history" in on_disk
    if "history" in json.loads(original):
        assert [e.user for e in history] == ["ana"] and quote.role == "President of the Government"
    [premigrate] = [b for b in list_backups(v1_path) if b.kind == PREMIGRATE]
    assert premigrate.path.name.startswith("store.json-premigrate-v1-")
    assert premigrate.path.read_bytes() == original  # verified: the file exactly as it was
    assert premigrate.schema_version == 1
    # Opening the migrated store again migrates nothing and backs nothing up before migrating.
    with Store.open(v1_path) as again:
        assert again.schema_version == SCHEMA_VERSION
        assert [b for b in list_backups(v1_path) if b.kind == PREMIGRATE] == [premigrate]


def test_a_v1_file_opens_without_recovery_report(v1_path: Path) -> None:
    store, report = open_with_recovery(v1_path, seed=sample_records)
    store.close()
    assert report is None and store.schema_version == SCHEMA_VERSION


def test_a_read_only_open_migrates_in_memory_only(v1_path: Path) -> None:
    original = v1_path.read_bytes()
    with Store.open(v1_path, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION and len(store.members()) == 2
    assert v1_path.read_bytes() == original
    assert list_backups(v1_path) == []


def test_a_failing_migration_leaves_the_file_byte_identical(
    v1_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = v1_path.read_bytes()

    def broken(doc: dict[str, Any]) -> dict[str, Any]:
        raise KeyError("members")

    monkeypatch.setitem(MIGRATIONS, 1, broken)
    with pytest.raises(StoreMigrationError) as info:
        open_with_recovery(v1_path, seed=sample_records)
    message = str(info.value)
    assert message.startswith(f"{v1_path} was saved by an older nato_desk (schema 1)")
    assert "the update failed (KeyError: 'members'). The file was not changed." in message
    assert v1_path.read_bytes() == original
    assert list(v1_path.parent.glob("*.corrupt-*")) == []  # a failed migration is not damage
    monkeypatch.undo()
    with Store.open(v1_path) as store:  # the lock was let go; fixed code migrates it
        assert store.schema_version == SCHEMA_VERSION


def test_no_migration_without_its_backup(v1_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = v1_path.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrations_module, "write_backup", full)
    with pytest.raises(StoreMigrationError, match="could not be written: no space left on device. Nothing was"):
        Store.open(v1_path)
    assert v1_path.read_bytes() == original


def test_a_file_without_the_views_table_opens_with_no_saved_views(store_path: Path) -> None:
    """Saved views (issue 6) came without a schema bump: a missing table reads as empty."""
    from nato_desk.domain import SavedView

    store_path.parent.mkdir(parents=True)
    with Store.open(store_path, seed=sample_records) as store:
        assert store.schema_version == SCHEMA_VERSION
    doc = json.loads(store_path.read_text(encoding="utf-8"))
    doc.pop("views")  # as every schema-2 file written before saved views
    write_changed_on_purpose(store_path, doc)
    with Store.open(store_path) as store:
        assert store.all(SavedView) == []
        store.put_many([SavedView("v", "One", ("ESP",), "ranked", "2025-08", 2014, 2025)])
    with Store.open(store_path) as store:
        assert [v.name for v in store.all(SavedView)] == ["One"]


# --- schema 2 -> 3: the citation fields of every source ------------------------

V2 = "store_v2.json"


def test_v2_migrates_to_a_valid_current_document() -> None:
    original = _fixture(V2)
    frozen = json.dumps(original, sort_keys=True)
    migrated = migrate(original)
    assert json.dumps(original, sort_keys=True) == frozen  # pure: the input is untouched
    assert migrated["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert migrated["meta"]["1"]["app_version"] == original["meta"]["1"]["app_version"]
    assert migrated["history"] == original["history"]
    for table in ("members", "quotes"):
        assert migrated[table] == original[table]
    for table in ("observations", "editions"):  # 3 -> 4 adds to these, changing nothing there
        for key, before in original[table].items():
            assert {k: migrated[table][key][k] for k in before} == before
    contents = read_contents(Path(V2), migrated)  # validates every record and reference
    assert len(contents.tables["sources"]) == 6 + 2  # and NATO_DE2024, the equipment target's (3 -> 4)
    for doc in migrated["sources"].values():
        assert set(CITE_FIELDS) <= set(doc)
    # Nothing a schema-2 store held about a source changes.
    for key, before in original["sources"].items():
        assert {k: migrated["sources"][key][k] for k in before} == before
    assert migrate(migrated) == migrated
    assert v2_to_v3(migrated) == migrated


def _sources(doc: dict[str, Any]) -> dict[str, Source]:
    return {s.id: s for s in read_contents(Path(V2), migrate(doc)).tables["sources"].values()}


def test_v2_shipped_sources_get_the_shipped_citation() -> None:
    sources = _sources(_fixture(V2))
    shipped = shipped_sources()
    transcription = sources["GH_NATOANALYTICS_T3"]
    assert {name: getattr(transcription, name) for name in CITE_FIELDS} == {
        name: shipped["GH_NATOANALYTICS_T3"][name] for name in CITE_FIELDS}
    assert transcription.cite_publisher == "NATO"
    assert transcription.cite_title.startswith("Defence Expenditure of NATO Countries (2014-2025), Table 3")
    reuters = sources["REUTERS_SQUID_20250828"]
    assert (reuters.kind, reuters.cite_publisher, reuters.via) == (
        "press_copy", "Reuters", "copy on squidsite02.com")
    assert reuters.note == "Checked against the Reuters wire."  # the analyst's edit stays


def test_v2_an_analysts_edit_to_a_source_that_is_its_own_original_still_shows() -> None:
    ap = _sources(_fixture(V2))["AP_FICO_20250617"]
    shipped = shipped_sources()["AP_FICO_20250617"]
    assert ap.title == "Fico: Slovakia will not raise defence spending (AP)"  # ana's edit
    assert shipped["cite_title"] == shipped["title"] != ap.title
    # The shipped cite_title would hide her edit: it is left empty, so citations fall back to it.
    assert ap.cite_title == ""
    assert (ap.kind, ap.cite_publisher, ap.read_at_url) == (
        "press", shipped["cite_publisher"], shipped["read_at_url"])


def test_v2_a_source_the_analyst_added_is_cited_as_itself() -> None:
    mine = _sources(_fixture(V2))["ana-esp-mod-2026"]
    assert (mine.title, mine.publisher, mine.url) == (
        "Spain defence budget 2026 (press release)", "Ministerio de Defensa", "https://www.defensa.gob.es/")
    assert all(getattr(mine, name) == "" for name in CITE_FIELDS)


def test_v2_migration_uses_the_rows_it_is_given() -> None:
    row = {"source_id": "ana-esp-mod-2026", "title": "Spain defence budget 2026 (press release)",
           "publisher": "Ministerio de Defensa", "url": "https://www.defensa.gob.es/", "note": "",
           "kind": "primary_official", "cite_publisher": "Ministerio de Defensa",
           "cite_title": "Spain defence budget 2026 (press release)", "cite_url": "https://www.defensa.gob.es/",
           "read_at_url": "", "via": "", "cite_confidence": "stated", "cite_note": ""}
    migrated = v2_to_v3(_fixture(V2), {"ana-esp-mod-2026": row})
    [doc] = [d for d in migrated["sources"].values() if d["id"] == "ana-esp-mod-2026"]
    assert (doc["kind"], doc["cite_title"], doc["cite_url"]) == (
        "primary_official", "Spain defence budget 2026 (press release)", "https://www.defensa.gob.es/")
    [other] = [d for d in migrated["sources"].values() if d["id"] == "NATO_DE2025"]
    assert other["kind"] == "" and other["cite_publisher"] == ""  # not in the rows given


def test_opening_a_v2_file_backs_it_up_and_keeps_history(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / V2, store_path)
    original = store_path.read_bytes()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        source = store.get(Source, "GH_NATOANALYTICS_T3")
        assert source is not None and source.cite_publisher == "NATO"
        assert [e.user for e in store.history()] == ["ana", "ana", "ana"]
    [premigrate] = [b for b in list_backups(store_path) if b.kind == PREMIGRATE]
    assert premigrate.path.name.startswith("store.json-premigrate-v2-")
    assert premigrate.path.read_bytes() == original
    on_disk = json.loads(store_path.read_text(encoding="utf-8"))
    assert on_disk["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert all("cite_title" in doc for doc in on_disk["sources"].values())



# --- schema 3 -> 4: editions' publisher and base year; the June 2024 edition ---------

V3 = "store_v3.json"


def _tables(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {kind: {r.id: r for r in table.values()} for kind, table in read_contents(Path(V3), doc).tables.items()}


def test_v3_migrates_to_a_valid_current_document_with_the_june_2024_edition() -> None:
    original = _fixture(V3)
    frozen = json.dumps(original, sort_keys=True)
    migrated = migrate(original)
    assert json.dumps(original, sort_keys=True) == frozen  # pure: the input is untouched
    assert migrated["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert migrated["history"] == original["history"]
    assert migrated["members"] == original["members"]
    tables = _tables(migrated)  # validates every record and reference
    # The frozen editions predate the two fields; they read with the shipped values.
    assert "publisher" not in original["editions"]["1"]
    aug = tables["editions"]["2025-08"]
    assert (aug.publisher, aug.base_year) == ("NATO", "2021 prices")
    june = tables["editions"]["2024-06"]
    assert (june.label, june.released, june.publisher, june.base_year, june.source_id) == (
        "June 2024", "2024-06-17", "NATO", "2015 prices", "NATO_DE2024")
    assert tables["sources"]["NATO_DE2024"].cite_publisher == "NATO"
    target = tables["targets"]["EQUIPMENT_20PCT"]
    assert (target.measure, target.value) == (Measure.EQUIPMENT_SHARE, 20.0)
    assert target.source_id in tables["sources"]  # brought along: the v3 store lacked it
    figures = [o for o in tables["observations"].values() if o.edition == "2024-06"]
    # Every measure, 2014-2024, for the store's three allies (ESP, POL, SVK) and no other.
    assert {o.iso3 for o in figures} == {"ESP", "POL", "SVK"} and len(figures) == 3 * 13 * 11
    pol = tables["observations"]["2024-06/POL/pct_gdp/2024"]
    assert (pol.value, pol.decimals, pol.status.value) == (4.120190989357147, 2, "estimate")
    # The analyst's edit and source stay as they were.
    esp = tables["observations"]["2025-08/ESP/pct_gdp/2025"]
    assert esp.note == "Checked against La Moncloa's budget."
    assert tables["sources"]["ana-nato-2024"].title == "NATO June 2024 tables (my copy)"
    assert migrate(migrated) == migrated
    assert v3_to_v4(migrated) == migrated


def test_v3_with_iceland_gains_icelands_gdp_and_no_defence_figure() -> None:
    doc = _fixture(V3)
    doc["members"]["9"] = {"accession_year": 1949, "capital": "Reykjavík", "currency": "Icelandic króna (ISK)",
                           "eurozone": False, "id": "ISL", "iso3": "ISL", "name": "Iceland",
                           "notes": "no armed forces", "official_name": "Iceland", "region": "Nordic"}
    tables = _tables(migrate(doc))  # validates every record and reference
    iceland = [o for o in tables["observations"].values() if o.iso3 == "ISL"]
    # The whole June 2024 workbook comes along: Iceland's GDP (Tables 5 and 6), 2014-2024, and nothing else.
    assert len(iceland) == 3 * 11 and {o.measure for o in iceland} == {
        Measure.GDP_CURRENT_USD, Measure.GDP_CONSTANT_USD, Measure.GDP_PER_CAPITA}
    assert {o.edition for o in iceland} == {"2024-06"}


def test_v3_never_overwrites_what_the_analyst_holds() -> None:
    doc = _fixture(V3)
    # The analyst had imported a June 2024 edition of their own (one figure), and set the
    # equipment target to 25% under the shipped id.
    doc["editions"]["9"] = {"id": "2024-06", "label": "June 2024 (mine)", "title": "My extract",
                            "released": "2024-06", "measure": "pct_gdp", "source_id": "ana-nato-2024", "note": ""}
    doc["observations"]["9"] = {"id": "2024-06/POL/pct_gdp/2024", "iso3": "POL", "year": 2024,
                                "measure": "pct_gdp", "value": 4.1, "decimals": 1, "status": "estimate",
                                "edition": "2024-06", "source_id": "ana-nato-2024", "note": ""}
    doc["targets"]["9"] = {"id": "EQUIPMENT_20PCT", "label": "My equipment line", "measure": "equipment_share",
                           "value": 25.0, "by_year": 2030, "agreed": "", "source_id": "ana-nato-2024",
                           "kind": "at_least", "note": ""}
    tables = _tables(migrate(doc))
    mine = tables["editions"]["2024-06"]
    assert (mine.label, mine.title, mine.publisher, mine.base_year) == ("June 2024 (mine)", "My extract", "NATO", "")
    assert [o.id for o in tables["observations"].values() if o.edition == "2024-06"] == ["2024-06/POL/pct_gdp/2024"]
    assert tables["observations"]["2024-06/POL/pct_gdp/2024"].value == 4.1
    assert tables["targets"]["EQUIPMENT_20PCT"].value == 25.0
    assert "NATO_DE2024" in tables["sources"]  # new ids are still added


def test_v3_migration_uses_the_records_it_is_given() -> None:
    nothing = Shipped4(editions={}, sources={}, target=None, edition=None, observations=())
    migrated = v3_to_v4(_fixture(V3), nothing)
    tables = _tables(migrated)
    assert set(tables["editions"]) == {"2025-08"} and tables["editions"]["2025-08"].publisher == "NATO"
    assert tables["editions"]["2025-08"].base_year == ""
    assert len(tables["observations"]) == 4 and set(tables["targets"]) == {"WALES_2PCT"}


def test_opening_a_v3_file_backs_it_up_and_shows_the_june_2024_edition(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / V3, store_path)
    original = store_path.read_bytes()
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        edition = store.get(Edition, "2024-06")
        assert edition is not None and edition.base_year == "2015 prices"
        assert store.get(Target, "EQUIPMENT_20PCT") is not None
        poland = [o for o in store.observations(iso3="POL", edition="2024-06") if o.measure is Measure.EQUIPMENT_SHARE]
        assert len(poland) == 11
        assert [e.user for e in store.history()] == ["ana", "ana"]
        assert store.get(Observation, "2025-08/ESP/pct_gdp/2025").note == "Checked against La Moncloa's budget."
    [premigrate] = [b for b in list_backups(store_path) if b.kind == PREMIGRATE]
    assert premigrate.path.name.startswith("store.json-premigrate-v3-")
    assert premigrate.path.read_bytes() == original
