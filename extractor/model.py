"""The domain records that travel from a document to the graph.

A reader yields a :class:`Table` of :class:`Cell` objects; ``rows`` turns it into
:class:`PlanRow` records; ``language`` reads the free text of a row into actors,
time frames, budgets and a status; ``graph`` writes the result as RDF.
Every record remembers where it came from (:class:`SourceRef`) so that errors,
warnings and the web page can point at the original cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


class PlanReadError(Exception):
    """A document could not be read. The message names file, row and reason."""

    def __init__(self, file: str | Path, reason: str, row: int | None = None):
        self.file = str(file)
        self.row = row
        self.reason = reason
        where = f"{self.file}, row {row}" if row is not None else self.file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class SourceRef:
    """Where a cell stood: file name, 1-based row (line or table row), 0-based column."""

    file: str
    row: int
    column: int | None = None
    page: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.page:
            parts.append(f"page {self.page}")
        parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column + 1}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Cell:
    """One table cell as the document gave it.

    ``raw`` keeps the original markup (HTML fragments in the corpus); ``text`` is the
    plain, whitespace-normalised text; ``title`` is the bold lead when the cell has one,
    ``description`` the rest.
    """

    raw: str
    text: str
    source: SourceRef
    title: str | None = None
    description: str | None = None

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Table:
    """A document read into rows of cells, before any column has a meaning.

    ``preamble`` holds text found above or around the table (a "Stand: …" line, a title
    block) that may name the status date or the town.
    """

    file: str
    rows: list[list[Cell]]
    preamble: list[str] = field(default_factory=list)
    title: str | None = None
    metadata_date: dt.date | None = None  # the file's own "modified"/"created" date
    layout: str = "table"  # "table", "unruled table" (PDF word positions) or "sheets"
    # Running headers of a text layer (the same line on every page): they name the
    # document, but a title or first line says its date first.
    running_titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Interval:
    """A span of calendar days; either end may be open (``None``)."""

    start: dt.date | None
    end: dt.date | None
    text: str = ""

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"interval {self.text!r} ends before it starts")


@dataclass
class Timeframe:
    """A measure's time frame: the original text, its bounds, and vague timing concepts."""

    label: str
    start: dt.date | None = None
    end: dt.date | None = None
    timing: list[str] = field(default_factory=list)  # local names of pkt: concepts
    intervals: list[Interval] = field(default_factory=list)
    duration: str | None = None  # xsd:duration of a relative span ("ca. 1,5 Jahre" -> P1Y6M)

    @property
    def empty(self) -> bool:
        return not (self.start or self.end or self.timing)


@dataclass
class Budget:
    value: float
    currency: str = "EUR"
    year: int | None = None
    text: str = ""
    per_year: bool = False  # "jährlich", "pro Jahr", a per-year column


@dataclass
class Agent:
    """Someone named as responsible: a person, a unit, an organisation or a group.

    ``kind`` is one of ``person``, ``unit``, ``organization``, ``group``.
    ``member_of`` names the unit or organisation given in parentheses after a person.
    """

    kind: str
    label: str
    family_name: str | None = None
    given_name: str | None = None
    honorific: str | None = None
    member_of: Agent | None = None
    span: tuple[int, int] | None = None  # character offsets in the cell text
    alt_labels: list[str] = field(default_factory=list)  # "Klenko" for "Koordinierungsstelle …"

    @property
    def name(self) -> str:
        if self.kind == "person":
            return " ".join(p for p in (self.given_name, self.family_name) if p)
        return self.label


@dataclass
class Responsibility:
    agent: Agent
    role: str | None = None
    roles: list[str] = field(default_factory=list)  # local names of pkr: concepts ("Lead")


@dataclass
class StatusAssessment:
    """What a status text says: one category, the causes named, dates mentioned."""

    category: str  # local name of a pks: concept, e.g. "Delayed"
    causes: list[str] = field(default_factory=list)  # local names, e.g. "CausePandemic"
    cue: str | None = None  # the phrase that decided the category
    cue_span: tuple[int, int] | None = None
    event_dates: list[Interval] = field(default_factory=list)
    continued_in: list[str] = field(default_factory=list)  # "aufgegangen in Maßnahme 3.2"


@dataclass(frozen=True)
class DatedStatus:
    """One status a row gives for one date: a status column per year, a dated paragraph."""

    cell: Cell
    text: str
    date: dt.date | None
    label: str = ""  # the header or paragraph lead that named the date


@dataclass
class PlanRow:
    """One measure row with its cells sorted into roles."""

    source: SourceRef
    area: Cell | None = None
    goal: Cell | None = None
    measure: Cell | None = None
    who: list[Cell] = field(default_factory=list)
    timeframe: list[Cell] = field(default_factory=list)
    resources: list[Cell] = field(default_factory=list)
    status: Cell | None = None
    number: str | None = None
    description: Cell | None = None
    # Earlier dated statuses of this row, oldest first; ``status`` is the latest one.
    earlier_statuses: list[DatedStatus] = field(default_factory=list)
    status_date: dt.date | None = None  # when the row's own status names its date
    headers: dict[int, str] = field(default_factory=dict)  # column -> header text
    status_notes: list[Cell] = field(default_factory=list)  # further status columns


@dataclass
class ObservedStatus:
    """An earlier status of a measure reported in the same document, with its own date."""

    date: dt.date
    text: str
    assessment: StatusAssessment


@dataclass
class MeasureRecord:
    """A row after language analysis: everything the graph needs about one measure."""

    row: PlanRow
    area: str
    goal_title: str
    goal_description: str | None
    title: str
    description: str | None
    responsibilities: list[Responsibility] = field(default_factory=list)
    timeframe: Timeframe | None = None
    budgets: list[Budget] = field(default_factory=list)
    status: StatusAssessment | None = None
    status_text: str = ""
    status_remark: str | None = None  # a status remark found in another column
    mentioned: list[Agent] = field(default_factory=list)  # organisations named in status
    warnings: list[str] = field(default_factory=list)
    status_date: dt.date | None = None  # this measure's own status date, else the document's
    earlier_statuses: list[ObservedStatus] = field(default_factory=list)


@dataclass
class PlanDocumentRecord:
    """One document after extraction."""

    path: Path
    sha256: str
    title: str
    plan_key: str
    municipality: str | None
    status_date: dt.date | None
    measures: list[MeasureRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    media_type: str | None = None
    status_date_source: str | None = None  # see pk:statusDateSource
