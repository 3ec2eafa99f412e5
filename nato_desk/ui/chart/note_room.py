"""The room the note under the trajectory chart keeps, whichever ally is selected.

The note ("Iceland: … no NATO defence-expenditure series …", "Poland: already
at or above 3.5% …") has no line for most allies, one for some and two once
wrapped for Iceland. Sized to its text, the label grew and shrank on a switch
of ally, which resized the plot and moved the splitter between the chart and
the detail pane: the plot and the pane were laid out again on most switches
(issue 14, about 8 ms each). So the label keeps a least height: the tallest
note any single ally of the edition needs at the label's width (the notes of
every ally are worked out from the data, not guessed), up to ``HELD_LINES``
lines, and it stays shown when empty. A note taller than that (several allies
compared; Iceland's in a window narrower than 1024 px) makes the label grow
to fit it; nothing is clipped. The room comes off the window's least height,
hence the cap (issue 13: 640 px high at 760 px wide).

Heights are measured by a probe label made like the note (plain text, word
wrap, the same font and flags), so the room matches what the note's own
``heightForWidth`` will ask for.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from PySide6.QtWidgets import QLabel

from nato_desk.ui.plain_text import plain_label

__all__ = ["HELD_LINES", "WIDE", "NoteRoom"]

HELD_LINES = 2
"""The most lines the note keeps room for when empty, in a chart at least ``WIDE`` px wide:
Iceland's note, the longest of one ally's, is two lines there (1024x700 and larger windows)."""
WIDE = 720
"""Below this chart width one line is held: the chart options wrap onto more rows there,
and a second held line would lift the window's least height past 640 px (issue 13's
760x640 window; the chart is then 624 px wide). Iceland's note grows to its lines when it
is shown; the note's height is always at least its text's, never cut."""


class NoteRoom:
    """Keeps ``label``'s least height at the tallest of the candidate notes.

    ``candidates`` is asked for every note one ally could get (called again only
    when ``key`` changes: another edition, measure, scenario or save)."""

    def __init__(self, label: QLabel) -> None:
        self._label = label
        self._probe = plain_label()  # never shown: measures wrapped heights like the note
        self._probe.setObjectName("gapNoteProbe")
        self._key: Hashable = None
        self._texts: tuple[str, ...] = ()
        self._heights: dict[int, int] = {}  # label width -> tallest candidate's height

    def _height(self, text: str, width: int) -> int:
        if not text:
            return 0
        if self._probe.text() != text:
            self._probe.setText(text)
        return self._probe.heightForWidth(width)

    def floor(self, key: Hashable, candidates: Callable[[], Sequence[str]], width: int) -> int:
        """The least height for notes of one ally at ``width`` (0: no ally needs a note)."""
        if key != self._key:
            self._key = key
            self._texts = tuple(dict.fromkeys(t for t in candidates() if t))
            self._heights.clear()
        if width not in self._heights:
            if self._probe.font() != self._label.font():
                self._probe.setFont(self._label.font())
            if len(self._heights) > 64:  # bounded: a window dragged wider and narrower
                self._heights.clear()
            tallest = max((self._height(t, width) for t in self._texts), default=0)
            # The room comes off the window's least height, which must stay within 640 px
            # at 760 px wide (issue 13): a note taller than the lines held (Iceland's in a
            # narrow window) gets one line held, and grows when it is shown.
            lines = HELD_LINES if width >= WIDE else 1
            held = self._height("\n".join("x" * lines), width)
            self._heights[width] = tallest if tallest <= held else min(tallest, self._height("x", width))
        return self._heights[width]

    def fit(self, key: Hashable, candidates: Callable[[], Sequence[str]], width: int | None) -> None:
        """Give the label the room of the tallest single-ally note at ``width``, or its own
        text's if taller. ``None``: no width known yet (never shown): no least height of its
        own (its text's wrapped height, as any label), shown if it has text."""
        if width is None:
            if self._label.minimumHeight() != 0:
                self._label.setMinimumHeight(0)
            if self._label.isHidden() == bool(self._label.text()):
                self._label.setVisible(bool(self._label.text()))
            return
        width = max(width, 1)
        least = max(self.floor(key, candidates, width), self._height(self._label.text(), width))
        if least != self._label.minimumHeight():
            self._label.setMinimumHeight(least)
        # Shown even when empty, so a switch from an ally without a note to one with
        # a note changes neither the chart's layout nor the splitter.
        shown = least > 0
        if self._label.isHidden() == shown:
            self._label.setVisible(shown)

    def forget(self) -> None:
        """The font changed (theme or style): measure again."""
        self._heights.clear()
