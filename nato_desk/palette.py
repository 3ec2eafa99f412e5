"""The one palette: how allies, targets and kinds of figure look, everywhere.

The window's chart, the ranked and overview views, chart exports, the
PowerPoint deck and the PDF deck all take their colours and line styles from
here, so the 3.5% line is the same vermillion on the screen and on every
slide, and an estimate is dotted with a hollow marker wherever it appears.

Colours are hex strings and dashes are plain names ("solid", "dash", "dot",
"dashdot"), so this module imports nothing: ``ui`` turns them into Qt pens and
``export`` into PowerPoint line formats.

The colours are Okabe and Ito's colour-blind safe set (plus Paul Tol's indigo
for a sixth ally). tests/unit/test_palette.py simulates deuteranopia and
protanopia and checks that every pair stays apart; colour is never the only
cue anyway (allies also differ by marker shape, targets are labelled).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ALLY_COLOURS",
    "ALLY_SYMBOLS",
    "BACKGROUND",
    "GRID",
    "LineStyle",
    "MARKING",
    "MUTED",
    "STANCE_STYLES",
    "STATUS_STYLES",
    "TARGET_STYLES",
    "TEXT",
    "ally_colour",
    "target_style",
]

# Allies in the order they join a chart: the ally a slide or chart is about is
# always the first colour.
ALLY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#332288")
# Marker shapes, the second cue beside colour (pyqtgraph's names; the PPTX and
# PDF renderers map them to their own).
ALLY_SYMBOLS = ("o", "s", "t", "d", "h", "star")

TEXT = "#222222"
MUTED = "#555555"
GRID = "#D9D9D9"
BACKGROUND = "#FFFFFF"
MARKING = "#8B0000"  # the handling marking, header and footer


@dataclass(frozen=True)
class LineStyle:
    """A line as every renderer draws it."""

    colour: str
    dash: str  # "solid", "dash", "dot" or "dashdot"
    width: float  # in points at slide scale; screens use it as pixels
    label: str = ""


# The target lines, by target id (data/targets.csv). Dashed, each its own colour.
TARGET_STYLES = {
    "WALES_2PCT": LineStyle("#000000", "dash", 1.25, "2% guideline"),
    "HAGUE_CORE": LineStyle("#D55E00", "dash", 2.0, "3.5% core"),
    "HAGUE_TOTAL": LineStyle("#882255", "dash", 2.0, "5% total"),
    "EQUIPMENT_20PCT": LineStyle("#661100", "dash", 2.0, "20% equipment"),  # on equipment-share charts
}
_TARGET_BY_LEVEL = {2.0: "WALES_2PCT", 3.5: "HAGUE_CORE", 5.0: "HAGUE_TOTAL", 20.0: "EQUIPMENT_20PCT"}


@dataclass(frozen=True)
class StatusStyle:
    """How a kind of figure is drawn: its dash and whether its marker is filled."""

    dash: str
    filled_marker: bool
    marker: bool = True
    half_tone: bool = False  # plan markers are a lighter fill of the ally's colour


# Keyed by ``Status.value``; the same everywhere (ARCHITECTURE: actual solid,
# estimate dotted, plan dashed, scenario dash-dot).
STATUS_STYLES = {
    "actual": StatusStyle("solid", filled_marker=True),
    "estimate": StatusStyle("dot", filled_marker=False),
    "plan": StatusStyle("dash", filled_marker=True, half_tone=True),
    "scenario": StatusStyle("dashdot", filled_marker=False, marker=False),
}


@dataclass(frozen=True)
class StanceStyle:
    """A stance badge: its fill and the text colour readable on it."""

    fill: str
    text: str


# Keyed by ``analysis.stance.StanceBadge.kind``. Exempt (Iceland: no armed
# forces) is a neutral grey, never the opposing red; undeclared a lighter grey.
STANCE_STYLES = {
    "supports": StanceStyle("#2E7D32", "#FFFFFF"),
    "reservations": StanceStyle("#E0A100", "#222222"),
    "opposes": StanceStyle("#C62828", "#FFFFFF"),
    "exempt": StanceStyle("#6B6B6B", "#FFFFFF"),
    "undeclared": StanceStyle("#BDBDBD", "#222222"),
    "none": StanceStyle("#BDBDBD", "#222222"),
}


def ally_colour(index: int) -> str:
    """The colour of the ``index``-th ally on a chart (0 is the chart's own ally)."""
    return ALLY_COLOURS[index % len(ALLY_COLOURS)]


def target_style(target_id: str = "", level: float | None = None) -> LineStyle:
    """The style of a target line, by id or, failing that, by its level (2, 3.5, 5).

    An unknown target is drawn in the muted text colour, dashed.
    """
    if target_id in TARGET_STYLES:
        return TARGET_STYLES[target_id]
    if level is not None and level in _TARGET_BY_LEVEL:
        return TARGET_STYLES[_TARGET_BY_LEVEL[level]]
    return LineStyle(MUTED, "dash", 1.25, f"{level:g}%" if level is not None else "")
