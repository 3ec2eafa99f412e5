"""Markup in stored text is shown literally everywhere (test plan T9).

Hostile payloads (tags, an image, file: and javascript: links, nested tables,
entities) go into every kind of text an analyst imports or types: a member's
name, a source's title, publisher and note, a quote's speaker, role, text and
note, a position's summary, an event's and a target's label, an edition's
title. The real main window is built over them; then every view, tab, dock
and dialog reachable without typing is opened and a walker visits every
QLabel, button, window title, tooltip and item-view tooltip:

* a label showing markup is ``PlainText`` (Qt would otherwise guess rich
  text, render the tags and load the image), and no label anywhere is left
  to guess on text that looks like markup;
* tooltips (always rich text in Qt) carry the payload escaped, never raw;
* pyqtgraph's title and legend (HTML) carry it ``html.escape``-d, and the
  rendered text is the literal payload;
* a 123x77 image referenced by ``<img src=...>`` is not loaded: the label
  showing that tag stays one line high.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6 import QtGui
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QWidget,
)

from nato_desk.domain import Edition, Quote, SetField
from nato_desk.ui.chart_export import chart_title
from nato_desk.ui.plain_text import plain_label

PAYLOADS = (
    "<b>bold</b>",
    '<img src="file:///etc/passwd">',
    '<a href="file:///">x</a>',
    '<a href="javascript:alert(1)">j</a>',
    "<table><tr><td><table><tr><td>nested</td></tr></table></td></tr></table>",
    "Tom &amp; Jerry &lt;3",
)
EVIL = "Said: " + " ".join(PAYLOADS)  # markup not at the start: Qt still guesses rich text
IMAGE_SIZE = (123, 77)


@pytest.fixture
def image(tmp_path: Path) -> str:
    path = tmp_path / "probe.png"
    probe = QImage(*IMAGE_SIZE, QImage.Format.Format_RGB32)
    probe.fill(QColor("red"))
    assert probe.save(str(path))
    return f'<img src="{path}">'


def test_the_image_probe_would_see_a_loaded_image(qtbot, image):
    """The check below means something: a guessing label does load the file."""
    guessing = QLabel(image)
    qtbot.addWidget(guessing)
    assert guessing.textFormat() == Qt.TextFormat.AutoText
    assert guessing.sizeHint().height() >= IMAGE_SIZE[1]
    plain = plain_label(image)
    qtbot.addWidget(plain)
    assert plain.sizeHint().height() < IMAGE_SIZE[1]


def _hostile_records(store, image: str) -> list:
    spain = store.member("ESP")
    quote = max(store.quotes("ESP"), key=lambda q: q.date)
    source = store.source(quote.source_id)
    position = store.position("ESP")
    event = store.events()[0]
    target = next(t for t in store.targets() if t.id == "HAGUE_CORE")
    edition = store.get(Edition, "2026-07")
    return [
        dataclasses.replace(spain, name=EVIL, official_name=EVIL, notes=EVIL),
        # Citations show the cite_* fields first, so the payload goes there too.
        dataclasses.replace(source, title=EVIL, publisher=image, note=EVIL,
                            url="javascript:alert(1)", cite_title=EVIL, cite_publisher=image,
                            via=EVIL, cite_note=EVIL),
        dataclasses.replace(quote, speaker=EVIL, role=EVIL, text=EVIL, note=EVIL,
                            translation=EVIL),
        dataclasses.replace(position, summary=EVIL),
        dataclasses.replace(event, label=EVIL),
        dataclasses.replace(target, label=EVIL),
        dataclasses.replace(edition, title=EVIL),
    ]


class Walker:
    """Visits widgets and collects every way markup could be interpreted."""

    def __init__(self, image: str) -> None:
        self.image = image
        self.problems: list[str] = []
        self.literal: set[str] = set()  # where the payload was seen, shown as text
        self.windows: set[str] = set()

    def _raw(self, text: str) -> bool:
        return any(p in text for p in PAYLOADS) or self.image in text

    def tooltip(self, where: str, tip: object) -> None:
        if isinstance(tip, str) and tip and self._raw(tip):
            self.problems.append(f"{where}: tooltip carries raw markup: {tip[:120]!r}")

    def walk(self, root: QWidget, where: str) -> None:
        for w in [root, *root.findChildren(QWidget)]:
            name = f"{where}/{type(w).__name__}:{w.accessibleName() or w.objectName()}"
            if isinstance(w, QLabel):
                self._label(w, name)
            if isinstance(w, QAbstractButton) and self._raw(w.text()):
                self.literal.add(name)  # buttons never interpret markup
            if w.isWindow():
                self.windows.add(w.windowTitle())
            self.tooltip(name, w.toolTip())
            if isinstance(w, QAbstractItemView) and w.model() is not None:
                self._model(w, name)

    def _label(self, label: QLabel, name: str) -> None:
        text = label.text()
        plain = label.textFormat() == Qt.TextFormat.PlainText
        if ("<" in text or "&amp;" in text or QtGui.Qt.mightBeRichText(text)) and not plain:
            self.problems.append(f"{name}: {label.textFormat().name} label shows {text[:120]!r}")
        if self._raw(text) and plain:
            self.literal.add(name)
        if self.image in text and len(text) < 200 and label.sizeHint().height() >= IMAGE_SIZE[1]:
            self.problems.append(f"{name}: {label.sizeHint()} - the image was loaded")

    def _model(self, view: QAbstractItemView, name: str) -> None:
        model = view.model()
        for row in range(min(model.rowCount(QModelIndex()), 200)):
            for col in range(20):  # list models hide columnCount(); stop at the first invalid
                index = model.index(row, col)
                if not index.isValid():
                    break
                self.tooltip(f"{name}[{row},{col}]", index.data(Qt.ItemDataRole.ToolTipRole))
                shown = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(shown, str) and self._raw(shown):
                    self.literal.add(f"{name}[{row},{col}]")


def on_next_modal(qtbot, walker: Walker, where: str) -> list[QWidget]:
    """Walk and close the next modal dialog a static Qt helper opens (QInputDialog...)."""
    seen: list[QWidget] = []

    def inspect() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, inspect)
            return
        seen.append(modal)
        walker.walk(modal, where)
        assert isinstance(modal, QDialog)
        modal.reject()

    QTimer.singleShot(0, inspect)
    return seen


@pytest.fixture
def hostile_window(store, image, make_desk_window):
    store.put_many(_hostile_records(store, image))
    return make_desk_window()


def test_every_label_tooltip_and_dialog_shows_markup_literally(qtbot, hostile_window, store, image):
    window, walker = hostile_window, Walker(image)
    desk = window.desk
    pane = desk.detail_pane
    assert window.member_list.select("ESP")
    desk.chart_panel.add_comparison("POL")
    desk.chart_panel.chart.show_hover(2024)
    walker.walk(window, "main")

    # Each chart view, each detail tab, the figure source and the History dock.
    views = desk.chart_panel.views
    for i in range(views.count()):
        views.setCurrentIndex(i)
        qtbot.wait(10)
        walker.walk(window, f"view {i}")
    views.setCurrentIndex(0)
    pane.tabs.setCurrentWidget(pane.figures)
    pane.figures.select_year(2025)
    walker.walk(window, "figures tab")
    pane.tabs.setCurrentIndex(0)
    pane.figure_source.set_source(store.source(store.quotes("ESP")[0].source_id))
    pane.figure_source.show()
    quote = next(q for q in store.quotes("ESP") if q.speaker == EVIL)
    assert desk.editor.submit(SetField(Quote.KIND, quote.id, "note", EVIL, EVIL + " 2",
                                       f"Edit quote of {EVIL} (Spain)"), EVIL) is None
    window.history_dock.show()
    walker.walk(window, "history")

    # Every dialog reachable without typing, shown and closed unanswered.
    dialogs: list[QDialog] = []

    def exec_dialog(dialog: QDialog) -> int:
        dialog.show()
        dialogs.append(dialog)
        walker.walk(dialog, f"dialog {dialog.windowTitle()[:30]}")
        dialog.reject()
        return 0

    actions = desk.edit_actions
    actions.exec_dialog = exec_dialog
    obs = next(o for o in store.observations(iso3="ESP", edition="2026-07"))
    openers: list[Callable[[], object]] = [
        lambda: actions.show_source(quote.source_id),
        lambda: actions.edit_source(quote.source_id),
        lambda: actions.edit_quote(store.get(Quote, quote.id)),
        actions.add_quote,
        actions.change_position,
        lambda: actions.add_figure(False),
        lambda: actions.add_figure(True),
        lambda: actions.edit_figure(obs),
        actions.add_source,
        actions.add_event,
        lambda: actions._report(f"Not saved: {EVIL}"),
        desk.preferences_action.trigger,
    ]
    for open_dialog in openers:
        open_dialog()
    assert len(dialogs) == len(openers)

    # Questions asked through QMessageBox and QInputDialog (their own exec).
    confirm = on_next_modal(qtbot, walker, "confirm delete")
    assert actions.delete_quote(store.get(Quote, quote.id)) is False
    reason = on_next_modal(qtbot, walker, "revert reason")
    assert actions.revert(store.history()[-1].id) is False
    about = on_next_modal(qtbot, walker, "about")
    window._on_about_triggered()
    modals = confirm + reason + about
    desk._on_editor_failed(f"Not applied: {EVIL}")  # a window-modal box, opened not exec'd
    boxes = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)]
    for box in boxes:
        walker.walk(box, "failed")
        box.reject()
    assert len(modals) == 3 and boxes

    assert walker.problems == []
    # The payload was seen, literally, where an analyst reads it.
    seen = "\n".join(sorted(walker.literal))
    for where in ("Member name", "Member facts", "Position summary", "Position sources",
                  "Source title", "Source publisher", "Source note", "Data edition",
                  "QListView:Quotes", "Cited by", "History entries", "revert reason/QLabel",
                  "confirm delete/QLabel", "failed/QLabel", "dialog Not saved/QLabel"):
        assert where in seen, where
    assert any(EVIL in title for title in walker.windows)  # "Edit quote of …" titles


def test_chart_labels_are_escaped_for_pyqtgraphs_html(qtbot, hostile_window):
    desk = hostile_window.desk
    hostile_window.member_list.select("ESP")
    chart = desk.chart_panel.chart
    plot = chart.plot_widget.getPlotItem()
    # The title and legend are HTML: the name goes in escaped and renders literally.
    assert html.escape(EVIL) in plot.titleLabel.text
    assert EVIL in chart_title(chart)  # what an export's header shows, as plain text
    # Too long for two lines, the shown title leaves the name to the legend, in words.
    assert chart.title_label.text().endswith("— 1 ally, named in the legend")
    labels = [label for _, label in chart.legend.items]
    assert html.escape(EVIL) in [label.text for label in labels]
    assert any(label.item.toPlainText() == EVIL for label in labels)
    for label in (plot.titleLabel, *labels):
        assert "<img" not in label.text and "<b>" not in label.text
    for axis in ("left", "bottom"):
        assert "<" not in plot.getAxis(axis).labelText
    # Event and target labels are TextItems set with setPlainText.
    texts = [item.textItem.toPlainText() for line in (*chart.event_lines.values(),
                                                      *chart.target_lines.values())
             for item in line.childItems() if isinstance(item, pg.InfLineLabel)]
    assert texts.count(EVIL) == 2
    chart.show_hover(2024)
    assert EVIL in chart.hover_label.textItem.toPlainText()
