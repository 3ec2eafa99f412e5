"""Who a speaker mention in news copy is: a leader in the directory, or a named stranger.

This module owns turning the words that name a speaker ("Rutte", "Nato
Secretary General Mark Rutte", "Spanish Prime Minister Pedro Sanchez", "the
NATO chief", "he") into a ``Speaker``: a name, a role in words, an ally (ISO-3,
``"NATO"`` or ``None``) and the leaders-directory id when the person is in it.

Wire copy drops accents and writes "Nato"; names are matched without accents
and case-insensitively for the role words, but a name must start with a
capital. The directory is read at the article's date (a leader's ``start`` and
``end``), so "the Dutch prime minister" in June 2025 is Dick Schoof. A person
not in the directory keeps the role the text gives and the ally its
nationality word gives ("Slovak Defence Minister Jan Novak" -> SVK), else
``None``. Surnames alone resolve to a person named in full earlier in the same
article (``SpeakerIndex.remember``). Pure, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from nato_desk.domain import Leader, Member

__all__ = ["PRONOUNS", "Speaker", "SpeakerIndex", "fold", "fold1", "nationality"]

PRONOUNS = frozenset({"he", "she", "him", "her"})

# Letters NFKD does not split into an ASCII base and an accent.
_TRANSLITERATE = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
     "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ı": "i",
     "’": "'"}
)


def fold1(text: str) -> str:
    """``fold`` character by character, so offsets in the result are offsets in ``text``."""
    return "".join((fold(c) or c)[0] for c in text)


def fold(text: str) -> str:
    """Accents dropped, typographic apostrophe made straight: "Sánchez" -> "Sanchez"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Nationality words and short names not derivable from members.csv's names.
_NATIONALITY = {
    "albanian": "ALB", "belgian": "BEL", "bulgarian": "BGR", "canadian": "CAN", "croatian": "HRV",
    "czech": "CZE", "danish": "DNK", "estonian": "EST", "finnish": "FIN", "french": "FRA",
    "german": "DEU", "greek": "GRC", "hungarian": "HUN", "icelandic": "ISL", "italian": "ITA",
    "latvian": "LVA", "lithuanian": "LTU", "luxembourgish": "LUX", "montenegrin": "MNE",
    "dutch": "NLD", "netherlands": "NLD", "north macedonian": "MKD", "macedonian": "MKD",
    "norwegian": "NOR", "polish": "POL", "portuguese": "PRT", "romanian": "ROU", "slovak": "SVK",
    "slovakian": "SVK", "slovenian": "SVN", "spanish": "ESP", "swedish": "SWE", "turkish": "TUR",
    "türkiye": "TUR", "turkey": "TUR", "british": "GBR", "uk": "GBR", "u.k.": "GBR", "britain": "GBR",
    "united kingdom": "GBR", "american": "USA", "us": "USA", "u.s.": "USA", "united states": "USA",
    "america": "USA", "czechia": "CZE", "czech republic": "CZE", "holland": "NLD",
    "ukrainian": "UKR", "ukraine": "UKR", "russian": "RUS", "russia": "RUS",
    "nato": "NATO", "nato's": "NATO", "alliance": "NATO", "alliance's": "NATO",
}

# Role words -> directory role ids, longest first when matching.
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("deputy secretary general", ("deputy_secretary_general",)),
    ("secretary general", ("secretary_general",)),
    ("secretary-general", ("secretary_general",)),
    ("nato chief", ("secretary_general",)),
    ("alliance chief", ("secretary_general",)),
    ("nato boss", ("secretary_general",)),
    ("nato head", ("secretary_general",)),
    ("head of government", ("head_of_government", "head_of_state_and_government")),
    ("head of state", ("head_of_state", "head_of_state_and_government")),
    ("prime minister", ("head_of_government", "head_of_state_and_government")),
    ("premier", ("head_of_government", "head_of_state_and_government")),
    ("chancellor", ("head_of_government",)),
    ("president", ("head_of_state", "head_of_state_and_government")),
    ("king", ("head_of_state",)),
    ("defence minister", ("defence_minister",)),
    ("defense minister", ("defence_minister",)),
    ("minister of defence", ("defence_minister",)),
    ("minister of defense", ("defence_minister",)),
    ("defence secretary", ("defence_minister",)),
    ("defense secretary", ("defence_minister",)),
    ("secretary of defense", ("defence_minister",)),
    ("secretary of war", ("defence_minister",)),
    ("war secretary", ("defence_minister",)),
    ("foreign minister", ("foreign_minister", "foreign_minister_acting")),
    ("minister of foreign affairs", ("foreign_minister", "foreign_minister_acting")),
    ("foreign secretary", ("foreign_minister",)),
    ("secretary of state", ("foreign_minister",)),
    ("economy minister", ("economy_minister",)),
    ("minister of economy", ("economy_minister",)),
    ("spokesperson", ("presidential_spokesperson",)),
    ("spokesman", ("presidential_spokesperson",)),
)

# How a directory role reads when the text names the person without one.
_ROLE_LABEL = {
    "secretary_general": "NATO Secretary General",
    "deputy_secretary_general": "NATO Deputy Secretary General",
    "head_of_state": "Head of state",
    "head_of_government": "Head of government",
    "head_of_state_and_government": "President",
    "defence_minister": "Defence minister",
    "foreign_minister": "Foreign minister",
    "foreign_minister_acting": "Acting foreign minister",
    "economy_minister": "Economy minister",
    "presidential_spokesperson": "Presidential spokesperson",
}

# Capitalised words that begin a role or title phrase, not a name.
_TITLE_WORDS = frozenset(
    """sir dame mr mrs ms dr prof gen general adm admiral lt col colonel sen senator rep
    gov governor minister prime deputy secretary president vice chancellor foreign defence
    defense economy finance king queen grand duke prince princess chief head nato the a an
    former acting interim new outgoing incoming state of affairs and for us u.s. uk u.k. eu
    european alliance alliance's nato's commission commissioner spokesperson spokesman
    spokeswoman ambassador envoy admiral commander supreme allied premier leader
    """.split()
)


@dataclass(frozen=True)
class Speaker:
    """Who said it: ``name`` as best known, ``role`` in words, ``iso3`` or ``None``."""

    name: str
    role: str
    iso3: str | None
    leader_id: str | None = None
    evidence: str = ""  # "leaders: Mark Rutte, NATO Secretary General"


def _active(leader: Leader, date: str) -> bool:
    if not date:
        return True
    day = date[:10]
    start = leader.start or "0000"
    end = leader.end or "9999"
    # Partial dates compare as prefixes: a leader who left in 2025-06 still
    # held the office on 2025-06-25 (the month is all the directory knows).
    return start[: len(day)] <= day and day[: len(end)] <= end


def nationality(word: str, members: Iterable[Member] = ()) -> str | None:
    """The ally (or NATO) a nationality word or country name points to: "Spanish" -> "ESP"."""
    key = fold(word).lower().strip()
    if key.endswith("'s"):
        key = key[:-2]
    for member in members:
        if fold(member.name).lower() == key:
            return member.iso3
    return _NATIONALITY.get(key)


def _role_ids(role_text: str) -> tuple[str, ...]:
    low = fold(role_text).lower()
    for words, ids in _ROLE_WORDS:
        if words in low:
            return ids
    return ()


def _country_in(role_text: str, members: Iterable[Member]) -> str | None:
    """The first nationality word or country name in a role phrase."""
    low = fold(role_text).lower()
    names = {fold(m.name).lower(): m.iso3 for m in members}
    names.update(_NATIONALITY)
    best: tuple[int, str] | None = None
    for word, iso3 in names.items():
        for match in re.finditer(r"(?<![\w.])" + re.escape(word) + r"(?:'s)?(?![\w])", low):
            if best is None or match.start() < best[0]:
                best = (match.start(), iso3)
    return None if best is None else best[1]


@dataclass
class SpeakerIndex:
    """The leaders directory at a date, ready to resolve mentions in one article."""

    leaders: tuple[Leader, ...]
    members: tuple[Member, ...] = ()
    date: str = ""
    _forms: dict[str, list[Leader]] = field(default_factory=dict)
    _seen: dict[str, Speaker] = field(default_factory=dict)  # surname (folded, lower) -> speaker

    @classmethod
    def build(cls, leaders: Iterable[Leader], members: Iterable[Member] = (), date: str = "") -> SpeakerIndex:
        active = tuple(leader for leader in leaders if _active(leader, date))
        index = cls(leaders=active, members=tuple(members), date=date)
        for leader in active:
            surname = _surname(leader.name)
            # A derived surname of three letters ("Dan") is too often a word or a first name.
            for form in (leader.name, *leader.aliases, surname if len(surname) > 3 else ""):
                if form:
                    key = fold(form).lower()
                    bucket = index._forms.setdefault(key, [])
                    if leader not in bucket:
                        bucket.append(leader)
        return index

    def known_forms(self) -> list[str]:
        """Every directory name form (folded, lower case), longest first."""
        return sorted(self._forms, key=len, reverse=True)

    def _pick(self, candidates: list[Leader], role_ids: tuple[str, ...], iso3: str | None) -> Leader | None:
        if not candidates:
            return None
        narrowed = [c for c in candidates if (not role_ids or c.role in role_ids) and (iso3 is None or c.iso3 == iso3)]
        if narrowed:
            candidates = narrowed
        people = {(c.name, c.iso3) for c in candidates}
        if len(people) > 1:
            return None  # two people answer to this name (King Charles: Canada and the UK)
        # One person in several roles: the latest-starting role at the date.
        return max(candidates, key=lambda c: c.start or "")

    def _leader_speaker(self, leader: Leader, role_text: str, how: str) -> Speaker:
        role = _clean_role(role_text) or _ROLE_LABEL.get(leader.role, leader.role.replace("_", " "))
        label = _ROLE_LABEL.get(leader.role, leader.role)
        return Speaker(name=leader.name, role=role, iso3=leader.iso3, leader_id=leader.id,
                       evidence=f"leaders: {leader.name}, {label} ({leader.iso3}){how}")

    def resolve(self, mention: str) -> Speaker | None:
        """A speaker for a mention ("Spanish Prime Minister Pedro Sánchez", "Rutte", "the NATO chief").

        Returns ``None`` for a pronoun, an anonymous source or words that name
        nobody; the caller handles those.
        """
        text = " ".join(mention.replace("\u00a0", " ").split()).strip(" ,;:")
        if not text or text.lower() in PRONOUNS:
            return None
        role_text, name = _split_name(text)
        role_ids = _role_ids(role_text) if role_text else ()
        iso3_hint = _country_in(role_text, self.members) if role_text else None
        if name:
            key = fold(name).lower()
            found = self._pick(self._forms.get(key, []), role_ids, iso3_hint)
            if found is not None:
                return self._leader_speaker(found, role_text, "")
            # "Keir Starmer" when the directory says "Sir Keir Starmer", or a
            # middle name added: try the last one and two words.
            words = key.split()
            for tail in (" ".join(words[-2:]), words[-1]) if len(words) > 1 else ():
                found = self._pick(self._forms.get(tail, []), role_ids, iso3_hint)
                if found is not None and _surname(found.name).lower() == fold(words[-1]).lower():
                    return self._leader_speaker(found, role_text, "")
            seen = self._seen.get(fold(name.split()[-1]).lower())
            if seen is not None and (len(name.split()) == 1 or fold(seen.name).lower() == key):
                return seen
            if not _looks_like_name(name):
                return None
            return Speaker(name=name, role=_clean_role(role_text), iso3=iso3_hint,
                           evidence="not in the leaders directory" + (f"; role from the text: '{_clean_role(role_text)}'" if role_text else ""))
        # A role without a name: "the NATO chief", "Spain's prime minister".
        if role_ids:
            iso3 = iso3_hint
            if iso3 is None and role_ids[0] in ("secretary_general", "deputy_secretary_general"):
                iso3 = "NATO"
            if iso3 is None:
                return None
            found = self._pick([c for c in self.leaders if c.role in role_ids and c.iso3 == iso3], role_ids, iso3)
            if found is not None:
                # The directory's role, not the description ("the alliance's chief").
                return self._leader_speaker(found, "", f"; named by role: '{text}'")
        return None

    def remember(self, speaker: Speaker) -> None:
        """A person named in full: later "Doe said" in this article means them."""
        if speaker.name and " " in speaker.name:
            self._seen[fold(_surname(speaker.name)).lower()] = speaker


def _surname(name: str) -> str:
    words = name.split()
    if len(words) < 2 or words[0] in ("King", "Queen", "Grand"):
        return ""
    # "Bart De Wever", "Marcelo Rebelo de Sousa": keep the particle.
    if len(words) >= 3 and words[-2].lower() in ("de", "van", "von", "der", "da", "di", "la", "le", "del"):
        return " ".join(words[-2:])
    return words[-1]


def _clean_role(role_text: str) -> str:
    """The role as the text wrote it, without articles: "the Spanish Prime Minister" -> "Spanish Prime Minister"."""
    role = re.sub(r"^(?:the|a|an|former|then)\s+", "", role_text.strip(" ,"), flags=re.I)
    role = re.sub(r"\s+(?:Sir|Dame|Mr|Mrs|Ms|Dr)\.?$", "", role)
    role = re.sub(r"^nato\b", "NATO", role, flags=re.I)
    return role.strip()


_NAME_WORD = re.compile(r"^[A-ZÀ-ÞŠŽČŁŚŻĆÖÜ][\w'’.-]*$")
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "la", "le", "del", "den", "bin", "al"})


def _split_name(text: str) -> tuple[str, str]:
    """("Spanish Prime Minister", "Pedro Sánchez") from the mention; role may be ""; name may be ""."""
    words = text.split()
    # The name is the longest run of capitalised words (with particles) at the
    # end that are not title words.
    i = len(words)
    while i > 0:
        w = words[i - 1]
        bare = w.rstrip(",.;:")
        if bare.lower() in _PARTICLES and i < len(words):
            i -= 1
            continue
        if _NAME_WORD.match(bare) and fold(bare).lower().rstrip(".") not in _TITLE_WORDS:
            i -= 1
            continue
        break
    name = " ".join(words[i:]).strip(" ,.")
    role = " ".join(words[:i]).strip(" ,")
    while name and name.split()[0] in _PARTICLES:  # a lower-case particle cannot start the name ("De Wever" can)
        head, _, name = name.partition(" ")
        role = f"{role} {head}".strip()
    if role.lower().endswith(("'s", "’s")) and not name:
        return role, ""
    return role, name


def _looks_like_name(name: str) -> bool:
    """Capitalised words, at most five, none a title word: a person we can propose."""
    words = name.split()
    return 1 <= len(words) <= 5 and all(
        _NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words
    ) and not any(fold(w).lower() in _TITLE_WORDS for w in words)
