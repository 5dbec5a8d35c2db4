"""Dates, periods and vague timing in German plan text, as character spans.

Pure functions over a string; the spaCy component turns the spans into ``doc.char_span``.
The normalisation follows the contract's "Date normalisation" table. Where the contract is
silent this module decides, and says so here:

* Month thirds: "Anfang März" = days 1-10, "Mitte März" = 11-20, "Ende März" = 21-last.
* A winter belongs to the year of its December ("Winter 2020" = Dec 2020 - Feb 2021), so
  "Frühwinter 2020" is December 2020 and "Spätwinter 2020" is February 2021.
* "frühes/spätes Frühjahr" (or Sommer, Herbst) is the first/last month of that season, like
  the compounds "Frühsommer", "Spätherbst".
* Two-digit years in numeric dates ("01.03.21"): 00-69 are 20xx, 70-99 are 19xx.
* A month, season, half-year or quarter without a year is only read when the caller gives
  ``default_year`` (a status report's year); otherwise it is ignored, because a lone "Mai"
  or "Sommer" is too weak to date a measure.
* "seit"/"ab"/"frühestens" keep only the start, "bis"/"spätestens" only the end; the
  word is part of the span. "Start 2020" is the whole year 2020 (the start lies in it).
* Years are 1900-2099 only, never followed by a currency or unit ("2000 Euro").
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from extractor.model import Interval, Timeframe

log = logging.getLogger(__name__)

__all__ = [
    "TimeExpression",
    "VagueTimingCue",
    "find_time_expressions",
    "find_vague_timing",
    "find_vague_timing_cues",
    "timeframe_from_text",
]


@dataclass(frozen=True)
class TimeExpression:
    """A dated expression found in a text; an open side has ``None`` and its flag set."""

    start: dt.date | None
    end: dt.date | None
    span: tuple[int, int]
    text: str
    open_start: bool = False
    open_end: bool = False

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"time expression {self.text!r} ends before it starts")

    def to_interval(self) -> Interval:
        return Interval(self.start, self.end, self.text)


# --- vocabulary ------------------------------------------------------------------------

MONTHS: dict[str, int] = {
    "januar": 1, "jänner": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3,
    "maerz": 3, "marz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "jän": 1, "feb": 2, "febr": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}
# Misspellings ("Septemer") are accepted only this close to a full month name, and only
# for words of five letters or more that start like the month: "Ostern" or "Juno" never are.
MONTH_FUZZY_CUTOFF = 85.0
_FUZZY_MIN_LENGTH = 5

# (first month, last month) of a season; a winter's last month lies in the next year.
SEASONS: dict[str, tuple[int, int]] = {
    "frühjahr": (3, 5), "frühling": (3, 5), "sommer": (6, 8), "herbst": (9, 11),
    "winter": (12, 2),
}
SEASON_COMPOUNDS: dict[str, tuple[str, str]] = {
    "frühsommer": ("sommer", "früh"), "spätsommer": ("sommer", "spät"),
    "hochsommer": ("sommer", "hoch"),
    "frühherbst": ("herbst", "früh"), "spätherbst": ("herbst", "spät"),
    "frühwinter": ("winter", "früh"), "spätwinter": ("winter", "spät"),
    "spätfrühling": ("frühling", "spät"), "spätfrühjahr": ("frühjahr", "spät"),
}
# Parts of a year: Anfang = first quarter, Mitte = May to August, Ende = last quarter.
YEAR_PARTS: dict[str, tuple[int, int]] = {"anfang": (1, 3), "mitte": (5, 8), "ende": (10, 12)}
YEAR_PART_WORDS: dict[str, str] = {
    "jahresanfang": "anfang", "jahresbeginn": "anfang", "jahresmitte": "mitte",
    "jahresende": "ende",
}
# Parts of a month, in days; Ende runs to the month's last day.
MONTH_PARTS: dict[str, tuple[int, int | None]] = {
    "anfang": (1, 10), "mitte": (11, 20), "ende": (21, None),
}
ORDINALS: dict[str, int] = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4}
ROMAN: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
SCHOOL_YEAR_START_MONTH = 8  # Baden-Württemberg: 1 August - 31 July

# --- regular expressions ---------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter, umlauts included
# A year 1900-2099 that is not part of a larger number, a decimal, "2020er", or a sum.
_YEAR = (
    r"(?<!\d)(?<!\d[.,])(?:19|20)\d\d(?!\d)(?![.,]\d)(?-i:(?![a-zäöüß]))"
    r"(?!\s*(?:€|Euro\b|EUR\b|T€|Tsd|Mio|Mrd|%|Prozent|Std|Stunden|Personen|Teilnehm"
    r"|Plätze|m²|qm|km|Einwohner|Exemplare))"
)
_Y = rf"(?P<y>{_YEAR})"
_YEAR_AFTER_DOT = _YEAR.replace(r"(?<!\d[.,])", "", 1)  # "06.2019": a month, then its year
_Y_OPT = rf"(?:\s+(?:des\s+Jahres\s+)?{_Y})?"
_WORD = rf"{_L}{{3,12}}\.?"
_PART = r"(?:Anfang|Mitte|Ende)"

_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


# Labels of a start or an end field ("Beginn: 06.2019", "Ende: 03.2021", a "Baubeginn"
# column); with a colon they give one side only, like "ab" and "bis".
_START_LABEL = (r"(?:Beginn|Baubeginn|Projektbeginn|Maßnahmenbeginn|Start|Projektstart"
                r"|Startdatum|Umsetzungsbeginn|dateStart|startDate|von)")
_END_LABEL = (r"(?:Ende|Bauende|Projektende|Maßnahmenende|Abschluss|Fertigstellung|Enddatum"
              r"|Umsetzungsende|dateEnd|endDate|bis)")
# Prefixes that open one side of an expression (the word stays in the span).
_OPEN_END_PREFIX = _rx(r"(?:\b(?:seit|ab|frühestens(?:\s+ab)?|beginnend(?:\s+(?:mit|ab))?)"
                       r"(?:\s+(?:dem|der|den|dem\s+Jahr))?\s+"
                       rf"|\b{_START_LABEL}\s*:\s*)$")
_OPEN_START_PREFIX = _rx(r"(?:\b(?:(?:bis\s+)?spätestens|bis)"
                         r"(?:\s+(?:zum|zur|einschließlich|ins|in|im|spätestens))?\s+"
                         rf"|(?:\b|(?<=\d)){_END_LABEL}\s*:\s*)$")
# "ff." after an expression: it goes on ("2023/2024 ff.").
_FOLLOWING = _rx(r"\s*ff\b\.?")
# What may stand between two expressions that form one range ("2020 bis 2022").
_RANGE_JOIN = _rx(r"^\s*(?:-|–|—|/|bis(?:\s+(?:zum|zur|einschließlich))?)\s*$")
_RANGE_FROM = _rx(r"\b(?:von|vom|zwischen)\s+$")
_BETWEEN_AND = _rx(r"^\s*und\s*$")


# --- calendar helpers ------------------------------------------------------------------

def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """First day of ``first`` to last day of ``last``; ``last`` < ``first`` wraps a year."""
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), _last_day(end_year, last)


def _year(value: str) -> int:
    return int(value)


def _two_digit_year(value: str) -> int:
    n = int(value)
    return 2000 + n if n < 70 else 1900 + n


def _second_year(first: int, value: str) -> int | None:
    """The later year of "2022/23" or "2019/2020"; None when it is not later."""
    second = int(value) if len(value) == 4 else first - first % 100 + int(value)
    return second if second > first else None


def month_number(token: str, *, strict: bool = False) -> int | None:
    """The month a word names, or None. ``strict`` allows only full names, no fuzziness."""
    word = token.rstrip(".").lower()
    if word in MONTHS:
        return MONTHS[word]
    if strict:
        return None
    if word in MONTH_ABBREVIATIONS:
        return MONTH_ABBREVIATIONS[word]
    if len(word) < _FUZZY_MIN_LENGTH:
        return None
    candidates = [name for name in MONTHS if name[0] == word[0]]
    best = process.extractOne(word, candidates, scorer=fuzz.ratio,
                              score_cutoff=MONTH_FUZZY_CUTOFF)
    if best is None:
        return None
    log.debug("read %r as month %r (score %.0f)", token, best[0], best[1])
    return MONTHS[best[0]]


# --- core patterns: each returns (start, end) or None for a match ----------------------

Bounds = tuple[dt.date, dt.date]
Reader = Callable[[re.Match[str], int | None], Bounds | None]


def _year_of(m: re.Match[str], default_year: int | None) -> int | None:
    y = m.groupdict().get("y")
    return _year(y) if y else default_year


def _read_iso(m: re.Match[str], _: int | None) -> Bounds | None:
    day = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return (day, day) if day else None


def _read_numeric_date(m: re.Match[str], default_year: int | None) -> Bounds | None:
    if m["yy"]:
        year: int | None = _two_digit_year(m["yy"]) if len(m["yy"]) == 2 else _year(m["yy"])
    else:
        year = default_year
    if year is None:
        return None
    day = _safe_date(year, int(m["mo"]), int(m["d"]))
    return (day, day) if day else None


def _read_day_month(m: re.Match[str], default_year: int | None) -> Bounds | None:
    year = _year_of(m, default_year)
    month = month_number(m["mon"], strict=not m["y"])
    if year is None or month is None:
        return None
    day = _safe_date(year, month, int(m["d"]))
    return (day, day) if day else None


def _read_numeric_month(m: re.Match[str], _: int | None) -> Bounds | None:
    month = int(m["mo"])
    if not 1 <= month <= 12:
        return None
    return _months(_year(m["y"]), month, month)


def _read_month(m: re.Match[str], default_year: int | None) -> Bounds | None:
    year = _year_of(m, default_year)
    strict = not m["y"]
    last = month_number(m["mon"], strict=strict)
    if year is None or last is None:
        return None
    first = last
    if m["mon1"]:
        first_m = month_number(m["mon1"], strict=strict)
        if first_m is None:
            return None
        first = first_m
    start_year = year - 1 if first > last else year
    start, _ = _months(start_year, first, first)
    _, end = _months(year, last, last)
    if m["p1"]:
        start = start.replace(day=MONTH_PARTS[m["p1"].lower()][0])
        last_part = MONTH_PARTS[(m["p2"] or m["p1"]).lower()][1]
        if last_part is not None:
            end = end.replace(day=last_part)
    return start, end


def _read_year_part(m: re.Match[str], _: int | None) -> Bounds | None:
    first_word = (m["p1"] or "").lower() or YEAR_PART_WORDS[m["pw"].lower()]
    last_word = (m["p2"] or "").lower() or first_word
    year = _year(m["y"])
    start, _ = _months(year, *YEAR_PARTS[first_word])
    _, end = _months(year, *YEAR_PARTS[last_word])
    return start, end


def _ordinal(m: re.Match[str]) -> int | None:
    """The number of "3.", "III.", "drittes", "Q3" or "H2"."""
    groups = m.groupdict()
    if groups.get("n"):
        return int(groups["n"])
    if groups.get("roman"):
        return ROMAN.get(groups["roman"].lower())
    if groups.get("word"):
        return ORDINALS.get(groups["word"].lower())
    return None


def _read_half(m: re.Match[str], default_year: int | None) -> Bounds | None:
    year = _year_of(m, default_year)
    if year is None:
        return None
    if m.groupdict().get("both"):
        return _months(year, 1, 12)
    half = _ordinal(m)
    if half not in (1, 2):
        return None
    return _months(year, 6 * half - 5, 6 * half)


def _read_quarter(m: re.Match[str], default_year: int | None) -> Bounds | None:
    year = _year_of(m, default_year)
    quarter = _ordinal(m)
    if year is None or quarter not in (1, 2, 3, 4):
        return None
    return _months(year, 3 * quarter - 2, 3 * quarter)


def _read_season(m: re.Match[str], default_year: int | None) -> Bounds | None:
    word = m["season"].lower()
    base, modifier = SEASON_COMPOUNDS.get(word, (word, ""))
    if m["adj"]:
        modifier = m["adj"].lower()[:4]
    first, last = SEASONS[base]
    if m["y2"]:
        if base != "winter":
            return None
        if _second_year(_year(m["y"]), m["y2"]) != _year(m["y"]) + 1:
            return None
    year = _year_of(m, default_year)
    if year is None:
        return None
    start, end = _months(year, first, last)
    if modifier == "früh":
        end = _last_day(start.year, start.month)
    elif modifier == "spät":
        start = end.replace(day=1)
    elif modifier == "hoch":
        middle = start.month % 12 + 1
        start, end = _months(start.year, middle, middle)
    return start, end


def _read_school_year(m: re.Match[str], _: int | None) -> Bounds | None:
    first = _year(m["y"])
    if _second_year(first, m["y2"]) != first + 1:
        return None
    return _months(first, SCHOOL_YEAR_START_MONTH, SCHOOL_YEAR_START_MONTH - 1)


def _read_year_pair(m: re.Match[str], _: int | None) -> Bounds | None:
    first = _year(m["y"])
    second = _second_year(first, m["y2"])
    if second is None:
        return None
    return dt.date(first, 1, 1), dt.date(second, 12, 31)


def _read_year(m: re.Match[str], _: int | None) -> Bounds | None:
    year = _year(m["y"])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _read_week(m: re.Match[str], _: int | None) -> Bounds | None:
    """"KW 12/2023": Monday to Sunday of ISO week 12 of 2023."""
    try:
        monday = dt.date.fromisocalendar(_year(m["y"]), int(m["w"]), 1)
    except ValueError:
        return None
    return monday, monday + dt.timedelta(days=6)


def _read_glued_years(m: re.Match[str], _: int | None) -> Bounds | None:
    """"20092010": two year columns run together by a text layer."""
    first, second = int(m["y"]), int(m["y2"])
    if not 0 <= second - first <= 10:
        return None
    return dt.date(first, 1, 1), dt.date(second, 12, 31)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_ORDINAL = (r"(?<![\w.])(?:(?P<n>[1-4])\.|(?P<roman>IV|I{1,3})\.|"
            r"(?P<word>erst|zweit|dritt|viert)e[nmrs]?)")
_SEASON_WORDS = "|".join(sorted([*SEASONS, *SEASON_COMPOUNDS], key=len, reverse=True))

# Every pattern is tried at every position; overlaps are settled leftmost-longest.
PATTERNS: tuple[tuple[str, re.Pattern[str], Reader], ...] = (
    ("iso-date", _rx(rf"(?<!\d){_Y}-(?P<mo>\d\d)-(?P<d>\d\d)(?!\d)"), _read_iso),
    ("week", _rx(rf"\b(?:KW|Kalenderwoche)\s*(?P<w>\d{{1,2}})\s*(?:/|\s)\s*{_Y}"), _read_week),
    ("glued-years", _rx(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<y2>(?:19|20)\d\d)(?!\d)"),
     _read_glued_years),
    ("numeric-date", _rx(r"(?<![\d.])(?P<d>[0-3]?\d)\.\s?(?P<mo>[01]?\d)\.(?:\s?(?P<yy>"
                         r"(?:19|20)\d\d|\d\d)(?!\d)(?![.,]\d))?"), _read_numeric_date),
    ("day-month", _rx(rf"(?<![\d.])(?P<d>[0-3]?\d)\.\s*(?P<mon>{_WORD}){_Y_OPT}"),
     _read_day_month),
    ("numeric-month", _rx(rf"(?<![\d.,])(?P<mo>[01]?\d)(?:\.|\s?/\s?)"
                          rf"(?P<y>{_YEAR_AFTER_DOT})"),
     _read_numeric_month),
    ("month", _rx(rf"\b(?:(?P<p1>{_PART})(?:\s*/\s*(?P<p2>{_PART}))?\s+)?"
                  rf"(?:(?P<mon1>{_WORD})\s*(?:/|-|–|bis)\s*)?(?P<mon>{_WORD}){_Y_OPT}"),
     _read_month),
    ("year-part", _rx(rf"\b(?:(?P<p1>{_PART})(?:\s*/\s*(?P<p2>{_PART}))?(?:\s+des\s+Jahres)?"
                      rf"|(?P<pw>Jahresanfang|Jahresbeginn|Jahresmitte|Jahresende))\s+{_Y}"),
     _read_year_part),
    ("half-year", _rx(rf"(?:(?<![\w.])(?P<both>1\.\s*/\s*2\.)|{_ORDINAL})\s*"
                      rf"(?:Halbjahr(?:es)?|HJ\b\.?|Hj\b\.?|Jahreshälfte){_Y_OPT}"), _read_half),
    ("half-year", _rx(rf"\bH(?P<n>[12])\s*/?\s*{_Y}"), _read_half),
    ("quarter", _rx(rf"{_ORDINAL}\s*Quartals?{_Y_OPT}"), _read_quarter),
    ("quarter", _rx(rf"\bQ(?P<n>[1-4])(?:\s*/\s*|\s+){_Y}"), _read_quarter),
    ("season", _rx(rf"\b(?:(?P<adj>früh|spät)(?:e[mnrs]?)?\s+)?(?P<season>{_SEASON_WORDS})\b"
                   rf"(?:\s+{_Y}(?:\s*/\s*(?P<y2>(?:19|20)\d\d|\d\d)(?!\d))?)?"), _read_season),
    ("school-year", _rx(rf"\b(?:Schuljahr(?:es)?|SJ|Schj\.?)\s*{_Y}\s*/\s*"
                        r"(?P<y2>(?:19|20)\d\d|\d\d)(?!\d)"), _read_school_year),
    ("year-pair", _rx(rf"{_Y}\s*(?:/|-|–)\s*(?P<y2>(?:19|20)\d\d|\d\d)(?!\d)(?![.,]\d)"),
     _read_year_pair),
    ("year", _rx(_Y), _read_year),
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    bounds: Bounds
    kind: str


def _search_everywhere(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """One match per start position, so a failed reading never hides a later match."""
    pos = 0
    while pos <= len(text):
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.start() + 1


def _candidates(text: str, default_year: int | None) -> list[_Candidate]:
    found = []
    for kind, pattern, reader in PATTERNS:
        for m in _search_everywhere(pattern, text):
            if m.end() == m.start():
                continue
            bounds = reader(m, default_year)
            if bounds is None:
                continue
            end = m.end()
            while end > m.start() and text[end - 1].isspace():
                end -= 1
            found.append(_Candidate(m.start(), end, bounds, kind))
    return found


def _leftmost_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    last_end = -1
    for c in sorted(candidates, key=lambda c: (c.start, -c.end)):
        if c.start >= last_end:
            chosen.append(c)
            last_end = c.end
    return chosen


def _join_ranges(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """Join "2020 bis 2022", "von März 2020 - Juni 2021", "zwischen 2020 und 2022"."""
    joined: list[_Candidate] = []
    for c in chosen:
        if joined:
            prev = joined[-1]
            gap = text[prev.end:c.start]
            before = text[:prev.start]
            between = bool(_BETWEEN_AND.match(gap)) and re.search(r"\bzwischen\s+$", before,
                                                                  _FLAGS)
            if (_RANGE_JOIN.match(gap) or between) and prev.bounds[0] <= c.bounds[1]:
                start = prev.start
                opener = _RANGE_FROM.search(before)
                if opener:
                    start = opener.start()
                joined[-1] = _Candidate(start, c.end, (prev.bounds[0], c.bounds[1]), "range")
                continue
        joined.append(c)
    return joined


_LEFT_OF_RANGE = _rx(r"(?:-|–|—|bis(?:\s+(?:zum|zur))?)\s*$")


def _borrow_years(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """"vom 01. April bis 31. Juli 2015": the left side takes the right side's year."""
    out = list(chosen)
    for c in chosen:
        joiner = _LEFT_OF_RANGE.search(text, max(0, c.start - 12), c.start)
        if joiner is None:
            continue
        taken_until = max((o.end for o in out if o.end <= joiner.start()), default=0)
        left = [k for k in _candidates(text[:joiner.start()], c.bounds[0].year)
                if k.start >= taken_until and not text[k.end:joiner.start()].strip()]
        if left:
            out.append(min(left, key=lambda k: (k.start, -k.end)))
    return sorted(out, key=lambda k: k.start)


def find_time_expressions(text: str, default_year: int | None = None) -> list[TimeExpression]:
    """Every dated expression in ``text``, left to right, with its interval and span.

    ``default_year`` dates a month, season, half-year or quarter named without a year.
    """
    if not text:
        return []
    chosen = _leftmost_longest(_candidates(text, default_year))
    chosen = _join_ranges(text, _borrow_years(text, chosen))
    expressions = []
    for c in chosen:
        start, end = c.bounds
        span_start = c.start
        open_start = open_end = False
        if c.kind != "range":
            before = text[:c.start]
            opener = _OPEN_END_PREFIX.search(before)
            closer = _OPEN_START_PREFIX.search(before)
            if opener:
                span_start, end, open_end = opener.start(), None, True
            elif closer:
                span_start, start, open_start = closer.start(), None, True
        span_end = c.end
        following = _FOLLOWING.match(text, c.end)
        if following and start is not None:
            end, open_end, span_end = None, True, following.end()
        expressions.append(TimeExpression(start, end, (span_start, span_end),
                                          text[span_start:span_end], open_start, open_end))
    return expressions


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


def timeframe_from_text(text: str, default_year: int | None = None) -> Timeframe:
    """A measure's time frame: bounds from the dated expressions, vague timing concepts.

    The start is the first day of the earliest expression with a start, the end the last
    day of the latest with an end (the hull of all named days if those contradict). A text
    with neither a date nor a vague cue gets ``Unspecified``; an empty text gets no timing
    at all (there is no time frame).
    """
    expressions = find_time_expressions(text, default_year)
    starts = [e.start for e in expressions if e.start]
    ends = [e.end for e in expressions if e.end]
    start, end = (min(starts) if starts else None), (max(ends) if ends else None)
    if start and end and start > end:
        # "bis 2020 … seit 2022" contradicts itself; keep the hull of all named days.
        log.debug("time frame %r ends before it starts; using the hull", text)
        days = starts + ends
        start, end = min(days), max(days)
    timing = find_vague_timing(text)
    if "Ongoing" in timing and len(expressions) == 1 and start and end \
            and start.year == end.year and not expressions[0].open_start:
        end = None  # "2011 und wiederkehrend", "ab 2018 [Daueraufgabe]": it starts there
    duration = find_duration(text)
    if not expressions and not timing and text.strip():
        timing = ["Unspecified"]
    return Timeframe(
        label=text,
        start=start,
        end=end,
        timing=timing,
        intervals=[e.to_interval() for e in expressions],
        duration=duration,
    )


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
