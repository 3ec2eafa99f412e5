"""Geometric check of a PDF's text: nothing off the page, no text printed over other text.

Reads every text block's box with poppler's ``pdftotext -bbox-layout`` and
reports what a reader would see as broken. Used on the deck as converted by
LibreOffice (``soffice --convert-to pdf``) and on the app's own PDF deck.

The rule (``layout_problems``):

* **Off the page**: a block whose box reaches more than ``edge_tolerance``
  (0.5 pt) beyond the page's edge. pdftotext silently drops every character
  whose origin lies outside the page, so text that runs off the bottom of a
  slide would otherwise be invisible to the check; the PDF is therefore read a
  second time with every MediaBox grown by ``MARGIN`` points on each side and
  the boxes are mapped back onto the real page.
* **Overprint**: two words whose boxes intersect by more than
  ``overlap_tolerance`` (1 pt) horizontally and, vertically, by more than
  ``overlap_tolerance`` *and* by more than a fraction of the smaller word's
  height: ``block_fraction`` (15 %) for words of different blocks,
  ``line_fraction`` (25 %) for words of one block. A word's box is the font's
  full ascent-to-descent box, so lines may share some of it without any ink
  touching: consecutive lines of one paragraph set at 90 % spacing share
  about 8 %, and pdftotext keeps a paragraph's lines in one block (hence the
  laxer 25 %, which also lets a merged "0%" tick label sit just above its
  "2014" neighbour). Separate text boxes sharing more than 15 % are set
  closer than any paragraph: a source line resting on the footer marking
  shares 20 % and leaves no white between them (issue 9's "runs into the
  footer"); text printed over text shares far more. Words of one line are
  compared like any others and only collide when they share horizontal
  space, which only overprinting does. Limit: two text boxes of the same
  font size that pdftotext merges into one block are judged by the laxer
  25 % (LibreOffice writes each text frame as its own flow, so this matters
  only for Qt-painted PDFs).

Word-level comparison, rather than block boxes, avoids the false positives of
pdftotext's grouping: it may split one text box into several blocks (their
lines then touch only by the line-spacing overlap) or merge neighbours into
one block whose box then covers empty corners that another block legitimately
occupies (an L-shaped paragraph beside a chart label). Chart tick and data
labels that sit close but apart stay apart at word level. Rotated text is
read by pdftotext into word boxes in page coordinates and is compared the
same way.

Each problem is reported once per pair of blocks, naming the 1-based page,
both texts (shortened) and both block boxes in points from the page's
top-left corner.

``render_pages`` writes chosen pages as PNG (``pdftoppm``) to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MARGIN",
    "Block",
    "Page",
    "Word",
    "layout_problems",
    "missing_tools",
    "read_pages",
    "render_pages",
    "texts",
]

# Points added on every side of each page before reading text that ran off it.
MARGIN = 1000.0
_TIMEOUT = 120


@dataclass(frozen=True)
class Word:
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


@dataclass(frozen=True)
class Block:
    """One pdftotext block: box in points from the page's top-left, its text and words."""

    page: int  # 1-based
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str
    lines: tuple[tuple[Word, ...], ...] = ()

    def box(self) -> str:
        return f"({self.x_min:.1f}, {self.y_min:.1f})-({self.x_max:.1f}, {self.y_max:.1f})"


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    blocks: tuple[Block, ...]


def missing_tools(*names: str) -> list[str]:
    """The named programs that are not on PATH (default: pdftotext and pdftoppm)."""
    return [n for n in (names or ("pdftotext", "pdftoppm")) if shutil.which(n) is None]


def _bbox_xml(pdf: Path) -> ET.Element:
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True, capture_output=True, timeout=_TIMEOUT,
    ).stdout.decode("utf-8", errors="replace")
    # Parse only <doc>: the <head> carries the PDF's metadata, which need not be
    # well-formed XML; words are escaped by pdftotext.
    start, end = out.find("<doc>"), out.rfind("</doc>")
    if start < 0 or end < 0:
        raise ValueError(f"pdftotext -bbox-layout gave no <doc> for {pdf}")
    return ET.fromstring(out[start:end + len("</doc>")])


def _grown_copy(pdf: Path, out: Path) -> Path:
    """A copy of ``pdf`` whose every MediaBox is MARGIN points larger on each side.

    The new box is written in the old one's bytes, padded with spaces, so the
    cross-reference offsets stay right; if it does not fit, it is written
    longer and poppler rebuilds the cross-reference table (it does, quietly).
    """
    data = pdf.read_bytes()

    def grow(match: re.Match[bytes]) -> bytes:
        inner = match.group(2)
        try:
            x0, y0, x1, y1 = (float(v) for v in inner.split())
        except ValueError:
            return match.group(0)
        # The left and top edges must move by exactly MARGIN (coordinates are
        # mapped back by subtracting it); right and bottom only need to grow.
        new = f"{x0 - MARGIN!r} {int(y0 - MARGIN) - 1} {int(x1 + MARGIN) + 1} {y1 + MARGIN!r}"
        new = new.replace(".0 ", " ").removesuffix(".0")
        return match.group(1) + new.encode("ascii").ljust(len(inner)) + match.group(3)

    grown = re.sub(rb"(/MediaBox\s*\[)([^\]]*)(\])", grow, data)
    out.write_bytes(grown)
    return out


def _pages_from(doc: ET.Element, offset: float) -> list[tuple[float, float, list[Block]]]:
    pages = []
    for number, page in enumerate(doc.iter("page"), start=1):
        blocks = []
        for block in page.iter("block"):
            lines = []
            for line in block.iter("line"):
                words = tuple(
                    Word(float(w.get("xMin", 0)) - offset, float(w.get("yMin", 0)) - offset,
                         float(w.get("xMax", 0)) - offset, float(w.get("yMax", 0)) - offset,
                         w.text or "")
                    for w in line.iter("word")
                )
                if words:
                    lines.append(words)
            text = "\n".join(" ".join(w.text for w in line) for line in lines)
            blocks.append(Block(
                number,
                float(block.get("xMin", 0)) - offset, float(block.get("yMin", 0)) - offset,
                float(block.get("xMax", 0)) - offset, float(block.get("yMax", 0)) - offset,
                text, tuple(lines),
            ))
        pages.append((float(page.get("width", 0)), float(page.get("height", 0)), blocks))
    return pages


def read_pages(pdf: Path, *, workdir: Path | None = None) -> list[Page]:
    """Every page's size (from the PDF as it is) and text blocks (including text off the page)."""
    pdf = Path(pdf)
    sizes = [(w, h) for w, h, _ in _pages_from(_bbox_xml(pdf), 0.0)]
    grown_path = (workdir or pdf.parent) / f".{pdf.stem}.grown.pdf"
    try:
        grown = _pages_from(_bbox_xml(_grown_copy(pdf, grown_path)), MARGIN)
    finally:
        grown_path.unlink(missing_ok=True)
    if len(grown) != len(sizes):
        raise ValueError(f"{pdf}: {len(sizes)} pages, but {len(grown)} after growing the page boxes")
    return [Page(n, w, h, tuple(blocks))
            for n, ((w, h), (_gw, _gh, blocks)) in enumerate(zip(sizes, grown), start=1)]


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[:limit - 1] + "…")


def _overlap(a: Word, b: Word, tolerance: float, fraction: float) -> tuple[float, float] | None:
    dx = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    dy = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    smaller = min(a.y_max - a.y_min, b.y_max - b.y_min)
    if dx > tolerance and dy > tolerance and dy > fraction * smaller:
        return dx, dy
    return None


def _page_problems(page: Page, edge_tolerance: float, overlap_tolerance: float,
                   line_fraction: float, block_fraction: float) -> list[str]:
    problems = []
    for block in page.blocks:
        beyond = {
            "left": -block.x_min, "top": -block.y_min,
            "right": block.x_max - page.width, "bottom": block.y_max - page.height,
        }
        sides = [f"{side} by {d:.1f} pt" for side, d in beyond.items() if d > edge_tolerance]
        if sides:
            problems.append(
                f"page {page.number}: {_short(block.text)} {block.box()} runs off the page "
                f"({page.width:.1f} x {page.height:.1f} pt): {', '.join(sides)}"
            )
    # (block index, line index, word) for every word on the page.
    # Sorted by top edge, so each word is compared only with those starting above its bottom.
    words = sorted(((bi, w) for bi, b in enumerate(page.blocks) for line in b.lines for w in line),
                   key=lambda item: item[1].y_min)
    worst: dict[tuple[int, int], tuple[float, float, Word, Word]] = {}
    for i, (bi, a) in enumerate(words):
        for bj, b in words[i + 1:]:
            if b.y_min >= a.y_max:
                break
            hit = _overlap(a, b, overlap_tolerance, line_fraction if bi == bj else block_fraction)
            if hit is None:
                continue
            pair = (bi, a, bj, b) if bi <= bj else (bj, b, bi, a)
            key = (pair[0], pair[2])
            if key not in worst or hit[0] * hit[1] > worst[key][0] * worst[key][1]:
                worst[key] = (hit[0], hit[1], pair[1], pair[3])
    for (bi, bj), (dx, dy, a, b) in sorted(worst.items()):
        first, second = page.blocks[bi], page.blocks[bj]
        if bi == bj:
            problems.append(
                f"page {page.number}: text printed over text within {_short(first.text)} "
                f"{first.box()}: {_short(a.text, 30)} and {_short(b.text, 30)} share "
                f"{dx:.1f} x {dy:.1f} pt"
            )
        else:
            problems.append(
                f"page {page.number}: {_short(first.text)} {first.box()} overlaps "
                f"{_short(second.text)} {second.box()}: {_short(a.text, 30)} and "
                f"{_short(b.text, 30)} share {dx:.1f} x {dy:.1f} pt"
            )
    return problems


def layout_problems(pdf: Path | str, *, edge_tolerance: float = 0.5, overlap_tolerance: float = 1.0,
                    line_fraction: float = 0.25, block_fraction: float = 0.15,
                    workdir: Path | None = None) -> list[str]:
    """Every block off its page and every pair of blocks printed over each other (see module doc)."""
    problems: list[str] = []
    for page in read_pages(Path(pdf), workdir=workdir):
        problems.extend(_page_problems(page, edge_tolerance, overlap_tolerance, line_fraction,
                                       block_fraction))
    return problems


def render_pages(pdf: Path | str, pages: Iterable[int], out_dir: Path, *, dpi: int = 80,
                 prefix: str | None = None) -> list[Path]:
    """Write the chosen 1-based pages as ``<prefix>-<page>.png`` in ``out_dir``; return their paths."""
    pdf = Path(pdf)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for number in pages:
        target = out_dir / f"{prefix or pdf.stem}-{number}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(number), "-l", str(number),
             "-singlefile", str(pdf), str(target)],
            check=True, capture_output=True, timeout=_TIMEOUT,
        )
        written.append(target.with_suffix(".png"))
    return written


def texts(pages: Sequence[Page]) -> list[str]:
    """Every block's text, page by page (handy in assertion messages)."""
    return [b.text for p in pages for b in p.blocks]
