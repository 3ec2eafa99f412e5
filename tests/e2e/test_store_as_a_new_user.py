"""The store tried as a new user would (issue 12): a synced folder through a link, two windows,
a lock deleted from a file manager, editing in both, the plug pulled mid-save, a restart.

Each "window" is a separate process opening the store the way the app does
(``open_store``: start-up recovery, the shipped data on first run), driven
line by line on stdin: ``edit <text>`` sets a quote's role and answers
``ok <history id>`` once the edit is durable (acknowledged) or ``refused
<message>``; ``edit-forever <prefix>`` edits until killed, acknowledging each.
At the end every acknowledged edit must be in the store exactly once, and
every refusal must have said why in plain words.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nato_desk.domain import Quote
from nato_desk.store import LOCKED_REASON, Store

ROOT = Path(__file__).resolve().parents[2]
QUOTE = "NATO-01"  # a quote of the shipped data, edited by every window

WINDOW = textwrap.dedent("""
    import sys
    from pathlib import Path
    from nato_desk.domain import Quote, SetField
    from nato_desk.store import StoreError
    from nato_desk.ui.app import open_store

    store = open_store(Path(sys.argv[1]))
    print("read-only:" + (store.read_only_reason or "") if store.read_only else "writable", flush=True)

    def edit(text):
        quote = store.get(Quote, sys.argv[2])
        change = SetField("quotes", quote.id, "role", quote.role, text, "Edit role")
        try:
            entry = store.apply(change, user="analyst")
        except StoreError as exc:
            return "refused " + str(exc)
        return "ok " + entry.id

    for line in sys.stdin:
        command, _, text = line.strip().partition(" ")
        if command == "edit":
            print(edit(text), flush=True)
        elif command == "edit-forever":
            n = 0
            while True:
                n += 1
                print(edit(f"{text} {n}"), flush=True)
        elif command == "close":
            store.close()
            print("closed", flush=True)
            break
""")


class Window:
    def __init__(self, store: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen([sys.executable, "-c", WINDOW, str(store), QUOTE], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)
        self.opened = self._read()

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def say(self, line: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self._read()

    def pull_the_plug_while_saving(self, prefix: str, after: float) -> list[str]:
        """Edit in a loop, kill -9 after ``after`` seconds; the edits acknowledged before."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"edit-forever {prefix}\n")
        self.proc.stdin.flush()
        time.sleep(after)
        os.kill(self.proc.pid, signal.SIGKILL)
        out, _ = self.proc.communicate()
        return [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("ok ")]

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.say("close") == "closed"
        self.proc.communicate(timeout=30)  # and closes the pipes


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_every_confirmed_edit_survives_a_synced_link_two_windows_a_deleted_lock_and_kill_9(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "nato"
    synced.mkdir(parents=True)
    link = tmp_path / "desk.json"
    link.symlink_to(synced / "desk.json")  # the analyst keeps the store in a synced folder
    confirmed: dict[str, str] = {}  # history id -> the role it set

    first = Window(link)
    assert first.opened == "writable"
    second = Window(link)
    assert second.opened == f"read-only:{LOCKED_REASON}"  # said at once, in words

    answer = first.say("edit first window 1")
    assert answer.startswith("ok ")
    confirmed[answer[3:]] = "first window 1"
    answer = second.say("edit second window 1")
    assert answer.startswith("refused ") and "read-only" in answer

    (synced / "desk.json.lock").unlink()  # from a file manager
    third = Window(link)  # a window started now takes a new lock
    assert third.opened == "writable"
    answer = third.say("edit third window 1")
    assert answer.startswith("ok ")
    confirmed[answer[3:]] = "third window 1"

    answer = first.say("edit first window 2")  # its lock is gone: it must not write
    assert answer.startswith("refused ") and "lock file" in answer and "read-only" in answer
    answer = first.say("edit first window 3")
    assert answer.startswith("refused ")

    acknowledged = third.pull_the_plug_while_saving("third window loop", after=0.8)
    assert acknowledged, "the loop saved nothing before the kill"
    for n, entry_id in enumerate(acknowledged, 1):
        confirmed[entry_id] = f"third window loop {n}"
    first.close()
    second.close()
    third.close()  # already dead: only its pipes to close

    restart = Window(link)  # the next morning
    assert restart.opened == "writable"
    restart.close()

    assert link.is_symlink()  # still a link into the synced folder
    with Store.open(link, read_only=True) as store:
        history = store.history_for("quotes", QUOTE)
        ids = [e.id for e in history]
        assert len(ids) == len(set(ids))  # nothing applied twice
        assert set(confirmed) <= set(ids)  # every confirmed edit is there
        assert len(ids) - len(confirmed) <= 1  # at most the one edit the kill interrupted after its fsync
        role = store.get(Quote, QUOTE).role  # type: ignore[union-attr]
    last = confirmed[acknowledged[-1]]
    assert role in (last, f"third window loop {len(acknowledged) + 1}")
