"""The briefing deck as a description both renderers draw: slides of placed boxes.

A ``Deck`` is a list of ``Slide``s; a slide is text boxes, one chart and a few
lines, each already placed (points on a 960 x 540 pt, 16:9 slide), sized to
its text and coloured from ``nato_desk.palette``. ``export.deck`` writes it as
PowerPoint and ``ui.deck_pdf`` paints it into a PDF, so the two files cannot
say different things or lay them out differently: nothing about a slide's
content, wording or place is decided in a renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nato_desk import palette

__all__ = [
    "SLIDE_H",
    "SLIDE_W",
    "Bar",
    "ChartBox",
    "ChartSeries",
    "Deck",
    "Paragraph",
    "RankedChart",
    "Rule",
    "Run",
    "Slide",
    "TargetLevel",
    "TextBox",
    "TrajectoryChart",
]

SLIDE_W = 960.0  # 13.333 in
SLIDE_H = 540.0  # 7.5 in


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str = palette.TEXT


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    size: float  # points
    align: str = "left"  # "left" or "center"
    space_before: float = 0.0  # points

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def bold(self) -> bool:
        """Whether the paragraph is measured as bold (any bold run widens it)."""
        return any(r.bold for r in self.runs)


@dataclass(frozen=True)
class TextBox:
    """Text placed on a slide; ``name`` is the shape's name in PowerPoint."""

    name: str
    x: float
    y: float
    w: float
    h: float
    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class ChartSeries:
    """One line of a trajectory chart; ``values`` line up with the chart's years.

    ``labels`` (same length, ``None`` for no label) are data labels written at
    the figure's published precision.
    """

    name: str
    values: tuple[float | None, ...]
    colour: str
    dash: str  # palette dash name
    width: float  # points
    marker: str = ""  # palette symbol name ("o", "s", ...), "" for none
    filled: bool = True
    labels: tuple[str | None, ...] = ()
    number_format: str = "0.00"
    no_marker_at: tuple[int, ...] = ()  # points drawn by another series' marker (a joining point)
    label_position: str = "above"  # "above", "below" or "right" of its point: clear of the target lines


@dataclass(frozen=True)
class TrajectoryChart:
    """An ally's line from the edition's first year to 2035, with the targets."""

    years: tuple[int, ...]
    series: tuple[ChartSeries, ...]
    y_max: float
    y_title: str
    label_every: int = 3  # a year label every n years (2014, 2017, ... 2035)
    y_step: float = 1.0  # between gridlines: 1% for shares of GDP, wider for other measures
    y_unit: str = "%"  # tick labels: "%" for shares, "" for plain numbers with thousands separators


@dataclass(frozen=True)
class Bar:
    name: str
    value: float
    label: str  # the category label: name and figure at published precision
    highlighted: bool = False


@dataclass(frozen=True)
class TargetLevel:
    value: float
    label: str
    style: palette.LineStyle


@dataclass(frozen=True)
class RankedChart:
    """Bars highest first, with target levels drawn over them.

    The plot area is fixed inside the chart box (``plot`` as fractions x, y,
    w, h) so the target lines, drawn as lines over the bars, land on their
    values in every renderer.
    """

    year: int
    bars: tuple[Bar, ...]
    x_max: float
    levels: tuple[TargetLevel, ...]
    x_step: float = 1.0  # between gridlines (see TrajectoryChart.y_step)
    x_unit: str = "%"  # tick labels (see TrajectoryChart.y_unit)
    measure_words: str = "% of GDP"  # what the bars measure, for the chart's data series name
    plot: tuple[float, float, float, float] = (0.30, 0.01, 0.66, 0.93)
    bar_colour: str = "#8FB3D9"
    highlight_colour: str = palette.ALLY_COLOURS[0]


@dataclass(frozen=True)
class ChartBox:
    name: str
    x: float
    y: float
    w: float
    h: float
    chart: TrajectoryChart | RankedChart


@dataclass(frozen=True)
class Rule:
    """A straight line over a chart (a target level on the ranked bars)."""

    name: str
    x1: float
    y1: float
    x2: float
    y2: float
    style: palette.LineStyle


@dataclass(frozen=True)
class Slide:
    kind: str  # "title", "overview", "ally", "sources"
    title: str  # the slide's headline, also its name in outlines
    boxes: tuple[TextBox | ChartBox | Rule, ...]
    notes: str = ""

    def text_boxes(self) -> list[TextBox]:
        return [b for b in self.boxes if isinstance(b, TextBox)]

    def box(self, name: str) -> TextBox | ChartBox | Rule:
        """The box called ``name`` (tests and renderers look boxes up by name)."""
        for b in self.boxes:
            if b.name == name:
                return b
        raise KeyError(name)


@dataclass(frozen=True)
class Deck:
    title: str
    subject: str
    author: str
    marking: str
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    keywords: str = ""
