"""``nato-desk import FILE``: a table file into the store, reviewed as a report.

Reads the file with the layout readers (``ingest.tables``), plans where it
goes (``plan_import``: a new edition, or the existing one it belongs to),
prints the review (or, with ``--json``, one JSON object on stdout) and, unless
``--dry-run``, applies what the window's "Accept all" would: every new and
changed value, never a removal, as one history entry naming the file and its
SHA-256. Re-importing the same file changes nothing. No Qt.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from nato_desk.ingest import ImportRejected
from nato_desk.ingest.tables import read_table_path
from nato_desk.ingest.tables.diff import ImportDiff, RowKind, accept_all, change_for, history_reason
from nato_desk.ingest.tables.plan import diff_to_json, plan_import
from nato_desk.store import Store

__all__ = ["ImportOutcome", "import_file", "report_lines"]

_SHOWN_CHANGES = 40  # the human report lists this many changed values; --json lists all


@dataclass(frozen=True)
class ImportOutcome:
    diff: ImportDiff
    applied: int  # values written (0 for a dry run or nothing to change)


def _value(obs: object) -> str:
    value = getattr(obs, "value", None)
    if obs is None:
        return "\u2014"
    if value is None:
        return "blank"
    decimals = getattr(obs, "decimals", 2)
    return f"{value:,.{decimals}f}"


def report_lines(diff: ImportDiff, layout: str, tables: tuple[str, ...], skipped: tuple[str, ...]) -> list[str]:
    """The human review: where it goes, the counts, the tables, what was skipped, the changes."""
    e = diff.edition
    state = "a new edition" if diff.new_edition else "an existing edition"
    lines = [
        f"{diff.file_name} (layout {layout}; SHA-256 {diff.sha256})",
        f"Edition {e.id}: {e.publisher} {e.label}, {e.title} ({state})",
        f"{diff.count(RowKind.NEW):,} new \u00b7 {diff.count(RowKind.CHANGED):,} changed \u00b7 "
        f"{diff.count(RowKind.UNCHANGED):,} unchanged \u00b7 {diff.count(RowKind.ONLY_IN_STORE):,} only in the store",
    ]
    lines += [f"  table: {t}" for t in tables]
    if skipped:
        lines.append(f"  skipped ({len(skipped)}): " + "; ".join(skipped[:8]) + ("; \u2026" if len(skipped) > 8 else ""))
    changed = [r for r in diff.rows if r.kind is not RowKind.UNCHANGED]
    for row in changed[:_SHOWN_CHANGES]:
        lines.append(f"  {row.iso3} {row.year} {row.measure.value}: {_value(row.old)} \u2192 {_value(row.new)}"
                     f" ({row.change})")
    if len(changed) > _SHOWN_CHANGES:
        lines.append(f"  \u2026 and {len(changed) - _SHOWN_CHANGES:,} more (--json lists every one)")
    return lines


def import_file(store: Store, path: Path, *, edition: str | None, dry_run: bool, as_json: bool,
                out: TextIO, user: str | None = None, released: str | None = None) -> ImportOutcome:
    """Review ``path`` against ``store``, print the review to ``out`` and apply it unless ``dry_run``.

    Raises:
        ImportRejected: the file is refused (nothing stored).
        OSError: the file cannot be read.
        StoreError: the save failed (nothing stored).
    """
    imported = read_table_path(path)
    diff = plan_import(imported, store.editions(), store.sources(), store.observations(), edition, released)
    if as_json:
        json.dump(diff_to_json(diff), out, ensure_ascii=False)
        out.write("\n")
    else:
        for line in report_lines(diff, imported.layout, imported.tables, imported.skipped):
            print(line, file=out)
    taken = accept_all(diff)
    change = change_for(diff, taken)
    if dry_run or change is None:
        return ImportOutcome(diff, 0)
    store.apply(change, user=user or getpass.getuser(), reason=history_reason(diff, taken))
    return ImportOutcome(diff, len(taken))


def refuse_message(exc: ImportRejected) -> str:
    return f"{exc} Nothing was stored."
