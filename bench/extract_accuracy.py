"""Accuracy of article extraction on the hand-annotated development set.

Runs ``article_from_text`` + ``extract`` (nato_desk.ingest.articles) on every
article in ``tests/fixtures/articles/`` (``NN-slug.txt`` with its annotation
``NN-slug.json``; the rules the annotators followed are in that folder's
README) and prints, per article and overall, next to issue 11's goals:

* quotes precision and recall: a proposed quote (fragments left out) matches an
  annotated one when the texts agree after normalising whitespace, quote marks
  and trailing punctuation, or their rapidfuzz ratio is at least 90, AND the
  proposed ally (iso3, "NATO" or null) equals the annotation's. A text match
  with the wrong ally is counted apart ("speaker/ally wrong") and counts
  against both precision and recall, since the goal is the right speaker too;
* country claims recall: annotated claims with an iso3, matched on
  iso3 + value + year (each distinct key once; an article often repeats one);
* claims precision: a proposed claim is right when an annotated claim has its
  iso3 (or, for a group claim, is a group claim too), its value, and its year
  (a group claim's year may be left open on either side);
* non-defence percentages taken as claims: the annotation's ``not_claims``
  spans (tariffs, polls, aid as a share of GNI...) a proposed claim carries.

Then the misses and false positives, 80 characters each, for the rule writers.
Not a test: nothing here asserts; the numbers are for the note and for
watching between commits.

    python bench/extract_accuracy.py               # every article
    python bench/extract_accuracy.py -k spain      # articles whose name holds "spain"
    python bench/extract_accuracy.py --quiet       # numbers only, no miss lists
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"

GOALS = {"quotes_p": 0.95, "quotes_r": 0.95, "country_claims_r": 0.90}
FUZZY_MIN = 90.0

_QUOTE_MARKS = dict.fromkeys(map(ord, "\"“”„‟«»‹›"), None)
_APOSTROPHES = {ord(c): "'" for c in "‘’‚‛`´"}
_DASHES = {ord(c): "-" for c in "‐‑‒–—―"}


def normalise_quote(text: str) -> str:
    """Text as the bench compares it: quote marks out, apostrophes and dashes
    one kind, whitespace single, trailing , ; : and outer ' dropped, casefolded."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTE_MARKS).translate(_APOSTROPHES).translate(_DASHES)
    t = re.sub(r"\s+", " ", t).strip()
    t = t.strip("'").strip()
    t = re.sub(r"[,;:]+$", "", t).strip()
    return t.casefold()


def _short(text: str, n: int = 80) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    return t if len(t) <= n else t[: n - 1] + "…"


def _value_of(span: str) -> float | None:
    m = re.search(r"\d+(?:[.,]\d+)?", span)
    return float(m.group().replace(",", ".")) if m else None


@dataclass
class Counts:
    quotes_annotated: int = 0
    quotes_proposed: int = 0
    quotes_right: int = 0
    quotes_wrong_ally: int = 0
    country_keys: int = 0
    country_found: int = 0
    claims_proposed: int = 0
    claims_right: int = 0
    not_claims: int = 0
    not_claims_taken: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Findings:
    counts: Counts = field(default_factory=Counts)
    lines: list[str] = field(default_factory=list)  # misses and false positives


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return 100.0 if a == b else float(fuzz.ratio(a, b))


def score_quotes(annotated: Sequence[dict[str, Any]], proposed: Sequence[Any], out: Findings) -> None:
    c = out.counts
    c.quotes_annotated += len(annotated)
    c.quotes_proposed += len(proposed)
    ann_norm = [normalise_quote(a["text"]) for a in annotated]
    prop_norm = [normalise_quote(p.text) for p in proposed]
    # Best pairs first, each annotation and proposal used once.
    pairs = sorted(
        ((_ratio(pn, an), i, j) for i, pn in enumerate(prop_norm) for j, an in enumerate(ann_norm)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_a: set[int] = set()
    for score, i, j in pairs:
        if score < FUZZY_MIN:
            break
        if i in used_p or j in used_a:
            continue
        used_p.add(i)
        used_a.add(j)
        p, a = proposed[i], annotated[j]
        if p.iso3 == a["iso3"]:
            c.quotes_right += 1
        else:
            c.quotes_wrong_ally += 1
            out.lines.append(
                f"  quote, wrong ally: proposed {p.speaker!r} ({p.iso3}), annotated "
                f"{a['speaker']!r} ({a['iso3']}): {_short(a['text'])}"
            )
    for j, a in enumerate(annotated):
        if j not in used_a:
            out.lines.append(f"  quote missed [{a['speaker']}, {a['iso3']}]: {_short(a['text'])}")
    for i, p in enumerate(proposed):
        if i not in used_p:
            out.lines.append(f"  quote false positive [{p.speaker}, {p.iso3}]: {_short(p.text)}")


def _claim_right(p: Any, annotated: Sequence[dict[str, Any]]) -> bool:
    for a in annotated:
        if abs(float(a["value"]) - float(p.value)) > 1e-9:
            continue
        if a["iso3"] is not None:
            if p.iso3 == a["iso3"] and p.year == a["year"]:
                return True
        elif p.iso3 is None and (a["year"] is None or p.year is None or a["year"] == p.year):
            return True
    return False


def score_claims(article_text: str, annotation: dict[str, Any], proposed: Sequence[Any], out: Findings) -> None:
    c = out.counts
    annotated: list[dict[str, Any]] = annotation["claims"]
    keys = {(a["iso3"], round(float(a["value"]), 4), a["year"]) for a in annotated if a["iso3"] is not None}
    found = {(p.iso3, round(float(p.value), 4), p.year) for p in proposed if p.iso3 is not None}
    c.country_keys += len(keys)
    c.country_found += len(keys & found)
    for key in sorted(keys - found, key=str):
        example = next(a for a in annotated if (a["iso3"], round(float(a["value"]), 4), a["year"]) == key)
        out.lines.append(f"  country claim missed {key[0]} {key[1]:g}% {key[2]}: {_short(example['text'])}")
    c.claims_proposed += len(proposed)
    wrong: list[Any] = []
    for p in proposed:
        if _claim_right(p, annotated):
            c.claims_right += 1
        else:
            wrong.append(p)
    for p in wrong:
        who = p.iso3 or p.group or "?"
        out.lines.append(f"  claim false positive {who} {p.value:g}% {p.year} {p.kind}: {_short(p.text)}")
    # Non-defence percentages: a wrong claim whose value is the span's and whose
    # text (or offsets) hold the span.
    spans: list[str] = annotation.get("not_claims", [])
    c.not_claims += len(spans)
    for span in spans:
        value = _value_of(span)
        for p in wrong:
            holds = span in p.text or span in article_text[p.start : p.end]
            if value is not None and abs(float(p.value) - value) < 1e-9 and holds:
                c.not_claims_taken += 1
                out.lines.append(f"  NON-DEFENCE taken as a claim: {span!r} in {_short(p.text)}")
                break


def _fraction(num: int, den: int) -> str:
    return f"{num / den:.2f} ({num}/{den})" if den else "  -  (0/0)"


def _load_api() -> tuple[Any, Any, Any, Any]:
    try:
        from nato_desk.ingest.articles.extract import extract
        from nato_desk.ingest.articles.read import article_from_text
    except ImportError as exc:
        sys.exit(
            "extract_accuracy: the extraction API is not there yet "
            f"({exc}).\nThe bench needs nato_desk.ingest.articles.read.article_from_text and "
            "nato_desk.ingest.articles.extract.extract (issue 11); run it once they are committed."
        )
    from nato_desk.domain.records import Leader, Member
    from nato_desk.ingest import load_seed

    records = load_seed()
    leaders = [r for r in records if isinstance(r, Leader)]
    members = [r for r in records if isinstance(r, Member)]
    return article_from_text, extract, leaders, members


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="pattern", default="", help="only articles whose file name holds this")
    parser.add_argument("--quiet", action="store_true", help="numbers only, no list of misses")
    parser.add_argument("--folder", type=Path, default=ARTICLES, help="the annotated articles (default: the dev set)")
    args = parser.parse_args(argv)

    texts = sorted(p for p in args.folder.glob("*.txt") if args.pattern.casefold() in p.name.casefold())
    if not texts:
        sys.exit(f"extract_accuracy: no article .txt in {args.folder} matching {args.pattern!r}")
    article_from_text, extract, leaders, members = _load_api()

    total = Counts()
    details: list[tuple[str, Findings]] = []
    header = f"{'article':44} {'quotes P':>12} {'quotes R':>12} {'ally wrong':>10} {'country R':>12} {'claims P':>12} {'non-def':>7}"
    print(header)
    print("-" * len(header))
    for path in texts:
        annotation = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        src = annotation["source"]
        article = article_from_text(
            path.read_text(encoding="utf-8"), path.name,
            title=src.get("title", ""), outlet=src.get("outlet", ""),
            published=src.get("date") or "", url=src.get("url", ""),
        )
        result = extract(article, leaders, members)
        found = Findings()
        score_quotes(annotation["quotes"], [q for q in result.quotes if not q.fragment], found)
        score_claims(article.text, annotation, list(result.claims), found)
        c = found.counts
        total.add(c)
        details.append((path.stem, found))
        print(
            f"{path.stem[:44]:44} {_fraction(c.quotes_right, c.quotes_proposed):>12} "
            f"{_fraction(c.quotes_right, c.quotes_annotated):>12} {c.quotes_wrong_ally:>10} "
            f"{_fraction(c.country_found, c.country_keys):>12} {_fraction(c.claims_right, c.claims_proposed):>12} "
            f"{c.not_claims_taken:>3}/{c.not_claims:<3}"
        )

    t = total
    print()
    print(f"Overall, {len(texts)} articles (goals from issue 11):")
    print(f"  quotes precision         {_fraction(t.quotes_right, t.quotes_proposed):>16}   goal >= {GOALS['quotes_p']}")
    print(f"  quotes recall            {_fraction(t.quotes_right, t.quotes_annotated):>16}   goal >= {GOALS['quotes_r']}")
    print(f"  quotes with wrong ally   {t.quotes_wrong_ally:>16}   (text found, speaker's ally wrong; in both P and R)")
    print(f"  country claims recall    {_fraction(t.country_found, t.country_keys):>16}   goal >= {GOALS['country_claims_r']}")
    print(f"  claims precision         {_fraction(t.claims_right, t.claims_proposed):>16}   (no goal set)")
    print(f"  non-defence % taken      {t.not_claims_taken:>16}   goal = 0 (of {t.not_claims} annotated)")

    if not args.quiet:
        print()
        print("Misses and false positives:")
        for name, found in details:
            if found.lines:
                print(name)
                print("\n".join(found.lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
