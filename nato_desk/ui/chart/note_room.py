"""The room the note under the trajectory chart keeps, whichever ally is selected.

The note ("Iceland: … no NATO defence-expenditure series …", "Poland: already
at or above 3.5% …") has no line for most allies, one for some and two once
wrapped for Iceland. Sized to its text, the label grew and shrank on a switch
of ally, which resized the plot and moved the splitter between the chart and
the detail pane: the plot and the pane were laid out again on most switches
(issue 14, about 8 ms each). So the label keeps a least height: the tallest
note any single ally of the edition needs at the label's width (the notes of
every ally are worked out from the data, not guessed), and it stays shown
when empty. A note taller than that (several allies compared) makes the label
grow to fit it; nothing is clipped.

Heights are measured by a probe label made like the note (plain text, word
wrap, the same font and flags), so the room matches what the note's own
``heightForWidth`` will ask for.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from PySide6.QtWidgets import QLabel

from nato_desk.ui.plain_text import plain_label

__all__ = ["NoteRoom"]


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
            self._heights[width] = max((self._height(t, width) for t in self._texts), default=0)
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
