"""A child process for the crash tests: saves in a loop, acknowledging each save.

    python crash_child.py store PATH    # nato_desk's Store: one quote per save
    python crash_child.py tinydb PATH   # TinyDB's own JSONStorage, for the guard test

It prints "ready", then the number of every save as soon as the save call has
returned (an acknowledged save). The parent kills it at a random moment.

crash_harness.py runs the same loops (``run_store``/``run_tinydb`` with ``say``
writing each line straight to a pipe) in processes forked from a forkserver
that has already imported this module, so a kill round does not pay for a
Python start and the store's imports (~0.5 s on a loaded 2-core machine).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

# Imported here, not in the loops, so the harness's forkserver preloads them once.
from nato_desk.domain import AddRecord, Member, Quote, SetField, Source
from nato_desk.store import Store


def _print(line: str) -> None:
    print(line, flush=True)


def run_store(path: Path, say: Callable[[str], None] = _print) -> None:
    seed = [Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"),
            Source("S", "A source")]
    store = Store.open(path, seed=lambda: seed)
    if store.read_only:
        say("read-only")
        return
    say("ready")
    i = 2 * len(store.quotes())
    while True:
        # Odd saves add a long quote, even saves shorten it: the file grows and
        # shrinks, as it does when analysts edit, so a torn or untruncated
        # write would show.
        i += 1
        qid = f"ESP-{(i + 1) // 2:06d}"
        if i % 2:
            quote = Quote(qid, "ESP", "Speaker", "Role", "q" * 3000, "2025-06-25", "S")
            store.apply(AddRecord(quote, f"Add quote {qid}"), user="crash-test")
        else:
            store.apply(SetField("quotes", qid, "text", "q" * 3000, "short", f"Edit {qid}"),
                        user="crash-test")
        say(str(i))


def run_tinydb(path: Path, say: Callable[[str], None] = _print) -> None:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    from tinydb import Query

    table = TinyDB(path, storage=JSONStorage).table("quotes")
    say("ready")
    i = 2 * len(table)
    while True:
        # The same grow-and-shrink pattern as the store child.
        i += 1
        seq = (i + 1) // 2
        if i % 2:
            table.insert({"seq": seq, "text": "q" * 3000})
        else:
            table.update({"text": "short"}, Query().seq == seq)
        say(str(i))


if __name__ == "__main__":
    kind, target = sys.argv[1], Path(sys.argv[2])
    {"store": run_store, "tinydb": run_tinydb}[kind](target)
