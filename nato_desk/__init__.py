"""nato_desk: NATO defence spending, positions and quotes, offline, with sources."""

from __future__ import annotations

__version__ = "0.1.0"
