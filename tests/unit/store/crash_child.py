"""A child process for the crash tests: saves in a loop, acknowledging each save.

    python crash_child.py store PATH    # nato_desk's Store: one quote per save
    python crash_child.py tinydb PATH   # TinyDB's own JSONStorage, for the guard test

It prints "ready", then the number of every save as soon as the save call has
returned (an acknowledged save). The parent kills it at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path


def run_store(path: Path) -> None:
    from nato_desk.domain import AddRecord, Member, Quote, SetField, Source
    from nato_desk.store import Store

    seed = [Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"),
            Source("S", "A source")]
    store = Store.open(path, seed=lambda: seed)
    if store.read_only:
        print("read-only", flush=True)
        return
    print("ready", flush=True)
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
        print(i, flush=True)


def run_tinydb(path: Path) -> None:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    from tinydb import Query

    table = TinyDB(path, storage=JSONStorage).table("quotes")
    print("ready", flush=True)
    i = 2 * len(table)
    while True:
        # The same grow-and-shrink pattern as the store child.
        i += 1
        seq = (i + 1) // 2
        if i % 2:
            table.insert({"seq": seq, "text": "q" * 3000})
        else:
            table.update({"text": "short"}, Query().seq == seq)
        print(i, flush=True)


if __name__ == "__main__":
    kind, target = sys.argv[1], Path(sys.argv[2])
    {"store": run_store, "tinydb": run_tinydb}[kind](target)
