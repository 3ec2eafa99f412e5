"""From the store to a briefing deck's contents: the analysis done once, for the
command line and the window alike.

``deck_input`` reads the store and the analysis and returns the
``export.deck.DeckInput`` that ``export.deck.build_deck`` lays out. No Qt here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from nato_desk.analysis.figures import format_figure, format_gap, latest_figure, newest_edition, series
from nato_desk.analysis.trajectory import RequiredPath, ranked, required_from_series, scenario_path, summarize
from nato_desk.domain import Observation, Status
from nato_desk.export.deck import AllySlide, DeckInput, DeckQuote, DeckSource, OverviewSlide
from nato_desk.store import Store

__all__ = ["BY_YEAR", "UnknownMembers", "deck_input"]

BY_YEAR = 2035
_FIGURES = (Status.ACTUAL, Status.ESTIMATE)


class UnknownMembers(ValueError):
    """Some of the asked ISO-3 codes are not allies in the store."""

    def __init__(self, codes: Sequence[str]) -> None:
        super().__init__(f"unknown member code(s): {', '.join(codes)}")
        self.codes = list(codes)


def _target(store: Store, target_id: str, default: float) -> float:
    for target in store.targets():
        if target.id == target_id:
            return target.value
    return default


def _target_sources(store: Store) -> list[str]:
    return [t.source_id for t in store.targets() if t.id in ("WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL")]


def _required_text(path: RequiredPath | None, target: float) -> str:
    if path is None:
        return "no figure to start from"
    if path.already_there:
        return f"already at or above {target:g}%"
    return (f"+{path.pp_per_year:.2f} pp a year from {path.from_year} "
            f"(GDP share +{path.share_growth:.1%} a year; real spending +{path.real_growth:.1%} a year "
            f"at {path.gdp_growth:.1%} GDP growth)")


def _ally(store: Store, iso3: str, edition: str, core: float, total: float, gdp_growth: float,
          edition_source: str, target_sources: list[str]) -> AllySlide:
    member = store.member(iso3)
    assert member is not None
    points = series(store.observations(iso3=iso3, edition=edition), iso3, edition)
    figures = [o for o in points if o.status in _FIGURES]
    latest = latest_figure(figures)
    core_path = required_from_series(points, core, BY_YEAR, gdp_growth)
    total_path = required_from_series(points, total, BY_YEAR, gdp_growth)
    scenario: list[tuple[int, float]] = []
    if core_path is not None and not core_path.already_there:
        scenario = scenario_path(core_path.from_value, core_path.from_year, core, BY_YEAR, "linear")
    if latest is None or latest.value is None:
        latest_text = gap_core = gap_total = "no figure in this edition"
    else:
        latest_text = format_figure(latest)
        gap_core = format_gap(latest.value, core, latest.decimals)
        gap_total = format_gap(latest.value, total, latest.decimals)
    position = store.position(iso3)
    quotes = sorted(store.quotes(iso3), key=lambda q: q.date, reverse=True)[:2]
    deck_quotes = []
    for q in quotes:
        src = store.source(q.source_id)
        text = q.translation if q.lang != "en" and q.translation else q.text
        speaker = f"{q.speaker}, {q.role}" if q.role else q.speaker
        deck_quotes.append(DeckQuote(text=text, speaker=speaker, date=q.date,
                                     source_title=src.title if src else q.source_id))
    source_ids = [edition_source, *(o.source_id for o in points), *target_sources,
                  *(position.source_ids if position else ()), *(q.source_id for q in quotes)]
    return AllySlide(
        name=member.name,
        iso3=iso3,
        years=[o.year for o in points],
        values=[o.value for o in points],
        statuses=[o.status.value for o in points],
        scenario_years=[y for y, _ in scenario],
        scenario_values=[round(v, 4) for _, v in scenario],
        scenario_label=f"Linear path to {core:g}% by {BY_YEAR}",
        latest_text=latest_text,
        gap_core_text=gap_core,
        gap_total_text=gap_total,
        required_core_text=_required_text(core_path, core),
        required_total_text=_required_text(total_path, total),
        stance=position.stance.label if position else "No position recorded",
        summary=position.summary if position else "",
        plain_summary=summarize(member.name, points, core),
        quotes=deck_quotes,
        source_ids=list(dict.fromkeys(s for s in source_ids if s)),
        core_target=core,
        total_target=total,
    )


def _overview(store: Store, edition: str, measure_label: str, chosen: list[str],
              edition_source: str, target_sources: list[str]) -> OverviewSlide:
    obs: list[Observation] = [o for o in store.observations(edition=edition) if o.status in _FIGURES]
    years = [o.year for o in obs if o.value is not None]
    year = max(years) if years else BY_YEAR
    field = ranked(obs, edition, year)
    names = {m.iso3: m.name for m in store.members()}
    return OverviewSlide(
        year=year,
        names=[names.get(o.iso3, o.iso3) for o in field],
        values=[o.value for o in field if o.value is not None],
        measure_label=measure_label,
        highlighted=[names.get(c, c) for c in chosen],
        source_ids=list(dict.fromkeys([edition_source, *(o.source_id for o in field), *target_sources])),
        notes=(f"{len(field)} allies with a figure for {year} in this edition, highest first. "
               + (f"Highest: {names.get(field[0].iso3, field[0].iso3)} ({format_figure(field[0])}); "
                  f"lowest: {names.get(field[-1].iso3, field[-1].iso3)} ({format_figure(field[-1])})."
                  if field else "")),
    )


def deck_input(store: Store, codes: Sequence[str], edition: str | None = None,
               gdp_growth: float = 0.015, today: dt.date | None = None) -> DeckInput:
    """The deck about ``codes`` (ISO-3, in the order given) in ``edition``
    (default: the newest edition).

    Raises:
        UnknownMembers: a code is not an ally in the store.
        KeyError: ``edition`` is not in the store.
    """
    wanted = [c.strip().upper() for c in codes if c.strip()]
    unknown = [c for c in wanted if store.member(c) is None]
    if unknown:
        raise UnknownMembers(unknown)
    editions = {e.id: e for e in store.editions()}
    chosen_edition = editions.get(edition) if edition else newest_edition(editions.values())
    if chosen_edition is None:
        raise KeyError(edition or "no edition in the store")
    core = _target(store, "HAGUE_CORE", 3.5)
    total = _target(store, "HAGUE_TOTAL", 5.0)
    wales = _target(store, "WALES_2PCT", 2.0)
    target_sources = _target_sources(store)
    measure_label = chosen_edition.measure.label
    allies = [_ally(store, c, chosen_edition.id, core, total, gdp_growth, chosen_edition.source_id,
                    target_sources) for c in list(dict.fromkeys(wanted))]
    overview = _overview(store, chosen_edition.id, measure_label, list(dict.fromkeys(wanted)),
                         chosen_edition.source_id, target_sources)
    overview = dataclasses.replace(overview, targets_text=(
        f"Target levels: {wales:g}% (Wales 2014 guideline); {core:g}% core and "
                                f"{total:g}% total, core plus up to 1.5% related (The Hague 2025, by {BY_YEAR})."))
    used = [chosen_edition.source_id, *overview.source_ids, *(s for a in allies for s in a.source_ids)]
    sources = []
    for sid in dict.fromkeys(used):
        src = store.source(sid)
        sources.append(DeckSource(sid, src.title, src.publisher, src.date, src.url) if src
                       else DeckSource(sid, sid))
    names = ", ".join(a.name for a in allies)
    day = (today or dt.date.today()).isoformat()
    return DeckInput(
        title=f"NATO defence spending: {names}",
        subtitle=f"Data edition: {chosen_edition.label} ({chosen_edition.title}; {measure_label}) · built {day}",
        measure_label=measure_label,
        edition_label=f"{chosen_edition.label} ({chosen_edition.id})",
        overview=overview,
        allies=allies,
        sources=sources,
        title_source_ids=[chosen_edition.source_id, *target_sources],
    )
