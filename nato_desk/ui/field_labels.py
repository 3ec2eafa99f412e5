"""The label an analyst sees for each field of each record kind, and messages in those words.

The edit dialogs take their form labels from ``LABELS`` and turn a domain
``ValidationError`` (record, field, problem) into a message with ``message``,
so a form label and the message about that field can never drift apart:
"Source is required", never "Observation DEU 2025 (2025-08): source_id is empty".
A field with no label here (an id, an ISO code) is never named in a message.
"""

from __future__ import annotations

import re

from nato_desk.domain import Event, Observation, Position, Quote, Source, ValidationError

__all__ = ["LABELS", "label", "message"]

LABELS: dict[tuple[str, str], str] = {
    (Observation.KIND, "year"): "Year",
    (Observation.KIND, "value"): "Value",
    (Observation.KIND, "decimals"): "Value",
    (Observation.KIND, "status"): "Status",
    (Observation.KIND, "edition"): "Edition",
    (Observation.KIND, "measure"): "Measure",
    (Observation.KIND, "source_id"): "Source",
    (Observation.KIND, "note"): "Note",
    (Quote.KIND, "speaker"): "Speaker",
    (Quote.KIND, "role"): "Role",
    (Quote.KIND, "text"): "Text",
    (Quote.KIND, "lang"): "Language",
    (Quote.KIND, "translation"): "Translation",
    (Quote.KIND, "date"): "Date",
    (Quote.KIND, "source_id"): "Source",
    (Quote.KIND, "note"): "Note",
    (Position.KIND, "stance"): "Stance",
    (Position.KIND, "summary"): "Summary",
    (Position.KIND, "since"): "Since",
    (Position.KIND, "source_ids"): "Source",
    (Position.KIND, "note"): "Note",
    (Event.KIND, "date"): "Date",
    (Event.KIND, "label"): "Label",
    (Event.KIND, "kind"): "Kind",
    (Event.KIND, "source_id"): "Source",
    (Event.KIND, "note"): "Note",
    (Source.KIND, "title"): "Title",
    (Source.KIND, "publisher"): "Publisher",
    (Source.KIND, "date"): "Date",
    (Source.KIND, "url"): "URL",
    (Source.KIND, "note"): "Note",
    (Source.KIND, "kind"): "Kind",
    (Source.KIND, "cite_publisher"): "Cite publisher",
    (Source.KIND, "cite_title"): "Cite title",
    (Source.KIND, "cite_url"): "Cite URL",
    (Source.KIND, "read_at_url"): "Read at URL",
    (Source.KIND, "via"): "Via",
    (Source.KIND, "cite_confidence"): "Citation confidence",
    (Source.KIND, "cite_note"): "Citation evidence",
}

_KIND_WORDS = {Observation.KIND: "figure", Quote.KIND: "quote", Position.KIND: "position",
               Event.KIND: "chart event", Source.KIND: "source"}
# The domain's range wording, "120.0 is outside 0-100 (% of GDP)"; the unit is optional.
_OUTSIDE = re.compile(r"^(?P<value>\S+) is outside (?P<low>-?[0-9.]+)-(?P<high>[0-9.]+)(?P<unit> \(.*\))?$")
# Which record kind a ValidationError's "what" is about: "Observation DEU 2025 (2025-08)".
_KIND_OF_WHAT = {"Observation": Observation.KIND, "Quote": Quote.KIND, "Position": Position.KIND,
                 "Event": Event.KIND, "Source": Source.KIND}


def label(kind: str, field: str) -> str:
    """The form label of ``field`` of a ``kind`` record ("Source"); "" if it has none."""
    return LABELS.get((kind, field), "")


def kind_of(error: ValidationError, default: str) -> str:
    """The record kind ``error`` is about (its ``what`` starts with the class name)."""
    first = error.what.split(" ", 1)[0]
    return _KIND_OF_WHAT.get(first, default)


def _problem(problem: str) -> str:
    if problem.startswith("is empty"):
        return "is required"
    match = _OUTSIDE.match(problem)
    if match:
        unit = match.group("unit") or ""
        return f"must be between {match.group('low')} and {match.group('high')}{unit}"
    if problem.startswith("does not parse: "):
        return problem.removeprefix("does not parse: ")
    return problem


def message(error: ValidationError, kind: str) -> str:
    """``error`` in the analyst's words, naming the field by its form label.

    ``kind`` is the record kind the dialog edits; the error's own record kind
    wins when it names one (a source made from inside a figure dialog).
    """
    kind = kind_of(error, kind)
    problem = _problem(error.problem)
    name = label(kind, error.field)
    if not name:
        # An id or a code: the analyst never typed it, so it is not named.
        return f"This {_KIND_WORDS.get(kind, 'record')} cannot be stored: {problem}"
    # "Source is required", "Value must be …"; "Year: Germany 2024 already has …".
    joined = " " if re.match(r"^(is|must|has|was)\b", problem) else ": "
    return f"{name}{joined}{problem}"
