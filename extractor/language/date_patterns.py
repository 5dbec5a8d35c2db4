"""The contract's date table as patterns: each German expression of a day, a month, a
season, a half-year, a quarter, a school year or a year, and the interval it stands for.

``dates.find_time_expressions`` tries every pattern at every position and settles
overlaps; the rules where the contract is silent are listed in ``dates``' docstring.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Callable

from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)


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
# A finishing word before a date names the end only, with or without a colon:
# "im Bau Fertigstellung 2017", "Fertigstellung vorr. 2017", "Abschluss bis Ende 2024".
_FINISH_WORD = (r"(?:Fertigstellung\w*|Abschluss|Bauende|Projektende|Maßnahmenende"
                r"|Umsetzungsende|Inbetriebnahme|Fertigstellungstermin)")
_FINISH_QUALIFIER = (r"(?:\s+(?:vorr\.|voraussichtl\.|voraussichtlich|vsl\.|geplant|ca\."
                     r"|bis|im|in|zum|spätestens))*")
_OPEN_START_PREFIX = _rx(r"(?:\b(?:(?:bis\s+)?spätestens|bis)"
                         r"(?:\s+(?:zum|zur|einschließlich|ins|in|im|spätestens))?\s+"
                         rf"|(?:\b|(?<=\d)){_END_LABEL}\s*:\s*"
                         rf"|\b{_FINISH_WORD}{_FINISH_QUALIFIER}\s+"
                         r"|\b(?:by|until|no\s+later\s+than)(?:\s+the\s+end\s+of)?\s+)$")
# "(City of Mannheim, 2010)", "(BMWK, 2022)": a source cited, not a date.
_CITATION = _rx(r"\([^()]{2,80},\s*$")
# "unlikely to be completed by 2030", "extend beyond 2030": no bound of the time frame.
_HEDGED = _rx(r"\b(?:not|unlikely|beyond)\b[^.;]*$")
# "nach 2020": from the day after the expression on, open-ended.
_AFTER_PREFIX = _rx(r"\bnach\s+(?:dem\s+Jahr\s+|Ende\s+)?$")
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
