"""The one palette (``nato_desk.palette``) in Qt terms: colours, pen styles, pens.

``palette`` holds hex strings and dash names so the pure layers and the PPTX
renderer can use it without Qt; the window's views turn them into Qt objects
here and nowhere else, so views never spell a colour themselves.

Themes (issue 13, item 5): the window shows ``palette.LIGHT`` or
``palette.DARK`` (``current()``); ``ally_qcolor``, ``target_pen`` and
``colour(role)`` answer for the current theme, so whatever a view builds
after a switch has the theme's colours. What a chart already holds (pens,
brushes and text in its pyqtgraph scene) is swapped colour for colour by
``remap_scene``; an export paints the scene ``on_paper`` (the light palette)
and puts the window's colours back, so exports are the same in both themes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import fields, replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette, QPen
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsScene

from nato_desk.palette import (
    LIGHT,
    STATUS_STYLES,
    TARGET_STYLES,
    LineStyle,
    StatusStyle,
    Theme,
    target_style,
)

__all__ = ["ally_hex", "ally_qcolor", "colour", "colour_map", "current", "line_pen", "on_paper", "pen_style",
           "qcolor", "qt_palette", "remap_scene", "set_current", "status_pen_style", "target_pen"]

_current: Theme = LIGHT


def current() -> Theme:
    """The theme the window shows (LIGHT until ``set_current``)."""
    return _current


def set_current(theme: Theme) -> None:
    """Make ``theme`` the one new pens and colours come from (see ``ui.theme_switch``)."""
    global _current
    _current = theme

_DASHES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
    "dashdot": Qt.PenStyle.DashDotLine,
}


def pen_style(dash: str) -> Qt.PenStyle:
    """A palette dash name ("solid", "dash", "dot", "dashdot") as a Qt pen style.

    Raises:
        KeyError: ``dash`` is not one of the palette's names.
    """
    return _DASHES[dash]


def qcolor(hex_colour: str) -> QColor:
    """A palette colour ("#RRGGBB") as a QColor."""
    colour = QColor(hex_colour)
    if not colour.isValid():
        raise ValueError(f"not a colour: {hex_colour!r}")
    return colour


def colour(role: str) -> QColor:
    """A role of the current theme ("text", "muted", "chart_background", ...) as a QColor."""
    value = getattr(_current, role)
    assert isinstance(value, str), role
    return qcolor(value)


def ally_hex(index: int) -> str:
    """The ``index``-th ally's colour in the current theme, as "#RRGGBB"."""
    allies = _current.allies
    return allies[index % len(allies)]


def ally_qcolor(index: int) -> QColor:
    """The ``index``-th ally's colour on a chart (0 is the chart's own ally), current theme."""
    return qcolor(ally_hex(index))


def status_pen_style(status: str) -> Qt.PenStyle:
    """How a kind of figure ("actual", "estimate", "plan", "scenario") is dashed."""
    style: StatusStyle = STATUS_STYLES[status]
    return pen_style(style.dash)


def line_pen(style: LineStyle, width: float | None = None) -> QPen:
    """A cosmetic pen for a palette line (pyqtgraph's kind: width in screen pixels)."""
    pen: QPen = pg.mkPen(qcolor(style.colour), width=style.width if width is None else width,
                         style=pen_style(style.dash))
    return pen


def target_pen(target_id: str = "", level: float | None = None, width: float | None = None) -> QPen:
    """The pen of a target line, by target id or level (see ``palette.target_style``), current theme."""
    return line_pen(_themed(target_style(target_id, level)), width)


def _themed(style: LineStyle) -> LineStyle:
    for tid, paper in TARGET_STYLES.items():
        if paper == style and tid in _current.targets:
            return replace(style, colour=_current.targets[tid])
    if style.colour == LIGHT.muted:
        return replace(style, colour=_current.chart_muted)
    return style


# the window's Qt palette --------------------------------------------------------

def qt_palette(theme: Theme) -> QPalette:
    """The Qt palette of ``theme`` (Fusion draws every widget from it)."""
    pal = QPalette()
    role = QPalette.ColorRole
    for r, value in ((role.Window, theme.window), (role.WindowText, theme.text), (role.Base, theme.base),
                     (role.AlternateBase, theme.alternate_base), (role.ToolTipBase, theme.tooltip_base),
                     (role.ToolTipText, theme.tooltip_text), (role.PlaceholderText, theme.muted),
                     (role.Text, theme.text), (role.Button, theme.button), (role.ButtonText, theme.text),
                     (role.BrightText, theme.error), (role.Highlight, theme.selection),
                     (role.HighlightedText, theme.selection_text), (role.Link, theme.link),
                     (role.LinkVisited, theme.link)):
        pal.setColor(r, qcolor(value))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        pal.setColor(disabled, r, qcolor(theme.muted))
    # Fusion shades frames and bevels from these.
    pal.setColor(role.Light, qcolor(theme.button).lighter(130))
    pal.setColor(role.Midlight, qcolor(theme.button).lighter(115))
    pal.setColor(role.Mid, qcolor(theme.border))
    pal.setColor(role.Dark, qcolor(theme.border).darker(130))
    pal.setColor(role.Shadow, QColor(0, 0, 0))
    return pal


# a chart's scene, recoloured ---------------------------------------------------

_CHART_ROLES = ("chart_background", "chart_foreground", "chart_muted", "chart_line", "chart_panel",
                "chart_faint", "bar", "bar_border", "bar_selected_border", "revision_band")


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def _contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(colour: QColor, background: QColor, ratio: float = 4.5) -> QColor:
    """``colour`` darkened (on a light background) or lightened (on a dark one)
    until its text has WCAG contrast ``ratio`` against ``background``: the
    palette's orange and sky blue are for lines, too faint for words."""
    result = QColor(colour)
    darken = _luminance(background) > 0.5
    for _ in range(40):
        if _contrast(result, background) >= ratio:
            break
        lightness = result.lightnessF()
        lightness = max(0.0, lightness - 0.03) if darken else min(1.0, lightness + 0.03)
        result = QColor.fromHslF(max(result.hslHueF(), 0.0), result.hslSaturationF(), lightness, result.alphaF())
    return result


def colour_map(old: Theme, new: Theme) -> dict[int, QColor]:
    """Each chart colour of ``old`` (as 0xRRGGBB) to the same role's colour in ``new``.

    The first role wins where ``old`` uses one colour for two (the plot and the
    legend fill are both white on paper). Unchanged colours are left out.
    """
    pairs: list[tuple[str, str]] = [(getattr(old, r), getattr(new, r)) for r in _CHART_ROLES]
    pairs += list(zip(old.allies, new.allies))
    pairs += [(old.targets[t], new.targets[t]) for t in old.targets if t in new.targets]
    mapping: dict[int, QColor] = {}
    for a, b in pairs:
        key = qcolor(a).rgb() & 0xFFFFFF
        if key not in mapping and a.lower() != b.lower():
            mapping[key] = qcolor(b)
    return mapping


def _mapped_colour(value: QColor, mapping: dict[int, QColor]) -> QColor | None:
    new = mapping.get(value.rgb() & 0xFFFFFF)
    if new is None:
        return None
    result = QColor(new)
    result.setAlpha(value.alpha())
    return result


def _mapped(value: Any, mapping: dict[int, QColor]) -> Any:
    """``value`` (a pen, brush, colour or list of them) recoloured; None if nothing changes."""
    if isinstance(value, QPen):
        c = _mapped_colour(value.color(), mapping)
        if c is None:
            return None
        pen = QPen(value)
        pen.setColor(c)
        return pen
    if isinstance(value, QBrush):
        if value.style() == Qt.BrushStyle.NoBrush:
            return None
        c = _mapped_colour(value.color(), mapping)
        if c is None:
            return None
        brush = QBrush(value)
        brush.setColor(c)
        return brush
    if isinstance(value, QColor):
        return _mapped_colour(value, mapping)
    if isinstance(value, str) and value.startswith("#"):
        c = _mapped_colour(QColor(value), mapping) if QColor(value).isValid() else None
        return c.name() if c is not None else None
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, (QPen, QBrush, QColor)) for v in value):
        changed = [_mapped(v, mapping) for v in value]
        if all(v is None for v in changed):
            return None
        return type(value)(c if c is not None else v for c, v in zip(changed, value))
    return None


def remap_scene(scene: QGraphicsScene, mapping: dict[int, QColor]) -> None:
    """Recolour every pen, brush and text colour in ``scene`` by ``mapping``, and redraw."""
    if not mapping:
        return
    views = scene.views()
    shown = views[0].backgroundBrush().color() if views else None
    background = (_mapped_colour(shown, mapping) or shown) if shown is not None else None
    for it in scene.items():
        for name, value in list(vars(it).items()):
            new = _mapped(value, mapping)
            if new is not None:
                setattr(it, name, new)
        opts = getattr(it, "opts", None)
        if isinstance(opts, dict):
            for key, value in list(opts.items()):
                new = _mapped(value, mapping)
                if new is not None:
                    opts[key] = new
        data = getattr(it, "data", None)
        if isinstance(it, pg.ScatterPlotItem) and isinstance(data, np.ndarray):
            for column in ("pen", "brush"):
                if column in (data.dtype.names or ()):
                    for i, value in enumerate(data[column]):
                        new = _mapped(value, mapping)
                        if new is not None:
                            data[column][i] = new
            it.invalidate()
        series = getattr(it, "series_colour", None)
        if isinstance(it, pg.TextItem) and isinstance(series, QColor) and background is not None:
            # Text in a series' colour (a line-end name) is that colour made readable
            # on the new background: its own colour is no palette colour to map.
            it.color = readable_on(series, background)
        if isinstance(it, QGraphicsLineItem):  # a plain Qt item: its pen is not a Python attribute
            pen = _mapped(it.pen(), mapping)
            if pen is not None:
                it.setPen(pen)
        _redraw(it, mapping)
    for view in scene.views():
        brush = view.backgroundBrush()
        new = _mapped(brush, mapping)
        if new is not None and isinstance(view, pg.GraphicsView):
            view.setBackground(new.color())


def _redraw(it: Any, mapping: dict[int, QColor]) -> None:
    """Make an item draw again from its (recoloured) pens: many cache what they drew."""
    if isinstance(it, pg.TextItem):
        it.setColor(it.color)
        if isinstance(getattr(it, "fill", None), QBrush):
            it.fill = QBrush(it.fill)
    elif isinstance(it, pg.LabelItem):
        it.setText(it.text)
    elif isinstance(it, pg.AxisItem):
        # Its pens are recoloured in place (setPen would also overwrite the
        # label's own colour); the label is HTML with the colour in its style.
        label_colour = it.labelStyle.get("color")
        new = _mapped(label_colour, mapping) if isinstance(label_colour, str) else None
        if new is not None:
            it.labelStyle["color"] = new
        it._updateLabel()
    elif isinstance(it, pg.PlotDataItem):
        it.updateItems(styleUpdate=True)
    if hasattr(it, "picture") and not callable(it.picture):
        it.picture = None
    it.update()


@contextlib.contextmanager
def on_paper(scene: QGraphicsScene) -> Iterator[None]:
    """Paint ``scene`` in the paper (light) palette, then give it the window's colours back."""
    shown = _current
    if shown == LIGHT:
        yield
        return
    # pyqtgraph's defaults first: text without a colour of its own (legend
    # labels, axes) takes the default foreground when it is drawn again.
    _pg_defaults(LIGHT)
    remap_scene(scene, colour_map(shown, LIGHT))
    try:
        yield
    finally:
        _pg_defaults(shown)
        remap_scene(scene, colour_map(LIGHT, shown))


def _pg_defaults(theme: Theme) -> None:
    pg.setConfigOptions(background=theme.chart_background, foreground=theme.chart_foreground)


def theme_fields() -> list[str]:
    """The names of a theme's colour roles (for tests and the stylesheet)."""
    return [f.name for f in fields(Theme) if f.type in ("str", str) and f.name != "name"]
