"""Opening an untrusted XLSX file without letting it hurt us.

An .xlsx is a zip of XML parts, and openpyxl (``read_only=False``, which the
readers need for styles, fonts and hidden rows) builds a Python object for
every cell, row, merged cell and hyperlinked cell it meets: a few kilobytes of
XML can ask for billions of them. So before openpyxl sees a file, three
checks run, each refusing with an ``ImportRejected`` that names the file, the
part and the reason:

1. The file: at most ``MAX_XLSX_BYTES``; a zip archive (an old .xls, a
   password-protected workbook, a CSV renamed .xlsx, a Word or PowerPoint
   file are each named as such); its central directory read only when it
   lists at most ``MAX_PARTS`` parts.
2. The archive (zip bombs): no name twice, no encrypted part, no two parts
   sharing or overlapping their bytes (the "overlapping entries" bomb); total
   and per-part expanded size at most ``MAX_UNZIPPED``; a compression ratio
   over ``MAX_RATIO`` refused for any part past 1 MB. zipfile never returns
   more bytes than a part declares, so the declared sizes bound the work.
   Parts inside parts (an embedded .zip or .xlsx) are never opened.
3. Every XML part, streamed through expat (openpyxl parses worksheets with
   the same parser, through defusedxml): a DTD or entity declaration is
   refused outright (OOXML never has one; this stops billion laughs and
   external entities such as ``file:///etc/passwd``), as is XML that is not
   well-formed, nesting deeper than ``MAX_DEPTH``, more than ``MAX_ELEMENTS``
   elements in all, more than ``MAX_CELLS`` cells (cells, merged cells and
   hyperlinked cells together: openpyxl makes an object for each), more than
   ``MAX_ROWS`` rows, a sheet declaring (``<dimension>``) more than
   ``MAX_AREA`` cells and a cell text longer than ``MAX_CELL_TEXT`` (Excel's
   own limit). Counting stops at the first limit passed, so a hostile file
   costs at most about a second here.

Then openpyxl reads the workbook through defusedxml (a dependency; refused
if missing) with ``data_only=True`` (each formula's cached value, or None:
formulas are never evaluated, so ``=WEBSERVICE(...)`` fetches nothing) and
``keep_links=False`` (links to other workbooks are neither read nor
followed). Its warnings (features it drops) are not errors. Last, each
sheet's used range (rows x columns) must stay within ``MAX_AREA``, since
readers walk it cell by cell.

Measured on this machine (openpyxl 3.1, ``read_only=False``): NATO's 2024
tables (16k cells) open in 0.2 s, SIPRI's 2025 workbook (84k cells) in 0.6 s;
a sheet of 10^6 one-digit cells would take 6.4 s and 480 MB, 10^6 empty
hidden rows 9 s and 740 MB, one merged range A1:XFD1048576 forever. At the
limits below, 499,000 cells open in 4.1 s at a 250 MB peak and 100,000 empty
rows in 1 s at 120 MB; a refused file costs at most the ~1.3 s of counting
to a limit (the hostile corpus, tests/fixtures/hostile_tables, measures it).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zipfile
from typing import Any
from xml.parsers import expat

from nato_desk.ingest.rejected import ImportRejected

__all__ = [
    "MAX_AREA",
    "MAX_CELLS",
    "MAX_CELL_TEXT",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "MAX_PARTS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_UNZIPPED",
    "MAX_XLSX_BYTES",
    "check_archive",
    "open_workbook",
]

MAX_XLSX_BYTES = 50 * 1024 * 1024
"""The file (NATO's tables are ~0.2 MB, SIPRI's ~0.9 MB)."""

MAX_UNZIPPED = 200 * 1024 * 1024
"""All parts expanded (NATO's: 0.8 MB, SIPRI's: 3.7 MB)."""

MAX_PARTS = 2000
"""Parts in the archive (NATO's: 50)."""

MAX_RATIO = 200
"""Expanded / compressed size of one part past 1 MB; XML rarely passes 30."""

MAX_CELLS = 500_000
"""Cells in the workbook, merged and hyperlinked cells included (SIPRI's: 84k)."""

MAX_AREA = 500_000
"""A sheet's used or declared range, rows x columns (SIPRI's largest: 201 x 80)."""

MAX_ROWS = 100_000
"""Row elements in the workbook: openpyxl keeps an object per row with attributes."""

MAX_ELEMENTS = 3_000_000
"""XML elements in all parts (SIPRI's: 172k)."""

MAX_DEPTH = 100
"""XML nesting (a worksheet is 4 deep; drawings rarely pass 20)."""

MAX_CELL_TEXT = 32_767
"""Characters in one text of a sheet or the shared strings: Excel's limit for a cell."""

_RATIO_FLOOR = 1_000_000  # small parts may compress well (a blank sheet is 1 kB of XML)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected .xlsx
_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length

# A cell range as sheets write it: A1, A1:B2, $A$1, whole columns (A:C) or rows (1:3).
_RANGE = re.compile(r"\$?([A-Z]{1,3})?\$?(\d+)?(?::\$?([A-Z]{1,3})?\$?(\d+)?)?")
_MAX_ROW = 1_048_576
_MAX_COL = 16_384

# Roots whose texts are cell texts and whose children are cells.
_SHEET_ROOTS = {"worksheet", "dialogsheet"}
_TEXT_ROOTS = _SHEET_ROOTS | {"sst", "comments"}
_BINARY_SUFFIXES = (".bin", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf",
                    ".wmf", ".wdp", ".svg", ".ttf", ".odttf", ".fntdata", ".xlsx", ".zip")


def _refuse(name: str, where: str, problem: str) -> ImportRejected:
    return ImportRejected(name, where, "", problem)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _area(ref: str) -> int:
    """Cells a range covers (0 when it is no range this module knows; openpyxl judges it)."""
    total = 0
    for part in ref.split():  # a space-separated list, as in sqref
        match = _RANGE.fullmatch(part)
        if not match or not any(match.groups()):
            continue
        c1, r1, c2, r2 = match.groups()
        if ":" not in part:
            c2, r2 = c1, r1
        cols = (_column_number(c2) if c2 else _MAX_COL) - (_column_number(c1) if c1 else 1) + 1
        rows = (int(r2) if r2 else _MAX_ROW) - (int(r1) if r1 else 1) + 1
        total += max(cols, 1) * max(rows, 1)
    return total


def _kind_of(raw: bytes) -> str:
    """What a file that is not a zip archive looks like, for the refusal."""
    if not raw:
        return "the file is empty"
    if raw.startswith(_OLE):
        return ("this is an old Excel .xls file or a password-protected workbook; "
                "save it as .xlsx without a password")
    head = raw[:2048]
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "this is not an Excel workbook (.xlsx): it is an XML or HTML file"
    return "this is not an Excel workbook (.xlsx): it is not a zip archive (a CSV or text file renamed?)"


def _check_file(raw: bytes, name: str) -> zipfile.ZipFile:
    if len(raw) > MAX_XLSX_BYTES:
        raise _refuse(name, "", f"the file is {len(raw):,} bytes; at most {MAX_XLSX_BYTES:,} are read")
    if raw.startswith(_EMPTY_ZIP):
        raise _refuse(name, "", "this is not an Excel workbook (.xlsx): it is an empty zip archive")
    if not raw.startswith(_ZIP):
        raise _refuse(name, "", _kind_of(raw))
    # zipfile builds an object per central-directory entry before we can count them.
    if raw.count(_CENTRAL) > MAX_PARTS:
        raise _refuse(name, "", f"the archive holds more than {MAX_PARTS:,} parts; at most "
                      f"{MAX_PARTS:,} are read")
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, struct.error) as exc:
        raise _refuse(name, "", f"the workbook's zip archive is damaged or cut short ({exc})") from None


def _check_archive(archive: zipfile.ZipFile, raw: bytes, name: str) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise _refuse(name, "", f"the archive holds {len(infos):,} parts; at most {MAX_PARTS:,} are read")
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in seen:
            raise _refuse(name, info.filename, "the archive holds two parts of this name")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise _refuse(name, info.filename, "a part of the archive is encrypted")
        total += info.file_size
        if info.file_size > MAX_UNZIPPED or total > MAX_UNZIPPED:
            raise _refuse(name, info.filename, f"the archive expands past {MAX_UNZIPPED // 2**20} MB "
                          "(a zip bomb?)")
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(name, info.filename, f"a part is compressed more than {MAX_RATIO}:1 (a zip bomb?)")
    _check_no_overlap(infos, raw, name)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        if any(n.startswith("word/") for n in names):
            problem = "this is a Word document (.docx), not an Excel workbook"
        elif any(n.startswith("ppt/") for n in names):
            problem = "this is a PowerPoint presentation (.pptx), not an Excel workbook"
        else:
            problem = "this is not an Excel workbook (.xlsx): no workbook inside the zip archive"
        raise _refuse(name, "", problem)
    return infos


def _check_no_overlap(infos: list[zipfile.ZipInfo], raw: bytes, name: str) -> None:
    """Each part's bytes are its own: entries that share or overlap data expand one
    compressed stream many times (Fifield's "better zip bomb")."""
    end_of_previous = 0
    previous = ""
    for info in sorted(infos, key=lambda i: i.header_offset):
        start = info.header_offset
        if start < end_of_previous:
            raise _refuse(name, info.filename, f"the part overlaps {previous} in the archive (a zip bomb?)")
        header = raw[start:start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            raise _refuse(name, info.filename, "the workbook's zip archive is cut short")
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != _ZIP:
            raise _refuse(name, info.filename, "the workbook's zip archive is damaged (bad part header)")
        end_of_previous = start + _LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if end_of_previous > len(raw):
            raise _refuse(name, info.filename, "the workbook's zip archive is cut short")
        previous = info.filename


class _Budget:
    """What all XML parts together may ask openpyxl to build."""

    def __init__(self) -> None:
        self.elements = 0
        self.cells = 0
        self.rows = 0


class _PartScan:
    """expat handlers for one part: refuse DTDs and entities, count what costs."""

    def __init__(self, name: str, part: str, budget: _Budget) -> None:
        self.name, self.part, self.budget = name, part, budget
        self.depth = 0
        self.root = ""
        self.sheet = False
        self.texts = False
        self.run = 0  # characters of the text being read

    def refuse(self, problem: str) -> ImportRejected:
        return _refuse(self.name, self.part, problem)

    def doctype(self, *_: object) -> None:
        raise self.refuse("the part declares a DTD (<!DOCTYPE>), which a workbook never has; "
                          "entity tricks (billion laughs, external entities) are refused")

    def entity(self, *_: object) -> None:
        raise self.refuse("the part declares an XML entity, which a workbook never has")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        budget = self.budget
        self.run = 0
        budget.elements += 1
        if budget.elements > MAX_ELEMENTS:
            raise self.refuse(f"the workbook holds more than {MAX_ELEMENTS:,} XML elements; "
                              "a table file needs far fewer")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.refuse(f"the XML nests more than {MAX_DEPTH} levels deep")
        local = tag.rpartition(" ")[2]
        if self.depth == 1:
            self.root = local
            self.sheet = local in _SHEET_ROOTS
            self.texts = local in _TEXT_ROOTS
            return
        if self.sheet:
            self._sheet_element(local, attrs)
        elif self.root == "comments" and local == "comment":
            self._cells(1)  # each comment makes its cell

    def _sheet_element(self, local: str, attrs: dict[str, str]) -> None:
        if local == "c":
            self._cells(1)
        elif local == "row":
            self.budget.rows += 1
            if self.budget.rows > MAX_ROWS:
                raise self.refuse(f"the workbook holds more than {MAX_ROWS:,} rows; at most "
                                  f"{MAX_ROWS:,} are read")
        elif local in ("mergeCell", "hyperlink"):
            self._cells(_area(attrs.get("ref", "")))
        elif local == "dimension":
            declared = _area(attrs.get("ref", ""))
            if declared > MAX_AREA:
                raise self.refuse(f"a sheet declares {declared:,} cells ({attrs.get('ref', '')[:40]}); "
                                  f"at most {MAX_AREA:,} are read")

    def _cells(self, n: int) -> None:
        self.budget.cells += n
        if self.budget.cells > MAX_CELLS:
            raise self.refuse(f"the workbook holds more than {MAX_CELLS:,} cells (merged and "
                              f"linked ranges included); at most {MAX_CELLS:,} are read")

    def end(self, _tag: str) -> None:
        self.depth -= 1
        self.run = 0

    def text(self, data: str) -> None:
        # expat may hand one text over in pieces (buffer_text joins most of them).
        self.run += len(data)
        if self.run > MAX_CELL_TEXT and self.texts:
            raise self.refuse(f"a cell holds a text of more than {MAX_CELL_TEXT:,} characters, "
                              "Excel's limit")


def _is_xml(info: zipfile.ZipInfo, head: bytes) -> bool:
    """Parts openpyxl may parse as XML: named so, or starting like XML. Images and
    printer settings are left alone (openpyxl never parses them as XML)."""
    lower = info.filename.lower()
    if lower.endswith((".xml", ".rels", ".vml")):
        return True
    if lower.endswith(_BINARY_SUFFIXES):
        return False
    return head.lstrip()[:1] == b"<" or head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def _scan_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    budget = _Budget()
    for info in infos:
        if info.is_dir():
            continue
        scan = _PartScan(name, info.filename, budget)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = scan.doctype
        parser.EntityDeclHandler = scan.entity
        parser.UnparsedEntityDeclHandler = scan.entity
        parser.StartElementHandler = scan.start
        parser.EndElementHandler = scan.end
        parser.CharacterDataHandler = scan.text
        parser.buffer_text = True
        parser.buffer_size = MAX_CELL_TEXT + 1
        try:
            with archive.open(info) as part:
                chunk = part.read(65536)
                if not _is_xml(info, chunk[:1024]):
                    continue
                while chunk:
                    parser.Parse(chunk, False)
                    chunk = part.read(65536)
                parser.Parse(b"", True)
        except ImportRejected:
            raise
        except expat.ExpatError as exc:
            raise _refuse(name, info.filename, f"the part is not well-formed XML ({exc})") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError,
                LookupError) as exc:
            raise _refuse(name, info.filename, f"the part cannot be unpacked ({exc})") from None
        except Exception as exc:  # noqa: BLE001 - zlib.error, lzma/bz2 errors on a damaged stream
            raise _refuse(name, info.filename, f"the part cannot be unpacked ({type(exc).__name__}: "
                          f"{str(exc)[:200]})") from None


def _check_used_ranges(workbook: Any, name: str) -> None:
    for ws in workbook.worksheets:
        area = ws.max_row * ws.max_column
        if area > MAX_AREA:
            raise _refuse(name, ws.title, f"the sheet's cells span {ws.max_row:,} rows and "
                          f"{ws.max_column:,} columns; at most {MAX_AREA:,} cells are read")


def check_archive(raw: bytes, name: str) -> None:
    """Checks 1 and 2 only (the file and its zip archive; no XML is read): cheap
    enough for a sniffer to run before it unzips any part of an untrusted file.

    Raises:
        ImportRejected: as ``open_workbook`` for those checks.
    """
    with _check_file(raw, name) as archive:
        _check_archive(archive, raw, name)


def open_workbook(raw: bytes, name: str) -> Any:
    """The workbook in ``raw`` (cached values, styles and hidden rows available).

    Raises:
        ImportRejected: not an XLSX (saying what it is instead, when known),
            too large, a zip bomb, a DTD or entity, too many cells, rows or
            elements, or unreadable for openpyxl.
    """
    archive = _check_file(raw, name)
    with archive:
        infos = _check_archive(archive, raw, name)
        _scan_parts(archive, infos, name)
    import openpyxl  # loaded on first import, not at start-up
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise _refuse(name, "", "defusedxml is not installed; workbooks are not read without it")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about what it drops (data validation extensions, unknown
            # parts): the same file must read the same in the app and under the tests.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True, read_only=False,
                                              keep_links=False, keep_vba=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken or hostile file
        raise _refuse(name, "", f"the workbook cannot be read ({type(exc).__name__}: "
                      f"{str(exc)[:200]})") from None
    _check_used_ranges(workbook, name)
    return workbook
