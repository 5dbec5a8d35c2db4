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
  word is part of the span. "Start 2020" is the whole year 2020 (the start lies in it),
  but a finishing word names the end only ("Fertigstellung vorr. 2017", "Abschluss 2024":
  the work runs up to then). "nach 2020" starts the day after (2021-01-01), open-ended.
* Years are 1900-2099 only, never followed by a currency or unit ("2000 Euro").
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from extractor.model import Interval, Timeframe

from .date_patterns import (
    _AFTER_PREFIX,
    _BETWEEN_AND,
    _CITATION,
    _FLAGS,
    _FOLLOWING,
    _HEDGED,
    _OPEN_END_PREFIX,
    _OPEN_START_PREFIX,
    _RANGE_FROM,
    _RANGE_JOIN,
    PATTERNS,
    Bounds,
    _rx,
    month_number,  # noqa: F401  (re-exported)
)
from .required_words import folds_simply, required_words
from .timing import (  # noqa: F401  (re-exported: callers read dates and timing here)
    VagueTimingCue,
    find_duration,
    find_vague_timing,
    find_vague_timing_cues,
)

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


# Per pattern, strings one of which each of its matches holds ("19"/"20" of a year): a
# cell without any is not searched for that pattern.
_NEEDS = tuple(required_words(pattern.pattern, 2) for _, pattern, _ in PATTERNS)


def _candidates(text: str, default_year: int | None) -> list[_Candidate]:
    found = []
    lowered = text.lower() if folds_simply(text) else None
    for (kind, pattern, reader), needs in zip(PATTERNS, _NEEDS, strict=True):
        if lowered is not None and needs:
            for word in needs:
                if word in lowered:
                    break
            else:
                continue
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
        elif c.bounds[0] == c.bounds[1]:
            day = _bare_day(text[:joiner.start()].rstrip(), taken_until, c.bounds[0])
            if day is not None:
                out.append(day)
    return sorted(out, key=lambda k: k.start)


_BARE_DAY = _rx(r"(?<![\d.])(?P<d>[0-3]?\d)\.$")


def _bare_day(before: str, taken_until: int, right: dt.date) -> _Candidate | None:
    """"vom 13. bis 17. Mai 2008": a day alone takes the month and year of the right side."""
    m = _BARE_DAY.search(before)
    if m is None or m.start() < taken_until:
        return None
    try:
        day = right.replace(day=int(m["d"]))
    except ValueError:
        return None
    return _Candidate(m.start(), m.end(), (day, day), "day") if day <= right else None


def find_time_expressions(text: str, default_year: int | None = None) -> list[TimeExpression]:
    """Every dated expression in ``text``, left to right, with its interval and span.

    ``default_year`` dates a month, season, half-year or quarter named without a year.
    """
    # A time cell is read three times (its time frame, its date spans, as a status), and
    # the search is a pure function of its arguments.
    return list(_time_expressions(text, default_year))


@lru_cache(maxsize=4096)
def _time_expressions(text: str, default_year: int | None) -> tuple[TimeExpression, ...]:
    return tuple(_find_time_expressions(text, default_year))


def _find_time_expressions(text: str, default_year: int | None) -> list[TimeExpression]:
    if not text:
        return []
    chosen = [c for c in _leftmost_longest(_candidates(text, default_year))
              if not (c.kind == "year" and _CITATION.search(text, 0, c.start)
                      and text[c.end:c.end + 1] == ")")]
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
            after = _AFTER_PREFIX.search(before)
            if after and end is not None:
                span_start, start, end, open_end = (after.start(), end + dt.timedelta(days=1),
                                                    None, True)
            elif opener:
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


def _sentence_before(text: str, position: int) -> str:
    ends = list(re.finditer(r"[.;!?](?=\s)", text[:position]))
    return text[ends[-1].end() if ends else 0:position]


def timeframe_from_text(text: str, default_year: int | None = None) -> Timeframe:
    """A measure's time frame: bounds from the dated expressions, vague timing concepts.

    The start is the first day of the earliest expression with a start, the end the last
    day of the latest with an end (the hull of all named days if those contradict). A text
    with neither a date nor a vague cue gets ``Unspecified``; an empty text gets no timing
    at all (there is no time frame).
    """
    expressions = [e for e in find_time_expressions(text, default_year)
                   if not _HEDGED.search(_sentence_before(text, e.span[0]))]
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
