"""Which ally a publisher's row label means: names, aliases and codes.

Every table reader matches country labels here, so the alias table exists
once. Publishers spell allies their own way ("Slovak Republic", "Turkey",
"Türkiye", "Czech Republic", "United States of America", "UK"), NATO flags
labels with ``*`` and suffixes them with the currency ("Poland*   (Zlotys)").
``match_ally`` strips and returns the flags, drops a trailing parenthesis and
compares names case-, space- and accent-insensitively. ``closest_allies``
gives the names a refusal suggests for a label that matched nothing.

The 32 allies and their names are data/members.csv's (a test keeps the two
in step); the aliases are what the publishers' files use.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["ALLIES", "ALLY_CODES", "closest_allies", "match_ally", "match_code", "normalise"]

ALLIES: dict[str, str] = {
    "ALB": "Albania", "BEL": "Belgium", "BGR": "Bulgaria", "CAN": "Canada", "HRV": "Croatia",
    "CZE": "Czechia", "DNK": "Denmark", "EST": "Estonia", "FIN": "Finland", "FRA": "France",
    "DEU": "Germany", "GRC": "Greece", "HUN": "Hungary", "ISL": "Iceland", "ITA": "Italy",
    "LVA": "Latvia", "LTU": "Lithuania", "LUX": "Luxembourg", "MNE": "Montenegro", "NLD": "Netherlands",
    "MKD": "North Macedonia", "NOR": "Norway", "POL": "Poland", "PRT": "Portugal", "ROU": "Romania",
    "SVK": "Slovakia", "SVN": "Slovenia", "ESP": "Spain", "SWE": "Sweden", "TUR": "Türkiye",
    "GBR": "United Kingdom", "USA": "United States",
}
"""ISO-3 code -> the ally's name as data/members.csv has it."""

ALLY_CODES = frozenset(ALLIES)

# Other names publishers use, beside each ally's name and official name.
_ALIASES: dict[str, tuple[str, ...]] = {
    "ALB": ("Republic of Albania",),
    "BEL": ("Kingdom of Belgium",),
    "BGR": ("Republic of Bulgaria",),
    "HRV": ("Republic of Croatia",),
    "CZE": ("Czech Republic",),
    "DNK": ("Kingdom of Denmark",),
    "EST": ("Republic of Estonia",),
    "FIN": ("Republic of Finland",),
    "FRA": ("French Republic",),
    "DEU": ("Federal Republic of Germany",),
    "GRC": ("Hellenic Republic",),
    "ITA": ("Italian Republic",),
    "LVA": ("Republic of Latvia",),
    "LTU": ("Republic of Lithuania",),
    "LUX": ("Grand Duchy of Luxembourg",),
    "NLD": ("The Netherlands", "Kingdom of the Netherlands", "Netherlands (Kingdom of the)"),
    "MKD": ("Republic of North Macedonia", "Macedonia", "Macedonia, FYR", "FYR Macedonia",
            "The former Yugoslav Republic of Macedonia", "North Macedonia, Republic of"),
    "NOR": ("Kingdom of Norway",),
    "POL": ("Republic of Poland",),
    "PRT": ("Portuguese Republic",),
    "SVK": ("Slovak Republic",),
    "SVN": ("Republic of Slovenia",),
    "ESP": ("Kingdom of Spain",),
    "SWE": ("Kingdom of Sweden",),
    "TUR": ("Turkey", "Turkiye", "Republic of Türkiye", "Republic of Turkey", "Türkiye, Republic of"),
    "GBR": ("UK", "U.K.", "United Kingdom of Great Britain and Northern Ireland", "Great Britain", "Britain"),
    "USA": ("United States of America", "USA", "US", "U.S.", "U.S.A."),
}

FLAG_CHARS = "*†‡§¶‖"
"""Marks publishers attach to a label (NATO's ``*``); stripped and returned as flags."""

_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")  # "Poland*   (Zlotys)" -> "Poland*"
_NOT_WORD = re.compile(r"[^\w]+")


def normalise(label: str) -> str:
    """``label`` folded for comparison: no accents, case, punctuation or extra spaces."""
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in ALLIES.items():
        for alias in (name, *_ALIASES.get(code, ())):
            index[normalise(alias)] = code
    return index


_BY_NAME = _index()


def _strip(label: str) -> tuple[str, tuple[str, ...]]:
    text = label.replace("\u00a0", " ").strip()
    if len(text) > 200:  # no ally's name is this long; keep the work bounded
        return text, ()
    # A trailing "(Currency)" goes, unless the whole label is inside it.
    while _SUFFIX.search(text) and not text.startswith("("):
        text = _SUFFIX.sub("", text)
    flags = tuple(ch for ch in text if ch in FLAG_CHARS)
    text = "".join(ch for ch in text if ch not in FLAG_CHARS)
    return text.strip(), flags


def match_ally(label: str) -> tuple[str | None, tuple[str, ...]]:
    """The ally ``label`` names (ISO-3 code, or ``None``) and the flags stripped from it.

    >>> match_ally("Poland*   (Zlotys)")
    ('POL', ('*',))
    >>> match_ally("Turkey")
    ('TUR', ())
    >>> match_ally("Ireland")
    (None, ())
    """
    text, flags = _strip(label)
    return _BY_NAME.get(normalise(text)), flags


def match_code(code: str) -> str | None:
    """The ally with ISO-3 code ``code`` (any case, spaces ignored), or ``None``."""
    code = code.strip().upper()
    return code if code in ALLY_CODES else None


def closest_allies(label: str, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The allies' names closest to ``label`` (for "did you mean"), best first; may be empty.

    ``cutoff`` is difflib's similarity (0..1) a name must reach."""
    text = normalise(_strip(label)[0])
    if not text:
        return []
    names = list(_BY_NAME) + [code.casefold() for code in ALLIES]  # a mistyped code ("PLO") too
    found: list[str] = []
    for near in difflib.get_close_matches(text, names, n=n * 3, cutoff=cutoff):
        name = ALLIES[_BY_NAME.get(near) or near.upper()]
        if name not in found:
            found.append(name)
    return found[:n]
