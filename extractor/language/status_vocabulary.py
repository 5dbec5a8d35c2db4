"""Status columns with a fixed vocabulary: a short cell that is one term decides alone.

Many reports fill the status column from a drop-down ("gestartet", "abgeschlossen",
"in Planung") or a traffic light, and give the story in a prose column beside it. Such a
term decides the category; the prose adds causes and dates. A traffic light is read by
the document's legend ("grün = umgesetzt") where it has one, else by ``TRAFFIC_LIGHTS``.
"""

from __future__ import annotations

import re

# Normalised term -> pks: category. Terms are matched whole (case, punctuation and
# surrounding space ignored), so "abgeschlossen" in prose is left to the cue table.
STATUS_TERMS: dict[str, str] = {
    "abgeschlossen": "Completed", "erledigt": "Completed", "umgesetzt": "Completed",
    "fertiggestellt": "Completed", "fertig": "Completed", "erfüllt": "Completed",
    "realisiert": "Completed", "done": "Completed", "completed": "Completed",
    "vollständig umgesetzt": "Completed", "eingeführt": "Completed",
    "gestartet": "InProgress", "begonnen": "InProgress", "fortgeschritten": "InProgress",
    "in umsetzung": "InProgress", "in bearbeitung": "InProgress", "in bau": "InProgress",
    "im bau": "InProgress", "laufend": "InProgress", "läuft": "InProgress",
    "teilweise umgesetzt": "InProgress", "in arbeit": "InProgress", "in progress": "InProgress",
    "als daueraufgabe etabliert": "InProgress", "daueraufgabe": "InProgress",
    "dauerhaft": "InProgress", "fortlaufend": "InProgress", "etabliert": "InProgress",
    "kontinuierlich": "InProgress", "in betrieb": "InProgress", "ongoing": "InProgress",
    "in planung": "Planned", "geplant": "Planned", "vorgesehen": "Planned",
    "in vorbereitung": "Planned", "terminiert": "Planned", "planned": "Planned",
    "noch nicht begonnen": "NotStarted", "nicht begonnen": "NotStarted", "offen": "NotStarted",
    "nicht gestartet": "NotStarted", "noch offen": "NotStarted", "not started": "NotStarted",
    "verzögert": "Delayed", "im verzug": "Delayed", "delayed": "Delayed",
    "zurückgestellt": "OnHold", "ruht": "OnHold", "pausiert": "OnHold", "verschoben": "OnHold",
    "on hold": "OnHold", "entfallen": "Cancelled", "entfällt": "Cancelled",
    "eingestellt": "Cancelled", "abgebrochen": "Cancelled", "gestrichen": "Cancelled",
    "verworfen": "Rejected", "abgelehnt": "Rejected", "nicht weiterverfolgt": "Rejected",
}
# A traffic light when the document gives no legend.
TRAFFIC_LIGHTS: dict[str, str] = {
    "grün": "InProgress", "gruen": "InProgress", "green": "InProgress",
    "gelb": "Delayed", "orange": "Delayed", "yellow": "Delayed", "amber": "Delayed",
    "rot": "NotStarted", "red": "NotStarted", "grau": "NotStarted", "blau": "Completed",
}
_LEGEND = re.compile(r"\b(?P<color>grün|gruen|gelb|orange|rot|grau|blau)\w*\s*(?:[:=–\-]|\))\s*"
                     r"(?P<meaning>[^;\n|]{3,80})", re.IGNORECASE)
_PUNCT = re.compile(r"[\s.,;:!()\[\]\"'„“*]+")
_MAX_WORDS = 5


def normalise(text: str) -> str:
    return _PUNCT.sub(" ", text.casefold()).strip()


def term_of(text: str, legend: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(category, term) when the cell (or its first line) is one vocabulary term."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    for candidate in dict.fromkeys((text or "", first)):
        key = normalise(candidate)
        if not key or len(key.split()) > _MAX_WORDS:
            continue
        if key in STATUS_TERMS:
            return STATUS_TERMS[key], candidate.strip()
        lights = {**TRAFFIC_LIGHTS, **(legend or {})}
        if key in lights:
            return lights[key], candidate.strip()
    return None


def legend_from(texts: list[str]) -> dict[str, str]:
    """Traffic-light meanings a document states ("grün = umgesetzt", "Rot: nicht begonnen")."""
    from .status import classify_status

    legend: dict[str, str] = {}
    for text in texts:
        for m in _LEGEND.finditer(text or ""):
            meaning = m["meaning"].strip()
            category = (term_of(meaning) or (classify_status(meaning).category, ""))[0]
            if category != "Unknown":
                legend.setdefault(normalise(m["color"]), category)
    return legend
