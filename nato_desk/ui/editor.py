"""The UI end of the one write path: changes go through the undo stack.

``DeskEditor.submit`` applies a change to the store *before* pushing it, so a
refused change (validation, conflict, disk error) never reaches the stack and
its message goes straight back to the dialog that made it. ``ApplyChange``'s
first ``redo`` is then a no-op; later redos and undos call ``store.apply`` and
report failures through ``failed``, since ``redo``/``undo`` run inside a C++
virtual call where an exception cannot be shown.

Signals:
    changed(object): a change (or its inverse) was applied; views refresh.
    failed(str): an undo or redo could not be applied; the message says why.
    turned_read_only(str): a save found the store's files changed under it
        (a deleted lock, a moved folder): the store stopped saving and the
        window must show it read-only; the message says why.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from nato_desk.domain import Change, ValidationError
from nato_desk.store import ChangeConflict, Store, StoreError, StoreIdentityError

__all__ = ["ApplyChange", "DeskEditor", "os_user"]


def os_user() -> str:
    import getpass  # asked at the first edit, not by the first window (issue 14: start-up)

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "unknown user"


class ApplyChange(QUndoCommand):
    """Applies a domain change; undo applies its inverse. One class for every edit."""

    def __init__(self, editor: DeskEditor, change: Change, reason: str) -> None:
        # Qt reads "&" in a menu text as a shortcut marker; the label is data.
        super().__init__(change.label.replace("&", "&&"))
        self._editor = editor
        self._change = change
        self._reason = reason
        self._applied = True  # submit() applied it before pushing

    @property
    def change(self) -> Change:
        return self._change

    # Both guards make moving the stack index back after a failure harmless:
    # the stack then calls redo on a step that is still applied (or undo on
    # one that is not), and nothing happens.
    def redo(self) -> None:
        if self._applied:
            return
        self._applied = self._editor.apply_quietly(self, self._change, self._reason)

    def undo(self) -> None:
        if not self._applied:
            return
        self._applied = not self._editor.apply_quietly(self, self._change.inverse(), "")


class DeskEditor(QObject):
    changed = Signal(object)
    failed = Signal(str)
    turned_read_only = Signal(str)
    """The store stopped saving (its files changed under it); the message says why."""

    def __init__(self, store: Store, user: Callable[[], str] = os_user,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self._user = user

    @property
    def user(self) -> str:
        return self._user()

    def submit(self, change: Change, reason: str = "", *, reverts: str = "") -> str | None:
        """Apply ``change`` and put it on the undo stack.

        ``reverts`` names the history entry this change reverts, if any.
        Returns None on success, else a message naming what is wrong (nothing
        was stored).
        """
        reason = reason.strip()
        try:
            self.store.apply(change, user=self.user, reason=reason, reverts=reverts)
        except StoreIdentityError as exc:
            self.turned_read_only.emit(str(exc))
            return str(exc)
        except (ValidationError, StoreError) as exc:
            return str(exc)
        self.undo_stack.push(ApplyChange(self, change, reason))
        self.changed.emit(change)
        return None

    def apply_quietly(self, command: ApplyChange, change: Change, reason: str) -> bool:
        """Apply for undo/redo; failures are reported through ``failed``.

        A conflict (the data moved on) makes the step obsolete: it can never
        apply again. Any other failure (a full disk) keeps the step, and the
        stack's index is put back once Qt has finished moving it.
        """
        try:
            self.store.apply(change, user=self.user, reason=reason)
        except (ValidationError, ChangeConflict) as exc:
            command.setObsolete(True)
            self.failed.emit(f"Could not {change.label[0].lower()}{change.label[1:]}: {exc}")
            return False
        except StoreError as exc:
            # During undo()/redo() the stack still reports the index it is
            # leaving; Qt moves it after we return, and this moves it back.
            index = self.undo_stack.index()
            QTimer.singleShot(0, lambda: self.undo_stack.setIndex(index))
            self.failed.emit(f"Could not {change.label[0].lower()}{change.label[1:]}: {exc}")
            if isinstance(exc, StoreIdentityError):
                self.turned_read_only.emit(str(exc))
            return False
        self.changed.emit(change)
        return True
