"""The news article the project started from (hague_summit_article.txt).

This module owns turning that text into a title and paragraphs for display.
The syndicated copy repeats several body paragraphs verbatim and prints its
bold title line twice; an analyst should read each paragraph once, so
repeats are dropped (the first occurrence is kept, in order). Nothing else
is changed: paragraphs are the file's non-empty lines, exactly as written.
A text over ``MAX_ARTICLE_CHARS`` is refused rather than split.
"""

from __future__ import annotations

from dataclasses import dataclass

from nato_desk.ingest.limits import MAX_ARTICLE_CHARS
from nato_desk.ingest.rejected import ImportRejected

__all__ = ["Article", "read_article"]


@dataclass(frozen=True)
class Article:
    """A title (may be empty) and the distinct paragraphs, in reading order."""

    title: str
    paragraphs: tuple[str, ...]


def _bold(line: str) -> str | None:
    """The text of a line that is entirely ``**bold**``, else ``None``."""
    if len(line) > 4 and line.startswith("**") and line.endswith("**"):
        return line[2:-2]
    return None


def read_article(
    text: str, name: str = "article", *, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    """Split ``text`` into its title and de-duplicated paragraphs.

    The title is the first line written wholly in ``**bold**`` (markers
    stripped); every line carrying that title is left out of the paragraphs.

    Raises:
        ImportRejected: ``text`` is longer than ``max_chars`` (``name`` is
            the article's display name in the message).
    """
    if len(text) > max_chars:
        raise ImportRejected(
            name,
            "",
            "",
            f"is {len(text):,} characters, over the {max_chars:,}-character limit for an article",
        )
    lines = [line for line in text.splitlines() if line.strip()]
    title = next((t for t in map(_bold, lines) if t is not None), "")
    paragraphs: dict[str, None] = {}  # insertion-ordered set: first occurrence wins
    for line in lines:
        if title and _bold(line) == title:
            continue
        paragraphs.setdefault(line, None)
    return Article(title=title, paragraphs=tuple(paragraphs))
