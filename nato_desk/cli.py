"""The ``nato-desk`` command: starts the window, or answers without a display.

Qt is imported only when the window is started, so ``--help`` and
``--version`` work on a machine with no display and no Qt libraries.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nato_desk import __version__

__all__ = ["default_store_path", "main"]


def default_store_path() -> Path:
    """The live store in the user's data folder (never the shipped data/)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("nato_desk", appauthor=False)) / "nato_desk.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nato-desk",
        description="NATO defence spending, allies' positions on the Hague commitment and "
                    "their leaders' quotes, all sourced, offline. Without options, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"nato-desk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", type=Path, default=None,
        help="the store file to open (created from the shipped data if it does not exist); "
             f"default: {default_store_path()}",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path: Path = (args.db or default_store_path()).expanduser()
    if "PYQTGRAPH_QT_LIB" not in os.environ:
        os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"  # never pick up a PyQt that happens to be installed
    from nato_desk.ui.app import run

    return run(db_path)


if __name__ == "__main__":
    sys.exit(main())
