"""The records nato_desk keeps: members, sources, figures, positions, quotes.

Every record is a frozen dataclass with a stable string id (ISO-3 code for
members, a readable slug for the rest). Records are plain values: they do not
know where they are stored. ``RECORD_TYPES`` maps each kind (the table name in
the store) to its class, so the store and the importers never hard-code lists.

Rules the analysts rely on, and which ``validation`` enforces:

* no figure, position or quote without a source (``source_id``);
* a figure belongs to exactly one NATO edition; editions are never spliced;
* a missing figure is a gap (``value is None``), never a zero.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

__all__ = [
    "CITE_CONFIDENCES",
    "CITE_FIELDS",
    "COPY_KINDS",
    "NATO_ID",
    "SOURCE_KINDS",
    "PLAN_EDITION",
    "Edition",
    "Event",
    "Leader",
    "MEASURES",
    "Measure",
    "MeasureInfo",
    "Member",
    "Observation",
    "Position",
    "Quote",
    "RECORD_TYPES",
    "Record",
    "SavedView",
    "VIEW_KINDS",
    "Source",
    "Stance",
    "Status",
    "Target",
    "field_from_json",
    "record_from_dict",
    "record_to_dict",
    "replace",
]

NATO_ID = "NATO"
"""Pseudo member code for the Alliance itself (its position and quotes)."""

PLAN_EDITION = "national-plan"
"""The edition of national plan points: they belong to no NATO release."""


class Stance(str, enum.Enum):
    """Where an ally stands on the Hague commitment."""

    SUPPORTS = "supports"
    SUPPORTS_WITH_RESERVATIONS = "supports_with_reservations"
    OPPOSES_OR_EXEMPTED = "opposes_or_exempted"
    UNDECLARED = "undeclared"

    @property
    def label(self) -> str:
        return _STANCE_LABELS[self]


_STANCE_LABELS = {
    Stance.SUPPORTS: "Supports",
    Stance.SUPPORTS_WITH_RESERVATIONS: "Supports with reservations",
    Stance.OPPOSES_OR_EXEMPTED: "Opposes or exempted",
    Stance.UNDECLARED: "Undeclared",
}


class Status(str, enum.Enum):
    """What kind of number a figure is; each is drawn differently."""

    ACTUAL = "actual"
    ESTIMATE = "estimate"
    PLAN = "plan"
    SCENARIO = "scenario"


class Measure(str, enum.Enum):
    """What a figure measures. NATO changed its headline measure in 2026, and its
    tables report money, people and the split of spending too (``MEASURES``
    says each one's unit, range and targets)."""

    PCT_GDP = "pct_gdp"
    CORE_PCT_GDP = "core_pct_gdp"
    RELATED_PCT_GDP = "related_pct_gdp"
    TOTAL_PCT_GDP = "total_pct_gdp"
    REAL_CHANGE = "real_change_pct"
    CURRENT_USD = "current_usd_m"
    CONSTANT_USD = "constant_usd_m"
    GDP_CURRENT_USD = "gdp_current_usd_m"
    GDP_CONSTANT_USD = "gdp_constant_usd_m"
    GDP_PER_CAPITA = "gdp_per_capita_usd_k"
    PER_CAPITA = "per_capita_usd"
    PERSONNEL = "personnel_k"
    EQUIPMENT_SHARE = "equipment_share"
    PERSONNEL_SHARE = "personnel_share"
    INFRASTRUCTURE_SHARE = "infrastructure_share"
    OTHER_SHARE = "other_share"

    @property
    def label(self) -> str:
        return MEASURES[self].label

    @property
    def info(self) -> MeasureInfo:
        return MEASURES[self]


@dataclass(frozen=True)
class MeasureInfo:
    """A measure's words, unit, plausible range and the targets drawn with it.

    ``low``/``high`` bound what validation accepts (a real change can be
    negative; money has no upper bound worth naming but a typo's). ``targets``
    are target ids (data/targets.csv) meaningful for the measure: 2%, 3.5% and
    5% for shares of GDP, the 20% equipment guideline for the equipment share,
    none for money or people.
    """

    label: str
    unit: str  # "% of GDP", "% of defence expenditure", "million US$", ...
    low: float
    high: float
    targets: tuple[str, ...] = ()
    short: str = ""  # for pickers: "Share of GDP"

    @property
    def is_share_of_gdp(self) -> bool:
        return self.unit == "% of GDP"


_GDP_TARGETS = ("WALES_2PCT", "HAGUE_CORE", "HAGUE_TOTAL")
_DEF_SHARE = "% of defence expenditure"
MEASURES: dict[Measure, MeasureInfo] = {
    Measure.PCT_GDP: MeasureInfo("defence expenditure, % of GDP", "% of GDP", 0, 100, _GDP_TARGETS,
                                 "Share of GDP"),
    Measure.CORE_PCT_GDP: MeasureInfo("core defence expenditure, % of GDP", "% of GDP", 0, 100, _GDP_TARGETS,
                                      "Core share of GDP"),
    Measure.RELATED_PCT_GDP: MeasureInfo("defence- and security-related spending, % of GDP", "% of GDP", 0, 100,
                                         ("HAGUE_RELATED",), "Related share of GDP"),
    Measure.TOTAL_PCT_GDP: MeasureInfo("total (core + related), % of GDP", "% of GDP", 0, 100, ("HAGUE_TOTAL",),
                                       "Total share of GDP"),
    Measure.REAL_CHANGE: MeasureInfo("defence expenditure, annual real change (%)", "% a year", -100, 1000, (),
                                     "Real change"),
    Measure.CURRENT_USD: MeasureInfo("defence expenditure, million US$ (current prices)", "million US$", 0, 1e8,
                                     (), "Current US$"),
    Measure.CONSTANT_USD: MeasureInfo("defence expenditure, million US$ (constant prices)", "million US$", 0, 1e8,
                                      (), "Constant US$"),
    Measure.GDP_CURRENT_USD: MeasureInfo("GDP, million US$ (current prices)", "million US$", 0, 1e9, (),
                                         "GDP, current US$"),
    Measure.GDP_CONSTANT_USD: MeasureInfo("GDP, million US$ (constant prices)", "million US$", 0, 1e9, (),
                                          "GDP, constant US$"),
    Measure.GDP_PER_CAPITA: MeasureInfo("GDP per capita, thousand US$", "thousand US$", 0, 1e4, (),
                                        "GDP per capita"),
    Measure.PER_CAPITA: MeasureInfo("defence expenditure per capita, US$", "US$", 0, 1e6, (), "Per capita"),
    Measure.PERSONNEL: MeasureInfo("military personnel, thousands", "thousand", 0, 1e5, (), "Personnel"),
    Measure.EQUIPMENT_SHARE: MeasureInfo("equipment, % of defence expenditure", _DEF_SHARE, 0, 100,
                                         ("EQUIPMENT_20PCT",), "Equipment share"),
    Measure.PERSONNEL_SHARE: MeasureInfo("personnel, % of defence expenditure", _DEF_SHARE, 0, 100, (),
                                         "Personnel share"),
    Measure.INFRASTRUCTURE_SHARE: MeasureInfo("infrastructure, % of defence expenditure", _DEF_SHARE, 0, 100, (),
                                              "Infrastructure share"),
    Measure.OTHER_SHARE: MeasureInfo("other, % of defence expenditure", _DEF_SHARE, 0, 100, (), "Other share"),
}


@dataclass(frozen=True)
class Member:
    """One of the 32 allies."""

    KIND: ClassVar[str] = "members"
    iso3: str
    name: str
    official_name: str
    accession_year: int
    region: str
    capital: str = ""
    currency: str = ""
    eurozone: bool = False
    notes: str = ""

    @property
    def id(self) -> str:
        return self.iso3


SOURCE_KINDS = ("primary_official", "press", "press_copy", "transcription", "aggregator", "other")
"""What a source is (the reference's ``kind``); ``""`` in a record means not classified."""

COPY_KINDS = ("press_copy", "transcription", "aggregator")
"""Kinds whose ``url`` is where a copy was read, never the original to cite."""

CITE_CONFIDENCES = ("stated", "confirmed", "inferred", "none")
"""How sure the ``cite_*`` fields are: the copy states its original, the original
was found and checked, it was inferred, or the original is unknown."""

CITE_FIELDS = ("kind", "cite_publisher", "cite_title", "cite_url", "read_at_url", "via",
               "cite_confidence", "cite_note")
"""The fields of ``Source`` that say how to cite it (schema 3 and later)."""


@dataclass(frozen=True)
class Source:
    """Where a figure, position or quote comes from, and what a briefer cites for it.

    ``title``, ``publisher``, ``date``, ``url`` and ``note`` describe what was
    read, which is often a copy: a mirror of a BBC page, a syndicated Reuters
    report, a GitHub transcription of NATO's tables. ``date`` is kept as
    published: a full ISO date, a year-month or a year.

    The ``cite_*`` fields name the original (the reference's columns of the
    same names): ``kind`` (one of ``SOURCE_KINDS``, or ``""`` when not
    classified), ``cite_publisher`` and ``cite_title`` (e.g. "NATO" and the
    edition's title with its table; empty means the same as ``publisher`` /
    ``title``), ``cite_url`` (the original's URL, only where stated or
    confirmed), ``read_at_url`` (where the text was read, when that differs),
    ``via`` (the copy in words, "copy on squidsite02.com"),
    ``cite_confidence`` (one of ``CITE_CONFIDENCES`` or ``""``) and
    ``cite_note`` (the evidence). ``nato_desk.export.citations`` turns them
    into what is shown.

    ``text`` (schema 5) is the text of an article imported with File ▸ Import
    article: its distinct paragraphs, as the review showed them (at most
    ``validation.MAX_SOURCE_TEXT`` characters); ``""`` for every other source.
    """

    KIND: ClassVar[str] = "sources"
    id: str
    title: str
    publisher: str = ""
    date: str = ""
    url: str = ""
    note: str = ""
    kind: str = ""
    cite_publisher: str = ""
    cite_title: str = ""
    cite_url: str = ""
    read_at_url: str = ""
    via: str = ""
    cite_confidence: str = ""
    cite_note: str = ""
    text: str = ""  # an imported article's deduplicated text (schema 5), so a quote shows in its paragraph


@dataclass(frozen=True)
class Edition:
    """One NATO release of the spending series (a vintage).

    NATO restates past years in every release, so a figure only means
    something together with its edition.
    """

    KIND: ClassVar[str] = "editions"
    id: str
    label: str
    title: str
    released: str
    measure: Measure  # the headline measure; its figures may cover others too
    source_id: str
    note: str = ""
    publisher: str = "NATO"  # whose series: NATO, SIPRI, World Bank, ... (never spliced)
    base_year: str = ""  # of its constant prices, as published: "2015 prices"


@dataclass(frozen=True)
class Observation:
    """A spending figure for one ally, year, measure and edition.

    ``value is None`` is a published blank (a gap with a reason in ``note``).
    ``decimals`` is the precision the source published, so 2.0 (one decimal,
    rounded by the source) is never shown as a more precise 2.00.
    """

    KIND: ClassVar[str] = "observations"
    id: str
    iso3: str
    year: int
    measure: Measure
    value: float | None
    decimals: int
    status: Status
    edition: str
    source_id: str
    note: str = ""


@dataclass(frozen=True)
class Position:
    """An ally's (or NATO's) stance on the Hague commitment.

    The reference classifies most stances from the ally's quotes, so a
    position may rest on several sources.
    """

    KIND: ClassVar[str] = "positions"
    id: str
    iso3: str
    stance: Stance
    summary: str
    source_ids: tuple[str, ...]
    since: str = ""
    note: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim statement, in its original language.

    ``date`` may be empty when the source gives no date for the remark.
    """

    KIND: ClassVar[str] = "quotes"
    id: str
    iso3: str
    speaker: str
    role: str
    text: str
    date: str
    source_id: str
    lang: str = "en"
    translation: str = ""
    note: str = ""


@dataclass(frozen=True)
class Target:
    """A commitment the chart measures allies against (2%, 3.5%, 5%)."""

    KIND: ClassVar[str] = "targets"
    id: str
    label: str
    measure: Measure
    value: float
    by_year: int
    agreed: str
    source_id: str
    kind: str = "at_least"  # "at_least" or "up_to"
    note: str = ""


@dataclass(frozen=True)
class Event:
    """A dated marker on the chart (summits, the invasion, the review)."""

    KIND: ClassVar[str] = "events"
    id: str
    date: str
    label: str
    kind: str
    source_id: str
    note: str = ""

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass(frozen=True)
class Leader:
    """A person in a role, used to attribute quotes to allies."""

    KIND: ClassVar[str] = "leaders"
    id: str
    name: str
    aliases: tuple[str, ...]
    iso3: str
    role: str
    start: str = ""
    end: str = ""
    source_id: str = ""


VIEW_KINDS = ("trajectory", "ranked", "overview")
"""The chart views a saved view can show."""


@dataclass(frozen=True)
class SavedView:
    """A named chart view for briefing: allies, view kind, edition, years, toggles.

    The storyline is the saved views ordered by ``order`` (no record of its own).
    ``scenario`` is "kind:target" as the chart panel offers it ("linear:HAGUE_CORE",
    ":HAGUE_CORE" for none).
    """

    KIND: ClassVar[str] = "views"
    id: str
    name: str
    allies: tuple[str, ...]
    view: str
    edition: str
    year_from: int
    year_to: int
    hague: bool = True
    wales: bool = True
    scenario: str = "linear:HAGUE_CORE"
    order: int = 0
    # A Measure value; "" is the edition's headline measure (views saved before measures).
    # Not named "measure": that field name is read back as a Measure, and "" is none.
    shown_measure: str = ""


Record = Member | Source | Edition | Observation | Position | Quote | Target | Event | Leader | SavedView

RECORD_TYPES: dict[str, type[Any]] = {
    cls.KIND: cls
    for cls in (Member, Source, Edition, Observation, Position, Quote, Target, Event, Leader,
                SavedView)
}

# Fields whose stored JSON form differs from the Python value.
_ENUM_FIELDS: dict[str, type[enum.Enum]] = {"stance": Stance, "status": Status, "measure": Measure}
_TUPLE_FIELDS = {"source_ids", "aliases", "allies"}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_field_names(cls: type) -> tuple[str, ...]:
    """The field names of record class ``cls``, in declaration order."""
    # Cached: dataclasses.fields() builds a tuple on every call, a third of
    # the cost of reading or writing a 50,000-figure store.
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def record_to_dict(record: Record) -> dict[str, Any]:
    """The JSON-ready form of ``record`` (enums as strings, tuples as lists)."""
    out: dict[str, Any] = {}
    for name in record_field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    if isinstance(record, Member):
        out["id"] = record.iso3
    return out


def field_from_json(field: str, value: Any) -> Any:
    """One field's stored JSON value as the record holds it (enum, tuple, ...)."""
    if field in _ENUM_FIELDS and value is not None:
        return _ENUM_FIELDS[field](value)
    if field in _TUPLE_FIELDS and value is not None:
        return tuple(value)
    return value


def record_from_dict(kind: str, data: dict[str, Any], *, adopt: bool = False) -> Record:
    """Rebuild a record of ``kind`` from ``record_to_dict`` output.

    Keys that are not fields (e.g. the derived "id" of Member) are ignored.

    ``adopt=True``: the caller gives ``data`` up. When it holds exactly the
    record's fields, the record takes the dict itself as its fields (its
    enum and tuple values converted in place) rather than a copy of it.
    Opening a store reads every figure this way: rebuilding the shipped
    store's 5,265 figures took 12 ms, and takes 7 (issue 14). The fields keep
    the file's order and key strings, so reading one is slower than on a
    record made by ``__init__`` (CPython's shared-key dict needs the declared
    order and names); copying them into that order cost 80 M instructions
    more at start-up (2.7%) and saved 1.6 M (2.5%) of a first switch to an
    ally, so start-up, the row nearer its goal, won.

    Raises:
        KeyError: unknown kind.
        TypeError / ValueError: the dict does not fit the record.
    """
    cls = RECORD_TYPES[kind]
    plan = _plans.get(cls) or _plan(cls)
    if adopt and type(data) is dict and data.keys() == plan.names:
        try:
            for key, convert in plan.converters.items():
                value = data[key]
                if value is not None:
                    data[key] = convert(value)
        except (KeyError, TypeError, ValueError):
            pass  # not a value of its enum, or no sequence: the steps below say which
        else:
            record: Record = object.__new__(cls)
            object.__setattr__(record, "__dict__", data)  # frozen: past its __setattr__
            return record
    values = plan.defaults | data
    if not plan.names.issuperset(data):
        values = {key: value for key, value in values.items() if key in plan.names}
    for key, convert in plan.converters.items():
        value = values.get(key)
        if value is not None:
            values[key] = convert(value)
    if len(values) < len(plan.names):
        missing = [name for name in plan.names if name not in values]
        raise TypeError(f"{cls.__name__} is missing {', '.join(missing)}")
    # Opening a store builds every record: a frozen dataclass's __init__ sets
    # each field through object.__setattr__, which made reading 50,000
    # figures cost a third of a second. The values are the fields exactly,
    # as __init__ would set them (no record has a __post_init__).
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


def _enum_lookup(kind: type[enum.Enum]) -> Callable[[Any], Any]:
    """``kind(value)`` by a dict lookup first (EnumMeta.__call__ is slow); errors as ``kind(value)``'s."""
    members = kind._value2member_map_

    def convert(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):  # not a value (or unhashable): let the enum say so
            return kind(value)

    return convert


@dataclass(frozen=True)
class _Plan:
    names: frozenset[str]
    defaults: dict[str, Any]
    converters: dict[str, Callable[[Any], Any]]


_plans: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    fields = dataclasses.fields(cls)
    defaults: dict[str, Any] = {}
    for f in fields:
        if f.default is not dataclasses.MISSING:
            defaults[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory is not supported here")
    converters: dict[str, Callable[[Any], Any]] = {name: _enum_lookup(e) for name, e in _ENUM_FIELDS.items()}
    converters.update({name: tuple for name in _TUPLE_FIELDS})
    names = frozenset(f.name for f in fields)
    plan = _plans[cls] = _Plan(names, defaults, {k: v for k, v in converters.items() if k in names})
    return plan


def replace(record: Record, **changes: Any) -> Record:
    """A copy of ``record`` with ``changes`` applied (dataclasses.replace)."""
    return dataclasses.replace(record, **changes)

