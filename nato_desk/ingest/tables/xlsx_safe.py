"""Opening an untrusted XLSX file without letting it hurt us.

An .xlsx is a zip of XML parts. Before openpyxl sees it, the archive is
checked: total and per-part sizes, the number of parts and the compression
ratio (a zip bomb expands a few KB into gigabytes), and the number of cells
each sheet declares. openpyxl parses XML through defusedxml (a dependency, so
entity expansion and external entities are refused), and the workbook is
opened with cached values only: formulas are never evaluated.

Anything refused is an ``ImportRejected`` naming the file and the reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from nato_desk.ingest.rejected import ImportRejected

__all__ = ["MAX_CELLS", "MAX_PARTS", "MAX_RATIO", "MAX_UNZIPPED", "MAX_XLSX_BYTES", "open_workbook"]

MAX_XLSX_BYTES = 50 * 1024 * 1024  # NATO's tables are ~0.5 MB, SIPRI's ~2 MB
MAX_UNZIPPED = 300 * 1024 * 1024
MAX_PARTS = 2000
MAX_RATIO = 200  # uncompressed / compressed for one part; XML rarely passes 30
MAX_CELLS = 2_000_000

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _check_archive(raw: bytes, name: str) -> None:
    if len(raw) > MAX_XLSX_BYTES:
        raise ImportRejected(name, "", "", f"the file is {len(raw):,} bytes; at most {MAX_XLSX_BYTES:,} are read")
    if not raw.startswith(b"PK\x03\x04"):
        raise ImportRejected(name, "", "", "this is not an Excel workbook (.xlsx): it is not a zip archive")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRejected(name, "", "", f"the workbook's zip archive is damaged ({exc})") from None
    if len(infos) > MAX_PARTS:
        raise ImportRejected(name, "", "", f"the archive holds {len(infos):,} parts; at most {MAX_PARTS:,} are read")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_UNZIPPED or total > MAX_UNZIPPED:
            raise ImportRejected(name, info.filename, "", "the archive expands past "
                                 f"{MAX_UNZIPPED // (1024 * 1024)} MB (a zip bomb?)")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1_000_000:
            raise ImportRejected(name, info.filename, "", "a part is compressed more than "
                                 f"{MAX_RATIO}:1 (a zip bomb?)")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportRejected(name, "", "", "this is not an Excel workbook (.xlsx): no workbook inside the archive")
    for info in infos:
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with archive.open(info) as part:
                head = part.read(4096)
            match = _DIMENSION.search(head)
            if match and match.group(3):
                cols = _column_number(match.group(3)) - _column_number(match.group(1)) + 1
                rows = int(match.group(4)) - int(match.group(2)) + 1
                if cols * rows > MAX_CELLS:
                    raise ImportRejected(name, info.filename, "", f"a sheet declares {cols * rows:,} cells; "
                                         f"at most {MAX_CELLS:,} are read")


def open_workbook(raw: bytes, name: str) -> Any:
    """The workbook in ``raw`` (cached values, styles and hidden rows available).

    Raises:
        ImportRejected: not an XLSX, too large, a zip bomb, unsafe XML, or
            unreadable for openpyxl.
    """
    _check_archive(raw, name)
    import openpyxl  # loaded on first import, not at start-up
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency
        raise ImportRejected(name, "", "", "defusedxml is not installed; workbooks are not read without it")
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), data_only=True, read_only=False, keep_links=False)
    except ImportRejected:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken or hostile file
        raise ImportRejected(name, "", "", f"the workbook cannot be read ({type(exc).__name__}: "
                             f"{str(exc)[:200]})") from None
