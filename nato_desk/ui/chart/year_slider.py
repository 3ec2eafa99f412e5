"""A year slider that steps or plays through the years an edition covers.

Used by the ranked and overview views (issue 13): a briefer shows change over
time by dragging, stepping (the ‹ › buttons, or Left/Right, Home/End and
Page Up/Down on the slider) or playing (one year about every 0.8 s, stopping
at the last year; Space on the slider toggles play). The year is also shown
as text beside the slider, so it reads without the handle.

The widget holds only the year; what a year means is the view's business.

Signals:
    year_changed(int): the year shown changed (drag, step, play or ``set_year``).
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from nato_desk.ui.plain_text import plain_label

__all__ = ["PLAY_INTERVAL_MS", "YearSlider"]

PLAY_INTERVAL_MS = 800  # one year per 0.8 s: long enough to read a ranking, short enough to see a trend


class _Slider(QSlider):
    """A horizontal slider on which Space toggles play (QSlider ignores Space)."""

    space_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            event.accept()
            self.space_pressed.emit()
            return
        super().keyPressEvent(event)


class YearSlider(QWidget):
    year_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style = self.style()
        self._first, self._last = 0, -1  # no years until the view sets them
        self.slider = _Slider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Year")
        self.slider.setToolTip("Year shown: drag, or Left/Right, Home/End; Space plays")
        self.slider.setPageStep(5)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setTickInterval(1)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.space_pressed.connect(self.toggle_play)

        self.play_button = QToolButton()
        self.play_button.setAccessibleName("Play through the years")
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.clicked.connect(self.toggle_play)
        self.back_button = QToolButton()
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.back_button.setAccessibleName("Previous year")
        self.back_button.setToolTip("Previous year")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton()
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.next_button.setAccessibleName("Next year")
        self.next_button.setToolTip("Next year")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.year_label = plain_label(wrap=False, selectable=False)
        self.year_label.setAccessibleName("Year shown")
        # Wide enough for "2035" in bold so the slider does not jump as the text changes.
        font = self.year_label.font()
        font.setBold(True)
        self.year_label.setFont(font)
        self.year_label.setMinimumWidth(self.year_label.fontMetrics().horizontalAdvance("20350") + 4)

        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.play_button)
        layout.addWidget(self.back_button)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.next_button)
        layout.addWidget(self.year_label)
        self.set_years(0, -1)
        self._show_playing()

    # public API ---------------------------------------------------------

    @property
    def year(self) -> int | None:
        """The year shown; None when there are no years."""
        return self.slider.value() if self.first <= self.last else None

    @property
    def first(self) -> int:
        return self._first

    @property
    def last(self) -> int:
        return self._last

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def set_years(self, first: int, last: int, year: int | None = None) -> None:
        """Offer ``first``..``last`` and show ``year`` (clamped; None: ``last``).

        Emits ``year_changed`` if the year shown changes. An empty range
        (``last < first``) disables the slider and stops play.
        """
        before = self.year
        self._first, self._last = first, last
        empty = last < first
        with QSignalBlocker(self.slider):
            self.slider.setRange(first, max(first, last))
            if not empty:
                wanted = last if year is None else year
                self.slider.setValue(min(max(wanted, first), last))
        for widget in (self.slider, self.play_button, self.back_button, self.next_button):
            widget.setEnabled(not empty)
        if empty:
            self.pause()
        self._update_text()
        if self.year is not None and self.year != before:
            self.year_changed.emit(self.year)

    def set_year(self, year: int) -> None:
        """Show ``year`` (clamped to the range offered)."""
        if self.year is not None:
            self.slider.setValue(min(max(year, self._first), self._last))

    def step(self, delta: int) -> None:
        if self.year is not None:
            self.set_year(self.year + delta)

    def play(self) -> None:
        """Play from the year shown (from the first year if at the last) to the last year."""
        if self.year is None:
            return
        if self.year >= self._last:
            self.set_year(self._first)
        self.timer.start()
        self._show_playing()

    def pause(self) -> None:
        self.timer.stop()
        self._show_playing()

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    # internals ----------------------------------------------------------

    def _show_playing(self) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if self.playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if self.playing else "Play")
        self.play_button.setToolTip("Pause" if self.playing
                                    else "Play through the years (Space on the slider)")

    def _update_text(self) -> None:
        year = self.year
        self.year_label.setText(str(year) if year is not None else "")
        self.slider.setAccessibleDescription(
            f"{year}, years {self._first} to {self._last}" if year is not None else "no years")

    def _on_slider_value_changed(self, value: int) -> None:
        self._update_text()
        self.year_changed.emit(value)

    def _on_timer_timeout(self) -> None:
        if self.year is None or self.year >= self._last:
            self.pause()
            return
        self.step(1)
        if self.year is None or self.year >= self._last:
            self.pause()  # stops on the last year, not one tick later
