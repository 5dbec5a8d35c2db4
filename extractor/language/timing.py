"""Vague timing and relative durations in German plan text.

"kurzfristig", "Daueraufgabe", "2x jährlich" name a ``pkt:`` concept (the contract's
"Vague timing" list); "ca. 1,5 Jahre ab Beauftragung" names a span without a date, kept as
an xsd:duration. ``dates.timeframe_from_text`` joins them with the dated expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --- vague timing ----------------------------------------------------------------------

@dataclass(frozen=True)
class VagueTimingCue:
    """A vague timing phrase and the pkt: concepts (local names) it stands for."""

    timing: tuple[str, ...]
    span: tuple[int, int]
    text: str


TIMING_ORDER = ("ShortTerm", "MediumTerm", "LongTerm", "Ongoing")
_HORIZON = {"kurz": "ShortTerm", "mittel": "MediumTerm", "lang": "LongTerm"}

# The contract's "Vague timing" lists, with inflections; order does not matter because
# overlapping matches are settled leftmost-longest.
VAGUE_TIMING_CUES: tuple[tuple[str, str], ...] = (
    ("ShortTerm", r"(?:möglichst\s+|so\s+)?zeitnah\w*"),
    ("ShortTerm", r"kurzfristig\w*"),
    ("ShortTerm", r"ab\s+sofort|sofort\w*|umgehend\w*|baldmöglichst\w*|schnellstmöglich\w*"
                  r"|so\s+bald\s+wie\s+möglich|so\s+schnell\s+wie\s+möglich"),
    ("MediumTerm", r"mittelfristig\w*"),
    ("LongTerm", r"langfristig\w*"),
    ("Ongoing", r"fortlaufend\w*|dauerhaft\w*|laufend\w*|regelmäßig\w*|kontinuierlich\w*"
                r"|wiederkehrend\w*|Daueraufgabe\w*"
                r"|ständig\w*|stetig\w*|auf\s+Dauer|immer\s+wieder"),
    ("Ongoing", r"(?:\d+\s*(?:-|–|bis)\s*)?\d+\s*(?:x|-?mal)\s+(?:pro\s+|im\s+|je\s+)?"
                r"(?:jährlich|Jahr|Quartal|Monat|monatlich|Woche|wöchentlich)\w*"),
    ("Ongoing", r"\w*jährlich\w*|\w*monatlich\w*|\w*wöchentlich\w*|täglich\w*"),
    # Plans translated into English ("The measure can be started immediately.")
    ("ShortTerm", r"immediately|promptly|as\s+soon\s+as\s+possible|(?:in\s+the\s+)?short[\s-]term"),
    ("MediumTerm", r"(?:in\s+the\s+)?medium[\s-]term"),
    ("LongTerm", r"(?:in\s+the\s+)?long[\s-]term"),
)
# "Mittel- und Langfristig", "kurz- bis mittelfristig": one phrase, two horizons.
_HORIZON_PAIR = _rx(r"\b(?P<a>kurz|mittel|lang)\s*-?\s*(?:und|bis|oder|u\.|&|/)\s*"
                    r"(?P<b>kurz|mittel|lang)fristig\w*")
_VAGUE = tuple((timing, _rx(rf"(?<!\w){pattern}")) for timing, pattern in VAGUE_TIMING_CUES)


def find_vague_timing_cues(text: str) -> list[VagueTimingCue]:
    """Vague timing phrases in ``text``, left to right, without overlaps."""
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for m in _HORIZON_PAIR.finditer(text):
        found.append((m.start(), m.end(), (_HORIZON[m["a"].lower()], _HORIZON[m["b"].lower()])))
    for timing, pattern in _VAGUE:
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), (timing,)))
    cues = []
    last_end = -1
    for start, end, timing in sorted(found, key=lambda f: (f[0], -f[1])):
        if start >= last_end:
            cues.append(VagueTimingCue(timing, (start, end), text[start:end]))
            last_end = end
    return cues


def find_vague_timing(text: str) -> list[str]:
    """The pkt: concepts (local names) that ``text`` names vaguely, in the contract's order."""
    named = {t for cue in find_vague_timing_cues(text) for t in cue.timing}
    return [t for t in TIMING_ORDER if t in named]


_NUMBER_WORDS = {"ein": 1, "einem": 1, "einen": 1, "eine": 1, "einer": 1, "zwei": 2,
                 "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
                 "neun": 9, "zehn": 10, "zwölf": 12, "anderthalb": 1.5, "eineinhalb": 1.5}
_DURATION = _rx(r"(?<![\d,.])(?P<n>\d+(?:,\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*"
                r"(?P<unit>Jahre?n?|Jahres|Monate?n?|Monats|Wochen?|Tage?n?)\b")


def find_duration(text: str) -> str | None:
    """A relative span as xsd:duration ("ca. 1,5 Jahre ab Beauftragung" -> "P1Y6M")."""
    m = _DURATION.search(text or "")
    if m is None:
        return None
    raw = m["n"].lower()
    amount = float(_NUMBER_WORDS.get(raw, 0) or raw.replace(",", "."))
    unit = m["unit"].lower()
    if unit.startswith("jahr"):
        years, months = int(amount), round((amount - int(amount)) * 12)
        return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "") \
            if years or months else None
    if unit.startswith("monat"):
        return f"P{round(amount)}M" if amount else None
    if unit.startswith("woche"):
        return f"P{round(amount * 7)}D" if amount else None
    return f"P{round(amount)}D" if amount else None
