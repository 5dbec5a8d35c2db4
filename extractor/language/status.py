"""The status of a measure as a status cell states it: one pks: category, causes, dates.

The cue table (``status_cues``) reads like the contract's "Status categories" table: categories top
to bottom, the first with a matching cue wins, so "Läuft. Corona-bedingt teilweise
verzögert." is Delayed and "Zwei weitere Treffen haben stattgefunden. Derzeit keine
Aktivität." is OnHold (the current state wins over past events). Within a category the
leftmost cue is the one reported.

The patterns are lemma-free regular expressions with inflection groups, so they run
without a language model. A cue does not count when it is negated ("nicht
abgeschlossen", "noch nicht umgesetzt", "läuft nicht"), and a past participle does not
say Completed when the clause is future or passive present ("soll umgesetzt werden",
"wird umgesetzt") or partial ("teilweise umgesetzt").
"""

from __future__ import annotations

import logging
import re
from datetime import date

from extractor.model import StatusAssessment

from .dates import TimeExpression, find_time_expressions
from .required_words import folds_simply, required_words
from .status_cues import (
    CATEGORIES,
    CAUSE_CUES,
    NARROWER_CAUSES,
    RECURRING,
    STATUS_CUES,
    StatusCue,
)
from .status_vocabulary import term_of

log = logging.getLogger(__name__)

__all__ = ["CATEGORIES", "STATUS_CUES", "CAUSE_CUES", "StatusCue", "classify_status"]

_NEGATION = r"\b(?:nicht|kein\w*|nie|niemals|ohne|weder)\b"
_NEGATED_BEFORE = re.compile(_NEGATION + r"(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
_NEGATED_INSIDE = re.compile(_NEGATION, re.IGNORECASE)
_NEGATED_AFTER = re.compile(r"^\s+(?:\w+\s+)?nicht\b", re.IGNORECASE)
# A dot ends a clause before a space and a capital: not inside "Lab.KA" or "z.B. ein".
_CLAUSE_END = re.compile(r"[;,!?:\n]|\.(?=\s|$)(?!\s+[a-zäöüß0-9])")


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


_COMPILED = tuple(
    (category, tuple((cue, _compile(cue.pattern), _compile(cue.blocked_before),
                      _compile(cue.blocked_after), required_words(cue.pattern))
                     for cue in cues))
    for category, cues in STATUS_CUES
)
_CAUSES = tuple((cause, re.compile(pattern, re.IGNORECASE)) for cause, pattern in CAUSE_CUES)


def _clause_before(text: str, position: int) -> str:
    ends = list(_CLAUSE_END.finditer(text, 0, position))
    return text[ends[-1].end() if ends else 0:position]


def _counts(cue: StatusCue, m: re.Match[str], text: str, blocked_before: re.Pattern[str] | None,
            blocked_after: re.Pattern[str] | None) -> bool:
    clause = _clause_before(text, m.start())
    after = text[m.end():]
    if cue.negatable and (_NEGATED_BEFORE.search(clause) or _NEGATED_INSIDE.search(m.group())
                          or _NEGATED_AFTER.match(after)):
        return False
    if blocked_before and blocked_before.search(clause):
        return False
    return not (blocked_after and blocked_after.match(after))


def _dated(cue: StatusCue, m: re.Match[str], expressions: list[TimeExpression],
           asof: date | None) -> TimeExpression | None:
    """The date right after a start word, if it fits the cue's ``dated`` condition."""
    for e in expressions:
        if e.span[0] == m.end() and e.start is not None:
            in_past = asof is not None and e.start <= asof
            return e if in_past == (cue.dated == "past") else None
    return None


def _decide(text: str, asof: date | None, expressions: list[TimeExpression]
            ) -> tuple[str, str | None, tuple[int, int] | None]:
    lowered = text.lower() if folds_simply(text) else None
    for category, cues in _COMPILED:
        best: tuple[int, int] | None = None
        for cue, pattern, before, after, needs in cues:
            if lowered is not None and needs:
                for word in needs:
                    if word in lowered:
                        break
                else:
                    continue  # a word every match contains is missing: no need to search
            for m in pattern.finditer(text):
                span = (m.start(), m.end())
                if cue.dated:
                    date = _dated(cue, m, expressions, asof)
                    if date is None:
                        continue
                    span = (m.start(), date.span[1])
                elif not _counts(cue, m, text, before, after):
                    continue
                if best is None or span[0] < best[0]:
                    best = span
                break
        if best is not None:
            best = _extend_by_date(best, expressions)
            if category == "Completed":
                recurring = RECURRING.search(text)
                if recurring and not _NEGATED_BEFORE.search(_clause_before(text,
                                                                          recurring.start())):
                    # Events that took place, in a text that says they go on: running.
                    return "InProgress", recurring.group(0), recurring.span()
                ahead = _ahead(expressions, asof, _sentence_end(text, best[1]))
                if ahead is not None:
                    # Done so far, with a next step dated after the report: running.
                    return "InProgress", ahead.text, ahead.span
            return category, text[best[0]:best[1]], best
    return _by_dates(text, asof)


def _ahead(expressions: list[TimeExpression], asof: date | None, after: int
           ) -> TimeExpression | None:
    """The first expression past ``after`` (the cue's sentence: "eröffnet 06/2012" dates
    the opening itself) that begins after the report date."""
    if asof is None:
        return None
    return next((e for e in expressions if e.span[0] >= after and e.start is not None
                 and e.start > asof), None)


def _sentence_end(text: str, position: int) -> int:
    m = re.compile(r"[.;!?](?=\s|$)").search(text, position)
    return m.end() if m else len(text)


_NAME_BEFORE_YEAR = re.compile(r"(?-i:[A-ZÄÖÜ])[\w\-]+[\s„\"]*$")
_DATE_WORDS = re.compile(r"^(?:in|im|ab|bis|seit|jahr\w*|ende|anfang|mitte|stand|sommer"
                         r"|herbst|winter|frühjahr)$", re.IGNORECASE)


def _names_a_year(text: str, e: TimeExpression) -> bool:
    """"Masterplan 2015", "Agenda 2030": a bare year after a name is part of the name."""
    if not re.fullmatch(r"(?:19|20)\d\d", e.text):
        return False
    m = _NAME_BEFORE_YEAR.search(text, 0, e.span[0])
    return m is not None and not _DATE_WORDS.match(m.group(0).strip(" „\""))


def _by_dates(text: str, asof: date | None
              ) -> tuple[str, str | None, tuple[int, int] | None]:
    """No cue: work dated in the report's year says it runs ("In 2008 Erarbeitung eines
    Zeitplans"), and only dates after the report say it is planned ("Auftakt vom 13. bis
    17. Mai 2008" in a report of February 2008)."""
    if asof is None:
        return "Unknown", None, None
    expressions = [e for e in find_time_expressions(text, asof.year)
                   if e.start is not None and not _names_a_year(text, e)]
    current = [e for e in expressions if e.start <= asof
               and (e.end is None or e.end.year >= asof.year)]
    if current:
        return "InProgress", current[0].text, current[0].span
    if expressions and all(e.start > asof for e in expressions):
        return "Planned", expressions[0].text, expressions[0].span
    return "Unknown", None, None


def _extend_by_date(span: tuple[int, int], expressions: list[TimeExpression]
                    ) -> tuple[int, int]:
    """"seit" alone says little; the cue is "seit März 2021"."""
    for e in expressions:
        if e.span[0] == span[0] and e.span[1] > span[1]:
            return span[0], e.span[1]
    return span


def find_causes(text: str) -> list[str]:
    """Causes (local names of pks: concepts) named in ``text``, in table order."""
    found = [cause for cause, pattern in _CAUSES if pattern.search(text)]
    return [c for c in found if not set(NARROWER_CAUSES.get(c, ())) & set(found)]


_MERGE_VERB = (r"(?:übergeleitet|überführt|aufgegangen|integriert|fortgeführt|weitergeführt"
               r"|zusammengeführt|überleitet)")
_MEASURE_REF = (r"(?:(?:die|der|den)\s+)?(?:(?:Maßnahmen?|Projekt|Nr\.?)\s*"
                r"(?P<ref>[A-ZÄÖÜ]{0,4}[\s.\-]?\d+(?:[.\-]\d+)*[a-z]?)"
                r"|(?-i:(?P<code>[A-ZÄÖÜ]{1,4}[.\-]?\d+(?:[.\-]\d+)*[a-z]?))\b)")
_MEASURE_REF_2 = _MEASURE_REF.replace("ref", "ref2").replace("code", "code2")
_CONTINUED = re.compile(rf"\b{_MERGE_VERB}\s+(?:in|im|als|mit)\s+{_MEASURE_REF}"
                        rf"|\b(?:in|im)\s+{_MEASURE_REF_2}\s+{_MERGE_VERB}",
                        re.IGNORECASE)


def continued_in(text: str) -> list[str]:
    """Numbers of the measures this one went into ("aufgegangen in Maßnahme 3.2" -> "3.2")."""
    return [next(g for g in (m["ref"], m["code"], m["ref2"], m["code2"]) if g).strip()
            for m in _CONTINUED.finditer(text or "")]


def classify_status(text: str, asof: date | None = None, *, notes: tuple[str, ...] = (),
                    legend: dict[str, str] | None = None) -> StatusAssessment:
    """Read a status cell: its category, the cue that decided it, causes and event dates.

    ``asof`` is the report's status date; a start date on or before it ("Projektstart im
    Juli 2020") means the measure is running, a later one (or none known) that it is
    planned. A cell that is one term of a fixed vocabulary ("gestartet", a traffic light
    read by ``legend``) decides alone; ``notes`` (prose columns beside it: "Aktueller
    Stand", "Hindernisse") add causes and event dates, and decide when the cell does not.
    """
    text = text or ""
    notes = tuple(n for n in notes if n and n.strip())
    expressions = find_time_expressions(text)
    term = term_of(text, legend)
    if term is not None:
        category, cue = term
        start = text.find(cue)
        cue_span: tuple[int, int] | None = (start, start + len(cue))
        if category == "Unknown":  # "Projektabhängig", "kein neuer Sachstand": said nothing
            cue, cue_span = None, None
    else:
        category, cue, cue_span = _decide(text, asof, expressions) if text.strip() else (
            "Unknown", None, None)
        if category == "Unknown" and notes:
            joined = " ".join(notes)
            category, cue, _ = _decide(joined, asof, find_time_expressions(joined))
            cue_span = None  # the cue stands in another cell
    log.debug("status %r -> %s (cue %r)", text, category, cue)
    everything = " ".join((text, *notes))
    event_dates = [e.to_interval() for e in expressions]
    for note in notes:
        event_dates += [e.to_interval() for e in find_time_expressions(note)]
    return StatusAssessment(
        category=category,
        causes=find_causes(everything),
        cue=cue,
        cue_span=cue_span,
        event_dates=event_dates,
        continued_in=continued_in(everything),
    )
