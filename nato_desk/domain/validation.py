"""Validation of records, before anything is stored.

Each check raises ``ValidationError`` naming the record, the field and the
problem in words an analyst understands ("Observation ESP 2025: value 120 is
outside 0-100"). ``validate_references`` checks what a single record cannot:
that every ``source_id`` and ``iso3`` resolves.

Before any rule of a kind, every field of every record is checked against the
type its dataclass declares (``_check_types``, derived from the annotations, so
a field added later is covered without a line here): text is ``str`` within a
size limit, whole numbers are ``int`` (not ``True``), numbers are finite (no
NaN or Infinity, which JSON cannot hold and which would block every save), a
tuple holds text, an enum field holds a member of its enum. A value of the
wrong type would otherwise pass the rules of its kind unnoticed and fail
later, far from its cause (a list as a URL, a dict as a note in a tooltip).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from nato_desk.domain.records import (
    CITE_CONFIDENCES,
    CITE_FIELDS,
    NATO_ID,
    SOURCE_KINDS,
    Edition,
    Event,
    Leader,
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    VIEW_KINDS,
    Record,
    SavedView,
    Source,
    Target,
)

__all__ = [
    "MIN_YEAR",
    "MAX_YEAR",
    "MAX_ID_CHARS",
    "MAX_SOURCE_TEXT",
    "MAX_TEXT_CHARS",
    "ValidationError",
    "parse_partial_date",
    "validate",
    "validate_references",
]

MIN_YEAR = 1949  # the Washington Treaty; nothing NATO measures is older
MAX_YEAR = 2100
MAX_SOURCE_TEXT = 1_000_000  # an imported article's text (ingest's MAX_ARTICLE_CHARS, a domain bound here)
MAX_TEXT_CHARS = 100_000  # any other text field: a note or a quote, never a book
MAX_ID_CHARS = 500  # ids and the references to them: slugs, never prose

_ISO3 = re.compile(r"[A-Z]{3}")
# ASCII digits only, and the whole text: "2025\n" or other scripts' digits are not dates here.
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


class ValidationError(ValueError):
    """A record is not acceptable. ``field`` names the offending field."""

    def __init__(self, what: str, field: str, problem: str) -> None:
        self.what = what
        self.field = field
        self.problem = problem
        super().__init__(f"{what}: {field} {problem}")


def parse_partial_date(text: str) -> dt.date:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (to the first day).

    Raises:
        ValueError: the text is not such a date, or not a real one.
    """
    if not isinstance(text, str) or not _PARTIAL_DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _describe(record: Record) -> str:
    name = type(record).__name__
    if isinstance(record, Observation):
        return f"{name} {record.iso3} {record.year} ({record.edition})"
    return f"{name} {record.id}"


def _require_text(record: Record, *names: str) -> None:
    for name in names:
        value = getattr(record, name)
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(_describe(record), name, "is empty")


def _require_date(record: Record, name: str, *, optional: bool) -> None:
    value = getattr(record, name)
    if optional and value == "":
        return
    try:
        parse_partial_date(value)
    except (ValueError, TypeError) as exc:
        raise ValidationError(_describe(record), name, f"does not parse: {exc}") from None


def _require_year(record: Record, name: str) -> None:
    value = getattr(record, name)
    if not isinstance(value, int) or isinstance(value, bool) or not MIN_YEAR <= value <= MAX_YEAR:
        raise ValidationError(
            _describe(record), name, f"{value!r} is outside {MIN_YEAR}-{MAX_YEAR}"
        )


def _require_iso3(record: Record, *, allow_nato: bool) -> None:
    value = getattr(record, "iso3")
    if allow_nato and value == NATO_ID:
        return
    if not isinstance(value, str) or not _ISO3.fullmatch(value):
        raise ValidationError(_describe(record), "iso3", f"'{value}' is not an ISO-3 code")


def _check_member(r: Member) -> None:
    _require_iso3(r, allow_nato=False)
    _require_text(r, "name", "region")
    _require_year(r, "accession_year")


def _require_web_url(record: Record, name: str) -> None:
    """Empty, or an http(s) URL with a host: what the app will offer to open."""
    value: str = getattr(record, name)
    if not value:
        return
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(_describe(record), name, f"'{value[:80]}' is not an http(s) address")


def _check_source(r: Source) -> None:
    _require_text(r, "id", "title")
    _require_date(r, "date", optional=True)
    for name in ("publisher", "url", "note", *CITE_FIELDS):
        if not isinstance(getattr(r, name), str):
            raise ValidationError(_describe(r), name, "is not text")
    if r.kind and r.kind not in SOURCE_KINDS:
        raise ValidationError(_describe(r), "kind",
                              f"'{r.kind[:40]}' is not one of {', '.join(SOURCE_KINDS)}")
    if r.cite_confidence and r.cite_confidence not in CITE_CONFIDENCES:
        raise ValidationError(_describe(r), "cite_confidence",
                              f"'{r.cite_confidence[:40]}' is not one of {', '.join(CITE_CONFIDENCES)}")
    _require_web_url(r, "cite_url")
    _require_web_url(r, "read_at_url")
    if not isinstance(r.text, str):
        raise ValidationError(_describe(r), "text", "is not text")
    if len(r.text) > MAX_SOURCE_TEXT:
        raise ValidationError(_describe(r), "text",
                              f"is {len(r.text):,} characters, over the {MAX_SOURCE_TEXT:,}-character limit")


def _check_edition(r: Edition) -> None:
    _require_text(r, "id", "title", "source_id")
    _require_date(r, "released", optional=False)


def _check_observation(r: Observation) -> None:
    _require_text(r, "id", "edition", "source_id")
    _require_iso3(r, allow_nato=False)
    _require_year(r, "year")
    if r.value is not None:
        if isinstance(r.value, bool) or not isinstance(r.value, (int, float)):
            raise ValidationError(_describe(r), "value", f"{r.value!r} is not a number")
        info = r.measure.info
        if not info.low <= r.value <= info.high:
            raise ValidationError(_describe(r), "value",
                                  f"{r.value} is outside {info.low:g}-{info.high:g} ({info.unit})")
    elif not r.note.strip():
        # A blank must say why, or an analyst cannot tell a gap from a bug.
        raise ValidationError(_describe(r), "note", "must explain a figure left blank")
    if not isinstance(r.decimals, int) or not 0 <= r.decimals <= 4:
        raise ValidationError(_describe(r), "decimals", f"{r.decimals!r} is outside 0-4")


def _check_position(r: Position) -> None:
    _require_text(r, "id", "summary")
    _require_iso3(r, allow_nato=True)
    if not r.source_ids or not all(isinstance(s, str) and s for s in r.source_ids):
        raise ValidationError(_describe(r), "source_ids", "is empty")
    _require_date(r, "since", optional=True)


def _check_quote(r: Quote) -> None:
    _require_text(r, "id", "speaker", "text", "source_id")
    _require_iso3(r, allow_nato=True)
    _require_date(r, "date", optional=True)


def _check_target(r: Target) -> None:
    _require_text(r, "id", "label", "source_id")
    _require_year(r, "by_year")
    if not 0 < r.value <= 100:
        raise ValidationError(_describe(r), "value", f"{r.value} is outside 0-100 (% of GDP)")


def _check_event(r: Event) -> None:
    _require_text(r, "id", "label", "source_id")
    _require_date(r, "date", optional=False)


def _check_leader(r: Leader) -> None:
    _require_text(r, "id", "name", "role")
    _require_iso3(r, allow_nato=True)


def _check_saved_view(r: SavedView) -> None:
    _require_text(r, "id", "name")
    if not isinstance(r.allies, tuple) or not all(
        isinstance(a, str) and _ISO3.fullmatch(a) for a in r.allies
    ):
        raise ValidationError(_describe(r), "allies", f"{r.allies!r} are not all ISO-3 codes")
    if r.view not in VIEW_KINDS:
        raise ValidationError(_describe(r), "view", f"'{r.view}' is not one of {', '.join(VIEW_KINDS)}")
    if r.shown_measure and r.shown_measure not in {m.value for m in Measure}:
        raise ValidationError(_describe(r), "shown_measure",
                              f"'{str(r.shown_measure)[:40]}' is not a measure nato_desk knows")
    _require_year(r, "year_from")
    _require_year(r, "year_to")
    if r.year_from > r.year_to:
        raise ValidationError(_describe(r), "year_to", f"{r.year_to} is before {r.year_from}")
    for name in ("hague", "wales"):
        if not isinstance(getattr(r, name), bool):
            raise ValidationError(_describe(r), name, "is not true or false")
    if not isinstance(r.order, int) or isinstance(r.order, bool):
        raise ValidationError(_describe(r), "order", f"{r.order!r} is not a whole number")
    if not isinstance(r.edition, str) or not isinstance(r.scenario, str):
        raise ValidationError(_describe(r), "edition", "is not text")


_CHECKS: Mapping[type, Callable[..., None]] = {
    Member: _check_member,
    Source: _check_source,
    Edition: _check_edition,
    Observation: _check_observation,
    Position: _check_position,
    Quote: _check_quote,
    Target: _check_target,
    Event: _check_event,
    Leader: _check_leader,
    SavedView: _check_saved_view,
}


# Fields holding an id or a reference to one: a far smaller limit than prose.
_ID_FIELDS = frozenset({"id", "iso3", "source_id", "source_ids", "edition", "allies"})
# Fields whose own rule allows more than ``MAX_TEXT_CHARS`` (checked there, with its words).
_LONG_FIELDS: dict[tuple[type, str], int] = {(Source, "text"): MAX_SOURCE_TEXT}


@functools.cache
def _field_types(cls: type) -> tuple[tuple[str, Any, Callable[[Any], bool]], ...]:
    """(name, declared type, quick test) of each field of record class ``cls``.

    The quick test passes the usual good value at the cost of a type() and a
    len(): opening a 50,000-figure store checks half a million fields.
    ``_type_problem`` says why a value that fails it is wrong (or that it is fine).
    """
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name], _quick_test(cls, f.name, hints[f.name]))
                 for f in dataclasses.fields(cls))


def _limit(cls: type, name: str) -> int:
    return MAX_ID_CHARS if name in _ID_FIELDS else MAX_TEXT_CHARS


def _quick_test(cls: type, name: str, expected: Any) -> Callable[[Any], bool]:
    optional = False
    if isinstance(expected, types.UnionType) or typing.get_origin(expected) is typing.Union:
        optional = type(None) in typing.get_args(expected)
        (expected,) = [t for t in typing.get_args(expected) if t is not type(None)]
    test: Callable[[Any], bool]
    if expected is str:
        if (cls, name) in _LONG_FIELDS:
            test = lambda v: type(v) is str
        else:
            limit = _limit(cls, name)
            test = lambda v: type(v) is str and len(v) <= limit
    elif expected is float:
        test = lambda v: type(v) is float and math.isfinite(v)
    elif isinstance(expected, type):
        exact = expected  # bool, int, an enum: exactly that type
        test = lambda v: type(v) is exact
    else:
        test = lambda v: False  # tuples: few, checked in full
    if optional:
        inner = test
        test = lambda v: v is None or inner(v)
    return test


def _kind_of(value: object) -> str:
    """What ``value`` is, in words ("a list", "a number", "nothing")."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _type_problem(record: Record, name: str, expected: Any, value: object) -> str | None:
    """Why ``value`` does not fit ``expected`` (a field's declared type), or None."""
    if isinstance(expected, types.UnionType) or typing.get_origin(expected) is typing.Union:
        options = typing.get_args(expected)
        if value is None and type(None) in options:
            return None
        (expected,) = [t for t in options if t is not type(None)]  # records use only "X | None"
    if expected is str:
        if not isinstance(value, str):
            return f"is not text (it is {_kind_of(value)})"
        limit = _LONG_FIELDS.get((type(record), name))
        if limit is not None:
            return None  # its own rule says how long it may be
        limit = _limit(type(record), name)
        if len(value) > limit:
            return f"is {len(value):,} characters, over the {limit:,}-character limit"
        return None
    if expected is bool:
        return None if isinstance(value, bool) else f"is not true or false (it is {_kind_of(value)})"
    if expected is int:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"is not a whole number (it is {_kind_of(value)})"
        return None
    if expected is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"is not a number (it is {_kind_of(value)})"
        if not math.isfinite(value):
            return f"is {value!r}, not a finite number"
        return None
    if isinstance(expected, type) and issubclass(expected, enum.Enum):
        if not isinstance(value, expected):
            return f"is not one of {', '.join(m.value for m in expected)} (it is {_kind_of(value)})"
        return None
    if typing.get_origin(expected) is tuple:
        if not isinstance(value, tuple):
            return f"is not a list of text (it is {_kind_of(value)})"
        limit = _limit(type(record), name)
        for n, item in enumerate(value, 1):
            if not isinstance(item, str):
                return f"item {n} is not text (it is {_kind_of(item)})"
            if len(item) > limit:
                return f"item {n} is {len(item):,} characters, over the {limit:,}-character limit"
        return None
    raise TypeError(f"validation does not know the field type {expected!r} of {type(record).__name__}.{name}")


def _check_types(record: Record) -> None:
    """Every field of ``record`` against its declared type (see the module docstring)."""
    cls: type = type(record)
    for name, expected, quick in _field_types(cls):
        value = getattr(record, name)
        if quick(value):
            continue
        problem = _type_problem(record, name, expected, value)
        if problem is not None:
            raise ValidationError(_safe_describe(record), name, problem)


def _safe_describe(record: Record) -> str:
    """``_describe``, even when the fields it uses are the damaged ones."""
    name = type(record).__name__
    parts = [getattr(record, f, None) for f in (("iso3", "year", "edition") if isinstance(record, Observation)
                                                else ("iso3",) if isinstance(record, Member) else ("id",))]
    if all(isinstance(p, (str, int)) and not isinstance(p, bool) and len(str(p)) <= 80 for p in parts):
        return _describe(record)
    ident = getattr(record, "iso3" if isinstance(record, Member) else "id", None)
    shown = ident[:80] if isinstance(ident, str) else "(with a damaged id)"
    return f"{name} {shown}"


def validate(record: Record) -> None:
    """Check one record on its own: every field's type, then its kind's rules.

    Raises ``ValidationError``."""
    _check_types(record)
    _CHECKS[type(record)](record)


def validate_references(
    records: Iterable[Record], source_ids: set[str], member_codes: set[str]
) -> None:
    """Check that every source and ally a record names exists.

    Raises:
        ValidationError: naming the first record whose reference dangles.
    """
    for record in records:
        refs: tuple[str, ...] = ()
        if isinstance(record, (Observation, Quote, Target, Event, Edition)):
            refs = (record.source_id,)
        elif isinstance(record, Position):
            refs = record.source_ids
        elif isinstance(record, Leader) and record.source_id:
            refs = (record.source_id,)
        for ref in refs:
            if ref not in source_ids:
                field = "source_ids" if isinstance(record, Position) else "source_id"
                raise ValidationError(_describe(record), field, f"'{ref}' is not a known source")
        iso3 = getattr(record, "iso3", None)
        if isinstance(record, (Observation, Position, Quote)) and iso3 not in member_codes:
            if iso3 != NATO_ID or isinstance(record, Observation):
                raise ValidationError(_describe(record), "iso3", f"'{iso3}' is not a member")
