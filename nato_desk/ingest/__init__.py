"""The ingest layer: seed and import files -> validated domain records.

Import files' bytes become text through ``read_text`` (UTF-8 only, size
capped). Parsers take a file's text and a display name and return domain
records; anything wrong is an ``ImportRejected`` naming the file, line (or JSON path),
field and problem. ``load_seed`` reads and cross-checks the shipped seed.
Standard library, ``nato_desk.domain`` and, for workbooks, openpyxl: no Qt, no storage.

>>> from nato_desk.ingest import load_seed, seed_folder
>>> records = load_seed(seed_folder())
"""

from __future__ import annotations

from nato_desk.ingest.article import Article, read_article
from nato_desk.ingest.csv_records import (
    parse_editions,
    parse_events,
    parse_members,
    parse_quotes,
    parse_sources,
    parse_targets,
)
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.expenditure import parse_expenditure
from nato_desk.ingest.leaders import parse_leaders, slug
from nato_desk.ingest.limits import (
    MAX_ARTICLE_CHARS,
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_JSON_CHARS,
    MAX_TABLE_ROWS,
)
from nato_desk.ingest.origins import Origin, Origins
from nato_desk.ingest.positions import DERIVED_NOTE, parse_positions
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.seed import (
    ARTICLE_FILE,
    EDITION_2025_08,
    SEED_FILES,
    load_article,
    load_seed,
    seed_folder,
)

__all__ = [
    "ARTICLE_FILE",
    "DERIVED_NOTE",
    "EDITION_2025_08",
    "MAX_ARTICLE_CHARS",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_JSON_CHARS",
    "MAX_TABLE_ROWS",
    "SEED_FILES",
    "Article",
    "ImportRejected",
    "Origin",
    "Origins",
    "load_article",
    "load_seed",
    "parse_editions",
    "parse_events",
    "parse_expenditure",
    "parse_leaders",
    "parse_members",
    "parse_positions",
    "parse_quotes",
    "parse_sources",
    "parse_targets",
    "read_article",
    "read_text",
    "seed_folder",
    "slug",
]
