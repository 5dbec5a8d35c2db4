"""Column roles: which header names which part of a measure, and the user's own mapping.

Towns name their columns in many ways ("Wer?", "Zuständigkeit", "Verantwortliche Stelle",
"owner" in an open-data export). A header cell names a role when one of its words starts
with a synonym. Words that name a measure only weakly ("Titel", "Bezeichnung", "title")
count as the measure column only when no column says "Maßnahme".

For anything else the user gives a mapping (TOML, column header -> role), as users of RML
or OpenRefine give one; :func:`load_mapping` reads it and :func:`mapping_template` prints
one to start from.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .model import PlanReadError

ROLES = ("number", "area", "goal", "measure", "description", "who", "timeframe", "resources",
         "status", "priority", "ignore")

# Role -> header words (lower case, matched at the start of a header word).
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("nr", "nummer", "lfd", "id", "kennung", "kürzel", "no", "number", "ref",
               "code"),
    "area": ("bereich", "handlungsfeld", "themenfeld", "themenbereich", "handlungsbereich",
             "thema", "säule", "sektor", "kategorie", "cluster", "area", "sector", "category",
             "theme", "topic", "field"),
    "goal": ("ziel", "ziele", "leitziel", "teilziel", "zielsetzung", "handlungsziel", "goal",
             "objective"),
    "measure": ("maßnahme", "massnahme", "maßnahmen", "massnahmen", "projekt", "aktivität",
                "maßnahmentitel", "measure", "action", "project"),
    "measure_weak": ("titel", "title", "bezeichnung", "name", "vorhaben", "kurztitel"),
    "description": ("beschreibung", "description", "erläuterung", "kurzbeschreibung",
                    "inhalt", "details", "summary",
                    # the sheet's prose, not its title: "Projekt" alone names the measure
                    "projektbeschreibung"),
    "who": ("wer", "zuständig", "verantwortlich", "federführung", "federführend", "beteiligte",
            "projektleitung", "leitung", "projektverantwortlich", "leitprojektverantwortlich",
            # label phrases of sheets; the first word alone names the role already
            "verantwortliche stelle", "zuständige stelle", "federführende stelle",
            "kooperationspartner", "partner", "akteure", "ansprechpartner", "träger",
            "umsetzung durch", "mitwirkende", "akteur", "owner", "responsible", "lead",
            "contact", "organisation", "organization", "verantwortung", "responsibility",
            "responsibilities",
            # the party carrying a project or measure, not the project ("Projekt…")
            "projektträger", "maßnahmenträger", "massnahmenträger", "umsetzungsträger",
            # the office of a consolidation list ("Bereich/Amt", "Dienststelle")
            "amt", "dienststelle"),
    "timeframe": ("zeithorizont", "zeitraum", "zeitplan", "umsetzung bis", "zeitrahmen",
                  "termin", "wann", "zeit", "frist", "bis wann", "laufzeit", "beginn", "ende",
                  "dauer", "zeitpunkt", "start", "end", "deadline", "due", "datum", "date",
                  "umsetzungszeitraum", "realisierung", "jahr", "year", "horizon", "timeline",
                  "schedule",
                  # when a building opens or is done: "Geplante Eröffnung", "Baubeginn"
                  "eröffnung", "fertigstellung", "inbetriebnahme", "baubeginn", "bauende"),
    "resources": ("ressourcen", "kosten", "finanzierung", "mittel", "budget", "haushalt",
                  "cost", "costs", "funding", "förderung", "investition", "aufwand",
                  "expenditure", "financial", "financing",
                  # compounds that do not start with a word above: a total beside a yearly
                  # column ("Kosten pro Jahr | Gesamtkosten")
                  "gesamtkosten", "investitionskosten", "sachkosten", "personalkosten",
                  "folgekosten", "haushaltsansatz", "mittelbedarf", "finanzbedarf",
                  "finanziell", "kostenrahmen",  # "Finanzielle Auswirkungen"
                  # a questionnaire sheet's heading beside "Wer?" and "Wann?"
                  "wieviel",
                  # a consolidation list's amounts ("Summe des Vorschlags", "Betrag")
                  "summe", "betrag"),
    "status": ("status", "stand", "sachstand", "umsetzungsstand", "stand der umsetzung",
               "bearbeitungsstand", "fortschritt", "progress", "state", "ampel",
               "umsetzungsstatus", "hindernis", "kurzbericht", "assessment", "bewertung"),
    "priority": ("priorität", "prioritaet", "priority", "dringlichkeit"),
    # Fields of measure sheets that name none of the parts above; they are known so that
    # a sheet's field ends where the next one starts, and so that "Maßnahmentyp" or
    # "Zielgruppe" do not pass for the measure or its goal.
    "ignore": ("maßnahmentyp", "massnahmentyp", "maßnahmentypen", "maßnahmenart", "projekttyp",
               "projektart", "indikator", "indikatoren",
               "ausblick", "auftrag", "bisherige aktivitäten", "offene aufgaben",
               "weitere informationen", "beratungsfolge", "veranstaltungen", "basis",
               "bemerkung", "bemerkungen", "zielgruppe", "zielgruppen", "wirkung",
               "kennzahl", "kennzahlen", "erfolgsindikator", "nächste schritte",
               "zielkonflikt", "zielkonflikte", "conflicting",
               # a sheet's savings and scoring boxes: "THG-Einsparungen (t/a)",
               # "CO2-Einsparpotenzial", "Kriterienbewertung"
               "einsparung", "einsparungen", "einsparpotenzial", "einsparpotential",
               "kriterienbewertung",
               # English translations' sheets ("Contribution to climate neutrality")
               "contribution", "indicators"),
}
# Short words that would start too many unrelated ones ("Endenergie", "Jahresziel").
_EXACT_ONLY = {"ende", "jahr", "year", "datum", "date", "name", "state", "code", "field",
               "lead", "ampel", "inhalt", "amt",
               # English words that start German ones: "Themenspezifische …" is no area
               "theme"}
_MEASURE_HEADS = ("maßnahme", "maßnahmen", "massnahme", "massnahmen")
_RELATED = re.compile(r"(?:ergänzende|flankierende|begleitende|verknüpfte|verwandte"
                      r"|korrespondierende|zugehörige)")
_YEAR_HEADER = re.compile(r"(?:19|20)\d\d|summe|gesamt|total", re.IGNORECASE)
_WORD = re.compile(r"[a-zäöüß]+(?: bis| der umsetzung| durch| aktivitäten| aufgaben"
                   r"| informationen| schritte)?")
_CAMEL = re.compile(r"(?<=[a-zäöü])(?=[A-ZÄÖÜ])")


def _words(header_text: str) -> list[str]:
    text = _CAMEL.sub(" ", header_text).replace("_", " ").lower()
    return _WORD.findall(text)


def roles_of(header_text: str) -> list[str]:
    """The roles a header cell names: "Zeithorizont, Ressourcen" names two."""
    if _YEAR_HEADER.fullmatch(header_text.strip()):
        return ["resources"]  # a column per year holds that year's amounts
    # "Verantwort-lichkeit": a header word hyphenated where its cell was narrow; an
    # explanation in parentheses ("Kurzbeschreibung (… unter dem Themenbereich)") does
    # not name the column.
    header_text = re.sub(r"(?<=[a-zäöüß])-\s?(?=[a-zäöüß])", "", header_text)
    bare = re.sub(r"\([^)]*\)", " ", header_text)
    words = _words(bare if bare.strip() else header_text)
    found: list[str] = []
    for word in words:
        # The longest synonym a word starts with decides: "Projektleitung" is who, not
        # the measure ("Projekt"), "Maßnahmentyp" a field of no role, not the measure.
        role = _word_role(word)
        if role and role not in found:
            found.append(role)
    if "measure" not in found and "ignore" not in found and any(
            w.endswith(_MEASURE_HEADS) and len(w) > 12 for w in words):
        found.append("measure")  # a compound's head: "Konsolidierungsmaßnahmen"
    found = [r for r in ROLE_SYNONYMS if r in found]  # the order of the roles
    if len(words) >= 2 and _RELATED.fullmatch(words[0]) and words[1] in _MEASURE_HEADS:
        return ["ignore"]  # "Ergänzende Maßnahmen": other measures it refers to
    lead = " ".join(words[:1])
    if "status" in found and "timeframe" in found and lead in ("status", "stand", "sachstand"):
        found.remove("timeframe")
    if "resources" in found and "timeframe" in found and any(
            w in ("pro", "je", "jährlich", "jahr", "per") for w in words[1:]) and \
            "resources" in roles_of(words[0]):
        # "Kosten pro Jahr": costs per year, not a time frame.
        found.remove("timeframe")
    if "number" in found and ("measure" in found or "measure_weak" in found):
        # "Maßnahmen-Nr.", "Projekt-ID": the number of the measure, not its title.
        found = [r for r in found if r not in ("measure", "measure_weak")]
    if "measure" in found:
        # "Kurzbeschreibung der Maßnahme" is the measure column, not a second description.
        found = [r for r in found if r not in ("measure_weak", "description")]
    return found


def _word_role(word: str) -> str | None:
    best, best_len = None, 0
    for role, synonyms in ROLE_SYNONYMS.items():
        for s in synonyms:
            hit = word == s or (len(s) > 3 and s not in _EXACT_ONLY and word.startswith(s))
            if hit and len(s) > best_len:
                best, best_len = role, len(s)
    return best


def resolve_weak(roles: dict[int, list[str]]) -> dict[int, list[str]]:
    """A weak measure word ("Titel") names the measure only when nothing stronger does."""
    strong = any("measure" in r for r in roles.values())
    out = {}
    for col, names in roles.items():
        names = [("measure" if n == "measure_weak" and not strong else n) for n in names]
        names = [n for n in names if n != "measure_weak"]
        if names:
            out[col] = names
    return out


def names_plan_columns(texts: list[str]) -> bool:
    """Whether a row reads as a plan table's header: a measure column and two more roles."""
    roles = resolve_weak({i: roles_of(t) for i, t in enumerate(texts) if t.strip()})
    named = {r for rs in roles.values() for r in rs}
    return "measure" in named and (len(named) >= 3 or len(roles) >= 3)


def header_key(text: str) -> str:
    """Compare headers as a user types them: no case, no extra spaces, no trailing colon."""
    return " ".join(text.casefold().replace("\u00ad", "").split()).rstrip(":?").strip()


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a column mapping: TOML, ``"Header" = "role"`` at the top or under [columns]."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PlanReadError(path, f"cannot read the column mapping: {exc}") from exc
    return parse_mapping(data.get("columns", data), path)


def parse_mapping(data: object, source: str | Path = "mapping") -> dict[str, str]:
    if not isinstance(data, dict):
        raise PlanReadError(source, "a column mapping is a table of header = role")
    mapping: dict[str, str] = {}
    for header, role in data.items():
        if not isinstance(role, str) or role not in ROLES:
            raise PlanReadError(source, f"column {header!r}: unknown role {role!r}; "
                                        f"roles: {', '.join(ROLES)}")
        mapping[header_key(header)] = role
    return mapping


def mapping_template(headers: list[str]) -> str:
    """A mapping to start from: every header found, with the role guessed or 'ignore'."""
    lines = ["[columns]  # roles: " + ", ".join(ROLES)]
    for text in headers:
        if not text.strip():
            continue
        guessed = resolve_weak({0: roles_of(text)}).get(0, ["ignore"])[0]
        key = text.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'"{key}" = "{guessed}"')
    return "\n".join(lines)
