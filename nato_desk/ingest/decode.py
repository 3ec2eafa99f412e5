"""Bytes of an import file -> its text, or a refusal in plain words.

This module owns the one way an import file's bytes become text: UTF-8, with
or without a byte-order mark, and nothing else. Guessing an encoding would
turn a wrong guess into silently wrong names and quotes, so anything that is
not UTF-8 is refused with what it looks like and what to do about it:

* over the size limit: refused before anything is decoded;
* a UTF-16 or UTF-32 byte-order mark: "save it as UTF-8";
* NUL bytes: not a text file (a spreadsheet, an image, a zip...);
* any other byte that does not decode: its offset, to find it in a hex view.
"""

from __future__ import annotations

import codecs

from nato_desk.ingest.limits import MAX_FILE_BYTES
from nato_desk.ingest.rejected import ImportRejected

__all__ = ["read_text"]

_WIDE_BOMS = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def read_text(raw: bytes, name: str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode an import file's bytes as UTF-8; a leading byte-order mark is dropped.

    Args:
        raw: the file's bytes.
        name: the file's display name, for messages.
        max_bytes: the largest file accepted.

    Raises:
        ImportRejected: too large, UTF-16/32, NUL bytes, or not UTF-8.
    """
    if len(raw) > max_bytes:
        raise ImportRejected(
            name,
            "",
            "",
            f"is {len(raw):,} bytes, over the {max_bytes:,}-byte limit for an import file",
        )
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            raise ImportRejected(name, "", "", f"is {encoding} text; save it as UTF-8")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ImportRejected(
            name, "", "", f"contains NUL bytes (the first at byte {nul}), it is not a text file"
        )
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        raise ImportRejected(
            name,
            f"byte {offset}",
            "",
            f"is not UTF-8 text (0x{raw[offset]:02X} at byte offset {offset} does not decode); "
            "save it as UTF-8",
        ) from None
