"""Issue 13, item 10: narrative that follows the data.

Figures quoted in position summaries are dated with their year and edition;
exempt (Iceland) is not opposed; Spain's path is not a commitment; latest
figures from different years are found, and the year every ally has.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nato_desk.analysis.common_year import figure_in, usual_year, year_all_have
from nato_desk.analysis.figures import latest_figure, of_measure
from nato_desk.analysis.narrative import date_figures, dating_line, edition_at, quoted_figures
from nato_desk.analysis.stance import (
    HAGUE_SPAIN_SOURCES,
    HAGUE_SPAIN_WORDS,
    commitment_note,
    not_committed,
    stance_badge,
)
from nato_desk.domain import Measure, Observation, Position, Stance, Status
from nato_desk.ingest import load_seed
from nato_desk.palette import STANCE_STYLES

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def seed() -> dict[str, list]:
    out: dict[str, list] = {}
    for record in load_seed():
        out.setdefault(type(record).__name__, []).append(record)
    return out


def _by(records: list, key: str, value: str):
    return next(r for r in records if getattr(r, key) == value)


# --- figures quoted in summaries -----------------------------------------------------------

def test_quoted_figures_reads_two_decimal_shares_and_their_year() -> None:
    found = quoted_figures("Highest spender (4.48% of GDP in 2025e); wanted 2030 rather than 2035.")
    assert [(f.text, f.value, f.year) for f in found] == [("4.48%", 4.48, 2025)]
    # Targets and plans (whole or one-decimal percentages) are not NATO figures.
    assert quoted_figures("commits to 5% by 2035; expects 4.1% in 2027, about 2.6% core") == []
    assert [(f.text, f.year) for f in quoted_figures("Reached 2% (2.01% est.) and 3.73% (2025e)")] == [
        ("2.01%", None), ("3.73%", 2025)]


def test_poland_summary_is_dated_to_the_august_2025_edition_when_july_2026_is_shown(seed) -> None:
    poland = _by(seed["Position"], "iso3", "POL")
    editions = {e.id: e for e in seed["Edition"]}
    figures = date_figures(poland, seed["Observation"], seed["Edition"], "2026-07")
    assert [(f.text, f.year, f.edition.id) for f in figures] == [("4.48%", 2025, "2025-08")]
    assert dating_line(figures, editions["2026-07"]) == (
        "Figures in this summary: 4.48% of GDP in 2025, August 2025 edition "
        "(this pane shows the July 2026 edition: 4.25% for 2025)")
    # In its own edition the line says so, and never calls it another edition's figure.
    same = date_figures(poland, seed["Observation"], seed["Edition"], "2025-08")
    assert dating_line(same, editions["2025-08"]).endswith("August 2025 edition (the edition on show)")


def test_every_two_decimal_figure_in_a_summary_is_dated_or_said_to_be_the_sources(seed) -> None:
    editions = {e.id: e for e in seed["Edition"]}
    dated = {}
    for position in seed["Position"]:
        for figure in date_figures(position, seed["Observation"], seed["Edition"], "2026-07"):
            dated[(position.iso3, figure.text)] = figure.edition.id if figure.edition else None
    # Albania's 2.01% is the August 2025 figure; the July 2026 edition restated it to 1.48%.
    assert dated[("ALB", "2.01%")] == "2025-08"
    assert dated[("EST", "3.38%")] == "2025-08"
    # Lithuania's 5.25% for 2026 is a national plan in no NATO edition.
    assert dated[("LTU", "5.25%")] is None
    line = dating_line(date_figures(_by(seed["Position"], "iso3", "LTU"), seed["Observation"],
                                    seed["Edition"], "2026-07"), editions["2026-07"])
    assert "5.25% in 2026, as the position's source gave it" in line and "5.33" not in line


def test_an_unmatched_figure_takes_the_edition_current_at_the_positions_date(seed) -> None:
    position = Position("p", "POL", Stance.SUPPORTS, "Now at 9.99% of GDP in 2025e.", ("X",), since="2026-05-01")
    assert edition_at(seed["Edition"], "2026-05-01").id == "2026-03"
    assert edition_at(seed["Edition"], "2025").id == "2025-08"
    assert edition_at(seed["Edition"], "") is None
    (figure,) = date_figures(position, seed["Observation"], seed["Edition"], "2026-07")
    assert figure.edition.id == "2026-03" and figure.match is None
    assert "March 2026 edition (current when the position was recorded)" in dating_line(
        [figure], _by(seed["Edition"], "id", "2026-07"))


def test_summaries_are_never_changed(seed) -> None:
    import json
    shipped = {e["iso3"]: e["stance_summary"] for e in json.loads((DATA / "positions_quotes.json").read_text("utf-8"))}
    for position in seed["Position"]:
        date_figures(position, seed["Observation"], seed["Edition"], "2026-07")
        assert position.summary == shipped[position.iso3]


# --- stance badges -------------------------------------------------------------------------

def test_iceland_is_exempt_in_neutral_grey_and_spain_opposes(seed) -> None:
    members = {m.iso3: m for m in seed["Member"]}
    positions = {p.iso3: p for p in seed["Position"]}
    iceland = stance_badge(positions["ISL"], members["ISL"])
    spain = stance_badge(positions["ESP"], members["ESP"])
    assert (iceland.kind, iceland.label) == ("exempt", "Exempt — no armed forces")
    assert (spain.kind, spain.label) == ("opposes", "Opposes")
    assert STANCE_STYLES["exempt"].fill != STANCE_STYLES["opposes"].fill
    red, grey = STANCE_STYLES["opposes"].fill, STANCE_STYLES["exempt"].fill
    r, g, b = (int(grey[i:i + 2], 16) for i in (1, 3, 5))
    assert max(r, g, b) - min(r, g, b) < 8, "exempt is a neutral grey"
    assert red != grey


def test_every_allys_badge_says_the_references_stance(seed) -> None:
    members = {m.iso3: m for m in seed["Member"]}
    expected = {"supports": "Supports", "supports_with_reservations": "Supports with reservations",
                "undeclared": "Undeclared"}
    for position in seed["Position"]:
        badge = stance_badge(position, members.get(position.iso3))
        if position.iso3 == "ISL":
            assert badge.kind == "exempt"
        elif position.stance is Stance.OPPOSES_OR_EXEMPTED:
            assert badge.label == "Opposes", position.iso3
        else:
            assert badge.label == expected[position.stance.value], position.iso3
    assert stance_badge(None, None).label == "No position recorded"


# --- Spain's path --------------------------------------------------------------------------

def test_only_spain_is_marked_not_committed_and_its_note_quotes_the_hague_notes(seed) -> None:
    members = {m.iso3: m for m in seed["Member"]}
    flagged = [p.iso3 for p in seed["Position"] if not_committed(p, members.get(p.iso3))]
    assert flagged == ["ESP"]
    note = commitment_note(_by(seed["Position"], "iso3", "ESP"), members["ESP"])
    assert note.startswith("Spain has not committed to 3.5% under the Hague arrangement")
    assert "illustrative" in note
    hague = re.sub(r"\s+", " ", (DATA / "hague_summit.md").read_text("utf-8"))
    for words in HAGUE_SPAIN_WORDS:
        assert words in hague
    assert HAGUE_SPAIN_WORDS[0] in note
    source_ids = {s.id for s in seed["Source"]}
    assert set(HAGUE_SPAIN_SOURCES) <= source_ids
    assert commitment_note(_by(seed["Position"], "iso3", "POL"), members["POL"]) == ""


# --- years of the latest figures -----------------------------------------------------------

def test_august_2025_latest_figures_mix_2024_and_2025_and_2024_is_the_year_all_have(seed) -> None:
    by_ally: dict[str, list[Observation]] = {}
    for o in seed["Observation"]:
        if o.edition == "2025-08" and o.measure is Measure.PCT_GDP:
            by_ally.setdefault(o.iso3, []).append(o)
    latest = {iso3: latest_figure(points) for iso3, points in by_ally.items()}
    years = [o.year for o in latest.values() if o]
    assert usual_year(years) == 2025
    older = sorted(iso3 for iso3, o in latest.items() if o and o.year != 2025)
    assert older == ["DEU", "HRV", "HUN", "MNE", "SVK", "SVN", "SWE"]
    assert year_all_have(by_ally) == 2024
    assert figure_in(by_ally["POL"], 2024).value == 3.79
    # July 2026: every ally has 2026.
    july = {}
    for o in of_measure(seed["Observation"], Measure.CORE_PCT_GDP):
        if o.edition == "2026-07":
            july.setdefault(o.iso3, []).append(o)
    assert year_all_have(july) == 2026


def test_usual_year_and_year_all_have_edge_cases() -> None:
    assert usual_year([]) is None
    assert usual_year([2024, 2025]) == 2025  # equal counts: the newer
    blank = Observation("b", "DEU", 2025, Measure.PCT_GDP, None, 2, Status.ESTIMATE, "e", "S")
    assert year_all_have({"DEU": [blank], "ISL": []}) is None
