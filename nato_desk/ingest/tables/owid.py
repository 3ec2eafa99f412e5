"""Our World in Data's grapher CSV: ``Entity,Code,Year,<indicator>``, and its citation.

A grapher download (e.g. military-expenditure-share-gdp.csv) has one row per
entity and year; ``Code`` is the ISO-3 code for countries, ``OWID_*`` for
OWID's own aggregates (OWID_WRL) and empty for regions. The indicator
column's name decides the measure: military expenditure as a share of GDP
is ``Measure.PCT_GDP``; any other indicator is refused by name. Allies are
matched by code (or by name when the code is empty); other rows are
skipped and counted. Figures keep the digits OWID wrote.

OWID ships an optional sidecar, ``<name>.metadata.json``, with the chart's
title, its URL and the citation of the underlying source ("SIPRI (2025) –
processed by Our World in Data"). ``read`` looks for nothing on disk; the
caller that has the sidecar passes its text to ``read_with_metadata``.

The edition proposed is "owid-<year>": the year OWID last updated the
indicator (from the metadata), else the year of the latest figure, said so
in the edition's note.
"""

from __future__ import annotations

import json
import re
from typing import Any

from nato_desk.domain import Measure, Source
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.limits import MAX_JSON_CHARS, MAX_TABLE_ROWS
from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import sha256
from nato_desk.ingest.tables.allies import ALLIES, match_ally, match_code, normalise
from nato_desk.ingest.tables.cells import check_value, check_year, csv_rows, refuse_unknown_labels, text_decimals, year_of
from nato_desk.ingest.tables.model import EditionProposal, ImportedFile, ImportedValue

__all__ = ["LAYOUT", "measure_of", "read", "read_with_metadata", "sniff"]

LAYOUT = "owid"
_HEAD = ("entity", "code", "year")
_CODE = re.compile(r"^[A-Z]{3}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def measure_of(indicator: str) -> Measure | None:
    """The measure an OWID indicator column holds, or ``None`` when nato_desk has none for it.

    >>> measure_of("Military expenditure (% of GDP)")
    <Measure.PCT_GDP: 'pct_gdp'>
    >>> measure_of("military_expenditure_share_gdp")
    <Measure.PCT_GDP: 'pct_gdp'>
    >>> measure_of("milex_gdp")
    <Measure.PCT_GDP: 'pct_gdp'>
    >>> measure_of("Military expenditure (constant US$)") is None
    True
    """
    words = set(normalise(indicator.replace("_", " ").replace("%", " percent ")).split())
    military = bool(words & {"military", "milex", "defence", "defense"})
    # "milex_gdp" is SIPRI's own short name for the share of GDP
    share = bool(words & {"share", "percent", "pct", "milex"}) and "gdp" in words
    excluded = words & {"per", "capita", "government", "constant", "current", "usd", "us"}
    return Measure.PCT_GDP if military and share and not excluded else None


def sniff(raw: bytes, name: str) -> bool:
    """A text file whose first line starts ``Entity,Code,Year,``."""
    first = raw[:1024].decode("utf-8", errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    cells = [c.strip().strip('"').casefold() for c in first.split(",")]
    return tuple(cells[:3]) == _HEAD and len(cells) > 3


def read(raw: bytes, name: str) -> ImportedFile:
    """Read an OWID grapher CSV without its metadata (see ``read_with_metadata``)."""
    return read_with_metadata(raw, name, None)


def read_with_metadata(raw: bytes, name: str, metadata_json: str | None) -> ImportedFile:
    """Read an OWID grapher CSV; ``metadata_json`` is the text of its .metadata.json, if the caller has it.

    Raises:
        ImportRejected: not UTF-8 text, not ``Entity,Code,Year,<indicator>``,
            an indicator that maps to no measure, a year out of range or not
            a year, a value that is not a number, a malformed code, an ally's
            year twice, or metadata that is not JSON.
    """
    metadata = _metadata(metadata_json, name)
    rows = csv_rows(read_text(raw, name), name)
    if not rows or tuple(c.strip().casefold() for c in rows[0][:3]) != _HEAD or len(rows[0]) < 4:
        found = ",".join(rows[0])[:120] if rows else "an empty file"
        raise ImportRejected(name, "line 1", "", f"unknown layout: an OWID grapher CSV starts "
                             f"'Entity,Code,Year,<indicator>'; found '{found}'")
    if len(rows) > MAX_TABLE_ROWS:
        raise ImportRejected(name, "", "", f"has {len(rows):,} rows; at most {MAX_TABLE_ROWS:,} are read")
    columns: list[tuple[int, str, Measure]] = []
    for c, indicator in enumerate(rows[0][3:], start=3):
        measure = measure_of(indicator)
        if measure is None:
            raise ImportRejected(name, "line 1", indicator[:80], "is an indicator nato_desk cannot map to a "
                                 "measure (it reads military expenditure as a share of GDP)")
        columns.append((c, indicator.strip(), measure))
    if len({m for _, _, m in columns}) < len(columns):
        raise ImportRejected(name, "line 1", "", "two columns hold the same measure: "
                             + ", ".join(i for _, i, _ in columns))

    values: list[ImportedValue] = []
    seen: dict[tuple[str, int], int] = {}
    bad: list[tuple[str, str]] = []
    others: set[str] = set()
    allies: set[str] = set()
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        line = f"line {i}"
        row = row + [""] * (len(rows[0]) - len(row))
        entity, code, year_text = (c.strip() for c in row[:3])
        iso3 = _ally(entity, code, name, line, bad)
        if iso3 is None:
            others.add(entity)
            continue
        year = year_of(year_text)
        if year is None:
            raise ImportRejected(name, line, "Year", f"'{year_text[:20]}' is not a year")
        check_year(year, name, line)
        if (iso3, year) in seen:
            raise ImportRejected(name, line, "Year", f"{ALLIES[iso3]} {year} is given twice "
                                 f"(also line {seen[iso3, year]})")
        seen[iso3, year] = i
        allies.add(iso3)
        for c, _indicator, measure in columns:
            cell = row[c].strip()
            if not cell:
                continue
            what = f"{ALLIES[iso3]} {year}"
            if not _NUMBER.match(cell):
                raise ImportRejected(name, line, measure.value, f"'{cell[:40]}' is not a number", what=what)
            number = check_value(float(cell), measure, name, line, what)
            values.append(ImportedValue(iso3, year, measure, number, text_decimals(cell), where=line))
    refuse_unknown_labels(name, bad, "country code")
    skipped = [f"{len(others)} entities that are not allies (regions, aggregates, other countries: "
               f"{', '.join(sorted(others)[:6])}{', …' if len(others) > 6 else ''})"] if others else []
    years = sorted({y for _, y in seen})
    tables = tuple(f"{indicator}: {measure.label}, {len(allies)} allies"
                   + (f", {years[0]}\u2013{years[-1]}" if years else "") for _, indicator, measure in columns)
    return ImportedFile(name=name, sha256=sha256(raw), layout=LAYOUT,
                        edition=_proposal(name, columns[0][1], columns[0][2], metadata, years),
                        values=tuple(values), tables=tables, skipped=tuple(skipped))


def _ally(entity: str, code: str, name: str, line: str, bad: list[tuple[str, str]]) -> str | None:
    """The ally a row is about, ``None`` for another entity; a malformed code goes to ``bad``."""
    named, _ = match_ally(entity)
    if not code:
        return named  # OWID leaves regions without a code; an ally named without one still counts
    if code.startswith("OWID_"):
        return None
    if not _CODE.match(code):
        bad.append((line, f"{entity} ({code})"))
        return None
    iso3 = match_code(code)
    if iso3 is not None and named is not None and named != iso3:
        raise ImportRejected(name, line, "Code", f"{code} is {ALLIES[iso3]}, but the row names {entity}")
    return iso3


def _metadata(text: str | None, name: str) -> dict[str, Any]:
    if text is None:
        return {}
    where = "metadata"
    if len(text) > MAX_JSON_CHARS:
        raise ImportRejected(name, where, "", f"the metadata is {len(text):,} characters; at most "
                             f"{MAX_JSON_CHARS:,} are read")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportRejected(name, where, "", f"the metadata file is not JSON ({str(exc)[:120]})") from None
    if not isinstance(data, dict):
        raise ImportRejected(name, where, "", "the metadata file is not a JSON object")
    return data


def _text(data: Any, *keys: str) -> str:
    for key in keys:
        if not isinstance(data, dict):
            return ""
        data = data.get(key)
    return data.strip() if isinstance(data, str) else ""


def _proposal(name: str, indicator: str, measure: Measure, metadata: dict[str, Any],
              years: list[int]) -> EditionProposal:
    columns = metadata.get("columns")
    column: Any = {}
    if isinstance(columns, dict):
        column = columns.get(indicator) or next(iter(columns.values()), {})
    updated = _text(column, "lastUpdated")
    updated = updated if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", updated) else ""
    title = _text(metadata, "chart", "title") or _text(column, "titleLong") or _text(column, "titleShort") \
        or indicator
    citation = _text(column, "citationShort") or _text(metadata, "chart", "citation")
    citation_long = _text(column, "citationLong")
    url = _text(metadata, "chart", "originalChartUrl")
    url = url if url.startswith(("https://", "http://")) else ""
    notes = []
    if updated:
        year = updated[:4]
    else:
        year = str(years[-1]) if years else "undated"
        notes.append(f"Edition year {year} is the year of the latest figure; the file states no date.")
    if citation:
        notes.append(f"Underlying source: {citation}")
    if citation_long:
        notes.append(f"Citation: {citation_long}")
    return EditionProposal(
        id=f"owid-{year}",
        label=f"Our World in Data {year}",
        title=title,
        released=updated,
        publisher="Our World in Data",
        measure=measure,
        source=Source(id=f"OWID_{re.sub(r'[^A-Za-z0-9]+', '_', indicator).strip('_').upper()[:40]}_{year}",
                      title=title, publisher="Our World in Data", date=updated, url=url,
                      note=" ".join([f"Imported from {name}.", *notes[-2:]])),
        note="\n".join(notes),
    )
