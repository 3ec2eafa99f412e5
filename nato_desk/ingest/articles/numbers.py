"""Percentages as news copy spells them: figures, fractions and number words.

``find_percentages(text)`` yields every percentage in a sentence with its
value and span: ``2.1%``, ``3.5 %``, ``3.5 percent``, ``5 per cent``,
``5pc``, ``a 5-percent target``, ``3½%``, ``two percent``, ``five per cent``,
``one and a half percent``, ``two-and-a-half per cent``, ``two point five
percent``, ``half a percent``. Ranges ("between 2 and 3 percent", "2-3%",
"2 to 3 percent", "2% to 3%") come back as two percentages marked as the
low and high bounds of one range; "from 2 to 3 percent" is not a range but a
change (``from`` marks the first figure as the starting level).

"percentage points" is not a percentage of anything (it is a change) and is
not found. Money ("$1.2 billion", "€50bn") and ratios ("twice as much", "a
third more") carry no percent sign or word, so they are never found.

The number words are a small table (zero to twenty, the tens, halves and
quarters): percentages of GDP in prose never need more, and a library for
it (text2num, numerizer) would be a dependency for thirty lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Percentage", "find_percentages", "word_number"]

_UNITS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS: dict[str, float] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_FRACTIONS: dict[str, float] = {"half": 0.5, "quarter": 0.25, "three quarters": 0.75, "three-quarters": 0.75}
_UNICODE_FRACTIONS: dict[str, float] = {"½": 0.5, "¼": 0.25, "¾": 0.75}

_SEP = r"[\s\u00a0-]+"
_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
# "twenty-five", "two", "twenty"
_WORD_INT = rf"(?:(?:{_TENS_WORD})(?:{_SEP}(?:{_UNIT_WORD}))?|(?:{_UNIT_WORD}))"
# "two and a half", "two-and-a-half", "two point five", "half a", "half of one", "a half"
_WORD_NUMBER = (
    rf"(?:{_WORD_INT}(?:{_SEP}and{_SEP}(?:a|one){_SEP}(?:half|quarter)"
    rf"|{_SEP}and{_SEP}three{_SEP}quarters"
    rf"|{_SEP}point{_SEP}(?:{_UNIT_WORD}))?"
    rf"|half{_SEP}(?:a|of{_SEP}one)|a{_SEP}half)"
)
_DIGITS = r"(?:\d{1,3}(?:\.\d+)?\s?[½¼¾]?|[½¼¾]|\.\d+)"
_NUMBER = rf"(?:(?<![\w.,$€£]){_DIGITS}(?![\d,])|\b{_WORD_NUMBER}\b)"
# The unit: a sign (maybe spaced), or the word, maybe hyphenated ("5-percent target").
# "percentage" (points) is not a percentage of GDP; the lookahead keeps it out.
_UNIT = r"(?:\s?%|[\s\u00a0-]*(?:per[\s-]?cent(?!age)|pct\b\.?)|(?<=\d)\s?pc\b)"
_PCT = re.compile(rf"(?P<num>{_NUMBER})(?P<unit>{_UNIT})", re.IGNORECASE)
# A first figure without a unit before a percentage: "between 2 and 3 percent", "2-3%", "2 to 3 percent".
_RANGE_HEAD = re.compile(
    rf"(?P<lead>\b(?:between|from)\s+(?:(?:its|their|the|a|current|present|existing|level|of|about|around|"
    rf"roughly|just|some|only)\s+){{0,4}})?(?P<num>{_NUMBER})(?P<unit>{_UNIT})?"
    rf"(?P<join>\s*(?:-|–|—|to|and)\s*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Percentage:
    """One percentage found in a text: its value and where it is."""

    value: float
    start: int  # offset of the figure in the searched text
    end: int  # offset after its unit
    range_role: str = ""  # "low" / "high" for the bounds of a range; "from" for the starting level of a change
    range_text: str = ""  # the whole range as written, for the reason


def word_number(words: str) -> float | None:
    """The value of a number written in words ("two and a half" -> 2.5), or ``None``."""
    text = " ".join(re.split(_SEP, words.strip().casefold()))
    if not text:
        return None
    if text in ("half a", "half of one", "a half"):
        return 0.5
    fraction = 0.0
    for tail, value in ((" and a half", 0.5), (" and one half", 0.5), (" and a quarter", 0.25),
                        (" and one quarter", 0.25), (" and three quarters", 0.75)):
        if text.endswith(tail):
            text, fraction = text[: -len(tail)], value
            break
    if " point " in text:
        whole, _, decimal = text.partition(" point ")
        head = word_number(whole)
        digit = _UNITS.get(decimal)
        if head is None or digit is None or digit > 9:
            return None
        return head + digit / 10
    parts = text.split(" ")
    integer: float | None
    if len(parts) == 1:
        integer = _UNITS.get(parts[0], _TENS.get(parts[0]))
    elif len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS and _UNITS[parts[1]] < 10:
        integer = _TENS[parts[0]] + _UNITS[parts[1]]
    else:
        integer = None
    return None if integer is None else integer + fraction


def _number_value(text: str) -> float | None:
    raw = text.strip().replace("\u00a0", " ")
    if raw and (raw[0].isdigit() or raw[0] in "½¼¾."):
        fraction = 0.0
        if raw[-1] in _UNICODE_FRACTIONS:
            fraction = _UNICODE_FRACTIONS[raw[-1]]
            raw = raw[:-1].strip()
        if not raw:
            return fraction
        try:
            return float(raw) + fraction
        except ValueError:
            return None
    return word_number(raw)


def find_percentages(text: str) -> list[Percentage]:
    """Every percentage in ``text``, in order (ranges as their two bounds)."""
    found: list[Percentage] = []
    for match in _PCT.finditer(text):
        value = _number_value(match.group("num"))
        if value is None:
            continue
        head = _RANGE_HEAD.search(text[max(0, match.start() - 60): match.start()])
        if head is not None:
            low = _number_value(head.group("num"))
            join = head.group("join").strip().casefold()
            lead = (head.group("lead") or "").split()[0].casefold() if head.group("lead") else ""
            offset = max(0, match.start() - 60)
            # "and" joins a range only after "between" ("2 and 3 percent" alone is two things).
            if low is not None and (join != "and" or lead == "between") and low < value:
                low_start = offset + head.start("num")
                already = found and found[-1].start == low_start
                if already:  # "2% to 3%": the first figure was found on its own; re-mark it
                    found.pop()
                range_text = text[offset + head.start(): match.end()]
                role = "from" if lead == "from" else "low"
                found.append(Percentage(low, low_start, offset + head.end("num") + len(head.group("unit") or ""),
                                        role, range_text))
                found.append(Percentage(value, match.start(), match.end(),
                                        "to" if role == "from" else "high", range_text))
                continue
        found.append(Percentage(value, match.start(), match.end()))
    return found
