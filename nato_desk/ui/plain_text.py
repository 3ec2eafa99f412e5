"""Showing untrusted text (quotes, sources, imported names) as plain text.

Qt guesses whether a string is rich text (``Qt.AutoText``): a quote holding
``<img src=...>`` would be rendered, and could load a file. Every label that
shows user or imported text is built here, with ``Qt.PlainText``; tooltips,
which Qt always guesses for, are escaped.

Long texts (a note, a quote or a title may hold 100,000 characters) are cut
where they are only glanced at: a list or table cell shows one line of at
most ``LIST_CHARS`` characters ending in "…" (``elide``), a tooltip at most
``TOOLTIP_CHARS`` (``tooltip``). Qt lays out every character it is given, so
a whole text there froze the window for seconds. The whole text stays one
click away, in the detail pane's "Show full text…" (``ui.long_text``).

``WrapLabel`` (``plain_label(measure_once=True)``) is a wrapped plain label
whose measures (Qt's height for each width, its size hints) are kept per text,
font, margins and the rest they depend on, for every label showing that text:
for labels refilled on every switch of ally under a scroll area (issue 14).
Every label ``plain_label`` makes is a ``PlainLabel``, which can be made
selectable only while hovered (``hover_select``) without an event filter.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QAction, QEnterEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

__all__ = ["LIST_CHARS", "TOOLTIP_CHARS", "PlainLabel", "WrapLabel", "clip", "elide", "plain_label", "tooltip",
           "widget_shortcut"]

LIST_CHARS = 200
"""Most characters of one text a list or table cell shows."""
TOOLTIP_CHARS = 1_000
"""Most characters a tooltip shows (a line at most ``LIST_CHARS * 2``)."""
ELLIPSIS = "…"
_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
_NO_INTERACTION = Qt.TextInteractionFlag.NoTextInteraction


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut; lines kept."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def elide(text: str, limit: int = LIST_CHARS) -> str:
    """``text`` on one line (breaks as spaces) of at most ``limit`` characters, "…" when cut."""
    if len(text) <= limit and "\n" not in text and "\r" not in text:
        return text
    # Only the start is joined: a 100,000-character text costs what a short one does.
    shown = clip(" ".join(text[: limit * 4].split()), limit)
    if len(text) > limit * 4 and not shown.endswith(ELLIPSIS):
        shown += ELLIPSIS
    return shown


class _Measures:
    """What Qt measured for one text under one set of conditions (``WrapLabel._key``)."""

    __slots__ = ("fit_height", "fits_from", "heights", "least", "size")

    def __init__(self) -> None:
        self.size: QSize | None = None  # sizeHint
        self.least: QSize | None = None  # minimumSizeHint
        self.fits_from: int | None = None  # narrowest width at which no line wraps
        self.fit_height = 0
        self.heights: dict[int, int] = {}


class PlainLabel(QLabel):
    """The label ``plain_label`` makes; selectable only while hovered if ``hover_select``.

    ``hover_select.select_on_hover`` sets ``hover_select`` (see there): the label
    turns selectable as the pointer enters, before any press can reach it, and
    plain again as it leaves with nothing selected. Done in the label's own
    enter and leave handlers, only those two events reach Python: an event
    filter took every paint, move and resize of the label there too (issue 14).
    """

    hover_select = False

    def enterEvent(self, event: QEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.hover_select and self.textInteractionFlags() == _NO_INTERACTION:
            self.setTextInteractionFlags(_SELECTABLE)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if self.hover_select and not self.hasSelectedText():
            self.setTextInteractionFlags(_NO_INTERACTION)
        super().leaveEvent(event)


class WrapLabel(PlainLabel):
    """A word-wrapped plain label that measures a text once, for every label that shows it.

    ``QLabel.heightForWidth`` lays the whole text out on every call, and Qt asks
    often: each level of layouts around a label asks for its height (a grid
    for its height and least height), and asks again whenever a layout above
    it is marked stale. In the detail pane that was some 320 layouts of text
    per switch of ally (issue 14), 10 to 20 for each label at the same few
    widths. A new text costs QLabel five more layouts for its size hints.

    Here Qt's answers (height for a width, size hint, least size hint) are kept
    per text and per everything else they depend on (font, screen resolution,
    alignment, margins, least and largest size, interaction flags, layout
    direction: ``_key``), shared by all wrapped labels: coming back to an ally, or to a
    text another label showed, lays nothing out to measure it. A text whose
    lines fit unwrapped at a width needs the same height at every wider one,
    so it is laid out once for all of them. The answers are Qt's own, never
    estimated. A label Qt lays out otherwise (rich text, a frame, an indent, a
    least width, a buddy) or an empty one is measured by Qt at each call, as
    any QLabel.
    """

    KEPT = 4000  # texts remembered (a few window sizes of every ally's texts); then forgotten
    WIDTHS_KEPT = 48  # widths remembered per text; then forgotten
    _shared: ClassVar[dict[tuple[object, ...], _Measures]] = {}  # by ``_key``

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._measures: _Measures | None = None
        self._own = False  # measured by Qt at each call (see the class docstring)
        self._conditions: tuple[object, ...] | None = None  # the key but for the text

    def _forget(self, text_only: bool = False) -> None:
        self._measures = None
        self._own = False
        if not text_only:
            self._conditions = None

    def _key(self) -> tuple[object, ...] | None:
        """All QLabel's measures of a plain wrapped text depend on; ``None``: measured by Qt."""
        text = self.text()
        # An empty label's measures depend on how it was emptied (QLabel.clear or
        # setText("")): cheap, and left to Qt.
        if not text:
            return None
        conditions = self._conditions
        if conditions is None:
            # Read once until something but the text changes (each setter and change event
            # forgets them), not at every new text.
            # A buddy makes QLabel read "&" as a shortcut mark, which is not drawn.
            if (not self.wordWrap() or self.textFormat() != Qt.TextFormat.PlainText
                    or self.minimumWidth() > 0 or self.indent() > 0 or self.frameWidth() > 0
                    or self.buddy() is not None):
                conditions = ()
            else:
                margins = self.contentsMargins()
                conditions = (self.font().key(), self.logicalDpiY(), int(self.alignment()),
                              self.margin(), margins.left(), margins.top(), margins.right(),
                              margins.bottom(), self.minimumHeight(), self.maximumWidth(),
                              self.maximumHeight(), self.textInteractionFlags().value,
                              self.layoutDirection().value)
            self._conditions = conditions
        return (text, *conditions) if conditions else None

    def _measured(self) -> _Measures | None:
        measures = self._measures
        if measures is None and not self._own:
            self.ensurePolished()  # as QLabel does before measuring: a style may set the font
            key = self._key()
            if key is None:
                self._own = True
                return None
            shared = WrapLabel._shared
            measures = shared.get(key)
            if measures is None:
                if len(shared) >= self.KEPT:
                    shared.clear()
                measures = shared[key] = _Measures()
            self._measures = measures
        return measures

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        measures = self._measures or self._measured()
        if measures is None:
            return super().heightForWidth(width)
        fits_from = measures.fits_from
        if fits_from is None:
            fits_from = self._measure_fit(measures)
        if width >= fits_from:
            return measures.fit_height
        heights = measures.heights
        height = heights.get(width)
        if height is None:
            height = super().heightForWidth(width)
            if len(heights) >= self.WIDTHS_KEPT:
                heights.clear()
            heights[width] = height
        return height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        measures = self._measures or self._measured()
        if measures is None:
            return super().sizeHint()
        if measures.size is None:
            measures.size = super().sizeHint()
        return QSize(measures.size)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        measures = self._measures or self._measured()
        if measures is None:
            return super().minimumSizeHint()
        if measures.least is None:
            measures.least = super().minimumSizeHint()
        return QSize(measures.least)

    def _measure_fit(self, measures: _Measures) -> int:
        """The width from which the text's lines all fit unwrapped (the height there is kept).

        QLabel wraps the text to its width less its margins (``extra``); at the
        text's unwrapped width or more no line breaks, so the lines, and the
        height, are those at that width.
        """
        margins = self.contentsMargins()
        extra = 2 * self.margin() + margins.left() + margins.right()
        flags = int(self.alignment()) & ~int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter)
        text = self.text()
        unwrapped = QFontMetrics(self.font()).boundingRect(QRect(0, 0, 1 << 20, 1 << 20), flags, text)
        fits_from = unwrapped.width() + extra + 1  # a pixel to spare: never at the edge
        # QLabel's least height is its text's unwrapped height, measured once per text
        # anyway (the layouts ask for it): the height at every width from ``fits_from``.
        measures.fit_height = self.minimumSizeHint().height()
        measures.fits_from = fits_from
        return fits_from

    def setText(self, text: str) -> None:  # noqa: N802
        if text != self.text():
            self._forget(text_only=True)
        super().setText(text)

    def clear(self) -> None:
        self._forget(text_only=True)
        super().clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        # Font, style (a style sheet's padding), contents margins: anything may change the height.
        self._forget()
        super().changeEvent(event)


# QLabel setters after which a label's measures may be wrong. A selectable label lays its
# text out through Qt's text control, so it is measured apart; QLabel widens its text to
# its least width and grows to its least size; the rest change the text's lines.
_SETTERS_THAT_CHANGE_MEASURES = (
    "setWordWrap", "setMargin", "setIndent", "setTextFormat", "setAlignment", "setBuddy",
    "setTextInteractionFlags", "setMinimumWidth", "setMinimumHeight", "setMinimumSize",
    "setFixedWidth", "setFixedHeight", "setFixedSize", "setMaximumWidth", "setMaximumHeight",
    "setMaximumSize",
)


def _forgetting_first(name: str) -> Callable[..., None]:
    """QLabel's setter ``name`` for a ``WrapLabel``: its measures forgotten, then the setter."""

    def setter(self: WrapLabel, *args: Any) -> None:
        self._forget()
        getattr(super(WrapLabel, self), name)(*args)

    setter.__name__ = name
    setter.__qualname__ = f"WrapLabel.{name}"
    return setter


for _name in _SETTERS_THAT_CHANGE_MEASURES:
    setattr(WrapLabel, _name, _forgetting_first(_name))
del _name


def plain_label(
    text: str = "", parent: QWidget | None = None, *, wrap: bool = True, selectable: bool = True,
    measure_once: bool = False,
) -> QLabel:
    """A QLabel that never interprets its text as markup and never opens links.

    ``measure_once``: a wrapped label that measures its height for a width once per
    text (``WrapLabel``), for labels whose texts change often under a scroll area.
    """
    label = WrapLabel(parent) if wrap and measure_once else PlainLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setOpenExternalLinks(False)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def tooltip(text: str) -> str:
    """Tooltip markup that shows ``text`` literally, line breaks kept, long texts cut.

    Each line is cut at ``LIST_CHARS * 2`` characters and the whole at
    ``TOOLTIP_CHARS``, each cut marked "…".
    """
    if not text:
        return ""
    lines = [clip(line, LIST_CHARS * 2) for line in text[: TOOLTIP_CHARS * 2].split("\n")]
    shown = clip("\n".join(lines), TOOLTIP_CHARS)
    if len(text) > TOOLTIP_CHARS * 2 and not shown.endswith(ELLIPSIS):
        shown += ELLIPSIS
    return "<p style='white-space:pre-wrap'>" + html.escape(shown) + "</p>"


def widget_shortcut(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | str,
                    slot: Callable[[], object]) -> QAction:
    """A key that works while ``widget`` has focus (Enter to edit, Delete to remove)."""
    action = QAction(widget)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(lambda _=False: slot())
    widget.addAction(action)
    return action
