"""Hostile and malformed inputs are refused with file, place and field named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nato_desk.domain import Edition, Measure
from nato_desk.ingest import (
    ImportRejected,
    Origins,
    load_seed,
    parse_editions,
    parse_expenditure,
    parse_leaders,
    parse_members,
    parse_positions,
    parse_quotes,
    parse_sources,
    parse_targets,
    slug,
)

EDITIONS = {
    "2025-08": Edition("2025-08", "August 2025", "T", "2025-08-28", Measure.PCT_GDP, "S"),
    "2026-07": Edition("2026-07", "July 2026", "T", "2026-07-10", Measure.CORE_PCT_GDP, "S"),
}
EXP_HEADER = "iso3,country,year,pct_gdp,estimate,source_id,note\n"
MEMBERS_HEADER = "iso3,name,official_name,accession_year,region,capital,currency,eurozone,notes\n"
SOURCES_HEADER = "source_id,title,publisher,date,url,notes\n"


def _exp(body: str, name: str = "exp.csv") -> None:
    parse_expenditure(EXP_HEADER + body, name, EDITIONS, default_edition="2025-08")


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "iso3": "ESP",
        "stance": "opposes_or_exempted",
        "stance_summary": "Spain.",
        "quotes": [
            {"speaker": "S", "role": "PM", "text": "Hola", "date": "2025-06", "source_id": "X"}
        ],
    }
    entry.update(changes)
    return entry


# --- CSV structure -----------------------------------------------------------


def test_missing_column() -> None:
    text = "iso3,name,official_name,accession_year,region,capital,currency,notes\n"
    with pytest.raises(ImportRejected) as info:
        parse_members(text, "members.csv")
    assert str(info.value) == "members.csv line 1: eurozone column is missing from the header"
    assert info.value.field == "eurozone"


def test_unknown_column_is_not_dropped_silently() -> None:
    with pytest.raises(ImportRejected, match=r"sources.csv line 1: extra column is not one"):
        parse_sources(SOURCES_HEADER.strip() + ",extra\n", "sources.csv")


def test_duplicate_column() -> None:
    with pytest.raises(ImportRejected, match=r"s.csv line 1: title column appears twice"):
        parse_sources("source_id,title,title,publisher,date,url,notes\n", "s.csv")


def test_too_few_fields() -> None:
    text = MEMBERS_HEADER + "ALB,Albania,Republic of Albania,2009,SEE,Tirana,ALL,0,\nBEL,Belgium\n"
    with pytest.raises(ImportRejected) as info:
        parse_members(text, "members.csv")
    assert str(info.value).startswith("members.csv line 3: official_name is missing")
    assert "2 fields, the header 9" in str(info.value)


def test_too_many_fields() -> None:
    with pytest.raises(ImportRejected, match=r"^exp.csv line 2: the row has 8 fields"):
        _exp("POL,Poland,2025,4.48,1,S,,extra\n")


def test_line_numbers_count_physical_lines() -> None:
    body = 'POL,Poland,2024,3.79,1,S,"a note\nover two lines"\nPOL,Poland,2025,x,1,S,\n'
    with pytest.raises(ImportRejected, match=r"^exp.csv line 4: pct_gdp 'x' is not a number"):
        _exp(body)


def test_bad_quoting() -> None:
    with pytest.raises(ImportRejected, match=r"^s.csv line 2: is not valid CSV"):
        parse_sources(SOURCES_HEADER + 'A,"unterminated,P,2025,,\n', "s.csv")


def test_empty_file() -> None:
    with pytest.raises(ImportRejected, match=r"^s.csv line 1: has no header row"):
        parse_sources("", "s.csv")


def test_text_is_not_stripped() -> None:
    text = "id,iso3,speaker,role,text,date,source_id,lang,note\n" 'Q-1,NATO,R,SG," spaced  ",,S,,\n'
    (quote,) = parse_quotes(text, "q.csv")
    assert quote.text == " spaced  "
    assert quote.lang == "en"


# --- cells -------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["abc", "-1", "4,48", "1e2", "nan", " 4.48", "\u0664.48"])
def test_non_numeric_value(cell: str) -> None:
    with pytest.raises(ImportRejected) as info:
        _exp(f'POL,Poland,2025,"{cell}",1,S,\n')
    assert str(info.value).startswith(f"exp.csv line 2: pct_gdp '{cell}' is not a number")
    assert (info.value.file, info.value.where, info.value.field) == ("exp.csv", "line 2", "pct_gdp")


def test_value_150() -> None:
    with pytest.raises(ImportRejected) as info:
        _exp("POL,Poland,2024,3.79,0,S,\nPOL,Poland,2025,150,1,S,\n")
    message = str(info.value)
    assert message.startswith("exp.csv line 3 (Observation POL 2025 (2025-08)): pct_gdp ")
    assert "outside 0-100" in message


def test_blank_value_needs_a_note() -> None:
    with pytest.raises(ImportRejected, match=r"^exp.csv line 2 .*: note must explain"):
        _exp("DEU,Germany,2025,,1,S,\n")


def test_decimals_as_printed() -> None:
    rows = parse_expenditure(
        EXP_HEADER
        + "AAA,a,2020,2,0,S,\nBBB,b,2020,2.0,0,S,\nCCC,c,2020,2.00,0,S,\nDDD,d,2020,,0,S,gap\n",
        "exp.csv",
        EDITIONS,
        default_edition="2025-08",
    )
    assert [(o.value, o.decimals) for o in rows] == [(2.0, 0), (2.0, 1), (2.0, 2), (None, 0)]


@pytest.mark.parametrize("cell", ["2", "yes", ""])
def test_estimate_flag(cell: str) -> None:
    with pytest.raises(ImportRejected, match=rf"^exp.csv line 2: estimate '{cell}' is not 0 or 1"):
        _exp(f"POL,Poland,2025,4.48,{cell},S,\n")


def test_year_not_a_number() -> None:
    with pytest.raises(ImportRejected, match=r"^exp.csv line 2: year '2025e' is not a whole"):
        _exp("POL,Poland,2025e,4.48,1,S,\n")


def test_bad_source_date() -> None:
    text = SOURCES_HEADER + "A,T,P,2025,,\nB,T,P,2025-13,,\n"
    with pytest.raises(ImportRejected) as info:
        parse_sources(text, "sources.csv")
    assert str(info.value).startswith("sources.csv line 3: date '2025-13' does not parse")


def test_empty_title_wraps_the_domain_error() -> None:
    with pytest.raises(ImportRejected, match=r"^s.csv line 2 \(Source A\): title is empty"):
        parse_sources(SOURCES_HEADER + "A,,P,2025,,\n", "s.csv")


def test_unknown_measure_in_editions() -> None:
    text = "id,label,title,released,measure,source_id,note\n2027-01,L,T,2027-01,usd,S,\n"
    with pytest.raises(ImportRejected, match=r"^e.csv line 2: measure 'usd' is not one of"):
        parse_editions(text, "e.csv")


def test_target_kind() -> None:
    text = (
        "id,label,measure,value,by_year,agreed,kind,source_id,note\n"
        "T,L,pct_gdp,2.0,2024,Wales,about,S,\n"
    )
    with pytest.raises(ImportRejected, match=r"^t.csv line 2: kind 'about'"):
        parse_targets(text, "t.csv")


def test_eurozone_flag() -> None:
    text = MEMBERS_HEADER + "ALB,Albania,Republic of Albania,2009,SEE,Tirana,ALL,yes,\n"
    with pytest.raises(ImportRejected, match=r"^members.csv line 2: eurozone 'yes'"):
        parse_members(text, "members.csv")


# --- editions and duplicates --------------------------------------------------


def test_unknown_edition() -> None:
    text = EXP_HEADER.strip() + ",edition\nPOL,Poland,2025,4.25,1,S,,2099-01\n"
    with pytest.raises(ImportRejected, match=r"^e26.csv line 2: edition '2099-01' is not a known"):
        parse_expenditure(text, "e26.csv", EDITIONS)


def test_edition_column_or_default_required() -> None:
    with pytest.raises(ImportRejected, match=r"^e.csv line 1: edition column is missing"):
        parse_expenditure(EXP_HEADER, "e.csv", EDITIONS)


def test_duplicate_observation_names_both_lines() -> None:
    body = "POL,Poland,2024,3.79,1,S,\nPOL,Poland,2025,4.48,1,S,\nPOL,Poland,2025,4.50,1,S,\n"
    with pytest.raises(ImportRejected) as info:
        _exp(body)
    message = str(info.value)
    assert message.startswith("exp.csv line 4")
    assert "id '2025-08/POL/pct_gdp/2025' repeats line 3" in message


def test_same_row_in_two_editions_is_not_a_duplicate() -> None:
    text = (
        EXP_HEADER.strip()
        + ",edition\nPOL,P,2025,4.25,1,S,,2026-07\nPOL,P,2025,4.48,1,S,,2025-08\n"
    )
    rows = parse_expenditure(text, "e.csv", EDITIONS)
    assert [o.id for o in rows] == ["2026-07/POL/core_pct_gdp/2025", "2025-08/POL/pct_gdp/2025"]


def test_duplicate_across_files_names_the_other_file() -> None:
    origins = Origins()
    parse_sources(SOURCES_HEADER + "A,T,P,2025,,\n", "sources.csv", origins=origins)
    with pytest.raises(ImportRejected) as info:
        parse_sources(SOURCES_HEADER + "B,T,P,,,\nA,T2,P,,,\n", "added.csv", origins=origins)
    assert str(info.value).startswith("added.csv line 3")
    assert "'A' repeats sources.csv line 2" in str(info.value)


# --- leaders ------------------------------------------------------------------

LEADERS_HEADER = "name,aliases,iso3,role,from,to,source_id\n"


def test_leader_ids_made_unique() -> None:
    text = (
        LEADERS_HEADER
        + "Ana Ørsted,,DNK,pm,2020,2021,\nAna Ørsted,Ana|Ørsted,DNK,pm,2023,,\n"
    )
    first, second = parse_leaders(text, "l.csv")
    assert (first.id, second.id) == ("DNK/pm/ana-orsted", "DNK/pm/ana-orsted-2")
    assert second.aliases == ("Ana", "Ørsted")
    assert (first.start, first.end) == ("2020", "2021")


def test_slug() -> None:
    assert slug("Władysław Kosiniak-Kamysz") == "wladyslaw-kosiniak-kamysz"
    assert slug("Þorgerður Katrín Gunnarsdóttir") == "thorgerdur-katrin-gunnarsdottir"
    assert slug("Tore O. Sandvik") == "tore-o-sandvik"


def test_leader_term_backwards() -> None:
    with pytest.raises(ImportRejected, match=r"^l.csv line 2: to '2020' is before from '2021-05'"):
        parse_leaders(LEADERS_HEADER + "A B,,DNK,pm,2021-05,2020,\n", "l.csv")


def test_leader_empty_alias() -> None:
    with pytest.raises(ImportRejected, match=r"^l.csv line 2: aliases 'A\|\|B'"):
        parse_leaders(LEADERS_HEADER + "A B,A||B,DNK,pm,,,\n", "l.csv")


# --- positions_quotes.json ----------------------------------------------------


def _positions(data: object) -> None:
    parse_positions(json.dumps(data), "pq.json")


def test_json_not_a_list() -> None:
    with pytest.raises(ImportRejected, match=r"^pq.json \$: must be a list of entries, not an obj"):
        _positions({"iso3": "ESP"})


def test_json_syntax_error_names_the_line() -> None:
    with pytest.raises(ImportRejected, match=r"^pq.json line 3: is not valid JSON"):
        parse_positions('[\n  {"iso3": "ESP",\n  }\n]', "pq.json")


def test_entry_missing_stance() -> None:
    entry = _entry()
    del entry["stance"]
    with pytest.raises(ImportRejected) as info:
        _positions([_entry(iso3="PRT"), entry])
    assert str(info.value) == "pq.json $[1]: stance is missing"
    assert info.value.field == "stance"


def test_unknown_stance() -> None:
    with pytest.raises(ImportRejected, match=r"^pq.json \$\[0\]: stance 'maybe' is not one of"):
        _positions([_entry(stance="maybe")])


def test_quote_with_empty_text() -> None:
    entry = _entry(
        quotes=[
            {"speaker": "S", "role": "PM", "text": "Hola", "date": "", "source_id": "X"},
            {"speaker": "S", "role": "PM", "text": "  ", "date": "", "source_id": "X"},
        ]
    )
    with pytest.raises(ImportRejected) as info:
        _positions([entry])
    assert str(info.value) == "pq.json $[0].quotes[1] (Quote ESP-02): text is empty"


def test_quote_text_not_a_string() -> None:
    entry = _entry(quotes=[{"speaker": "S", "role": "", "text": 5, "date": "", "source_id": "X"}])
    with pytest.raises(ImportRejected, match=r"^pq.json \$\[0\].quotes\[0\]: text must be text"):
        _positions([entry])


def test_unknown_key() -> None:
    with pytest.raises(ImportRejected, match=r"^pq.json \$\[0\]: stance_date is not a key"):
        _positions([_entry(stance_date="2025")])


def test_position_without_any_source() -> None:
    with pytest.raises(ImportRejected) as info:
        _positions([_entry(quotes=[])])
    assert str(info.value).startswith("pq.json $[0] (Position ESP): quotes is empty")


def test_empty_stance_source_ids() -> None:
    with pytest.raises(ImportRejected, match=r"^pq.json \$\[0\]: stance_source_ids is empty"):
        _positions([_entry(quotes=[], stance_source_ids=[])])


def test_duplicate_entry() -> None:
    pattern = r"^pq.json \$\[1\].quotes\[0\] .*repeats \$\[0\].quotes\[0\]"
    with pytest.raises(ImportRejected, match=pattern):
        _positions([_entry(), _entry()])


def test_quote_numbering_and_defaults() -> None:
    quotes = [
        {"speaker": "S", "role": "PM", "text": f"t{i}", "date": "", "source_id": s}
        for i, s in enumerate(["B", "A", "B"])
    ]
    quotes[1]["lang"] = "es"
    (position,), parsed = parse_positions(json.dumps([_entry(quotes=quotes)]), "pq.json")
    assert [q.id for q in parsed] == ["ESP-01", "ESP-02", "ESP-03"]
    assert [q.lang for q in parsed] == ["en", "es", "en"]
    assert position.source_ids == ("B", "A")
    assert position.id == "ESP-hague-2025"


# --- whole seed: references ------------------------------------------------------


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def test_unknown_source_id_in_the_series(seed_copy: Path) -> None:
    _edit(
        seed_copy,
        "nato_defence_expenditure.csv",
        "ALB,Albania,2015,1.15,0,GH_NATOANALYTICS_T3",
        "ALB,Albania,2015,1.15,0,NO_SUCH_SOURCE",
    )
    with pytest.raises(ImportRejected) as info:
        load_seed(seed_copy)
    message = str(info.value)
    assert message.startswith(
        "nato_defence_expenditure.csv line 3 (Observation ALB 2015 (2025-08))"
    )
    assert "source_id 'NO_SUCH_SOURCE' is not a known source" in message


def test_unknown_source_id_in_a_quote(seed_copy: Path) -> None:
    _edit(seed_copy, "positions_quotes.json", '"BBC_BIGWIN_20250625"', '"NOPE"')
    pattern = r"^positions_quotes.json \$\[0\].quotes\[0\] .*source_id 'NOPE'"
    with pytest.raises(ImportRejected, match=pattern):
        load_seed(seed_copy)


def test_observation_for_a_non_member(seed_copy: Path) -> None:
    _edit(seed_copy, "nato_defence_expenditure.csv", "ALB,Albania,2014,", "UKR,Ukraine,2014,")
    pattern = r"^nato_defence_expenditure.csv line 2 .*iso3 'UKR' is not a member"
    with pytest.raises(ImportRejected, match=pattern):
        load_seed(seed_copy)


def test_duplicate_source_across_files(seed_copy: Path) -> None:
    _edit(seed_copy, "sources_added.csv", "DEVDISCOURSE_20220224,", "NATO_DE2025,")
    pattern = r"^sources_added.csv line 2 .*'NATO_DE2025' repeats sources.csv line 2"
    with pytest.raises(ImportRejected, match=pattern):
        load_seed(seed_copy)


def test_missing_file(seed_copy: Path) -> None:
    (seed_copy / "leaders.csv").unlink()
    with pytest.raises(ImportRejected, match=r"^leaders.csv: is missing from the seed folder"):
        load_seed(seed_copy)


def test_file_not_utf8(seed_copy: Path) -> None:
    (seed_copy / "events.csv").write_bytes("id,date\n\xe9".encode("latin-1"))
    with pytest.raises(ImportRejected, match=r"^events.csv byte 8: is not UTF-8"):
        load_seed(seed_copy)


def test_too_many_decimals() -> None:
    with pytest.raises(ImportRejected, match=r"^exp.csv line 2 .*: pct_gdp decimals 6 is outside"):
        _exp("POL,Poland,2025,4.123456,1,S,\n")


# --- sources: the citation columns ---------------------------------------------

CITE_HEADER = ("source_id,title,publisher,date,url,notes,kind,cite_publisher,cite_title,cite_url,"
               "read_at_url,via,cite_confidence,cite_note\n")


def test_old_six_column_sources_still_import_and_cite_themselves() -> None:
    (source,) = parse_sources(SOURCES_HEADER + "S,Title,Pub,2025,https://x.org/a,n\n", "old.csv")
    assert (source.title, source.publisher, source.url, source.note) == (
        "Title", "Pub", "https://x.org/a", "n")
    assert (source.kind, source.cite_publisher, source.cite_title, source.cite_url,
            source.read_at_url, source.via, source.cite_confidence, source.cite_note) == ("",) * 8


def test_citation_columns_are_read() -> None:
    text = CITE_HEADER + ("S,Copy title,Mirror,2025,https://mirror.example/a,n,press_copy,Reuters,"
                          "Title,,https://mirror.example/a,copy on mirror.example,stated,why\n")
    (source,) = parse_sources(text, "sources.csv")
    assert (source.kind, source.cite_publisher, source.cite_title, source.cite_url,
            source.read_at_url, source.via, source.cite_confidence, source.cite_note) == (
        "press_copy", "Reuters", "Title", "", "https://mirror.example/a", "copy on mirror.example",
        "stated", "why")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("wire,,,,,,,", "sources.csv line 2 (Source S): kind 'wire' is not one of primary_official, press, "
                        "press_copy, transcription, aggregator, other"),
        ("press,,,,,,sure,", "sources.csv line 2 (Source S): cite_confidence 'sure' is not one of stated, "
                             "confirmed, inferred, none"),
        ("press,,,javascript:alert(1),,,,", "sources.csv line 2 (Source S): cite_url 'javascript:alert(1)' is "
                                            "not an http(s) address"),
        ("press,,,,file:///etc/passwd,,,", "sources.csv line 2 (Source S): read_at_url 'file:///etc/passwd' is "
                                           "not an http(s) address"),
    ],
)
def test_bad_citation_cells_are_refused_naming_the_column(cells: str, message: str) -> None:
    with pytest.raises(ImportRejected) as info:
        parse_sources(CITE_HEADER + f"S,T,P,2025,,n,{cells}\n", "sources.csv")
    assert str(info.value).startswith(message)
