"""The PDF layout checker can fail: clean pages pass, text over text and text off the page are reported.

Small PDFs are painted with Qt's QPdfWriter (exact positions, in points) and,
when LibreOffice is installed, built as PowerPoint slides with python-pptx and
converted by ``soffice`` the way the deck tests do.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from support.pdf_layout import layout_problems, missing_tools, read_pages, render_pages

pytestmark = pytest.mark.skipif(bool(missing_tools()), reason="poppler-utils (pdftotext, pdftoppm) not installed")

WIDTH, HEIGHT = 960, 540  # points, a 16:9 slide

# (x, y of the baseline, text, point size, rotation in degrees)
Text = tuple[float, float, str, float, float]


@pytest.fixture
def painted(qapp, tmp_path: Path) -> Callable[..., Path]:
    """Paint pages of texts into a PDF (one list of texts per page); return its path."""
    from PySide6.QtCore import QMarginsF, QPointF, QSizeF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    def paint(*pages: list[Text], name: str = "painted.pdf") -> Path:
        path = tmp_path / name
        writer = QPdfWriter(str(path))
        writer.setResolution(72)  # one painter unit is one point
        size = QPageSize(QSizeF(WIDTH, HEIGHT), QPageSize.Unit.Point, "slide")
        writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF()))
        painter = QPainter(writer)
        for number, texts in enumerate(pages):
            if number:
                writer.newPage()
            for x, y, text, points, rotation in texts:
                font = QFont("DejaVu Sans")
                font.setPointSizeF(points)
                painter.setFont(font)
                painter.save()
                painter.translate(QPointF(x, y))
                painter.rotate(rotation)
                painter.drawText(QPointF(0, 0), text)
                painter.restore()
        painter.end()
        return path

    return paint


def _paragraph(x: float, top: float, lines: list[str], points: float, pitch: float) -> list[Text]:
    return [(x, top + points + i * pitch, line, points, 0.0) for i, line in enumerate(lines)]


# A page a briefer would accept: a title, a tightly set paragraph, tick labels and
# data labels close together but apart, a rotated axis title, a footer.
CLEAN: list[Text] = [
    (40, 60, "Spain: 2.00% of GDP in 2026", 32, 0),
    *_paragraph(560, 100, ["Latest figure: 2.00% in 2026", "Gap to 3.5% core: 1.50 pp below",
                           "Stance: opposes"], 16, 19),  # line pitch 1.19 em: boxes just touch
    # a paragraph at 90 % line spacing: its lines' font boxes share 10 % of a line
    *_paragraph(560, 200, ["“We decided on the five percent target,",
                           "everyone has an obligation to spend.”"], 14, 0.9 * 1.164 * 14),
    *[(70, 400 - 40 * i, f"{i}%", 10, 0) for i in range(6)],  # y tick labels
    *[(100 + 60 * i, 418, str(2014 + 3 * i), 10, 0) for i in range(8)],  # x tick labels
    (100, 408, "0.94%", 10, 0), (134, 408, "1.10%", 10, 0),  # data labels 1 pt apart
    (50, 300, "% of GDP", 10, -90),  # rotated axis title, clear of the tick labels
    (40, 520, "Sources: NATO, Defence Expenditure of NATO Countries (2014-2026)", 10, 0),
    (440, 535, "UNCLASSIFIED", 10, 0),
]


def test_a_clean_page_has_no_problems(painted):
    pdf = painted(CLEAN)

    pages = read_pages(pdf)
    assert [(p.number, round(p.width), round(p.height)) for p in pages] == [(1, WIDTH, HEIGHT)]
    words = {w.text for b in pages[0].blocks for line in b.lines for w in line}
    assert {"Spain:", "Gap", "0.94%", "1.10%", "2035", "UNCLASSIFIED"} <= words
    assert layout_problems(pdf) == []


def test_two_texts_printed_over_each_other_are_reported_with_page_texts_and_boxes(painted):
    pdf = painted(CLEAN, [
        *CLEAN[:1],
        # a quote set over the source line, as on the overflowing ally slides
        (40, 505, "\u201cWe will reach 2% this year\u201d", 14, 0),
        (40, 512, "Sources: Reuters, 2025-06-24", 10, 0),
    ])

    problems = layout_problems(pdf)

    assert len(problems) == 1, problems
    assert problems[0].startswith("page 2: ")
    assert "We will reach" in problems[0] and "Sources: Reuters" in problems[0]
    assert "overlaps" in problems[0] or "printed over" in problems[0]
    assert "(40.0, " in problems[0]  # the boxes, in points


@pytest.mark.parametrize(("shared", "reported"), [(0.0, False), (1.0, False), (2.1, True), (3.0, True)])
def test_a_source_line_resting_on_the_footer_is_reported(painted, shared, reported):
    # Font boxes (DejaVu Sans: ascent 0.928 em, descent 0.236 em) sharing `shared` points;
    # 2.1 pt is 20 % of the 9 pt line, more than any paragraph's own lines share.
    pitch = 0.236 * 9 + 0.928 * 11 - shared
    pdf = painted([(40, 500, "Sources: NATO, Defence Expenditure of NATO Countries (2014-2026)", 9, 0),
                   (300, 500 + pitch, "UNCLASSIFIED", 11, 0)])

    problems = layout_problems(pdf)

    assert bool(problems) == reported, problems
    if reported:
        assert "'UNCLASSIFIED'" in problems[0] and "(2014-2026)" in problems[0]


def test_text_over_text_on_one_baseline_is_reported(painted):
    # pdftotext reads these as one line of one block; the words still share space.
    pdf = painted([(300, 300, "1.81%", 12, 0), (318, 300, "2%", 12, 0)])

    problems = layout_problems(pdf)

    assert len(problems) == 1 and "1.81%" in problems[0] and "2%" in problems[0], problems


def test_a_box_running_off_the_bottom_is_reported_though_pdftotext_drops_the_lost_lines(painted):
    sources = [f"Source {i}: a publisher, a title, a date" for i in range(12)]
    pdf = painted(_paragraph(40, 440, sources, 14, 18))

    problems = layout_problems(pdf)

    assert len(problems) == 1, problems
    assert problems[0].startswith("page 1: 'Source 0:")
    assert "runs off the page" in problems[0] and "bottom by" in problems[0]
    # Lines wholly below the page are read too, not only those poppler keeps.
    words = {w.text for b in read_pages(pdf)[0].blocks for line in b.lines for w in line}
    assert "11:" in words


def test_a_line_running_off_the_right_edge_is_reported(painted):
    pdf = painted([(700, 200, "Gap to 5% total: 2.97 pp below the target", 18, 0)])

    problems = layout_problems(pdf)

    assert len(problems) == 1 and "right by" in problems[0], problems


def test_rotated_text_over_tick_labels_is_reported(painted):
    pdf = painted([*[(70, 400 - 40 * i, f"{i}%", 12, 0) for i in range(6)],
                   (82, 330, "% of GDP", 12, -90)])  # the axis title across the 1%-3% labels

    assert len(layout_problems(pdf)) >= 1


def test_render_pages_writes_the_chosen_pages_as_png(painted, tmp_path):
    pdf = painted(CLEAN, CLEAN)

    written = render_pages(pdf, [2], tmp_path / "png", dpi=36)

    assert written == [tmp_path / "png" / "painted-2.png"]
    header = written[0].read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (WIDTH // 2, HEIGHT // 2)


# --- the same through python-pptx and LibreOffice, as the deck tests use it -------------------

@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory) -> dict[str, Path]:
    """Three one-slide decks converted to PDF by LibreOffice in one run."""
    if missing_tools("soffice"):
        pytest.skip("LibreOffice (soffice) not installed")
    from pptx import Presentation
    from pptx.util import Inches, Pt

    folder = tmp_path_factory.mktemp("office")

    def deck(name: str, boxes: list[tuple[float, float, float, float, list[str], int]]) -> Path:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
        slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
        for left, top, width, height, paragraphs, size in boxes:
            frame = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height)).text_frame
            frame.word_wrap = True
            frame.text = "\n".join(paragraphs)
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
        path = folder / f"{name}.pptx"
        prs.save(str(path))
        return path

    title = (0.5, 0.3, 12, 1, ["Spain: 2.00% of GDP in 2026"], 32)
    footer = (5.5, 7.0, 2.5, 0.4, ["UNCLASSIFIED"], 10)
    decks = [
        deck("clean", [title, (0.5, 1.5, 6, 2, ["Latest figure: 2.00% in 2026",
                                                "Gap to 3.5% core: 1.50 pp below"], 18), footer]),
        deck("overlap", [title, (0.5, 6.5, 8, 0.6, ["\u201cWe will reach 2% this year\u201d"], 18),
                         (0.5, 6.6, 8, 0.4, ["Sources: Reuters, 2025-06-24"], 12), footer]),
        deck("off_bottom", [title, (0.5, 5.5, 8, 0.5,
                                    [f"Source {i}: a publisher, a title" for i in range(14)], 16)]),
    ]
    profile = folder / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, decks)],
        check=True, capture_output=True, timeout=180,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return {d.stem: d.with_suffix(".pdf") for d in decks}


def test_office_clean_slide_passes(office_pdfs):
    assert layout_problems(office_pdfs["clean"]) == []


def test_office_overlapping_text_boxes_are_reported(office_pdfs):
    problems = layout_problems(office_pdfs["overlap"])

    assert len(problems) == 1 and "We will reach" in problems[0] and "Sources: Reuters" in problems[0], problems


def test_office_box_running_off_the_slide_bottom_is_reported(office_pdfs):
    problems = layout_problems(office_pdfs["off_bottom"])

    assert len(problems) == 1 and "runs off the page" in problems[0] and "bottom by" in problems[0], problems
