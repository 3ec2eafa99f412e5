"""Files shipped in the wheel under nato_desk.resources: icon and stylesheet.

The stylesheet names palette roles (``@accent``, ``@gap_note``) instead of
colours; ``stylesheet(theme)`` fills them in from ``palette.LIGHT`` or
``palette.DARK``, so the window's every colour comes from the one palette.
"""

from __future__ import annotations

import re
from importlib import resources

from PySide6.QtGui import QIcon

from nato_desk.palette import LIGHT, Theme

__all__ = ["app_icon", "stylesheet"]


def _path(name: str) -> str:
    resource = resources.files("nato_desk.resources").joinpath(name)
    assert resource.is_file(), f"missing resource {name}"
    return str(resource)


def app_icon() -> QIcon:
    return QIcon(_path("nato_desk.svg"))


def stylesheet(theme: Theme = LIGHT) -> str:
    """The app's stylesheet in ``theme``'s colours.

    Raises:
        KeyError: the stylesheet names a role the theme does not have.
    """
    text = resources.files("nato_desk.resources").joinpath("style.qss").read_text(encoding="utf-8")

    def role(match: re.Match[str]) -> str:
        value = getattr(theme, match.group(1), None)
        if not isinstance(value, str) or not value.startswith("#"):
            raise KeyError(f"style.qss: no colour role {match.group(1)!r}")
        return value

    return re.sub(r"@([a-z_]+)", role, text)
