"""The one palette stays readable for colour-blind readers and on white.

Deuteranopia and protanopia are simulated with Machado, Oliveira and
Fernandes (2009) at full severity, in linear RGB; colours are compared in
CIELAB (CIE76). A pair closer than MIN_DELTA_E would read as one colour on a
projector; everything that can share a chart must stay apart.
"""

from __future__ import annotations

import itertools

import pytest

from nato_desk import palette

MIN_DELTA_E = 15.0

_SIMULATIONS = {
    "normal vision": None,
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
}


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(hex_colour: str, simulation: str) -> tuple[float, float, float]:
    """The colour as a reader with ``simulation`` sees it, in CIELAB."""
    h = hex_colour.lstrip("#")
    rgb = tuple(_linear(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    matrix = _SIMULATIONS[simulation]
    if matrix is not None:
        rgb = tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in matrix)
    return _lab(rgb)  # type: ignore[arg-type]


def delta_e(a: str, b: str, simulation: str) -> float:
    return sum((p - q) ** 2 for p, q in zip(seen(a, simulation), seen(b, simulation))) ** 0.5


CHART_COLOURS = {
    **{f"ally {i + 1}": c for i, c in enumerate(palette.ALLY_COLOURS)},
    **{f"target {k}": s.colour for k, s in palette.TARGET_STYLES.items()},
}


@pytest.mark.parametrize("simulation", list(_SIMULATIONS))
def test_every_pair_of_chart_colours_stays_apart(simulation):
    close = [(a, b, round(delta_e(ca, cb, simulation), 1))
             for (a, ca), (b, cb) in itertools.combinations(CHART_COLOURS.items(), 2)
             if delta_e(ca, cb, simulation) < MIN_DELTA_E]
    assert close == [], f"indistinct under {simulation}: {close}"


@pytest.mark.parametrize("simulation", list(_SIMULATIONS))
def test_lines_and_text_stand_out_from_the_white_slide(simulation):
    for name, colour in {**CHART_COLOURS, "text": palette.TEXT, "marking": palette.MARKING}.items():
        assert delta_e(colour, palette.BACKGROUND, simulation) > 30, name


def test_the_simulation_does_merge_red_and_green():
    # Guard against a simulation that changes nothing: pure red and a matching
    # green are far apart for normal vision and close for a deuteranope.
    assert delta_e("#D00000", "#6E6E00", "normal vision") > 40
    assert delta_e("#D00000", "#6E6E00", "deuteranopia") < 25


def test_targets_by_id_and_by_level_agree():
    assert palette.target_style("HAGUE_CORE") == palette.target_style(level=3.5)
    assert palette.target_style(level=5.0) == palette.TARGET_STYLES["HAGUE_TOTAL"]
    assert palette.target_style(level=20.0) == palette.TARGET_STYLES["EQUIPMENT_20PCT"]
    assert palette.target_style(level=7.0).colour == palette.MUTED


def test_each_status_has_its_own_line():
    dashes = [s.dash for s in palette.STATUS_STYLES.values()]
    assert len(set(dashes)) == len(dashes)
    assert palette.STATUS_STYLES["estimate"].filled_marker is False


# Themes (issue 13, item 5): the window's dark theme keeps every promise paper makes.

def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    def luminance(hex_colour: str) -> float:
        h = hex_colour.lstrip("#")
        r, g, b = (_linear(int(h[i:i + 2], 16)) for i in (0, 2, 4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _theme_chart_colours(theme: palette.Theme) -> dict[str, str]:
    return {**{f"ally {i + 1}": c for i, c in enumerate(theme.allies)},
            **{f"target {k}": c for k, c in theme.targets.items()}}


@pytest.mark.parametrize("theme", list(palette.THEMES.values()), ids=list(palette.THEMES))
@pytest.mark.parametrize("simulation", list(_SIMULATIONS))
def test_every_theme_keeps_its_chart_colours_apart(theme, simulation):
    # Every ally a chart can show (six) and every target line, pairwise.
    colours = _theme_chart_colours(theme)
    assert len(theme.allies) == len(palette.ALLY_COLOURS) and set(theme.targets) == set(palette.TARGET_STYLES)
    close = [(a, b, round(delta_e(ca, cb, simulation), 1))
             for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2)
             if delta_e(ca, cb, simulation) < MIN_DELTA_E]
    assert close == [], f"{theme.name}: indistinct under {simulation}: {close}"


def test_dark_chart_lines_have_3_to_1_against_the_plot():
    # WCAG 2.1 non-text contrast. Tol's indigo (1.4:1) and the black 2% line
    # (1.2:1) failed on the dark plot before the dark theme had its own. (On
    # white paper Okabe-Ito's orange and sky blue stay at 2.3:1: kept for the
    # decks already briefed; their markers are outlined darker and every line
    # is named at its end; test_lines_and_text_stand_out_from_the_white_slide.)
    theme = palette.DARK
    weak = {name: round(_contrast(c, theme.chart_background), 2)
            for name, c in {**_theme_chart_colours(theme), "axes": theme.chart_foreground,
                            "captions": theme.chart_muted}.items()
            if _contrast(c, theme.chart_background) < 3.0}
    assert weak == {}


@pytest.mark.parametrize("theme", list(palette.THEMES.values()), ids=list(palette.THEMES))
def test_window_text_has_4_5_to_1_on_its_background(theme):
    # Section titles, gap notes, captions: the ones that vanished under a dark palette.
    pairs = {f"{role} on {ground}": (getattr(theme, role), getattr(theme, ground))
             for role in ("text", "muted", "accent", "gap_note", "error", "marking", "edited", "link")
             for ground in ("window", "base", "alternate_base")}
    pairs |= {"selected text": (theme.selection_text, theme.selection),
              "selected row": (theme.list_selected_text, theme.list_selected),
              "read-only badge": (theme.read_only_text, theme.read_only_fill),
              "tooltip": (theme.tooltip_text, theme.tooltip_base),
              "chart text": (theme.chart_foreground, theme.chart_background),
              "chart text on a caption": (theme.chart_foreground, theme.chart_panel)}
    weak = {name: round(_contrast(fg, bg), 2) for name, (fg, bg) in pairs.items() if _contrast(fg, bg) < 4.5}
    assert weak == {}, theme.name


def test_paper_is_the_light_theme():
    # Exports, PPTX and PDF use the module's names: they must be the light theme's.
    assert (palette.LIGHT.text, palette.LIGHT.muted, palette.LIGHT.chart_background) == (
        palette.TEXT, palette.MUTED, palette.BACKGROUND)
    assert palette.LIGHT.allies == palette.ALLY_COLOURS
    assert palette.LIGHT.targets == {k: s.colour for k, s in palette.TARGET_STYLES.items()}
