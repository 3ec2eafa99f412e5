"""The Qt user interface: the only package that imports PySide6 and pyqtgraph.

``app.build_main_window`` is the composition root; ``main_window`` lays out;
the models adapt the store for the views."""
