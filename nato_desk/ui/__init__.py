"""The Qt user interface: the only package that imports PySide6 and pyqtgraph.

``app.build_main_window`` is the composition root; ``main_window`` lays out;
the models adapt the store for the views."""

from nato_desk.ui.feature_scan import skip_feature_scan

# Before anything imports pyqtgraph: every way into the window, the deck's PDF and
# the tests comes through this package (``feature_scan`` says what it saves).
skip_feature_scan()
