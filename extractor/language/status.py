"""The status of a measure as a status cell states it: one pks: category, causes, dates.

The cue table below reads like the contract's "Status categories" table: categories top
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
from dataclasses import dataclass
from datetime import date

from extractor.model import StatusAssessment

from .dates import TimeExpression, find_time_expressions
from .status_vocabulary import term_of

log = logging.getLogger(__name__)

__all__ = ["CATEGORIES", "STATUS_CUES", "CAUSE_CUES", "StatusCue", "classify_status"]

# A gap inside one sentence: any character but a sentence end. A dot followed by a digit
# or a lower-case word ("01.03.2021", "z.B. Projekt", "Okt. 2020") does not end a sentence.
_GAP = r"(?:[^.;!?\n]|\.(?!\s+[A-ZÄÖÜ]|\s*$))"


@dataclass(frozen=True)
class StatusCue:
    """One cue phrase of a category.

    ``negatable``: the cue does not count when a negation stands just before it, inside
    it or right after it; cues that carry their own negation ("noch nicht begonnen") are
    not negatable. ``blocked_before``: the cue does not count when this matches the
    clause text before it. ``blocked_after``: likewise for the text right after it.
    ``dated``: the cue must be followed by a date, which must lie on or before the
    as-of date ("past") or after it, or there be no as-of date ("future").
    """

    pattern: str
    negatable: bool = True
    blocked_before: str | None = None
    blocked_after: str | None = None
    dated: str | None = None


# A participle that says "done" is not past when the clause is future, modal, passive
# present or partial.
_NOT_DONE_YET = (r"\b(?:wird|werden|soll|sollen|sollte|sollten|muss|müssen|kann|können"
                 r"|könnte|teilweise|teils|zum\s+Teil|ansatzweise|schrittweise"
                 r"|fast|nahezu|beinahe)\b|\bbis\s+(?:\w+\s+){0,2}$")  # "bis Jahresende fertig"
# A phase of a measure that is done is not the measure: "Konzeption abgeschlossen,
# Umsetzung folgt", "1. Bauabschnitt fertiggestellt" say the measure is running.
_PHASE = (r"(?:Konzeption|Konzept\w*|Planung\w*|Vorplanung\w*|Entwurf\w*|Machbarkeits\w*"
          r"|Ausschreibung\w*|Vergabe\w*|Bauabschnitt\w*|Abschnitt\w*|Phase|Projektphase"
          r"|Teilprojekt\w*|Modul\w*|Stufe|Schritt|Teil|Bestandsaufnahme|Analyse|Studie"
          r"|Gutachten\w*|Vorarbeit\w*|Erhebung\w*|Grundlagenermittlung)")
_PHASE_BEFORE = rf"\b{_PHASE}\b(?:\s+\S+){{0,3}}\s*$"
_NOT_DONE = rf"{_NOT_DONE_YET}|{_PHASE_BEFORE}"
_FOLLOWS = (r"^\W{0,3}\s*(?:\w+\s+){0,2}?(?:Umsetzung|Realisierung|Bau|Durchführung)?\s*"
            r"(?:folgt|folgen|steht\s+(?:noch\s+)?aus|in\s+Vorbereitung)\b")
_DONE_WORD = (r"(?:abgeschlossen|fertig\s*gestellt|erstellt|beendet|erledigt|vergeben"
              r"|beschlossen|erfolgt)")
_START_WORD = (r"\b(?:\w*start|\w*beginn|startet|starten|startete|starteten|beginnt"
               r"|beginnen|begann|begannen)\b\s*(?:am|im|in|ab|zum|mit|:|-)?\s*")

STATUS_CUES: tuple[tuple[str, tuple[StatusCue, ...]], ...] = (
    ("Cancelled", (
        StatusCue(r"\bentf(?:ällt|allen|iel|ielen)\b"),
        StatusCue(r"\babgesagt\b|\bAbsage\b"),
        StatusCue(r"\beingestellt\b",
                  # "im Haushalt eingestellt" budgets money, "Fachkraft eingestellt" hires.
                  blocked_before=r"\b(?:Haushalt\w*|Mittel\w*|Budget\w*|Euro|€|Stelle\w*"
                                 r"|Personal\w*|Fachkr[aä]ft\w*|Mitarbeite\w*|Kr[aä]ft\w*)\b"),
        StatusCue(r"\bgestrichen\b|\bstorniert\b|\babgebrochen\b|\bausgefallen\b"),
        StatusCue(r"\bf(?:ällt|allen|iel|ielen)\b" + _GAP + r"{0,40}?\baus\b"),
        StatusCue(r"(?<!noch )\bnicht\s+stattgefunden\b|\bf(?:indet|inden|and|anden)\s+"
                  r"(?!noch\b)(?:\w+\s+){0,2}?nicht\s+statt\b", negatable=False),
        StatusCue(r"\bnicht\s+mehr\s+(?:durchgeführt|angeboten|umgesetzt|fortgeführt)\b",
                  negatable=False),
        StatusCue(r"\bvorzeitig\s+(?:\w+\s+)?(?:beendet|abgebrochen|eingestellt)\b"),
    )),
    ("Rejected", (
        StatusCue(r"\bverworfen\b|\babgelehnt\b|\bAblehnung\b"),
        StatusCue(r"\bnicht\s+(?:weiter\s*verfolgt|weiterverfolgt|verfolgt|aufgegriffen)\b",
                  negatable=False),
    )),
    ("OnHold", (
        StatusCue(r"\bverschoben\b|\bverschiebt\b|\bVerschiebung\w*"),
        StatusCue(r"\bauf\s+Eis\b(?:\s+gelegt)?"),
        StatusCue(r"\bpausier\w*|\bPause\b"),
        StatusCue(r"\bruh(?:t|en|end\w*)\b"),
        StatusCue(r"\bzurückgestellt\b|\bvertagt\b|\bunterbrochen\b|\bausgesetzt\b"),
        StatusCue(r"\b(?:derzeit|zurzeit|zur\s+Zeit|momentan|aktuell|seitdem|seither)\s+"
                  r"(?:keine|nicht)\s+(?:Aktivität\w*|aktiv|Aktion\w*|Treffen|Angebot\w*)\b",
                  negatable=False),
        StatusCue(r"\bauf\s+unbestimmte\s+Zeit\b"),
    )),
    ("Completed", (
        StatusCue(r"\babgeschlossen\b", blocked_before=_NOT_DONE,
                  blocked_after=_FOLLOWS),
        StatusCue(r"\bumgesetzt\b", blocked_before=_NOT_DONE_YET),
        # A measure that became a permanent task is done as a measure.
        StatusCue(r"\bals\s+Daueraufgabe\b|\betabliert\b|\bverstetigt\b|\bimplementiert\b",
                  blocked_before=_NOT_DONE),
        StatusCue(r"\bin\s+Betrieb\s+genommen\b|\bInbetriebnahme\s+(?:ist\s+)?erfolgt\b"
                  r"|\bin\s+Kraft\s+getreten\b", blocked_before=_NOT_DONE_YET),
        StatusCue(r"(?:\b(?:hat|haben)\b" + _GAP + r"{0,80}?)?\bstattgefunden\b",
                  blocked_before=_NOT_DONE_YET),
        # "fand(en) … statt", but not "fanden und finden statt" (still going on).
        StatusCue(r"\bf(?:and|anden)\b(?!\s+(?:und|&|sowie)\s+f(?:indet|inden)\b)"
                  + _GAP + r"{0,80}?\bstatt\b"),
        # "Raumergänzung … ist erfolgt"; a start that took place ("Spatenstich ist
        # erfolgt") is a measure running.
        StatusCue(r"\b(?:ist|sind)\s+erfolgt\b", blocked_before=r"\b(?:Spatenstich|Baubeginn"
                  r"|Beginn|Start|Auftakt|Ausschreibung|Vergabe|Antrag\w*)\w*\s+$"),
        StatusCue(r"\beingeführt\b|\berledigt\b|\bfertig\s*gestellt\b|\bfertig\b"
                  r"|\bbeendet\b|\bausgelaufen\b", blocked_before=_NOT_DONE,
                  blocked_after=_FOLLOWS),
        StatusCue(r"\b[a-zäöüß]{3,}(?:t|en)\s+worden\b", blocked_before=_NOT_DONE),
        StatusCue(r"\bdurchgeführt\b|\brealisiert\b|\beingerichtet\b|\beröffnet\b"
                  r"|\bveröffentlicht\b|\berstellt\b|\bgegründet\b|\binstalliert\b"
                  r"|\berrichtet\b|\bangeschafft\b|\bsaniert\b|\bverabschiedet\b",
                  blocked_before=_NOT_DONE, blocked_after=_FOLLOWS),
    )),
    ("Delayed", (
        StatusCue(r"\bverzöger\w*|\bVerzögerung\w*"),
        StatusCue(r"\b(?:im|in)\s+Verzug\b"),
        StatusCue(r"\b(?:später|langsamer)\s+als\s+(?:geplant|vorgesehen)\b"
                  r"|\bhinter\s+dem\s+Zeitplan\b|\bhinkt\w*"),
    )),
    ("InProgress", (
        # "Planung läuft" is still planning: left to Planned below.
        StatusCue(r"\bl(?:äuft|aufen)\b",
                  blocked_before=r"\b(?:Planung|Vorbereitung)\w*\s+$",
                  blocked_after=r"^\s+aus\b"),
        StatusCue(r"\b(?:fort)?laufend\w*|\bangelaufen\b"),
        StatusCue(rf"\b{_PHASE}\b(?:\s+\S+){{0,3}}?\s+(?:ist\s+|sind\s+|wurde\s+|wurden\s+)?"
                  rf"{_DONE_WORD}\b", negatable=False),
        StatusCue(r"\b(?:Umsetzung|Realisierung|Bau|Durchführung)\s+(?:folgt|folgen|erfolgt\s+"
                  r"(?:ab|im|in|ab)|beginnt|startet)\b"),
        StatusCue(r"\b(?:in|im)\s+Bau\b|\bBauarbeiten\b|\bbaulich\w*\s+Umsetzung\b"
                  r"|\bSpatenstich\b|\bim\s+(?:End)?ausbau\b"
                  r"|\bin\s+(?:der\s+)?Umsetzungsphase\b"),
        # "fast fertig gestellt", "bis Jahresende fertig gestellt": nearly done, running.
        StatusCue(r"\b(?:fast|nahezu|beinahe)\s+(?:fertig\s*gestellt|fertig|abgeschlossen)\b"
                  r"|\bbis\s+(?:\w+\s+){0,2}fertig\s*gestellt\b"),
        StatusCue(r"\bfortgeschritten\b", blocked_before=r"\bPlanung\w*(?:\s+\S+){0,2}\s*$"),
        StatusCue(r"\bendet\b|\bweiterverfolgt\b|\bweiter\s+verfolgt\b|\bDaueraufgabe\b"),
        # "Weitere Gruppen … gehen in Betrieb" is an opening to come (Planned below).
        StatusCue(r"\bin\s+(?:Bearbeitung|Umsetzung|Arbeit|Durchführung|Gang|Betrieb)\b"
                  r"|\bim\s+Aufbau\b", blocked_before=r"\bgeh(?:t|en)\b" + _GAP + r"*$"),
        StatusCue(r"(?:\b(?:hat|haben)\b" + _GAP + r"{0,80}?)?\b(?:Arbeit|Tätigkeit|Betrieb)"
                  r"\s+aufgenommen\b"),
        StatusCue(r"\bf(?:indet|inden)\b" + _GAP + r"{0,80}?\bstatt\b"),
        StatusCue(r"\bseit\b"),
        StatusCue(r"\b(?:wird|werden)\s+(?:\w+\s+){0,2}?(?:fortgeführt|fortgesetzt"
                  r"|weitergeführt|umgesetzt|bearbeitet|durchgeführt|angeboten)\b"),
        StatusCue(r"\b(?:teilweise|teils|zum\s+Teil|schrittweise)\s+umgesetzt\b"),
        StatusCue(r"\b(?:noch\s+)?nicht\s+(?:vollständig\s+|ganz\s+)?abgeschlossen\b",
                  negatable=False),
        StatusCue(r"\bgestartet\b|\bbegonnen\b"),
        StatusCue(_START_WORD, dated="past"),
    )),
    ("Planned", (
        StatusCue(r"\bgeplant\w*|\bin\s+Planung\b|\bPlanung\w*|\bvorgesehen\b"),
        StatusCue(r"\bStart-?termin\w*|\bterminiert\b"),
        # A permit granted, an opening or a closure to come: prepared, not yet started.
        StatusCue(r"\bBaugenehmigung\w*\b"),
        StatusCue(r"\bgeh(?:t|en)\b" + _GAP + r"{0,80}?\bin\s+Betrieb\b"),
        StatusCue(r"\b(?:wird|werden)\b" + _GAP + r"{0,80}?\baufgeben\b"),
        StatusCue(r"\bKick[\s-]?Off\b"),
        StatusCue(r"\bin\s+Vorbereitung\b|\bwird\s+vorbereitet\b"),
        # "sollte … werden" looks back on an intention; "soll … werden" plans.
        StatusCue(r"\bsoll(?:en)?\b" + _GAP + r"{0,80}?\b(?:aufnehmen|starten|beginnen"
                  r"|stattfinden|erfolgen|werden)\b"),
        StatusCue(_START_WORD, dated="future"),
    )),
    ("NotStarted", (
        StatusCue(r"\b(?:bisher|bislang|noch)\s+(?:noch\s+)?keine\b(?:\s+(?:weiteren\s+)?\w+)?",
                  negatable=False, blocked_after=r"^\s*(?:Verzögerung|Probleme|Schwierig)"),
        StatusCue(r"\bkeine\s+(?:weiteren\s+)?Schritte\b", negatable=False),
        StatusCue(r"\b(?:noch\s+)?nicht\s+(?:begonnen|gestartet|umgesetzt|angegangen|erfolgt"
                  r"|stattgefunden|angelaufen|in\s+Angriff\s+genommen|geplant|initiiert"
                  r"|realisiert|möglich|beauftragt)\b", negatable=False),
        StatusCue(r"\b(?:noch\s+)?offen\b(?!\s+für)"),
        StatusCue(r"\bsteht\s+(?:noch\s+)?aus\b|\bausstehend\b"),
    )),
)
CATEGORIES = (*(category for category, _ in STATUS_CUES), "Unknown")

CAUSE_CUES: tuple[tuple[str, str], ...] = (
    ("CausePandemic", r"corona|covid|pandemi|lockdown|sars-cov|kontaktbeschränkung"),
    ("CauseStaff",
     r"\b(?:Personal|Fachkräfte)(?:mangel|engpass|engpässe|wechsel|ausfall|knappheit)\w*"
     r"|\b(?:fehlend|mangelnd|unzureichend|knapp|kein|begrenzt|wegfallend)\w*\s+(?:\w+\s+)?"
     r"(?:Personal\w*|Stellen|Personalkapazität\w*|Kapazität\w*|Fachkräfte\w*)"
     r"|\bkapazitätsbedingt\w*|\bpersonalbedingt\w*"
     r"|\bpersonell\w*\s+(?:Ressourcen|Kapazität\w*|Engpass|Engpässe|Gründe\w*)"
     r"|\bStellen?\b" + _GAP + r"{0,30}?\b(?:unbesetzt|vakant|nicht\s+(?:wieder)?besetzt"
     r"|nicht\s+nachbesetzt|gestrichen)"
     r"|\b(?:unbesetzt\w*|vakant\w*)\s+Stelle\w*|\bVakanz\w*|\bElternzeit\b|\bMutterschutz\b"
     r"|\bKrankheit\w*|\bMangel\s+an\s+(?:Personal|Kapazität\w*|Fachkräften)"
     r"|\b(?:Personal|Kapazität\w*)\b" + _GAP + r"{0,40}?\b(?:fehl(?:t|en)|nicht\s+vorhanden"
     r"|nicht\s+ausreichend)\b"),
    ("CauseMoney",
     r"\bHaushalts(?:sperre|lage|konsolidierung|sicherung|mittel\s+fehl\w*|kürzung\w*)\w*"
     r"|\b(?:fehlend|mangelnd|unzureichend|knapp|kein|ausstehend)\w*\s+(?:\w+\s+)?"
     r"(?:Mittel\b|Finanzierung\w*|Förder\w*|Haushaltsmittel\w*|Budget\w*|Gelder?\b|Zuschu\w*)"
     r"|\bfinanziell\w*\s+(?:Gründe\w*|Mittel\w*|Ressourcen|Engpass|Engpässe|Lage|Situation)"
     r"|\bFinanzierung\b" + _GAP + r"{0,30}?\b(?:nicht\s+gesichert|ungeklärt|offen|unklar"
     r"|fehlt)|\bFörder(?:antrag|mittel|zusage)\w*" + _GAP + r"{0,30}?\b(?:abgelehnt|ausstehend"
     r"|steht\s+aus|nicht\s+bewilligt)|\bkeine\s+Förderung\b|\bSparzwang\w*|\bKosten\w*"
     r"(?:steigerung|explosion)\w*|\b(?:Mittel|Gelder)\b" + _GAP + r"{0,40}?\b(?:fehl(?:t|en)"
     r"|nicht\s+(?:vorhanden|ausreichend|bereitgestellt|bewilligt)|gestrichen)\b"),
    ("CauseMarket",
     r"\bLiefer(?:engpass|engpässe|schwierigkeit|verzug|verzögerung|kette)\w*|\bMaterialmangel\b"
     r"|\b(?:Bau|Material|Energie)?(?:preis|kosten)(?:steigerung|anstieg|explosion)\w*"
     r"|\bgestiegen\w*\s+(?:Bau)?(?:preis|kosten)\w*|\bHandwerker\w*|\bFirmen\b"
     r"|\bkeine\s+(?:\w+\s+)?Angebote\b|\bkein\s+(?:\w+\s+)?Angebot\b"
     r"|\bAusschreibung\w*" + _GAP + r"{0,30}?\b(?:aufgehoben|erfolglos|ohne\s+Ergebnis)"
     r"|\bBaufirm\w*|\bAuftragnehmer\w*|\bMarktlage\b|\bBauverzug\w*|\bWitterung\w*"
     r"|\bBaugrund\w*|\bAltlasten\b|\bKampfmittel\w*"),
    ("CauseOthers",
     r"\b(?:abhängig|Abhängigkeit)\s+(?:von|vom)\b|\bwarte[nt]?\s+auf\b|\bin\s+Abstimmung\s+mit\b"
     r"|\b(?:Genehmigung|Zustimmung|Entscheidung|Beschluss|Rückmeldung|Freigabe|Bewilligung)"
     r"\w*" + _GAP + r"{0,40}?\b(?:steht\s+(?:noch\s+)?aus|ausstehend|fehlt|abgewartet"
     r"|noch\s+nicht)"
     r"|\b(?:ausstehend|fehlend)\w*\s+(?:Genehmigung|Zustimmung|Entscheidung|Rückmeldung"
     r"|Freigabe)\w*|\bseitens\s+(?:des|der)\b|\bdurch\s+(?:das|den|die)\s+(?:Land|Bund|Kreis"
     r"|Landkreis|Ministerium|Regierungspräsidium|Deutsche\s+Bahn|DB)\b"
     r"|\bKlage\w*|\bGerichts?\w*|\bEigentümer\w*\s+(?:lehnt|lehnen|verweigert|nicht)"
     r"|\bPartner\w*\s+(?:ist|sind)\s+abgesprungen|\bRechtsstreit\w*"),
    ("CauseResources",
     r"\b(?:fehlend\w*|mangelnd\w*|unzureichend\w*|knapp\w*|keine\w*)\s+(?:\w+\s+)?Ressourcen"
     r"|\bRessourcen(?:mangel|engpass|engpässe)\w*|\bMangel\s+an\s+Ressourcen"
     r"|\bRessourcen\b" + _GAP + r"{0,40}?\b(?:fehl(?:t|en)|nicht\s+vorhanden"
     r"|nicht\s+ausreichend)\b"),
)
_EXCLUSIVE = {"CauseResources": ("CauseStaff", "CauseMoney")}  # the narrower ones say more
_RECURRING = re.compile(
    r"\b(?:jährlich|alljährlich|regelmäßig\w*|weiterhin|nach\s+wie\s+vor|kontinuierlich\w*"
    r"|fortlaufend\w*|stetig\w*|fortgesetzt|fortgeführt|weitergeführt|weiterentwickelt"
    r"|weiter\s+(?:intensiviert|ausgebaut|verstärkt|entwickelt|gesteigert))\b", re.IGNORECASE)
_NEGATION = r"\b(?:nicht|kein\w*|nie|niemals|ohne|weder)\b"
_NEGATED_BEFORE = re.compile(_NEGATION + r"(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
_NEGATED_INSIDE = re.compile(_NEGATION, re.IGNORECASE)
_NEGATED_AFTER = re.compile(r"^\s+(?:\w+\s+)?nicht\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;,!?:\n]|\.(?!\s+[a-zäöüß0-9]|\d)")


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


_COMPILED = tuple(
    (category, tuple((cue, _compile(cue.pattern), _compile(cue.blocked_before),
                      _compile(cue.blocked_after)) for cue in cues))
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
    for category, cues in _COMPILED:
        best: tuple[int, int] | None = None
        for cue, pattern, before, after in cues:
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
                recurring = _RECURRING.search(text)
                if recurring and not _NEGATED_BEFORE.search(_clause_before(text,
                                                                          recurring.start())):
                    # Events that took place, in a text that says they go on: running.
                    return "InProgress", recurring.group(0), recurring.span()
            return category, text[best[0]:best[1]], best
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
    return [c for c in found if not set(_EXCLUSIVE.get(c, ())) & set(found)]


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
