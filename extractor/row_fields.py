"""Rows that are fields of the measure above them, and header cells naming two columns.

Many reports print one small table per measure: a header row, the measure's row, then
rows that each hold one labelled field spanning the table ("Beschreibung | …",
"Sachstand 2015 / 2016 | …"). Such a label row belongs to the measure above it: a dated
status label gives a StatusObservation of its own, a description label the description.
A row continuing the field across a page break (its label cell empty) extends it.

A header cell "Titel / Zuständigkeit" followed by an empty header cell names both
columns; a cell "Übergreifend Ü1" under "Handlungsfeld / Nr." holds an area and a number.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .columns import resolve_weak, roles_of
from .model import Cell, DatedStatus, PlanRow

_LABEL_MAX_CHARS = 60
_FIELD_ROLES = ("status", "description", "who", "timeframe", "resources", "goal")
_TRAILING_NUMBER = re.compile(r"^(?P<area>.*\S)\s+(?P<n>[A-ZÄÖÜ]{1,3}[-‐ ]?\d{1,3}(?:\.\d{1,3})*"
                              r"[a-z]?)$")


def split_pair_headers(texts: list[str], roles: dict[int, list[str]]) -> dict[int, list[str]]:
    """Give "A / B" headers followed by an empty header cell (or the same one, spanning)
    one role each."""
    out = dict(roles)
    for col, text in enumerate(texts):
        parts = [p for p in re.split(r"\s+/\s+|\s*/\s*(?=[A-ZÄÖÜ])", text) if p.strip()]
        if len(parts) != 2 or col + 1 >= len(texts) or texts[col + 1].strip() not in ("", text):
            continue
        first, second = (resolve_weak({0: roles_of(p)}).get(0, []) for p in parts)
        if first and second:
            out[col], out[col + 1] = first, second
    return out


def split_area_number(cell: Cell) -> tuple[Cell, str | None]:
    """ "Übergreifend Ü1" -> the area cell "Übergreifend" and the number "Ü1"."""
    m = _TRAILING_NUMBER.match(cell.text)
    if not m:
        return cell, None
    return replace(cell, text=m.group("area"), title=None, description=None), m.group("n")


def label_of(row: list[Cell], width: int, first_roles: list[str]) -> tuple[str, Cell] | None:
    """(role, value) when the row is a labelled field: a short label in the first cell
    naming a field role the first column does not have, and one value beside it."""
    if not row or not row[0].text or len(row[0].text) > _LABEL_MAX_CHARS:
        return None
    values = [c for c in row[1:width] if c.text]
    if not values or len({c.text for c in values}) != 1:
        return None
    roles = [r for r in resolve_weak({0: roles_of(row[0].text)}).get(0, [])
             if r in _FIELD_ROLES and r not in first_roles]
    return (roles[0], values[0]) if roles else None


def continuation_of(row: list[Cell], width: int) -> Cell | None:
    """The text of a row that only continues a field (its label cell empty)."""
    values = [c for c in row[1:width] if c.text]
    if row and not row[0].text and values and len({c.text for c in values}) == 1:
        return values[0]
    return None


def attach(plan_row: PlanRow, role: str, label: str, value: Cell, date) -> None:
    """Add a labelled field to the measure row above it."""
    if role == "status":
        statuses = [*plan_row.earlier_statuses]
        if plan_row.status is not None:
            statuses.append(DatedStatus(plan_row.status, plan_row.status.text,
                                        plan_row.status_date, ""))
        statuses.append(DatedStatus(value, value.text, date, label))
        dated = sorted((s for s in statuses if s.date), key=lambda s: s.date)
        undated = [s for s in statuses if not s.date]
        latest = dated[-1] if dated else undated[-1]
        plan_row.status, plan_row.status_date = latest.cell, latest.date
        if latest.text != latest.cell.text:
            plan_row.status = replace(latest.cell, text=latest.text, title=None,
                                      description=None)
        plan_row.earlier_statuses = [s for s in dated if s is not latest]
    elif role == "description":
        plan_row.description = _joined(plan_row.description, value)
    elif role == "who":
        plan_row.who.append(value)
    elif role == "timeframe":
        plan_row.timeframe.append(value)
    elif role == "resources":
        plan_row.resources.append(value)
    elif role == "goal" and plan_row.goal is None:
        plan_row.goal = value


def extend(plan_row: PlanRow, role: str, more: Cell) -> None:
    """A field continued on the next page: its text runs on."""
    if role == "status" and plan_row.status is not None:
        plan_row.status = _joined(plan_row.status, more)
    elif role == "description":
        plan_row.description = _joined(plan_row.description, more)


def _joined(cell: Cell | None, more: Cell) -> Cell:
    if cell is None:
        return more
    return replace(cell, text=f"{cell.text} {more.text}", title=None, description=None)
