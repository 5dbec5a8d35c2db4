"""The fixed vocabulary of status columns: a cell that is one of these terms decides alone.

One definition for every layer: the language layer reads a status cell by it
(:mod:`extractor.language.status_vocabulary`), and the readers of linearised tables
find where a status cell stands in a row of lines (a title cell ends where the status
term starts, a decision list closes each row with the vote).
"""

from __future__ import annotations

import re

# Normalised term -> pks: category. Terms are matched whole (case, punctuation and
# surrounding space ignored), so "abgeschlossen" in prose is left to the cue table.
STATUS_TERMS: dict[str, str] = {
    "abgeschlossen": "Completed", "erledigt": "Completed", "umgesetzt": "Completed",
    "fertiggestellt": "Completed", "fertig": "Completed", "erfüllt": "Completed",
    "realisiert": "Completed", "eröffnet": "Completed", "done": "Completed",
    "completed": "Completed",
    "vollständig umgesetzt": "Completed", "eingeführt": "Completed",
    "gestartet": "InProgress", "begonnen": "InProgress", "fortgeschritten": "InProgress",
    "in umsetzung": "InProgress", "in bearbeitung": "InProgress", "in bau": "InProgress",
    "im bau": "InProgress", "laufend": "InProgress", "läuft": "InProgress",
    "teilweise umgesetzt": "InProgress", "in arbeit": "InProgress", "in progress": "InProgress",
    # A measure that became a permanent task is done as a measure (the gold's reading).
    "als daueraufgabe etabliert": "Completed", "daueraufgabe": "InProgress",
    "etabliert": "Completed", "verstetigt": "Completed",
    "dauerhaft": "InProgress", "fortlaufend": "InProgress",
    "kontinuierlich": "InProgress", "in betrieb": "InProgress", "ongoing": "InProgress",
    "in planung": "Planned", "geplant": "Planned", "vorgesehen": "Planned",
    "in vorbereitung": "Planned", "terminiert": "Planned", "planned": "Planned",
    "noch nicht begonnen": "NotStarted", "nicht begonnen": "NotStarted", "offen": "NotStarted",
    "nicht gestartet": "NotStarted", "noch offen": "NotStarted", "not started": "NotStarted",
    "noch nicht geplant": "NotStarted", "nicht geplant": "NotStarted",
    "projektabhängig": "Unknown", "kein neuer sachstand": "Unknown", "keine angabe": "Unknown",
    "verzögert": "Delayed", "im verzug": "Delayed", "delayed": "Delayed",
    "zurückgestellt": "OnHold", "ruht": "OnHold", "pausiert": "OnHold", "verschoben": "OnHold",
    "on hold": "OnHold", "entfallen": "Cancelled", "entfällt": "Cancelled",
    "eingestellt": "Cancelled", "abgebrochen": "Cancelled", "gestrichen": "Cancelled",
    "verworfen": "Rejected", "abgelehnt": "Rejected", "nicht weiterverfolgt": "Rejected",
    # A yearly activity runs; a council's vote on a proposal decides it (or drops it),
    # the work itself is still to come: decision lists of budget packages.
    "jährlich": "InProgress", "regelmäßig": "InProgress",
    "zugestimmt": "Planned", "mehrheitlich zugestimmt": "Planned",
    "einstimmig zugestimmt": "Planned",
    "mehrheitlich abgelehnt": "Rejected", "einstimmig abgelehnt": "Rejected",
}
_PUNCT = re.compile(r"[\s.,;:!()\[\]\"'„“*]+")


def normalise(text: str) -> str:
    return _PUNCT.sub(" ", text.casefold()).strip()


def status_term(text: str) -> str | None:
    """The category when the whole text is one status term ("laufend", "abgeschlossen")."""
    return STATUS_TERMS.get(normalise(text))
