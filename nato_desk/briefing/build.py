"""From the store to the briefing deck: what each slide says, decided once.

``build_deck_model`` reads the store and the analysis and returns a
``model.Deck`` (placed by ``layout``) that ``export.deck`` writes as PowerPoint
and ``ui.deck_pdf`` paints as a PDF. Every deck builds: an ally with no series
(Iceland) gets a slide that says why, an ally without a figure in the chosen
edition says that, and the overview names the allies it could not rank. No Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nato_desk import palette
from nato_desk.analysis.figures import format_gap, format_pct, latest_figure, newest_edition, series
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
from nato_desk.domain import Edition, Member, Observation, Source, Status
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


def _figure_words(obs: Observation) -> str:
    assert obs.value is not None
    kind = " (NATO estimate)" if obs.status is Status.ESTIMATE else ""
    return f"{format_pct(obs.value, obs.decimals)} in {obs.year}{kind}"


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


def _trajectory(name: str, points: Sequence[Observation], levels: dict[str, float],
                scenario: Sequence[tuple[int, float]]) -> TrajectoryChart:
    """The ally's figures, split by status so each draws in its own style, with
    the scenario and the three target levels, over first year .. 2035."""
    figures = [o for o in points if o.status in _FIGURES]
    top = max([levels["HAGUE_TOTAL"], *(o.value for o in figures if o.value is not None)])
    y_max = float(int(top + 1.0) + (1 if top % 1 > 0.5 else 0))
    first = min([FIRST_YEAR, *(o.year for o in figures)])
    years = tuple(range(first, BY_YEAR + 1))
    index = {y: i for i, y in enumerate(years)}
    decimals = max((o.decimals for o in figures if o.value is not None), default=2)
    number_format = _number_format(decimals)
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
                    labels[index[o.year]] = format_pct(o.value, o.decimals)
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
        series_list.append(ChartSeries(f"Linear path to {levels['HAGUE_CORE']:g}% by {BY_YEAR}",
                                       tuple(values), colour, palette.STATUS_STYLES["scenario"].dash, 2.0,
                                       number_format="0.00"))
    labels = _target_labels(levels)
    for tid in _TARGET_IDS:
        target = palette.TARGET_STYLES[tid]
        series_list.append(ChartSeries(labels[tid], tuple([levels[tid]] * len(years)), target.colour,
                                       target.dash, target.width, number_format="0.0"))
    return TrajectoryChart(years, tuple(series_list), y_max, "% of GDP")


def _ally_slide(store: Store, member: Member, edition: Edition, levels: dict[str, float],
                gdp_growth: float, sources: _Sources, marking: str, tail: str,
                fixed_ids: Sequence[str]) -> Slide:
    core, total = levels["HAGUE_CORE"], levels["HAGUE_TOTAL"]
    name = member.name
    points = series(store.observations(iso3=member.iso3, edition=edition.id), member.iso3, edition.id)
    figures = [o for o in points if o.status in _FIGURES]
    latest = latest_figure(figures)
    core_path = required_from_series(points, core, BY_YEAR, gdp_growth) if latest else None
    total_path = required_from_series(points, total, BY_YEAR, gdp_growth) if latest else None
    position = store.position(member.iso3)
    stance = position.stance.label if position else "No position recorded"
    chart: TrajectoryChart | None = None
    empty = ""
    if latest is None or latest.value is None:
        anywhere = bool(store.observations(iso3=member.iso3))
        if anywhere:
            headline = f"{name}: no figure in the {edition.label} edition"
            empty = (f"No figure for {name} in the {edition.label} edition ({edition.title}). "
                     "Other editions have figures; they are never mixed into this one.")
        else:
            headline = f"{name}: no defence expenditure series"
            why = member.notes.strip().rstrip(".")
            empty = f"{name} has no series in any edition." + (f" {why[:1].upper()}{why[1:]}." if why else "")
        panel_figures = [("Latest figure", "none in this edition"), ("Stance", stance)]
    else:
        gap = format_gap(latest.value, core, latest.decimals)
        relation = "at the" if gap == "at target" else f"{gap} the"
        headline = (f"{name}: {format_pct(latest.value, latest.decimals)} of GDP in {latest.year}, "
                    f"{relation} {core:g}% core target")
        scenario: list[tuple[int, float]] = []
        if core_path is not None and not core_path.already_there:
            scenario = scenario_path(core_path.from_value, core_path.from_year, core, BY_YEAR, "linear")
        chart = _trajectory(name, points, levels, scenario)
        panel_figures = [
            ("Latest figure", _figure_words(latest)),
            (f"Gap to {core:g}% core", gap),
            (f"Gap to {total:g}% total", format_gap(latest.value, total, latest.decimals)),
            (f"Needed for {core:g}% by {BY_YEAR}", _required(core_path, core)),
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
    notes = [summarize(name, points, core) if figures else empty,
             f"Stance: {stance}. {position.summary if position else ''}".strip(),
             f"Needed for {core:g}% by {BY_YEAR}: {_required_detail(core_path, core)}.",
             f"Needed for {total:g}% by {BY_YEAR}: {_required_detail(total_path, total)}; "
             "the 5% counts core plus up to 1.5% related spending, which NATO's tables do not report."]
    slide, left_out = layout.ally_slide(marking, headline, chart, panel, source_line, [], member.iso3)
    shown = [q for q in quote_texts if q not in left_out]
    if shown or left_out:
        notes.append("Quotes:")
        notes += [f"- \u201c{q.text}\u201d \u2014 {q.attribution}. Source: {q.source}."
                  + ("" if q in shown else " (not on the slide: no room)") for q in quote_texts]
    notes += sources.notes([*ids, *(q.source_id for q in quotes)])
    return Slide(slide.kind, slide.title, slide.boxes, "\n".join(notes))


def _overview(store: Store, edition: Edition, chosen: Sequence[str], levels: dict[str, float],
              sources: _Sources, marking: str, tail: str, fixed_ids: Sequence[str]) -> Slide:
    obs = [o for o in store.observations(edition=edition.id) if o.status in _FIGURES]
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
                     f"{names.get(o.iso3, o.iso3)}  {format_pct(o.value or 0.0, o.decimals)}",
                     o.iso3 in highlight) for o in field)
    labels = _target_labels(levels)
    chart_levels = tuple(TargetLevel(levels[t], labels[t], palette.TARGET_STYLES[t]) for t in _TARGET_IDS)
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
                     today: dt.date | None = None) -> Deck:
    """The deck about ``codes`` (ISO-3, in the order given) in ``edition``
    (default: the newest): title, overview, one slide per ally, sources.

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
    levels = _levels(store)
    sources = _Sources(store)
    target_ids = [t.source_id for t in store.targets() if t.id in _TARGET_IDS]
    fixed = [chosen.source_id, *target_ids]
    day = today or dt.date.today()
    tail = f"Data: NATO, {chosen.label} edition ({chosen.title})."
    allies = [m for m in (store.member(c) for c in wanted) if m is not None]
    title = _deck_title(allies, len(store.members()))
    subtitle = f"{chosen.label} edition: {chosen.title}; {chosen.measure.label}"
    prepared = f"Prepared {format_date(day)}" + (f" by {author}" if author.strip() else "")
    targets_line = (f"Targets: {levels['WALES_2PCT']:g}% guideline (Wales 2014); {levels['HAGUE_CORE']:g}% core "
                    f"plus up to 1.5% related, {levels['HAGUE_TOTAL']:g}% in all, by {BY_YEAR} (The Hague 2025)")
    title_ids = list(fixed)
    title_slide = layout.title_slide(marking, title, [subtitle, targets_line, prepared],
                                     layout.fit_source_line(sources.use(title_ids), tail), "")
    title_slide = Slide("title", title, title_slide.boxes,
                        "\n".join([title, subtitle, targets_line, prepared, *sources.notes(title_ids)]))
    slides = [title_slide, _overview(store, chosen, wanted, levels, sources, marking, tail, fixed)]
    slides += [_ally_slide(store, m, chosen, levels, gdp_growth, sources, marking, tail, fixed) for m in allies]
    entries = [full_citation(s) if s else sid for sid, s in sources.used.items()]
    slides += layout.sources_slides(marking, entries, tail, sources.notes(list(sources.used)))
    return Deck(title=title, subject=subtitle, author=author.strip(), marking=marking, slides=tuple(slides),
                keywords=marking)
