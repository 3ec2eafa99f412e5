"""A small PNG picture of a deck for file browsers, drawn without Qt.

A presentation file carries a thumbnail (``docProps/thumbnail``) that file
managers and PowerPoint's open dialog show. We draw a simplified title slide:
the marking bars, the title block and the ranked bars with the target lines,
in the palette's colours. Pure standard library (zlib), no image library.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from nato_desk import palette

__all__ = ["thumbnail_png"]

_W, _H = 256, 144


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _png(pixels: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", _W, _H, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def thumbnail_png(values: Sequence[float], levels: Sequence[tuple[float, str]], x_max: float) -> bytes:
    """A 256 x 144 PNG: marking bars, a title block, bars for ``values`` (highest
    first) and a line at each ``(level, colour)``."""
    white = _rgb(palette.BACKGROUND)
    pixels = [bytearray(white * _W) for _ in range(_H)]

    def fill(x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        for y in range(max(0, y0), min(_H, y1)):
            row = pixels[y]
            for x in range(max(0, x0), min(_W, x1)):
                row[3 * x:3 * x + 3] = bytes(colour)

    marking = _rgb(palette.MARKING)
    fill(96, 3, 160, 6, marking)
    fill(96, _H - 6, 160, _H - 3, marking)
    fill(10, 12, 170, 20, _rgb(palette.TEXT))
    top, bottom, left, right = 28, _H - 12, 40, _W - 12
    shown = list(values)[:24]
    if shown and x_max > 0:
        pitch = (bottom - top) / len(shown)
        bar = _rgb(palette.ALLY_COLOURS[0])
        for i, value in enumerate(shown):
            y0 = int(top + i * pitch + pitch * 0.15)
            y1 = max(y0 + 1, int(top + (i + 1) * pitch - pitch * 0.15))
            fill(left, y0, left + int((right - left) * min(value, x_max) / x_max), y1, bar)
    for level, colour in levels:
        if 0 < level <= x_max:
            x = left + int((right - left) * level / x_max)
            for y in range(top, bottom, 4):
                fill(x, y, x + 1, y + 2, _rgb(colour))
    return _png(pixels)
