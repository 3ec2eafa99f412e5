"""``nato-desk extract FILE``: what the article review would propose, for a person or as one
JSON object; the leaders come from the user's store (or the shipped data); bad input is one
line and exit 2, with nothing read from the store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nato_desk.cli import main
from nato_desk.domain import Leader
from nato_desk.ingest import ARTICLE_FILE, seed_folder
from nato_desk.ingest.articles.model import ClaimProposal, Extraction, QuoteProposal
from nato_desk.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles_input"
SEED_ARTICLE = Path(str(seed_folder().joinpath(ARTICLE_FILE)))


@pytest.fixture(autouse=True)
def _as_a_temporary_user(user_home):
    """Every test here runs as a temporary user with no store yet (tests/unit/conftest.py)."""


@pytest.fixture
def db(seeded_store, tmp_path) -> Path:
    """A user's store with one leader the shipped data does not have."""
    path = tmp_path / "store" / "desk.json"
    path.parent.mkdir()
    shutil.copy2(seeded_store, path)
    with Store.open(path) as store:
        rutte = next(leader for leader in store.leaders() if leader.name == "Mark Rutte")
        store.put_many([Leader(id="anna-nowak", name="Anna Nowak", aliases=("Nowak",), iso3="POL",
                               role="defence_minister", start="2025-01", source_id=rutte.source_id)])
    return path


def _quote(text: str, speaker: str, role: str, iso3: str | None, paragraph: int, *,
           fragment: bool = False) -> QuoteProposal:
    return QuoteProposal(text=text, speaker=speaker, role=role, iso3=iso3, confidence=0.9, paragraph=paragraph,
                         start=10 * paragraph, end=10 * paragraph + len(text),
                         reason="after the quote: ', Rutte said'", fragment=fragment)


@pytest.fixture
def fake_extract(monkeypatch):
    """The extraction replaced by a fixed answer; records what it was given."""
    calls: list[tuple] = []

    def extract(article, leaders, members):
        calls.append((article, list(leaders), list(members)))
        quotes = (
            _quote("For too long, one ally, the United States, carried too much of the burden. That changes "
                   "today.", "Mark Rutte", "NATO Secretary General", "NATO", 2),
            _quote("dangerous moment", "Mark Rutte", "NATO Secretary General", "NATO", 5, fragment=True),
            _quote("We are spending this money", "the finance ministry", "", None, 3),
        )
        claims = (ClaimProposal(iso3="ESP", group=None, value=2.1, unit="% of GDP", measure="", year=2025,
                                kind="current", text="Spain's Economy Minister Carlos Cuerpo reaffirmed his "
                                "government's commitment to achieving 2.1% spending", paragraph=4, start=0, end=9,
                                reason="'Spain's' before the figure"),
                  ClaimProposal(iso3=None, group="NATO allies", value=5.0, unit="% of GDP", measure="total",
                                year=2035, kind="target", text="a target of 5% of their respective nations' "
                                "economies", paragraph=2, start=0, end=9))
        return Extraction(article=article, quotes=quotes, claims=claims)

    monkeypatch.setattr("nato_desk.cli_extract.extract_article", extract)
    return calls


def test_the_report_names_the_article_its_paragraphs_and_each_proposal(fake_extract, capsys):
    assert main(["extract", str(SEED_ARTICLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "NATO Leaders Gear Up for Historic Defense Spending Increase at The Hague Summit"
    assert out[1] == "(the file names no outlet, date or URL)"
    assert out[2] == "9 paragraphs (6 repeated, counted once)"
    assert "Quotes: 2 (1 fragment not shown; --fragments shows them)" in out
    assert "  1. Mark Rutte, NATO Secretary General \u2014 NATO, confidence 0.90, paragraph 3" in out
    assert ("     \u201cFor too long, one ally, the United States, carried too much of the burden. That changes "
            "today.\u201d") in out
    assert "     why: after the quote: ', Rutte said'" in out
    assert "  2. the finance ministry \u2014 no ally, confidence 0.90, paragraph 4" in out
    assert not any("dangerous moment" in line for line in out)
    assert "Claims: 2" in out
    assert "  1. ESP: 2.1% of GDP \u2014 2025, current, paragraph 5" in out
    assert "  2. NATO allies: 5% of GDP \u2014 total, 2035, target, paragraph 3" in out


def test_a_pages_outlet_date_and_url_head_the_report(fake_extract, capsys):
    assert main(["extract", str(FIXTURES / "courier_poland_budget.html")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["Poland sets record defence budget for 2026",
                       "The Example Courier \u00b7 2025-08-28 \u00b7 "
                       "https://www.example-courier.test/world/europe/poland-defence-budget-2026",
                       "7 paragraphs (0 repeated, counted once)"]


def test_fragments_are_listed_only_when_asked(fake_extract, capsys):
    assert main(["extract", str(SEED_ARTICLE), "--fragments"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Quotes: 3" in out
    assert "  2. Mark Rutte, NATO Secretary General \u2014 NATO, confidence 0.90, paragraph 6 (fragment)" in out


def test_json_is_exactly_one_object_of_quotes_and_claims(fake_extract, capsys):
    assert main(["extract", str(SEED_ARTICLE), "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)  # fails on anything printed around the object
    assert captured.out.count("\n") == 1
    assert set(report) == {"quotes", "claims"}
    assert [q["text"] for q in report["quotes"]] == [
        "For too long, one ally, the United States, carried too much of the burden. That changes today.",
        "We are spending this money"]
    assert report["quotes"][0] == {
        "text": report["quotes"][0]["text"], "speaker": "Mark Rutte", "role": "NATO Secretary General",
        "iso3": "NATO", "confidence": 0.9, "paragraph": 2, "start": 20, "end": 20 + len(report["quotes"][0]["text"])}
    assert report["quotes"][1]["iso3"] is None
    assert report["claims"][0] == {"iso3": "ESP", "group": None, "value": 2.1, "unit": "% of GDP", "measure": "",
                                   "year": 2025, "kind": "current", "text": report["claims"][0]["text"]}
    assert report["claims"][1]["group"] == "NATO allies"


def test_json_with_fragments_lists_them_too(fake_extract, capsys):
    assert main(["extract", str(SEED_ARTICLE), "--json", "--fragments"]) == 0
    assert [q["text"] for q in json.loads(capsys.readouterr().out)["quotes"]][1] == "dangerous moment"


def test_the_leaders_come_from_the_users_store_which_is_left_unchanged(fake_extract, db, capsys):
    before = db.read_bytes()
    assert main(["extract", str(SEED_ARTICLE), "--db", str(db), "--json"]) == 0
    article, leaders, members = fake_extract[0]
    assert "Anna Nowak" in {leader.name for leader in leaders}
    assert len(members) == 32 and "POL" in {m.iso3 for m in members}
    assert len(article.paragraphs) == 9
    assert "shipped data" not in capsys.readouterr().err
    assert db.read_bytes() == before


def test_without_a_store_the_shipped_leaders_are_used_and_nothing_is_created(fake_extract, user_home, capsys):
    assert main(["extract", str(SEED_ARTICLE)]) == 0
    _, leaders, members = fake_extract[0]
    names = {leader.name for leader in leaders}
    assert "Mark Rutte" in names and "Anna Nowak" not in names
    assert len(members) == 32
    assert "reads the shipped data (nothing is written)" in capsys.readouterr().err
    assert list(user_home.rglob("*")) == []


def test_a_db_path_with_no_store_is_refused(fake_extract, tmp_path, capsys):
    missing = tmp_path / "typo.json"
    assert main(["extract", str(SEED_ARTICLE), "--db", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"nato-desk extract: no store at {missing}.")
    assert fake_extract == [] and not missing.exists()


GERMAN = ("Die Bundesregierung hat am Mittwoch beschlossen, die Verteidigungsausgaben im kommenden Jahr deutlich "
          "zu erhöhen. Nach den Plänen des Finanzministers soll der Wehretat bis 2029 auf 3,5 Prozent der "
          "Wirtschaftsleistung steigen. Die Opposition kritisierte, dass die Mittel nicht ausreichend "
          "kontrolliert würden und die Schuldenbremse für die Bundeswehr gelockert werde.\n")


@pytest.mark.parametrize(("name", "raw", "problem"), [
    ("empty.txt", b"", "is empty: there is no article text to read"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "is a PDF file, not an article; save the article as text "
                                                 "(.txt) or the web page as HTML (.html), or paste its text"),
    ("blob.txt", b"text\x00\x01\x02", "contains NUL bytes (the first at byte 4), it is not a text file"),
    ("menu.html", b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
     "has no article text that could be found (only menus, links or notices); save the page once the "
     "article has loaded, or paste the article's text"),
    ("artikel.txt", GERMAN.encode(), "is in German; quotes and claims are read from English articles only "
                                     "(open an English version or translation)"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_else(fake_extract, tmp_path, capsys, name, raw, problem):
    path = tmp_path / name
    path.write_bytes(raw)
    assert main(["extract", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"nato-desk extract: {path}: {problem}. Nothing was stored.\n"
    assert fake_extract == []


def test_a_file_over_the_size_limit_is_refused(fake_extract, tmp_path, capsys):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Leaders met in The Hague. " * 100_000)
    assert main(["extract", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nato-desk extract: {path}: is 2,600,000 bytes, over the 2,097,152-byte limit")
    assert err.endswith("Nothing was stored.\n") and err.count("\n") == 1


def test_a_missing_file_is_named(fake_extract, tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    assert main(["extract", str(missing)]) == 2
    assert capsys.readouterr().err == (f"nato-desk extract: no file at {missing}. Give the path of a .txt "
                                       "article or a saved .html page.\n")


def test_the_help_names_the_options(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    out = capsys.readouterr().out
    assert "--json" in out and "--fragments" in out and "--db" in out


def test_the_quote_text_is_printed_verbatim(monkeypatch, capsys):
    """Brackets, ellipses and curly marks inside a quote reach the JSON untouched."""
    said = "We [the allies] will\u2026 deliver \u2018all of it\u2019"

    def extract(article, leaders, members):
        return Extraction(article=article, quotes=(_quote(said, "Rutte", "", "NATO", 0),), claims=())

    monkeypatch.setattr("nato_desk.cli_extract.extract_article", extract)
    assert main(["extract", str(SEED_ARTICLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["quotes"][0]["text"] == said


def test_the_seed_article_for_real_proposes_rutte_once_and_spains_figure(capsys):
    """The real extraction, no stand-in: the repeated paragraphs give each proposal once."""
    assert main(["extract", str(SEED_ARTICLE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    rutte = [q for q in report["quotes"] if "That changes today" in q["text"]]
    assert len(rutte) == 1
    assert (rutte[0]["speaker"], rutte[0]["iso3"]) == ("Mark Rutte", "NATO")
    assert rutte[0]["text"].startswith("For too long, one ally")
    assert len({q["text"] for q in report["quotes"]}) == len(report["quotes"])
    spain = [c for c in report["claims"] if c["iso3"] == "ESP"]
    assert [c["value"] for c in spain] == [2.1]
