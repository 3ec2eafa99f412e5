"""The article development set (tests/fixtures/articles/) is well-formed.

bench/extract_accuracy.py measures extraction against these hand annotations,
so a broken annotation silently skews every number it prints. These tests
check the set's shape, not extraction: at least 12 articles, each .txt with
its .json in the ``nato-desk extract --json`` shape (without offsets and
confidence), every annotated quote present verbatim in its article, every
claim's sentence present in its article, every ally a member code, "NATO" or
null, and every non-defence span present in its article.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[4]
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
TEXTS = sorted(ARTICLES.glob("*.txt"))

KINDS = {"current", "target", "plan"}
MEASURES = {"core", "related", "total", ""}
_MARKS = dict.fromkeys(map(ord, "\"“”„«»"), None)
_SINGLE = {ord(c): "'" for c in "‘’"}


def _members() -> set[str]:
    with (ROOT / "data" / "members.csv").open(encoding="utf-8", newline="") as f:
        return {row["iso3"] for row in csv.DictReader(f)}


def _loose(text: str) -> str:
    """Whitespace single, double quote marks out, single marks one kind."""
    return re.sub(r"\s+", " ", text.translate(_MARKS).translate(_SINGLE)).strip()


def _annotation(txt: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def test_at_least_twelve_articles_each_with_its_annotation() -> None:
    assert len(TEXTS) >= 12
    jsons = sorted(ARTICLES.glob("*.json"))
    assert [p.stem for p in jsons] == [p.stem for p in TEXTS]
    for txt in TEXTS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+", txt.stem), txt.name


@pytest.mark.parametrize("txt", TEXTS, ids=[p.stem for p in TEXTS])
def test_article_annotation_shape_and_spans(txt: Path) -> None:
    text = txt.read_text(encoding="utf-8")
    assert text.strip(), "empty article"
    data = _annotation(txt)
    assert set(data) <= {"source", "quotes", "claims", "not_claims"}
    src = data["source"]
    for key in ("outlet", "title", "date", "url"):
        assert isinstance(src[key], str), key
    assert src["outlet"] and src["url"].startswith(("http://", "https://"))
    assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", src["date"]), src["date"]
    first = text.split("\n", 1)[0]
    if src["title"]:  # the headline is the text's first line, in **…**
        assert first == f"**{src['title']}**"
    else:
        assert not first.startswith("**")

    allowed = _members() | {"NATO", None}
    loose_text = _loose(text)
    for q in data["quotes"]:
        assert set(q) == {"text", "speaker", "role", "iso3"}, q
        assert q["text"] and q["speaker"] and isinstance(q["role"], str)
        assert q["iso3"] in allowed, q["iso3"]
        assert _loose(q["text"]) in loose_text, f"quote not in the article: {q['text'][:60]}"
    for c in data["claims"]:
        assert set(c) == {"iso3", "group", "value", "unit", "measure", "year", "kind", "text"}, c
        assert c["iso3"] in allowed - {"NATO"}, c["iso3"]
        assert (c["iso3"] is None) == (c["group"] is not None), "a claim is for one ally or one group"
        assert isinstance(c["value"], (int, float)) and 0 < c["value"] < 100
        assert c["unit"] == "% of GDP"
        assert c["measure"] in MEASURES and c["kind"] in KINDS
        assert c["year"] is None or 1949 <= c["year"] <= 2100
        assert _loose(c["text"]) in loose_text, f"claim sentence not in the article: {c['text'][:60]}"
    for span in data.get("not_claims", []):
        assert span in text, f"non-defence span not in the article: {span}"
