"""The simple seed tables: one CSV row, one record.

This module owns members.csv, sources.csv / sources_added.csv (with or without the
citation columns), editions.csv,
targets.csv, events.csv and article_quotes.csv. Each parser takes the file's
text and a display name (used in error messages) and returns the records in
file order. Cells are copied verbatim; only typed cells are converted.

Pass a shared ``Origins`` to detect an id used in more than one file; without
one, ids are still checked for uniqueness within the file.
"""

from __future__ import annotations

from nato_desk.domain import CITE_FIELDS, Edition, Event, Measure, Member, Quote, Source, Target

from nato_desk.ingest.limits import excerpt
from nato_desk.ingest.origins import Origins, accept
from nato_desk.ingest.table import read_table

__all__ = [
    "parse_editions",
    "parse_events",
    "parse_members",
    "parse_quotes",
    "parse_sources",
    "parse_targets",
]

# The two kinds of target the chart knows how to draw (a floor or a ceiling).
_TARGET_KINDS = ("at_least", "up_to")


def parse_members(text: str, name: str, *, origins: Origins | None = None) -> list[Member]:
    """members.csv: ``iso3,name,official_name,accession_year,region,capital,currency,
    eurozone,notes``; ``eurozone`` is ``0``/``1``."""
    origins = Origins() if origins is None else origins
    table = read_table(
        text,
        name,
        (
            "iso3",
            "name",
            "official_name",
            "accession_year",
            "region",
            "capital",
            "currency",
            "eurozone",
            "notes",
        ),
    )
    out: list[Member] = []
    for row in table.rows:
        record = Member(
            iso3=row.text("iso3"),
            name=row.text("name"),
            official_name=row.text("official_name"),
            accession_year=row.integer("accession_year"),
            region=row.text("region"),
            capital=row.text("capital"),
            currency=row.text("currency"),
            eurozone=row.flag("eurozone"),
            notes=row.text("notes"),
        )
        out.append(accept(record, origins, name, row.where))
    return out


def parse_sources(text: str, name: str, *, origins: Origins | None = None) -> list[Source]:
    """sources.csv or sources_added.csv: ``source_id,title,publisher,date,url,notes``, then
    optionally the citation columns ``kind,cite_publisher,cite_title,cite_url,read_at_url,
    via,cite_confidence,cite_note`` (the reference added them in 2026).

    A file without them (the older six-column layout, which analysts may still
    import) reads with those fields empty: such a source is cited as itself.
    ``date`` stays as published (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or empty).
    ``kind`` and ``cite_confidence`` must be one of the reference's values or empty;
    ``cite_url`` and ``read_at_url`` must be http(s) addresses or empty.
    """
    origins = Origins() if origins is None else origins
    table = read_table(
        text, name, ("source_id", "title", "publisher", "date", "url", "notes"), optional=CITE_FIELDS
    )
    out: list[Source] = []
    for row in table.rows:
        cite = {column: row.cells.get(column, "") for column in CITE_FIELDS}
        record = Source(
            id=row.text("source_id"),
            title=row.text("title"),
            publisher=row.text("publisher"),
            date=row.date("date", optional=True),
            url=row.text("url"),
            note=row.text("notes"),
            **cite,
        )
        out.append(
            accept(record, origins, name, row.where, {"id": "source_id", "note": "notes"})
        )
    return out


def parse_editions(text: str, name: str, *, origins: Origins | None = None) -> list[Edition]:
    """editions.csv: ``id,label,title,released,measure,source_id,note``, then optionally
    ``publisher`` (whose series; empty or absent means NATO) and ``base_year`` (of its
    constant prices, as published: "2015 prices")."""
    origins = Origins() if origins is None else origins
    table = read_table(
        text, name, ("id", "label", "title", "released", "measure", "source_id", "note"),
        optional=("publisher", "base_year"),
    )
    out: list[Edition] = []
    for row in table.rows:
        record = Edition(
            id=row.text("id"),
            label=row.text("label"),
            title=row.text("title"),
            released=row.date("released", optional=False),
            measure=row.choice("measure", Measure),
            source_id=row.text("source_id"),
            note=row.text("note"),
            publisher=row.cells.get("publisher", "") or "NATO",
            base_year=row.cells.get("base_year", ""),
        )
        out.append(accept(record, origins, name, row.where))
    return out


def parse_targets(text: str, name: str, *, origins: Origins | None = None) -> list[Target]:
    """targets.csv: ``id,label,measure,value,by_year,agreed,kind,source_id,note``."""
    origins = Origins() if origins is None else origins
    table = read_table(
        text,
        name,
        ("id", "label", "measure", "value", "by_year", "agreed", "kind", "source_id", "note"),
    )
    out: list[Target] = []
    for row in table.rows:
        value, _ = row.decimal("value")
        if value is None:
            raise row.reject("value", "is empty: a target needs a number")
        kind = row.text("kind")
        if kind not in _TARGET_KINDS:
            raise row.reject("kind", f"'{excerpt(kind)}' is not one of: {', '.join(_TARGET_KINDS)}")
        record = Target(
            id=row.text("id"),
            label=row.text("label"),
            measure=row.choice("measure", Measure),
            value=value,
            by_year=row.integer("by_year"),
            agreed=row.text("agreed"),
            kind=kind,
            source_id=row.text("source_id"),
            note=row.text("note"),
        )
        out.append(accept(record, origins, name, row.where))
    return out


def parse_events(text: str, name: str, *, origins: Origins | None = None) -> list[Event]:
    """events.csv: ``id,date,label,kind,source_id,note``."""
    origins = Origins() if origins is None else origins
    table = read_table(text, name, ("id", "date", "label", "kind", "source_id", "note"))
    out: list[Event] = []
    for row in table.rows:
        record = Event(
            id=row.text("id"),
            date=row.date("date", optional=False),
            label=row.text("label"),
            kind=row.text("kind"),
            source_id=row.text("source_id"),
            note=row.text("note"),
        )
        out.append(accept(record, origins, name, row.where))
    return out


def parse_quotes(text: str, name: str, *, origins: Origins | None = None) -> list[Quote]:
    """article_quotes.csv: ``id,iso3,speaker,role,text,date,source_id,lang,note``.

    An optional ``translation`` column is read when present. An empty
    ``lang`` means English, as in positions_quotes.json.
    """
    origins = Origins() if origins is None else origins
    table = read_table(
        text,
        name,
        ("id", "iso3", "speaker", "role", "text", "date", "source_id", "lang", "note"),
        optional=("translation",),
    )
    out: list[Quote] = []
    for row in table.rows:
        record = Quote(
            id=row.text("id"),
            iso3=row.text("iso3"),
            speaker=row.text("speaker"),
            role=row.text("role"),
            text=row.text("text"),
            date=row.date("date", optional=True),
            source_id=row.text("source_id"),
            lang=row.text("lang") or "en",
            translation=row.cells.get("translation", ""),
            note=row.text("note"),
        )
        out.append(accept(record, origins, name, row.where))
    return out
