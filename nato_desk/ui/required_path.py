"""The "Path to 2035" box: what it takes an ally to reach 3.5% and 5% by 2035.

From the ally's latest figure in the shown edition: the linear increase in
percentage points per year, the compound growth of the GDP share, and the
real growth of defence spending that implies for a real GDP growth the
analyst sets (remembered in the settings). The targets are shares of GDP, so
for any other measure (equipment share, US$, personnel) the box says so in a
plain note instead of computing a path.

An assumption that differs from the default is said where it applies, in the
sentence that starts the paths ("assuming 3.1% real GDP growth a year
(default 1.5%)"); briefing decks are built at the default and say so on
their slides, so the box says that too.

For an ally that has not committed to 3.5% (Spain under the Hague
arrangement: ``analysis.stance.commitment_note``) the box says so first,
quoting hague_summit.md, and every path is labelled "Illustrative path",
never a plan or a pledge.

Signals:
    gdp_growth_changed(float): the analyst changed the assumption (0.015 = 1.5%).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QGroupBox, QWidget

from nato_desk.analysis import RequiredPath, format_figure, latest_figure, required_from_series
from nato_desk.analysis.figures import measure_words
from nato_desk.domain import Measure, Observation, Status, Target
from nato_desk.ui.plain_text import plain_label

__all__ = ["DEFAULT_GDP_GROWTH", "RequiredPathBox", "assumption_text", "describe_path"]

DEFAULT_GDP_GROWTH = 0.015
"""The real GDP growth assumed unless the analyst sets another (also the decks' assumption)."""


def assumption_text(growth: float, default: float = DEFAULT_GDP_GROWTH) -> str:
    """The GDP growth assumed, naming the default when it differs."""
    words = f"assuming {growth * 100:.1f}% real GDP growth a year"
    if round(growth * 1000) == round(default * 1000):
        return words
    return f"{words} (default {default * 100:.1f}%; briefing decks use the default)"


def describe_path(path: RequiredPath, label: str) -> str:
    """One plain sentence an analyst can read out in a briefing."""
    years = path.by_year - path.from_year
    if path.already_there:
        return (f"{label}: already there. It could fall by up to {abs(path.pp_per_year):.2f} pp "
                f"a year for {years} years and still meet it in {path.by_year}.")
    return (f"{label}: +{path.pp_per_year:.2f} pp a year for {years} years; the GDP share must "
            f"grow {path.share_growth * 100:.2f}% a year, which means real defence spending "
            f"growth of {path.real_growth * 100:.2f}% a year at {path.gdp_growth * 100:g}% "
            f"real GDP growth.")


class RequiredPathBox(QGroupBox):
    gdp_growth_changed = Signal(float)

    def __init__(self, gdp_growth: float = DEFAULT_GDP_GROWTH, parent: QWidget | None = None) -> None:
        super().__init__("Path to 2035", parent)
        self.setAccessibleName("Path to 2035")
        self.gdp_growth = QDoubleSpinBox()
        self.gdp_growth.setAccessibleName("Assumed real GDP growth")
        self.gdp_growth.setRange(-5.0, 10.0)
        self.gdp_growth.setDecimals(1)
        self.gdp_growth.setSingleStep(0.1)
        self.gdp_growth.setSuffix(" % a year")
        self.gdp_growth.setValue(gdp_growth * 100)
        self.gdp_growth.valueChanged.connect(self._on_gdp_growth_changed)
        self.start = plain_label(measure_once=True)
        self.start.setAccessibleName("Path start")
        self.core = plain_label(measure_once=True)
        self.core.setAccessibleName("Path to core target")
        self.total = plain_label(measure_once=True)
        self.total.setAccessibleName("Path to total target")
        self.caveat = plain_label(measure_once=True)
        self.caveat.setAccessibleName("Path caveat")
        self.caveat.setObjectName("gapNote")
        self.commitment = plain_label(measure_once=True)
        self.commitment.setAccessibleName("Commitment")
        self.commitment.setObjectName("commitmentNote")
        self.commitment.hide()
        form = QFormLayout(self)
        form.addRow(self.commitment)
        form.addRow(plain_label("Real GDP growth:", wrap=False, selectable=False), self.gdp_growth)
        form.addRow(self.start)
        form.addRow(self.core)
        form.addRow(self.total)
        form.addRow(self.caveat)
        self._points: Sequence[Observation] = ()
        self._targets: tuple[Target, ...] = ()
        self._measure: Measure | None = None
        self._commitment = ""

    @property
    def illustrative(self) -> bool:
        """Whether the paths are illustrative only: the ally has not committed to the target."""
        return bool(self._commitment)

    def set_commitment(self, note: str, *, update: bool = True) -> None:
        """``note`` (``analysis.stance.commitment_note``) says why a path is not a commitment; "" if it is.

        ``update=False``: the paths are not worked out again here, as ``show_points``
        is about to (a switch of ally sets both; issue 14)."""
        self._commitment = note
        self.commitment.setText(note)
        self.commitment.setVisible(bool(note))
        if update:
            self._update()

    @property
    def growth(self) -> float:
        return self.gdp_growth.value() / 100

    def show_points(self, points: Sequence[Observation], targets: Sequence[Target],
                    measure: Measure | None = None) -> None:
        """The ally's figures in one edition and measure, and the targets to reach.

        ``measure`` (default: the figures' own) decides whether a path applies.
        """
        self._measure = measure
        self._points = [o for o in points if o.status in (Status.ACTUAL, Status.ESTIMATE)]
        self._targets = tuple(t for t in targets if t.id in ("HAGUE_CORE", "HAGUE_TOTAL"))
        self._update()

    def paths(self) -> dict[str, RequiredPath]:
        out: dict[str, RequiredPath] = {}
        if not self.applies():
            return out
        for target in self._targets:
            path = required_from_series(self._points, target.value, target.by_year, self.growth)
            if path is not None and path.from_year < target.by_year:
                out[target.id] = path
        return out

    def applies(self) -> bool:
        """The 3.5% and 5% targets are shares of GDP: a path means nothing for another measure."""
        measure = self._measure or next((o.measure for o in self._points), None)
        return measure is None or measure.info.is_share_of_gdp

    def _update(self) -> None:
        if not self.applies():
            measure = self._measure or self._points[0].measure
            self.start.setText(f"The 3.5% and 5% targets are shares of GDP; the figures shown are "
                               f"{measure_words(measure)} ({measure.info.unit}), so no path to 2035 "
                               "is computed. Choose a share of GDP to see one.")
            for label in (self.core, self.total, self.caveat):
                label.setText("")
            self.gdp_growth.setEnabled(False)
            return
        self.gdp_growth.setEnabled(True)
        latest = latest_figure(self._points)
        paths = self.paths()
        if latest is None or not paths:
            self.start.setText("No figure in this edition to start a path from.")
            self.core.setText("")
            self.total.setText("")
            self.caveat.setText("")
            return
        # The arithmetic is exact; what the numbers measure needs saying.
        caveats = ["The 5% total also counts up to 1.5% of GDP in related spending, which NATO "
                   "does not report; this path assumes all of it comes from the figure shown."]
        if latest.measure is not Measure.CORE_PCT_GDP:
            caveats.insert(0, f"These figures are {latest.measure.label}, not the core measure "
                              "the 3.5% target is defined on.")
        self.caveat.setText(" ".join(caveats))
        kind = "an illustrative straight path" if self._commitment else "a straight path"
        self.start.setText(f"From {format_figure(latest)}, {kind} to each target, "
                           f"{assumption_text(self.growth)}:")
        for target, label in ((t, w) for t in self._targets
                              for w in [self.core if t.id == "HAGUE_CORE" else self.total]):
            path = paths.get(target.id)
            name = f"{target.value:g}% {'core' if target.id == 'HAGUE_CORE' else 'total'} by {target.by_year}"
            lead = f"Illustrative path to {name} (not a commitment)" if self._commitment else f"To {name}"
            label.setText(describe_path(path, lead) if path else "")

    def _on_gdp_growth_changed(self, _: float) -> None:
        self._update()
        self.gdp_growth_changed.emit(self.growth)
