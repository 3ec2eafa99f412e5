"""The ``nato-desk`` command: starts the window, or answers without a display.

Qt is imported only when the window is started, so ``--help``, ``--version``
and ``nato-desk deck`` (the briefing deck as a PowerPoint file) work on a
machine with no display and no Qt libraries.
"""

from __future__ import annotations

import argparse
import importlib.util
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    deck = commands.add_parser(
        "deck", help="build the briefing deck (PowerPoint) without opening the window",
        description="Build the briefing deck: a title slide, an alliance overview, one slide per "
                    "ally and a sources slide, with native PowerPoint charts.",
    )
    deck.add_argument("--members", metavar="CODES", required=True,
                      help="the allies' ISO-3 codes, comma-separated, e.g. POL,ESP,BEL")
    deck.add_argument("--out", metavar="FILE", type=Path, required=True, help="the .pptx file to write")
    deck.add_argument("--edition", metavar="ID", default=None,
                      help="the data edition, e.g. 2026-07 (default: the newest)")
    deck.add_argument("--marking", metavar="TEXT", default="UNCLASSIFIED",
                      help="the handling marking on every slide (default: UNCLASSIFIED)")
    deck.add_argument("--pdf", action="store_true", help="also write the deck as a PDF next to --out")
    # SUPPRESS: a --db given before the command is not overwritten by this default.
    deck.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                      help="the store file to read (as the option before the command)")
    return parser


PDF_UNAVAILABLE = "PDF output is not available in this build"


def _pdf_available() -> bool:
    try:
        return importlib.util.find_spec("nato_desk.ui.deck_pdf") is not None
    except (ImportError, ValueError):
        return False


def run_deck(args: argparse.Namespace, db_path: Path) -> int:
    """``nato-desk deck``: read the store, write the deck. Exit 0, 1 (failed) or 2 (bad input)."""
    from nato_desk.briefing import UnknownMembers, deck_input
    from nato_desk.export.deck import build_deck
    from nato_desk.ingest import load_seed, seed_folder
    from nato_desk.store import Store, StoreError

    if args.pdf and not _pdf_available():
        print(f"nato-desk deck: {PDF_UNAVAILABLE}", file=sys.stderr)
        return 1
    codes = [c for c in args.members.split(",") if c.strip()]
    if not codes:
        print("nato-desk deck: --members names no allies", file=sys.stderr)
        return 2
    try:
        if db_path.exists():
            store = Store.open(db_path, read_only=True)
        else:
            store = Store.open(db_path, seed=lambda: load_seed(seed_folder()))
    except StoreError as exc:
        print(f"nato-desk deck: could not open the store {db_path}: {exc}", file=sys.stderr)
        return 1
    try:
        deck = deck_input(store, codes, edition=args.edition)
    except UnknownMembers as exc:
        print(f"nato-desk deck: {exc}", file=sys.stderr)
        return 2
    except KeyError:
        known = ", ".join(e.id for e in store.editions())
        print(f"nato-desk deck: unknown edition {args.edition!r} (known: {known})", file=sys.stderr)
        return 2
    finally:
        store.close()
    out: Path = args.out.expanduser()
    try:
        build_deck(deck, out, marking=args.marking)
    except OSError as exc:
        print(f"nato-desk deck: could not write {out}: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out} ({len(deck.allies) + 3} slides)")
    if args.pdf:
        import importlib

        deck_pdf = importlib.import_module("nato_desk.ui.deck_pdf")
        writer = getattr(deck_pdf, "write_deck_pdf", None)
        if writer is None:
            print(f"nato-desk deck: {PDF_UNAVAILABLE}", file=sys.stderr)
            return 1
        pdf = out.with_suffix(".pdf")
        writer(deck, pdf, marking=args.marking)
        print(f"Wrote {pdf}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path: Path = (args.db or default_store_path()).expanduser()
    if args.command == "deck":
        return run_deck(args, db_path)
    if "PYQTGRAPH_QT_LIB" not in os.environ:
        os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"  # never pick up a PyQt that happens to be installed
    from nato_desk.ui.app import run

    return run(db_path)


if __name__ == "__main__":
    sys.exit(main())
