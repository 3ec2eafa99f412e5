"""The Qt user interface: the only package that imports PySide6 and pyqtgraph.

``app.build_main_window`` is the composition root; ``main_window`` lays out;
the models adapt the store for the views."""

from nato_desk.ui.feature_scan import skip_feature_scan
from nato_desk.ui.paint_threads import paint_on_gui_thread

# Every way into the window, the deck's PDF and the tests comes through this
# package: here is before anything imports pyqtgraph (``feature_scan`` says what
# that saves) and before anything paints (``paint_threads``).
skip_feature_scan()
paint_on_gui_thread()
