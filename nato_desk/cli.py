"""The ``nato-desk`` command: starts the window, or answers without a display.

Qt is imported only when the window (or the PDF deck) needs it, so ``--help``,
``--version``, ``nato-desk list`` and ``nato-desk deck`` (the briefing deck as a
PowerPoint file) work on a machine with no display and no Qt libraries.

Only the window creates a store. ``deck`` and ``list`` read: an existing store
read-only (no lock, no backup, no migration written), and, when the user has
no store yet, the shipped data held in memory, so they never write a byte
outside the files asked for. A path given with ``--db`` that holds no store is
refused: a typo must not quietly stand in for the analyst's edited data.

Every failure of ``deck`` and ``list`` is one line on stderr naming the user's
path and what to do, exit 2 for input to correct and 1 for a failure; never a
traceback, unless ``NATO_DESK_DEBUG=1`` asks for one.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import getpass
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nato_desk import __version__
from nato_desk.collector import pause_for_start_up
from nato_desk.qt_args import split_qt_arguments

if TYPE_CHECKING:
    from nato_desk.domain import Edition, Measure, Observation
    from nato_desk.store import Store

__all__ = ["DEBUG_ENV", "build_parser", "default_store_path", "main"]

DEBUG_ENV = "NATO_DESK_DEBUG"
PDF_UNAVAILABLE = "PDF output is not available in this build"
_PDF_MODULE = "nato_desk.ui.deck_pdf"
_SHIPPED = "The shipped data, read-only."
_EPILOG = f"""\
commands without a window:
  nato-desk list allies      the allies' codes and names, and the years each has figures for
  nato-desk list editions    NATO's editions in the store: id, label, title, release, measure
  nato-desk deck --members POL,ESP,BEL --out deck.pptx [--pdf]
                             the briefing deck (--members ALL: every ally)
  nato-desk extract article.html [--json]
                             the quotes and claims the article review would propose

the window on the desktop:
  nato-desk --install-desktop-entry
                             add nato_desk to your desktop's menu (this install, with its icon)
  nato-desk -style fusion -reverse -platform xcb
                             Qt's standard options (-style, -platform, -reverse, -stylesheet,
                             -qwindowgeometry, -display ...) pass through to the window

deck, list and extract only read: without --db they use your store if it exists and the
shipped data otherwise; a --db path with no store is refused. Only the window
creates a store. Set {DEBUG_ENV}=1 to see the traceback of an unexpected failure.
"""


def default_store_path() -> Path:
    """The live store in the user's data folder (never the shipped data/)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("nato_desk", appauthor=False)) / "nato_desk.json"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nato-desk",
        description="NATO defence spending, allies' positions on the Hague commitment and "
                    "their leaders' quotes, all sourced, offline. Without a command, opens the window.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"nato-desk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", type=Path, default=None,
        help="the store file; the window creates it from the shipped data if it does not exist, "
             f"deck, list and extract refuse a path with no store; default: {default_store_path()}",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry", action="store_true",
        help="add nato_desk to your desktop's application menu: writes nato-desk.desktop (starting "
             "this install) and its icon under $XDG_DATA_HOME (default ~/.local/share), then exits",
    )
    desktop.add_argument("--uninstall-desktop-entry", action="store_true",
                         help="remove what --install-desktop-entry wrote, then exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    deck = commands.add_parser(
        "deck", help="build the briefing deck (PowerPoint) without opening the window",
        description="Build the briefing deck: a title slide, an alliance overview, one slide per "
                    "ally and the sources, with native PowerPoint charts.",
        epilog=f"Set {DEBUG_ENV}=1 to see the traceback of an unexpected failure.",
    )
    deck.add_argument("--members", metavar="CODES", required=True,
                      help="the allies' ISO-3 codes, comma-separated, e.g. POL,ESP,BEL (any case; "
                           "repeats are dropped), or ALL for every ally in alphabetical order of "
                           "name; `nato-desk list allies` lists the codes")
    deck.add_argument("--out", metavar="FILE", type=Path, required=True,
                      help="the PowerPoint file to write, ending in .pptx")
    deck.add_argument("--edition", metavar="ID", default=None,
                      help="the data edition, e.g. 2026-07 (default: the newest; "
                           "`nato-desk list editions` lists them)")
    deck.add_argument("--measure", metavar="NAME", default=None,
                      help="what the slides show, e.g. equipment_share or constant_usd_m (default: the "
                           "edition's headline share of GDP; `nato-desk list editions` names each "
                           "edition's measures)")
    deck.add_argument("--marking", metavar="TEXT", default="UNCLASSIFIED",
                      help="the handling marking on every slide (default: UNCLASSIFIED)")
    deck.add_argument("--author", metavar="NAME", default=None,
                      help="the author in the file's properties and on the title slide "
                           "(default: your login name)")
    deck.add_argument("--pdf", action="store_true",
                      help="also write the deck as FILE.pdf beside --out")
    _add_db(deck)

    listing = commands.add_parser(
        "list", help="list the allies or the editions in the store (read-only)",
        description="List what the store holds, one line each. Reads only: nothing is written.",
    )
    what = listing.add_subparsers(dest="what", metavar="WHAT", required=True)
    allies = what.add_parser(
        "allies", help="each ally's code and name, and the years it has figures for",
        description="One line per ally, in alphabetical order of name: ISO-3 code, name, the years "
                    "with figures in the newest edition (or --edition), which of them are NATO "
                    "estimates and which are published blanks, and the editions with figures.",
    )
    allies.add_argument("--edition", metavar="ID", default=None,
                        help="describe this edition only, e.g. 2026-03")
    _add_db(allies)
    editions = what.add_parser(
        "editions", help="NATO's editions: id, label, title, release date, measure, allies with figures",
        description="One line per edition, newest first: id (for --edition), label, title, release "
                    "date, measure and the number of allies with figures.",
    )
    _add_db(editions)

    importing = commands.add_parser(
        "import", help="import a table file (NATO, SIPRI, World Bank, OWID or our own export) with a review",
        description="Import a table file: NATO's tables workbook (2024 or 2025/2026 layout), SIPRI's "
                    "workbook, a World Bank or OWID CSV, or a CSV/XLSX exported by nato_desk. Prints what "
                    "would change (new, changed, unchanged, only in the store), then applies every new and "
                    "changed value as one history entry (never removing a stored figure). Re-importing "
                    "the same file changes nothing.",
        epilog=f"Exit codes: 0 done (or nothing to change), 2 the file or an option was refused, 1 the "
               f"store could not be written. Set {DEBUG_ENV}=1 to see the traceback of an unexpected failure.",
    )
    importing.add_argument("file", metavar="FILE", type=Path, help="the .xlsx or .csv file to import")
    importing.add_argument("--edition", metavar="ID", default=None,
                           help="the edition to import into (an existing id), or the id of the new "
                                "edition; default: the one the file proposes")
    importing.add_argument("--released", metavar="DATE", default=None,
                           help="a new edition's release date (YYYY-MM-DD, YYYY-MM or YYYY) when the file "
                                "does not give one")
    importing.add_argument("--dry-run", action="store_true", help="print the review; write nothing")
    importing.add_argument("--json", action="store_true",
                           help="print the review as one JSON object on stdout")
    _add_db(importing)

    extracting = commands.add_parser(
        "extract", help="print the quotes and claims the article review would propose (stores nothing)",
        description="Read a news article (a .txt, or a web page saved as .html) and print what File > "
                    "Import article would propose: each attributed direct quote with its speaker, role, "
                    "ally and confidence, and each percentage-of-GDP claim. Offline; nothing is stored. "
                    "Speakers are resolved against the leaders in the store (the shipped ones without a store).",
        epilog=f"Exit codes: 0 done, 2 the file was refused (empty, binary, too large, no article text, "
               f"not in English). Set {DEBUG_ENV}=1 to see the traceback of an unexpected failure.",
    )
    extracting.add_argument("file", metavar="FILE", type=Path, help="the article: a .txt or a saved .html page")
    extracting.add_argument("--json", action="store_true",
                            help='print one JSON object: {"quotes": [...], "claims": [...]}')
    extracting.add_argument("--fragments", action="store_true",
                            help="also list scare quotes and short phrases inside reported speech")
    _add_db(extracting)
    return parser


def _add_db(sub: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --db given before the command is not overwritten by this default.
    sub.add_argument("--db", metavar="PATH", type=Path, default=argparse.SUPPRESS,
                     help="the store file to read (as the option before the command); it must exist")


class _Refused(Exception):
    """A failure the user can act on: the message names their path and the fix."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class _StepFailed(Exception):
    """Writing ``path`` failed with ``cause`` (the deck builder's own exception)."""

    def __init__(self, path: Path, cause: Exception) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        raise _StepFailed(path, exc) from exc


# ------------------------------------------------------------------ the store


def _open_for_reading(command: str, db: Path | None) -> Store:
    """The store ``deck``, ``list`` and ``extract`` read; nothing is created or written.

    Raises:
        _Refused: ``db`` holds no store, or it cannot be read.
    """
    from nato_desk.store import (
        Store,
        StoreCorruptError,
        StoreError,
        StoreMigrationError,
    )

    default = default_store_path()
    path = default if db is None else db.expanduser()
    if db is not None and path.is_dir():
        raise _Refused(f"{path} is a folder, not a store file. Give the store's file, or leave out "
                       f"--db to use your own store ({default}).", 2)
    if db is not None and not path.exists():
        raise _Refused(f"no store at {path}. Check the path, or leave out --db to use your own "
                       f"store ({default}).", 2)
    if not path.exists():
        from nato_desk.ingest import load_seed, seed_folder

        print(f"nato-desk {command}: no store at {path} yet, so this reads the shipped data "
              "(nothing is written).", file=sys.stderr)
        folder = seed_folder()
        return Store.in_memory(load_seed(folder), path=Path(str(folder)),
                               reason=_SHIPPED)
    try:
        return Store.open(path, read_only=True)
    except (StoreCorruptError, StoreMigrationError) as exc:
        window = "nato-desk" if db is None else f"nato-desk --db {path}"
        raise _Refused(f"could not read the store {path}: {_sentence(exc)} Open it in the window "
                       f"({window}) to restore its newest backup.", 1) from exc
    except StoreError as exc:
        raise _Refused(f"could not read the store {path}: {_sentence(exc)} Check that the file is "
                       "yours and readable, or give another with --db.", 1) from exc


def _where(store: Store) -> str:
    return "the shipped data" if store.read_only_reason == _SHIPPED else str(store.path)


def _edition(store: Store, wanted: str | None) -> Edition:
    from nato_desk.analysis.figures import newest_edition

    editions = store.editions()
    if wanted is None:
        newest = newest_edition(editions)
        if newest is None:
            raise _Refused(f"{_where(store)} holds no edition of NATO's figures, so there is nothing "
                           "to show. Import an edition in the window first.", 1)
        return newest
    for edition in editions:
        if edition.id == wanted.strip():
            return edition
    known = ", ".join(f"{e.id} ({e.label})" for e in sorted(editions, key=lambda e: e.released))
    raise _Refused(f"no edition {wanted!r} in {_where(store)} (known: {known or 'none'}). "
                   "`nato-desk list editions` describes them.", 2)


def _measure(store: Store, edition: Edition, wanted: str | None) -> Measure | None:
    """The measure ``--measure`` names (by its id or short name), if the edition has figures for it."""
    from nato_desk.analysis.figures import edition_measures
    from nato_desk.domain import Measure

    if wanted is None:
        return None
    available = edition_measures(store.observations(edition=edition.id), edition)
    key = " ".join(wanted.split()).casefold()
    for measure in Measure:
        if key in (measure.value, measure.info.short.casefold()):
            if measure in available:
                return measure
            raise _Refused(f"the {edition.label} edition ({edition.id}) has no figures for {measure.info.short}. "
                           f"It has: {', '.join(m.value for m in available)}.", 2)
    raise _Refused(f"unknown measure {wanted!r}. The {edition.label} edition has: "
                   f"{', '.join(m.value for m in available)}.", 2)


def _member_codes(store: Store, text: str) -> list[str]:
    """The allies ``--members`` names, in its order (ALL: the store's, by name)."""
    tokens = list(dict.fromkeys(t.strip().upper() for t in text.split(",") if t.strip()))
    members = store.members()
    if tokens == ["ALL"]:
        return [m.iso3 for m in members]
    if "ALL" in tokens:
        raise _Refused(f"--members {text.strip()}: ALL means every ally and stands alone. Give "
                       "either ALL or a list of codes.", 2)
    if not tokens:
        raise _Refused("--members names no allies. Give ISO-3 codes such as POL,ESP,BEL, or ALL; "
                       "`nato-desk list allies` lists the codes.", 2)
    known = {m.iso3 for m in members}
    unknown = [t for t in tokens if t not in known]
    if unknown:
        raise _Refused(f"not allies in {_where(store)}: {', '.join(unknown)}. "
                       "`nato-desk list allies` lists the codes (or use --members ALL).", 2)
    return tokens


# ------------------------------------------------------------------ nato-desk deck


def _pdf_available() -> bool:
    try:
        return importlib.util.find_spec(_PDF_MODULE) is not None
    except (ImportError, ValueError):
        return False


def _write_deck(store: Store, codes: Sequence[str], edition: str, marking: str,
                out: Path, pdf: Path | None, author: str = "", measure: Measure | None = None) -> int:
    """The CLI's one contact with the deck builder: write ``out`` (and ``pdf``);
    returns the number of slides.

    Raises:
        _StepFailed: naming the file whose building or writing failed.
    """
    from nato_desk.briefing import build_deck_model
    from nato_desk.export.deck import write_pptx

    with _writing(out):
        deck = build_deck_model(store, codes, edition=edition, marking=marking, author=author, measure=measure)
        write_pptx(deck, out)
    if pdf is not None:
        with _writing(pdf):
            write_deck_pdf: Callable[..., object] = importlib.import_module(_PDF_MODULE).write_deck_pdf
            write_deck_pdf(deck, pdf)
    return len(deck.slides)


def _check_out(out: Path) -> None:
    """Refuse an --out that is not a .pptx, or that cannot be written, before building."""
    if out.suffix.lower() != ".pptx":
        example = out / "deck.pptx" if out.is_dir() or not out.name else out.with_suffix(".pptx")
        raise _Refused(f"--out {out} is not a PowerPoint file name. Give a name ending in .pptx, "
                       f"e.g. {example}.", 2)
    folder = out.parent
    if out.is_dir():
        raise _Refused(f"Could not write {out}: it is a folder. Give a file name in it, "
                       f"e.g. {out / 'deck.pptx'}.", 1)
    if not folder.exists():
        raise _Refused(f"Could not write {out}: the folder {folder} does not exist. Create it, or "
                       "choose another folder.", 1)
    if not folder.is_dir():
        raise _Refused(f"Could not write {out}: {folder} is not a folder. Choose another path.", 1)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _Refused(f"Could not write {out}: permission denied. Choose a folder you can write to.", 1)


_WRITE_HINTS = {
    errno.EACCES: "Choose a folder you can write to.",
    errno.EPERM: "Choose a folder you can write to.",
    errno.EROFS: "Choose a folder you can write to.",
    errno.ENOENT: "Create the folder first, or choose one that exists.",
    errno.ENOTDIR: "Choose a path inside an existing folder.",
    errno.EISDIR: "Give a file name, not a folder.",
    errno.ENOSPC: "Free some space, or choose another disk.",
    errno.EDQUOT: "Free some space, or choose another disk.",
    errno.ENAMETOOLONG: "Choose a shorter name.",
}


def _write_failure(path: Path, exc: OSError) -> str:
    from nato_desk.export.files import ExportWriteError

    hint = _WRITE_HINTS.get(exc.errno or 0, "Check the path, or choose another folder.")
    if exc.errno == errno.ENOENT and path.parent.is_dir():
        hint = "Choose a folder you can write to."  # the folder is there but refuses new files
    if isinstance(exc, ExportWriteError):
        return f"{exc} {hint}"
    # Never str(exc): the builder's OSError may name its temporary file.
    reason = (exc.strerror or type(exc).__name__).rstrip(".")
    return f"Could not write {path}: {reason[:1].lower()}{reason[1:]}. {hint}"


def run_deck(args: argparse.Namespace) -> int:
    """``nato-desk deck``: read the store, write the deck. Exit 0, 1 (failed) or 2 (bad input)."""
    out: Path = args.out.expanduser()
    _check_out(out)
    pdf = out.with_name(out.stem + ".pdf") if args.pdf else None
    if pdf is not None and not _pdf_available():
        raise _Refused(f"{PDF_UNAVAILABLE}. Leave out --pdf, or install nato_desk with its window.", 1)
    if pdf is not None and pdf.is_dir():
        raise _Refused(f"Could not write {pdf}: it is a folder. Give --out another name.", 1)
    store = _open_for_reading("deck", args.db)
    try:
        codes = _member_codes(store, args.members)
        edition = _edition(store, args.edition)
        measure = _measure(store, edition, args.measure)
        try:
            slides = _write_deck(store, codes, edition.id, args.marking, out, pdf,
                                 author=args.author if args.author is not None else getpass.getuser(),
                                 measure=measure)
        except _StepFailed as failed:
            if os.environ.get(DEBUG_ENV) == "1":
                raise failed.cause from None
            done = f" The PowerPoint deck {out} was written." if failed.path == pdf else ""
            if isinstance(failed.cause, OSError):
                raise _Refused(_write_failure(failed.path, failed.cause) + done, 1) from None
            raise _Refused(f"could not build {failed.path}: {type(failed.cause).__name__}: "
                           f"{_one_line(failed.cause)}.{done} Set {DEBUG_ENV}=1 for the details "
                           "and report it.", 1) from None
    finally:
        store.close()
    allies = f"{len(codes)} {'ally' if len(codes) == 1 else 'allies'}"
    print(f"Wrote {out} ({slides} slides: {allies}, {edition.label} edition)")
    if pdf is not None:
        print(f"Wrote {pdf}")
    return 0


# ------------------------------------------------------------------ nato-desk list


def _years(years: Sequence[int]) -> str:
    """2014, 2015, 2016, 2018 -> '2014-2016, 2018'."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _figures(store: Store, edition: str) -> dict[str, list[Observation]]:
    """Each ally's NATO defence figures (actual or estimate, blanks included) in ``edition``.

    GDP is context, not a series an ally is listed with: Iceland, whose GDP
    NATO's tables give, has no figures.
    """
    from nato_desk.analysis.figures import ECONOMIC_MEASURES
    from nato_desk.domain import Status

    found: dict[str, list[Observation]] = {}
    for obs in store.observations(edition=edition):
        if obs.status in (Status.ACTUAL, Status.ESTIMATE) and obs.measure not in ECONOMIC_MEASURES:
            found.setdefault(obs.iso3, []).append(obs)
    return found


def _series_text(edition: Edition, figures: Sequence[Observation]) -> str:
    from nato_desk.domain import Status

    values = [o for o in figures if o.value is not None]
    blanks = [o.year for o in figures if o.value is None]
    if not values:
        text = f"{edition.id}: no figures"
    else:
        text = f"{edition.id}: {_years([o.year for o in values])}"
        estimates = [o.year for o in values if o.status is Status.ESTIMATE]
        if estimates:
            text += f" (estimates {_years(estimates)})"
    if blanks:
        text += f"; published blank {_years(blanks)}"
    return text


def _ally_lines(store: Store, wanted: str | None) -> list[str]:
    from nato_desk.analysis.figures import has_defence_series

    edition = _edition(store, wanted)
    editions = sorted(store.editions(), key=lambda e: e.released)
    by_edition = {e.id: _figures(store, e.id) for e in editions}
    members = store.members()
    width = max((len(m.name) for m in members), default=0)
    lines = []
    for member in members:
        figures = by_edition[edition.id].get(member.iso3, [])
        line = f"{member.iso3}  {member.name:<{width}}  {_series_text(edition, figures)}"
        having = [e.id for e in editions if has_defence_series(by_edition[e.id].get(member.iso3, []))]
        if wanted is None:
            line += f"; editions with figures: {', '.join(having) or 'none'}"
        if not having and member.notes:  # why there is no series at all (Iceland)
            line += f" ({_one_line(member.notes)})"
        lines.append(line)
    return lines


def _edition_lines(store: Store) -> list[str]:
    from nato_desk.analysis.figures import edition_measures, newest_edition

    editions = sorted(store.editions(), key=lambda e: e.released, reverse=True)
    newest = newest_edition(editions)
    rows = []
    for edition in editions:
        allies = sum(1 for figures in _figures(store, edition.id).values()
                     if any(o.value is not None for o in figures))
        measures = [m for m in edition_measures(store.observations(edition=edition.id), edition)
                    if m is not edition.measure]
        rows.append([edition.id, edition.label, edition.title, f"released {edition.released}",
                     edition.measure.label, f"{allies} allies with figures",
                     "newest, the default" if edition is newest else "",
                     f"also: {', '.join(m.value for m in measures)}" if measures else ""])
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(8)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


def run_list(args: argparse.Namespace) -> int:
    """``nato-desk list allies|editions``: one line each on stdout; writes nothing."""
    store = _open_for_reading("list", args.db)
    try:
        lines = _ally_lines(store, args.edition) if args.what == "allies" else _edition_lines(store)
    finally:
        store.close()
    if not lines:
        print(f"nato-desk list: {_where(store)} holds no {args.what}.", file=sys.stderr)
    for line in lines:
        print(line)
    return 0


# ------------------------------------------------------------------ import


def _open_for_writing(db: Path | None) -> Store:
    """The store ``import`` writes to: it must exist and be free (no window has it open)."""
    from nato_desk.store import LOCKED_REASON, Store, StoreError

    default = default_store_path()
    path = default if db is None else db.expanduser()
    if not path.is_file():
        where = "--db " + str(path) if db is not None else f"your store ({path})"
        raise _Refused(f"no store at {path}. Open the window once to create {where}, give another "
                       "store with --db, or add --dry-run to review against the shipped data.", 2)
    try:
        store = Store.open(path)
    except StoreError as exc:
        raise _Refused(f"could not open the store {path}: {_sentence(exc)}", 1) from exc
    if store.read_only:
        reason = store.read_only_reason or ""
        store.close()
        if reason == LOCKED_REASON:
            reason = "a nato_desk window has it open. Import from the window (File > Import data), or close it."
        raise _Refused(f"cannot write to {path}: {reason} Nothing was imported.", 2)
    return store


def run_import(args: argparse.Namespace) -> int:
    """``nato-desk import FILE``: the review on stdout; applied unless --dry-run."""
    from nato_desk.cli_import import import_file
    from nato_desk.ingest import ImportRejected
    from nato_desk.store import StoreError

    source: Path = args.file.expanduser()
    if not source.is_file():
        raise _Refused(f"no file at {source}. Give the path of an .xlsx or .csv table file.", 2)
    store = _open_for_reading("import", args.db) if args.dry_run else _open_for_writing(args.db)
    try:
        outcome = import_file(store, source, edition=args.edition, dry_run=args.dry_run, as_json=args.json,
                              out=sys.stdout, released=args.released)
    except ImportRejected as exc:
        raise _Refused(f"{_sentence(exc)} Nothing was stored.", 2) from exc
    except OSError as exc:
        raise _Refused(f"could not read {source}: {exc.strerror or exc}.", 2) from exc
    except StoreError as exc:
        raise _Refused(f"could not save the import into {store.path}: {_sentence(exc)} Nothing was stored.",
                       1) from exc
    finally:
        store.close()
    if args.dry_run:
        print("Nothing written (--dry-run).", file=sys.stderr)
    elif outcome.applied:
        print(f"Imported {outcome.applied:,} values into edition {outcome.diff.edition.id} of {store.path} "
              "(one history entry; revert it from View > History).", file=sys.stderr)
    else:
        print("Nothing to change: every value is already stored.", file=sys.stderr)
    return 0


# ------------------------------------------------------------------ extract


def run_extract(args: argparse.Namespace) -> int:
    """``nato-desk extract FILE``: the proposals on stdout; reads the store, writes nothing."""
    from nato_desk.cli_extract import extract_article, read_article_path, write_report
    from nato_desk.ingest import ImportRejected

    source: Path = args.file.expanduser()
    if not source.is_file():
        raise _Refused(f"no file at {source}. Give the path of a .txt article or a saved .html page.", 2)
    try:
        article = read_article_path(source, str(args.file))
    except ImportRejected as exc:
        raise _Refused(f"{_sentence(exc)} Nothing was stored.", 2) from exc
    except OSError as exc:
        raise _Refused(f"could not read {source}: {exc.strerror or exc}.", 2) from exc
    store = _open_for_reading("extract", args.db)
    try:
        leaders, members = store.leaders(), store.members()
    finally:
        store.close()
    extraction = extract_article(article, leaders, members)
    write_report(extraction, str(args.file), as_json=args.json, fragments=args.fragments, out=sys.stdout)
    return 0


# ------------------------------------------------------------------ entry


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())


def _sentence(exc: object) -> str:
    text = _one_line(exc)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _run_headless(command: str, runner: Callable[[argparse.Namespace], int],
                  args: argparse.Namespace) -> int:
    try:
        return runner(args)
    except _Refused as refused:
        print(f"nato-desk {command}: {refused}", file=sys.stderr)
        return refused.code
    except BrokenPipeError:
        # The reader stopped early (`| head`); Python's advice: silence the
        # flush at exit, which would fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print(f"nato-desk {command}: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        where = f" for {args.out.expanduser()}" if command == "deck" else ""
        print(f"nato-desk {command}: failed{where}: {type(exc).__name__}: {_one_line(exc)}. "
              f"Set {DEBUG_ENV}=1 for the details and report it.", file=sys.stderr)
        return 1


def run_desktop_entry(remove: bool) -> int:
    """``--install-desktop-entry`` / ``--uninstall-desktop-entry``: say what was written or removed."""
    from nato_desk import desktop_entry

    try:
        if remove:
            removed = desktop_entry.uninstall()
            for path in removed:
                print(f"Removed {path}")
            if not removed:
                print(f"No desktop entry to remove ({desktop_entry.desktop_files().entry} does not exist).")
            return 0
        written = desktop_entry.install()
    except OSError as exc:
        print(f"nato-desk: could not write the desktop entry: {_one_line(exc)}. Check that "
              f"{desktop_entry.data_home()} is yours and writable.", file=sys.stderr)
        return 1
    for path, changed in written:
        print(f"{'Wrote' if changed else 'Unchanged'} {path}")
    print(f"nato_desk is in your desktop's menu (Office); it starts {' '.join(desktop_entry.exec_command())}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    # Qt's standard options (-style fusion, -platform xcb, -reverse ...) are split
    # off first: argparse would refuse them, or read "fusion" as a command.
    ours, qt_args = split_qt_arguments(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(ours)
    if qt_args and (args.command or args.install_desktop_entry or args.uninstall_desktop_entry):
        parser.error(f"{' '.join(qt_args)}: Qt's options apply only to the window (nato-desk without "
                     "a command).")
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return run_desktop_entry(remove=args.uninstall_desktop_entry)
    if args.command == "deck":
        return _run_headless("deck", run_deck, args)
    if args.command == "list":
        return _run_headless("list", run_list, args)
    if args.command == "import":
        return _run_headless("import", run_import, args)
    if args.command == "extract":
        return _run_headless("extract", run_extract, args)
    db_path: Path = (args.db or default_store_path()).expanduser()
    if "PYQTGRAPH_QT_LIB" not in os.environ:
        os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"  # never pick up a PyQt that happens to be installed
    # From here to the shown window, nothing start-up builds is garbage worth
    # searching for: ui.app.run turns the collector back on (see nato_desk.collector).
    pause_for_start_up()
    from nato_desk.ui.app import run

    # QApplication(sys.argv) takes Qt's options from here; ours are never shown to it.
    sys.argv = [sys.argv[0] if sys.argv else "nato-desk", *qt_args]
    return run(db_path)


if __name__ == "__main__":
    sys.exit(main())
