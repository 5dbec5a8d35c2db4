"""The report date when neither the status header nor a "Stand:" line names one.

In that order: the title or the first lines ("Monitoringbericht 2025", "Sachstandsbericht
2017/2018" -> the end of that period), the file name ("…-status-2021-03-01.csv",
"sachstand_2019.pdf"), the document's own metadata (PDF info, DOCX/ODF core properties)
in that order. Each source is recorded (``pk:statusDateSource``) and warned about, so that a
reader of the graph knows how sure the date is. The file's modification time is no
source: a copy or a download changes it, so the same file would read differently. When
nothing names a date the statuses are kept undated (``pk:undated``), never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .model import Table

# A report word near the year: a plan's title ("Klimaschutzkonzept 2030") names a target,
# not the date of a status.
_REPORT_WORD = re.compile(
    r"bericht|sachstand|stand\b|status|monitoring|controlling|bilanz|fortschritt|umsetzung",
    re.IGNORECASE)
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?([0-2]\d|3[01])(?!\d)")
_FIRST_LINES = 6


def fallback_status_date(table: Table, path: Path, has_status: bool,
                         above: list[str] | None = None) -> tuple[dt.date | None, str | None]:
    """(date, source) from the title, the first lines (``above`` the header, else the
    preamble), the file name, the metadata."""
    first = (above if above is not None else table.preamble)[:_FIRST_LINES]
    running = set(table.running_titles)
    lines = [t for t in (table.title, *first) if t]
    # A running header repeated on every page may be a leftover of the last report
    # ("Monitoringbericht 2023" in the 2025 report): the title and first lines come first.
    lines = [t for t in lines if t not in running] + [t for t in lines if t in running]
    for line in lines:
        found = _report_period_end(line)
        if found:
            return found, "title"
    name = path.stem
    full = _FULL_DATE.search(name)
    if full:
        try:
            return dt.date(*(int(g) for g in full.groups())), "file-name"
        except ValueError:
            pass
    found = _report_period_end(name.replace("_", " ").replace("-", " "))
    if found:
        return found, "file-name"
    if not has_status:
        return None, None  # a plan without a status column has no status date to guess
    if table.metadata_date:
        return table.metadata_date, "metadata"
    return None, None


# "Maßnahmenliste des VEP-Entwurfes vom 09.09.2013", "… im Stadtrat am 20.11.2014"
_DAY_DATED = re.compile(r"\b(?:vom|am|Stand:?)\s+(?=\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜa-zäöü]))")


def dated_title(table: Table, above: list[str] | None = None) -> dt.date | None:
    """The day a plan's title or first lines date it by ("Liste vom 09.09.2013"): the date
    of the states its time column reports when it has no status column."""
    from .language.dates import find_time_expressions

    first = (above if above is not None else table.preamble)[:_FIRST_LINES + 2]
    for line in (t for t in (table.title, *first) if t):
        for m in _DAY_DATED.finditer(line):
            found = [e for e in find_time_expressions(line[m.end():])
                     if e.start and e.start == e.end and e.span[0] == 0]
            if found:
                return found[0].start
    return None


# The year in a plan's name ("Monitoring Maßnahmenkatalog Klimaschutzkonzept 2030",
# "Handlungsprogramm Klimaschutz 2030") is its target even beside a report word.
_PLAN_NAME_YEAR = re.compile(
    r"(?i)((?:konzept|programm|strategie|katalog|\bklimaschutz|\bplan)\s+)(?:19|20)\d\d\b(?!\s*[/-])")


def _report_period_end(text: str) -> dt.date | None:
    from .language.dates import find_time_expressions

    if not _REPORT_WORD.search(text):
        return None
    text = _PLAN_NAME_YEAR.sub(r"\1", text)
    ends = [e.end for e in find_time_expressions(text) if e.end]
    return max(ends) if ends else None


def describe(source: str | None) -> str:
    return {
        "title": "the title or first lines", "file-name": "the file name",
        "metadata": "the document's metadata",
    }.get(source or "", source or "nowhere")
