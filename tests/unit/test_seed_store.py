"""The first-run store holds exactly what data/ holds.

The expectations are read from the shipped files with the csv and json
modules directly, not through the importer, so a bug in the importer cannot
hide itself.
"""

from __future__ import annotations

import csv
import io
import json

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
        expected[("2025-08", row["iso3"], int(row["year"]))] = (row["pct_gdp"], row["estimate"], row["source_id"])
    for row in _csv("nato_defence_expenditure_2026_edition.csv"):
        expected[(row["edition"], row["iso3"], int(row["year"]))] = (row["pct_gdp"], row["estimate"], row["source_id"])
    stored = {}
    for o in store.all(Observation):
        text = "" if o.value is None else f"{o.value:.{o.decimals}f}"
        stored[(o.edition, o.iso3, o.year)] = (text, "1" if o.status.value == "estimate" else "0", o.source_id)
    assert stored == expected
    assert len(stored) == 366 + 433


CITE_COLUMNS = ("kind", "cite_publisher", "cite_title", "cite_url", "read_at_url", "via",
                "cite_confidence", "cite_note")


def test_every_source(store):
    rows = _csv("sources.csv") + _csv("sources_added.csv")
    expected = {r["source_id"]: (r["title"], r["publisher"], r["date"], r["url"], r["notes"],
                                 *(r[c] for c in CITE_COLUMNS)) for r in rows}
    stored = {s.id: (s.title, s.publisher, s.date, s.url, s.note,
                     *(getattr(s, c) for c in CITE_COLUMNS)) for s in store.all(Source)}
    assert stored == expected
    assert len(stored) == 154


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


def test_iceland_has_no_figure_and_germany_2025_stays_blank(store):
    assert store.observations(iso3="ISL") == []
    deu = [o for o in store.observations(iso3="DEU", edition="2025-08") if o.year == 2025]
    assert len(deu) == 1 and deu[0].value is None and "blank by design" in deu[0].note
