"""The real seed loads whole, with the counts and values the reference holds."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import TypeVar

import pytest

from nato_desk.domain import (
    Edition,
    Event,
    Leader,
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    Source,
    Status,
    Target,
)
from nato_desk.ingest import DERIVED_NOTE, load_article, load_seed, seed_folder


def _text(name: str) -> str:
    return seed_folder().joinpath(name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name), newline="")))


R = TypeVar("R")


def _of(seed: list[Record], kind: type[R]) -> list[R]:
    return [r for r in seed if isinstance(r, kind)]


def _obs(seed: list[Record], edition: str) -> dict[tuple[str, int], Observation]:
    return {(o.iso3, o.year): o for o in _of(seed, Observation) if o.edition == edition}


def test_members(seed: list[Record]) -> None:
    members = _of(seed, Member)
    assert len(members) == 32
    by_code = {m.iso3: m for m in members}
    assert by_code["ESP"].accession_year == 1982
    assert by_code["BEL"].eurozone is True
    assert by_code["POL"].eurozone is False


def test_sources_are_both_files(seed: list[Record]) -> None:
    expected = [r["source_id"] for r in _rows("sources.csv") + _rows("sources_added.csv")]
    sources = _of(seed, Source)
    assert [s.id for s in sources] == expected
    assert len(_rows("sources_added.csv")) == 3
    assert {"DEVDISCOURSE_20220224", "ARTICLE_HAGUE_SUMMIT", "NATO_DE2024"} <= {s.id for s in sources}


def test_sources_keep_dates_and_notes_as_published(seed: list[Record]) -> None:
    by_id = {s.id: s for s in _of(seed, Source)}
    for row in _rows("sources.csv"):
        source = by_id[row["source_id"]]
        assert (source.title, source.date, source.url, source.note) == (
            row["title"],
            row["date"],
            row["url"],
            row["notes"],
        )


def test_series_counts(seed: list[Record]) -> None:
    counts = Counter(o.edition for o in _of(seed, Observation))
    assert counts == {"2025-08": 366, "2026-07": 403, "2026-03": 30, "2024-06": 4466}
    assert len(_rows("nato_defence_expenditure.csv")) == 366
    aug = _obs(seed, "2025-08").values()
    assert sum(o.value is not None for o in aug) == 365


def test_measure_comes_from_the_edition(seed: list[Record]) -> None:
    editions = {e.id: e for e in _of(seed, Edition)}
    assert editions["2026-07"].measure is Measure.CORE_PCT_GDP
    for o in _of(seed, Observation):
        if o.edition != "2024-06":  # NATO's own workbook: every table's measure, named per row
            assert o.measure is editions[o.edition].measure
        assert o.id == f"{o.edition}/{o.iso3}/{o.measure.value}/{o.year}"
    assert {o.measure for o in _obs(seed, "2026-03").values()} == {Measure.PCT_GDP}
    assert {o.measure for o in _obs(seed, "2025-08").values()} == {Measure.PCT_GDP}


def test_spot_values(seed: list[Record]) -> None:
    pol = _obs(seed, "2025-08")[("POL", 2025)]
    assert (pol.value, pol.status, pol.decimals) == (4.48, Status.ESTIMATE, 2)
    assert pol.source_id == "DEFENCEUA_20250828"
    ltu = _obs(seed, "2026-07")[("LTU", 2026)]
    assert (ltu.value, ltu.status, ltu.decimals) == (5.33, Status.ESTIMATE, 2)
    esp = _obs(seed, "2026-07")[("ESP", 2025)]  # printed "2.00" in the file
    assert (esp.value, esp.status, esp.decimals) == (2.0, Status.ESTIMATE, 2)
    alb = _obs(seed, "2025-08")[("ALB", 2014)]
    assert (alb.value, alb.status) == (1.33, Status.ACTUAL)


def test_germany_2025_is_a_gap_with_a_reason(seed: list[Record]) -> None:
    deu = _obs(seed, "2025-08")[("DEU", 2025)]
    assert deu.value is None
    assert deu.decimals == 0
    assert deu.note.startswith("blank by design")
    # Later editions do have it; they are separate figures, not a fill-in.
    assert _obs(seed, "2026-03")[("DEU", 2025)].value == 2.4
    assert _obs(seed, "2026-07")[("DEU", 2025)].value == 2.22


def test_notes_are_verbatim(seed: list[Record]) -> None:
    rows = _rows("nato_defence_expenditure_2026_edition.csv")
    by_key = {(o.edition, o.iso3, o.year): o for o in _of(seed, Observation)}
    for row in rows:
        assert by_key[(row["edition"], row["iso3"], int(row["year"]))].note == row["note"]


def test_iceland_has_no_series(seed: list[Record]) -> None:
    assert "ISL" in {m.iso3 for m in _of(seed, Member)}
    iceland = [o for o in _of(seed, Observation) if o.iso3 == "ISL"]
    # Only the GDP NATO's June 2024 tables give (current, constant, per capita; 2014-2024).
    assert len(iceland) == 33 and {o.measure.value for o in iceland} == {
        "gdp_current_usd_m", "gdp_constant_usd_m", "gdp_per_capita_usd_k"}


def test_march_2026_is_one_decimal(seed: list[Record]) -> None:
    march = _obs(seed, "2026-03")
    assert {o.decimals for o in march.values()} == {1}
    assert ("HUN", 2025) not in march and ("CZE", 2025) not in march


def test_positions_and_quotes(seed: list[Record]) -> None:
    entries = json.loads(_text("positions_quotes.json"))
    positions = _of(seed, Position)
    quotes = _of(seed, Quote)
    assert len(positions) == len(entries) == 33
    json_quotes = sum(len(e["quotes"]) for e in entries)
    assert json_quotes == 74
    assert len(quotes) == json_quotes + len(_rows("article_quotes.csv")) == 77
    by_id = {q.id: q for q in quotes}
    assert by_id["NATO-01"].speaker == "Mark Rutte"
    assert by_id["ARTICLE-03"].iso3 == "USA"


def test_position_sources(seed: list[Record]) -> None:
    by_code = {p.iso3: p for p in _of(seed, Position)}
    mkd = by_code["MKD"]  # no quotes: sources given by the entry
    assert mkd.source_ids == ("REPUBLIKA_MK_20260303",)
    assert mkd.note == ""
    nato = by_code["NATO"]
    assert nato.id == "NATO-hague-2025"
    assert nato.note == DERIVED_NOTE
    nato_quotes = [q for q in _of(seed, Quote) if q.iso3 == "NATO" and q.id.startswith("NATO-")]
    assert nato.source_ids == tuple(dict.fromkeys(q.source_id for q in nato_quotes))
    assert len(set(nato.source_ids)) == len(nato.source_ids)


def test_non_english_quote_survives_byte_for_byte(seed: list[Record]) -> None:
    spanish = [q for q in _of(seed, Quote) if q.lang == "es"]
    assert len(spanish) == 1
    quote = spanish[0]
    expected = "No es razonable y sería contraproducente"
    assert quote.text.encode("utf-8") == expected.encode("utf-8")
    assert quote.text in _text("positions_quotes.json")
    assert quote.translation == ""
    assert "English: 'It is not reasonable and would be counterproductive'" in quote.note
    assert quote.id.startswith("ESP-")


def test_every_quote_is_verbatim_in_its_file(seed: list[Record]) -> None:
    raw = json.dumps(json.loads(_text("positions_quotes.json")), ensure_ascii=False)
    article_quotes = {r["id"]: r["text"] for r in _rows("article_quotes.csv")}
    for quote in _of(seed, Quote):
        if quote.id in article_quotes:
            assert quote.text == article_quotes[quote.id]
        else:
            assert json.dumps(quote.text, ensure_ascii=False) in raw


def test_article_quotes_occur_in_the_article(seed: list[Record]) -> None:
    article = _text("hague_summit_article.txt")
    cited = [q for q in _of(seed, Quote) if q.source_id == "ARTICLE_HAGUE_SUMMIT"]
    assert len(cited) == 3
    for quote in cited:
        assert quote.text in article


def test_every_leader(seed: list[Record]) -> None:
    rows = _rows("leaders.csv")
    leaders = _of(seed, Leader)
    assert [(l.name, l.iso3, l.role, l.start, l.end) for l in leaders] == [
        (r["name"], r["iso3"], r["role"], r["from"], r["to"]) for r in rows
    ]
    assert len({l.id for l in leaders}) == len(rows)
    rutte = leaders[0]
    assert rutte.id == "NATO/secretary_general/mark-rutte"
    assert rutte.aliases == ("Rutte", "Secretary General Rutte", "NATO chief Rutte")


def test_targets_and_events(seed: list[Record]) -> None:
    assert [t.id for t in _of(seed, Target)] == [r["id"] for r in _rows("targets.csv")]
    assert [e.id for e in _of(seed, Event)] == [r["id"] for r in _rows("events.csv")]
    assert [e.id for e in _of(seed, Edition)] == ["2025-08", "2026-03", "2026-07", "2024-06"]


def test_return_order_and_unique_ids(seed: list[Record]) -> None:
    order = [Source, Edition, Member, Target, Event, Observation, Position, Quote, Leader]
    kinds = [order.index(type(r)) for r in seed]
    assert kinds == sorted(kinds)
    assert len({r.id for r in seed}) == len(seed)


def test_loads_from_a_plain_path(seed_copy: Path, seed: list[Record]) -> None:
    assert load_seed(seed_copy) == seed


def test_default_folder_is_the_installed_one(seed: list[Record]) -> None:
    assert load_seed() == seed
    assert load_article().title.startswith("NATO Leaders Gear Up")


@pytest.mark.parametrize("name", ["members.csv", "leaders.csv", "sources.csv"])
def test_seed_files_are_utf8_without_bom(name: str) -> None:
    assert not _text(name).startswith("\ufeff")
