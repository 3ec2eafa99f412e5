"""Linearity benchmark: every seed-table parser on 5k, 10k, 20k and 40k generated rows.

Issue 12 asks that every importer and parser be linear in its input: doubling
the rows costs at most 2.2x the time, from 5k to 40k rows. For each parser in
``nato_desk.ingest`` (members, sources, editions, targets, events, quotes,
expenditure, leaders, positions) this script generates a valid file of n rows,
times the parse (best of ``--repeats``, default 5, after one untimed warm-up),
and prints the ratio time(2n) / time(n) for each doubling next to the goal.

Leaders are generated with **one repeated name** (each row is the same person
in the same role), the worst case for their ``-2``, ``-3``... id suffixes.
Members are keyed by ISO-3 code, of which there are only 26^3 = 17,576, so
they run from 2k to 16k rows. Positions are a JSON list: one entry per row,
each with one quote.

    python bench/parse_linearity.py [--repeats 5] [--only leaders]

Not a test (no timed assertions in tests/); the script exits 1 when a ratio
is over the goal, so it can be run by hand before a commit.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import string
import sys
import time
from collections.abc import Callable, Iterator

from nato_desk.domain import Edition, Measure
from nato_desk.ingest import (
    parse_editions,
    parse_events,
    parse_expenditure,
    parse_leaders,
    parse_members,
    parse_positions,
    parse_quotes,
    parse_sources,
    parse_targets,
)

GOAL = 2.2
SIZES = (5_000, 10_000, 20_000, 40_000)
MEMBER_SIZES = (2_000, 4_000, 8_000, 16_000)

EDITIONS = {"2025-08": Edition("2025-08", "August 2025", "T", "2025-08-28", Measure.PCT_GDP, "S")}


def _codes() -> Iterator[str]:
    for letters in itertools.product(string.ascii_uppercase, repeat=3):
        yield "".join(letters)


def members(n: int) -> str:
    header = "iso3,name,official_name,accession_year,region,capital,currency,eurozone,notes\n"
    rows = (f"{c},Name {c},Republic of {c},1949,Europe,City,EUR,1,\n"
            for c in itertools.islice(_codes(), n))
    return header + "".join(rows)


def sources(n: int) -> str:
    return "source_id,title,publisher,date,url,notes\n" + "".join(
        f"S{i},Title {i},NATO,2025-08-28,https://example.org/{i},\n" for i in range(n)
    )


def editions(n: int) -> str:
    return "id,label,title,released,measure,source_id,note\n" + "".join(
        f"E{i},Edition {i},Title,2025-08-28,pct_gdp,S,\n" for i in range(n)
    )


def targets(n: int) -> str:
    return "id,label,measure,value,by_year,agreed,kind,source_id,note\n" + "".join(
        f"T{i},Target {i},pct_gdp,2.0,2035,2025,at_least,S,\n" for i in range(n)
    )


def events(n: int) -> str:
    return "id,date,label,kind,source_id,note\n" + "".join(
        f"V{i},2025-06-25,Summit {i},summit,S,\n" for i in range(n)
    )


def quotes(n: int) -> str:
    return "id,iso3,speaker,role,text,date,source_id,lang,note\n" + "".join(
        f"Q{i},ESP,Pedro Sánchez,pm,\"We will, {i}.\",2025-06-24,S,es,\n" for i in range(n)
    )


def expenditure(n: int) -> str:
    # Every year the domain allows (1949-2100) for one code after another:
    # the id is edition/iso3/measure/year.
    years = range(1949, 2101)
    rows = (f"{code},Country,{year},1.28,0,S,\n"
            for code, year in itertools.islice(itertools.product(_codes(), years), n))
    return "iso3,country,year,pct_gdp,estimate,source_id,note\n" + "".join(rows)


def leaders(n: int) -> str:
    # One person, n terms in the same role: ids "…/ana-orsted", "…-2" … "…-n".
    return "name,aliases,iso3,role,from,to,source_id\n" + "".join(
        "Ana Ørsted,Ørsted,DNK,pm,2020,2021,S\n" for _ in range(n)
    )


def positions(n: int) -> str:
    entries = []
    for code in itertools.islice(_codes(), n):
        entries.append({
            "iso3": code, "stance": "supports", "stance_summary": f"Summary {code}",
            "quotes": [{"speaker": "A B", "role": "pm", "text": f"Text {code}",
                        "date": "2025-06-24", "source_id": "S"}],
        })
    return json.dumps(entries)


def _parse_expenditure(text: str, name: str) -> object:
    return parse_expenditure(text, name, EDITIONS, default_edition="2025-08")


PARSERS: dict[str, tuple[Callable[[int], str], Callable[[str, str], object], tuple[int, ...]]] = {
    "members": (members, parse_members, MEMBER_SIZES),
    "sources": (sources, parse_sources, SIZES),
    "editions": (editions, parse_editions, SIZES),
    "targets": (targets, parse_targets, SIZES),
    "events": (events, parse_events, SIZES),
    "quotes": (quotes, parse_quotes, SIZES),
    "expenditure": (expenditure, _parse_expenditure, SIZES),
    "leaders": (leaders, parse_leaders, SIZES),
    "positions": (positions, parse_positions, MEMBER_SIZES),
}


def _best_time(parse: Callable[[str, str], object], text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()  # garbage left by the previous run is not charged to this one
        start = time.perf_counter()
        parse(text, "bench.csv")
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--only", choices=sorted(PARSERS), action="append")
    args = parser.parse_args(argv)

    over = []
    for label, (generate, parse, sizes) in PARSERS.items():
        if args.only and label not in args.only:
            continue
        texts = {n: generate(n) for n in sizes}
        parse(texts[sizes[0]], "bench.csv")  # warm-up: imports, regex compiles
        times = {n: _best_time(parse, texts[n], args.repeats) for n in sizes}
        cells = "  ".join(f"{n // 1000}k {times[n] * 1000:7.1f} ms" for n in sizes)
        print(f"{label:<12} {cells}")
        for small, large in itertools.pairwise(sizes):
            ratio = times[large] / times[small]
            verdict = "ok" if ratio <= GOAL else "OVER"
            if ratio > GOAL:
                over.append(f"{label} {small // 1000}k->{large // 1000}k")
            print(f"{'':<12}   {small // 1000}k -> {large // 1000}k: "
                  f"{ratio:4.2f}x  (goal <= {GOAL}x) {verdict}")
    if over:
        print(f"over the goal: {', '.join(over)}")
        return 1
    print(f"every doubling within the goal of <= {GOAL}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
