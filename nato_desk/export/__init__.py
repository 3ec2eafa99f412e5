"""Exports: domain records out to files (CSV, XLSX, PPTX). Standard library and
export libraries only; no Qt. Filled in by the briefing-output work."""

from __future__ import annotations

__all__: list[str] = []
