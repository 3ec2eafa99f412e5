"""Files shipped in the wheel under nato_desk.resources: icon and stylesheet."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon

__all__ = ["app_icon", "stylesheet"]


def _path(name: str) -> str:
    resource = resources.files("nato_desk.resources").joinpath(name)
    assert resource.is_file(), f"missing resource {name}"
    return str(resource)


def app_icon() -> QIcon:
    return QIcon(_path("nato_desk.svg"))


def stylesheet() -> str:
    return resources.files("nato_desk.resources").joinpath("style.qss").read_text(encoding="utf-8")
