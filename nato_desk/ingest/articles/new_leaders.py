"""A speaker the directory does not know, added to it from the article review.

The analyst fills a small form (name, aliases, ally or NATO, role, term) for a
quote whose speaker did not resolve to a ``Leader``. This module owns what
that form means without Qt: ``NewLeader`` (the form's fields), ``check``
(refusals in words: no name, an ally that is not a member, a date that is not
a date, a term that ends before it starts, a name the directory already holds,
fuzzily, with a pointer to that leader) and ``leader_record`` (the ``Leader``
with an id in the seed's scheme, ``{iso3}/{role}/{slug(name)}``, citing the
article's source).

The record is not stored here: ``store_plan.plan_import`` adds it in the
import's one ChangeSet, after the article's ``Source`` (which may be new in
that same ChangeSet) and before the quotes, so one undo removes all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.domain import NATO_ID, Leader, parse_partial_date
from nato_desk.ingest.articles.speakers import fold
from nato_desk.ingest.leaders import slug

__all__ = ["ROLE_WORDS", "SAME_NAME_SCORE", "NewLeader", "check", "leader_record", "parse_aliases",
           "role_id", "role_words", "same_person"]

SAME_NAME_SCORE = 90.0
"""rapidfuzz token_sort_ratio (0-100) on folded names at or above which two names are one person."""

ROLE_WORDS = {
    "secretary_general": "NATO Secretary General",
    "deputy_secretary_general": "NATO Deputy Secretary General",
    "head_of_state": "Head of state",
    "head_of_government": "Head of government",
    "head_of_state_and_government": "President",
    "defence_minister": "Defence minister",
    "foreign_minister": "Foreign minister",
    "economy_minister": "Economy minister",
    "presidential_spokesperson": "Presidential spokesperson",
}
"""The roles data/leaders.csv uses, as a quote's role reads (the form offers these; any other is free text)."""


@dataclass(frozen=True)
class NewLeader:
    """The form's fields: ``role`` is a role id ("defence_minister") or the analyst's words."""

    name: str
    aliases: tuple[str, ...]
    iso3: str  # an ally's ISO-3 or "NATO"
    role: str
    start: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD; "" unknown
    end: str = ""


def parse_aliases(text: str) -> tuple[str, ...]:
    """"Novak, Jan Novák | J. Novak" -> each alias once, in order (comma or ``|`` separated)."""
    out: list[str] = []
    for part in re.split(r"[,|]", text):
        alias = " ".join(part.split())
        if alias and alias.casefold() not in {a.casefold() for a in out}:
            out.append(alias)
    return tuple(out)


def role_id(role: str) -> str:
    """The directory's spelling: "Senior economist" -> "senior_economist"; a known id kept."""
    words = role.strip()
    for rid, label in ROLE_WORDS.items():
        if words.casefold() in (rid, label.casefold()):
            return rid
    return re.sub(r"[^a-z0-9]+", "_", fold(words).lower()).strip("_")


def role_words(role: str) -> str:
    """How a quote's role reads: a known id as its words, anything else with spaces."""
    return ROLE_WORDS.get(role, role.replace("_", " ").strip())


def _key(name: str) -> str:
    return " ".join(fold(name).casefold().replace(".", " ").split())


def same_person(names: Iterable[str], leaders: Iterable[Leader]) -> Leader | None:
    """The leader one of ``names`` already names (their name or an alias, fuzzily), else None.

    A one-word alias ("Rutte") is matched only exactly: a surname alone is too
    short for a fuzzy score to mean the same person.
    """
    from rapidfuzz import fuzz  # imported when used: start-up speed

    keys = [k for k in (_key(n) for n in names) if k]
    for leader in leaders:
        for known in (leader.name, *leader.aliases):
            other = _key(known)
            if not other:
                continue
            for key in keys:
                if key == other:
                    return leader
                if " " in key and " " in other and fuzz.token_sort_ratio(key, other) >= SAME_NAME_SCORE:
                    return leader
    return None


def _describe(leader: Leader) -> str:
    term = f", from {leader.start}" if leader.start else ""
    return f"{leader.name} ({leader.iso3}, {role_words(leader.role)}{term}; id {leader.id})"


def check(draft: NewLeader, leaders: Sequence[Leader], allies: Iterable[str]) -> str:
    """What is wrong with the form, in words ("" when it can be added)."""
    name = " ".join(draft.name.split())
    if not name:
        return "Enter the speaker's name."
    if not slug(name):
        return f"'{name}' has no letters to make a directory id from."
    if draft.iso3 != NATO_ID and draft.iso3 not in set(allies):
        return "Pick the ally the speaker speaks for (or NATO)."
    if not draft.role.strip() or not role_id(draft.role):
        return "Enter the speaker's role (pick one or type it, e.g. 'Defence minister')."
    for label, value in (("From", draft.start), ("To", draft.end)):
        if value.strip():
            try:
                parse_partial_date(value.strip())
            except ValueError:
                return f"{label} '{value.strip()}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, or leave it empty."
    if draft.start.strip() and draft.end.strip() \
            and parse_partial_date(draft.end.strip()) < parse_partial_date(draft.start.strip()):
        return f"To {draft.end.strip()} is before From {draft.start.strip()}."
    known = same_person((name, *draft.aliases), leaders)
    if known is not None:
        return (f"The directory already holds {_describe(known)}. Not added twice: if this is "
                "the same person, pick their ally in the review instead.")
    return ""


def leader_record(draft: NewLeader, source_id: str, taken: Iterable[str]) -> Leader:
    """The ``Leader`` the seed would make of this row: ``{iso3}/{role}/{slug}``, ``-2`` if taken."""
    name = " ".join(draft.name.split())
    role = role_id(draft.role)
    base = f"{draft.iso3}/{role}/{slug(name)}"
    used = set(taken)
    lid, n = base, 1
    while lid in used:
        n += 1
        lid = f"{base}-{n}"
    return Leader(id=lid, name=name, aliases=tuple(a for a in draft.aliases if a != name), iso3=draft.iso3,
                  role=role, start=draft.start.strip(), end=draft.end.strip(), source_id=source_id)
