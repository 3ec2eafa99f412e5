"""Files shipped in the wheel under nato_desk.resources: icon and style sheet.

The style sheet names palette roles (``@accent``, ``@gap_note``) instead of
colours; ``stylesheet(theme)`` fills them in from ``palette.LIGHT`` or
``palette.DARK``, so the window's every colour comes from the one palette.
``scoped_sheets(theme)`` gives the same text cut into its ``/* @on TARGET */``
blocks, each for the widgets it names (``ui.scoped_style`` sets them there,
never on the whole application).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

from nato_desk.palette import LIGHT, Theme

__all__ = ["app_icon", "scoped_sheets", "stylesheet"]

_BLOCK = re.compile(r"/\*\s*@on\s+(\S+)\s*\*/")


def _path(name: str) -> str:
    resource = resources.files("nato_desk.resources").joinpath(name)
    assert resource.is_file(), f"missing resource {name}"
    return str(resource)


def app_icon() -> QIcon:
    return QIcon(_path("nato_desk.svg"))


@cache
def _source() -> str:
    # Read once a process: every theme change fills it in again.
    return resources.files("nato_desk.resources").joinpath("style.qss").read_text(encoding="utf-8")


def _filled(text: str, theme: Theme) -> str:
    def role(match: re.Match[str]) -> str:
        value = getattr(theme, match.group(1), None)
        if not isinstance(value, str) or not value.startswith("#"):
            raise KeyError(f"style.qss: no colour role {match.group(1)!r}")
        return value

    return re.sub(r"@([a-z_]+)", role, text)


def stylesheet(theme: Theme = LIGHT) -> str:
    """Every block of the style sheet in ``theme``'s colours, one after another.

    Raises:
        KeyError: the style sheet names a role the theme does not have.
    """
    return "\n".join(scoped_sheets(theme).values())


def scoped_sheets(theme: Theme = LIGHT) -> dict[str, str]:
    """Each block of the style sheet by its target ("QGroupBox", "QLabel#gapNote",
    "QToolTip"), in ``theme``'s colours. The text before the first block (the
    file's own comment) belongs to none.

    Raises:
        KeyError: the style sheet names a role the theme does not have.
    """
    parts = _BLOCK.split(_source())
    return {target: _filled(body.strip(), theme) for target, body in zip(parts[1::2], parts[2::2])}
