"""The sizes an import may reach before it is refused, checked before parsing.

This module owns the policy values that keep a hostile or broken file from
exhausting memory or time: a whole file, one CSV cell or JSON string, the
rows of one table, a JSON file and a pasted article. They are far above what
the reference data needs (the largest seed file is under 50 kB, the longest
cell under 1,000 characters) and far below what would hurt the machine.
"""

from __future__ import annotations

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_JSON_CHARS",
    "MAX_TABLE_ROWS",
    "excerpt",
]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""An import file's size in bytes (50 MB)."""

MAX_FIELD_CHARS = 100_000
"""One CSV cell or JSON string, in characters (a long quote is a few thousand)."""

MAX_TABLE_ROWS = 100_000
"""Data rows of one CSV table (the largest seed table has a few hundred)."""

MAX_JSON_CHARS = 10 * 1024 * 1024
"""A JSON file's text, in characters: parsed whole, so kept smaller than a CSV."""

MAX_ARTICLE_CHARS = 1_000_000
"""A news article's text, in characters."""


def excerpt(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters for an error message, saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"
