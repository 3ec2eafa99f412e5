"""positions_quotes.json -> ``Position`` and ``Quote`` records.

This module owns the reading of the reference's stances and verbatim quotes.
The file is a list of entries, one per ally plus ``"NATO"``::

    {"iso3": "ESP", "stance": "opposes_or_exempted", "stance_summary": "...",
     "quotes": [{"speaker", "role", "text", "date", "source_id",
                 "lang"?, "note"?}, ...],
     "stance_source_ids"?: [...]}

Rules it keeps:

* no position without a source: its ``source_ids`` are the entry's
  ``stance_source_ids`` when given, else the sources of its quotes (the
  reference classified those stances from the quotes); an entry with
  neither is refused;
* quote text and notes are copied verbatim, in the original language; the
  English gloss of a non-English quote stays in ``note`` as written;
* keys are checked strictly (missing, unknown or of the wrong type), and
  errors name the JSON path, e.g. ``$[3].quotes[1]``;
* hostile JSON is refused, never crashes: nesting deeper than Python's
  recursion limit, ``NaN``/``Infinity`` (not JSON, though Python accepts
  them), numbers of thousands of digits, text over ``MAX_JSON_CHARS`` and
  strings over ``MAX_FIELD_CHARS``.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from nato_desk.domain import Position, Quote, Stance

from nato_desk.ingest.limits import MAX_FIELD_CHARS, MAX_JSON_CHARS, excerpt
from nato_desk.ingest.origins import Origins, accept
from nato_desk.ingest.rejected import ImportRejected

__all__ = ["DERIVED_NOTE", "parse_positions"]

DERIVED_NOTE = "Stance classified by the reference research from the sources listed"
"""The note of a position whose sources are those of its quotes."""

_ENTRY_KEYS = {"iso3", "stance", "stance_summary", "quotes"}
_ENTRY_OPTIONAL = {"stance_source_ids"}
_QUOTE_KEYS = {"speaker", "role", "text", "date", "source_id"}
_QUOTE_OPTIONAL = {"lang", "note"}
_POSITION_COLUMNS = {"summary": "stance_summary", "source_ids": "stance_source_ids"}


def parse_positions(
    text: str, name: str, *, origins: Origins | None = None
) -> tuple[list[Position], list[Quote]]:
    """Read positions_quotes.json; return its positions and its quotes, in file order.

    Position ids are ``"{iso3}-hague-2025"``; quote ids ``"{iso3}-01"``,
    ``"{iso3}-02"``... numbered per entry in file order.

    Raises:
        ImportRejected: not JSON, not a list of entries, a missing, unknown
            or mistyped key, an unknown stance, an empty quote text, or an
            entry with no source at all.
    """
    origins = Origins() if origins is None else origins
    data = _load_json(text, name)
    if not isinstance(data, list):
        raise ImportRejected(name, "$", "", f"must be a list of entries, not {_json_type(data)}")

    positions: list[Position] = []
    quotes: list[Quote] = []
    for i, entry in enumerate(data):
        where = f"$[{i}]"
        _check_keys(entry, name, where, _ENTRY_KEYS, _ENTRY_OPTIONAL)
        iso3 = _text(entry, "iso3", name, where)
        stance_text = _text(entry, "stance", name, where)
        try:
            stance = Stance(stance_text)
        except ValueError:
            allowed = ", ".join(s.value for s in Stance)
            raise ImportRejected(
                name, where, "stance", f"'{excerpt(stance_text)}' is not one of: {allowed}"
            ) from None
        raw_quotes = entry["quotes"]
        if not isinstance(raw_quotes, list):
            raise ImportRejected(
                name, where, "quotes", f"must be a list, not {_json_type(raw_quotes)}"
            )

        entry_quotes: list[Quote] = []
        for n, raw in enumerate(raw_quotes, start=1):
            quote_where = f"{where}.quotes[{n - 1}]"
            _check_keys(raw, name, quote_where, _QUOTE_KEYS, _QUOTE_OPTIONAL)
            quote = Quote(
                id=f"{iso3}-{n:02d}",
                iso3=iso3,
                speaker=_text(raw, "speaker", name, quote_where),
                role=_text(raw, "role", name, quote_where),
                text=_text(raw, "text", name, quote_where),
                date=_text(raw, "date", name, quote_where),
                source_id=_text(raw, "source_id", name, quote_where),
                lang=_text(raw, "lang", name, quote_where, default="en"),
                note=_text(raw, "note", name, quote_where, default=""),
            )
            entry_quotes.append(accept(quote, origins, name, quote_where))

        if "stance_source_ids" in entry:
            source_ids = _text_list(entry, "stance_source_ids", name, where)
            note = ""
        elif entry_quotes:
            # dict.fromkeys keeps the first appearance of each source, in order.
            source_ids = tuple(dict.fromkeys(q.source_id for q in entry_quotes))
            note = DERIVED_NOTE
        else:
            raise ImportRejected(
                name,
                where,
                "quotes",
                "is empty and there is no stance_source_ids: a position needs a source",
                what=f"Position {iso3}",
            )
        position = Position(
            id=f"{iso3}-hague-2025",
            iso3=iso3,
            stance=stance,
            summary=_text(entry, "stance_summary", name, where),
            source_ids=source_ids,
            since="",
            note=note,
        )
        positions.append(accept(position, origins, name, where, _POSITION_COLUMNS))
        quotes.extend(entry_quotes)
    return positions, quotes


class _Refused(Exception):
    """Raised from inside ``json.loads`` by a hook; carries the problem in words."""


def _refuse_constant(constant: str) -> NoReturn:
    raise _Refused(f"contains {constant}, which is not a JSON number")


# Nothing in this file is a number; a number this long is an attack, and
# ``int()`` would refuse it past 4,300 digits with a bare ValueError.
_MAX_NUMBER_CHARS = 100


def _int(digits: str) -> int:
    if len(digits) > _MAX_NUMBER_CHARS:
        raise _Refused(f"contains a number {len(digits):,} digits long")
    return int(digits)


def _float(digits: str) -> float:
    if len(digits) > _MAX_NUMBER_CHARS:
        raise _Refused(f"contains a number {len(digits):,} characters long")
    return float(digits)


def _load_json(text: str, name: str) -> Any:
    """``json.loads`` with every way it can fail turned into ``ImportRejected``."""
    if len(text) > MAX_JSON_CHARS:
        raise ImportRejected(
            name,
            "",
            "",
            f"is {len(text):,} characters, over the {MAX_JSON_CHARS:,}-character limit "
            "for a JSON file",
        )
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, parse_int=_int, parse_float=_float
        )
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            name, f"line {exc.lineno}", "", f"is not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except _Refused as exc:
        raise ImportRejected(name, "", "", str(exc)) from None
    except RecursionError:
        raise ImportRejected(
            name, "", "", "nests lists or objects too deeply to be read"
        ) from None
    except ValueError as exc:  # anything else json or a number conversion refuses
        raise ImportRejected(name, "", "", f"is not valid JSON: {exc}") from None


def _json_type(value: object) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"


def _check_keys(
    obj: object, file: str, where: str, required: set[str], optional: set[str]
) -> None:
    if not isinstance(obj, dict):
        raise ImportRejected(file, where, "", f"must be an object, not {_json_type(obj)}")
    for key in sorted(required - obj.keys()):
        raise ImportRejected(file, where, key, "is missing")
    for key in sorted(obj.keys() - required - optional):
        # Refused rather than skipped: an unknown key is reference data the
        # app would silently not show.
        raise ImportRejected(file, where, excerpt(key), "is not a key this importer knows")


def _text(
    obj: dict[str, Any], key: str, file: str, where: str, *, default: str | None = None
) -> str:
    if key not in obj and default is not None:
        return default
    value = obj[key]
    if not isinstance(value, str):
        raise ImportRejected(file, where, key, f"must be text, not {_json_type(value)}")
    _check_length(value, file, where, key)
    return value


def _check_length(value: str, file: str, where: str, key: str) -> None:
    if len(value) > MAX_FIELD_CHARS:
        raise ImportRejected(
            file,
            where,
            key,
            f"is {len(value):,} characters long, over the {MAX_FIELD_CHARS:,}-character "
            "limit for one field",
        )


def _text_list(obj: dict[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
    value = obj[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ImportRejected(file, where, key, "must be a list of source ids (text)")
    if not value:
        raise ImportRejected(file, where, key, "is empty: a position needs a source")
    for item in value:
        _check_length(item, file, where, key)
    return tuple(value)
