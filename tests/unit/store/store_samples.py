"""Small hand-made records for the store tests (no Qt, no seed data files).

A uniquely named module rather than conftest.py: ``from conftest import`` would
pick up whichever conftest another test folder registered first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nato_desk.domain import (
    Measure,
    Member,
    Observation,
    Position,
    Quote,
    Record,
    Source,
    Stance,
    Status,
)
from nato_desk.store.integrity import PLACEHOLDER, seal

ESP = Member("ESP", "Spain", "Kingdom of Spain", 1982, "Southern Europe", capital="Madrid")
POL = Member("POL", "Poland", "Republic of Poland", 1999, "Central Europe")
NATO_REPORT = Source("nato-2025", "Defence Expenditure of NATO Countries (2014-2025)", "NATO", "2025-08")
SPEECH = Source("sanchez-2025-06", "Letter to the Secretary General", "La Moncloa", "2025-06-19")


def obs(iso3: str, year: int, value: float | None, *, edition: str = "2025", **kw: object) -> Observation:
    fields: dict[str, object] = {
        "id": f"{iso3.lower()}-{year}-{edition}",
        "iso3": iso3,
        "year": year,
        "measure": Measure.PCT_GDP,
        "value": value,
        "decimals": 2,
        "status": Status.ESTIMATE if year == 2025 else Status.ACTUAL,
        "edition": edition,
        "source_id": NATO_REPORT.id,
    }
    fields.update(kw)
    return Observation(**fields)  # type: ignore[arg-type]


ESP_POSITION = Position(
    "esp-position",
    "ESP",
    Stance.OPPOSES_OR_EXEMPTED,
    "Spain says 2.1% is enough and will not commit to 5%.",
    (SPEECH.id, NATO_REPORT.id),
    since="2025-06",
)
ESP_QUOTE = Quote(
    "sanchez-2025-06-19",
    "ESP",
    "Pedro Sánchez",
    "Prime Minister",
    "España no se va a comprometer con el 5 %.",
    "2025-06-19",
    SPEECH.id,
    lang="es",
    translation="Spain will not commit to 5%.",
)


def sample_records() -> list[Record]:
    return [
        ESP,
        POL,
        NATO_REPORT,
        SPEECH,
        obs("ESP", 2025, 2.0, decimals=1),
        obs("ESP", 2024, 1.28),
        obs("POL", 2024, 4.12),
        obs("POL", 2025, None, note="not yet published"),
        ESP_POSITION,
        ESP_QUOTE,
    ]


def write_changed_on_purpose(path: Path, doc: dict[str, Any]) -> None:
    """Write ``doc`` (a store file a test changed on purpose) as nato_desk would seal it.

    From schema 6 a file carries the SHA-256 of its own bytes (``integrity``),
    so a file rewritten by ``json.dumps`` alone opens as changed outside
    nato_desk. This puts ``meta`` last (where the checksum is looked for),
    gives it a checksum placeholder and seals the text, so the test sees how
    the store reads the *content* it wrote.
    """
    tables = {name: table for name, table in doc.items() if name != "meta"}
    meta = {key: dict(value) for key, value in doc["meta"].items()}
    meta[min(meta, key=int)]["checksum"] = PLACEHOLDER
    tables["meta"] = meta
    path.write_text(seal(json.dumps(tables, ensure_ascii=False)), encoding="utf-8")
