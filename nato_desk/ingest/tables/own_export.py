"""Our own exports read back: the CSV and XLSX files nato_desk writes.

``export.csv_export`` writes one row per figure (``CSV_COLUMNS``: iso3, year,
measure, value at the published precision, status, edition, source_id,
source_title, note), UTF-8 with a BOM; ``export.xlsx_export`` writes the
same in a ``data`` sheet (``XLSX_COLUMNS``, the value a number with the
precision as its number format) beside ``sources`` and ``about``. The
columns are repeated here, not imported: ingest and export are siblings
that never import each other (a test keeps the two in step).

Every row names its edition and source, so each figure keeps its own
``source_id``. One file is one edition (the app exports one edition at a
time); a file mixing editions is refused with their names. The proposal is
that edition: its id from the rows, its label and title from the XLSX
``about`` sheet ("June 2024 — Defence Expenditure ..."), its source the one
most rows cite, as the ``sources`` sheet or ``source_title`` describe it.

Exports neutralise formulas: a text cell that started with ``= + - @`` (or
Tab, CR, LF) was written with a leading ``'``. Reading undoes exactly that:
a ``'`` is dropped only when the character after it is one of those, which
is the only case where the export adds it. (A text that itself began with
``'=`` comes back without its quote: the export makes the two alike.) NUL
characters and characters XML cannot hold, which the exports drop, cannot
come back.

Re-importing an export of an unchanged edition changes nothing: same
values, precision, status, notes and sources.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from nato_desk.domain import Measure, Source, Status
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.limits import MAX_TABLE_ROWS
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import sha256
from nato_desk.ingest.tables.allies import ALLIES, match_code
from nato_desk.ingest.tables.cells import (
    check_value,
    check_year,
    csv_iter,
    decimals_of_format,
    refuse_unknown_labels,
    text_decimals,
    xlsx_sheet_names,
    year_of,
)
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue
from nato_desk.ingest.tables.xlsx_safe import open_workbook

__all__ = ["CSV_COLUMNS", "FORMULA_TRIGGERS", "LAYOUT", "XLSX_COLUMNS", "read", "sniff", "unneutralize"]

LAYOUT = "nato_desk-export"
CSV_COLUMNS = ("iso3", "year", "measure", "value", "status", "edition", "source_id", "source_title", "note")
XLSX_COLUMNS = ("iso3", "year", "measure", "value", "status", "edition", "source_id", "note")
XLSX_SHEETS = ("data", "sources", "about")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def unneutralize(cell: str) -> str:
    """``cell`` as it was before the export neutralised it.

    >>> unneutralize("'=HYPERLINK(1)")
    '=HYPERLINK(1)'
    >>> unneutralize("'quoted'")
    "'quoted'"
    """
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_TRIGGERS) else cell


def _csv_header(raw: bytes) -> list[str]:
    first = raw[:2048].decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[:1]
    return [c.strip() for c in next(csv.reader(first), [])] if first else []


def sniff(raw: bytes, name: str) -> bool:
    """Our CSV (its exact header) or our XLSX (sheets data, sources and about)."""
    if raw.startswith(b"PK\x03\x04"):
        sheets = xlsx_sheet_names(raw)
        return sheets is not None and all(s in sheets for s in XLSX_SHEETS)
    return tuple(_csv_header(raw)) == CSV_COLUMNS


def read(raw: bytes, name: str) -> ImportedFile:
    """Read one of our CSV or XLSX exports.

    Raises:
        ImportRejected: neither export's columns, a code that is no ally, a
            year out of range, a measure or status we do not know, a value
            that is not a number, a row twice, or editions mixed in one file.
    """
    if raw.startswith(b"PK\x03\x04"):
        return _read_xlsx(raw, name)
    return _read_csv(raw, name)


def _read_csv(raw: bytes, name: str) -> ImportedFile:
    rows = csv_iter(read_text(raw, name), name)
    first = next(rows, None)
    if first is None or tuple(c.strip() for c in first) != CSV_COLUMNS:
        found = ",".join(first)[:150] if first else "an empty file"
        raise ImportRejected(name, "line 1", "", f"unknown layout: a nato_desk CSV export starts "
                             f"{','.join(CSV_COLUMNS)}; found {found}")
    sources: dict[str, dict[str, str]] = {}  # filled as the rows are read, before the proposal

    def records() -> Iterator[tuple[str, dict[str, Any], Any, int]]:
        # Row by row, so the file's cells are never all held at once (issue 12: a
        # 40,000-row export read in time linear in its rows, not slowed by its size).
        for i, row in enumerate(rows, start=2):
            if i > MAX_TABLE_ROWS:
                raise ImportRejected(name, "", "", f"has more than {MAX_TABLE_ROWS:,} rows; "
                                     f"at most {MAX_TABLE_ROWS:,} are read")
            if not any(c.strip() for c in row):
                continue
            if len(row) != len(CSV_COLUMNS):
                raise ImportRejected(name, f"line {i}", "",
                                     f"has {len(row)} cells; the header has {len(CSV_COLUMNS)}")
            cells = dict(zip(CSV_COLUMNS, row))
            value_text = cells["value"].strip()
            decimals = text_decimals(value_text) if value_text else 0
            sources.setdefault(unneutralize(cells["source_id"]),
                               {"cited_title": unneutralize(cells["source_title"])})
            yield f"line {i}", cells, value_text or None, decimals

    return _imported(raw, name, "nato_desk-csv", records(), sources, {})


def _read_xlsx(raw: bytes, name: str) -> ImportedFile:
    workbook = open_workbook(raw, name)
    missing = [s for s in XLSX_SHEETS if s not in workbook.sheetnames]
    if missing:
        raise ImportRejected(name, "", "", f"unknown layout: a nato_desk XLSX export has sheets "
                             f"{', '.join(XLSX_SHEETS)}; found {', '.join(workbook.sheetnames) or 'none'}")
    data = workbook["data"]
    header = tuple(str(c.value or "").strip() for c in next(data.iter_rows(min_row=1, max_row=1), ()))
    if header != XLSX_COLUMNS:
        raise ImportRejected(name, "data!1", "", f"unknown layout: the data sheet's header is "
                             f"{', '.join(header) or 'empty'}; a nato_desk export has {', '.join(XLSX_COLUMNS)}")
    records = []
    for r, row in enumerate(data.iter_rows(min_row=2), start=2):
        cells: dict[str, Any] = {col: row[k].value if k < len(row) else None for k, col in enumerate(XLSX_COLUMNS)}
        if all(v is None or v == "" for v in cells.values()):
            continue
        value_cell = row[3] if len(row) > 3 else None
        value = cells["value"]
        decimals = 0
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value_cell is not None:
            decimals = decimals_of_format(str(value_cell.number_format or "General"), float(value))[0]
        elif isinstance(value, str):  # typed in as text: its digits are the precision
            decimals = text_decimals(value.strip())
        records.append((f"data!A{r}", {k: "" if v is None else v for k, v in cells.items()}, value, decimals))
    return _imported(raw, name, "nato_desk-xlsx", records, _sheet_rows(workbook["sources"]),
                     {str(r.get("key", "")): str(r.get("value", "")) for r in _sheet_rows(workbook["about"]).values()}
                     if "about" in workbook.sheetnames else {})


def _sheet_rows(ws: Any) -> dict[str, dict[str, str]]:
    """A key/value sheet's rows by their first column, text un-neutralised."""
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return {}
    header = [str(c or "") for c in rows[0]]
    found: dict[str, dict[str, str]] = {}
    for row in rows[1:]:
        record = {h: unneutralize(str(v)) if v is not None else "" for h, v in zip(header, row)}
        key = record.get(header[0], "")
        if key:
            found[key] = record
    return found


def _imported(raw: bytes, name: str, layout: str, records: Iterable[tuple[str, dict[str, Any], Any, int]],
              sources: dict[str, dict[str, str]], about: dict[str, str]) -> ImportedFile:
    values: list[ImportedValue] = []
    editions: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    seen: dict[tuple[str, int, Measure], str] = {}
    unknown: list[tuple[str, str]] = []
    for where, cells, value, decimals in records:
        code = unneutralize(str(cells["iso3"])).strip()
        iso3 = match_code(code)
        if iso3 is None:
            unknown.append((where, code))
            continue
        year = year_of(cells["year"])
        if year is None:
            raise ImportRejected(name, where, "year", f"'{str(cells['year'])[:20]}' is not a year")
        check_year(year, name, where)
        measure = _enum(Measure, cells["measure"], name, where, "measure")
        status = _enum(Status, cells["status"], name, where, "status")
        edition = unneutralize(str(cells["edition"])).strip()
        source_id = unneutralize(str(cells["source_id"])).strip()
        for field, text in (("edition", edition), ("source_id", source_id)):
            if not text:
                raise ImportRejected(name, where, field, "is empty; every figure names its edition and source")
        number = _number(value, name, where, measure, f"{ALLIES[iso3]} {year}")
        key = (iso3, year, measure)
        if key in seen:
            raise ImportRejected(name, where, "", f"{ALLIES[iso3]} {year} {measure.value} is given twice "
                                 f"(also {seen[key]})")
        seen[key] = where
        editions[edition] += 1
        cited[source_id] += 1
        values.append(ImportedValue(iso3, year, measure, number, decimals if number is not None else 0, status,
                                    unneutralize(str(cells["note"])), where, source_id))
    refuse_unknown_labels(name, unknown, "ally code")
    if len(editions) > 1:
        raise ImportRejected(name, "", "edition", "the file mixes editions ("
                             + ", ".join(f"{e}: {n} rows" for e, n in sorted(editions.items()))
                             + "); export and import one edition at a time")
    if not editions:
        raise ImportRejected(name, "", "", "the file holds no figures")
    edition = next(iter(editions))
    return ImportedFile(name=name, sha256=sha256(raw), layout=layout,
                        edition=_proposal(name, edition, cited.most_common(1)[0][0], sources, about, values),
                        values=tuple(values),
                        tables=(f"{layout}: {len(values)} figures of edition {edition}",))


def _enum(kind: Any, cell: Any, name: str, where: str, field: str) -> Any:
    text = unneutralize(str(cell if cell is not None else "")).strip()
    try:
        return kind(text)
    except ValueError:
        known = ", ".join(m.value for m in kind)
        raise ImportRejected(name, where, field, f"'{text[:40]}' is not one of {known}") from None


def _number(value: Any, name: str, where: str, measure: Measure, what: str) -> float | None:
    if value is None or value == "":
        return None  # a published blank: the row's note says why
    if isinstance(value, bool):
        raise ImportRejected(name, where, "value", f"{value} is not a number", what=what)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ImportRejected(name, where, "value", f"'{str(value)[:40]}' is not a number", what=what) from None
    return check_value(number, measure, name, where, what)


def _proposal(name: str, edition: str, source_id: str, sources: dict[str, dict[str, str]],
              about: dict[str, str], values: list[ImportedValue]) -> EditionProposal:
    label, _, title = about.get("edition", "").partition(" \u2014 ")
    if not title or not label:
        label, title = edition, f"nato_desk export of edition {edition}"
    described = sources.get(source_id, {})
    source = Source(id=source_id, title=described.get("cited_title", "") or source_id,
                    publisher=described.get("cited_publisher", ""), date=described.get("date", ""),
                    url=described.get("cited_url", ""), note=f"Named by {name}.")
    measures = Counter(v.measure for v in values)
    return EditionProposal(id=edition, label=label.strip(), title=title.strip(), released="", publisher="",
                           measure=measures.most_common(1)[0][0], source=source,
                           note=f"Re-imported from a nato_desk export ({name}).")
