"""What a table file holds once read: an edition proposal and its values.

Every layout reader (NATO's workbooks, SIPRI, World Bank, OWID, our own
exports) returns an ``ImportedFile``: the values it found, each keyed by ally,
year and measure with its published precision and estimate flag, and the
edition it proposes (id, label, title, release date, publisher, base year,
notes word for word, and the source record to cite). The analyst confirms or
corrects the proposal before anything is stored; ``diff`` compares the values
with the store. Nothing here touches the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nato_desk.domain import Measure, Source, Status

__all__ = ["EditionProposal", "ImportedFile", "ImportedValue"]


@dataclass(frozen=True)
class ImportedValue:
    """One cell: an ally's value for a year and a measure, as published.

    ``value`` is the cell's number unrounded (``None``: a published blank,
    with ``note`` saying why); ``decimals`` is the precision the publisher
    printed (the cell's number format), so 1.3465 shown as "1.35" keeps 2.
    ``status`` is ESTIMATE for NATO's "e" years and SIPRI's estimates.
    ``note`` holds flags and footnotes word for word ("*: revised figures").
    ``where`` says where in the file it came from ("TABLE3!F23"), for messages
    and review. ``source_id`` is set only by files that cite per figure (our
    own exports); otherwise the figure cites the edition's source.
    """

    iso3: str
    year: int
    measure: Measure
    value: float | None
    decimals: int
    status: Status = Status.ACTUAL
    note: str = ""
    where: str = ""
    source_id: str = ""  # "": the edition's source; our own exports name each figure's source


@dataclass(frozen=True)
class EditionProposal:
    """The edition a file proposes; the analyst confirms or corrects it.

    ``source`` is the record every imported value will cite (publisher, title,
    date, URL as the file gives them).
    """

    id: str  # "2024-06", "sipri-2025"
    label: str  # "June 2024", "SIPRI 2025"
    title: str
    released: str  # ISO date, year-month or year; "" when the file does not say
    publisher: str  # "NATO", "SIPRI", "World Bank", "Our World in Data"
    measure: Measure  # the headline measure (share of GDP)
    source: Source
    base_year: str = ""  # "2015 prices"
    note: str = ""  # the edition's notes, word for word


@dataclass(frozen=True)
class ImportedFile:
    """A table file read whole: what it proposes and what it holds.

    ``layout`` names the reader ("nato-2024", "nato-2025", "sipri",
    "world-bank", "owid", "nato_desk-csv", "nato_desk-xlsx"); ``tables`` lists
    the tables or sheets used, with what each mapped to ("Table 3: share of
    GDP, real change"); ``skipped`` says what was left out and why (hidden rows,
    totals, error cells), so the review can show it.
    """

    name: str  # the file's display name
    sha256: str  # of the file's bytes
    layout: str
    edition: EditionProposal
    values: tuple[ImportedValue, ...]
    tables: tuple[str, ...] = ()
    skipped: tuple[str, ...] = field(default_factory=tuple)
