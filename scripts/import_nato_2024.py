"""Ship NATO's June 2024 edition in data/, as nato_desk's own importer reads NATO's workbook.

Usage (from the repository root):

    .venv/bin/python scripts/import_nato_2024.py [WORKBOOK]

WORKBOOK defaults to tests/fixtures/240617-def-exp-2024-TABLES-en.xlsx, the
byte copy of NATO's tables workbook. The script runs
``nato_desk.ingest.tables.nato_workbook.read`` on it and writes:

* data/nato_2024_tables.csv: every figure the reader found (Tables 2, 3, 5, 6,
  7, 8a and 8b; 13 measures), value unrounded as the cell holds it, with the
  precision the cell prints (``decimals``), ``estimate`` for NATO's "e" years
  and the ``*`` footnote as ``note``. Nothing is left out: Iceland, which has
  no armed forces, has its GDP (Tables 5 and 6) and no defence figure, as in
  the workbook, so importing the workbook into the shipped data changes
  nothing;
* the ``2024-06`` row of data/editions.csv (adding the ``publisher`` and
  ``base_year`` columns if the file lacks them);
* the ``NATO_DE2024`` row of data/sources_added.csv.

Running it again rewrites the same bytes. Nothing is typed by hand: a figure
that differs from the workbook's cell is a bug in the reader.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nato_desk.ingest.tables.allies import ALLIES  # noqa: E402
from nato_desk.ingest.tables.nato_workbook import read  # noqa: E402

DATA = ROOT / "data"
DEFAULT = ROOT / "tests" / "fixtures" / "240617-def-exp-2024-TABLES-en.xlsx"
FIGURES = "nato_2024_tables.csv"
FIGURE_COLUMNS = ("iso3", "country", "year", "value", "estimate", "source_id", "note", "edition", "measure",
                  "decimals")
EDITION_COLUMNS = ("id", "label", "title", "released", "measure", "source_id", "note", "publisher", "base_year")
# Base years of the shipped editions, where their sources state one.
KNOWN_BASE_YEARS = {
    "2025-08": "2021 prices",  # NATO_DE2025: "shares of real GDP at 2021 prices"
    "2026-07": "2021 prices",  # reference README: def-exp-2026-en.xlsx, "constant 2021 prices"
}
VIA = ("copy kept in the GitHub repository jacobvoss/geopolitical-dashboard (data/), re-saved by its owner; "
       "the reference set's files/240617-def-exp-2024-TABLES-en.xlsx")


def _number(value: float) -> str:
    """The value as Python reads it back exactly (a whole number without ".0")."""
    return str(int(value)) if value.is_integer() else repr(value)


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def main(argv: list[str]) -> int:
    workbook = Path(argv[1]) if len(argv) > 1 else DEFAULT
    imported = read(workbook.read_bytes(), workbook.name)
    edition = imported.edition
    source = edition.source
    rows = []
    for v in imported.values:
        assert v.value is not None
        rows.append({"iso3": v.iso3, "country": ALLIES[v.iso3], "year": str(v.year), "value": _number(v.value),
                     "estimate": "1" if v.status.value == "estimate" else "0", "source_id": source.id,
                     "note": v.note, "edition": edition.id, "measure": v.measure.value,
                     "decimals": str(v.decimals)})
    _write(DATA / FIGURES, FIGURE_COLUMNS, rows)

    _, editions = _read(DATA / "editions.csv")
    editions = [e for e in editions if e["id"] != edition.id]
    for e in editions:
        e["publisher"] = e.get("publisher") or "NATO"
        e["base_year"] = e.get("base_year") or KNOWN_BASE_YEARS.get(e["id"], "")
    editions.append({"id": edition.id, "label": edition.label, "title": edition.title,
                        "released": edition.released, "measure": edition.measure.value, "source_id": source.id,
                        "note": edition.note, "publisher": edition.publisher, "base_year": edition.base_year})
    _write(DATA / "editions.csv", EDITION_COLUMNS, editions)

    columns, sources = _read(DATA / "sources_added.csv")
    sources = [s for s in sources if s["source_id"] != source.id]
    sources.append({
        "source_id": source.id, "title": source.title, "publisher": source.publisher, "date": source.date,
        "url": source.url,
        "notes": (f"NATO's tables workbook of the June 2024 release, {workbook.name}: Tables 1-8b "
                  "(defence expenditure in national currency and US dollars, share of GDP and real change, "
                  "GDP, per capita, military personnel, distribution by category). Figures for 2023 and "
                  "2024 are estimates; constant prices are 2015 prices. data/nato_2024_tables.csv is this "
                  "workbook read by nato_desk's importer (scripts/import_nato_2024.py)."),
        "kind": "primary_official", "cite_publisher": "NATO", "cite_title": source.title,
        "cite_url": source.url, "read_at_url": "", "via": VIA, "cite_confidence": "stated",
        "cite_note": (f"Imported from NATO's own tables workbook {workbook.name} (its document properties "
                      "say Ownership NATO, Classification UNCLASSIFIED). The workbook "
                      "does not print the release's title; the reference set names the release 'Defence "
                      "Expenditure of NATO Countries (2014-2024)', which is also what the years of its "
                      "tables give. No URL of the June 2024 release is known here, so none is given."),
    })
    _write(DATA / "sources_added.csv", tuple(columns), sources)
    print(f"{FIGURES}: {len(rows)} figures of edition {edition.id} ({edition.label}); "
          f"skipped by the reader: {len(imported.skipped)} rows or cells")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
