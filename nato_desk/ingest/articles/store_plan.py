"""What accepting an article's proposals stores: one ChangeSet, built without Qt.

The review (``ui/article_review``) lets the analyst confirm the source, accept
or edit quotes and claims; this module turns that into ONE ``ChangeSet``
labelled "Import article: <title>", applied through the one write path and
undone in one step:

* the article as a ``Source`` (kind "press" unless told otherwise), carrying
  its deduplicated text in ``Source.text`` so a stored quote can later be
  shown in its paragraph. An existing source with the same URL (or the same
  title and publisher) is reused instead of added twice;
* each speaker the analyst added to the leaders directory in the review
  (``new_leaders.NewLeader``) as a ``Leader`` citing the article's source,
  after the source and before the quotes, so one undo removes source, leader
  and quotes together;
* each accepted quote as a ``Quote`` of its ally (or ``"NATO"``), verbatim,
  sourced to the article. Its ``date`` stays empty unless the analyst gives
  the day of the remark: an article's date is when it was published, not when
  the words were said, so it lives in the source. A quote with no ally cannot
  be a ``Quote`` (the record requires one) and is skipped with a reason;
* each accepted claim as a national plan point (``Observation`` with status
  plan in ``PLAN_EDITION``) or as a line appended to the note of the ally's
  current position (a ``SetField``, which also adds the article to the
  position's sources). Appending is the least destructive note: a new
  ``Position`` would change the ally's stance history on the strength of one
  sentence, and rewriting the summary would lose the analyst's words.

Duplicates are never stored twice: a quote whose normalised text matches a
stored quote of the same ally and speaker (rapidfuzz ratio at least
``DUPLICATE_SCORE``, or one text containing the other) is flagged by
``find_duplicates`` (the review unticks it) and skipped here, as is a second
copy within one import and a plan point that already holds the same figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from nato_desk.domain import (
    NATO_ID,
    PLAN_EDITION,
    AddRecord,
    Change,
    ChangeSet,
    Leader,
    Measure,
    Observation,
    Position,
    Quote,
    SetField,
    Source,
    Status,
)
from nato_desk.ingest.articles.model import ArticleText, ClaimProposal, QuoteProposal
from nato_desk.ingest.articles.new_leaders import NewLeader, leader_record

__all__ = [
    "DUPLICATE_SCORE",
    "AcceptedClaim",
    "AcceptedQuote",
    "ArticleSource",
    "ImportPlan",
    "Skipped",
    "StoreView",
    "claim_measure",
    "find_duplicates",
    "normalise_quote",
    "plan_import",
    "plan_point_id",
    "view_of",
]

DUPLICATE_SCORE = 90.0
"""rapidfuzz ratio (0-100) on normalised text at or above which two quotes are the same."""

_CONTAINED_MIN = 25  # a shorter text inside a longer one is the same quote only if it says something


@dataclass(frozen=True)
class ArticleSource:
    """The source as the analyst confirmed it (publisher and title required)."""

    publisher: str
    title: str
    date: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD as published
    url: str = ""
    kind: str = "press"
    note: str = ""


@dataclass(frozen=True)
class AcceptedQuote:
    """A quote the analyst accepted, as edited (``iso3`` may still be None: skipped)."""

    text: str
    speaker: str
    role: str
    iso3: str | None
    paragraph: int = -1  # in ArticleText.paragraphs; -1 unknown
    date: str = ""  # the day of the remark, only when the analyst knows it
    reason: str = ""

    @classmethod
    def of(cls, proposal: QuoteProposal) -> AcceptedQuote:
        return cls(proposal.text, proposal.speaker, proposal.role, proposal.iso3,
                   proposal.paragraph, "", proposal.reason)


@dataclass(frozen=True)
class AcceptedClaim:
    """A claim the analyst accepted, stored as a plan point (``as_plan``) or a position note."""

    claim: ClaimProposal
    as_plan: bool = True


@dataclass(frozen=True)
class StoreView:
    """What of the store the plan is checked against (read by the caller)."""

    quotes: Sequence[Quote] = ()
    sources: Sequence[Source] = ()
    positions: Mapping[str, Position] = field(default_factory=dict)  # iso3 -> current position
    plan_points: Mapping[str, Observation] = field(default_factory=dict)  # id -> PLAN_EDITION figure
    members: frozenset[str] = frozenset()  # allies' iso3 codes
    used_ids: frozenset[str] = frozenset()  # quote, source and leader ids ever used (history too): never reused
    leaders: Sequence[Leader] = ()  # the directory, to refuse adding a person twice
    today: str = ""  # YYYYMMDD for a new source id when the article is undated


class _Readable(Protocol):
    """What ``StoreView.of`` reads: the store's read methods (ingest does not import store)."""

    def quotes(self, iso3: str | None = None) -> list[Quote]: ...
    def sources(self) -> list[Source]: ...
    def leaders(self) -> list[Leader]: ...
    def members(self) -> list[Any]: ...
    def position(self, iso3: str) -> Position | None: ...
    def observations(self, iso3: str | None = None, edition: str | None = None) -> list[Observation]: ...
    def history(self) -> list[Any]: ...


def view_of(store: _Readable, today: str = "") -> StoreView:
    """The ``StoreView`` of a store (``today`` as YYYYMMDD, for an undated article's source id)."""
    members = frozenset(m.iso3 for m in store.members())
    positions = {iso3: p for iso3 in (*members, NATO_ID) if (p := store.position(iso3)) is not None}
    used = {rid for entry in store.history() for kind, rid in entry.records
            if kind in (Quote.KIND, Source.KIND, Leader.KIND)}
    return StoreView(quotes=tuple(store.quotes()), sources=tuple(store.sources()), positions=positions,
                     plan_points={o.id: o for o in store.observations(edition=PLAN_EDITION)},
                     members=members, used_ids=frozenset(used), today=today, leaders=tuple(store.leaders()))


@dataclass(frozen=True)
class Skipped:
    what: str  # "quote: 'That changes today.' (Mark Rutte)"
    why: str  # "already stored as NATO-07"


@dataclass(frozen=True)
class ImportPlan:
    change: ChangeSet | None  # None: nothing new to store
    source_id: str
    source_added: bool
    quotes: tuple[Quote, ...]
    plan_points: tuple[Observation, ...]
    notes: tuple[str, ...]  # iso3 of positions given a note
    skipped: tuple[Skipped, ...]
    leaders: tuple[Leader, ...] = ()  # added to the directory, citing the article

    @property
    def summary(self) -> str:
        """One plain sentence: what Apply stores and what it leaves out."""
        parts = [f"{len(self.quotes)} quote{'s' * (len(self.quotes) != 1)}"]
        if self.plan_points:
            parts.append(f"{len(self.plan_points)} plan point{'s' * (len(self.plan_points) != 1)}")
        if self.notes:
            parts.append(f"{len(self.notes)} position note{'s' * (len(self.notes) != 1)}")
        if self.leaders:
            parts.append(f"{len(self.leaders)} new speaker{'s' * (len(self.leaders) != 1)} "
                         "for the leaders directory")
        text = "Stores " + ", ".join(parts)
        text += " and the article as a new source" if self.source_added else f" from source {self.source_id}"
        if self.skipped:
            text += f"; leaves out {len(self.skipped)} (see the list)"
        return text + "."


# --- duplicates -------------------------------------------------------------

_QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2026": "..."})


def normalise_quote(text: str) -> str:
    """Casefolded, accents and quote marks plain, spaces collapsed, outer punctuation dropped."""
    plain = unicodedata.normalize("NFKD", text.translate(_QUOTE_MARKS))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"\s+", " ", plain).casefold()
    return plain.strip(" \"'.,;:!?-\u2013\u2014")


def _same_speaker(a: str, b: str) -> bool:
    # "Rutte" and "Mark Rutte" are one speaker; a surname alone is how copy refers back.
    x, y = normalise_quote(a).split(), normalise_quote(b).split()
    return not x or not y or x[-1] == y[-1]


def _same_text(a: str, b: str) -> bool:
    from rapidfuzz import fuzz  # imported when used: start-up speed

    x, y = normalise_quote(a), normalise_quote(b)
    if not x or not y:
        return False
    short, long = sorted((x, y), key=len)
    if len(short) >= _CONTAINED_MIN and short in long:
        return True
    return fuzz.ratio(x, y) >= DUPLICATE_SCORE


def _duplicate_of(text: str, speaker: str, iso3: str | None, quotes: Iterable[Quote]) -> Quote | None:
    for quote in quotes:
        if (iso3 is None or quote.iso3 == iso3) and _same_speaker(speaker, quote.speaker) \
                and _same_text(text, quote.text):
            return quote
    return None


def find_duplicates(proposals: Sequence[QuoteProposal | AcceptedQuote],
                    stored: Sequence[Quote]) -> dict[int, Quote]:
    """Index of each proposal that repeats a stored quote -> that quote."""
    out: dict[int, Quote] = {}
    for i, p in enumerate(proposals):
        found = _duplicate_of(p.text, p.speaker, p.iso3, stored)
        if found is not None:
            out[i] = found
    return out


# --- records ----------------------------------------------------------------

_MEASURES = {"core": Measure.CORE_PCT_GDP, "related": Measure.RELATED_PCT_GDP,
             "total": Measure.TOTAL_PCT_GDP, "": Measure.PCT_GDP}


def claim_measure(claim: ClaimProposal) -> Measure:
    """The measure a claim's figure is stored under ("" when the text does not say: % of GDP)."""
    return _MEASURES.get(claim.measure, Measure.PCT_GDP)


def plan_point_id(iso3: str, measure: Measure, year: int) -> str:
    # The figure dialog's scheme (edition/iso3/measure/year), so one plan point per year and measure.
    return f"{PLAN_EDITION}/{iso3}/{measure.value}/{year}"


def _decimals(value: float) -> int:
    # As written: 2.1 has one decimal, 5.0 none. Never more than validation allows.
    text = repr(float(value))
    return 0 if text.endswith(".0") else min(4, len(text.split(".")[1]))


def _excerpt(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _source_id(source: ArticleSource, view: StoreView) -> str:
    # Readable like the shipped ids (BBC_BIGWIN_20250625): ARTICLE_<date>_<three title words>.
    words = re.sub(r"[^A-Za-z0-9 ]+", " ", source.title).upper().split()[:3]
    day = source.date.replace("-", "") or view.today
    base = "_".join(["ARTICLE", *([day] if day else []), *words])
    taken = {s.id for s in view.sources} | set(view.used_ids)
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}_{n}", n + 1
    return sid


def _same_source(source: ArticleSource, view: StoreView) -> Source | None:
    for s in view.sources:
        if source.url and s.url and s.url.strip() == source.url.strip():
            return s
        if not source.url and s.title.strip().casefold() == source.title.strip().casefold() \
                and s.publisher.strip().casefold() == source.publisher.strip().casefold():
            return s
    return None


def plan_import(article: ArticleText, source: ArticleSource, quotes: Sequence[AcceptedQuote],
                claims: Sequence[AcceptedClaim], view: StoreView,
                new_leaders: Sequence[NewLeader] = ()) -> ImportPlan:
    """The one ChangeSet that stores the accepted proposals, and what it leaves out and why.

    Raises:
        ValueError: the source lacks a publisher or a title (the analyst must confirm them).
    """
    if not source.publisher.strip() or not source.title.strip():
        raise ValueError("the source needs a publisher and a title before anything is stored")
    label = f"Import article: {_excerpt(source.title.strip(), 80)}"
    changes: list[Change] = []
    skipped: list[Skipped] = []

    existing = _same_source(source, view)
    if existing is not None:
        sid, source_added = existing.id, False
    else:
        sid, source_added = _source_id(source, view), True
        record = Source(sid, source.title.strip(), source.publisher.strip(), source.date.strip(),
                        source.url.strip(), source.note.strip(), kind=source.kind, text=article.text)
        changes.append(AddRecord(record, label))

    # After the source they cite (maybe new in this ChangeSet), before the quotes they speak.
    added: list[Leader] = []
    taken = {x.id for x in view.leaders} | set(view.used_ids)
    for draft in new_leaders:
        leader = leader_record(draft, sid, taken)
        taken.add(leader.id)
        added.append(leader)
        changes.append(AddRecord(leader, label))

    stored: list[Quote] = []
    next_id = _next_quote_id(view)
    for q in quotes:
        what = f"quote: '{_excerpt(q.text)}' ({q.speaker or 'no speaker'})"
        if not q.text.strip() or not q.speaker.strip():
            skipped.append(Skipped(what, "has no text or no speaker"))
            continue
        if q.iso3 is None or not (q.iso3 == NATO_ID or q.iso3 in view.members):
            skipped.append(Skipped(what, "has no ally: pick the ally (or NATO) in the review to store it"))
            continue
        dup = _duplicate_of(q.text, q.speaker, q.iso3, view.quotes)
        if dup is not None:
            skipped.append(Skipped(what, f"is already stored as {dup.id}"))
            continue
        if _duplicate_of(q.text, q.speaker, q.iso3, stored) is not None:
            skipped.append(Skipped(what, "was accepted twice; stored once"))
            continue
        where = f"paragraph {q.paragraph + 1} of the article" if q.paragraph >= 0 else "the article"
        note = f"Imported from {where}." + (f" Attribution: {q.reason}" if q.reason else "")
        quote = Quote(id=next_id(q.iso3), iso3=q.iso3, speaker=q.speaker.strip(), role=q.role.strip(),
                      text=q.text, date=q.date.strip(), source_id=sid, lang=article.language or "en",
                      note=note)
        stored.append(quote)
        changes.append(AddRecord(quote, label))

    points: list[Observation] = []
    note_lines: dict[str, list[str]] = {}
    for accepted in claims:
        c = accepted.claim
        what = f"claim: {c.value:g}% ({c.iso3 or c.group or 'no ally'}, {c.year or 'no year'})"
        if c.iso3 is None or c.iso3 not in view.members:
            skipped.append(Skipped(what, "is not tied to one ally: pick the ally in the review"))
            continue
        if not accepted.as_plan:
            if c.iso3 not in view.positions:
                skipped.append(Skipped(what, "the ally has no position to add a note to; store it as a plan point"))
                continue
            note_lines.setdefault(c.iso3, []).append(
                f"Article claim ({sid}): {c.value:g}% of GDP"
                + (f", {c.year}" if c.year else "") + f" ({c.kind}): \"{_excerpt(c.text, 200)}\"")
            continue
        if c.year is None:
            skipped.append(Skipped(what, "has no year: edit the year in the review to store a plan point"))
            continue
        measure = claim_measure(c)
        pid = plan_point_id(c.iso3, measure, c.year)
        old = view.plan_points.get(pid) or next((p for p in points if p.id == pid), None)
        if old is not None:
            why = ("is already stored" if old.value == c.value
                   else f"would replace the plan point {old.value:g}% stored for {c.year}; edit that one instead")
            skipped.append(Skipped(what, why))
            continue
        point = Observation(id=pid, iso3=c.iso3, year=c.year, measure=measure, value=float(c.value),
                            decimals=_decimals(c.value), status=Status.PLAN, edition=PLAN_EDITION,
                            source_id=sid, note=f"From the article: \"{_excerpt(c.text, 200)}\"")
        points.append(point)
        changes.append(AddRecord(point, label))

    for iso3, lines in note_lines.items():
        position = view.positions[iso3]
        joined = "\n".join(lines)
        new_note = f"{position.note}\n{joined}" if position.note else joined
        changes.append(SetField(Position.KIND, position.id, "note", position.note, new_note, label))
        if sid not in position.source_ids:
            changes.append(SetField(Position.KIND, position.id, "source_ids", position.source_ids,
                                    (*position.source_ids, sid), label))

    if not stored and not points and not note_lines and not added:
        # Nothing new: not even the source is added (re-importing the same article changes nothing).
        return ImportPlan(None, sid, False, (), (), (), tuple(skipped))
    return ImportPlan(ChangeSet(tuple(changes), label), sid, source_added, tuple(stored), tuple(points),
                      tuple(note_lines), tuple(skipped), tuple(added))


def _next_quote_id(view: StoreView) -> Callable[[str], str]:
    """Never-used ids per ally, ``ESP-06`` after ``ESP-05`` (the quote dialog's scheme):
    one id never stands for two quotes in the history."""
    used = {q.id for q in view.quotes} | set(view.used_ids)

    def next_id(iso3: str) -> str:
        numbers = [int(i.rsplit("-", 1)[1]) for i in used
                   if i.startswith(f"{iso3}-") and i.rsplit("-", 1)[1].isdigit()]
        qid = f"{iso3}-{max(numbers, default=0) + 1:02d}"
        used.add(qid)
        return qid

    return next_id
