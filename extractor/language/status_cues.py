"""The cue table of the status rules: the contract's categories top to bottom, each with
its cue phrases, and the causes a status text may name. ``status`` reads texts with it.

The patterns are lemma-free regular expressions with inflection groups, so they run
without a language model; see ``status`` for how negation, tense and phases block a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CATEGORIES", "STATUS_CUES", "CAUSE_CUES", "StatusCue"]

# A gap inside one sentence: any character but a sentence end. A dot followed by a digit
# or a lower-case word ("01.03.2021", "z.B. Projekt", "Okt. 2020") does not end a sentence.
_GAP = (r"(?:[^.;!?\n]|\.(?!\s+[A-ZÄÖÜ]|\s*$)"
        # abbreviations end no sentence: "(vgl. Ü1)", "bzw. Träger", "ca. 3 Jahre"
        r"|(?<=\bvgl)\.|(?<=\bbzw)\.|(?<=\bca)\.|(?<=\bggf)\.|(?<=\binsb)\.|(?<=\bNr)\."
        r"|(?<=\bsog)\.|(?<=\bu\.a)\.|(?<=\bz\.B)\.)")


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
                 r"|könnte|teilweise|teils|zum\s+Teil|ansatzweise|schrittweise)\b"
                 # "fast fertig gestellt", "bis Jahresende fertig gestellt": not yet done
                 r"|\b(?:fast|nahezu|beinahe|weitgehend|weitestgehend|größtenteils"
                 r"|überwiegend)\b"
                 r"|\bbis\s+(?:zum\s+|zur\s+)?(?:Jahresende|Jahresmitte|Ende\s+des\s+Jahres"
                 r"|Monatsende)\b")
# A phase of a measure that is done is not the measure: "Konzeption abgeschlossen,
# Umsetzung folgt", "1. Bauabschnitt fertiggestellt" say the measure is running.
_PHASE = (r"(?:Konzeption|Konzept\w*|Planung\w*|Vorplanung\w*|Entwurf\w*|Machbarkeits\w*"
          r"|Ausschreibung\w*|Vergabe\w*|Bauabschnitt\w*|Abschnitt\w*|Phase|Projektphase"
          r"|Teilprojekt\w*|Modul\w*|Stufe|Schritt|Teil|Bestandsaufnahme|Analyse|Studie"
          r"|Gutachten\w*|Vorarbeit\w*|Erhebung\w*|Grundlagenermittlung"
          # events that open the work: "Spatenstich ist erfolgt" says it has begun
          r"|Spatenstich|Baubeginn|Grundsteinlegung|Startschuss|Auftakt\w*|Kick[\s-]?Off)")
_PHASE_BEFORE = rf"\b{_PHASE}\b(?:\s+\S+){{0,4}}\s*$"
_NOT_DONE = rf"{_NOT_DONE_YET}|{_PHASE_BEFORE}"
_FOLLOWS = (r"^\W{0,3}\s*(?:\w+\s+){0,2}?(?:Umsetzung|Realisierung|Bau|Durchführung)?\s*"
            r"(?:folgt|folgen|steht\s+(?:noch\s+)?aus|in\s+Vorbereitung)\b")
_DONE_WORD = (r"(?:abgeschlossen|fertig\s*gestellt|erstellt|beendet|erledigt|vergeben"
              r"|beschlossen|erfolgt|erarbeitet|vorgelegt|vorgestellt|stattgefunden"
              r"|durchgeführt)")
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
        # judged not worth doing: "ist aus fachlicher Sicht nicht sinnvoll"
        StatusCue(r"\bnicht\s+(?:mehr\s+)?(?:sinnvoll|zielführend|zweckmäßig)\b",
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
        # "in den nächsten Jahren nicht vorgesehen", "vorerst nicht finanzierbar"
        StatusCue(r"\b(?:vorerst|zunächst|bis\s+auf\s+Weiteres|in\s+den\s+nächsten\s+Jahren"
                  r"|derzeit|zurzeit|zur\s+Zeit|momentan|aktuell)\s+(?:\w+\s+)?nicht\s+"
                  r"(?:vorgesehen|geplant|realisierbar|finanzierbar)\b",
                  negatable=False),
    )),
    ("Completed", (
        StatusCue(r"\babgeschlossen\b", blocked_before=_NOT_DONE,
                  blocked_after=_FOLLOWS),
        # "kann deshalb als abgeschlossen betrachtet werden": a judgement, not a plan
        StatusCue(r"\bals\s+(?:abgeschlossen|erledigt|umgesetzt)\s+(?:betrachtet|angesehen"
                  r"|bezeichnet|gelten)\b|\bgilt\s+als\s+(?:abgeschlossen|erledigt|umgesetzt)\b"),
        StatusCue(r"\bumgesetzt\b", blocked_before=_NOT_DONE_YET),
        # A measure that became a permanent task is done as a measure.
        StatusCue(r"\bals\s+Daueraufgabe\b|\betabliert\b|\bverstetigt\b|\bimplementiert\b",
                  blocked_before=_NOT_DONE),
        StatusCue(r"\bin\s+Betrieb\s+genommen\b|\bInbetriebnahme\s+(?:ist\s+)?erfolgt\b"
                  r"|\bin\s+Kraft\s+getreten\b", blocked_before=_NOT_DONE_YET),
        StatusCue(r"(?:\b(?:hat|haben)\b" + _GAP + r"{0,80}?)?\bstattgefunden\b",
                  blocked_before=_NOT_DONE),
        # "fand(en) … statt", but not "fanden und finden statt" (still going on).
        StatusCue(r"\bf(?:and|anden)\b(?!\s+(?:und|&|sowie)\s+f(?:indet|inden)\b)"
                  + _GAP + r"{0,80}?\bstatt\b"),
        StatusCue(r"\beingeführt\b|\berledigt\b|\bfertig\s*gestellt\b|\bfertig\b"
                  r"|\bbeendet\b|\bausgelaufen\b", blocked_before=_NOT_DONE,
                  blocked_after=_FOLLOWS),
        StatusCue(r"\b[a-zäöüß]{3,}(?:t|en)\s+worden\b", blocked_before=_NOT_DONE),
        # "Erweiterung … ist erfolgt", "Fachkräftestellen sind nun besetzt"
        StatusCue(r"\b(?:ist|sind)\s+(?:\w+\s+){0,2}?erfolgt\b", blocked_before=_NOT_DONE),
        StatusCue(r"\b(?:neu\s*|nach\s*|wieder\s*)?besetzt\b", blocked_before=_NOT_DONE),
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
        # "konnte im Jahr 2017 keine Auszeichnung stattfinden": it happened before, not now
        # ("konnte bislang nicht initiiert werden" never began: NotStarted below).
        StatusCue(r"\bkonnten?\b" + _GAP + r"{0,60}?(?<!bislang )(?<!bisher )(?<!noch )"
                  r"\b(?:nicht|keine\w*)\b" + _GAP
                  + r"{0,60}?\b(?:stattfinden|durchgeführt|umgesetzt|realisiert|erfolgen"
                  r"|fortgeführt|fortgesetzt|abgeschlossen|fertiggestellt|angeboten)\b",
                  negatable=False),
    )),
    ("InProgress", (
        # "Planung läuft" is still planning: left to Planned below.
        StatusCue(r"\bl(?:äuft|aufen)\b",
                  # ("Planungsabstimmung läuft" coordinates plans made: running)
                  blocked_before=r"\b(?:Planung|Planungen|Vorbereitung|Vorplanung)\s+$",
                  blocked_after=r"^\s+aus\b"),
        StatusCue(r"\b(?:fort)?laufend\w*|\bangelaufen\b"),
        StatusCue(rf"\b{_PHASE}\b(?:\s+\S+){{0,4}}?\s+(?:ist\s+|sind\s+|wurde\s+|wurden\s+)?"
                  rf"{_DONE_WORD}\b", negatable=False),
        StatusCue(r"\b(?:Umsetzung|Realisierung|Bau|Durchführung)\s+(?:folgt|folgen|erfolgt\s+"
                  r"(?:ab|im|in|ab)|beginnt|startet)\b"),
        StatusCue(r"\b(?:in|im)\s+Bau\b|\bBauarbeiten\b|\bbaulich\w*\s+Umsetzung\b"
                  r"|\bim\s+(?:End|Aus|Um)?ausbau\b|\bim\s+Umbau\b|\bim\s+Entstehen\b"
                  r"|\b(?:Umsetzungs|Realisierungs|Bau|Umbau|Pilot|Test|Erprobungs)phase\b"
                  r"|\bin\s+der\s+(?:Umsetzung|Realisierung|Erprobung)\b"),
        StatusCue(r"\b(?:fast|nahezu|beinahe|weitgehend|weitestgehend|größtenteils|überwiegend)"
                  r"\s+(?:\w+\s+)?(?:fertig\s*gestellt|abgeschlossen|umgesetzt|fertig|realisiert"
                  r"|erledigt)\b"),
        StatusCue(r"\bbis\s+(?:zum\s+|zur\s+)?(?:Jahresende|Jahresmitte|Ende\s+des\s+Jahres"
                  r"|Monatsende)\s+(?:\w+\s+)?(?:fertig\s*gestellt|abgeschlossen|umgesetzt"
                  r"|fertig|realisiert|erledigt)\b"),
        StatusCue(r"\bfortgeschritten\b", blocked_before=r"\bPlanung\w*(?:\s+\S+){0,2}\s*$"),
        StatusCue(r"\bendet\b|\bweiterverfolgt\b|\bweiter\s+verfolgt\b|\bDaueraufgabe\b"),
        StatusCue(r"\bin\s+(?:Bearbeitung|Umsetzung|Arbeit|Durchführung|Gang|Betrieb)\b"
                  r"|\bim\s+Aufbau\b",
                  # "gehen in Betrieb": about to; Planned below
                  blocked_before=r"\bgeh(?:t|en)\b"),
        StatusCue(r"(?:\b(?:hat|haben)\b" + _GAP + r"{0,80}?)?\b(?:Arbeit|Tätigkeit|Betrieb)"
                  r"\s+aufgenommen\b"),
        StatusCue(r"\bf(?:indet|inden)\b" + _GAP + r"{0,80}?\bstatt\b"),
        StatusCue(r"\bseit\b"),
        StatusCue(r"\b(?:wird|werden)\s+(?:\w+\s+){0,3}?(?:fortgeführt|fortgesetzt"
                  r"|weitergeführt|umgesetzt|bearbeitet|durchgeführt|angeboten|gesteuert|betreut"
                  r"|begleitet|koordiniert|erarbeitet|entwickelt|weiterentwickelt|gepflegt"
                  r"|aktualisiert)\b"),
        StatusCue(r"\b(?:teilweise|teils|zum\s+Teil|schrittweise)\s+umgesetzt\b"),
        StatusCue(r"\b(?:noch\s+)?nicht\s+(?:vollständig\s+|ganz\s+)?abgeschlossen\b",
                  negatable=False),
        StatusCue(r"\bgestartet\b|\bbegonnen\b",
                  # "wird ab Oktober 2018 … gestartet": it is to start; Planned below
                  blocked_before=r"\b(?:wird|werden|soll|sollen)\b"),
        StatusCue(_START_WORD, dated="past"),
    )),
    ("Planned", (
        StatusCue(r"\bgeplant\w*|\bin\s+Planung\b|\bPlanung\w*|\bvorgesehen\b"),
        StatusCue(r"\bStart-?termin\w*|\bterminiert\b"),
        StatusCue(r"\bKick[\s-]?Off\b"),
        StatusCue(r"\bin\s+Vorbereitung\b|\bwird\s+vorbereitet\b"),
        StatusCue(r"\bbeabsichtig\w*|\bAbsicht\b|\bangestrebt\b"),
        # permits and grants in hand, the work not begun: "Baugenehmigung liegt vor"
        StatusCue(r"\b\w*(?:genehmigung|bescheid|zusage)\w*\s+(?:ist\s+|wurde\s+)?"
                  r"(?:erteilt|liegt\s+vor|liegen\s+vor|beantragt)\b"),
        StatusCue(r"\b(?:ist|sind)\s+möglich\b"),
        # "wird ab Oktober 2018 gestartet", "gehen in Betrieb", "wird … aufgeben"
        StatusCue(r"\b(?:wird|werden)\b" + _GAP + r"{0,120}?\b(?:gestartet|begonnen|eröffnet"
                  r"|aufgenommen|eingeführt|eingerichtet|aufgeben|aufgegeben|geschlossen)\b"),
        StatusCue(r"\bgeh(?:t|en)\b" + _GAP + r"{0,80}?\bin\s+Betrieb\b"),
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
     r"|\b(?:Personal|Kapazität\w*|Fachkr[aä]ft\w*|Erzieher\w*|Lehrkr[aä]ft\w*"
     r"|Mitarbeiter\w*)\b" + _GAP + r"{0,60}?\b(?:fehl(?:t|en)|nicht\s+vorhanden"
     r"|nicht\s+ausreichend|reich(?:t|en)\s+(?:\w+\s+)?nicht)\b"
     r"|\bfehl(?:t|en)\s+(?:\w+\s+){0,3}?(?:Personal|Fachkr[aä]ft\w*|Erzieher\w*"
     r"|Lehrkr[aä]ft\w*|Mitarbeiter\w*)"),
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
NARROWER_CAUSES = {"CauseResources": ("CauseStaff", "CauseMoney")}  # the narrower ones say more
RECURRING = re.compile(
    r"\b(?:jährlich|alljährlich|regelmäßig\w*|weiterhin|nach\s+wie\s+vor|kontinuierlich\w*"
    r"|fortlaufend\w*|stetig\w*|fortgesetzt|fortgeführt|weitergeführt|weiterentwickelt"
    r"|weiter\s+(?:intensiviert|ausgebaut|verstärkt|entwickelt|gesteigert)"
    # the first of a series, or several times: the series goes on
    r"|erste[nmrs]?|(?:zwei|drei|vier|fünf|mehr|etliche)mal[s]?|mehrfach)\b", re.IGNORECASE)
