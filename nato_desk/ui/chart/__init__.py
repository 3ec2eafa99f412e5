"""The pyqtgraph chart of spending trajectories and the panel around it."""
