"""German first: the pages' language, words, dates, numbers and category labels.

German by default; English when asked with ``?lang=en`` or when the browser prefers it
(``Accept-Language``) and nothing else is asked. Category labels (status, cause) are the
ontology's ``skos:prefLabel``s, so pages, exports and the graph share one vocabulary.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import request
from rdflib.namespace import SKOS

from ontology import PKS, load_ontology

LANGUAGES = ("de", "en")

# UI words: key -> (German, English).
WORDS: dict[str, tuple[str, str]] = {
    "search": ("Suche", "Search"), "overview": ("Übersicht", "Overview"),
    "actors": ("Akteure", "Actors"), "changes": ("Änderungen", "What changed"),
    "overdue": ("Überfällig", "Overdue"), "upload": ("Hochladen", "Upload"),
    "measures": ("Maßnahmen", "Measures"), "measure": ("Maßnahme", "Measure"),
    "area": ("Handlungsfeld", "Area"), "timeframe": ("Zeitraum", "Time frame"),
    "status": ("Sachstand", "Status"), "as_of": ("Stand", "As of"),
    "who": ("Wer", "Who"), "when": ("Wann", "When"), "history": ("Verlauf", "Status history"),
    "report": ("Bericht", "Report"), "budget": ("Mittel", "Budget"),
    "cause": ("Ursache", "Cause"), "identifier": ("Nummer", "Identifier"),
    "source": ("Quelle", "Source"), "row": ("Zeile", "row"), "kind": ("Art", "Kind"),
    "actor": ("Akteur", "Actor"), "name": ("Name", "Name"), "town": ("Kommune", "Town"),
    "all": ("alle", "all"), "filter": ("Filtern", "Filter"),
    "search_lead": ("Suche nach Zuständigen oder nach Wörtern in einer Maßnahme.",
                    "Search by who is responsible or by words in a measure."),
    "search_hint": ("Ein Akteur (Herr Kühn, Sachgebiet 1-4) oder ein Begriff (Fachtag)",
                    "An actor (Herr Kühn, Sachgebiet 1-4) or a phrase (Fachtag)"),
    "results_for": ("Maßnahmen für", "measures for"),
    "no_actor": ("kein Akteur erkannt", "no actor recognised"),
    "no_timeframe": ("kein Zeitraum angegeben", "no time frame given"),
    "status_text": ("Sachstand (Stichwort markiert)", "Status text (cue marked)"),
    "similar": ("Ähnliche Maßnahmen in anderen Kommunen", "Similar measures in other towns"),
    "none_similar": ("keine ähnlichen Maßnahmen anderswo", "no similar measures elsewhere"),
    "overview_lead": ("Maßnahmen nach Handlungsfeld und letztem Sachstand.",
                      "Measures by action area and their latest reported status."),
    "reports": ("Berichte", "Reports"), "from": ("von", "from"), "to": ("bis", "to"),
    "compare": ("Vergleichen", "Compare"),
    "transitions": ("Geänderter Sachstand", "Status changes"),
    "new_measures": ("Neue Maßnahmen", "New measures"),
    "dropped": ("Nicht mehr erwähnt", "No longer mentioned"),
    "retitled": ("Umbenannt", "Retitled"),
    "overdue_lead": ("Maßnahmen, deren Zeitraum vor ihrem letzten Stand endete und die nicht "
                     "abgeschlossen sind.", "Measures whose time frame ended before their "
                     "latest status date and that are not completed."),
    "ended": ("Ende laut Plan", "Planned end"), "behind": ("Verzug", "Behind"),
    "days": ("Tage", "days"), "months": ("Monate", "months"),
    "download": ("Herunterladen", "Download"), "token": ("Schlüssel (Token)", "Token"),
    "file": ("Datei", "File"), "not_found": ("Nicht gefunden", "Not found"),
    "back": ("Zur Suche", "Back to the search"),
    "no_page": ("Diese Seite gibt es hier nicht. Suchen Sie eine Maßnahme oder einen Akteur:",
                "There is no such page here. Search a measure or an actor:"),
    "measures_n": ("Maßnahmen", "measures"),
    "person": ("Person", "person"), "unit": ("Verwaltungseinheit", "unit"),
    "organization": ("Organisation", "organisation"), "group": ("Gruppe", "group"),
    "query": ("SPARQL", "SPARQL"), "role": ("Rolle", "Role"),
    "upload_lead": ("Einen Sachstandsbericht laden (nur für Mitarbeitende mit Schlüssel); "
                    "danach steht hier, was sich geändert hat.",
                    "Load a status report (staff with the token only); what changed is "
                    "shown afterwards."),
    "loaded": ("geladen", "loaded"), "unchanged": ("schon geladen", "already loaded"),
}


def language() -> str:
    """The language of this request's page."""
    asked = request.args.get("lang", "") or request.cookies.get("lang", "")
    if asked in LANGUAGES:
        return asked
    best = request.accept_languages.best_match(LANGUAGES, default="de")
    # Browsers always send some Accept-Language; only a first choice of English wins.
    first = next(iter(request.accept_languages.values()), "de")
    return "en" if best == "en" and first.lower().startswith("en") else "de"


def word(key: str) -> str:
    german, english = WORDS.get(key, (key, key))
    return english if _lang_or_default() == "en" else german


@lru_cache(maxsize=1)
def _concept_labels() -> dict[tuple[str, str], str]:
    """(local name, language) -> label, for every pks: concept in the ontology."""
    labels = {}
    for concept, label in load_ontology().subject_objects(SKOS.prefLabel):
        text = str(concept)
        if text.startswith(str(PKS)) and getattr(label, "language", None) in LANGUAGES:
            labels[(text[len(str(PKS)):], label.language)] = str(label)
    return labels


def concept_label(name: str | None, lang: str | None = None) -> str:
    """The ontology's label of a status or cause concept (``Delayed`` → "verzögert")."""
    name = name or "Unknown"
    lang = lang or _lang_or_default()
    return _concept_labels().get((name, lang)) or name


def _lang_or_default() -> str:
    try:
        return language()
    except RuntimeError:  # outside a request (a chart built in a test): German
        return "de"


def date_text(value: object) -> str:
    """01.03.2021 in German, 2021-03-01 in English; text that is no date stays as it is."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return "" if value is None else str(value)
    if _lang_or_default() == "en":
        return value.isoformat()
    return format_date(value, "dd.MM.yyyy", locale="de_DE")


def number_text(value: object, digits: int = 0) -> str:
    """1.234,50 in German, 1,234.50 in English."""
    if value in (None, ""):
        return ""
    locale = "en_GB" if _lang_or_default() == "en" else "de_DE"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=locale)


def lang_url(code: str) -> str:
    """This page in the language ``code``."""
    from flask import url_for

    args = {**(request.view_args or {}), **request.args.to_dict(), "lang": code}
    return url_for(request.endpoint, **args) if request.endpoint else f"?lang={code}"


def remember(response):
    """A language asked with ?lang= holds for the pages that follow (a cookie)."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie("lang", asked, max_age=365 * 86400, samesite="Lax")
    return response


def helpers() -> dict:
    """What every template may call."""
    return {"t": word, "lang": _lang_or_default(), "concept_label": concept_label,
            "date_text": date_text, "number_text": number_text, "lang_url": lang_url}
