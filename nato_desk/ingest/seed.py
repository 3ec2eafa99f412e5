"""The shipped seed: read every file of ``nato_desk.data`` into records.

This module owns which files make the seed, in which order they are read,
and the checks that need all of them at once: ids unique across every kind
of record, every ``source_id`` resolving against sources.csv +
sources_added.csv, and every ``iso3`` of a figure, position or quote being a
member (or ``"NATO"`` for positions and quotes). A seed that fails any check
is refused whole: the app never starts on half a reference set.

Files are read with ``Traversable.joinpath(name).read_text()`` only, so the
seed loads the same from the source tree, an installed wheel or a zip.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable

from nato_desk.domain import (
    Member,
    Position,
    Quote,
    Record,
    Source,
    ValidationError,
    validate_references,
)

from nato_desk.ingest.article import Article, read_article
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.csv_records import (
    parse_editions,
    parse_events,
    parse_members,
    parse_quotes,
    parse_sources,
    parse_targets,
)
from nato_desk.ingest.expenditure import parse_expenditure
from nato_desk.ingest.leaders import parse_leaders
from nato_desk.ingest.origins import Origins
from nato_desk.ingest.positions import parse_positions
from nato_desk.ingest.rejected import ImportRejected

__all__ = [
    "ARTICLE_FILE",
    "EDITION_2025_08",
    "SEED_FILES",
    "load_article",
    "load_seed",
    "seed_folder",
]

SOURCES_FILE = "sources.csv"
SOURCES_ADDED_FILE = "sources_added.csv"
EDITIONS_FILE = "editions.csv"
MEMBERS_FILE = "members.csv"
TARGETS_FILE = "targets.csv"
EVENTS_FILE = "events.csv"
EXPENDITURE_2025_FILE = "nato_defence_expenditure.csv"
EXPENDITURE_2026_FILE = "nato_defence_expenditure_2026_edition.csv"
TABLES_2024_FILE = "nato_2024_tables.csv"
POSITIONS_FILE = "positions_quotes.json"
ARTICLE_QUOTES_FILE = "article_quotes.csv"
LEADERS_FILE = "leaders.csv"
ARTICLE_FILE = "hague_summit_article.txt"

SEED_FILES = (
    SOURCES_FILE,
    SOURCES_ADDED_FILE,
    EDITIONS_FILE,
    MEMBERS_FILE,
    TARGETS_FILE,
    EVENTS_FILE,
    EXPENDITURE_2025_FILE,
    EXPENDITURE_2026_FILE,
    TABLES_2024_FILE,
    POSITIONS_FILE,
    ARTICLE_QUOTES_FILE,
    LEADERS_FILE,
)
"""The files ``load_seed`` reads, in reading order."""

EDITION_2025_08 = "2025-08"
"""The edition of every row of nato_defence_expenditure.csv, which has no
``edition`` column (reference notes, section 7)."""


def seed_folder() -> Traversable:
    """The installed seed folder (``data/`` of the repository, shipped as ``nato_desk.data``)."""
    return importlib.resources.files("nato_desk.data")


def _read(folder: Traversable, name: str) -> str:
    try:
        raw = folder.joinpath(name).read_bytes()
    except FileNotFoundError:
        raise ImportRejected(name, "", "", "is missing from the seed folder") from None
    return read_text(raw, name)


def load_seed(folder: Traversable | None = None) -> list[Record]:
    """Read and check the whole seed in ``folder`` (default: ``seed_folder()``).

    Returns the records in this order: sources, editions, members, targets,
    events, observations, positions, quotes, leaders (each in file order;
    the article's quotes follow those of positions_quotes.json).

    Raises:
        ImportRejected: any file is missing or malformed, an id repeats
            (within or across files), or a reference does not resolve.
    """
    folder = seed_folder() if folder is None else folder
    origins = Origins()

    def read(name: str) -> str:
        return _read(folder, name)

    sources = parse_sources(read(SOURCES_FILE), SOURCES_FILE, origins=origins)
    sources += parse_sources(read(SOURCES_ADDED_FILE), SOURCES_ADDED_FILE, origins=origins)
    editions = parse_editions(read(EDITIONS_FILE), EDITIONS_FILE, origins=origins)
    members = parse_members(read(MEMBERS_FILE), MEMBERS_FILE, origins=origins)
    targets = parse_targets(read(TARGETS_FILE), TARGETS_FILE, origins=origins)
    events = parse_events(read(EVENTS_FILE), EVENTS_FILE, origins=origins)

    by_edition = {e.id: e for e in editions}
    observations = parse_expenditure(
        read(EXPENDITURE_2025_FILE),
        EXPENDITURE_2025_FILE,
        by_edition,
        default_edition=EDITION_2025_08,
        origins=origins,
    )
    observations += parse_expenditure(
        read(EXPENDITURE_2026_FILE), EXPENDITURE_2026_FILE, by_edition, origins=origins
    )
    # The June 2024 edition as nato_desk's importer read NATO's own workbook
    # (scripts/import_nato_2024.py): every measure of its Tables 2-8b.
    observations += parse_expenditure(
        read(TABLES_2024_FILE), TABLES_2024_FILE, by_edition, origins=origins
    )
    positions, quotes = parse_positions(read(POSITIONS_FILE), POSITIONS_FILE, origins=origins)
    quotes += parse_quotes(read(ARTICLE_QUOTES_FILE), ARTICLE_QUOTES_FILE, origins=origins)
    leaders = parse_leaders(read(LEADERS_FILE), LEADERS_FILE, origins=origins)

    records: list[Record] = [
        *sources,
        *editions,
        *members,
        *targets,
        *events,
        *observations,
        *positions,
        *quotes,
        *leaders,
    ]
    _check_references(records, sources, members, origins)
    return records


def load_article(folder: Traversable | None = None) -> Article:
    """The seed's news article (hague_summit_article.txt), repeats removed."""
    folder = seed_folder() if folder is None else folder
    return read_article(_read(folder, ARTICLE_FILE), ARTICLE_FILE)


def _check_references(
    records: list[Record], sources: list[Source], members: list[Member], origins: Origins
) -> None:
    source_ids = {s.id for s in sources}
    member_codes = {m.iso3 for m in members}
    # Quotes before positions: a position's sources are mostly its quotes'
    # sources, and the quote's JSON path is the more useful place to report.
    ordered = sorted(records, key=lambda r: 0 if isinstance(r, Quote) else 1)
    for record in ordered:
        try:
            validate_references([record], source_ids, member_codes)
        except ValidationError as exc:
            origin = origins[record.id]
            columns = _POSITION_COLUMNS if isinstance(record, Position) else None
            raise ImportRejected.from_validation(origin.file, origin.where, exc, columns) from None


# A position's sources come from one of two keys of its entry.
_POSITION_COLUMNS = {"source_ids": "stance_source_ids or quotes' source_id"}
