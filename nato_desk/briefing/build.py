"""From the store to the briefing deck: what each slide says, decided once.

``build_deck_model`` reads the store and the analysis and returns a
``model.Deck`` (placed by ``layout``) that ``export.deck`` writes as PowerPoint
and ``ui.deck_pdf`` paints as a PDF. Every deck builds: an ally with no series
(Iceland) gets a slide that says why, an ally without a figure in the chosen
edition says that, and the overview names the allies it could not rank. No Qt.

A deck shows one measure (``measure=``, default the edition's headline): a
share of GDP against 2%, 3.5% and 5% with the path to 2035; the equipment
share against NATO's 20% guideline; money and people against no target.

An ally slide's stance says exempt for Iceland (no armed forces), not
opposing; an ally not committed to 3.5% (Spain) gets an "Illustrative path"
with the reason in the notes; the position summary in the notes carries the
year and edition of any figure it quotes (``analysis.narrative``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from nato_desk import palette
from nato_desk.analysis.figures import (
    describe_trend,
    format_gap,
    format_pct,
    format_value,
    gap_target,
    has_defence_series,
    latest_figure,
    measure_targets,
    measure_words,
    newest_edition,
    of_measure,
    series,
)
from nato_desk.analysis.narrative import date_figures, dating_line
from nato_desk.analysis.stance import commitment_note, stance_badge
from nato_desk.analysis.trajectory import RequiredPath, allies_above, ranked, required_from_series, scenario_path, summarize
from nato_desk.slides import layout
from nato_desk.briefing.citing import cited_name, cited_publisher, full_citation, outlet_unverified, read_at_note
from nato_desk.slides.model import (
    Bar,
    ChartSeries,
    Deck,
    RankedChart,
    Slide,
    TargetLevel,
    TrajectoryChart,
)
from nato_desk.domain import Edition, Measure, Member, Observation, Source, Status
from nato_desk.export.citations import format_date
from nato_desk.store import Store

__all__ = ["BY_YEAR", "DEFAULT_MARKING", "UnknownMembers", "build_deck_model"]

BY_YEAR = 2035
FIRST_YEAR = 2014
DEFAULT_MARKING = "UNCLASSIFIED"
_FIGURES = (Status.ACTUAL, Status.ESTIMATE)
_TARGET_IDS = ("WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL")
_DEFAULT_LEVELS = {"WALES_2PCT": 2.0, "HAGUE_CORE": 3.5, "HAGUE_TOTAL": 5.0}
_HIGHLIGHT_AT_MOST = 8  # past this many allies, highlighting every bar says nothing


class UnknownMembers(ValueError):
    """Some of the asked ISO-3 codes are not allies in the store."""

    def __init__(self, codes: Sequence[str]) -> None:
        super().__init__(f"unknown member code(s): {', '.join(codes)}")
        self.codes = list(codes)


class _Sources:
    """The sources the deck cites, in first-use order."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.used: dict[str, Source | None] = {}

    def use(self, ids: Sequence[str]) -> list[str]:
        """Record ``ids`` as used; returns the names a source line shows."""
        names = []
        for sid in dict.fromkeys(i for i in ids if i):
            src = self.used.setdefault(sid, self._store.source(sid))
            names.append(cited_name(src) if src else sid)
        return list(dict.fromkeys(names))

    def notes(self, ids: Sequence[str]) -> list[str]:
        """Speaker-notes lines: each source's full citation and where it was read."""
        lines = ["Sources:"]
        for sid in dict.fromkeys(i for i in ids if i):
            src = self.used.get(sid) or self._store.source(sid)
            if src is None:
                lines.append(f"- {sid}")
                continue
            lines.append(f"- {full_citation(src)}")
            read_at = read_at_note(src)
            if read_at:
                lines.append(f"  ({read_at})")
        return lines


def _unverified(store: Store, source_id: str) -> bool:
    source = store.source(source_id)
    return source is None or outlet_unverified(source)


def _levels(store: Store) -> dict[str, float]:
    levels = dict(_DEFAULT_LEVELS)
    for target in store.targets():
        if target.id in levels:
            levels[target.id] = target.value
    return levels


def _target_labels(levels: dict[str, float]) -> dict[str, str]:
    return {"WALES_2PCT": f"{levels['WALES_2PCT']:g}% guideline (Wales 2014)",
            "HAGUE_CORE": f"{levels['HAGUE_CORE']:g}% core (The Hague 2025)",
            "HAGUE_TOTAL": f"{levels['HAGUE_TOTAL']:g}% total (The Hague 2025)"}


@dataclass(frozen=True)
class _Terms:
    """The measure a deck shows and what it is judged against.

    ``levels``/``labels`` are the target lines by target id, in drawing order;
    ``gap_id`` the target headlines and gaps measure to (None: no target).
    A share of GDP keeps the Hague deck as it always was (``gdp``).
    """

    measure: Measure
    levels: dict[str, float]
    labels: dict[str, str]
    gap_id: str | None

    @property
    def gdp(self) -> bool:
        return "HAGUE_CORE" in self.measure.info.targets

    @property
    def gap_words(self) -> str:
        """``20% guideline``: how a headline names the target."""
        if self.gap_id is None:
            return ""
        words = self.labels[self.gap_id].split(" (")[0]
        value = self.levels[self.gap_id]
        return f"{value:g}% guideline" if "guideline" in words else words


def _terms(store: Store, measure: Measure) -> _Terms:
    if "HAGUE_CORE" in measure.info.targets:
        levels = _levels(store)
        return _Terms(measure, levels, _target_labels(levels), "HAGUE_CORE")
    targets = measure_targets(store.targets(), measure)
    gap = gap_target(targets, measure)
    # The legend names the line ("20% equipment guideline"); the title slide gives where it was agreed.
    return _Terms(measure, {t.id: t.value for t in targets}, {t.id: t.label.split(" (")[0] for t in targets},
                  gap.id if gap else None)


# How a headline says a figure of each measure ("47.0% of defence spending on equipment").
_PHRASES = {
    Measure.EQUIPMENT_SHARE: "{v} of defence spending on equipment",
    Measure.PERSONNEL_SHARE: "{v} of defence spending on personnel",
    Measure.INFRASTRUCTURE_SHARE: "{v} of defence spending on infrastructure",
    Measure.OTHER_SHARE: "{v} of defence spending on other items",
    Measure.CONSTANT_USD: "{v} on defence (constant prices)",
    Measure.CURRENT_USD: "{v} on defence (current prices)",
    Measure.PER_CAPITA: "{v} a head on defence",
    Measure.PERSONNEL: "{v} military personnel",
    Measure.REAL_CHANGE: "a real change in defence spending of {v}",
    Measure.GDP_CONSTANT_USD: "GDP of {v} (constant prices)",
    Measure.GDP_CURRENT_USD: "GDP of {v} (current prices)",
    Measure.GDP_PER_CAPITA: "GDP per head of {v}",
}


def _phrase(obs: Observation) -> str:
    assert obs.value is not None
    value = format_value(obs.value, obs.decimals, obs.measure)
    template = _PHRASES.get(obs.measure, "{v} of GDP" if obs.measure.info.is_share_of_gdp else "{v}")
    return template.format(v=value)


def _nice_step(top: float) -> float:
    """A gridline step of 1, 2 or 5 times a power of ten giving about five lines up to ``top``."""
    raw = max(top, 1e-9) / 5
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * power) for m in (1, 2, 5, 10) if m * power >= raw)


def _axis(top: float, headroom: float = 1.02) -> tuple[float, float]:
    """(maximum, step) of a value axis for another measure than a share of GDP;
    ``headroom`` leaves room above the highest value (for a trajectory's label)."""
    step = _nice_step(top)
    return step * math.ceil(top * headroom / step), step


def _figure_words(obs: Observation) -> str:
    assert obs.value is not None
    kind = " (NATO estimate)" if obs.status is Status.ESTIMATE else ""
    return f"{format_value(obs.value, obs.decimals, obs.measure)} in {obs.year}{kind}"


def _required(path: RequiredPath | None, target: float) -> str:
    if path is None:
        return "no figure to start from"
    if path.already_there:
        return f"already at or above {target:g}%"
    return f"+{path.pp_per_year:.2f} pp a year from {path.from_year}"


def _required_detail(path: RequiredPath | None, target: float) -> str:
    if path is None or path.already_there:
        return _required(path, target)
    return (f"+{path.pp_per_year:.2f} pp a year from {path.from_year} (GDP share +{path.share_growth:.1%} "
            f"a year; real spending +{path.real_growth:.1%} a year at {path.gdp_growth:.1%} GDP growth)")


def _number_format(decimals: int) -> str:
    return "0" if decimals <= 0 else "0." + "0" * decimals


def _clear_of(value: float | None, levels: Sequence[float], y_max: float) -> str:
    """Where the latest figure's label goes so no target line runs through it.

    A label is about 0.07 of the axis tall; above the point unless a target
    line crosses that band, then below, else to the right.
    """
    if value is None:
        return "above"
    band = 0.09 * y_max
    if not any(value < level <= value + band for level in levels):
        return "above"
    if not any(value - band <= level < value for level in levels):
        return "below"
    return "right"


def _trajectory(name: str, points: Sequence[Observation], terms: _Terms,
                scenario: Sequence[tuple[int, float]], illustrative: bool = False) -> TrajectoryChart:
    """The ally's figures, split by status so each draws in its own style, with
    the scenario and the measure's target levels, over first year .. 2035."""
    levels = terms.levels
    figures = [o for o in points if o.status in _FIGURES]
    y_step = 1.0
    if terms.gdp:
        top = max([levels["HAGUE_TOTAL"], *(o.value for o in figures if o.value is not None)])
        y_max = float(int(top + 1.0) + (1 if top % 1 > 0.5 else 0))
    else:
        y_max, y_step = _axis(max([*levels.values(), *(o.value for o in figures if o.value is not None)]), 1.15)
    first = min([FIRST_YEAR, *(o.year for o in figures)])
    years = tuple(range(first, BY_YEAR + 1))
    index = {y: i for i, y in enumerate(years)}
    decimals = max((o.decimals for o in figures if o.value is not None), default=2)
    number_format = _number_format(decimals)
    percent = terms.measure.info.unit.startswith("%")
    if not percent:
        number_format = "#,##" + number_format  # money and people: thousands separators
    colour = palette.ally_colour(0)
    latest = latest_figure(figures)
    # Only the latest figure is labelled: a label at the first year would sit on the axis's own labels.
    labelled = {latest.year} if latest is not None else set()

    label_position = _clear_of(latest.value if latest else None, list(levels.values()), y_max)

    def line(status: str, picked: Sequence[Observation], label_name: str,
             joined_from: Observation | None = None) -> ChartSeries:
        values: list[float | None] = [None] * len(years)
        labels: list[str | None] = [None] * len(years)
        for o in picked:
            if o.year in index:
                values[index[o.year]] = o.value
                if o.value is not None and o.year in labelled and o.status.value == status:
                    # Money and people: the number alone, the axis names the unit.
                    labels[index[o.year]] = (format_value(o.value, o.decimals, o.measure) if percent
                                             else f"{o.value:,.{o.decimals}f}")
        style = palette.STATUS_STYLES[status]
        return ChartSeries(label_name, tuple(values), colour, style.dash, 2.5, label_position=label_position,
                           marker=palette.ALLY_SYMBOLS[0], filled=style.filled_marker,
                           labels=tuple(labels), number_format=number_format,
                           no_marker_at=(index[joined_from.year],) if joined_from else ())

    actual = [o for o in figures if o.status is Status.ACTUAL]
    estimates = [o for o in figures if o.status is Status.ESTIMATE]
    series_list = [line("actual", actual, f"{name}, NATO figures")] if actual else []
    if estimates:
        # The dotted estimate line starts from the last actual figure before it,
        # so the line does not break where NATO's estimates begin.
        before = [o for o in actual if o.year < estimates[0].year and o.value is not None]
        joined_from = before[-1] if before else None
        series_list.append(line("estimate", ([joined_from] if joined_from else []) + estimates,
                                f"{name}, NATO estimates", joined_from))
    if scenario:
        values: list[float | None] = [None] * len(years)
        for year, value in scenario:
            if year in index:
                values[index[year]] = round(value, 4)
        # An ally not committed to the target (Spain) gets an illustrative path, never a pledge.
        # (Short enough for a legend column; the panel and the notes say why it is illustrative.)
        path_name = (f"Illustrative path to {levels['HAGUE_CORE']:g}%" if illustrative
                     else f"Linear path to {levels['HAGUE_CORE']:g}% by {BY_YEAR}")
        series_list.append(ChartSeries(path_name,
                                       tuple(values), colour, palette.STATUS_STYLES["scenario"].dash, 2.0,
                                       number_format="0.00"))
    for tid in levels:
        target = palette.target_style(tid, levels[tid])
        series_list.append(ChartSeries(terms.labels[tid], tuple([levels[tid]] * len(years)), target.colour,
                                       target.dash, target.width, number_format="0.0"))
    unit = terms.measure.info.unit
    return TrajectoryChart(years, tuple(series_list), y_max, "% of GDP" if terms.gdp else unit,
                           y_step=y_step, y_unit="%" if unit.startswith("%") else "")


def _ally_slide(store: Store, member: Member, edition: Edition, terms: _Terms,
                gdp_growth: float, sources: _Sources, marking: str, tail: str,
                fixed_ids: Sequence[str]) -> Slide:
    levels = terms.levels
    core, total = levels.get("HAGUE_CORE", 3.5), levels.get("HAGUE_TOTAL", 5.0)
    name = member.name
    points = of_measure(series(store.observations(iso3=member.iso3, edition=edition.id), member.iso3, edition.id),
                        terms.measure)
    figures = [o for o in points if o.status in _FIGURES]
    latest = latest_figure(figures)
    core_path = required_from_series(points, core, BY_YEAR, gdp_growth) if latest and terms.gdp else None
    total_path = required_from_series(points, total, BY_YEAR, gdp_growth) if latest and terms.gdp else None
    position = store.position(member.iso3)
    # Exempt (Iceland, no armed forces) is not opposing (analysis.stance).
    stance = stance_badge(position, member).label
    commitment = commitment_note(position, member)
    chart: TrajectoryChart | None = None
    empty = ""
    if latest is None or latest.value is None:
        anywhere = has_defence_series(store.observations(iso3=member.iso3))  # Iceland: GDP only
        if anywhere and not terms.gdp:
            headline = f"{name}: no {measure_words(terms.measure)} figure in the {edition.label} edition"
            empty = (f"No {terms.measure.label} figure for {name} in the {edition.label} edition "
                     f"({edition.title}).")
        elif anywhere:
            headline = f"{name}: no figure in the {edition.label} edition"
            empty = (f"No figure for {name} in the {edition.label} edition ({edition.title}). "
                     "Other editions have figures; they are never mixed into this one.")
        else:
            headline = f"{name}: no defence expenditure series"
            why = member.notes.strip().rstrip(".")
            empty = f"{name} has no series in any edition." + (f" {why[:1].upper()}{why[1:]}." if why else "")
        panel_figures = [("Latest figure", "none in this edition"), ("Stance", stance)]
    elif not terms.gdp:
        headline, panel_figures = _other_measure_text(name, figures, latest, terms, stance)
        chart = _trajectory(name, points, terms, [])
    else:
        gap = format_gap(latest.value, core, latest.decimals)
        relation = "at the" if gap == "at target" else f"{gap} the"
        headline = (f"{name}: {format_pct(latest.value, latest.decimals)} of GDP in {latest.year}, "
                    f"{relation} {core:g}% core target")
        scenario: list[tuple[int, float]] = []
        if core_path is not None and not core_path.already_there:
            scenario = scenario_path(core_path.from_value, core_path.from_year, core, BY_YEAR, "linear")
        chart = _trajectory(name, points, terms, scenario, illustrative=bool(commitment))
        panel_figures = [
            ("Latest figure", _figure_words(latest)),
            (f"Gap to {core:g}% core", gap),
            (f"Gap to {total:g}% total", format_gap(latest.value, total, latest.decimals)),
            (f"Illustrative: {core:g}% by {BY_YEAR}" if commitment else f"Needed for {core:g}% by {BY_YEAR}",
             _required(core_path, core)),
            ("Stance", stance),
        ]
    # Newest first, but a quote whose reporting outlet is unverified only after the well-sourced ones.
    by_date = sorted(store.quotes(member.iso3), key=lambda q: q.date, reverse=True)
    verified = [q for q in by_date if not _unverified(store, q.source_id)]
    quotes = (verified if len(verified) >= 2 else sorted(by_date, key=lambda q: _unverified(store, q.source_id)))[:3]
    quote_texts = []
    for q in quotes:
        src = store.source(q.source_id)
        translated = q.lang != "en" and bool(q.translation.strip())
        # The stored text may end in the comma that led into the reporter's words.
        text = (q.translation if translated else q.text).strip().rstrip(",;:").strip()
        when = format_date(q.date) if q.date else "undated"
        who = ", ".join(p for p in (q.speaker, q.role, when) if p)
        if translated:
            who += f" (translated from {q.lang})"
        quote_texts.append(layout.QuoteText(text, who, cited_publisher(src) if src else q.source_id))
    panel = layout.AllyPanel(panel_figures, quote_texts, empty)
    ids = [*fixed_ids, *(o.source_id for o in points)]
    if position:
        ids += list(position.source_ids)
    # Quotes cite their own source on the slide; the source line names the figures' and the position's.
    source_line = layout.fit_source_line(sources.use(ids), tail)
    sources.use([q.source_id for q in quotes])
    # The summary is the reference's text; its figures are dated to their own edition.
    dated = (dating_line(date_figures(position, store.observations(iso3=member.iso3), store.editions(),
                                      edition.id), edition, "this deck") if position else "")
    stance_note = " ".join(p for p in (f"Stance: {stance}.", position.summary if position else "", dated) if p)
    if terms.gdp:
        notes = [summarize(name, points, core) if figures else empty,
                 stance_note,
                 *([commitment] if commitment else []),
                 f"Needed for {core:g}% by {BY_YEAR}: {_required_detail(core_path, core)}.",
                 f"Needed for {total:g}% by {BY_YEAR}: {_required_detail(total_path, total)}; "
                 "the 5% counts core plus up to 1.5% related spending, which NATO's tables do not report."]
    else:
        notes = [_trend(name, points, terms) if figures else empty,
                 stance_note,
                 f"Figures: {terms.measure.label}. The Hague targets (3.5% and 5% of GDP by {BY_YEAR}) are "
                 "shares of GDP; no path to them is computed for this measure."]
    slide, left_out = layout.ally_slide(marking, headline, chart, panel, source_line, [], member.iso3)
    shown = [q for q in quote_texts if q not in left_out]
    if shown or left_out:
        notes.append("Quotes:")
        notes += [f"- \u201c{q.text}\u201d \u2014 {q.attribution}. Source: {q.source}."
                  + ("" if q in shown else " (not on the slide: no room)") for q in quote_texts]
    notes += sources.notes([*ids, *(q.source_id for q in quotes)])
    return Slide(slide.kind, slide.title, slide.boxes, "\n".join(notes))


def _other_measure_text(name: str, figures: Sequence[Observation], latest: Observation, terms: _Terms,
                        stance: str) -> tuple[str, list[tuple[str, str]]]:
    """Headline and panel figures for a measure other than a share of GDP:
    "Poland: 47.0% of defence spending on equipment in 2024, above the 20% guideline"."""
    assert latest.value is not None
    headline = f"{name}: {_phrase(latest)} in {latest.year}"
    panel = [("Latest figure", _figure_words(latest))]
    if terms.gap_id is not None:
        level = terms.levels[terms.gap_id]
        gap = format_gap(latest.value, level, latest.decimals)
        words = terms.gap_words
        if gap == "at target":
            headline += f", at the {words}"
        elif gap.endswith("above"):
            headline += f", above the {words}"
        else:
            headline += f", {gap} the {words}"
        panel.append((f"Gap to {words}", gap))
    first = figures[0] if figures else None
    if first is not None and first.value is not None and first.year != latest.year:
        panel.append(("First figure", _figure_words(first)))
    panel.append(("Stance", stance))
    return headline, panel


def _trend(name: str, points: Sequence[Observation], terms: _Terms) -> str:
    if terms.gap_id is None:
        return describe_trend(name, points)
    words = terms.gap_words.removeprefix(f"{terms.levels[terms.gap_id]:g}% ")
    return summarize(name, points, terms.levels[terms.gap_id], words)


def _overview(store: Store, edition: Edition, chosen: Sequence[str], terms: _Terms,
              sources: _Sources, marking: str, tail: str, fixed_ids: Sequence[str]) -> Slide:
    levels = terms.levels
    obs = [o for o in of_measure(store.observations(edition=edition.id), terms.measure) if o.status in _FIGURES]
    years = [o.year for o in obs if o.value is not None]
    year = max(years) if years else BY_YEAR
    field = ranked(obs, edition.id, year)
    members = {m.iso3: m for m in store.members()}
    names = {code: m.name for code, m in members.items()}
    ranked_codes = {o.iso3 for o in field}
    # Highlight the deck's allies only where that singles them out.
    highlight = (set(chosen) & ranked_codes
                 if len(set(chosen)) <= _HIGHLIGHT_AT_MOST and not ranked_codes <= set(chosen) else set())
    bars = tuple(Bar(names.get(o.iso3, o.iso3), float(o.value or 0.0),
                     f"{names.get(o.iso3, o.iso3)}  {format_value(o.value or 0.0, o.decimals, o.measure)}",
                     o.iso3 in highlight) for o in field)
    labels = terms.labels
    chart_levels = tuple(TargetLevel(levels[t], labels[t], palette.target_style(t, levels[t])) for t in levels)
    if not terms.gdp:
        return _overview_other(edition, terms, year, field, bars, chart_levels, _unranked_names(members, field),
                               sources, marking, tail, fixed_ids)
    x_max = float(int(max([levels["HAGUE_TOTAL"], *(b.value for b in bars)]) + 1))
    chart = RankedChart(year, bars, x_max, chart_levels)
    core = levels["HAGUE_CORE"]
    at_core = allies_above(obs, edition.id, core).get(year, [])
    at_two = allies_above(obs, edition.id, levels["WALES_2PCT"]).get(year, [])
    headline = f"{year}: {len(at_core)} of {len(field)} allies at or above the {core:g}% core target"
    unranked = [names[c] for c in sorted(members, key=lambda c: names[c]) if c not in {o.iso3 for o in field}]
    side = [f"{edition.label} edition, {edition.measure.label}.",
            f"Dashed lines: {labels['WALES_2PCT']}; {labels['HAGUE_CORE']}; {labels['HAGUE_TOTAL']}, by {BY_YEAR}.",
            f"At or above {levels['WALES_2PCT']:g}%: {len(at_two)} of {len(field)}."]
    if highlight:
        side.append("Highlighted: " + ", ".join(b.name for b in bars if b.highlighted) + ".")
    if unranked:
        side.append(f"Not ranked for {year} (no figure in this edition): " + ", ".join(unranked) + ".")
    ids = [*fixed_ids, *(o.source_id for o in field)]
    source_line = layout.fit_source_line(sources.use(ids), tail)
    notes = [f"{len(field)} allies with a figure for {year} in the {edition.label} edition, highest first."]
    if field:
        notes.append(f"Highest: {bars[0].label.replace('  ', ' ')}; lowest: {bars[-1].label.replace('  ', ' ')}.")
    notes += side[1:] + sources.notes(ids)
    return layout.overview_slide(marking, headline, chart, side, source_line, "\n".join(notes))


def _unranked_names(members: dict[str, Member], field: Sequence[Observation]) -> list[str]:
    ranked_codes = {o.iso3 for o in field}
    return [m.name for m in sorted(members.values(), key=lambda m: m.name) if m.iso3 not in ranked_codes]


def _overview_other(edition: Edition, terms: _Terms, year: int, field: Sequence[Observation],
                    bars: tuple[Bar, ...], chart_levels: tuple[TargetLevel, ...], unranked: list[str],
                    sources: _Sources, marking: str, tail: str, fixed_ids: Sequence[str]) -> Slide:
    """The overview for a measure other than a share of GDP: its bars, its own targets (if any)."""
    measure, levels = terms.measure, terms.levels
    unit = measure.info.unit
    x_max, x_step = _axis(max([*levels.values(), *(b.value for b in bars), 1e-9]))
    chart = RankedChart(year, bars, x_max, chart_levels, x_step=x_step, x_unit="%" if unit.startswith("%") else "",
                        measure_words=unit)
    if terms.gap_id is not None:
        at = [o for o in field if (o.value or 0.0) >= levels[terms.gap_id]]
        headline = f"{year}: {len(at)} of {len(field)} allies at or above the {terms.gap_words}"
        lines = "Dashed line: " + "; ".join(terms.labels[t] for t in levels) + "."
    else:
        top = bars[0].label.replace("  ", " ") if bars else ""
        headline = f"{year}: {measure.info.short}, {len(field)} allies ranked" + (f"; highest {top}" if top else "")
        lines = "No target applies to this measure."
    side = [f"{edition.label} edition, {measure.label}.", lines]
    highlighted = [b.name for b in bars if b.highlighted]
    if highlighted:
        side.append("Highlighted: " + ", ".join(highlighted) + ".")
    if unranked:
        side.append(f"Not ranked for {year} (no figure in this edition): " + ", ".join(unranked) + ".")
    ids = [*fixed_ids, *(o.source_id for o in field)]
    source_line = layout.fit_source_line(sources.use(ids), tail)
    notes = [f"{len(field)} allies with a {measure.label} figure for {year} in the {edition.label} edition, "
             "highest first."]
    if field:
        notes.append(f"Highest: {bars[0].label.replace('  ', ' ')}; lowest: {bars[-1].label.replace('  ', ' ')}.")
    notes += side[1:] + sources.notes(ids)
    return layout.overview_slide(marking, headline, chart, side, source_line, "\n".join(notes))


def _deck_title(allies: Sequence[Member], all_members: int) -> str:
    if len(allies) == all_members:
        return f"NATO defence spending: all {all_members} allies"
    if len(allies) <= 4:
        names = [a.name for a in allies]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"NATO defence spending: {listed}"
    return f"NATO defence spending: {len(allies)} allies"


def build_deck_model(store: Store, codes: Sequence[str], edition: str | None = None, *,
                     marking: str = DEFAULT_MARKING, author: str = "", gdp_growth: float = 0.015,
                     today: dt.date | None = None, measure: Measure | None = None) -> Deck:
    """The deck about ``codes`` (ISO-3, in the order given) in ``edition``
    (default: the newest) and ``measure`` (default: the edition's headline):
    title, overview, one slide per ally, sources.

    Raises:
        UnknownMembers: a code is not an ally in the store.
        KeyError: ``edition`` is not in the store.
    """
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    unknown = [c for c in wanted if store.member(c) is None]
    if unknown:
        raise UnknownMembers(unknown)
    editions = {e.id: e for e in store.editions()}
    chosen = editions.get(edition) if edition else newest_edition(editions.values())
    if chosen is None:
        raise KeyError(edition or "no edition in the store")
    marking = " ".join(marking.split()) or DEFAULT_MARKING
    terms = _terms(store, measure or chosen.measure)
    levels = terms.levels
    sources = _Sources(store)
    target_ids = [t.source_id for t in store.targets() if t.id in levels]
    fixed = [chosen.source_id, *target_ids]
    day = today or dt.date.today()
    tail = f"Data: {chosen.publisher or 'NATO'}, {chosen.label} edition ({chosen.title})."
    allies = [m for m in (store.member(c) for c in wanted) if m is not None]
    title = _deck_title(allies, len(store.members()))
    subtitle = f"{chosen.label} edition: {chosen.title}; {terms.measure.label}"
    prepared = f"Prepared {format_date(day)}" + (f" by {author}" if author.strip() else "")
    if terms.gdp:
        targets_line = (f"Targets: {levels['WALES_2PCT']:g}% guideline (Wales 2014); {levels['HAGUE_CORE']:g}% core "
                        f"plus up to 1.5% related, {levels['HAGUE_TOTAL']:g}% in all, by {BY_YEAR} (The Hague 2025)")
    elif levels:
        targets_line = "Target: " + "; ".join(t.label for t in measure_targets(store.targets(), terms.measure))
    else:
        targets_line = f"No target applies to {measure_words(terms.measure)} ({terms.measure.info.unit})"
    title_ids = list(fixed)
    title_slide = layout.title_slide(marking, title, [subtitle, targets_line, prepared],
                                     layout.fit_source_line(sources.use(title_ids), tail), "")
    title_slide = Slide("title", title, title_slide.boxes,
                        "\n".join([title, subtitle, targets_line, prepared, *sources.notes(title_ids)]))
    slides = [title_slide, _overview(store, chosen, wanted, terms, sources, marking, tail, fixed)]
    slides += [_ally_slide(store, m, chosen, terms, gdp_growth, sources, marking, tail, fixed) for m in allies]
    entries = [full_citation(s) if s else sid for sid, s in sources.used.items()]
    slides += layout.sources_slides(marking, entries, tail, sources.notes(list(sources.used)))
    return Deck(title=title, subject=subtitle, author=author.strip(), marking=marking, slides=tuple(slides),
                keywords=marking)
