"""Budgets named in a resources cell: "Mittel i.H. v. 8.000 Euro im Haushalt 2020"."""

from __future__ import annotations

import re

from ..model import Budget

_AMOUNT = re.compile(
    r"(?P<value>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}))?\s*"
    r"(?P<scale>Tsd\.?|Mio\.?|Millionen|Tausend)?\s*(?P<currency>€|Euro|EUR)(?!\w)",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(
    r"\b(?:im\s+)?(?:Haushalt(?:sjahr)?|HH|für|in)\s+(?P<year>(?:19|20)\d{2})\b"
)
_SCALE = {"tsd": 1_000, "tausend": 1_000, "mio": 1_000_000, "millionen": 1_000_000}


def find_budgets(text: str) -> list[Budget]:
    """Amounts in euros, each with the budget year named right after it, if any."""
    budgets = []
    for match in _AMOUNT.finditer(text):
        value = float(match["value"].replace(".", ""))
        if match["cents"]:
            value += int(match["cents"].ljust(2, "0")) / 100
        if match["scale"]:
            value *= _SCALE[match["scale"].lower().rstrip(".")]
        year_match = _YEAR_AFTER.search(text, match.end(), match.end() + 40)
        budgets.append(Budget(value=value, currency="EUR",
                              year=int(year_match["year"]) if year_match else None,
                              text=match.group(0)))
    return budgets
