"""Bytes on disk to the raw JSON document, and damage named in plain words.

``parse_document`` owns the first look at a store file (or a backup): it
decodes and parses it, checks that it is an object of tables, and when it is
not, raises ``StoreCorruptError`` whose ``reason`` says what is wrong the way
the start-up report tells the analyst ("the file ends unexpectedly — ..."),
while the message keeps the technical detail for the log.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from nato_desk.store.errors import StoreCorruptError

__all__ = [
    "EMPTY",
    "NOT_A_STORE",
    "TRUNCATED",
    "parse_document",
]

EMPTY = "the file is empty"
TRUNCATED = "the file ends unexpectedly — it may have been cut short by a crash or a full disk"
TRAILING = ("the file has unexpected data after its end — it may have been written over "
            "in place by another program or cut short while being overwritten")
UTF16 = "the file is not text nato_desk can read (it looks like UTF-16, as some editors save it)"
NOT_TEXT = "the file contains bytes that are not text — it may have been damaged on disk"
ZEROS = "the file is filled with zero bytes — a crash or power cut may have left it unwritten"
TOO_DEEP = "the file is nested too deeply to be a nato_desk store"
NOT_A_STORE = "the file holds valid JSON but not a nato_desk store"


def parse_document(path: Path, raw: bytes) -> tuple[str, dict[str, dict[str, Any]]]:
    """The decoded text and the document: a JSON object whose values are objects.

    Whether an empty file is a new store or damage depends on whether backups
    exist, so callers that care look at the size first; here it is damage.

    Raises:
        StoreCorruptError: with ``reason`` naming the cause in plain words.
    """
    if not raw:
        raise StoreCorruptError(f"{path} is empty.", reason=EMPTY)
    try:
        # utf-8-sig: a file hand-edited in an editor that adds a BOM still opens.
        text = raw.decode("utf-8-sig")
        parsed = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoreCorruptError(
            f"{path} is damaged and cannot be read: {exc}", reason=_diagnose(raw, exc)
        ) from exc
    if not isinstance(parsed, dict):
        raise StoreCorruptError(
            f"{path} is damaged and cannot be read: expected a JSON object, found {type(parsed).__name__}",
            reason=f"{NOT_A_STORE} (it holds a {_json_type(parsed)}, not an object of tables)",
        )
    for name, table in parsed.items():
        if not isinstance(table, dict):
            raise StoreCorruptError(
                f"{path} is damaged and cannot be read: "
                f"table '{name}' is {type(table).__name__}, not an object",
                reason=f"{NOT_A_STORE} (its table '{name}' is a {_json_type(table)}, not an object)",
            )
    return text, parsed


def _diagnose(raw: bytes, exc: BaseException) -> str:
    """The plain cause of a decode or parse failure of ``raw``."""
    if raw.count(0) == len(raw):
        return ZEROS
    if _looks_like_utf16(raw):
        # Before the JSON checks: ASCII saved as UTF-16 decodes as "UTF-8" with NULs.
        return UTF16
    if isinstance(exc, RecursionError):
        return TOO_DEEP
    if isinstance(exc, UnicodeDecodeError):
        # A cut in the middle of a multi-byte character (an é, a €).
        return TRUNCATED if exc.end >= len(raw) and "end of data" in exc.reason else NOT_TEXT
    if isinstance(exc, json.JSONDecodeError):
        if exc.msg == "Extra data":
            return TRAILING
        if _cut_short(exc):
            return TRUNCATED
        return f"the file is not valid JSON: it is damaged at line {exc.lineno}, column {exc.colno}"
    return f"the file is not valid JSON ({exc})"


def _cut_short(exc: json.JSONDecodeError) -> bool:
    # The store writes one value per line (indent=1), so a file cut short
    # fails on its last line; damage in the middle leaves lines after it.
    if exc.msg.startswith("Unterminated string"):
        return True  # no closing quote anywhere after: the text stops inside it
    rest = exc.doc[exc.pos:].strip()
    return "\n" not in rest and len(rest) <= 40


def _looks_like_utf16(raw: bytes) -> bool:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    head = raw[:64]
    # ASCII JSON in UTF-16 without a BOM: every other byte is NUL.
    return len(head) >= 4 and (head[1::2].count(0) == len(head[1::2]) or head[0::2].count(0) == len(head[0::2]))


def _json_type(value: object) -> str:
    names = {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
