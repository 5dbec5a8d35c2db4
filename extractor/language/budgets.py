"""Budgets named in a resources cell: "Mittel i.H. v. 8.000 Euro im Haushalt 2020".

Amounts carry a currency ("17,6 Mio. €", "ca. 3.000 Euro jährlich"), or, in a cell of a
costs column (``bare=True``), stand alone ("1.091.670", "50.000 bis 100.000"): then every
number with thousands separators, or of three digits or more that is not a year, counts.
A scale may stand beside the amount ("Tsd. €", "T€", "Mio.") or once for the column or
cell ("(Euro in 1.000)", "in Tsd. €"). The year an amount is for is named after it ("im
Haushalt 2020", "für 2021") or before it ("Summe 2022: 5.725"); "jährlich", "pro Jahr",
"p. a." mark a yearly amount, as a per-year column does. "- €" is zero; "noch nicht
bezifferbar" is no amount at all.
"""

from __future__ import annotations

import re

from ..model import Budget

_NUMBER = r"(?P<value>\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+(?!\d)|\d+)(?:,(?P<cents>\d{1,2})(?!\d))?"
_SCALE_WORD = r"(?P<scale>Tsd\.?|Tausend|T|Mio\.?|Millionen|Mrd\.?|Milliarden)"
_CURRENCY = r"(?P<currency>€|Euro|EUR|TEUR|T€|Mio\.?\s?€)"
_AMOUNT = re.compile(
    rf"(?<![\d.,]){_NUMBER}\s*(?:{_SCALE_WORD}\s*)?{_CURRENCY}(?!\w)", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\d.,/§]){_NUMBER}(?:\s*{_SCALE_WORD}(?![\w]))?", re.IGNORECASE)
_ZERO = re.compile(r"(?<![\w\d])[-–—]\s*(?:€|Euro\b|EUR\b)")
_YEAR_WORDS_AFTER = re.compile(r"\s*(?:€|Euro|EUR)?\s*(?:im\s+)?(?:Haushalt(?:sjahr)?|HH|für"
                               r"|in)\s+(?:das\s+Jahr\s+)?(?P<year>(?:19|20)\d{2})\b")
_YEAR_BEFORE = re.compile(r"\b(?P<year>(?:19|20)\d{2})\s*:\s*(?:ca\.\s*)?$")
_PER_YEAR = re.compile(r"\s*(?:€|Euro|EUR)?\s*(?:\w+\s+)?(?:jährlich|jährl\.|pro\s+Jahr|je\s+Jahr"
                       r"|im\s+Jahr|/\s*Jahr|p\.\s?a\.|per\s+annum|/\s*a\b|jedes\s+Jahr)",
                       re.IGNORECASE)
_PER_YEAR_CONTEXT = re.compile(r"jährlich|pro\s+jahr|je\s+jahr|p\.\s?a\.|/\s*jahr|per\s+annum",
                               re.IGNORECASE)
_CONTEXT_SCALE = re.compile(
    r"(?:in|\()\s*(?:1\.000|Tsd\.?|Tausend)\s*(?:€|Euro|EUR)|(?:€|Euro|EUR)\s+in\s+1\.000"
    r"|\bT€|\bTEUR\b|in\s+Tsd\.?\s*(?:€|Euro)|(?:in|\()\s*Mio\.?\s*(?:€|Euro)", re.IGNORECASE)
# A bare number followed by one of these is a count, not money.
_NOT_MONEY_AFTER = re.compile(
    r"\s*(?:%|Prozent|Jahre?n?\b|Monate?n?\b|Wochen?\b|Tage?n?\b|Stunden?\b|Std\b|Stellen?\b"
    r"|VZ|VZÄ|VZW|Personen\b|Teilnehm|Plätze|m²|m2\b|qm\b|km\b|m\b|kWh|MWh|GWh|kW\b|MW\b|t\b"
    r"|Tonnen|CO2|Einwohner|Exemplare|Stück|Wohnungen|Haushalte|Bäume|x\b|mal\b|bis\s+\d+\s+Jahre)",
    re.IGNORECASE)
_SCALE = {"t": 1_000, "tsd": 1_000, "tausend": 1_000, "teur": 1_000, "t€": 1_000,
          "mio": 1_000_000, "millionen": 1_000_000, "mrd": 1_000_000_000,
          "milliarden": 1_000_000_000}


def _value(match: re.Match[str]) -> float:
    value = float(re.sub(r"[.\u202f\u00a0 ]", "", match["value"]))
    if match["cents"]:
        value += int(match["cents"].ljust(2, "0")) / 100
    return value


def _scale_of(match: re.Match[str]) -> int:
    words = [match.groupdict().get("scale"), match.groupdict().get("currency")]
    for word in words:
        key = (word or "").lower().replace(" ", "").rstrip(".€") or (word or "").lower()
        key = "t€" if (word or "").upper() in ("T€",) else key
        if key.startswith("mio"):
            return 1_000_000
        if key in _SCALE:
            return _SCALE[key]
    return 1


def _year(text: str, match: re.Match[str]) -> int | None:
    after = _YEAR_WORDS_AFTER.match(text, match.end())
    if after:
        return int(after["year"])
    before = _YEAR_BEFORE.search(text, max(0, match.start() - 20), match.start())
    return int(before["year"]) if before else None


def _is_year(match: re.Match[str]) -> bool:
    raw = match["value"]
    return (raw.isdigit() and len(raw) == 4 and raw[:2] in ("19", "20") and not match["cents"]
            and not match.groupdict().get("scale"))


def find_budgets(text: str, *, bare: bool = False, context: str = "") -> list[Budget]:
    """Amounts in euros, each with its year and whether it recurs every year.

    ``bare``: the text is a costs cell, so numbers without a currency are amounts too.
    ``context``: the column header, which may give a scale or say "pro Jahr".
    """
    text = text or ""
    scale_all = 1_000 if _CONTEXT_SCALE.search(f"{context} {text}") else 1
    if re.search(r"(?:in|\()\s*Mio\.?\s*(?:€|Euro)", f"{context} {text}", re.IGNORECASE):
        scale_all = 1_000_000
    yearly_column = bool(_PER_YEAR_CONTEXT.search(context))
    years = set(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", context))
    column_year = int(years.pop()) if len(years) == 1 else None  # a column "Ansatz 2024"
    found: list[tuple[int, Budget]] = []
    taken = [m.span() for m in _CONTEXT_SCALE.finditer(text)]  # "(Euro in 1.000)"
    for match in _AMOUNT.finditer(text):
        found.append((match.start(), _budget(text, match, scale_all, yearly_column)))
        taken.append(match.span())
    for match in _ZERO.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append((match.start(), Budget(0.0, "EUR", None, match.group(0))))
    if bare:
        for match in _BARE.finditer(text):
            if any(s <= match.start() < e for s, e in taken) or _is_year(match):
                continue
            if _NOT_MONEY_AFTER.match(text, match.end()) or not _money_like(match):
                continue
            found.append((match.start(), _budget(text, match, scale_all, yearly_column)))
    for _, budget in found:
        budget.year = budget.year or column_year
    return [b for _, b in sorted(found, key=lambda f: f[0])]


def _money_like(match: re.Match[str]) -> bool:
    raw = match["value"]
    return not raw.isdigit() or len(raw) >= 3 or bool(match.groupdict().get("scale"))


def _budget(text: str, match: re.Match[str], scale_all: int, yearly_column: bool) -> Budget:
    own = _scale_of(match)
    value = _value(match) * (own if own > 1 else scale_all)
    per_year = yearly_column or bool(_PER_YEAR.match(text, match.end()))
    return Budget(value=round(value, 2), currency="EUR", year=_year(text, match),
                  text=match.group(0).strip(), per_year=per_year)
