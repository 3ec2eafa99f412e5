"""The quote finder's work grows linearly with the article (issue 12).

Before the fix every quote rescanned every person named so far (who spoke
last, who is named in this paragraph, who was named since the last quote),
every name was checked against every quoted span, and every proposal against
every earlier one: doubling an article's quotes about quadrupled the work.
The work is counted in lines executed inside quotes.py, never timed (project
rule: no timed assertions; bench/parse_linearity.py measures the time).
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import nato_desk.ingest.articles.quotes as quotes_module
from nato_desk.domain import Leader, Member
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.articles.model import ArticleText, Paragraph
from nato_desk.ingest.articles.quotes import _Spans, find_quotes

# Each paragraph: a named speaker before a quote, a quote then a pronoun (the
# last person named), a standalone quote (the paragraph's or the previous
# quote's speaker), and a quote repeated word for word (proposed once).
_PARAGRAPH = ("Mark Rutte told reporters: \u201cAllies pay {k} more this year.\u201d "
              "\u201cWe will spend it all by {k},\u201d he said. "
              "\u201cThere is no alternative for us at {k}.\u201d "
              "Donald Tusk said: \u201cPoland is ready.\u201d")


def _article(n: int) -> ArticleText:
    paragraphs: list[Paragraph] = []
    offset = 0
    for k in range(n):
        text = _PARAGRAPH.format(k=k)
        paragraphs.append(Paragraph(index=k, start=offset, text=text))
        offset += len(text) + 2
    return ArticleText(text="\n\n".join(p.text for p in paragraphs), paragraphs=tuple(paragraphs),
                       published="2025-06-24")


def _directory() -> tuple[list[Leader], list[Member]]:
    records = load_seed(seed_folder())
    return [r for r in records if isinstance(r, Leader)], [r for r in records if isinstance(r, Member)]


def _lines_executed(article: ArticleText, directory: tuple[list[Leader], list[Member]]) -> tuple[int, int]:
    """(lines run inside quotes.py, quotes proposed) for ``article``."""
    module_file = quotes_module.__file__
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == module_file else None

    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        found = find_quotes(article, *directory)
    finally:
        sys.settrace(previous)
    return count, len(found)


def test_the_article_is_read_as_written() -> None:
    found = find_quotes(_article(3), *_directory())
    said = [(q.text, q.speaker) for q in found if not q.fragment]
    assert ("Allies pay 2 more this year.", "Mark Rutte") in said
    assert ("We will spend it all by 2", "Mark Rutte") in said  # "he": the last person named
    assert ("There is no alternative for us at 2.", "Mark Rutte") in said  # no verb: the previous quote's
    assert said.count(("Poland is ready.", "Donald Tusk")) == 1  # said in every paragraph, proposed once


def test_work_per_quote_does_not_grow_with_the_article() -> None:
    # 150 and 300 paragraphs of four quotes: doubling the article at most
    # doubles the finder's own work (2.2 allows for the fixed part). The
    # rescans made it 3.1x here (876,793 -> 2,725,018 lines), worse the longer the article.
    directory = _directory()
    small, small_found = _lines_executed(_article(150), directory)
    large, large_found = _lines_executed(_article(300), directory)
    assert large_found == 2 * small_found - 1  # the repeated quote is proposed once in each
    assert large <= 2.2 * small, (small, large)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)), max_size=12), st.integers(-2, 90))
def test_an_offset_is_inside_the_spans_exactly_when_one_span_holds_it(spans: list[tuple[int, int]],
                                                                        offset: int) -> None:
    pairs = [(o, o + length) for o, length in spans]
    assert _Spans(pairs).holds(offset) == any(o <= offset < c for o, c in pairs)
