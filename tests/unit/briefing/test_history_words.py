"""History in the analyst's words: one line per entry, never an internal id or field name."""

from __future__ import annotations

import re
import shutil

import pytest

from nato_desk.briefing.history_words import describe_entry, known_records
from nato_desk.domain import (
    AddRecord,
    ChangeSet,
    HistoryEntry,
    Measure,
    Observation,
    Position,
    Quote,
    RemoveRecord,
    SetField,
    Source,
    Stance,
    Status,
)
from nato_desk.store import Store

DEU_2025 = "2025-08/DEU/pct_gdp/2025"
# What an analyst never should read: a figure id, a source id, an attribute name.
INTERNAL = re.compile(r"\b(?:source_id|source_ids|decimals(?! published)|record|GH_SQLSEED_T3|BUNDESTAG_2025)\b"
                      r"|\d{4}-\d\d/[A-Z]{3}/")


@pytest.fixture
def store(seeded_store, tmp_path):
    path = tmp_path / "desk.json"
    shutil.copy(seeded_store, path)
    with Store.open(path) as store:
        yield store


def apply(store: Store, change, reason: str = "") -> HistoryEntry:
    return store.apply(change, user="analyst a", reason=reason)


def words(store: Store, entry: HistoryEntry):
    return describe_entry(store, entry, known_records(store.history()))


def add_bundestag(store: Store) -> None:
    apply(store, AddRecord(Source("BUNDESTAG_2025", "Bundestag budget law", "Deutscher Bundestag"),
                           "Add source Bundestag budget law"))


def fill_germany(store: Store) -> HistoryEntry:
    """The figure dialog's four-field edit of Germany's 2025 blank."""
    old = store.get(Observation, DEU_2025)
    label = "Edit Germany 2025 estimate"
    return apply(store, ChangeSet((
        SetField("observations", DEU_2025, "value", old.value, 2.4, label),
        SetField("observations", DEU_2025, "decimals", old.decimals, 2, label),
        SetField("observations", DEU_2025, "source_id", old.source_id, "BUNDESTAG_2025", label),
        SetField("observations", DEU_2025, "note", old.note, "Budget law 2025", label),
    ), label), "budget law")


def test_a_four_field_figure_edit_is_one_line_with_unit_edition_and_source_title(store):
    add_bundestag(store)
    said = words(store, fill_germany(store))
    assert said.line == ("Germany 2025 (August 2025 edition): blank → 2.40% of GDP, "
                         "source Bundestag budget law, note edited")
    assert not INTERNAL.search(said.line)
    assert said.iso3s == {"DEU"} and said.kinds == {"observations"}
    texts = [d.text for d in said.details]
    assert len(texts) == 4
    assert texts[0] == "Germany 2025 (August 2025 edition) value: blank → 2.40% of GDP"
    assert texts[2].startswith("Germany 2025 (August 2025 edition) source: ")
    assert texts[2].endswith("→ Bundestag budget law")
    assert "decimals published: 0 → 2" in texts[1]
    note = said.details[3]
    assert note.text.endswith("→ Budget law 2025") and len(note.old) > 300  # the whole old note
    assert note.shown(subject=False).startswith("Note: blank by design")
    assert note.shown(subject=False).endswith("… → Budget law 2025")
    assert len(note.shown(subject=False)) == len("Note: ") + 80 + len(" → Budget law 2025")
    assert not any(INTERNAL.search(t) for t in texts)
    # Reverted, the figure is blank again at 0 decimals; the entry still says 2.40.
    store.revert(store.history()[-1].id, user="analyst b")
    assert words(store, store.history()[-2]).details[0].text.endswith("blank → 2.40% of GDP")


def test_a_figure_gone_blank_and_its_revert(store):
    obs = store.get(Observation, "2025-08/ESP/pct_gdp/2024")
    entry = apply(store, SetField("observations", obs.id, "value", obs.value, None, "Edit Spain 2024 estimate"))
    value = f"{obs.value:.{obs.decimals}f}% of GDP"
    assert words(store, entry).line == f"Spain 2024 (August 2025 edition): {value} → blank"
    revert = store.revert(entry.id, user="analyst b")
    assert words(store, revert).line == f"Revert: Spain 2024 (August 2025 edition): blank → {value}"


def test_undo_reads_as_undo_of_the_change(store):
    add_bundestag(store)
    entry = fill_germany(store)
    undo = apply(store, entry.change.inverse())
    assert words(store, undo).line.startswith("Undo: Germany 2025 (August 2025 edition): 2.40% of GDP → blank")


def test_a_measure_other_than_the_headline_is_named_with_its_unit(store):
    obs = next(o for o in store.observations("POL", "2024-06") if o.measure is Measure.CONSTANT_USD
               and o.value is not None)
    entry = apply(store, SetField("observations", obs.id, "status", obs.status, Status.ESTIMATE
                                  if obs.status is Status.ACTUAL else Status.ACTUAL, "Edit Poland"))
    line = words(store, entry).line
    assert line.startswith(f"Poland {obs.year} constant US$ (June 2024 edition): ")
    assert "actual" in line and "estimate" in line


def test_added_and_removed_figures_and_a_moved_one(store):
    obs = store.get(Observation, "2025-08/ESP/pct_gdp/2024")
    removed = apply(store, RemoveRecord(obs, "Remove Spain 2024"))
    line = words(store, removed).line
    assert line.startswith("Spain 2024 (August 2025 edition): removed (was ")
    assert "% of GDP" in line and "source " in line and not INTERNAL.search(line)
    added = apply(store, AddRecord(obs, "Add Spain 2024"))
    assert "% of GDP estimate, source" in words(store, added).line or \
        "% of GDP actual, source" in words(store, added).line
    moved = Observation(**{**obs.__dict__, "id": "2025-08/ESP/pct_gdp/2023", "year": 2023})
    store.apply(RemoveRecord(store.get(Observation, "2025-08/ESP/pct_gdp/2023"), "make room"), user="a")
    entry = apply(store, ChangeSet((RemoveRecord(obs, "Edit"), AddRecord(moved, "Edit")), "Edit Spain 2024"))
    line = words(store, entry).line
    assert line.startswith("Spain 2024 (August 2025 edition): ")
    assert " moved to Spain 2023 (August 2025 edition): " in line


def test_quotes_in_words(store):
    quote = store.quotes("ESP")[0]
    edited = apply(store, SetField("quotes", quote.id, "text", quote.text, quote.text + " Indeed.", "Edit quote"))
    said = words(store, edited)
    assert said.line == f"Quote by {quote.speaker} (Spain): text edited"
    assert said.iso3s == {"ESP"}
    deleted = apply(store, RemoveRecord(store.get(Quote, quote.id), "Delete quote"))
    assert words(store, deleted).line.startswith(f"Quote by {quote.speaker} (Spain) removed: “")
    # Once deleted, the earlier edit still names the speaker (from the copy the history kept).
    assert words(store, edited).line == f"Quote by {quote.speaker} (Spain): text edited"


def test_a_new_position_reads_as_old_stance_to_new(store):
    before = store.position("ESP")
    position = Position("ESP-2099-01", "ESP", Stance.SUPPORTS_WITH_RESERVATIONS, "Now supports",
                        (before.source_ids[0],), since="2099-01")
    entry = apply(store, AddRecord(position, "Change position of Spain"))
    assert words(store, entry).line == \
        f"Spain's position: {before.stance.label.lower()} → supports with reservations"
    note = apply(store, SetField("positions", position.id, "note", "", "Watch 2029", "Note"))
    assert words(store, note).line == "Spain's position: note edited"


def test_an_import_is_one_line_of_counts_naming_the_file(store):
    figures = [o for o in store.observations(edition="2025-08") if o.value is not None][:5]
    label = "Import NATO August 2025 tables"
    parts = [RemoveRecord(o, label) for o in figures[:3]]
    parts += [SetField("observations", o.id, "value", o.value, o.value + 0.01, label) for o in figures[3:]]
    parts += [SetField("observations", figures[3].id, "status", figures[3].status, Status.ACTUAL, label)]
    entry = apply(store, ChangeSet(tuple(parts), label),
                  "Imported 250828-tables.xlsx (SHA-256 ab12): 5 rows taken (0 new, 2 changed, 3 removed)")
    assert words(store, entry).line == "Imported 250828-tables.xlsx: 2 figures changed, 3 removed"
    undone = apply(store, entry.change.inverse())
    assert words(store, undone).line == "Undo: Imported NATO August 2025 tables: 3 figures added, 2 changed"
    assert len(words(store, entry).details) == 6


def test_a_source_that_no_longer_exists(store):
    add_bundestag(store)
    source = store.get(Source, "BUNDESTAG_2025")
    apply(store, RemoveRecord(source, "Delete source"))
    gone = HistoryEntry("x1", "2026-01-01T00:00:00Z", "a",
                        SetField("observations", DEU_2025, "source_id", "GH_SQLSEED_T3", "BUNDESTAG_2025", "Edit"))
    line = words(store, gone).line
    assert line == "Germany 2025 (August 2025 edition): source Bundestag budget law (since removed)"
    never = HistoryEntry("x2", "2026-01-01T00:00:00Z", "a",
                         SetField("observations", DEU_2025, "source_id", "GH_SQLSEED_T3", "NEVER_SEEN", "Edit"))
    assert "a source no longer in the store" in words(store, never).line


def test_sources_and_their_fields_in_words(store):
    add_bundestag(store)
    added = store.history()[-1]
    assert words(store, added).line == "Source added: “Bundestag budget law”, Deutscher Bundestag"
    entry = apply(store, ChangeSet((
        SetField("sources", "BUNDESTAG_2025", "url", "", "https://bundestag.de", "Edit source"),
        SetField("sources", "BUNDESTAG_2025", "cite_publisher", "", "Bundestag", "Edit source")), "Edit source"))
    said = words(store, entry)
    assert said.line == "Source “Bundestag budget law”: URL and cite publisher edited"
    assert said.details[0].text == "Source “Bundestag budget law”: URL: empty → https://bundestag.de"


def test_a_value_is_never_rounded_to_a_stale_precision(store):
    # A value-only edit of the blank (published to 0 decimals) keeps every digit it holds.
    entry = apply(store, SetField("observations", DEU_2025, "value", None, 2.45, "Edit Germany 2025"))
    assert words(store, entry).line == "Germany 2025 (August 2025 edition): blank → 2.45% of GDP"


def test_an_article_import_is_one_line_of_what_it_stored(store):
    label = "Import article: Allies agree to 5%"
    source = Source("ARTICLE_X", "Allies agree to 5%", "Example News")
    quotes = [Quote(f"X-{n}", "ESP", "Pedro Sánchez", "Prime Minister", f"Quote {n}", "2025-06-25", "ARTICLE_X")
              for n in (1, 2)]
    position = store.position("ESP")
    entry = apply(store, ChangeSet((AddRecord(source, label), *(AddRecord(q, label) for q in quotes),
                                    SetField("positions", position.id, "note", position.note, "Noted", label)),
                                   label))
    said = words(store, entry)
    assert said.line == "Imported article “Allies agree to 5%”: 2 quotes added, 1 position noted"
    assert said.iso3s == {"ESP"} and len(said.details) == 4
