"""A target label with no free place along its line goes where it covers least (``annotations``).

Before, it stayed at ``WANTED`` (0.725 of the plot's width), whatever it covered
there: on a 910x633 window whose only gap between the event labels was a pixel
too narrow, "3.5% core (The Hague 2025)" lay over "2035 deadline".
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from nato_desk.ui.chart.annotations import (
    WANTED,
    event_label_rect,
    place_target_labels,
    target_label_of,
    target_label_rect,
)


def _covered(rect: QRectF, others: list[QRectF]) -> float:
    return sum(max(r.width(), 0.0) * max(r.height(), 0.0) for r in (rect.intersected(o) for o in others))


def test_a_label_with_no_free_place_covers_the_least_it_can(qtbot) -> None:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(420, 300)
    view = plot.getPlotItem().getViewBox()
    view.setRange(xRange=(2014, 2035), yRange=(0, 6), padding=0)
    # Event labels hang from the top past the 3.5% line everywhere; the one near WANTED longest.
    events = []
    for year, text in ((2016, "Wales summit here"), (2021, "Invasion of Ukraine"), (2025, "Hague summit"),
                       (2029, "2029 review of the plans"), (2033, "2035 deadline, the long one")):
        line = pg.InfiniteLine(pos=year, angle=90, label=text, labelOpts={"position": 0.98, "rotateAxis": (1, 0)})
        plot.addItem(line)
        events.append(target_label_of(line))
    target = pg.InfiniteLine(pos=3.5, angle=0, label="3.5% core (The Hague 2025)", labelOpts={"position": WANTED})
    plot.addItem(target)
    label = target_label_of(target)
    plot.show()
    qtbot.waitExposed(plot)

    [placed] = place_target_labels(view, [label], events)

    # The event labels as placing keeps clear of them (2 px either side).
    taken = [event_label_rect(view, event).adjusted(-2, 0, 2, 0) for event in events]
    # Every place along the line, 4 px apart (as placing tries them), the last the nearest WANTED.
    width = view.sceneBoundingRect().width()
    room = width - label.textItem.boundingRect().width() - 4
    places = [(2 + i * room / (int(room // 4))) / width for i in range(int(room // 4) + 1)]
    covered = [_covered(target_label_rect(view, label, place), taken) for place in places]
    assert min(covered) > 0  # no free place along the line
    assert _covered(placed, taken) < covered[-1]  # where it used to stay, under the last event label
    assert _covered(placed, taken) <= min(covered) + 1e-6
    assert placed == target_label_rect(view, label, label.orthoPos)  # the label was moved there
