"""Edit or add a spending figure, or add a national plan point.

A figure's identity is its ally, edition, measure and year; changing the year
or the edition of an existing figure is a remove and an add in one undo step.
Plan points belong to no NATO edition: they are stored under ``PLAN_EDITION``.

Adding a figure whose ally, edition, measure and year already have one (a
published blank, say) edits that figure instead of being refused: the dialog
loads it and says so ("Germany 2025 already has a figure in this edition:
editing it"); choosing a free year again makes it an addition again. Add
figure opens on the ally's latest published blank in the shown edition, if it
has one: filling blanks is what adding a figure to an existing year means.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from nato_desk.domain import (
    PLAN_EDITION,
    AddRecord,
    Change,
    ChangeSet,
    Edition,
    Measure,
    Member,
    Observation,
    RemoveRecord,
    SetField,
    Status,
    ValidationError,
)
from nato_desk.domain.validation import MAX_YEAR, MIN_YEAR
from nato_desk.store import Store
from nato_desk.ui.dialogs.base import EditDialog, SourcePicker, Submit
from nato_desk.ui.plain_text import plain_label

__all__ = ["FigureDialog", "figure_label", "observation_id", "parse_value"]

# ASCII digits only: \d would accept other scripts' digits as numbers.
_NUMBER = re.compile(r"^-?[0-9]+(\.([0-9]+))?$")
_MAX_DECIMALS = 4
# NATO editions hold NATO's figures; plan points hold national plans and scenarios.
_NATO_STATUSES = (Status.ACTUAL, Status.ESTIMATE)
_PLAN_STATUSES = (Status.PLAN, Status.SCENARIO)


def observation_id(edition: str, iso3: str, measure: Measure, year: int) -> str:
    return f"{edition}/{iso3}/{measure.value}/{year}"


def figure_label(verb: str, member_name: str, year: int, status: Status) -> str:
    """"Edit Spain 2025 estimate": what the undo menu and the history say."""
    return f"{verb} {member_name} {year} {status.value}"


def parse_value(text: str, what: str) -> tuple[float | None, int]:
    """``"2.40"`` -> (2.4, 2); ``""`` -> (None, 0), a blank.

    Raises:
        ValidationError: not a plain decimal number.
    """
    text = text.strip()
    if not text:
        return None, 0
    match = _NUMBER.match(text)
    if not match:
        hint = " (use a point, as in 2.4)" if "," in text else ""
        raise ValidationError(what, "value", f"'{text}' is not a number{hint}")
    decimals = len(match.group(2) or "")
    if decimals > _MAX_DECIMALS:
        raise ValidationError(what, "value", f"'{text}' has more than {_MAX_DECIMALS} decimals")
    # The range (0-100) is the domain's check, so its message is the same everywhere.
    return float(text), decimals


class FigureDialog(EditDialog):
    """``observation`` None adds a figure (or a plan point when ``plan`` is set)."""

    RECORD_KIND = Observation.KIND

    def __init__(self, store: Store, member: Member, edition: str, submit: Submit,
                 observation: Observation | None = None, *, plan: bool = False,
                 parent: QWidget | None = None) -> None:
        self._verb = "Add plan point for" if plan else "Add figure for"
        super().__init__(f"{'Edit' if observation else self._verb} {member.name}", submit, parent)
        self._store = store
        self._member = member
        self._old = observation
        # Opened to add: a year that already has a figure switches to editing it.
        self._adding = observation is None
        self._loading = False
        # A figure's kind follows its edition, never its status: a plan point
        # stays a plan point whatever status it is given.
        self._plan = plan if observation is None else observation.edition == PLAN_EDITION
        editions = sorted(store.editions(), key=lambda e: e.released, reverse=True)

        self.notice = plain_label()
        self.notice.setAccessibleName("Editing an existing figure")
        self.notice.hide()
        self.form.addRow(self.notice)
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.value = QLineEdit()
        self.value.setPlaceholderText("% of GDP, e.g. 2.40; empty for a published blank")
        self.status = QComboBox()
        for status in _PLAN_STATUSES if self._plan else _NATO_STATUSES:
            self.status.addItem(status.value, status.value)
        self.edition = QComboBox()
        if self._plan:
            self.edition.addItem("National plan (no NATO edition)", PLAN_EDITION)
        else:
            for e in editions:
                self.edition.addItem(f"{e.label} — {e.title}", e.id)
        if observation is not None and self.edition.findData(observation.edition) < 0:
            # An edition the store does not list: keep it rather than move the figure.
            self.edition.addItem(observation.edition, observation.edition)
        self.measure = QComboBox()
        for m in Measure:
            self.measure.addItem(m.label, m.value)
        self.source = SourcePicker(store, observation.source_id if observation else "")
        self.note = QLineEdit()

        for field, widget in (("year", self.year), ("value", self.value), ("status", self.status),
                              ("edition", self.edition), ("measure", self.measure)):
            self.add_field(field, widget)
        self.add_source_field("source_id", self.source, store)
        self.add_field("note", self.note)
        self.edition.currentIndexChanged.connect(self._on_edition_changed)
        self.value.textChanged.connect(self._on_blank_filled)

        if observation:
            self._load(observation)
        else:
            self.edition.setCurrentIndex(max(0, self.edition.findData(PLAN_EDITION if plan else edition)))
            self.status.setCurrentIndex(self.status.findData((Status.PLAN if plan else Status.ESTIMATE).value))
            latest = store.observations(iso3=member.iso3, edition=edition)
            blanks = [o.year for o in latest if o.value is None and not plan]
            self.year.setValue(max(blanks) if blanks else max((o.year for o in latest), default=2025) + 1)
            self._on_edition_changed()
        self.year.valueChanged.connect(self._on_identity_changed)
        self.measure.currentIndexChanged.connect(self._on_identity_changed)
        self._on_identity_changed()

    def _load(self, observation: Observation) -> None:
        """Show ``observation``; what the analyst already typed or chose is kept."""
        self._loading = True
        self.year.setValue(observation.year)
        if observation.value is not None and not self.value.text().strip():
            self.value.setText(f"{observation.value:.{observation.decimals}f}")
        if self.status.findData(observation.status.value) < 0:
            self.status.addItem(observation.status.value, observation.status.value)
        self.status.setCurrentIndex(self.status.findData(observation.status.value))
        self.edition.setCurrentIndex(self.edition.findData(observation.edition))
        self.measure.setCurrentIndex(self.measure.findData(observation.measure.value))
        if not self.source.source_id():
            self.source.select(observation.source_id)
        self.note.setText(observation.note)
        self.note.setCursorPosition(0)
        self._loading = False
        self._on_blank_filled(self.value.text())

    def _existing(self) -> Observation | None:
        edition = self.edition.currentData()
        measure = self.measure.currentData()
        if edition is None or measure is None:
            return None
        oid = observation_id(str(edition), self._member.iso3, Measure(measure), self.year.value())
        return self._store.get(Observation, oid)

    def _on_identity_changed(self, *_: object) -> None:
        if not self._adding or self._loading:
            return
        existing = self._existing()
        if existing == self._old:
            return
        name = self._member.name
        if existing is None:
            if self._old is not None and self.note.text() == self._old.note:
                self.note.clear()  # the other figure's note says nothing about this one
            self._old = None
            self.notice.hide()
            self.setWindowTitle(f"{self._verb} {name}")
            return
        self._old = existing
        self._load(existing)
        blank = " (a published blank)" if existing.value is None else ""
        self.notice.setText(f"{name} {existing.year} already has a figure in this edition{blank}: "
                            "editing it.")
        self.notice.show()
        self.setWindowTitle(f"Edit {name}")

    def _on_blank_filled(self, text: str) -> None:
        # The note of a published blank explains the blank; once there is a
        # figure it would mislead, so it goes (visibly) and asks for a new one.
        old = self._old
        if self._loading or old is None or old.value is not None:
            return
        if text.strip() and self.note.text() == old.note:
            self.note.clear()
            self.note.setPlaceholderText("Where does this figure come from? (the blank's note was cleared)")

    def _on_edition_changed(self) -> None:
        edition = self._store.get(Edition, self.edition.currentData())
        if edition is not None:
            # A NATO edition has one measure; only plan points choose theirs.
            self.measure.setCurrentIndex(self.measure.findData(edition.measure.value))
        self.measure.setEnabled(edition is None)
        self._on_identity_changed()

    def _new_record(self) -> Observation:
        what = f"Observation {self._member.iso3} {self.year.value()} ({self.edition.currentData()})"
        value, decimals = parse_value(self.value.text(), what)
        # Combo boxes hold the enums' string values; Qt would not keep the enum type.
        measure = Measure(self.measure.currentData())
        edition: str = self.edition.currentData()
        source_id = self.source.source_id()
        if not source_id:
            raise ValidationError(what, "source_id", "is empty: every figure needs a source")
        return Observation(
            id=observation_id(edition, self._member.iso3, measure, self.year.value()),
            iso3=self._member.iso3, year=self.year.value(), measure=measure, value=value,
            decimals=decimals, status=Status(self.status.currentData()), edition=edition,
            source_id=source_id, note=self.note.text().strip(),
        )

    def build_change(self) -> Change | None:
        new = self._new_record()
        name = self._member.name
        if self._old is None:
            return AddRecord(new, figure_label("Add", name, new.year, new.status))
        old = self._old
        label = figure_label("Edit", name, old.year, old.status)
        if new.id != old.id:
            if self._store.get(Observation, new.id) is not None:
                # Moving onto another figure would replace it: edit that one instead.
                raise ValidationError(
                    f"Observation {new.iso3} {new.year} ({new.edition})", "year",
                    f"{name} {new.year} already has a figure in this edition; edit that one instead")
            return ChangeSet((RemoveRecord(old, label), AddRecord(new, label)), label)
        sets = tuple(
            SetField(Observation.KIND, old.id, field, getattr(old, field), getattr(new, field), label)
            for field in ("value", "decimals", "status", "source_id", "note")
            if getattr(old, field) != getattr(new, field)
        )
        if not sets:
            return None
        return sets[0] if len(sets) == 1 else ChangeSet(sets, label)
