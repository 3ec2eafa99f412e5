"""NATO's tables workbook ("Defence Expenditure of NATO Countries"), every layout we know.

Two layouts are read by one reader, which reports which it met:

* ``nato-2024`` (240617-def-exp-2024-TABLES-en.xlsx): sheets TABLE1 ... TABLE8b,
  the title in B4 ("Table 3 : Defence expenditure as a share of GDP and annual
  real change"), the unit in B6, years in row 8 (2023e and 2024e as text),
  block labels in column B, countries in column C ("Poland*   (Zlotys)"),
  TABLE7 one column further right, hidden rows of #REF! cells;
* ``nato-2025`` (def-exp-2025-en.xlsx, def-exp-2026-en.xlsx): sheets "Table 1"
  ... "Table 8b", the title in A1, countries and block labels in column A, a
  header row of an empty cell then 2014 ... 2025e.

Nothing is found by sheet name or fixed cell: a table is a sheet holding a
"Table N: ..." title near its top, its header is the first row below it with
year cells (``2014`` or ``"2024e"``, number or text), a block starts at a
label-only row ("Share of real GDP (%)", "Equipment (a)"), a data row is one
whose label names an ally (``allies.match_ally``) or a total. ``MEASURE_WORDS``
maps each table's blocks to measures; Tables 1 (national currency) and 4 (a
2014-against-latest summary) are reported as not imported.

Every value keeps the cell's number unrounded, the precision its number
format prints (``decimals_of``), ``e`` years as estimates, and a label's ``*``
as its note (with the sheet's ``*`` footnote word for word). Hidden rows,
error cells (#REF!, #N/A, #DIV/0!...) and totals are left out and listed in
``skipped``. The edition is proposed from the file name (240617 -> released
2024-06-17), the title the workbook states (or one derived from the years it
covers, and the note says so), the base year of its prices and its footnotes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from nato_desk.domain import MEASURES, Measure, Source, Status
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables.allies import closest_allies, match_ally, normalise
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue
from nato_desk.ingest.tables.xlsx_safe import check_archive, open_workbook

__all__ = [
    "LAYOUT",
    "LAYOUT_2024",
    "LAYOUT_2025",
    "MEASURE_WORDS",
    "NOT_IMPORTED",
    "PUBLISHER",
    "TOTALS",
    "decimals_of",
    "read",
    "sniff",
]

LAYOUT = "nato-workbook"
LAYOUT_2024 = "nato-2024"
LAYOUT_2025 = "nato-2025"
PUBLISHER = "NATO Public Diplomacy Division"

FIRST_YEAR, LAST_YEAR = 1949, 2100  # NATO was founded in 1949

# Table number -> (words in the block label, or the title when a table has no
# blocks) -> measure. The first matching entry wins, so "gdp per capita" comes
# before "per capita".
MEASURE_WORDS: dict[str, tuple[tuple[str, Measure], ...]] = {
    "2": (("constant", Measure.CONSTANT_USD), ("current", Measure.CURRENT_USD)),
    "3": (("real change", Measure.REAL_CHANGE), ("core", Measure.CORE_PCT_GDP),
          ("share", Measure.PCT_GDP)),
    "5": (("constant", Measure.GDP_CONSTANT_USD), ("current", Measure.GDP_CURRENT_USD)),
    "6": (("gdp per capita", Measure.GDP_PER_CAPITA), ("per capita", Measure.PER_CAPITA)),
    "7": (("personnel", Measure.PERSONNEL),),
    "8a": (("equipment", Measure.EQUIPMENT_SHARE), ("personnel", Measure.PERSONNEL_SHARE),
           ("infrastructure", Measure.INFRASTRUCTURE_SHARE), ("other", Measure.OTHER_SHARE)),
}
MEASURE_WORDS["8b"] = MEASURE_WORDS["8"] = MEASURE_WORDS["8a"]

NOT_IMPORTED = {
    "1": "not imported: national currency units (the desk keeps US dollars and shares)",
    "4": "not imported: a summary of Tables 2 and 3 (the first year against the latest)",
}

TOTALS = {"nato europe and canada": "NATO-EUCA", "nato total": "NATO", "nato europe": "NATO-EU",
          "nato europe canada": "NATO-EUCA"}
"""Aggregate rows by their normalised label -> the code they get with ``include_totals``.
The store has no member for them: by default they are listed in ``skipped``."""

ERROR_VALUES = frozenset({"#REF!", "#N/A", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA"})

_TITLE = re.compile(r"^\s*table\s*(\d{1,2}[a-z]?)\s*:\s*(\S.*?)\s*$", re.IGNORECASE | re.DOTALL)
_YEAR_TEXT = re.compile(r"^\s*(\d{4})\s*(e?)\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*-\s*\d+\s*-\s*$")
_RELEASE_TITLE = re.compile(r"Defen[cs]e (?:Expenditure|Investment) of NATO Countries\s*\(\s*\d{4}\s*[-\u2013]\s*\d{4}\s*\)",
                            re.IGNORECASE)
_URL = re.compile(r"https?://[^\s\"'<>]+")
_PRICES = re.compile(r"(\d{4}) prices", re.IGNORECASE)
_FILE_DATE = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})(?!\d)")
_TITLE_ROWS = 40  # a table's title sits near the top of its sheet
_TITLE_COLUMNS = 8
_MIN_YEARS = 3  # a header row has at least this many year cells


# --- number formats -----------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def decimals_of(number_format: str | None, value: float | None = None) -> int:
    """Digits after the point that ``number_format`` prints: '0.00' -> 2, '#,##0' -> 0,
    '0.0' -> 1, '0.00%' -> 2, '0.00E+00' -> 2. "General" (or an unreadable format)
    prints the number as it is, so the value's own digits count (at most 4, the
    most a figure keeps)."""
    fmt = (number_format or "General").split(";")[0]
    fmt = _QUOTED.sub("", fmt)  # literal text, escapes, colours and conditions print no digits
    if fmt.strip().lower() in ("general", "", "@"):
        if value is None or float(value).is_integer():
            return 0
        text = repr(float(value))
        if "e" in text or "E" in text:
            return 4
        return min(4, len(text.split(".")[1]))
    point = fmt.find(".")
    if point < 0:
        return 0
    digits = 0
    for ch in fmt[point + 1:]:
        if ch in "0#?":
            digits += 1
        elif ch == ",":
            continue
        else:
            break
    return min(4, digits)


# --- reading one sheet ----------------------------------------------------------

@dataclass
class _Block:
    label: str
    measure: Measure | None
    allies: dict[str, str] = field(default_factory=dict)  # iso3 -> where first seen


@dataclass
class _Table:
    number: str  # "3", "8a"
    title: str  # the title cell as written
    heading: str  # the title without "Table N :"
    sheet: str
    title_column: int
    unit: str = ""
    years: dict[int, tuple[int, bool]] = field(default_factory=dict)  # column -> (year, estimate)
    header_row: int = 0
    header_text: str = ""
    footnotes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # every text of the sheet (title, unit, notes)

    @property
    def name(self) -> str:
        return f"Table {self.number}"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _year_of(value: Any) -> tuple[int, bool] | None:
    """(year, estimate) when ``value`` looks like a year header cell (any four digits)."""
    if _is_number(value) and float(value).is_integer() and 1000 <= value <= 9999:
        return int(value), False
    if isinstance(value, str):
        match = _YEAR_TEXT.match(value)
        if match:
            return int(match.group(1)), bool(match.group(2))
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _find_title(ws: Any) -> tuple[int, int, str] | None:
    for row in ws.iter_rows(min_row=1, max_row=_TITLE_ROWS, max_col=_TITLE_COLUMNS):
        for cell in row:
            if isinstance(cell.value, str) and _TITLE.match(cell.value):
                return cell.row, cell.column, cell.value
    return None


def _first_texts(ws: Any, n: int = 2) -> list[str]:
    found: list[str] = []
    for row in ws.iter_rows(min_row=1, max_row=_TITLE_ROWS, max_col=_TITLE_COLUMNS):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip():
                found.append(cell.value.strip()[:60])
                if len(found) == n:
                    return found
    return found


@dataclass
class _Reading:
    """What one read collects across sheets."""

    name: str
    include_totals: bool
    values: list[ImportedValue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)  # label -> where
    measures_by_table: dict[str, list[str]] = field(default_factory=dict)
    all_texts: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # (table number, unit or block text)
    years: set[int] = field(default_factory=set)


def _reject(r: _Reading, where: str, problem: str) -> ImportRejected:
    return ImportRejected(r.name, where, "", problem)


def _measure_for(table: _Table, block: str) -> Measure | None:
    words = MEASURE_WORDS.get(table.number.lower(), ())
    text = (block or table.title).casefold()
    if not block and table.number == "3" and "real change" in text and "share" in text:
        return None  # both measures in one unlabelled block: the shape is not one we know
    for word, measure in words:
        if word in text:
            if measure is Measure.PCT_GDP and "core" in (table.title + " " + block).casefold():
                return Measure.CORE_PCT_GDP
            return measure
    return None


def _header(ws: Any, table: _Table, r: _Reading) -> None:
    """Find the header row below the title: the first row with year cells."""
    for row in ws.iter_rows(min_row=table.header_row or 1):
        if row[0].row <= table.header_row:
            continue
        cells = [c for c in row if c.value is not None]
        years = {c.column: y for c in cells if (y := _year_of(c.value)) is not None}
        if len(years) < _MIN_YEARS:
            continue
        labels = [c for c in cells if c.column < min(years) and isinstance(c.value, str)]
        if any(match_ally(c.value)[0] for c in labels):
            break  # a data row before any header: the shape is not one we know
        seen: dict[int, str] = {}
        for column, (year, _) in years.items():
            where = f"{ws.title}!{row[column - 1].coordinate}"
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise _reject(r, where, f"{table.name}'s header has the year {year}, outside "
                              f"{FIRST_YEAR}-{LAST_YEAR}")
            if year in seen:
                raise _reject(r, where, f"{table.name}'s header gives the year {year} twice "
                              f"(also {seen[year]})")
            seen[year] = where
        table.years = years
        table.header_row = row[0].row
        table.header_text = ", ".join(str(c.value) for c in cells)[:200]
        return
    found = ", ".join(table.texts[:3])
    raise _reject(r, ws.title, f"{table.name} ('{table.title[:80]}') has no header row of years "
                  f"(2014, 2024e ...) below its title; found: {found or 'nothing'}")


def _read_sheet(ws: Any, table: _Table, r: _Reading) -> None:
    """Read the rows of an imported table below its header."""
    _header(ws, table, r)
    first_year_col = min(table.years)
    block: _Block | None = None
    pending: list[str] = []
    blocks: list[_Block] = []
    rows: list[tuple[_Block, str, tuple[str, ...], list[Any], str, int]] = []
    for row in ws.iter_rows(min_row=table.header_row + 1):
        number = row[0].row
        cells = [c for c in row if c.value is not None and not (isinstance(c.value, str) and not c.value.strip())]
        if not cells:
            continue
        labels = [c for c in cells if c.column < first_year_col and isinstance(c.value, str)]
        label = labels[-1].value.strip() if labels else ""
        data = [c for c in cells if c.column in table.years]
        if ws.row_dimensions[number].hidden:
            errors = sorted({_text(c.value) for c in data if _text(c.value).upper() in ERROR_VALUES})
            r.skipped.append(f"{ws.title} row {number}: hidden row left out"
                             + (f" ('{label[:40]}')" if label else "")
                             + (f" ({', '.join(errors)} cells)" if errors else ""))
            continue
        key = normalise(label) if label else ""
        total = TOTALS.get(key)
        iso3, flags = match_ally(label) if label else (None, ())
        numeric = any(_is_number(c.value) or _text(c.value).upper() in ERROR_VALUES for c in data)
        if iso3 is None and total is None and not numeric:
            text = " ".join(str(c.value).strip() for c in cells if isinstance(c.value, str))
            if text and not _PAGE_NUMBER.match(text):
                pending.append(text)
            continue
        if pending:
            # The last text before the rows is their block's label; any before it are notes.
            table.footnotes.extend(pending[:-1])
            block = _Block(pending[-1], _measure_for(table, pending[-1]))
            blocks.append(block)
            pending = []
        if block is None:
            block = _Block("", _measure_for(table, ""))
            blocks.append(block)
        where = f"{ws.title}!{(labels[-1] if labels else cells[0]).coordinate}"
        if not label:
            r.skipped.append(f"{ws.title} row {number}: figures without a country label left out")
            continue
        if total is not None and not r.include_totals:
            r.skipped.append(f"{ws.title} row {number}: '{label}' is a total, not an ally (left out)")
            continue
        if iso3 is None and total is None:
            r.unknown.setdefault(label, where)
            continue
        code = iso3 or str(total)
        if code in block.allies:
            raise _reject(r, where, f"'{label}' appears twice in {table.name}"
                          + (f", block '{block.label}'" if block.label else "")
                          + f" (also at {block.allies[code]})")
        block.allies[code] = where
        rows.append((block, code, flags, data, where, number))
    table.footnotes.extend(pending)
    if not blocks:
        raise _reject(r, ws.title, f"{table.name} ('{table.title[:80]}') has a header "
                      f"({table.header_text}) but no rows of allies below it")
    for b in blocks:
        if b.measure is None:
            raise _reject(r, ws.title, f"{table.name} ('{table.title[:80]}'): the block "
                          f"'{b.label or '(no label)'}' under the header ({table.header_text}) "
                          "is not one nato_desk knows how to read")
    notes = _flag_notes(table.footnotes)
    for b, code, flags, data, where, number in rows:
        assert b.measure is not None
        note = "; ".join(notes.get(f, f) for f in dict.fromkeys(flags))
        for cell in data:
            year, estimate = table.years[cell.column]
            cell_where = f"{ws.title}!{cell.coordinate}"
            value = cell.value
            if isinstance(value, str):
                if value.strip().upper() in ERROR_VALUES:
                    r.skipped.append(f"{cell_where}: error cell {value.strip()} left out ({code} {year})")
                    continue
                raise _reject(r, cell_where, f"'{value[:40]}' for {code} {year} in {table.name} "
                              "is not a number")
            if not _is_number(value) or not math.isfinite(float(value)):
                raise _reject(r, cell_where, f"'{str(value)[:40]}' for {code} {year} in {table.name} "
                              "is not a number")
            number_value = float(value)
            decimals = decimals_of(cell.number_format, number_value)
            if "%" in _QUOTED.sub("", (cell.number_format or "").split(";")[0]):
                number_value *= 100  # a percent format prints the fraction times 100
            info = MEASURES[b.measure]
            if not info.low <= number_value <= info.high:
                raise _reject(r, cell_where, f"{number_value:g} for {code} {year} in {table.name} is outside "
                              f"{info.low:g}-{info.high:g} ({info.unit}), what {info.label} can be")
            r.values.append(ImportedValue(code, year, b.measure, number_value, decimals,
                                          Status.ESTIMATE if estimate else Status.ACTUAL, note,
                                          cell_where))
            r.years.add(year)
    r.measures_by_table[table.number] = [f"{b.label or table.heading} \u2192 {b.measure.value}"
                                         for b in blocks if b.measure is not None]
    for b in blocks:
        r.units.append((table.number, b.label))


def _flag_notes(footnotes: Iterable[str]) -> dict[str, str]:
    """A flag's footnote, word for word: the note starting with ``*`` explains ``*``."""
    notes: dict[str, str] = {}
    for text in footnotes:
        stripped = text.strip()
        if stripped and not stripped[0].isalnum() and stripped[0] not in "(":
            notes.setdefault(stripped[0], stripped)
    return notes


# --- the edition -----------------------------------------------------------------

def _released(name: str) -> dt.date | None:
    """240617-def-exp-2024-TABLES-en.xlsx -> 2024-06-17 (NATO names its files yymmdd-...)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    match = _FILE_DATE.search(base)
    if match is None:
        return None
    try:
        return dt.date(2000 + int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _proposal(r: _Reading, wb: Any, layout: str) -> EditionProposal:
    measures = {v.measure for v in r.values}
    headline = Measure.CORE_PCT_GDP if Measure.CORE_PCT_GDP in measures else Measure.PCT_GDP
    first, last = (min(r.years), max(r.years)) if r.years else (0, 0)
    texts = [t for t in r.all_texts]
    doc_title = getattr(getattr(wb, "properties", None), "title", None)
    if isinstance(doc_title, str):
        texts.append(doc_title)
    stated = next((m.group(0) for t in texts if (m := _RELEASE_TITLE.search(t))), None)
    url = next((m.group(0).rstrip(").,;") for t in texts if (m := _URL.search(t))), "")
    remarks: list[str] = []
    if stated:
        title = " ".join(stated.split())
    else:
        series = "Defence Investment" if headline is Measure.CORE_PCT_GDP else "Defence Expenditure"
        title = f"{series} of NATO Countries ({first}-{last})"
        remarks.append(f"The workbook does not state the release's title; '{title}' is derived from "
                       f"the years its tables cover ({first}-{last}).")
    released = _released(r.name)
    if released is not None:
        edition_id = f"{released:%Y-%m}"
        label = f"{calendar.month_name[released.month]} {released.year}"
        date = released.isoformat()
    else:
        edition_id, label, date = f"nato-{last}", f"NATO {last} tables", ""
        remarks.append("The file name gives no release date (NATO names its files yymmdd-...); "
                       "confirm the edition and its date.")
    base_year = ""
    preferred = sorted(r.units, key=lambda u: u[0] != "3")  # Table 3's unit line first
    for _, text in preferred:
        match = _PRICES.search(text)
        if match:
            base_year = f"{match.group(1)} prices"
            break
    notes = list(dict.fromkeys(n.strip() for n in r.footnotes if n.strip()))
    note = "\n".join(notes + remarks)
    cite_note = (f"Imported from NATO's own tables workbook {r.name.replace(chr(92), '/').rsplit('/', 1)[-1]} "
                 f"({layout} layout).")
    source = Source(
        id=f"NATO_DE{last}", title=title, publisher=PUBLISHER, date=date, url=url,
        note=f"NATO's tables workbook {r.name}.", kind="primary_official", cite_publisher="NATO",
        cite_title=title, cite_url=url, cite_confidence="stated" if stated else "inferred",
        cite_note=cite_note)
    return EditionProposal(edition_id, label, title, date, "NATO", headline, source, base_year, note)


# --- the reader's interface ---------------------------------------------------------

def sniff(raw: bytes, name: str) -> bool:
    """Whether ``raw`` looks like NATO's tables workbook: an xlsx whose strings hold
    at least two "Table N:" titles. Cheap: reads the shared strings only."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    # The archive's limits first: a hostile zip is refused (with its reason)
    # before any part of it is expanded.
    check_archive(raw, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = [i for i in archive.infolist()
                 if i.filename == "xl/sharedStrings.xml" or i.filename.startswith("xl/worksheets/sheet")]
        found: set[bytes] = set()
        for info in parts:
            if info.file_size > 20 * 1024 * 1024:
                continue
            with archive.open(info) as part:
                text = part.read(4 * 1024 * 1024)
            found |= {m.group(1).lower() for m in re.finditer(rb">\s*Table\s*(\d{1,2}[a-z]?)\s*:", text,
                                                              re.IGNORECASE)}
            if len(found) >= 2:
                return True
    except Exception:  # noqa: BLE001 - a damaged archive (zlib.error, BadZipFile, ...) is simply not ours
        return False
    return False


def read(raw: bytes, name: str, *, include_totals: bool = False) -> ImportedFile:
    """Read NATO's tables workbook ``raw`` (display name ``name``).

    With ``include_totals`` the aggregates (NATO Total, NATO Europe and Canada)
    are read too, under the codes in ``TOTALS``; the store has no member for them.

    Raises:
        ImportRejected: not an xlsx or unsafe (see ``xlsx_safe``); no "Table N"
            title in any sheet; a table whose header or blocks are not a shape
            this reader knows; a country label that names no ally; a year outside
            1949-2100; a value that is not a number; an ally twice in one block.
    """
    from nato_desk.ingest.tables import sha256

    wb = open_workbook(raw, name)
    r = _Reading(name, include_totals)
    seen: list[str] = []
    layouts: set[str] = set()
    numbers: dict[str, str] = {}
    for ws in wb.worksheets:
        found = _find_title(ws)
        if found is None:
            texts = _first_texts(ws)
            seen.append(f"'{ws.title}'" + (f" ('{texts[0]}')" if texts else " (empty)"))
            continue
        row, column, title = found
        match = _TITLE.match(title)
        assert match is not None
        table = _Table(match.group(1).lower(), " ".join(title.split()), " ".join(match.group(2).split()),
                       ws.title, column)
        if table.number in numbers:
            raise _reject(r, ws.title, f"{table.name} appears twice (sheets '{numbers[table.number]}' "
                          f"and '{ws.title}')")
        numbers[table.number] = ws.title
        layouts.add(LAYOUT_2025 if column == 1 else LAYOUT_2024)
        table.header_row = row
        for line in ws.iter_rows():
            for cell in line:
                if isinstance(cell.value, str) and cell.value.strip():
                    table.texts.append(cell.value.strip())
        r.all_texts.extend(table.texts)
        # The unit line: the first text under the title, before the years.
        for line in ws.iter_rows(min_row=row + 1, max_row=row + 6):
            unit = next((_text(c.value) for c in line if _text(c.value) and _year_of(c.value) is None), "")
            if unit:
                table.unit = unit
                r.units.append((table.number, unit))
                break
        where = f"{table.name} ({ws.title})"
        if table.number in NOT_IMPORTED or table.number not in MEASURE_WORDS:
            reason = NOT_IMPORTED.get(table.number, "not imported: no measure of the desk's for it")
            r.tables.append(f"{where}: {table.heading} \u2014 {reason}")
            continue
        _read_sheet(ws, table, r)
        r.footnotes.extend(table.footnotes)
        r.tables.append(f"{where}: " + "; ".join(r.measures_by_table[table.number]))
    if not numbers:
        raise ImportRejected(name, "", "", "no sheet holds a NATO table title ('Table 3: ...'); found "
                             + (", ".join(seen[:8]) or "no sheets"))
    if r.unknown:
        listed = []
        for label, where in list(r.unknown.items())[:6]:
            near = closest_allies(label)
            listed.append(f"'{label[:40]}' at {where}" + (f" (closest: {', '.join(near)})" if near else ""))
        more = f" and {len(r.unknown) - 6} more" if len(r.unknown) > 6 else ""
        raise ImportRejected(name, "", "", f"{len(r.unknown)} country label(s) name no ally: "
                             + "; ".join(listed) + more)
    if not r.values:
        raise ImportRejected(name, "", "", "the workbook's tables hold no figure for any ally; tables: "
                             + "; ".join(r.tables)[:300])
    # Two blocks (or tables) that map to the same measure must not give one ally's year twice.
    first: dict[tuple[str, int, Measure], str] = {}
    for value in r.values:
        key = (value.iso3, value.year, value.measure)
        if key in first:
            raise ImportRejected(name, value.where, value.measure.value,
                                 f"{value.iso3} {value.year} ({value.measure.info.short}) is given twice "
                                 f"(also at {first[key]}); two blocks hold the same measure")
        first[key] = value.where
    layout = LAYOUT_2025 if layouts == {LAYOUT_2025} else LAYOUT_2024
    return ImportedFile(name, sha256(raw), layout, _proposal(r, wb, layout), tuple(r.values),
                        tuple(r.tables), tuple(r.skipped))
