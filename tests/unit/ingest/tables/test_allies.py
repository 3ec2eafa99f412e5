"""Ally names as publishers write them: one alias table, in step with data/members.csv."""

from __future__ import annotations

import pytest

from nato_desk.domain import Member
from nato_desk.ingest import load_seed, seed_folder
from nato_desk.ingest.tables.allies import ALLIES, closest_allies, match_ally, match_code


def test_the_allies_are_the_shipped_members():
    members = {r.iso3: r for r in load_seed(seed_folder()) if isinstance(r, Member)}
    assert ALLIES == {code: m.name for code, m in members.items()}
    for code, member in members.items():  # the official names match too
        assert match_ally(member.official_name) == (code, ())


@pytest.mark.parametrize(("label", "code", "flags"), [
    ("Slovak Republic", "SVK", ()),
    ("Turkey", "TUR", ()),
    ("T\u00fcrkiye", "TUR", ()),
    ("TURKIYE", "TUR", ()),
    ("Czech Republic", "CZE", ()),
    ("Czechia*", "CZE", ("*",)),
    ("Poland*   (Zlotys)", "POL", ("*",)),
    ("United States of America", "USA", ()),
    ("UK", "GBR", ()),
    ("North Macedonia", "MKD", ()),
    ("  Netherlands\u00a0", "NLD", ()),
])
def test_publishers_spellings_name_the_ally(label, code, flags):
    assert match_ally(label) == (code, flags)


@pytest.mark.parametrize("label", ["Ireland", "Kosovo", "European Union", "NATO Europe and Canada", "", "()"])
def test_other_labels_name_no_ally(label):
    assert match_ally(label)[0] is None


def test_closest_names_help_a_refusal():
    assert closest_allies("Slovak Rep.")[0] == "Slovakia"
    assert closest_allies("Turkiye Republic", 1, 0.8) == ["T\u00fcrkiye"]
    assert closest_allies("Switzerland", 1, 0.8) == []


def test_codes_are_matched_in_any_case():
    assert match_code(" pol ") == "POL"
    assert match_code("XKX") is None and match_code("WLD") is None
