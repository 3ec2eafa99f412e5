"""SIPRI's Military Expenditure Database workbook: its own series, never NATO's.

The workbook (e.g. SIPRI-Milex-data-1949-2024.xlsx, the 2025 release) has one
sheet per measure. Three map to ours:

* "Share of GDP": fractions (0.0415 is 4.15%) -> ``Measure.PCT_GDP``. The
  digits move two places (``cells.shift_percent``) and so does the published
  precision: a "0.00%" cell shows 2 decimals of a percentage, a General
  fraction with 4 decimals is a percentage with 2.
* "Constant (2023) US$": US$ m. at constant prices -> ``CONSTANT_USD``; the
  base year comes from the sheet's name or title ("constant (2023) US$").
* "Per capita": current US$ -> ``PER_CAPITA``.

Each sheet has a few title lines, then a header row (``Country``, ``Notes``,
1949 ...; row 6, row 7 for per capita, so it is found, not assumed), then
region rows ("Africa", "Western Europe") and countries. Only the 32 allies
are read (``allies.match_ally``: "United States of America", "Türkiye",
"Czechia"...); other rows are skipped and said so.

Cells: a number is a figure at its number format's precision; ``...`` (data
unavailable) and ``xxx`` (the country did not exist) are no figure at all:
nothing is stored, so a gap stays a gap. SIPRI marks estimates only by font
colour: blue is a SIPRI estimate (``Status.ESTIMATE``, note "SIPRI
estimate"), red highly uncertain (``ESTIMATE``, note "SIPRI: highly
uncertain"). Footnote symbols in the Notes column (†, ‡, §, ¶, ‖ and
numbers) are kept word for word in each figure's note; the footnotes they
point to (the Footnotes sheet) go word for word into the edition's note.

The edition proposed is "sipri-<year>" ("SIPRI 2025 release"), year and
title from the citation SIPRI prints on its front page ("SIPRI Military
Expenditure Database 2025, https://www.sipri.org/databases/milex"), read
from the drawing text the front page holds. SIPRI's definition differs from
NATO's: its figures are a separate edition and never spliced with NATO's.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nato_desk.domain import Measure, Source, Status
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import sha256
from nato_desk.ingest.tables.allies import ALLIES, ALLY_CODES, closest_allies, match_ally
from nato_desk.ingest.tables.cells import (
    check_value,
    check_year,
    decimals_of_format,
    refuse_unknown_labels,
    shift_percent,
    xlsx_sheet_names,
    year_of,
)
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue
from nato_desk.ingest.tables.xlsx_safe import open_workbook

__all__ = ["ESTIMATE_NOTE", "LAYOUT", "UNCERTAIN_NOTE", "read", "sniff"]

LAYOUT = "sipri"
ESTIMATE_NOTE = "SIPRI estimate"
UNCERTAIN_NOTE = "SIPRI: highly uncertain"
MISSING = ("...", ". .", "..", ". . .")  # "data unavailable", as SIPRI prints it
NOT_EXISTING = "xxx"  # "country did not exist or was not independent"


@dataclass(frozen=True)
class _SheetKind:
    measure: Measure
    fraction: bool  # the sheet holds fractions to show as percentages
    words: str  # what the sheet maps to, for the review


def _kind(title: str) -> _SheetKind | None:
    folded = title.strip().casefold()
    if folded == "share of gdp":
        return _SheetKind(Measure.PCT_GDP, True, "share of GDP (fractions \u00d7100)")
    if folded.startswith("constant") and "us$" in folded:
        return _SheetKind(Measure.CONSTANT_USD, False, "constant US$ m.")
    if folded == "per capita":
        return _SheetKind(Measure.PER_CAPITA, False, "per capita, current US$")
    return None


def sniff(raw: bytes, name: str) -> bool:
    """An XLSX with SIPRI's "Share of GDP" and "Footnotes" sheets."""
    sheets = xlsx_sheet_names(raw)
    if sheets is None:
        return False
    folded = {s.strip().casefold() for s in sheets}
    return "share of gdp" in folded and "footnotes" in folded


@dataclass
class _Found:
    values: list[ImportedValue] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    symbols: set[str] = field(default_factory=set)  # footnote marks the allies' rows cite
    headers: list[str] = field(default_factory=list)  # the sheets' title lines, word for word
    base_year: str = ""
    last_year: int = 0


def read(raw: bytes, name: str) -> ImportedFile:
    """Read SIPRI's workbook: the allies' share of GDP, constant US$ and per capita.

    Raises:
        ImportRejected: not an XLSX, no "Share of GDP" sheet, a sheet without
            a Country/year header, a year out of range, a value that is not a
            number, an ally twice in a sheet, or an ally missing while a label
            close to its name is not recognised.
    """
    workbook = open_workbook(raw, name)
    sheets = [(ws, kind) for ws in workbook.worksheets if (kind := _kind(ws.title)) is not None]
    if not any(kind.measure is Measure.PCT_GDP for _, kind in sheets):
        listed = ", ".join(f"'{ws.title}'" for ws in workbook.worksheets) or "none"
        raise ImportRejected(name, "", "", "this is not SIPRI's military expenditure workbook: it has no "
                             f"'Share of GDP' sheet (sheets found: {listed})")
    palette = _palette(workbook)
    found = _Found()
    for ws, kind in sheets:
        _read_sheet(ws, kind, palette, name, found)
    footnotes = _footnotes(workbook, found.symbols)
    citation = _citation(raw)
    return ImportedFile(name=name, sha256=sha256(raw), layout=LAYOUT,
                        edition=_proposal(name, raw, citation, found, footnotes),
                        values=tuple(found.values), tables=tuple(found.tables), skipped=tuple(found.skipped))


def _header_row(ws: Any, name: str) -> tuple[int, int | None, list[tuple[int, int]], list[str]]:
    """(row, Notes column, [(column, year)], the title lines above) of a sheet."""
    titles: list[str] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30), values_only=True), start=1):
        first = row[0] if row else None
        if isinstance(first, str) and first.strip().casefold() == "country":
            notes = next((c for c, v in enumerate(row) if isinstance(v, str) and v.strip().casefold() == "notes"),
                         None)
            years: list[tuple[int, int]] = []
            seen: dict[int, int] = {}
            for c, v in enumerate(row):
                year = year_of(v)
                if year is None:
                    continue
                where = f"'{ws.title}'!{_column(c)}{r}"
                check_year(year, name, where)
                if year in seen:
                    raise ImportRejected(name, where, "year", f"{year} heads two columns "
                                         f"({_column(seen[year])} and {_column(c)})")
                seen[year] = c
                years.append((c, year))
            if not years:
                raise ImportRejected(name, f"'{ws.title}'!A{r}", "", "the Country header row has no year columns")
            return r, notes, years, titles
        if isinstance(first, str) and first.strip():
            titles.append(" ".join(first.split()))
    raise ImportRejected(name, f"'{ws.title}'", "", "unknown layout: no header row with 'Country' in column A "
                         "in the first 30 rows" + (f" (found: {'; '.join(titles[:4])})" if titles else ""))


def _read_sheet(ws: Any, kind: _SheetKind, palette: list[str], name: str, found: _Found) -> None:
    header, notes_col, years, titles = _header_row(ws, name)
    found.headers.extend(t for t in titles if t not in found.headers)
    if kind.measure is Measure.CONSTANT_USD and not found.base_year:
        match = re.search(r"constant\s*\(?(\d{4})\)?\s*(?:US\$|prices)", " ".join([ws.title, *titles]), re.I)
        found.base_year = f"constant ({match.group(1)}) US$" if match else ""
    found.last_year = max(found.last_year, max(y for _, y in years))
    rows: dict[str, int] = {}
    unmatched: list[tuple[str, str]] = []
    missing = not_existing = 0
    for r, row in enumerate(ws.iter_rows(min_row=header + 1, max_row=ws.max_row), start=header + 1):
        label = row[0].value if row else None
        if not isinstance(label, str) or not label.strip():
            continue
        iso3, _flags = match_ally(label)
        if iso3 is None:
            unmatched.append((f"'{ws.title}'!A{r}", label.strip()))
            continue
        if iso3 in rows:
            raise ImportRejected(name, f"'{ws.title}'!A{r}", "Country", f"{ALLIES[iso3]} is given twice "
                                 f"(rows {rows[iso3]} and {r})")
        rows[iso3] = r
        marks = ""
        if notes_col is not None and notes_col < len(row):
            note_cell = row[notes_col].value
            marks = str(note_cell).strip() if note_cell is not None else ""
        if marks:
            found.symbols.update(_symbols(marks))
        for c, year in years:
            if c >= len(row):
                continue
            cell = row[c]
            where = f"'{ws.title}'!{cell.coordinate}"
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str):
                text = value.strip()
                if text in MISSING:
                    missing += 1
                    continue
                if text.casefold() == NOT_EXISTING:
                    not_existing += 1
                    continue
                raise ImportRejected(name, where, kind.measure.value, f"'{text[:40]}' is not a number",
                                     what=f"{ALLIES[iso3]} {year}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ImportRejected(name, where, kind.measure.value, f"{value!r:.40} is not a number",
                                     what=f"{ALLIES[iso3]} {year}")
            found.values.append(_value(iso3, year, kind, float(value), cell, palette, marks, name, where))
    _check_allies(ws.title, rows, unmatched, name, found)
    found.tables.append(f"{ws.title}: {kind.words}, {len(rows)} allies, {years[0][1]}\u2013{years[-1][1]}")
    if missing or not_existing:
        found.skipped.append(f"{ws.title}: {missing} allies' cells '...' (data unavailable) and {not_existing} "
                             "'xxx' (country did not exist): no figure stored")


def _value(iso3: str, year: int, kind: _SheetKind, number: float, cell: Any, palette: list[str], marks: str,
           name: str, where: str) -> ImportedValue:
    decimals, percent = decimals_of_format(str(cell.number_format or "General"), number)
    if kind.fraction:
        number = shift_percent(number)
        # A "0.00%" format already counts the percentage's decimals; a plain
        # fraction's decimals shrink by the two places the point moved.
        decimals = decimals if percent else max(decimals - 2, 0)
    check_value(number, kind.measure, name, where, f"{ALLIES[iso3]} {year}")
    colour = _font_colour(cell, palette)
    status, notes = Status.ACTUAL, []
    if colour == "blue":
        status, notes = Status.ESTIMATE, [ESTIMATE_NOTE]
    elif colour == "red":
        status, notes = Status.ESTIMATE, [UNCERTAIN_NOTE]
    if marks:
        notes.append(f"SIPRI notes: {marks}")
    return ImportedValue(iso3, year, kind.measure, number, decimals, status, "; ".join(notes), where)


def _check_allies(title: str, rows: dict[str, int], unmatched: list[tuple[str, str]], name: str,
                  found: _Found) -> None:
    """An ally without a row is refused when a label close to its name went unrecognised
    (a spelling we do not know); otherwise the gap is said in ``skipped``."""
    absent = {ALLIES[c] for c in ALLY_CODES - set(rows)}
    if absent:
        # Only a close likeness counts ("Turkiye Republic" for a missing Türkiye), not
        # "Switzerland" or "Ireland" beside an Iceland that has its row.
        suspects = [(w, label) for w, label in unmatched if set(closest_allies(label, 1, 0.8)) & absent]
        refuse_unknown_labels(name, suspects)
        found.skipped.append(f"{title}: no row for {', '.join(sorted(absent))}")
    if unmatched:
        sample = ", ".join(label for _, label in unmatched[:6])
        found.skipped.append(f"{title}: {len(unmatched)} rows that are not allies (regions and other "
                             f"countries: {sample}, \u2026)")


def _symbols(marks: str) -> Iterator[str]:
    """The footnote references in a Notes cell: each mark, and each number ("§¶3" -> §, ¶, 3)."""
    for match in re.finditer(r"\d+|[^\s\d,;]", marks):
        yield match.group(0)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _palette(workbook: Any) -> list[str]:
    custom = getattr(workbook, "_colors", None)
    if custom:
        return [str(c) for c in custom]
    from openpyxl.styles.colors import COLOR_INDEX

    return [str(c) for c in COLOR_INDEX]


def _font_colour(cell: Any, palette: list[str]) -> str:
    """"blue", "red" or "" for the cell's font colour (RGB or the workbook's indexed palette).

    Theme colours are not resolved: SIPRI's workbooks use indexed and RGB colours.
    """
    colour = getattr(cell.font, "color", None) if cell.font is not None else None
    if colour is None:
        return ""
    argb = ""
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        argb = colour.rgb
    elif colour.type == "indexed" and isinstance(colour.indexed, int) and 0 <= colour.indexed < len(palette):
        argb = palette[colour.indexed]
    if not re.fullmatch(r"[0-9A-Fa-f]{6,8}", argb):
        return ""
    r, g, b = (int(argb[-6:][i:i + 2], 16) for i in (0, 2, 4))
    if b >= 0x99 and r <= 0x66 and g <= 0x99:
        return "blue"
    if r >= 0x99 and g <= 0x66 and b <= 0x66:
        return "red"
    return ""


def _footnotes(workbook: Any, symbols: set[str]) -> list[str]:
    """The Footnotes sheet's texts for ``symbols``, word for word, in the sheet's order."""
    if "Footnotes" not in workbook.sheetnames or not symbols:
        return []
    texts: list[str] = []
    for row in workbook["Footnotes"].iter_rows(values_only=True):
        key = row[0] if row else None
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        if key is None or str(key).strip() not in symbols:
            continue
        text = next((str(v).strip() for v in row[1:] if isinstance(v, str) and v.strip()), "")
        if text:
            texts.append(f"{str(key).strip()} {text}")
    return texts


_CITATION = re.compile(r"(SIPRI Military Expenditure Database)\s*(\d{4})?\s*,?\s*(https?://[^\s\u2019'\"<>]+)?")


def _citation(raw: bytes) -> tuple[str, str, str] | None:
    """(title, year, URL) of the citation SIPRI prints on its front page, or ``None``.

    openpyxl drops drawings, so the text boxes are read from the archive
    (already checked by ``open_workbook``) through defusedxml.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        safe: Any = importlib.import_module("defusedxml.ElementTree")
        texts: list[str] = []
        for info in archive.infolist():
            if info.filename.startswith("xl/drawings/") and info.filename.endswith(".xml") \
                    and info.file_size < 2_000_000:
                root = safe.fromstring(archive.read(info))
                texts.append("".join(el.text or "" for el in root.iter() if str(el.tag).endswith("}t")))
    except Exception:  # no readable drawing: no citation, the rest of the file still reads
        return None
    text = " ".join(texts)
    cited = re.search(r"citation:\s*\u2018?" + _CITATION.pattern, text)
    match = cited or _CITATION.search(text)
    if match is None:
        return None
    groups = match.groups()[-3:]
    return groups[0], groups[1] or "", (groups[2] or "").rstrip(".,;)")


def _proposal(name: str, raw: bytes, citation: tuple[str, str, str] | None, found: _Found,
              footnotes: list[str]) -> EditionProposal:
    stated_year = citation[1] if citation else ""
    # SIPRI releases each spring the year before's data; said so when the file names no year.
    year = stated_year or (str(found.last_year + 1) if found.last_year else "")
    title = f"{citation[0]} {stated_year}".strip() if citation else (found.headers[0] if found.headers
                                                                       else "SIPRI military expenditure")
    notes = [*found.headers]
    if not stated_year and year:
        notes.append(f"Release year {year} inferred from the last year of data ({found.last_year}); "
                     "the file does not state it.")
    if footnotes:
        notes.append("SIPRI footnotes cited by the allies' rows (Footnotes sheet): " + " | ".join(footnotes))
    source = Source(
        id=f"SIPRI_MILEX_{year or 'UNDATED'}",
        title=title,
        publisher="Stockholm International Peace Research Institute (SIPRI)",
        date=stated_year,
        url=citation[2] if citation else "",
        note=f"Imported from {name}.",
        kind="primary_official",
    )
    return EditionProposal(
        id=f"sipri-{year}" if year else "sipri",
        label=f"SIPRI {year} release" if year else "SIPRI release",
        title=title,
        released=stated_year,
        publisher="SIPRI",
        measure=Measure.PCT_GDP,
        source=source,
        base_year=found.base_year,
        note="\n".join(notes),
    )

