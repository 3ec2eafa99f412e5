"""Linearity benchmark: every importer and parser on 5k, 10k, 20k and 40k generated rows.

Issue 12 asks that every importer and parser be linear in its input: doubling
the rows costs at most 2.2x the time, from 5k to 40k rows. For each case this
script generates a valid input of n rows in its real shape, times the run
(best of ``--repeats``, default 5, or of ``--slow-repeats``, default 2, for
the XLSX readers and the extractor, after one untimed warm-up), and prints the
ratio time(2n) / time(n) for each doubling next to the goal.

The cases: the seed-table parsers in ``nato_desk.ingest`` (members, sources,
editions, targets, events, quotes, expenditure, leaders, positions); the table
importers in ``nato_desk.ingest.tables`` through ``read_table_file`` (NATO's
workbook, SIPRI's, the World Bank's and OWID's CSVs, our own CSV and XLSX
exports) and ``read_table_path`` (OWID with its metadata sidecar); the review
(``plan_import``, ``diff_to_json``, ``change_for``); and the article reader
and extractor in ``nato_desk.ingest.articles``. bench/README.md says what a
row is in each.

Leaders are generated with **one repeated name** (each row is the same person
in the same role), the worst case for their ``-2``, ``-3``... id suffixes.
Members are keyed by ISO-3 code, of which there are only 26^3 = 17,576, so
they run from 2k to 16k rows. Positions are a JSON list: one entry per row,
each with one quote.

    python bench/parse_linearity.py [--repeats 5] [--only leaders] [--profile]

Not a test (no timed assertions in tests/); the script exits 1 when a ratio
is over the goal, so it can be run by hand before a commit.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import io
import itertools
import json
import shutil
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from nato_desk.domain import (
    Edition,
    Leader,
    Measure,
    Member,
    Observation,
    Source,
    Status,
)
from nato_desk.ingest import (
    load_seed,
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
from nato_desk.ingest.articles.extract import extract
from nato_desk.ingest.articles.model import ArticleText, Paragraph
from nato_desk.ingest.articles.read import article_from_text
from nato_desk.ingest.limits import MAX_ARTICLE_CHARS
from nato_desk.ingest.tables import read_table_file, read_table_path
from nato_desk.ingest.tables.allies import ALLIES
from nato_desk.ingest.tables.diff import (
    accept_all,
    change_for,
    history_reason,
    observation_id,
)
from nato_desk.ingest.tables.own_export import CSV_COLUMNS, XLSX_COLUMNS
from nato_desk.ingest.tables.plan import diff_to_json, plan_import

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


# --- table importers (nato_desk.ingest.tables) -----------------------------------
#
# Each generator writes a file in its layout's real shape (tests/fixtures/tables,
# ../shared/reference/README.md) whose *rows* scale; the run is what
# ``nato-desk import`` does with it: ``read_table_file`` (sniff every layout, then
# read), or ``read_table_path`` where the file's place matters.

ALLY_NAMES = list(ALLIES.values())
ALLY_CODE_LIST = list(ALLIES)


def _xlsx(build: Callable[[Any], None], *, write_only: bool = True) -> bytes:
    wb = openpyxl.Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    build(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def nato_workbook(n: int) -> bytes:
    """NATO's 2025 layout: "Table 3" (two blocks of the allies, 2016-2025e), then n
    rows below them as NATO's sheets have them: hidden rows of #REF! cells (2024's
    workbook has them) and note lines, one after the other; "Table 7" small."""
    # 2016-2025e, not NATO's 2014-2025e: 40k rows of 13 columns would pass the
    # 500,000-cell limit xlsx_safe keeps a sheet to (and be refused).
    years: list[Any] = [*range(2016, 2024), "2024e", "2025e"]

    def build(wb: Any) -> None:
        ws = wb.create_sheet("Table 3")
        ws.append(["Table 3: Defence expenditure as a share of GDP and annual real change"])
        ws.append(["Based on 2021 prices"])
        ws.append([])
        ws.append([None, *years])
        for label in ("Share of real GDP (%)", "Annual real change (%)"):
            ws.append([label])
            for a, name in enumerate(ALLY_NAMES):
                ws.append([name, *(1 + a * 0.01 + k * 0.001 for k in range(len(years)))])
        row = 4 + 2 * (1 + len(ALLY_NAMES))  # ws.max_row scans every cell: counted here instead
        for k in range(n - 2 * len(ALLY_NAMES)):
            row += 1
            if k % 2:
                ws.append([f"Note {k}: figures for this ally were revised in the {k}th release."])
            else:
                ws.append([ALLY_NAMES[k % len(ALLY_NAMES)], *("#REF!" for _ in years)])
                ws.row_dimensions[row].hidden = True
        small = wb.create_sheet("Table 7")
        small.append(["Table 7: Military personnel"])
        small.append(["Thousands"])
        small.append([None, *years])
        for a, name in enumerate(ALLY_NAMES):
            small.append([name, *(10 + a for _ in years)])

    return _xlsx(build, write_only=False)


SIPRI_YEARS = range(2015, 2025)


def sipri(n: int) -> bytes:
    """SIPRI's workbook: "Share of GDP" (title lines, header at row 6: Country, Notes,
    years; fractions), then the allies and n rows of other countries and regions,
    as SIPRI lists ~170 countries and its regions (names here are made up)."""

    def build(wb: Any) -> None:
        ws = wb.create_sheet("Share of GDP")
        ws.append(["Military expenditure by country as percentage of gross domestic product"])
        for _ in range(4):
            ws.append([])
        ws.append(["Country", "Notes", *SIPRI_YEARS])
        for k in range(n):
            label = ALLY_NAMES[k // 50] if k % 50 == 0 and k // 50 < len(ALLY_NAMES) else f"Country {k}"
            ws.append([label, "\u00a7" if k % 7 == 0 else None,
                       *(("..." if y == 2015 and k % 3 == 0 else 0.0123 + (k % 97) * 0.0001)
                         for y in SIPRI_YEARS)])
        notes = wb.create_sheet("Footnotes")
        notes.append(["\u00a7", "Figures are for the financial year."])

    # Fewer than 32 allies in the first rows of small files: the rest are added
    # after, so every size has all the allies.
    return _xlsx(build)


def world_bank(n: int) -> bytes:
    """The World Bank's MS.MIL.XPND.GD.ZS CSV: BOM, four preamble lines, years
    1960-2024, a trailing comma, "" for missing; the allies and n-32 other rows
    (codes repeat past 17,576: nothing checks other countries' codes twice)."""
    years = range(1960, 2025)
    lines = ['"Data Source","World Development Indicators",', "", '"Last Updated Date","2025-07-01",', "",
             ",".join(f'"{h}"' for h in ("Country Name", "Country Code", "Indicator Name", "Indicator Code",
                                         *map(str, years))) + ","]
    others = (c for c in itertools.cycle(_codes()) if c not in ALLIES)
    for k in range(n):
        if k % 50 == 0 and k // 50 < len(ALLY_CODE_LIST):
            code = ALLY_CODE_LIST[k // 50]
            name = ALLIES[code]
        else:
            code = next(others)
            name = f"Country {code}"
        cells = ('""' if y < 1990 else f'"{1.2 + (k % 89) * 0.01:.12f}"' for y in years)
        lines.append(f'"{name}","{code}","Military expenditure (% of GDP)","MS.MIL.XPND.GD.ZS",{",".join(cells)},')
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _owid_rows(n: int) -> list[tuple[str, str, int]]:
    """n (entity, code, year) rows, entity by entity: 32 allies among 264 entities
    spread evenly (so every size has the same mix), years from 1949."""
    entities: list[tuple[str, str]] = []
    others = (c for c in _codes() if c not in ALLIES)
    allies = iter(ALLIES.items())
    for k in range(264):
        if k % 8 == 0 and k < 8 * len(ALLIES):
            code, name = next(allies)
            entities.append((name, code))
        elif k % 8 == 1:
            entities.append((f"Region {k}", "" if k % 16 == 1 else f"OWID_R{k}"))
        else:
            code = next(others)
            entities.append((f"Country {code}", code))
    rows = [(k % len(entities), 1949 + k // len(entities)) for k in range(n)]
    return [(*entities[e], y) for e, y in sorted(rows)]


def owid(n: int) -> bytes:
    """OWID's grapher CSV: Entity,Code,Year,<indicator>; n rows."""
    body = "".join(f'{e},{c},{y},{1.1 + y % 13 * 0.1:.4f}\n' for e, c, y in _owid_rows(n))
    return ("Entity,Code,Year,Military expenditure (% of GDP)\n" + body).encode()


OWID_METADATA = json.dumps({"chart": {"title": "Military expenditure as a share of GDP",
                                      "citation": "SIPRI (2025) \u2013 processed by Our World in Data",
                                      "originalChartUrl": "https://ourworldindata.org/grapher/x"},
                            "columns": {"military_expenditure_share_gdp": {"lastUpdated": "2025-04-28"}}})


def _export_rows(n: int) -> list[tuple[str, int, Measure, str]]:
    """n distinct (iso3, year, measure, status) of one edition, spread round-robin
    (32 allies x 16 measures x 1949-2100 hold 77,824)."""
    measures = list(Measure)
    rows = []
    for k in range(n):
        iso3 = ALLY_CODE_LIST[k % len(ALLY_CODE_LIST)]
        measure = measures[(k // len(ALLY_CODE_LIST)) % len(measures)]
        year = 1949 + k // (len(ALLY_CODE_LIST) * len(measures))
        rows.append((iso3, year, measure, "estimate" if year > 2090 else "actual"))
    return rows


def own_csv(n: int) -> bytes:
    """Our CSV export: BOM, CSV_COLUMNS, one row per figure of one edition."""
    lines = [",".join(CSV_COLUMNS)]
    for iso3, year, measure, status in _export_rows(n):
        note = "'=formula guard" if year % 11 == 0 else f"Note {year}"
        lines.append(f"{iso3},{year},{measure.value},1.{year % 100:02d},{status},2025-08,NATO_DE2025,"
                     f"Defence Expenditure of NATO Countries (2014-2025),{note}")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def own_xlsx(n: int) -> bytes:
    """Our XLSX export: data (XLSX_COLUMNS, numbers with their format), sources, about."""

    def build(wb: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        data = wb.create_sheet("data")
        data.append(list(XLSX_COLUMNS))
        for iso3, year, measure, status in _export_rows(n):
            value = WriteOnlyCell(data, value=float(f"1.{year % 100:02d}"))
            value.number_format = "0.00"
            data.append([iso3, year, measure.value, value, status, "2025-08", "NATO_DE2025", f"Note {year}"])
        sources = wb.create_sheet("sources")
        sources.append(["source_id", "cited_title", "cited_publisher", "date", "cited_url"])
        sources.append(["NATO_DE2025", "Defence Expenditure of NATO Countries (2014-2025)", "NATO", "2025-08-28",
                        "https://www.nato.int/"])
        about = wb.create_sheet("about")
        about.append(["key", "value"])
        about.append(["edition", "August 2025 \u2014 Defence Expenditure of NATO Countries (2014-2025)"])

    return _xlsx(build)


def _read(raw: bytes) -> object:
    return read_table_file(raw, "240617-def-exp-2024-TABLES-en.xlsx" if raw[:2] == b"PK" else "bench.csv")


class _OnDisk:
    """An OWID CSV with its .metadata.json sidecar in a folder, for read_table_path."""

    def __init__(self, n: int) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="parse_linearity_"))
        atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        self.path = self.folder / "military-expenditure-share-gdp.csv"
        self.path.write_bytes(owid(n))
        self.path.with_name(f"{self.path.stem}.metadata.json").write_text(OWID_METADATA, encoding="utf-8")


def _read_path(on_disk: _OnDisk) -> object:
    return read_table_path(on_disk.path)


# --- the review: plan_import / diff_import, the JSON report and the change -------

class _Review:
    """An export of n figures read back, against a store holding the same n figures
    of that edition: a third changed, a sixth only in the file, a sixth only in
    the store."""

    def __init__(self, n: int) -> None:
        self.imported = read_table_file(own_csv(n), "bench.csv")
        self.edition = Edition("2025-08", "August 2025", "Defence Expenditure of NATO Countries (2014-2025)",
                               "2025-08-28", Measure.PCT_GDP, "NATO_DE2025")
        self.sources = [Source("NATO_DE2025", "Defence Expenditure of NATO Countries (2014-2025)")]
        stored = []
        for k, v in enumerate(self.imported.values):
            if k % 6 == 5:
                continue  # new in the file
            value = v.value if k % 3 else (v.value or 0) + 0.5
            stored.append(Observation(observation_id("2025-08", v.iso3, v.measure, v.year), v.iso3, v.year,
                                      v.measure, value, v.decimals, v.status, "2025-08", "NATO_DE2025",
                                      v.note))
        for k in range(len(self.imported.values) // 6):  # only in the store: years no file row has
            iso3 = ALLY_CODE_LIST[k % len(ALLY_CODE_LIST)]
            measure = list(Measure)[(k // len(ALLY_CODE_LIST)) % len(Measure)]
            year = 2100 - k // (len(ALLY_CODE_LIST) * len(Measure))
            stored.append(Observation(observation_id("2025-08", iso3, measure, 3000 + year), iso3, 3000 + year,
                                      measure, 1.0, 2, Status.ACTUAL, "2025-08", "NATO_DE2025", ""))
        self.stored = stored


def _review(r: _Review) -> object:
    diff = plan_import(r.imported, [r.edition], r.sources, r.stored)
    report = diff_to_json(diff)
    accepted = accept_all(diff)
    return report, change_for(diff, accepted), history_reason(diff, accepted)


# --- articles (nato_desk.ingest.articles) ----------------------------------------
#
# A real article is a few dozen paragraphs and at most MAX_ARTICLE_CHARS
# (1,000,000) characters, so 40,000 rows of it are short: each row is one
# sentence of ~20 characters in the shapes the extractor looks at (a quote with
# its speaker, a share of GDP with an ally and a year, plain narrative), four to
# a paragraph, and a paragraph in ten printed twice (syndicated copy repeats
# paragraphs; read.py keeps each once).

_SENTENCES = (
    "Rutte said: \u201cWe pay.\u201d",
    "Spain: {p}% in {y}.",
    "Poland aims at 5%.",
    "It was {k} days late.",
    "Tusk said they would.",
)


def article_text(n: int) -> str:
    lines: list[str] = []
    for k in range(0, n, 4):
        paragraph = " ".join(_SENTENCES[(k + j) % len(_SENTENCES)].format(
            k=k + j, p=f"{1 + (k + j) % 300 / 100:.2f}", y=1990 + (k + j) % 35) for j in range(min(4, n - k)))
        lines.append(paragraph)
        if k % 40 == 0 and lines:
            lines.append(lines[len(lines) // 2])  # printed again
    text = "**NATO allies debate spending**\n" + "\n".join(lines) + "\n"
    assert len(text) <= MAX_ARTICLE_CHARS, len(text)
    return text


def _read_article(text: str) -> object:
    return article_from_text(text, "bench.txt", outlet="Bench", published="2025-06-24")


_EXTRACT_SENTENCES = (
    "Rutte said: \u201cWe pay {k} more.\u201d",
    "Spain spent {p}% of GDP on defence in {y}.",
    "\u201cWe will spend {p}% by 2035,\u201d Tusk said.",
    "Germany reached {p}% of GDP in {y}.",
    "The talks went on for {k} hours.",
    "Mark Rutte told reporters: \u201cAllies pay {k}.\u201d",
)


class _Article:
    """n sentences for the extractor: quotes (each its own words) with a named
    speaker, shares of GDP with an ally and a year, plain narrative; four to a
    paragraph. At ~35 characters a sentence, 40,000 of them are more than an
    article may be (MAX_ARTICLE_CHARS), so the ArticleText is built here, as
    article_from_text builds it, without that limit: what is measured is how
    the extractor's work grows with the text."""

    def __init__(self, n: int) -> None:
        paragraphs: list[Paragraph] = []
        offset = 0
        for k in range(0, n, 4):
            body = " ".join(_EXTRACT_SENTENCES[(k + j) % len(_EXTRACT_SENTENCES)].format(
                k=k + j, p=f"{1 + (k + j) % 300 / 100:.2f}", y=1990 + (k + j) % 35) for j in range(min(4, n - k)))
            paragraphs.append(Paragraph(index=len(paragraphs), start=offset, text=body))
            offset += len(body) + 2
        self.article = ArticleText(text="\n\n".join(p.text for p in paragraphs), paragraphs=tuple(paragraphs),
                                   title="NATO allies debate spending", outlet="Bench", published="2025-06-24")
        records = load_seed()
        self.leaders = [r for r in records if isinstance(r, Leader)]
        self.members = [r for r in records if isinstance(r, Member)]


def _extract(a: _Article) -> object:
    return extract(a.article, a.leaders, a.members)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Case:
    generate: Callable[[int], Any]
    run: Callable[[Any], object]
    sizes: tuple[int, ...] = SIZES
    slow: bool = False  # openpyxl or the extractor: --slow-repeats runs, not --repeats


def _seed(parse: Callable[[str, str], object]) -> Callable[[str], object]:
    return lambda text: parse(text, "bench.csv")


CASES: dict[str, Case] = {
    **{label: Case(generate, _seed(parse), sizes) for label, (generate, parse, sizes) in PARSERS.items()},
    "nato-workbook": Case(nato_workbook, _read, slow=True),
    "sipri": Case(sipri, _read, slow=True),
    "world-bank": Case(world_bank, _read),
    "owid": Case(owid, _read),
    "owid-path": Case(_OnDisk, _read_path),
    "export-csv": Case(own_csv, _read),
    "export-xlsx": Case(own_xlsx, _read, slow=True),
    "review": Case(_Review, _review),
    "article-read": Case(article_text, _read_article),
    "article-extract": Case(_Article, _extract, slow=True),
}


def _best_time(run: Callable[[Any], object], given: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()  # garbage left by the previous run is not charged to this one
        start = time.perf_counter()
        run(given)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slow-repeats", type=int, default=2,
                        help="runs of the XLSX readers and the extractor (default 2)")
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--profile", action="store_true",
                        help="profile each chosen case at its largest size and print the top 15 entries")
    args = parser.parse_args(argv)

    over = []
    for label, case in CASES.items():
        if args.only and label not in args.only:
            continue
        sizes = case.sizes
        case.run(case.generate(sizes[0]))  # warm-up: imports, regex compiles
        repeats = args.slow_repeats if case.slow else args.repeats
        times = {}
        for n in sizes:
            # One size's input at a time: the others' would sit in the heap that
            # every full garbage collection walks, charging the large sizes for them.
            given = case.generate(n)
            times[n] = _best_time(case.run, given, repeats)
            if args.profile and n == sizes[-1]:
                import cProfile
                import pstats

                profile = cProfile.Profile()
                profile.runcall(case.run, given)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
            del given
        cells = "  ".join(f"{n // 1000}k {times[n] * 1000:7.1f} ms" for n in sizes)
        print(f"{label:<15} {cells}", flush=True)
        for small, large in itertools.pairwise(sizes):
            ratio = times[large] / times[small]
            verdict = "ok" if ratio <= GOAL else "OVER"
            if ratio > GOAL:
                over.append(f"{label} {small // 1000}k->{large // 1000}k")
            print(f"{'':<15}   {small // 1000}k -> {large // 1000}k: "
                  f"{ratio:4.2f}x  (goal <= {GOAL}x) {verdict}", flush=True)
    if over:
        print(f"over the goal: {', '.join(over)}")
        return 1
    print(f"every doubling within the goal of <= {GOAL}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
