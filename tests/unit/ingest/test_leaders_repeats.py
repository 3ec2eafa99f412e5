"""Leader ids when a name repeats many times (issue 12, item 10).

A person who held the same role again gets ``-2``, ``-3``... Before the fix
every repeat rescanned all earlier suffixes, so 20,000 rows of one name took
half a minute. These tests pin the ids (the shipped store depends on them)
and check that the work per row does not grow with the repeats, counted in
executed lines of the parser's module, never in time (project rule: no timed
assertions; bench/parse_linearity.py measures the time).
"""

from __future__ import annotations

import os
import sys
from types import FrameType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import nato_desk.ingest.leaders as leaders_module
from nato_desk.ingest import parse_leaders
from nato_desk.ingest.leaders import slug

HEADER = "name,aliases,iso3,role,from,to,source_id\n"


def _csv(names: list[str]) -> str:
    return HEADER + "".join(f"{name},,DNK,pm,,,\n" for name in names)


def _ids(names: list[str]) -> list[str]:
    return [leader.id for leader in parse_leaders(_csv(names), "l.csv")]


def _smallest_free_suffix(names: list[str]) -> list[str]:
    """The documented rule, written the slow obvious way: the smallest free suffix."""
    taken: set[str] = set()
    out: list[str] = []
    for name in names:
        base = f"DNK/pm/{slug(name)}"
        leader_id, n = base, 1
        while leader_id in taken:
            n += 1
            leader_id = f"{base}-{n}"
        taken.add(leader_id)
        out.append(leader_id)
    return out


def test_many_repeats_of_one_name_are_numbered_in_file_order() -> None:
    ids = _ids(["Ana Ørsted"] * 3000)
    assert ids[:3] == ["DNK/pm/ana-orsted", "DNK/pm/ana-orsted-2", "DNK/pm/ana-orsted-3"]
    assert ids[-1] == "DNK/pm/ana-orsted-3000"
    assert len(set(ids)) == 3000


def test_a_name_whose_slug_ends_in_a_number_is_skipped_over() -> None:
    # "A B 2" slugs to "a-b-2": the third "A B" must not take that id.
    assert _ids(["A B", "A B 2", "A B", "A B"]) == [
        "DNK/pm/a-b", "DNK/pm/a-b-2", "DNK/pm/a-b-3", "DNK/pm/a-b-4",
    ]
    # ...and when "A B 2" comes after the repeat that took "a-b-2", it is numbered itself.
    assert _ids(["A B", "A B", "A B 2", "A B"]) == [
        "DNK/pm/a-b", "DNK/pm/a-b-2", "DNK/pm/a-b-2-2", "DNK/pm/a-b-3",
    ]


def test_repeats_of_several_names_interleaved_count_separately() -> None:
    names = ["A B", "C D"] * 500
    ids = _ids(names)
    assert ids[-2:] == ["DNK/pm/a-b-500", "DNK/pm/c-d-500"]


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI") == "true",
)
@given(st.lists(st.sampled_from(["A B", "A B 2", "A B 3", "A B 2 2", "A B 2 3", "C"]), max_size=40))
def test_ids_follow_the_smallest_free_suffix_rule(names: list[str]) -> None:
    assert _ids(names) == _smallest_free_suffix(names)


def _lines_executed_in_parser(names: list[str]) -> int:
    """Lines run inside leaders.py while parsing ``names``: work, counted exactly."""
    module_file = leaders_module.__file__
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename == module_file else None

    text = _csv(names)
    previous = sys.gettrace()
    sys.settrace(global_)
    try:
        parse_leaders(text, "l.csv")
    finally:
        sys.settrace(previous)
    return count


def test_work_per_row_does_not_grow_with_repeats_of_one_name() -> None:
    # Doubling the rows of one repeated name at most doubles the parser's own
    # work (2.2 allows for the fixed part). Rescanning earlier suffixes made it
    # about 4x: each repeat cost as many steps as there were repeats before it.
    small = _lines_executed_in_parser(["Ana Ørsted"] * 400)
    large = _lines_executed_in_parser(["Ana Ørsted"] * 800)
    assert large <= 2.2 * small, (small, large)
