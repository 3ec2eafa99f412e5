"""The chart panel: the trajectory chart and the allies compared on it.

The selected ally always leads; "Compare with" adds others, each shown as a
removable button in the colour and marker it has on the chart. The target
toggles and the scenario choice follow the measure on show: "2% guideline"
and "Hague targets" for shares of GDP, "20% guideline" for the equipment
share, none for money or people; scenario paths only for shares of GDP.
"Years … to …" chooses the years shown (and exported), 2014 to 2035 by default.
The options wrap onto more rows when the panel is narrow (``FlowLayout``).

Signals:
    comparisons_changed(list): the compared allies changed (ISO-3 codes).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nato_desk.analysis.figures import measure_targets, measure_words
from nato_desk.domain import Measure
from nato_desk.store import Store
from nato_desk.ui.chart.first_layout import FitAhead, ViewTabs
from nato_desk.ui.chart.flow_layout import FlowLayout
from nato_desk.ui.chart.trajectory_chart import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ALLIES,
    WALES_TARGETS,
    ScenarioChoice,
    TrajectoryChart,
)
from nato_desk.ui.plain_text import tooltip
from nato_desk.ui.theme import ally_hex

__all__ = ["SCENARIO_CHOICES", "ChartPanel"]


def _group(*widgets: QWidget) -> QWidget:
    """Widgets kept together on one row of the wrapping options."""
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return group

SCENARIO_CHOICES = (
    ("No scenario path", "", "HAGUE_CORE"),
    ("Scenario: linear path to 3.5% by 2035", "linear", "HAGUE_CORE"),
    ("Scenario: compound path to 3.5% by 2035", "compound", "HAGUE_CORE"),
    ("Scenario: linear path to 5% by 2035", "linear", "HAGUE_TOTAL"),
    ("Scenario: compound path to 5% by 2035", "compound", "HAGUE_TOTAL"),
)


class ChartPanel(QWidget):
    comparisons_changed = Signal(list)

    def __init__(self, store: Store, edition: str, parent: QWidget | None = None, *,
                 measure: Measure | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.chart = TrajectoryChart(store, edition, self, measure=measure)

        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName("Ally to compare")
        self.compare_combo.addItem("Compare with…", "")
        for member in store.members():
            self.compare_combo.addItem(f"{member.name} ({member.iso3})", member.iso3)
        self.compare_combo.activated.connect(self._on_compare_combo_activated)
        self.clear_button = QPushButton("Clear comparison")
        self.clear_button.setAccessibleName("Clear comparison")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self._chips = QHBoxLayout()
        self._chips_key: tuple[object, ...] | None = None  # what the chips show (``_rebuild_chips``)
        self._chips.setSpacing(4)

        self.hague_check = QCheckBox("Hague targets")
        self.hague_check.setAccessibleName("Show Hague targets")
        self.wales_check = QCheckBox("2% guideline")
        self.wales_check.setAccessibleName("Show 2% guideline")
        for check in (self.hague_check, self.wales_check):
            check.setChecked(True)
            check.toggled.connect(self._on_target_toggled)
        self.scenario_combo = QComboBox()
        self.scenario_combo.setAccessibleName("Scenario path")
        for label, kind, target in SCENARIO_CHOICES:
            self.scenario_combo.addItem(label, (kind, target))
        self.scenario_combo.setCurrentIndex(1)
        # Combo boxes may shrink (their full text stays in the popup), so the
        # chart panel never squeezes the member list.
        for combo in (self.compare_combo, self.scenario_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.scenario_combo.setMinimumContentsLength(24)
        self.scenario_combo.currentIndexChanged.connect(self._on_scenario_changed)
        self.reset_button = QPushButton("Reset view")
        self.reset_button.setAccessibleName("Reset chart view")
        self.reset_button.setToolTip("Back to 2014-2035 after zooming or panning (Home)")
        self.reset_button.clicked.connect(self.chart.reset_view)
        # The years shown, "from 2014 to 2035"; the export shows the same.
        self.year_from, self.year_to = QSpinBox(), QSpinBox()
        for spin, words in ((self.year_from, "First year shown"), (self.year_to, "Last year shown")):
            spin.setRange(FIRST_YEAR, LAST_YEAR)
            spin.setAccessibleName(words)
            spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel changes it only when focused
            spin.setKeyboardTracking(False)  # typing "2" of "2020" must not jump the chart
        self.year_from.setValue(FIRST_YEAR)
        self.year_to.setValue(LAST_YEAR)
        self.year_from.valueChanged.connect(self._on_year_spin_changed)
        self.year_to.valueChanged.connect(self._on_year_spin_changed)
        self.chart.year_range_changed.connect(self._on_chart_year_range_changed)

        # The chips scroll sideways rather than widen the window.
        chips = QWidget()
        chips.setLayout(self._chips)
        self._chips.setContentsMargins(0, 0, 0, 0)
        chip_scroll = QScrollArea()
        chip_scroll.setWidget(chips)
        chip_scroll.setWidgetResizable(True)
        chip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        chip_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        chip_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        chip_scroll.setFixedHeight(self.compare_combo.sizeHint().height() + 8)
        chip_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop: Tab goes to the chips
        # Drawn on the tab page's own background: filled with the window colour (as a
        # scroll area fills its viewport and content), the empty chip row was a grey
        # box on the lighter page under Fusion on X11.
        chip_scroll.viewport().setAutoFillBackground(False)
        chips.setAutoFillBackground(False)
        bar = QHBoxLayout()
        bar.addWidget(self.compare_combo)
        bar.addWidget(chip_scroll, 1)
        bar.addWidget(self.clear_button)
        # The options wrap onto a second row when the chart side is narrow, so
        # the window can be made as narrow as 900 px (issue 13); each group
        # (targets, scenario, years) stays whole on its row.
        years_label = QLabel("Years")
        years_label.setBuddy(self.year_from)
        self.option_groups = [
            _group(self.hague_check, self.wales_check),
            _group(self.scenario_combo),
            _group(years_label, self.year_from, QLabel("to"), self.year_to, self.reset_button),
        ]
        options = FlowLayout(spacing=6)
        for group in self.option_groups:
            options.addWidget(group)
        self.options_layout = options
        trajectory = QWidget()
        page = QVBoxLayout(trajectory)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(bar)
        page.addLayout(options)
        page.addWidget(self.chart, 1)
        self.views = ViewTabs()  # its pages laid out before it is first shown (first_layout)
        self.views.setAccessibleName("Views")
        self.views.addTab(trajectory, "Trajectory")
        self.chart.least_height_changed.connect(self._on_chart_least_height_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.views)
        self._on_scenario_changed()
        self._rebuild_chips()
        self._sync_measure_controls()

    def _on_chart_least_height_changed(self, _: int) -> None:
        # The tab widget kept the least height it had measured (it lays its pages out
        # itself, and the chart's layout tells its parent only when it next runs): six
        # allies' chart was squeezed under its least height, its legend over the note.
        # Each widget from the chart up tells its parent's layout now.
        widget: QWidget | None = self.chart
        while widget is not None and widget is not self:
            widget.updateGeometry()
            widget = widget.parentWidget()

    def fit_ahead_in(self, parent: QWidget) -> None:
        """``parent`` gives this panel its whole width (a vertical splitter): when it is
        resized just before the window's first show, the chart works out its least height
        for its coming width first, so the window is laid out once (``first_layout``)."""
        FitAhead(parent, self._fit_ahead, self._about_to_show)

    def _about_to_show(self) -> bool:
        chart = self.chart
        return not chart.isVisible() and chart.isVisibleTo(chart.window())

    def _fit_ahead(self, width: int) -> None:
        # The panel's and the Trajectory page's layouts have no margins: the chart and
        # the options are as wide as the tab widget's page area.
        page = self.views.contents_rect(width, max(self.views.height(), 1)).width()
        self.options_layout.expect_width(page)
        self.chart.fit_ahead(page)

    def set_edition(self, edition: str, measure: Measure | None = None) -> None:
        """Show ``edition`` in ``measure`` (``None``: its headline measure)."""
        self.chart.set_edition(edition, measure)
        self._sync_measure_controls()

    def _sync_measure_controls(self) -> None:
        measure = self.chart.measure
        ids = [t.id for t in measure_targets(self._store.targets(), measure)]
        wales = [t for t in self._store.targets() if t.id in ids and t.id in WALES_TARGETS]
        self.wales_check.setVisible(bool(wales))
        if wales:
            words = f"{wales[0].value:g}% guideline"
            self.wales_check.setText(words)
            self.wales_check.setAccessibleName(f"Show {words}")
        self.hague_check.setVisible(any(i not in WALES_TARGETS for i in ids))
        scenario = self.chart.scenario_applies()
        self.scenario_combo.setEnabled(scenario)
        self.scenario_combo.setToolTip("" if scenario else tooltip(
            f"Paths to 3.5% or 5% of GDP by 2035 apply to shares of GDP, not to {measure_words(measure)}."))

    def restyle(self) -> None:
        """After a theme switch (``theme_switch.apply_theme`` calls it): the chips'
        borders in the allies' colours of the new theme."""
        self._rebuild_chips()

    @staticmethod
    def _chips_theme() -> tuple[str, ...]:
        return tuple(ally_hex(i) for i in range(MAX_ALLIES))

    def export_subtitle(self) -> str:
        """What an exported trajectory says under its title: the scenario drawn, if any."""
        if self.chart.scenario_applies():
            return self.scenario_combo.currentText()
        measure = self.chart.measure
        targets = measure_targets(self._store.targets(), measure)
        against = ("against the " + "; ".join(t.label for t in targets) if targets
                   else "no target applies to this measure")
        return f"{measure.info.short} ({measure.info.unit}), {against}"

    def add_view(self, widget: QWidget, title: str) -> None:
        self.views.addTab(widget, title)

    def set_year_range(self, first: int, last: int) -> None:
        """Show ``first`` to ``last`` on the trajectory chart (and its exports)."""
        self.chart.set_year_range(first, last)

    def years_text(self) -> str:
        """The years shown as "2014-2035", for the settings."""
        first, last = self.chart.year_range
        return f"{first}-{last}"

    def restore_years(self, text: str) -> None:
        """Show the years saved by ``years_text``; anything else (a hand-edited
        settings file, say) leaves 2014-2035."""
        first, _, last = text.partition("-")
        if first.isdigit() and last.isdigit():
            self.chart.set_year_range(int(first), int(last))

    def _on_year_spin_changed(self, _: int) -> None:
        first, last = self.year_from.value(), self.year_to.value()
        if first >= last:  # the other end moves rather than refusing the choice
            if self.sender() is self.year_from:
                last = min(first + 1, LAST_YEAR)
                first = last - 1
            else:
                first = max(last - 1, FIRST_YEAR)
                last = first + 1
        self.chart.set_year_range(first, last)

    def _on_chart_year_range_changed(self, first: int, last: int) -> None:
        for spin, value in ((self.year_from, first), (self.year_to, last)):
            if spin.value() != value:
                spin.blockSignals(True)
                spin.setValue(value)
                spin.blockSignals(False)

    def _on_target_toggled(self, _: bool) -> None:
        self.chart.show_targets(hague=self.hague_check.isChecked(), wales=self.wales_check.isChecked())

    def _on_scenario_changed(self, *_: object) -> None:
        kind, target = self.scenario_combo.currentData()
        self.chart.set_scenario(ScenarioChoice(kind, target))

    def add_comparison(self, iso3: str) -> bool:
        """Keep ``iso3`` on the chart; says in the status bar what happened."""
        member = self._store.member(iso3)
        name = member.name if member else iso3
        added = self.chart.add_comparison(iso3)
        if added:
            self._changed()
            if iso3 == self.chart.allies[0]:
                self._say(f"{name} stays on the chart when you select another ally.")
        elif iso3 in self.chart.comparisons:
            self._say(f"{name} is already on the chart.")
        else:
            self._say(f"The chart shows at most {MAX_ALLIES} allies; remove one first.")
        return added

    def _say(self, message: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 5000)

    def remove_comparison(self, iso3: str) -> None:
        self.chart.remove_comparison(iso3)
        self._changed()

    def set_comparisons(self, codes: list[str]) -> None:
        # Drawn once with all of them (a restored session drew the chart once per ally).
        self.chart.set_comparisons(c for c in codes if self._store.member(c))
        self._changed()

    def set_member(self, iso3: str | None) -> None:
        self.chart.set_member(iso3)
        self._rebuild_chips()

    def _changed(self) -> None:
        self._rebuild_chips()
        self.comparisons_changed.emit(self.chart.comparisons)

    def _rebuild_chips(self) -> None:
        # The chips name the compared allies and their colours' order; a switch of the
        # selected ally usually keeps both (issue 14: rebuilt on every switch before).
        key = (tuple(self.chart.allies[1:]), self._chips_theme())
        if key == self._chips_key:
            return
        self._chips_key = key
        while self._chips.count():
            item = self._chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden at once: deleteLater runs only when control returns
                # to the event loop, and until then the old chip would still paint.
                widget.hide()
                widget.deleteLater()
        allies = self.chart.allies
        if len(allies) > 1:
            self._chips.addWidget(QLabel("Compared:"))
        for i, iso3 in enumerate(allies):
            if i == 0:
                continue  # the selected ally is not removable here; select another
            member = self._store.member(iso3)
            name = member.name if member else iso3
            chip = QToolButton()
            # Codes keep five chips narrow enough not to widen the window.
            chip.setText(f"{iso3} ✕")
            chip.setAccessibleName(f"Remove {name} from chart")
            chip.setToolTip(tooltip(f"Remove {name} from the chart"))
            chip.setStyleSheet(f"QToolButton {{ border: 2px solid {ally_hex(i)}; border-radius: 3px;"
                               f" padding: 1px 6px; }}")
            chip.clicked.connect(lambda _=False, code=iso3: self.remove_comparison(code))
            self._chips.addWidget(chip)
        self._chips.addStretch(1)
        # Full-size chips: the scroll area scrolls rather than squeezing them.
        chips = self._chips.parentWidget()
        if chips is not None:
            chips.setMinimumWidth(self._chips.sizeHint().width())
        self.clear_button.setEnabled(len(allies) > 1)

    def _on_compare_combo_activated(self, index: int) -> None:
        iso3 = self.compare_combo.itemData(index)
        self.compare_combo.setCurrentIndex(0)
        if iso3:
            self.add_comparison(iso3)

    def _on_clear_clicked(self) -> None:
        self.chart.clear_comparisons()
        self._changed()
