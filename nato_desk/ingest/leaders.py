"""leaders.csv -> ``Leader``: who held which role, to attribute quotes.

This module owns the leader table: ``name,aliases,iso3,role,from,to,source_id``.
``aliases`` are separated by ``|``. Ids are ``"{iso3}/{role}/{slug(name)}"``;
a person who held the same role twice gets ``-2``, ``-3``... so every row is
kept. ``iso3`` may be a non-member (UKR, RUS) or ``NATO``; ``source_id`` may be
empty (the reference then gives a well-known start date to spot-check).
"""

from __future__ import annotations

import re
import unicodedata

from nato_desk.domain import Leader, parse_partial_date

from nato_desk.ingest.limits import excerpt
from nato_desk.ingest.origins import Origins, accept
from nato_desk.ingest.table import Row, read_table

__all__ = ["parse_leaders", "slug"]

# Letters NFKD does not split into an ASCII base and an accent.
_TRANSLITERATE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
     "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i"}
)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """An ASCII id fragment: ``"Władysław Kosiniak"`` -> ``"wladyslaw-kosiniak"``."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_SLUG.sub("-", base.lower()).strip("-")


def parse_leaders(text: str, name: str, *, origins: Origins | None = None) -> list[Leader]:
    """Read leaders.csv; return one ``Leader`` per row, in file order."""
    origins = Origins() if origins is None else origins
    table = read_table(text, name, ("name", "aliases", "iso3", "role", "from", "to", "source_id"))
    taken: set[str] = set()
    # The suffix each base last received. The loop below takes the smallest
    # free suffix, and since ``taken`` only grows that smallest free suffix
    # never goes down for a base: starting from the last one gives the same
    # ids as starting from 1, without rescanning "-2", "-3"... for every
    # repeat (which made 20,000 rows of one name take half a minute).
    last_suffix: dict[str, int] = {}
    out: list[Leader] = []
    for row in table.rows:
        person = row.text("name")
        fragment = slug(person)
        if not fragment:
            raise row.reject("name", f"'{excerpt(person)}' has no letters to make an id from")
        base = f"{row.text('iso3')}/{row.text('role')}/{fragment}"
        n = last_suffix.get(base, 1)
        leader_id = base if n == 1 else f"{base}-{n}"
        # Each failed probe is an id already taken: the loop runs at most
        # twice per row overall (an id "a-2" can be probed by base "a-2" and
        # by base "a"), so the whole parse stays linear.
        while leader_id in taken:
            n += 1
            leader_id = f"{base}-{n}"
        taken.add(leader_id)
        last_suffix[base] = n
        start, end = _term(row)
        record = Leader(
            id=leader_id,
            name=person,
            aliases=_aliases(row),
            iso3=row.text("iso3"),
            role=row.text("role"),
            start=start,
            end=end,
            source_id=row.text("source_id"),
        )
        out.append(accept(record, origins, name, row.where, {"start": "from", "end": "to"}))
    return out


def _aliases(row: Row) -> tuple[str, ...]:
    cell = row.text("aliases")
    if cell == "":
        return ()
    parts = tuple(cell.split("|"))
    if any(p == "" for p in parts):
        raise row.reject("aliases", f"'{excerpt(cell)}' has an empty alias between '|' separators")
    return parts


def _term(row: Row) -> tuple[str, str]:
    start = row.date("from", optional=True)
    end = row.date("to", optional=True)
    if start and end and parse_partial_date(end) < parse_partial_date(start):
        raise row.reject("to", f"'{excerpt(end)}' is before from '{excerpt(start)}'")
    return start, end
