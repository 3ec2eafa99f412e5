"""The File menu's briefing output: deck, data export and citations.

Each action works on what the window shows: the allies on the chart (the
selected one and its comparisons) in the shown edition. Files are chosen with
a file dialog (replaceable in tests as ``choose_path``); every result or
failure is said in the status bar in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from nato_desk import __version__
from nato_desk.domain import Edition, Measure, Observation, Quote, Source
from nato_desk.store import Store

__all__ = ["BriefingActions"]

ChoosePath = Callable[[str, str, str], str]  # (caption, suggested name, filter) -> path or ""


def _ask_path(window: QMainWindow) -> ChoosePath:
    def choose(caption: str, name: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(window, caption, name, filters)
        return path

    return choose


class BriefingActions:
    def __init__(self, store: Store, window: QMainWindow, allies: Callable[[], list[str]],
                 edition: Callable[[], str], focused: Callable[[], Quote | Observation | None],
                 marking: Callable[[], str], author: Callable[[], str] = lambda: "",
                 measure: Callable[[], Measure | None] = lambda: None) -> None:
        self._store = store
        self._window = window
        self._allies = allies
        self._edition = edition
        self._focused = focused  # the quote or figure the analyst is on, if any
        self._marking = marking
        self._author = author
        self._measure = measure  # the measure on show; None: the edition's headline
        self.last_warning: QMessageBox | None = None  # the last failure shown, for tests
        self.choose_path: ChoosePath = _ask_path(window)
        self.deck_action = QAction("Build briefing &deck…", window)
        self.deck_action.triggered.connect(lambda _=False: self.build_deck())
        self.data_action = QAction("Export da&ta (CSV or XLSX)…", window)
        self.data_action.triggered.connect(lambda _=False: self.export_data())
        self.cite_action = QAction("Cop&y citation", window)
        self.cite_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.cite_action.triggered.connect(lambda _=False: self.copy_citation())

    def actions(self) -> list[QAction]:
        return [self.deck_action, self.data_action, self.cite_action]

    def _say(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 10000)

    def build_deck(self) -> Path | None:
        allies = self._allies()
        if not allies:
            self._say("Select an ally first: the deck covers the allies on the chart.")
            return None
        path = self.choose_path("Build briefing deck", "briefing.pptx", "PowerPoint (*.pptx)")
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".pptx":
            out = out.with_name(out.name + ".pptx")
        pdf = out.with_suffix(".pdf")
        try:
            # Loaded on first use: python-pptx and the PDF painter are not needed to start the window.
            from nato_desk.briefing import build_deck_model
            from nato_desk.export.deck import write_pptx
            from nato_desk.ui.deck_pdf import write_deck_pdf

            deck = build_deck_model(self._store, allies, self._edition(), marking=self._marking(),
                                    author=self._author(), measure=self._measure())
            write_pptx(deck, out)
            write_deck_pdf(deck, pdf)
        except (OSError, ValueError) as exc:
            self._say(f"The deck was not written: {exc}")
            self._warn("The deck was not written", f"{exc}\n\nChoose a folder you can write to and try again.")
            return None
        self._say(f"Wrote {out} and {pdf.name} ({len(deck.slides)} slides).")
        return out

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()  # not exec(): tests and the event loop carry on; the box stays until closed
        self.last_warning = box

    def export_data(self) -> Path | None:
        allies = self._allies()
        if not allies:
            self._say("Select an ally first: the export covers the allies on the chart.")
            return None
        path = self.choose_path("Export data", "nato_desk_data.xlsx",
                                "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return None
        out = Path(path)
        edition = self._edition()
        observations = self._shown_observations(allies, edition)
        notices: list[str] = []  # e.g. texts longer than an Excel cell, continued on a sheet
        try:
            if out.suffix.lower() == ".csv":
                from nato_desk.export.csv_export import write_observations_csv  # on first use (start-up)

                write_observations_csv(out, observations, self._store.sources())
            else:
                out = out.with_suffix(".xlsx")
                record = self._store.get(Edition, edition)
                about = {
                    "allies": ", ".join(allies),
                    "edition": f"{record.label} — {record.title}" if record else edition,
                    "exported at (UTC)": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
                    "app version": f"nato_desk {__version__}",
                    "handling marking": self._marking(),
                }
                from nato_desk.export.xlsx_export import write_observations_xlsx  # xlsxwriter on first use

                write_observations_xlsx(out, observations, self._store.sources(), about, notices=notices)
        except (OSError, ValueError) as exc:
            self._say(f"The data was not exported: {exc}")
            return None
        self._say(" ".join((f"Exported {len(observations)} figures to {out}.", *notices)))
        return out

    def _shown_observations(self, allies: list[str], edition: str) -> list[Observation]:
        """The allies' figures in the edition and the measure on show (what the chart draws)."""
        record = self._store.get(Edition, edition)
        measure = self._measure() or (record.measure if record else None)
        return [o for iso3 in allies for o in self._store.observations(iso3=iso3, edition=edition)
                if measure is None or o.measure is measure]

    def citation(self) -> str:
        """For the quote or figure in focus; else the ally's latest figure, or the chart."""
        from nato_desk.export.citations import cite_chart, cite_figure, cite_quote  # on first use (start-up)

        accessed = dt.date.today()
        focused = self._focused()
        if isinstance(focused, Quote):
            source = self._store.source(focused.source_id)
            return cite_quote(focused, source) if source else ""
        if isinstance(focused, Observation):
            source = self._store.source(focused.source_id)
            member = self._store.member(focused.iso3)
            if source is not None and member is not None:
                return cite_figure(focused, source, accessed, member.name,
                                   self._store.get(Edition, focused.edition))
        allies = self._allies()
        edition = self._edition()
        observations = self._shown_observations(allies, edition)
        sources: list[Source] = []
        for obs in observations:
            source = self._store.source(obs.source_id)
            if source is not None and source not in sources:
                sources.append(source)
        if len(allies) == 1 and observations:
            latest = max((o for o in observations if o.value is not None), key=lambda o: o.year)
            member = self._store.member(latest.iso3)
            source = self._store.source(latest.source_id)
            if source is not None and member is not None:
                return cite_figure(latest, source, accessed, member.name,
                                   self._store.get(Edition, latest.edition))
        names = ", ".join(m.name for m in (self._store.member(c) for c in allies) if m)
        measure = observations[0].measure if observations else Measure.PCT_GDP
        what = "defence spending, % of GDP" if measure is Measure.PCT_GDP else measure.label
        return cite_chart(sources, accessed, f"{what[:1].upper()}{what[1:]}: {names}") if sources else ""

    def copy_citation(self) -> str:
        text = self.citation()
        if text:
            QGuiApplication.clipboard().setText(text)
            self._say("Citation copied.")
        else:
            self._say("Nothing to cite: select an ally or a quote.")
        return text
