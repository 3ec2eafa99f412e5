"""Edit or add a spending figure, or add a national plan point.

A figure's identity is its ally, edition, measure and year; changing the year
or the edition of an existing figure is a remove and an add in one undo step.
Plan points belong to no NATO edition: they are stored under ``PLAN_EDITION``.
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

    def __init__(self, store: Store, member: Member, edition: str, submit: Submit,
                 observation: Observation | None = None, *, plan: bool = False,
                 parent: QWidget | None = None) -> None:
        verb = "Edit" if observation else ("Add plan point for" if plan else "Add figure for")
        super().__init__(f"{verb} {member.name}", submit, parent)
        self._store = store
        self._member = member
        self._old = observation
        # A figure's kind follows its edition, never its status: a plan point
        # stays a plan point whatever status it is given.
        self._plan = plan if observation is None else observation.edition == PLAN_EDITION
        editions = sorted(store.editions(), key=lambda e: e.released, reverse=True)

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

        self.add_row("Year", self.year)
        self.add_row("Value", self.value)
        self.add_row("Status", self.status)
        self.add_row("Edition", self.edition)
        self.add_row("Measure", self.measure)
        self.add_row("Source", self.source)
        self.add_row("Note", self.note)
        self.edition.currentIndexChanged.connect(self._on_edition_changed)

        if observation:
            self.year.setValue(observation.year)
            if observation.value is not None:
                self.value.setText(f"{observation.value:.{observation.decimals}f}")
            if self.status.findData(observation.status.value) < 0:
                self.status.addItem(observation.status.value, observation.status.value)
            self.status.setCurrentIndex(self.status.findData(observation.status.value))
            self.edition.setCurrentIndex(self.edition.findData(observation.edition))
            self.measure.setCurrentIndex(self.measure.findData(observation.measure.value))
            self.note.setText(observation.note)
            self.note.setCursorPosition(0)
            if observation.value is None:
                self.value.textChanged.connect(self._on_blank_filled)
        else:
            self.edition.setCurrentIndex(max(0, self.edition.findData(PLAN_EDITION if plan else edition)))
            self.status.setCurrentIndex(self.status.findData((Status.PLAN if plan else Status.ESTIMATE).value))
            latest = store.observations(iso3=member.iso3, edition=edition)
            self.year.setValue(max((o.year for o in latest), default=2025) + 1)
            self._on_edition_changed()

    def _on_blank_filled(self, text: str) -> None:
        # The note of a published blank explains the blank; once there is a
        # figure it would mislead, so it goes (visibly) and asks for a new one.
        assert self._old is not None
        if text.strip() and self.note.text() == self._old.note:
            self.note.clear()
            self.note.setPlaceholderText("Where does this figure come from? (the blank's note was cleared)")

    def _on_edition_changed(self) -> None:
        edition = self._store.get(Edition, self.edition.currentData())
        if edition is not None:
            # A NATO edition has one measure; only plan points choose theirs.
            self.measure.setCurrentIndex(self.measure.findData(edition.measure.value))
        self.measure.setEnabled(edition is None)

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
            return ChangeSet((RemoveRecord(old, label), AddRecord(new, label)), label)
        sets = tuple(
            SetField(Observation.KIND, old.id, field, getattr(old, field), getattr(new, field), label)
            for field in ("value", "decimals", "status", "source_id", "note")
            if getattr(old, field) != getattr(new, field)
        )
        if not sets:
            return None
        return sets[0] if len(sets) == 1 else ChangeSet(sets, label)
