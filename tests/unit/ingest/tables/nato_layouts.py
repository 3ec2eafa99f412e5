"""NATO's 2025/2026 tables workbook layout, built with openpyxl (no real copy is stored).

The shape is the one ../shared/reference/README.md describes from other
projects' parsers of def-exp-2025-en.xlsx and def-exp-2026-en.xlsx: sheets
"Table 1" ... "Table 8b", the title in A1 ("Table 3: Core defence expenditure as
a share of GDP..." in 2026), countries and block labels in column A, a header row
of an empty cell then 2014 ... 2025e. In 2025 a ``*`` marks 11 allies with
revised figures, in 2026 only Slovenia. The numbers are made up but
deterministic: ``value_for`` gives every cell's value, so tests can check them.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl

ALLIES_2025 = [
    "Albania", "Belgium", "Bulgaria", "Canada", "Croatia", "Czechia", "Denmark", "Estonia", "Finland",
    "France", "Germany", "Greece", "Hungary", "Italy", "Latvia", "Lithuania", "Luxembourg", "Montenegro",
    "Netherlands", "North Macedonia", "Norway", "Poland", "Portugal", "Romania", "Slovak Republic",
    "Slovenia", "Spain", "Sweden", "Türkiye", "United Kingdom", "United States",
]
REVISED_2025 = ["Belgium", "Bulgaria", "Croatia", "Czechia", "Denmark", "Greece", "Italy", "Latvia",
                "Portugal", "Spain", "Türkiye"]  # 11 allies flagged * (made-up choice)
STAR_NOTE = "* Figures for these Allies have been revised."

# Table -> (title, unit, blocks (label, number format)); "" label = one unlabelled block.
TABLES_2025: dict[str, tuple[str, str, list[tuple[str, str]]]] = {
    "1": ("Defence expenditure", "Million national currency units",
          [("Current prices", "#,##0"), ("Constant 2021 prices", "#,##0")]),
    "2": ("Defence expenditure", "Million US dollars",
          [("Current prices and exchange rates", "#,##0"), ("Constant 2021 prices and exchange rates", "#,##0")]),
    "3": ("Defence expenditure as a share of GDP and annual real change", "Based on 2021 prices",
          [("Share of real GDP (%)", "0.00"), ("Annual real change (%)", "0.00")]),
    "4": ("Defence expenditure real change 2014-2025e", "Million US dollars (2021 prices and exchange rates)", []),
    "5": ("GDP", "Million US dollars",
          [("Current prices and exchange rates", "#,##0"), ("Constant 2021 prices and exchange rates", "#,##0")]),
    "6": ("GDP per capita and defence expenditure per capita", "2021 prices and exchange rates",
          [("GDP per capita (thousand US dollars)", "0.0"), ("Defence expenditure per capita (US dollars)", "#,##0")]),
    "7": ("Military personnel", "Thousands", [("", "0.0")]),
    "8a": ("Distribution of defence expenditure by main category", "Percentage of total defence expenditure",
           [("Equipment (a)", "0.0"), ("Personnel (b)", "0.0")]),
    "8b": ("Distribution of defence expenditure by main category", "Percentage of total defence expenditure",
           [("Infrastructure (c)", "0.0"), ("Other (d)", "0.0")]),
}


def value_for(table: str, block: int, ally: int, year: int) -> float:
    """The made-up value of one cell: distinct for every table, block, ally and year."""
    return round(1 + int(table[0]) * 0.5 + block * 0.25 + ally * 0.037 + (year - 2014) * 0.0113, 6)


def build_workbook(edition: int = 2025, *,
                   edit: Callable[[Any], None] | None = None) -> bytes:
    """The workbook of ``edition`` (2025: years 2014-2025e; 2026: 2014-2026e, core share).

    ``edit(workbook)`` may change it before it is saved (for refusal tests).
    """
    last = edition
    years: list[Any] = [*range(2014, last - 1), f"{last - 1}e", f"{last}e"]
    revised = REVISED_2025 if edition == 2025 else ["Slovenia"]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for number, (title, unit, blocks) in TABLES_2025.items():
        ws = wb.create_sheet(f"Table {number}")
        if number == "3" and edition == 2026:
            title = "Core defence expenditure as a share of GDP and annual real change"
        ws["A1"] = f"Table {number}: {title}"
        ws["A2"] = unit
        ws.append([])
        ws.append([None, *years])
        if number == "4":
            ws.append(["Albania", 1.0, 2.0])
            continue
        for b, (label, fmt) in enumerate(blocks):
            if label:
                ws.append([label])
            for a, name in enumerate(ALLIES_2025):
                flagged = f"{name}*" if name in revised and number in ("1", "2", "3") else name
                ws.append([flagged, *(value_for(number, b, a, y if isinstance(y, int) else int(y[:4]))
                                      for y in years)])
                for cell in ws[ws.max_row][1:]:
                    cell.number_format = fmt
            if number in ("2", "3", "5", "6", "7"):
                ws.append(["NATO Europe and Canada", *(100.0 for _ in years)])
                ws.append(["NATO Total", *(200.0 for _ in years)])
        ws.append([])
        ws.append([f"Note: Figures for {last - 1} and {last} are estimates."])
        if number in ("1", "2", "3"):
            ws.append([STAR_NOTE])
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
