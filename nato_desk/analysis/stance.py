"""Stance badges and what an ally has committed to: exempt is not opposed.

The reference classifies two allies ``opposes_or_exempted``: Spain, which
refuses a GDP target above 2.1%, and Iceland, which has no armed forces and
so sits outside the 3.5% core target (positions_quotes.json; hague_summit.md
§7: "Iceland has no armed forces and is excluded from the defence-expenditure
statistics"). One red "Opposes/exempt" badge for both said Iceland opposes.
``stance_badge`` tells them apart: an ``opposes_or_exempted`` ally whose
member notes say it has no armed forces is *exempt* (a neutral badge); any
other is *opposes*.

``commitment_note`` says, for an ally the reference marks as not committed
(any ``opposes_or_exempted`` ally with a series, today only Spain), that a
path to 3.5% is illustrative, quoting hague_summit.md §6 with its sources.
The quoted words are checked against data/hague_summit.md by a test.

Pure: no Qt; the badge's colours are ``palette.STANCE_STYLES[badge.kind]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nato_desk.domain import Member, Position, Stance

__all__ = ["HAGUE_SPAIN_SOURCES", "HAGUE_SPAIN_WORDS", "StanceBadge", "commitment_note",
           "is_exempt", "not_committed", "stance_badge"]

_NO_ARMED_FORCES = "no armed forces"


@dataclass(frozen=True)
class StanceBadge:
    """What a stance badge says: ``kind`` picks its style, ``short`` fits a list column."""

    kind: str  # "supports", "reservations", "opposes", "exempt", "undeclared", "none"
    label: str  # the badge's words in the detail pane
    short: str  # the list's and overview's words


def is_exempt(position: Position | None, member: Member | None) -> bool:
    """Exempt, not opposed: ``opposes_or_exempted`` and, by the reference, no armed forces."""
    return (position is not None and position.stance is Stance.OPPOSES_OR_EXEMPTED
            and member is not None and _NO_ARMED_FORCES in member.notes.casefold())


def stance_badge(position: Position | None, member: Member | None) -> StanceBadge:
    if position is None:
        return StanceBadge("none", "No position recorded", "no position")
    if is_exempt(position, member):
        return StanceBadge("exempt", "Exempt — no armed forces", "Exempt")
    return {
        Stance.SUPPORTS: StanceBadge("supports", "Supports", "Supports"),
        Stance.SUPPORTS_WITH_RESERVATIONS: StanceBadge("reservations", "Supports with reservations",
                                                       "Reservations"),
        Stance.OPPOSES_OR_EXEMPTED: StanceBadge("opposes", "Opposes", "Opposes"),
        Stance.UNDECLARED: StanceBadge("undeclared", "Undeclared", "Undeclared"),
    }[position.stance]


def not_committed(position: Position | None, member: Member | None) -> bool:
    """Whether a path to 3.5% would be a commitment the ally has not made (Spain)."""
    return (position is not None and position.stance is Stance.OPPOSES_OR_EXEMPTED
            and not is_exempt(position, member))


# hague_summit.md §6, word for word (a test reads the file), and the ids it cites.
HAGUE_SPAIN_WORDS = (
    "la flessibilità per determinare il proprio percorso sovrano per raggiungere gli obiettivi di capacità",
    "Spain's figure: **2.1% of GDP**",
    "Do not assign it a 3.5%/5% path as a commitment.",
)
HAGUE_SPAIN_SOURCES = ("ITALYTIMES_ANSA_20250623", "THEVAULTZ_20250625")


def commitment_note(position: Position | None, member: Member | None) -> str:
    """Why a path to 3.5% is only illustrative for this ally; ``""`` for an ally committed to it."""
    if not not_committed(position, member) or member is None:
        return ""
    if member.iso3 == "ESP":
        return (f"{member.name} has not committed to 3.5% under the Hague arrangement: Rutte's letter "
                f"gives Spain \u201c{HAGUE_SPAIN_WORDS[0]}\u201d (ANSA's Italian rendering: flexibility to "
                "set its own sovereign path to the capability targets), and Spain puts its figure at "
                "2.1% of GDP. The paths below are illustrative, not a commitment "
                "(The Hague Summit notes, hague_summit.md §6).")
    return (f"{member.name}'s recorded position is that it opposes the target, so it has not committed "
            "to 3.5%: the paths below are illustrative, not a commitment.")
