"""History in the analyst's words: one line per history entry, one detail per field.

``describe_entry`` turns a ``HistoryEntry`` (with the store, to name allies,
editions and sources by their names and titles) into an ``EntryWords``: the
one-line summary the History panel shows ("Germany 2025 (August 2025
edition): blank → 2.40% of GDP, source Bundestag budget law") and one
``Detail`` per field or record changed ("Germany 2025 (August 2025 edition)
value: blank → 2.40% of GDP"). Neither names an internal id or field name:
fields go through ``FIELD_LABELS``, records through their names and titles.

A record the store no longer holds (a deleted quote, a removed source) is
named from the copy the history carried when it was added or removed
(``known_records``); only a reference nothing can resolve says so in words.

Pure (no Qt): the History panel and any report can use it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from nato_desk.domain import (
    NATO_ID,
    PLAN_EDITION,
    RECORD_TYPES,
    AddRecord,
    Change,
    ChangeSet,
    Edition,
    Event,
    HistoryEntry,
    Leader,
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    RemoveRecord,
    SavedView,
    SetField,
    Source,
    Stance,
    Target,
)
from nato_desk.store import Store

__all__ = ["FIELD_LABELS", "Detail", "EntryWords", "describe_entry", "known_records"]

Known = Mapping[tuple[str, str], Record]

FIELD_LABELS: dict[str, str] = {
    "value": "value", "decimals": "decimals published", "status": "status",
    "source_id": "source", "source_ids": "sources", "note": "note", "edition": "edition",
    "measure": "measure", "year": "year", "iso3": "ally", "text": "text",
    "translation": "translation", "speaker": "speaker", "role": "role", "date": "date",
    "lang": "language", "summary": "summary", "stance": "stance", "since": "since",
    "title": "title", "publisher": "publisher", "url": "URL", "kind": "kind",
    "cite_publisher": "cite publisher", "cite_title": "cite title",
    "cite_url": "cite URL", "read_at_url": "read at URL", "via": "via",
    "cite_confidence": "citation confidence", "cite_note": "citation evidence",
    "label": "label", "released": "release date", "base_year": "base year",
    "name": "name", "official_name": "official name", "aliases": "other names",
    "start": "start", "end": "end", "order": "place in the storyline", "allies": "allies",
    "view": "view", "year_from": "first year", "year_to": "last year",
    "shown_measure": "measure shown", "scenario": "scenario", "hague": "Hague lines",
    "wales": "Wales line", "by_year": "by year", "agreed": "agreed",
    "accession_year": "accession year", "region": "region", "capital": "capital",
    "currency": "currency", "eurozone": "euro area",
}
"""The words for each record field (the analyst's labels, never the attribute names): the
edit dialogs' form labels (``ui.field_labels``, which this pure layer cannot import), lower
case, except "decimals published", which the dialogs fold into "Value"."""

_KIND_WORDS = {"observations": "figure", "quotes": "quote", "positions": "position",
               "sources": "source", "events": "chart event", "members": "ally",
               "targets": "target", "editions": "edition", "leaders": "leader",
               "views": "saved view"}


@dataclass(frozen=True)
class Detail:
    """One field or record an entry changed, in words."""

    kind: str  # the record kind (for filtering), never shown
    iso3: str  # the ally it belongs to, "" for none
    what: str  # "Germany 2025 (August 2025 edition) value"
    old: str
    new: str
    subject: str = ""  # "Germany 2025 (August 2025 edition)", for a field of a record
    field: str = ""  # "value"

    @property
    def text(self) -> str:
        if not self.old:
            return f"{self.what}: {self.new}"
        return f"{self.what}: {self.old} → {self.new}"

    def shown(self, subject: bool = True, limit: int = 80) -> str:
        """One line for a list: each side cut at ``limit`` characters (a long note
        must not push the new value out of sight); without the subject ("Value:
        blank → 2.40% of GDP") under a line that already names the record."""
        what = self.what if subject or not self.field else f"{self.field[:1].upper()}{self.field[1:]}"
        old, new = _short(self.old, limit), _short(self.new, limit)
        return f"{what}: {new}" if not old else f"{what}: {old} → {new}"


@dataclass(frozen=True)
class EntryWords:
    """An entry as the History panel shows it."""

    line: str
    details: tuple[Detail, ...]
    iso3s: frozenset[str]
    kinds: frozenset[str]


def known_records(entries: Iterable[HistoryEntry]) -> dict[tuple[str, str], Record]:
    """The last copy of every record the history added or removed, by (kind, id)."""
    out: dict[tuple[str, str], Record] = {}
    for entry in entries:
        for part in _parts(entry.change):
            if isinstance(part, (AddRecord, RemoveRecord)):
                out[(part.record.KIND, part.record.id)] = part.record
    return out


def describe_entry(store: Store, entry: HistoryEntry, known: Known | None = None) -> EntryWords:
    """``entry`` as one line and its details; ``known`` from ``known_records``."""
    words = _Words(store, known or {})
    change = entry.change
    # A value is shown to the precision set in the same step, on each side.
    for part in _parts(change):
        if isinstance(part, SetField) and part.kind == Observation.KIND and part.field == "decimals":
            words.decimals[part.record_id] = (part.old, part.new)
    details = tuple(d for part in _parts(change) for d in words.details(part))
    iso3s = frozenset(d.iso3 for d in details if d.iso3)
    kinds = frozenset(d.kind for d in details)
    label = entry.label
    if label.startswith("Revert "):
        prefix = "Revert: "
    elif label.startswith("Undo "):
        prefix = "Undo: "
    else:
        prefix = ""
    line = words.summary(change, entry.reason, label.removeprefix("Revert ").removeprefix("Undo "))
    return EntryWords(prefix + line, details, iso3s, kinds)


def _parts(change: Change) -> list[AddRecord | RemoveRecord | SetField]:
    if isinstance(change, ChangeSet):
        return [p for c in change.changes for p in _parts(c)]
    return [change]


_IMPORTED_FILE = re.compile(r"^Imported (.+?) \(SHA-256")
_MOST_IN_A_LINE = 3


class _Words:
    def __init__(self, store: Store, known: Known) -> None:
        self.store = store
        self.known = known
        self.decimals: dict[str, tuple[int, int]] = {}  # figure id: (old, new) set in this entry

    # -- looking records up -------------------------------------------------

    def record(self, kind: str, record_id: str) -> Record | None:
        cls = RECORD_TYPES.get(kind)
        found: Record | None = self.store.get(cls, record_id) if cls is not None else None
        return found if found is not None else self.known.get((kind, record_id))

    def ally(self, iso3: str) -> str:
        if iso3 == NATO_ID:
            return "NATO"
        member = self.record(Member.KIND, iso3)
        return member.name if isinstance(member, Member) else iso3

    def edition(self, edition_id: str) -> str:
        if edition_id == PLAN_EDITION:
            return "national plan"
        edition = self.record(Edition.KIND, edition_id)
        return f"{edition.label} edition" if isinstance(edition, Edition) else f"edition {edition_id}"

    def source(self, source_id: str) -> str:
        if not source_id:
            return "none"
        source = self.record(Source.KIND, source_id)
        if not isinstance(source, Source):
            return f"a source no longer in the store (“{source_id}”)"
        gone = "" if self.store.get(Source, source_id) is not None else " (since removed)"
        return f"{source.title or source.publisher}{gone}"

    # -- one figure ---------------------------------------------------------

    def figure_subject(self, obs_id: str) -> tuple[str, str, Measure | None]:
        """("Germany 2025 (August 2025 edition)", iso3, measure) for a figure id."""
        record = self.record(Observation.KIND, obs_id)
        measure: Measure | None
        if isinstance(record, Observation):
            iso3, year, measure, edition = record.iso3, str(record.year), record.measure, record.edition
        else:  # the stored form of a figure id: edition/iso3/measure/year
            bits = obs_id.split("/")
            if len(bits) != 4:
                return f"a figure no longer in the store (“{obs_id}”)", "", None
            edition, iso3, year = bits[0], bits[1], bits[3]
            measure = Measure(bits[2]) if bits[2] in Measure._value2member_map_ else None
        what = f"{self.ally(iso3)} {year}"
        ed = self.record(Edition.KIND, edition)
        if measure is not None and not (isinstance(ed, Edition) and ed.measure is measure) \
                and edition != PLAN_EDITION:
            short = measure.info.short or measure.label
            what += f" {short[:1].lower()}{short[1:]}"
        return f"{what} ({self.edition(edition)})", iso3, measure

    @staticmethod
    def number(value: float | None, decimals: int | None, measure: Measure | None) -> str:
        if value is None:
            return "blank"
        text = f"{value:.{decimals}f}" if decimals is not None and decimals >= 0 else repr(value)
        if float(text) != value:
            text = repr(value)  # the precision said less than the value holds: never round a figure
        unit = measure.info.unit if measure is not None else ""
        if not unit:
            return text
        return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}"

    def figure_value(self, record: Observation) -> str:
        return f"{self.number(record.value, record.decimals, record.measure)} {record.status.value}"

    # -- values of fields ---------------------------------------------------

    def value_words(self, field: str, value: Any) -> str:
        if field == "source_id":
            return self.source(str(value or ""))
        if field == "source_ids":
            return ", ".join(self.source(s) for s in value) if value else "none"
        if field == "edition":
            return self.edition(str(value))
        if field in ("iso3",):
            return self.ally(str(value))
        if isinstance(value, Stance):
            return value.label.lower()
        if isinstance(value, Measure):
            return value.label
        if isinstance(value, enum.Enum):
            return str(value.value)
        if value is None:
            return "blank"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, tuple):
            return ", ".join(str(v) for v in value) if value else "none"
        text = str(value)
        return text if text else "empty"

    # -- details (children) -------------------------------------------------

    def details(self, part: AddRecord | RemoveRecord | SetField) -> list[Detail]:
        if isinstance(part, SetField):
            return [self.field_detail(part)]
        record = part.record
        added = isinstance(part, AddRecord)
        held = self.record_words(record)
        iso3 = str(getattr(record, "iso3", ""))
        noun = _KIND_WORDS.get(record.KIND, "record").capitalize()
        return [Detail(record.KIND, iso3, f"{noun} {'added' if added else 'removed'}",
                       "", held)]

    def field_detail(self, part: SetField) -> Detail:
        label = FIELD_LABELS.get(part.field, part.field.replace("_", " "))
        if part.kind == Observation.KIND:
            subject, iso3, measure = self.figure_subject(part.record_id)
            if part.field == "value":
                record = self.record(Observation.KIND, part.record_id)
                current = record.decimals if isinstance(record, Observation) else None
                old_d, new_d = self.decimals.get(part.record_id, (current, current))
                old, new = self.number(part.old, old_d, measure), self.number(part.new, new_d, measure)
            else:
                old, new = self.value_words(part.field, part.old), self.value_words(part.field, part.new)
            return Detail(part.kind, iso3, f"{subject} {label}", old, new, subject, label)
        record = self.record(part.kind, part.record_id)
        iso3 = str(getattr(record, "iso3", "")) if record is not None else ""
        subject = self.subject(part.kind, record)
        return Detail(part.kind, iso3, f"{subject}: {label}", self.value_words(part.field, part.old),
                      self.value_words(part.field, part.new), subject, label)

    def subject(self, kind: str, record: Record | None) -> str:
        """A record named as the analyst knows it: "Quote by Pedro Sánchez (Spain)"."""
        if isinstance(record, Quote):
            return f"Quote by {record.speaker or 'an unknown speaker'} ({self.ally(record.iso3)})"
        if isinstance(record, Position):
            return f"{_possessive(self.ally(record.iso3))} position"
        if isinstance(record, Source):
            return f"Source “{record.title or record.publisher}”"
        if isinstance(record, Edition):
            return f"Edition {record.label}"
        if isinstance(record, Event):
            return f"Chart event “{record.label}”"
        if isinstance(record, Member):
            return record.name
        if isinstance(record, Leader):
            return f"Leader {record.name} ({self.ally(record.iso3)})"
        if isinstance(record, Target):
            return f"Target “{record.label}”"
        if isinstance(record, SavedView):
            return f"Saved view “{record.name}”"
        return f"A {_KIND_WORDS.get(kind, 'record')} no longer in the store"

    def record_words(self, record: Record) -> str:
        """What an added or removed record held, in one line."""
        if isinstance(record, Observation):
            subject, _, _ = self.figure_subject(record.id)
            return f"{subject}: {self.figure_value(record)}, source {self.source(record.source_id)}"
        if isinstance(record, Quote):
            return f"{self.subject(Quote.KIND, record)}: “{_short(record.text)}”"
        if isinstance(record, Position):
            since = f" since {record.since}" if record.since else ""
            return f"{self.subject(Position.KIND, record)}{since}: {record.stance.label.lower()}"
        if isinstance(record, Source):
            by = f", {record.publisher}" if record.publisher else ""
            return f"“{record.title}”{by}"
        if isinstance(record, Edition):
            return f"{record.label} ({record.publisher}, {record.title})"
        if isinstance(record, Event):
            return f"{record.label} ({record.date})"
        return self.subject(record.KIND, record)

    # -- the one line -------------------------------------------------------

    def summary(self, change: Change, reason: str, label: str) -> str:
        parts = _parts(change)
        if label.startswith("Import article"):
            return self.article_import(parts, label)
        if label.startswith("Import ") and len(parts) > 1:
            return self.table_import(parts, reason, label)
        groups: dict[tuple[str, str], list[AddRecord | RemoveRecord | SetField]] = {}
        for part in parts:
            key = (part.kind, part.record_id) if isinstance(part, SetField) else (part.record.KIND, part.record.id)
            groups.setdefault(key, []).append(part)
        phrases = self.moves(groups)
        phrases += [self.record_phrase(kind, rid, group) for (kind, rid), group in groups.items()]
        if len(phrases) > _MOST_IN_A_LINE:
            shown = _MOST_IN_A_LINE - 1
            return "; ".join(phrases[:shown]) + f"; and {len(phrases) - shown} more changes"
        return "; ".join(phrases)

    def moves(self, groups: dict[tuple[str, str], list[AddRecord | RemoveRecord | SetField]]) -> list[str]:
        """A figure removed and another of the same ally added in one step: a figure moved
        (the dialog changed its year, measure or edition). Takes those groups out."""
        removed = [k for k, g in groups.items() if k[0] == Observation.KIND and len(g) == 1
                   and isinstance(g[0], RemoveRecord)]
        added = [k for k, g in groups.items() if k[0] == Observation.KIND and len(g) == 1
                 and isinstance(g[0], AddRecord)]
        if len(removed) != 1 or len(added) != 1:
            return []
        old, new = groups[removed[0]][0], groups[added[0]][0]
        assert isinstance(old, RemoveRecord) and isinstance(new, AddRecord)
        if not (isinstance(old.record, Observation) and isinstance(new.record, Observation)
                and old.record.iso3 == new.record.iso3):
            return []
        del groups[removed[0]], groups[added[0]]
        before, _, _ = self.figure_subject(old.record.id)
        after, _, _ = self.figure_subject(new.record.id)
        moved = (f"{before}: {self.figure_value(old.record)} moved to {after}: "
                 f"{self.figure_value(new.record)}, source {self.source(new.record.source_id)}")
        return [moved]

    def record_phrase(self, kind: str, record_id: str, group: list[AddRecord | RemoveRecord | SetField]) -> str:
        sets = {p.field: p for p in group if isinstance(p, SetField)}
        whole = [p for p in group if not isinstance(p, SetField)]
        if whole and not sets:
            last = whole[-1]
            if isinstance(last, AddRecord) and isinstance(last.record, Position):
                return self.position_added(last.record)
            verb = "added" if isinstance(last, AddRecord) else "removed"
            if isinstance(last.record, Observation):
                subject, _, _ = self.figure_subject(last.record.id)
                held = f"{self.figure_value(last.record)}, source {self.source(last.record.source_id)}"
                return f"{subject}: {held} {verb}" if verb == "added" else f"{subject}: removed (was {held})"
            if isinstance(last.record, Quote):
                quoted = _short(last.record.text)
                return f"{self.subject(Quote.KIND, last.record)} {verb}: “{quoted}”"
            noun = _KIND_WORDS.get(last.record.KIND, "record").capitalize()
            return f"{noun} {verb}: {self.record_words(last.record)}"
        if kind == Observation.KIND:
            return self.figure_edited(record_id, sets)
        record = self.record(kind, record_id)
        subject = self.subject(kind, record)
        if isinstance(record, Position) and "stance" in sets:
            s = sets.pop("stance")
            rest = _edited(sets)
            return f"{subject}: {self.value_words('stance', s.old)} → {self.value_words('stance', s.new)}" + \
                (f", {rest}" if rest else "")
        return f"{subject}: {_edited(sets)}"

    def figure_edited(self, record_id: str, sets: dict[str, SetField]) -> str:
        subject, _, measure = self.figure_subject(record_id)
        record = self.record(Observation.KIND, record_id)
        current = record.decimals if isinstance(record, Observation) else None
        bits: list[str] = []
        if "value" in sets:
            d = sets.get("decimals")
            old_d, new_d = (d.old, d.new) if d is not None else (current, current)
            bits.append(f"{self.number(sets['value'].old, old_d, measure)} → "
                        f"{self.number(sets['value'].new, new_d, measure)}")
        elif "decimals" in sets:
            d = sets["decimals"]
            bits.append(f"published to {d.new} decimals (was {d.old})")
        if "status" in sets:
            bits.append(f"{self.value_words('status', sets['status'].old)} → "
                        f"{self.value_words('status', sets['status'].new)}")
        if "source_id" in sets:
            bits.append(f"source {self.source(str(sets['source_id'].new or ''))}")
        rest = {k: v for k, v in sets.items() if k not in ("value", "decimals", "status", "source_id")}
        if rest:
            bits.append(_edited(rest))
        return f"{subject}: {', '.join(bits)}"

    def position_added(self, position: Position) -> str:
        """"Spain's position: opposes or exempted → supports with reservations"."""
        earlier = [p for p in self.store.positions(position.iso3)
                   if p.id != position.id and p.since <= position.since]
        before = earlier[-1].stance.label.lower() if earlier else "none recorded"
        return f"{_possessive(self.ally(position.iso3))} position: {before} → {position.stance.label.lower()}"

    def table_import(self, parts: list[AddRecord | RemoveRecord | SetField], reason: str, label: str) -> str:
        """"Imported 240617-tables.xlsx: 312 figures added, 40 changed (June 2024 edition)"."""
        match = _IMPORTED_FILE.match(reason)
        what = f"Imported {match.group(1)}" if match else label.replace("Import ", "Imported ", 1)
        added = sum(1 for p in parts if isinstance(p, AddRecord) and isinstance(p.record, Observation))
        removed = sum(1 for p in parts if isinstance(p, RemoveRecord) and isinstance(p.record, Observation))
        changed = len({p.record_id for p in parts if isinstance(p, SetField) and p.kind == Observation.KIND})
        counts = [f"{added} {_plural(added, 'figure')} added"] if added else []
        if changed:
            counts.append(f"{changed} changed" if counts else f"{changed} {_plural(changed, 'figure')} changed")
        if removed:
            counts.append(f"{removed} removed" if counts else f"{removed} {_plural(removed, 'figure')} removed")
        editions = [p.record for p in parts if isinstance(p, AddRecord) and isinstance(p.record, Edition)]
        extra = f" (new edition {editions[0].label})" if editions else ""
        return f"{what}: {', '.join(counts) or 'nothing changed'}{extra}"

    def article_import(self, parts: list[AddRecord | RemoveRecord | SetField], label: str) -> str:
        """"Imported article “…”: 3 quotes, 1 plan point, Spain's position note"."""
        title = label.removeprefix("Import article").lstrip(": ")
        counted: dict[str, int] = {}
        for p in parts:
            if isinstance(p, AddRecord) and not isinstance(p.record, Source):
                noun = "plan point" if isinstance(p.record, Observation) else _KIND_WORDS.get(p.record.KIND, "record")
                counted[noun] = counted.get(noun, 0) + 1
        notes = {p.record_id for p in parts if isinstance(p, SetField) and p.kind == Position.KIND}
        bits = [f"{n} {_plural(n, noun)} added" for noun, n in counted.items()]
        if notes:
            bits.append(f"{len(notes)} {_plural(len(notes), 'position')} noted")
        return f"Imported article “{title}”: {', '.join(bits) or 'its source only'}"


def _edited(sets: Mapping[str, SetField]) -> str:
    names = [FIELD_LABELS.get(f, f.replace("_", " ")) for f in sets]
    if not names:
        return "changed"
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"{joined} edited"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _plural(n: int, noun: str) -> str:
    return noun if n == 1 else f"{noun}s"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

