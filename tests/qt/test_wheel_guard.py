"""The wheel never changes a value the analyst did not focus (issue 13, item 2),
and a changed GDP growth assumption is said where it applies."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from nato_desk.ui.required_path import RequiredPathBox, assumption_text


def _wheel(widget, steps: int) -> None:
    """One wheel notch per step (positive: away from the user, i.e. up) over ``widget``'s centre.

    Sent to the widget itself: a real wheel event over a spin box reaches its inner
    line edit first and, ignored there, the spin box (Qt propagates only the
    window system's own events, not sent ones).
    """
    target = widget
    pos = QPointF(target.rect().center())
    event = QWheelEvent(pos, QPointF(target.mapToGlobal(pos.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(target, event)


def test_scrolling_over_gdp_growth_scrolls_the_pane_not_the_value(qtbot, desk_window) -> None:
    window = desk_window
    window.member_list.select("ESP")
    pane = window.detail_pane
    spin = pane.required_path.gdp_growth
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never focuses it
    window.right_splitter.setSizes([700, 200])  # a short pane that scrolls
    pane.ensureWidgetVisible(spin)
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > bar.value())
    window.member_list.table.setFocus()
    before_value, before_scroll = spin.value(), bar.value()

    _wheel(spin, -1)  # the analyst scrolls down, the pointer passing over the box

    assert spin.value() == before_value
    assert bar.value() > before_scroll
    assert not spin.hasFocus()


def test_a_focused_box_takes_the_wheel(qtbot, desk_window) -> None:
    window = desk_window
    window.member_list.select("ESP")
    spin = window.detail_pane.required_path.gdp_growth
    window.detail_pane.ensureWidgetVisible(spin)
    window.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    before = spin.value()
    _wheel(spin, 1)
    assert round(spin.value() - before, 1) == 0.1


def test_combo_boxes_ignore_the_wheel_unless_focused(qtbot, desk_window) -> None:
    combo = desk_window.member_list.sort_combo
    desk_window.member_list.table.setFocus()
    before = combo.currentIndex()
    _wheel(combo, -1)
    assert combo.currentIndex() == before
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_a_changed_assumption_is_said_with_its_default(qtbot, store) -> None:
    box = RequiredPathBox()
    qtbot.addWidget(box)
    box.show_points(store.observations(iso3="ESP", edition="2026-07"), store.targets())
    assert "assuming 1.5% real GDP growth a year" in box.start.text()
    assert "default" not in box.start.text()
    box.gdp_growth.setValue(3.1)
    assert "assuming 3.1% real GDP growth a year (default 1.5%" in box.start.text()
    assert "at 3.1% real GDP growth" in box.core.text()
    assert assumption_text(0.015) == "assuming 1.5% real GDP growth a year"


def test_the_deck_states_the_growth_it_assumes(store) -> None:
    """Decks are built at the default and say so next to the path (the box says decks use it)."""
    from nato_desk.briefing import build_deck_model

    deck = build_deck_model(store, ["ESP"], "2026-07")
    notes = "\n".join(slide.notes for slide in deck.slides)
    assert "at 1.5% GDP growth" in notes


def test_a_box_made_after_the_window_ignores_the_wheel_too(qtbot, desk_window) -> None:
    """A spin box made later (a dialog, a view made when first shown) is guarded when it is
    first shown: the guard watches the boxes themselves, not every event of the application."""
    from PySide6.QtWidgets import QDoubleSpinBox, QScrollArea, QVBoxLayout, QWidget

    area = QScrollArea()
    qtbot.addWidget(area)
    body = QWidget()
    layout = QVBoxLayout(body)
    spin = QDoubleSpinBox()
    spin.setValue(1.5)
    layout.addWidget(spin)
    layout.addSpacing(2000)
    area.setWidget(body)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    desk_window.member_list.table.setFocus()
    bar = area.verticalScrollBar()

    _wheel(spin, -1)

    assert spin.value() == 1.5
    assert bar.value() > 0
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus

