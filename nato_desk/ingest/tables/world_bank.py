"""The World Bank's indicator CSV (MS.MIL.XPND.GD.ZS, military expenditure % of GDP).

The World Bank's download (API_MS.MIL.XPND.GD.ZS_DS2_en_csv_v2_*.csv) is
UTF-8 with a byte-order mark; four preamble lines ("Data Source","World
Development Indicators", a blank, "Last Updated Date","2025-07-01", a
blank); a header "Country Name","Country Code","Indicator Name","Indicator
Code","1960",...; a trailing comma on every row; ``""`` where there is no
figure; and aggregates (WLD, EUU, OED, AFE...) mixed in with countries.

Rows are matched by ISO-3 code, which the World Bank uses for countries
(its own codes, such as XKX for Kosovo, are not allies). Only the allies are
read; every other row is skipped and counted. The figures are the World
Bank's text: its digits are the published precision. Only the share of GDP
indicator maps to a measure; another indicator is refused by name.

The edition proposed is "worldbank-<last updated date>", publisher "World
Bank", title from the "Data Source" line and the indicator's name. The
World Bank republishes SIPRI's series, but the file does not say so: the
edition is the World Bank's.
"""

from __future__ import annotations

import re

from nato_desk.domain import Measure, Source
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.limits import MAX_TABLE_ROWS
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import sha256
from nato_desk.ingest.tables.allies import ALLIES, match_ally, match_code
from nato_desk.ingest.tables.cells import check_value, check_year, csv_rows, refuse_unknown_labels, text_decimals, year_of
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue

__all__ = ["HEADER", "INDICATORS", "LAYOUT", "read", "sniff"]

LAYOUT = "world-bank"
HEADER = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
INDICATORS = {"MS.MIL.XPND.GD.ZS": Measure.PCT_GDP}
"""World Bank indicator codes read, and the measure each maps to."""

_CODE = re.compile(r"^[A-Z0-9]{3}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def sniff(raw: bytes, name: str) -> bool:
    """A text file whose first lines hold the World Bank's header or its "Data Source" line."""
    head = raw[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff")
    return head.startswith('"Data Source"') or '"Country Name","Country Code","Indicator Name"' in head


def read(raw: bytes, name: str) -> ImportedFile:
    """Read the allies' rows of a World Bank indicator CSV.

    Raises:
        ImportRejected: not UTF-8 text, no World Bank header, an indicator
            that maps to no measure, a year column out of range, a value that
            is not a number, a row whose code is not a code, an ally twice.
    """
    text = read_text(raw, name)
    rows = csv_rows(text, name)
    preamble: dict[str, str] = {}
    header_at = None
    for i, row in enumerate(rows[:20]):
        cells = [c.strip() for c in row]
        if tuple(cells[:4]) == HEADER:
            header_at = i
            break
        if len(cells) >= 2 and cells[0]:
            preamble[cells[0]] = cells[1]
    if header_at is None:
        seen = "; ".join(",".join(r)[:60] for r in rows[:5] if any(c.strip() for c in r)) or "nothing"
        raise ImportRejected(name, "", "", "unknown layout: no World Bank header (\"Country Name\",\"Country "
                             f"Code\",\"Indicator Name\",\"Indicator Code\",years) in the first lines; found: {seen}")
    if len(rows) - header_at > MAX_TABLE_ROWS:
        raise ImportRejected(name, "", "", f"has {len(rows) - header_at:,} rows; at most {MAX_TABLE_ROWS:,} are read")
    header = rows[header_at]
    years: list[tuple[int, int]] = []
    for c, cell in enumerate(header[4:], start=4):
        if not cell.strip():
            continue  # the column the trailing comma opens
        year = year_of(cell)
        where = f"line {header_at + 1}"
        if year is None:
            raise ImportRejected(name, where, cell[:40], "is not a year column")
        check_year(year, name, where)
        if any(y == year for _, y in years):
            raise ImportRejected(name, where, cell, "heads two columns")
        years.append((c, year))
    if not years:
        raise ImportRejected(name, f"line {header_at + 1}", "", "the header has no year columns")

    values: list[ImportedValue] = []
    indicators: set[tuple[str, str]] = set()
    seen_codes: dict[str, int] = {}
    bad_codes: list[tuple[str, str]] = []
    others: list[str] = []
    for i, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in row):
            continue
        line = f"line {i}"
        cells = row + [""] * (4 - len(row)) if len(row) < 4 else row
        country, code, indicator_name, indicator = (c.strip() for c in cells[:4])
        indicators.add((indicator, indicator_name))
        measure = INDICATORS.get(indicator)
        if measure is None:
            raise ImportRejected(name, line, "Indicator Code", f"'{indicator[:60]}' ({indicator_name[:80]}) is "
                                 f"not an indicator nato_desk reads (it reads {', '.join(INDICATORS)})")
        if not _CODE.match(code):
            bad_codes.append((line, f"{country} ({code})" if code else country))
            continue
        iso3 = match_code(code)
        if iso3 is None:
            others.append(code)
            continue
        named, _ = match_ally(country)
        if named is not None and named != iso3:
            raise ImportRejected(name, line, "Country Code", f"{code} is {ALLIES[iso3]}, but the row names "
                                 f"{country} ({named})")
        if iso3 in seen_codes:
            raise ImportRejected(name, line, "Country Code", f"{ALLIES[iso3]} ({code}) is given twice "
                                 f"(also line {seen_codes[iso3]})")
        seen_codes[iso3] = i
        for c, year in years:
            cell = row[c].strip() if c < len(row) else ""
            if not cell:
                continue  # "" is no figure: a gap stays a gap
            where = f"{line}, {year}"
            if not _NUMBER.match(cell):
                raise ImportRejected(name, where, measure.value, f"'{cell[:40]}' is not a number",
                                     what=f"{ALLIES[iso3]} {year}")
            number = check_value(float(cell), measure, name, where, f"{ALLIES[iso3]} {year}")
            values.append(ImportedValue(iso3, year, measure, number, text_decimals(cell), where=where))
    refuse_unknown_labels(name, bad_codes, "country code")
    indicator, indicator_name = sorted(indicators)[0] if indicators else ("MS.MIL.XPND.GD.ZS", "")
    skipped = []
    if others:
        skipped.append(f"{len(others)} rows that are not allies (aggregates and other countries: "
                       f"{', '.join(others[:8])}{', …' if len(others) > 8 else ''})")
    absent = sorted(ALLIES[c] for c in ALLIES if c not in seen_codes)
    if absent:
        skipped.append(f"no row for {', '.join(absent)}")
    return ImportedFile(name=name, sha256=sha256(raw), layout=LAYOUT,
                        edition=_proposal(name, preamble, indicator, indicator_name),
                        values=tuple(values),
                        tables=(f"{indicator}: {indicator_name or 'share of GDP'}, {len(seen_codes)} allies, "
                                f"{years[0][1]}\u2013{years[-1][1]}",),
                        skipped=tuple(skipped))


def _proposal(name: str, preamble: dict[str, str], indicator: str, indicator_name: str) -> EditionProposal:
    updated = preamble.get("Last Updated Date", "").strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", updated):
        updated = ""
    data_source = preamble.get("Data Source", "").strip() or "World Bank data"
    title = f"{data_source}: {indicator_name or indicator} ({indicator})"
    stamp = updated or "undated"
    return EditionProposal(
        id=f"worldbank-{stamp}",
        label=f"World Bank, updated {updated}" if updated else "World Bank",
        title=title,
        released=updated,
        publisher="World Bank",
        measure=INDICATORS.get(indicator, Measure.PCT_GDP),
        source=Source(id=f"WORLDBANK_{indicator.replace('.', '_')}_{stamp.replace('-', '')}", title=title,
                      publisher="World Bank", date=updated, note=f"Imported from {name}."),
        note="; ".join(f"{k}: {v}" for k, v in preamble.items()),
    )
