"""Domain records: validation messages name the field and the problem; records round-trip."""

from __future__ import annotations

import pytest

from nato_desk.domain import (
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    Source,
    Stance,
    Status,
    ValidationError,
    parse_partial_date,
    record_from_dict,
    record_to_dict,
    replace,
    validate,
    validate_references,
)

OBS = Observation("2025-08/ESP/pct_gdp/2025", "ESP", 2025, Measure.PCT_GDP, 2.0, 2,
                  Status.ESTIMATE, "2025-08", "NATO_DE2025")
QUOTE = Quote("ESP-01", "ESP", "Pedro Sánchez", "Prime Minister of Spain",
              "No es razonable y sería contraproducente", "2025-06-19", "SRC", lang="es")
POSITION = Position("ESP-hague-2025", "ESP", Stance.OPPOSES_OR_EXEMPTED, "2.1% is enough", ("SRC",))
COPY = Source("R", "Headline (Reuters)", "Reuters (copy on mirror.example)", "2025-08-27",
              "https://mirror.example/a", kind="press_copy", cite_publisher="Reuters",
              cite_title="Headline", read_at_url="https://mirror.example/a", via="copy on mirror.example",
              cite_confidence="stated", cite_note="credit line")


@pytest.mark.parametrize("record", [OBS, QUOTE, POSITION,
                                    Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"),
                                    Source("SRC", "A title", "A publisher", "2025-06", "https://x.org"),
                                    COPY])
def test_records_round_trip_through_their_stored_form(record):
    validate(record)
    assert record_from_dict(record.KIND, record_to_dict(record)) == record


@pytest.mark.parametrize("record", [OBS, QUOTE, POSITION,
                                    Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe"),
                                    COPY])
def test_a_record_that_adopts_its_document_is_the_same_record(record):
    # Opening a store hands each document over (adopt=True): the record read
    # must be the one written, enums as enums, lists as tuples, still frozen.
    data = record_to_dict(record)
    read = record_from_dict(record.KIND, data, adopt=True)
    assert read == record
    assert hash(read) == hash(record)
    assert repr(read) == repr(record)
    for name, value in vars(record).items():
        assert type(getattr(read, name)) is type(value), name
    with pytest.raises(AttributeError):
        read.id = "other"  # type: ignore[misc]


@pytest.mark.parametrize(("field", "value", "words"), [
    ("status", "guessed", "'guessed' is not a valid Status"),
    ("measure", ["pct_gdp"], r"\['pct_gdp'\] is not a valid Measure"),
])
def test_an_adopted_document_with_a_wrong_value_fails_as_a_copied_one(field, value, words):
    def bad():
        return record_to_dict(OBS) | {field: value}

    with pytest.raises((ValueError, TypeError), match=words) as copied:
        record_from_dict(OBS.KIND, bad())
    with pytest.raises(type(copied.value), match=words):
        record_from_dict(OBS.KIND, bad(), adopt=True)


def test_a_figure_adopts_its_document_rather_than_copying_it():
    # What makes opening a store faster (issue 14): no second dict per figure.
    data = record_to_dict(OBS)
    assert vars(record_from_dict(OBS.KIND, data, adopt=True)) is data
    assert vars(record_from_dict(OBS.KIND, record_to_dict(OBS))) is not data


def test_an_adopted_document_missing_a_field_is_refused_by_name():
    data = record_to_dict(QUOTE)
    del data["speaker"]
    with pytest.raises(TypeError, match="missing speaker"):
        record_from_dict(QUOTE.KIND, data, adopt=True)


@pytest.mark.parametrize(
    ("record", "field", "words"),
    [
        (replace(OBS, value=120.0), "value", "outside 0-100"),
        (replace(OBS, value=-0.1), "value", "outside 0-100"),
        (replace(OBS, year=1900), "year", "outside 1949-2100"),
        (replace(OBS, iso3="Spain"), "iso3", "not an ISO-3 code"),
        (replace(OBS, source_id=""), "source_id", "is empty"),
        (replace(OBS, value=None), "note", "must explain a figure left blank"),
        (replace(QUOTE, text="   "), "text", "is empty"),
        (replace(QUOTE, date="2025-13-01"), "date", "does not parse"),
        (replace(QUOTE, date="19 June"), "date", "does not parse"),
        (replace(POSITION, source_ids=()), "source_ids", "is empty"),
        (replace(COPY, kind="mirror"), "kind", "is not one of primary_official, press, press_copy"),
        (replace(COPY, cite_confidence="likely"), "cite_confidence", "is not one of stated, confirmed"),
        (replace(COPY, cite_url="ftp://x.org/a"), "cite_url", "is not an http(s) address"),
        (replace(COPY, cite_url="https://"), "cite_url", "is not an http(s) address"),
        (replace(COPY, read_at_url="javascript:alert(1)"), "read_at_url", "is not an http(s) address"),
        (replace(COPY, via=3), "via", "is not text"),
        (replace(COPY, cite_title=None), "cite_title", "is not text"),
    ],
)
def test_validation_names_the_field_and_the_problem(record, field, words):
    with pytest.raises(ValidationError) as err:
        validate(record)
    assert err.value.field == field
    assert words in str(err.value)
    assert str(err.value).startswith(type(record).__name__)


def test_a_published_blank_with_its_reason_is_valid():
    validate(replace(OBS, value=None, note="NATO published no estimate"))


def test_quotes_and_positions_may_belong_to_nato_but_figures_may_not():
    validate(replace(QUOTE, iso3="NATO"))
    validate(replace(POSITION, iso3="NATO"))
    with pytest.raises(ValidationError):
        validate(replace(OBS, iso3="NATO"))


def test_references_must_resolve():
    validate_references([QUOTE], {"SRC"}, {"ESP"})
    with pytest.raises(ValidationError, match="'NATO_DE2025' is not a known source"):
        validate_references([OBS], {"SRC"}, {"ESP"})
    with pytest.raises(ValidationError, match="'ESP' is not a member"):
        validate_references([QUOTE], {"SRC"}, set())


@pytest.mark.parametrize(("text", "year", "month", "day"),
                         [("2025", 2025, 1, 1), ("2025-06", 2025, 6, 1), ("2025-06-25", 2025, 6, 25)])
def test_partial_dates(text, year, month, day):
    date = parse_partial_date(text)
    assert (date.year, date.month, date.day) == (year, month, day)


@pytest.mark.parametrize("text", ["", "2025-6", "2025-02-30", "25-06-2025", "2025-06-25T10:00", "2025\n", "٢٠٢٥"])
def test_bad_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


@pytest.mark.parametrize("text", ["2025\n", "\u0662\u0660\u0662\u0665", "2025-06-25\n"])
def test_dates_are_ascii_and_whole(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)
