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
    "DARK",
    "GRID",
    "LIGHT",
    "MARKING",
    "MUTED",
    "STANCE_STYLES",
    "STATUS_STYLES",
    "TARGET_STYLES",
    "TEXT",
    "THEMES",
    "LineStyle",
    "Theme",
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


# Themes ---------------------------------------------------------------------
#
# The window follows a light or a dark theme; paper (exports, PPTX, PDF) is
# always LIGHT: the module-level names above are its values. A view never
# spells a colour: it asks ``ui.theme`` for a role of the current theme.


@dataclass(frozen=True)
class Theme:
    """Every colour the window uses, by role, for one theme."""

    name: str
    # the window (Qt palette and stylesheet)
    window: str  # the window's own background
    base: str  # lists, tables, text fields
    alternate_base: str
    button: str
    text: str
    muted: str  # captions, notes that step back
    accent: str  # section titles
    border: str
    grid_line: str  # table grid and list separators
    selection: str
    selection_text: str
    list_selected: str  # a selected quote row: a quiet fill
    list_selected_text: str
    link: str
    gap_note: str  # what a chart or table cannot show
    error: str  # a refused edit in a dialog
    marking: str  # the handling marking in presenter mode (paper: MARKING)
    edited: str  # a figure edited on this desk
    read_only_fill: str
    read_only_text: str
    tooltip_base: str
    tooltip_text: str
    # charts
    chart_background: str
    chart_foreground: str  # axes, tick labels, titles
    chart_muted: str  # captions, review markers, neutral series
    chart_line: str  # frames, legend border, crosshair
    chart_panel: str  # a caption's or legend's fill, drawn over the plot
    chart_faint: str  # empty cells, faint rules
    bar: str  # the ranked view's bars
    bar_border: str
    bar_selected_border: str
    revision_band: str  # a revised year's band (editions compare)
    allies: tuple[str, ...]
    targets: dict[str, str]  # target id -> colour; the dash and width stay LineStyle's


LIGHT = Theme(
    name="light",
    window="#EFEFEF", base="#FFFFFF", alternate_base="#F6F7F8", button="#E8E8E8",
    text=TEXT, muted=MUTED, accent="#1F3B5C", border="#D0D4DA", grid_line="#E3E6EA",
    selection="#1F5FA8", selection_text="#FFFFFF", list_selected="#DCE8F6", list_selected_text="#111111",
    link="#0B57A4", gap_note="#7A4A00", error="#A40000", marking=MARKING, edited="#8A4B00",
    read_only_fill="#AA3333", read_only_text="#FFFFFF", tooltip_base="#FFFFDC", tooltip_text="#111111",
    chart_background=BACKGROUND, chart_foreground=TEXT, chart_muted=MUTED, chart_line="#BBBBBB",
    chart_panel="#FFFFFF", chart_faint="#E6E6E6",
    bar="#8FB3D9", bar_border="#6F93B9", bar_selected_border="#1F3B5C", revision_band="#FBE3D0",
    allies=ALLY_COLOURS,
    targets={k: s.colour for k, s in TARGET_STYLES.items()},
)

# Dark: the Okabe-Ito set keeps its middle colours; the dark blue is lifted to
# 4.6:1 on the plot, Tol's indigo (1.4:1 on dark) gives way to Okabe-Ito's
# yellow, and the black, wine and brown targets become light grey, rose and
# sand. Every chart colour stays 3:1 against the plot and apart from every
# other under deuteranopia and protanopia (tests/unit/test_palette.py).
DARK = Theme(
    name="dark",
    window="#232529", base="#1B1D20", alternate_base="#222428", button="#2E3136",
    text="#E6E6E6", muted="#A9AEB5", accent="#9CC3EE", border="#44484F", grid_line="#34383E",
    selection="#2F6DB5", selection_text="#FFFFFF", list_selected="#27415F", list_selected_text="#F2F2F2",
    link="#8CC4FF", gap_note="#F2C074", error="#FF8A80", marking="#FF8A80", edited="#F2C074",
    read_only_fill="#B23A3A", read_only_text="#FFFFFF", tooltip_base="#2E3136", tooltip_text="#EEEEEE",
    chart_background="#1B1D20", chart_foreground="#DDDDDD", chart_muted="#A9AEB5", chart_line="#5A5F66",
    chart_panel="#26292D", chart_faint="#3A3E44",
    bar="#3D6A99", bar_border="#5B88B8", bar_selected_border="#CFE3F7", revision_band="#4A3020",
    allies=("#2F8AD0", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442"),
    targets={"WALES_2PCT": "#EEEEEE", "HAGUE_CORE": "#F07030", "HAGUE_TOTAL": "#FF4F70",
             "EQUIPMENT_20PCT": "#E8D5B0"},
)

THEMES = {t.name: t for t in (LIGHT, DARK)}
