"""Shared fixtures for the ingest tests.

Tests read only the repository's data/ (through ``seed_folder()``) or small
inline texts; never the reference set outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nato_desk.domain import Record
from nato_desk.ingest import ARTICLE_FILE, SEED_FILES, load_seed, seed_folder


@pytest.fixture(scope="session")
def seed() -> list[Record]:
    """The real seed, loaded once for the session."""
    return load_seed(seed_folder())


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed folder, for tests that corrupt one file."""
    for name in (*SEED_FILES, ARTICLE_FILE):
        text = seed_folder().joinpath(name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    return tmp_path
