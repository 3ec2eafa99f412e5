"""How much room a text needs on a slide: widths, line wrapping and heights.

The slide layout is decided once, here in pure Python, for both renderers
(PowerPoint and the PDF): every box is sized from the text it holds. Widths
come from DejaVu Sans, the widest common sans face, so a text that fits here
fits in whatever sans face a presentation program substitutes. Characters
outside the table count as a wide glyph.
"""

from __future__ import annotations

from nato_desk.slides._dejavu_widths import BOLD, CHARS, REGULAR

__all__ = ["LINE_SPACING", "fits", "text_height", "text_width", "wrap"]

# Line pitch as a multiple of the font size; the renderers set the same exact
# spacing (DejaVu's own is 1.164).
LINE_SPACING = 1.2
# Text boxes are filled to this share of their width at most: room for a
# renderer's rounding and kerning.
_SLACK = 0.96

_REGULAR = dict(zip(CHARS, (int(w) for w in REGULAR.split(",")), strict=True))
_BOLD = dict(zip(CHARS, (int(w) for w in BOLD.split(",")), strict=True))
_WIDE = 1000  # an unknown glyph (CJK, symbols): a full em


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of ``text`` at ``size`` points, in points."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(ch, _WIDE) for ch in text) * size / 1000


def _split_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word longer than the line (a URL) broken where it reaches the edge."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and text_width(current + ch, size, bold) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points (newlines kept)."""
    width *= _SLACK
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if text_width(word, size, bold) > width:
                *whole, current = _split_word(word, width, size, bold)
                lines.extend(whole)
            else:
                current = word
        lines.append(current)
    return lines


def text_height(text: str, width: float, size: float, bold: bool = False) -> float:
    """The height ``text`` takes when wrapped to ``width`` points."""
    return len(wrap(text, width, size, bold)) * size * LINE_SPACING


def fits(text: str, width: float, size: float, max_lines: int, bold: bool = False) -> bool:
    """Whether ``text`` wraps into at most ``max_lines`` lines."""
    return len(wrap(text, width, size, bold)) <= max_lines
