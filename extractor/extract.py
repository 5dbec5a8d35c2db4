"""From a file to a PlanDocumentRecord: read → rows → language.

:class:`Extractor` holds the loaded German pipeline, so that many documents share one
load. ``graph.build`` turns its records into RDF.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language

from .language.abbreviation_legend import abbreviations_from
from .language.budgets import find_budgets
from .language.carriers import carrier_text, names_carrier
from .language.pipeline import CellReading, PipelineInfo, load_pipeline, read_cells
from .language.roles import assign_roles, merge_parties
from .language.status import classify_status
from .language.status_vocabulary import legend_from, term_of
from .model import (
    Budget,
    Cell,
    MeasureRecord,
    ObservedStatus,
    PlanDocumentRecord,
    PlanRow,
    Responsibility,
    StatusAssessment,
)
from .naming import plan_key_from, title_from
from .read import read_table
from .read.limits import ReadLimits
from .references import References
from .rows import plan_rows
from .status_date import dated_title, describe, fallback_status_date

log = logging.getLogger(__name__)

# A status remark in another column starts like this, or decides the measure's fate.
_REMARK_PREFIXES = ("zwischenstand", "stand:", "sachstand", "status:")
_DECISIVE = {"Cancelled", "Rejected"}
_GROUP_WORD = re.compile(r"\b(?:Ma(?:ß|ss)nahmen|Projekte|Vorhaben|Leitprojekte)\b",
                         re.IGNORECASE)
_GROUP_MAX_CHARS = 60
_BOUND_HEADER = re.compile(r"(?:Beginn|Start|Ende|Projektbeginn|Projektende)", re.IGNORECASE)
# Analysed cells kept for later documents (goals and units repeat across reports); past
# this many the least recently used are dropped.
CACHE_CELLS = 100_000


@dataclass
class ExtractOptions:
    status_date: dt.date | None = None
    municipality: str | None = None
    plan_key: str | None = None
    title: str | None = None
    mapping: dict[str, str] | None = None  # column header -> role, see columns.load_mapping


class Extractor:
    """Reads plan documents with one shared German pipeline."""

    def __init__(self, nlp: Language | None = None, info: PipelineInfo | None = None,
                 limits: ReadLimits | None = None, references: References | None = None,
                 cache_cells: int = CACHE_CELLS):
        if nlp is None:
            nlp, info = load_pipeline()
        self.nlp = nlp
        self.info = info
        self.limits = limits or ReadLimits()
        self.references = references or References()
        self.cache_cells = cache_cells
        self._cache: OrderedDict[tuple[str, str], CellReading] = OrderedDict()

    def extract(self, path: str | Path, options: ExtractOptions | None = None
                ) -> PlanDocumentRecord:
        path = Path(path)
        options = options or ExtractOptions()
        table = read_table(path, self.limits)
        result = plan_rows(table, options.status_date, options.mapping)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        municipality = options.municipality or self.references.recognise_municipality(
            [path.stem, table.title or "", *table.preamble,
             *(c.text for row in result.rows[:5] for c in (row.goal, row.measure) if c)])
        record = PlanDocumentRecord(
            path=path, sha256=digest,
            title=options.title or table.title or title_from(path),
            plan_key=options.plan_key or plan_key_from(path),
            municipality=municipality, status_date=result.status_date,
            warnings=list(result.warnings), status_date_source=result.status_date_source,
            media_type=mimetypes.guess_type(path.name, strict=False)[0],
        )
        if record.status_date is None:
            has_status = bool(result.header.columns("status"))
            date, source = fallback_status_date(table, path, has_status, result.above)
            record.status_date, record.status_date_source = date, source
            if date is not None:
                record.warnings.append(
                    f"{path.name}: no status date in the status header or a 'Stand:' line; "
                    f"{date.isoformat()} taken from {describe(source)}")
            elif has_status:
                record.warnings.append(
                    f"{path.name}: no status date in the status header, a 'Stand:' line, the "
                    "title, the file name or the metadata; the statuses are kept undated — "
                    "give the date with --status-date")
        self._context = (record.status_date, legend_from([*table.preamble, *result.header.texts]))
        self._references = self.references.with_legend(
            abbreviations_from(table.preamble, self.references))
        for row in result.rows:
            row.headers = row.headers or dict(enumerate(result.header.texts))
        docs = self._analyse(result.rows)
        self._who_columns = len(result.header.columns("who"))
        self._status_columns = len(result.header.columns("status"))
        for row in result.rows:
            record.measures.append(self._measure(row, docs))
        if record.status_date is None and any(
                m.status and m.status.category != "Unknown" for m in record.measures):
            # A plan without a status column whose time column names states ("im Bau"):
            # they hold on the day the list is dated.
            record.status_date = dated_title(table, result.above)
            record.status_date_source = "title" if record.status_date else None
        for measure in record.measures:
            record.warnings.extend(measure.warnings)
        return record

    # -- language -----------------------------------------------------------------------
    def _analyse(self, rows: list[PlanRow]) -> dict[tuple[str, str], CellReading]:
        """Run the pipeline once per distinct (role, text): goals and units repeat a lot."""
        wanted: list[tuple[str, str]] = []
        for row in rows:
            wanted += [("who", c.text) for c in self._who_cells(row)]
            wanted += [("timeframe", _timeframe_text(row))]
            status = row.status.text if row.status else ""
            # A status cell is read twice: for the organisations it names (the same in
            # every report) and for its status (which depends on the report's date).
            wanted += [("mentions", status), ("state", status)]
            wanted += [("state", c.text) for c in (*row.timeframe, *row.resources)]
            wanted += [("state", s.text) for s in row.earlier_statuses]
        context = getattr(self, "_context", (None, {}))
        references = getattr(self, "_references", self.references)
        if getattr(self, "_cached_context", None) != context:
            # Status readings depend on the report's date and legend: not across documents.
            self._cache = OrderedDict((k, v) for k, v in self._cache.items()
                                      if k[0] != "state")
            self._cached_context = context
        if getattr(self, "_cached_legend", ()) != references.legend:
            # Actor kinds (who cells, a status cell's organisations) depend on the
            # document's abbreviation legend.
            self._cache = OrderedDict((k, v) for k, v in self._cache.items()
                                      if k[0] not in ("who", "mentions"))
            self._cached_legend = references.legend
        docs: dict[tuple[str, str], CellReading] = {}
        todo = []
        for key in dict.fromkeys(wanted):
            if key in self._cache:
                self._cache.move_to_end(key)
                docs[key] = self._cache[key]
            else:
                todo.append(key)
        for key, doc in self._run(todo, context, references).items():
            docs[key] = self._cache[key] = doc
        while len(self._cache) > self.cache_cells:
            self._cache.popitem(last=False)
        return docs  # this document's cells, whatever the cache dropped

    def _run(self, todo: list[tuple[str, str]], context: tuple, references: References
             ) -> dict[tuple[str, str], CellReading]:
        """Analyse the (role, text) cells not cached; a status cell wanted for both its
        organisations and its status is one document read as "status" (both at once)."""
        jobs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        wanted = set(todo)
        for role, text in todo:
            both = role in ("mentions", "state") and {("mentions", text), ("state", text)} <= wanted
            jobs.setdefault(("status", text) if both else (role, text), []).append((role, text))
        readings = read_cells(self.nlp, list(jobs), *context, references)
        return {key: reading for keys, reading in zip(jobs.values(), readings, strict=True)
                for key in keys}

    def _measure(self, row: PlanRow, docs: dict[tuple[str, str], CellReading]
                 ) -> MeasureRecord:
        measure = row.measure
        assert measure is not None
        record = MeasureRecord(
            row=row,
            area=_title(row.area) or "(ohne Bereich)",
            goal_title=_title(row.goal) or _title(measure),
            goal_description=row.goal.description if row.goal and row.goal.title else None,
            title=_title(measure),
            description=_description(row),
            status_date=row.status_date,
        )
        record.earlier_statuses = [
            ObservedStatus(s.date, s.text, docs[("state", s.text)].status)
            for s in row.earlier_statuses if s.date]
        for cell in self._who_cells(row):
            doc = docs[("who", cell.text)]
            if doc.is_comment:
                record.warnings.append(f"{cell.source}: the 'Wer?' cell reads as a comment, "
                                       f"no actor taken: {cell.text[:80]!r}")
            found = [Responsibility(r.agent, r.role) for r in doc.responsibilities or []]
            assign_roles(found, row.headers.get(cell.source.column),
                         getattr(self, "_who_columns", 1) <= 1)
            record.responsibilities.extend(found)
        record.responsibilities = merge_parties(record.responsibilities)
        time_doc = docs[("timeframe", _timeframe_text(row))]
        record.timeframe = time_doc.timeframe if row.timeframe else None
        # A costs column's header may give the scale ("in Tsd. €") or say "pro Jahr".
        found = list(time_doc.budgets or [])
        for cell in row.resources:
            found += find_budgets(cell.text, bare=True,
                                  context=row.headers.get(cell.source.column, ""))
        record.budgets = _unique_budgets(found)
        record.status_text = row.status.text if row.status else ""
        assessment = docs[("state", record.status_text)].status
        record.mentioned = list(docs[("mentions", record.status_text)].mentioned or [])
        asof, legend = getattr(self, "_context", (None, {}))
        remark = _status_remark(row, docs, legend)
        if remark is not None:
            record.status_remark = remark.text
            combined = f"{record.status_text} {remark.text}".strip()
            assessment = read_cells(self.nlp, [("state", combined)], asof, legend)[0].status
            done = _opening_done(remark, row, legend)
            if done and assessment.category != "Completed":
                # the opening column says it is done, whatever the older prose beside it
                # or the month after it
                assessment = replace(assessment, category="Completed", cue=done[1])
        elif row.status_notes:
            # Of several status columns, one of a fixed vocabulary ("gestartet") decides;
            # the prose beside it ("Aktueller Stand", "Hindernisse") adds causes and dates.
            cells = [c for c in (row.status, *row.status_notes) if c is not None]
            primary = next((c for c in cells if term_of(c.text, legend)), cells[0])
            record.status_text = primary.text
            record.status_remark = " ".join(c.text for c in cells if c is not primary) or None
            assessment = classify_status(primary.text, row.status_date or asof, legend=legend,
                                         notes=tuple(c.text for c in cells if c is not primary))
        if not getattr(self, "_status_columns", 1) and assessment.category == "Unknown":
            # No status column: a time column that names a state ("in Planung", "im Bau")
            # is the measure's status too.
            for cell in row.timeframe:
                stated = docs[("state", cell.text)].status
                if stated.category != "Unknown":
                    record.status_text, record.status_remark = cell.text, None
                    assessment = stated
                    break
        group = _status_group(record.area, row.status_date or asof, legend)
        if group is not None:
            # "Maßnahmen in Bearbeitung" over the sheets is their status, not their area.
            record.area = "(ohne Bereich)"
            if assessment.category == "Unknown" and not record.status_text:
                record.status_text, assessment = row.area.text if row.area else "", group
        record.status = self._with_time_column(record, assessment, docs,
                                               row.status_date or asof)
        return record

    def _who_cells(self, row: PlanRow) -> list[Cell]:
        """The row's who-cells; of a combined "Träger/Standort/Projekt" cell (the who-cell,
        or the measure's when there is none) only the Träger at its start
        (see :mod:`.language.carriers`)."""
        cells = row.who or ([row.measure] if row.measure is not None else [])
        out = []
        for cell in cells:
            header = row.headers.get(cell.source.column)
            if not names_carrier(header, combined=True):
                if cell in row.who:
                    out.append(cell)
                continue
            text = carrier_text(cell.text, getattr(self, "_references", self.references))
            if text:
                out.append(Cell(raw=text, text=text, source=cell.source))
        return out

    def _with_time_column(self, record: MeasureRecord, assessment: StatusAssessment,
                          docs: dict[tuple[str, str], CellReading], asof: dt.date | None
                          ) -> StatusAssessment:
        """What the time column adds to a reported status: an opening it says took place
        ("eröffnet 06/2012") decides over older prose; a status that says nothing, beside
        a time frame that starts after the report, is a plan."""
        if not record.status_text.strip():
            return assessment
        for cell in record.row.timeframe:
            stated = docs[("state", cell.text)].status
            if stated.category == "Completed" and assessment.category != "Completed":
                return replace(assessment, category="Completed", cue=stated.cue,
                               cue_span=None, causes=[*assessment.causes, *(
                                   c for c in stated.causes if c not in assessment.causes)])
        return _planned_by_date(assessment, record, asof)



def _status_remark(row: PlanRow, docs: dict[tuple[str, str], CellReading],
                   legend: dict[str, str]) -> Cell | None:
    """The time or costs cell that remarks on the status ("Stand: …", "entfällt", an
    opening that took place), if any."""
    for cell in (*row.timeframe, *row.resources):
        category = docs[("state", cell.text)].status.category
        if (cell.text.lower().startswith(_REMARK_PREFIXES) or category in _DECISIVE
                or _opening_done(cell, row, legend)):
            return cell
    return None


def _opening_done(cell: Cell, row: PlanRow, legend: dict[str, str]) -> tuple[str, str] | None:
    """(category, word) when a time cell opens with a word that says the measure is done
    ("eröffnet 06/2012" in the opening column): the column reports the state."""
    words = cell.text.split()
    if cell not in row.timeframe or not words:
        return None
    stated = term_of(words[0], legend)
    return stated if stated and stated[0] == "Completed" else None


def _planned_by_date(assessment: StatusAssessment, record: MeasureRecord,
                     asof: dt.date | None) -> StatusAssessment:
    """A status text without a cue, for a measure whose time frame starts after the
    report date: prepared and dated, not yet started (pks:Planned by the contract)."""
    frame = record.timeframe
    if (assessment.category != "Unknown" or not record.status_text or asof is None
            or frame is None or frame.start is None or frame.start <= asof):
        return assessment
    return replace(assessment, category="Planned", cue="time frame after the report date")


def _status_group(area: str, asof: dt.date | None, legend: dict[str, str]
                  ) -> StatusAssessment | None:
    """The status an area heading names ("Maßnahmen in Bearbeitung", "Laufende
    Projekte"), or None for a thematic area."""
    if not _GROUP_WORD.search(area) or len(area) > _GROUP_MAX_CHARS:
        return None
    assessment = classify_status(area, asof, legend=legend)
    return assessment if assessment.category != "Unknown" else None


def _title(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return cell.title or cell.text


def _description(row: PlanRow) -> str | None:
    own = row.measure.description if row.measure and row.measure.title else None
    extra = row.description.text if row.description else None
    return " ".join(t for t in (own, extra) if t) or None


def _timeframe_text(row: PlanRow) -> str:
    """The time cells joined; a cell under "Beginn" or "Ende" says which end it gives
    ("Beginn: 06.2019" starts in June, "06.2019" alone is June)."""
    parts = []
    for cell in row.timeframe:
        header = row.headers.get(cell.source.column, "").strip().rstrip(":").strip()
        bound = _BOUND_HEADER.fullmatch(header)
        parts.append(f"{header}: {cell.text}" if bound and not cell.text.lower().startswith(
            header.lower()) else cell.text)
    return " ".join(parts)


def _unique_budgets(budgets: list[Budget]) -> list[Budget]:
    seen, unique = set(), []
    for b in budgets:
        key = (b.value, b.year, b.text, b.per_year)
        if key not in seen:
            seen.add(key)
            unique.append(b)
    return unique
