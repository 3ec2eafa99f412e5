"""``nato-desk import``: the review on stdout (or one JSON object), applied as accept-all
in one history entry, a re-import changes nothing, and every refusal stores nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from nato_desk.cli import main
from nato_desk.export.csv_export import write_observations_csv
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SIPRI = FIXTURES / "tables" / "SIPRI-Milex-data-1949-2024_2.xlsx"
NATO_2024 = FIXTURES / "240617-def-exp-2024-TABLES-en.xlsx"
WORLD_BANK = FIXTURES / "tables" / "API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2.csv"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "desk.json"
    Store.open(path, seed=lambda: load_seed(seed_folder())).close()
    return path


@pytest.fixture
def db(seeded, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "xdg"))
    folder = tmp_path / "store"
    folder.mkdir()
    shutil.copy2(seeded, folder / "desk.json")
    return folder / "desk.json"


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_sipri_comes_in_as_its_own_edition_in_one_history_entry(db, capsys):
    assert main(["import", str(SIPRI), "--db", str(db), "--json"]) == 0
    report = _json(capsys)
    assert report["edition"] == "sipri-2025" and report["added"] > 1000
    assert report["changed"] == report["unchanged"] == report["removed"] == 0
    pol = next(c for c in report["changes"] if c["iso3"] == "POL" and c["year"] == 2024
               and c["measure"] == "pct_gdp")
    assert pol["old"] is None and isinstance(pol["new"], float) and 4.0 < pol["new"] < 4.3
    with Store.open(db, read_only=True) as store:
        edition = next(e for e in store.editions() if e.id == "sipri-2025")
        assert edition.publisher == "SIPRI"
        assert len(store.observations(edition="sipri-2025")) == report["added"]
        entry = store.history()[0]
        sha = hashlib.sha256(SIPRI.read_bytes()).hexdigest()
        assert entry.change.label == "Import SIPRI 2025 release tables"
        assert SIPRI.name in entry.reason and sha in entry.reason
        # NATO's editions are untouched: SIPRI is never spliced into them.
        assert all(o.source_id == edition.source_id for o in store.observations(edition="sipri-2025"))


def test_importing_the_same_file_again_changes_nothing(db, capsys):
    assert main(["import", str(SIPRI), "--db", str(db)]) == 0
    capsys.readouterr()
    before = db.read_bytes()
    assert main(["import", str(SIPRI), "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["added"] == report["changed"] == 0 and report["changes"] == []
    assert "Nothing to change" in captured.err
    assert db.read_bytes() == before


def test_dry_run_reports_and_writes_nothing(db, capsys):
    before = db.read_bytes()
    assert main(["import", str(WORLD_BANK), "--db", str(db), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "new \u00b7" in captured.out and "World Bank" in captured.out
    assert "Nothing written (--dry-run)" in captured.err
    assert db.read_bytes() == before


def test_an_edited_export_comes_back_as_one_changed_value(db, tmp_path, capsys):
    with Store.open(db, read_only=True) as store:
        figures = store.observations(edition="2025-08")
        write_observations_csv(tmp_path / "export.csv", figures, store.sources())
    text = (tmp_path / "export.csv").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith('"POL",2020,'))
    assert ',"2.21",' in lines[row]
    lines[row] = lines[row].replace(',"2.21",', ',"2.30",', 1)
    (tmp_path / "edited.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "export.csv"), "--db", str(db), "--json"]) == 0
    assert _json(capsys)["changes"] == []  # the unchanged export: nothing to do
    assert main(["import", str(tmp_path / "edited.csv"), "--db", str(db), "--json"]) == 0
    report = _json(capsys)
    assert report["changes"] == [{"iso3": "POL", "year": 2020, "measure": "pct_gdp", "old": 2.21, "new": 2.3,
                                  "kind": "changed", "class": "revised actual"}]
    with Store.open(db, read_only=True) as store:
        assert next(o for o in store.observations(iso3="POL", edition="2025-08") if o.year == 2020).value == 2.3


@pytest.mark.parametrize(("args", "words"), [
    (["import", "missing.xlsx"], "no file at"),
    (["import", "__DB__"], "in no layout nato_desk knows"),
])
def test_refusals_name_the_problem_and_store_nothing(db, capsys, args, words):
    before = db.read_bytes()
    args = [str(db) if a == "__DB__" else a for a in args] + ["--db", str(db)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("nato-desk import: ") and words in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_a_missing_store_is_refused_unless_reviewing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "xdg"))
    assert main(["import", str(WORLD_BANK), "--db", str(tmp_path / "none.json")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert main(["import", str(WORLD_BANK), "--dry-run"]) == 0  # against the shipped data
    assert not (tmp_path / "home" / "xdg").exists()


def test_a_store_open_in_a_window_is_not_written(db, capsys):
    with Store.open(db):  # holds the lock, as the window does
        before = db.read_bytes()
        assert main(["import", str(WORLD_BANK), "--db", str(db)]) == 2
    assert "a nato_desk window has it open" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_nato_2024_workbook_matches_the_shipped_edition(db, capsys):
    assert main(["import", str(NATO_2024), "--db", str(db), "--dry-run", "--json"]) == 0
    report = _json(capsys)
    assert report["edition"] == "2024-06"
    # The shipped edition is the whole workbook: importing it again is a true no-op.
    assert report["added"] == report["changed"] == report["removed"] == 0
    assert report["unchanged"] == 4466 and report["changes"] == []
