"""read_article: the syndicated article, each paragraph once."""

from __future__ import annotations

from nato_desk.ingest import Article, load_article, read_article, seed_folder


def _original_lines() -> list[str]:
    text = seed_folder().joinpath("hague_summit_article.txt").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def test_title_without_markers() -> None:
    article = load_article()
    assert article.title == (
        "NATO Leaders Gear Up for Historic Defense Spending Increase at The Hague Summit"
    )
    assert not any("**" in p for p in article.paragraphs)
    assert article.title not in article.paragraphs


def test_no_paragraph_twice_and_none_lost() -> None:
    article = load_article()
    lines = _original_lines()
    assert len(lines) > len(article.paragraphs)  # the file does repeat itself
    assert len(set(article.paragraphs)) == len(article.paragraphs)
    body = [line for line in lines if not line.startswith("**")]
    assert set(article.paragraphs) == set(body)
    # First occurrences, in reading order.
    assert list(article.paragraphs) == list(dict.fromkeys(body))


def test_inline_text() -> None:
    text = "Lead.\n**Title**\n\n**Title**\nOne.\nTwo.\nOne.\n  \nThree \u201cq\u201d.\nTwo."
    assert read_article(text) == Article("Title", ("Lead.", "One.", "Two.", "Three \u201cq\u201d."))


def test_no_title() -> None:
    assert read_article("A\r\nB\r\nA\r\n") == Article("", ("A", "B"))
