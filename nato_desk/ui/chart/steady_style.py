"""``SteadyStyleItem``: a series whose new data does not restyle its line and markers.

pyqtgraph's ``PlotDataItem.setData`` hands the item's whole style (pens,
brushes, symbol, size) to its curve and markers again with every new data
(``updateItems`` forces ``styleUpdate``: pyqtgraph PR 1653, for items whose
markers carry a style per point). Handing the markers their style again marks
every marker's picture as unknown, so each is looked up again at the next
paint. A chart's series have one style for all their markers, kept as the
markers' default, so new data can leave it where it is: with two series on
the chart, new data and the repaint took 1.8 ms that way and 0.7 ms this way
(issue 14: every ally switch sets three or four series).

The style is still handed down whenever it changes (``setPen``,
``setSymbolBrush`` and the like ask for that themselves) and the first time
the item has data to draw, and with every data where the line's joins depend
on the data (``connect="auto"``); what is drawn is the same
(tests/qt/test_steady_style.py).
"""

from __future__ import annotations

import pyqtgraph as pg

__all__ = ["SteadyStyleItem"]


class SteadyStyleItem(pg.PlotDataItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """A ``PlotDataItem`` of one style for all its markers, restyled only when its style changes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Before the base class: its __init__ sets the style and (empty) data.
        self._style_handed = False  # whether the curve and markers have the current style
        super().__init__(*args, **kwargs)

    def updateItems(self, styleUpdate: bool = True) -> None:  # noqa: N802, N803 - pyqtgraph's names
        # connect="auto" picks how the line joins anew for each data (gaps or none).
        if styleUpdate or not self._style_handed or self.opts["connect"] == "auto":
            super().updateItems(styleUpdate=True)
            # With no data the base class returns before handing the style down.
            self._style_handed = self._getDisplayDataset() is not None
            return
        dataset = self._getDisplayDataset()
        if dataset is None:
            self.curve.hide()
            self.scatter.hide()
            return
        if self.opts["pen"] is not None or (
                self.opts["fillBrush"] is not None and self.opts["fillLevel"] is not None):
            if dataset.connect is not None:
                self.curve.setData(x=dataset.x, y=dataset.y, connect=dataset.connect)
            else:
                self.curve.setData(x=dataset.x, y=dataset.y)  # keeps its pen and "connect"
            self.curve.show()
        else:
            self.curve.hide()
        if self.opts["symbol"] is not None:
            x = dataset.x
            if self.opts.get("stepMode") == "center":
                x = 0.5 * (x[:-1] + x[1:])
            self.scatter.setData(x=x, y=dataset.y)  # each marker takes the default style
            self.scatter.show()
        else:
            self.scatter.hide()
