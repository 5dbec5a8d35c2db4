"""Status cells: the contract's categories, cue variants, negation, causes, corpus cells."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.language.status import CATEGORIES, STATUS_CUES, classify_status
from extractor.model import Interval, StatusAssessment

ASOF = date(2021, 3, 1)

CUE_PHRASES = [
    # Cancelled
    ("Veranstaltung entfällt.", "Cancelled"), ("entfallen", "Cancelled"),
    ("Wurde abgesagt", "Cancelled"), ("Projekt eingestellt.", "Cancelled"),
    ("Maßnahme gestrichen", "Cancelled"), ("Kurs fiel aus", "Cancelled"),
    ("Fachtag findet nicht statt", "Cancelled"), ("hat nicht stattgefunden", "Cancelled"),
    ("wird nicht mehr angeboten", "Cancelled"),
    # Rejected
    ("Idee verworfen", "Rejected"), ("Antrag abgelehnt", "Rejected"),
    ("wird nicht weiterverfolgt", "Rejected"), ("nicht weiter verfolgt", "Rejected"),
    # OnHold
    ("auf 2022 verschoben", "OnHold"), ("auf Eis gelegt", "OnHold"), ("pausiert", "OnHold"),
    ("ruht derzeit", "OnHold"), ("Derzeit keine Aktivität", "OnHold"),
    ("derzeit keine Aktivitäten", "OnHold"),
    # Completed
    ("abgeschlossen", "Completed"), ("Projekt ist abgeschlossen.", "Completed"),
    ("umgesetzt", "Completed"), ("Fachtag hat stattgefunden", "Completed"),
    ("Treffen haben stattgefunden", "Completed"), ("Treffen fand im Mai 2020 statt", "Completed"),
    ("Treffen fanden statt", "Completed"), ("eingeführt", "Completed"),
    ("erledigt", "Completed"), ("fertiggestellt", "Completed"),
    # Delayed
    ("verzögert sich", "Delayed"), ("Umsetzung im Verzug", "Delayed"),
    ("Verzögerungen beim Bau", "Delayed"),
    # InProgress
    ("läuft", "InProgress"), ("Kurse laufen", "InProgress"), ("In Bearbeitung", "InProgress"),
    ("in Umsetzung", "InProgress"), ("hat die Arbeit aufgenommen", "InProgress"),
    ("fortlaufend", "InProgress"), ("seit 2020", "InProgress"),
    ("Kurs findet statt", "InProgress"), ("Kurse finden wöchentlich statt", "InProgress"),
    ("wird umgesetzt", "InProgress"), ("teilweise umgesetzt", "InProgress"),
    # Planned
    ("geplant", "Planned"), ("ist in Planung", "Planned"), ("Starttermin: 1.9.2021", "Planned"),
    ("Kick-Off im Mai", "Planned"), ("Kickoff am 3.5.2021", "Planned"),
    ("soll im Herbst starten", "Planned"), ("soll umgesetzt werden", "Planned"),
    ("Planung läuft", "Planned"),
    # NotStarted
    ("bisher keine Schritte", "NotStarted"), ("bisher noch keine Schritte", "NotStarted"),
    ("Bislang keine Aktivitäten", "NotStarted"), ("noch nicht begonnen", "NotStarted"),
    ("offen", "NotStarted"), ("noch offen", "NotStarted"),
    # Unknown
    ("", "Unknown"), ("   ", "Unknown"), ("xyz", "Unknown"), ("siehe oben", "Unknown"),
]


@pytest.mark.parametrize(("text", "category"), CUE_PHRASES)
def test_cue_phrases(text: str, category: str) -> None:
    assert classify_status(text, ASOF).category == category


@pytest.mark.parametrize(("text", "category"), [
    ("ENTFALLEN", "Cancelled"), ("Corona-bedingt Verschoben", "OnHold"),
    ("LÄUFT", "InProgress"), ("GEPLANTE Termine", "Planned"),
])
def test_case_does_not_matter(text: str, category: str) -> None:
    assert classify_status(text).category == category


@pytest.mark.parametrize(("text", "not_category", "category"), [
    ("nicht abgeschlossen", "Completed", "InProgress"),
    ("noch nicht abgeschlossen", "Completed", "InProgress"),
    ("noch nicht umgesetzt", "Completed", "NotStarted"),
    ("hat noch nicht stattgefunden", "Completed", "NotStarted"),
    ("Läuft nicht", "InProgress", "Unknown"),
    ("keine Verzögerung, läuft", "Delayed", "InProgress"),
    ("nicht verschoben, findet statt", "OnHold", "InProgress"),
    ("Mittel im Haushalt eingestellt", "Cancelled", "Unknown"),
    ("Verträge laufen aus", "InProgress", "Unknown"),
])
def test_negation_and_false_friends(text: str, not_category: str, category: str) -> None:
    result = classify_status(text).category
    assert result != not_category
    assert result == category


CONTRACT_EXAMPLES = [
    ("Läuft. Corona-bedingt teilweise verzögert.", "Delayed"),
    ("Corona-bedingt auf Eis, aber Planung ist fortgeschritten.", "OnHold"),
    ("Zwei weitere Treffen haben stattgefunden. Derzeit keine Aktivität.", "OnHold"),
]


@pytest.mark.parametrize(("text", "category"), CONTRACT_EXAMPLES)
def test_contract_examples(text: str, category: str) -> None:
    assert classify_status(text, ASOF).category == category


@pytest.mark.parametrize(("text", "causes"), [
    ("Corona-bedingt verschoben.", ["CausePandemic"]),
    ("coronabedingt abgesagt", ["CausePandemic"]),
    ("wegen Covid-19 pausiert", ["CausePandemic"]),
    ("Pandemie: ruht", ["CausePandemic"]),
    ("im Lockdown verschoben", ["CausePandemic"]),
    ("verschoben wegen fehlender Ressourcen", ["CauseResources"]),
    ("fehlende Kapazitäten", ["CauseStaff"]),
    ("fehlendes Personal", ["CauseStaff"]),
    ("fehlende finanzielle Mittel", ["CauseMoney"]),
    ("derzeit keine Kapazitäten", ["CauseStaff"]),
    ("Ressourcen dafür derzeit nicht vorhanden", ["CauseResources"]),
    ("Corona und fehlendes Personal", ["CausePandemic", "CauseStaff"]),
    # staff, money, waiting on others, market and construction
    ("Verzögert wegen Personalmangel", ["CauseStaff"]),
    ("Die Stelle ist seit Mai unbesetzt.", ["CauseStaff"]),
    ("Bisher sind 5 Krippenplätze belegt, da noch eine Fachkraft fehlt.", ["CauseStaff"]),
    ("Fachkräfte für zwei Gruppen könnten eingestellt werden, reichen aber nicht aus.",
     ["CauseStaff"]),
    ("Es fehlen Erzieherinnen.", ["CauseStaff"]),
    ("ruht, da die Stelle derzeit nicht besetzt ist", ["CauseStaff"]),
    ("aufgrund der Haushaltssperre verschoben", ["CauseMoney"]),
    ("mangels fehlender Fördermittel nicht begonnen", ["CauseMoney"]),
    ("Die Finanzierung ist noch nicht gesichert.", ["CauseMoney"]),
    ("Förderantrag wurde abgelehnt, Maßnahme ruht", ["CauseMoney"]),
    ("Abhängig von der Entscheidung des Landes", ["CauseOthers"]),
    ("Die Genehmigung durch das Regierungspräsidium steht noch aus.", ["CauseOthers"]),
    ("Wir warten auf die Rückmeldung der Deutschen Bahn.", ["CauseOthers"]),
    ("Lieferengpässe verzögern den Bau", ["CauseMarket"]),
    ("Ausschreibung ohne Ergebnis, keine Angebote eingegangen", ["CauseMarket"]),
    ("wegen gestiegener Baukosten verschoben", ["CauseMarket"]),
    ("Läuft.", []),
    ("Mittel i.H. v. 8.000 Euro bewilligt", []),
])
def test_causes(text: str, causes: list[str]) -> None:
    assert classify_status(text).causes == causes


def test_cue_and_span_name_the_deciding_phrase() -> None:
    text = "Läuft. Corona-bedingt teilweise verzögert."
    s = classify_status(text)
    assert s.cue == "verzögert"
    assert s.cue_span is not None and text[s.cue_span[0]:s.cue_span[1]] == s.cue


def test_seit_cue_covers_its_date() -> None:
    text = "z.B. Projekt Digitale Lernbegleitung seit März 2021"
    s = classify_status(text)
    assert s.cue == "seit März 2021"


def test_event_dates() -> None:
    s = classify_status("Runder Tisch hat im Oktober 2020 stattgefunden, Weiterführung in 2021.")
    assert s.event_dates == [
        Interval(date(2020, 10, 1), date(2020, 10, 31), "Oktober 2020"),
        Interval(date(2021, 1, 1), date(2021, 12, 31), "2021"),
    ]


@pytest.mark.parametrize(("text", "asof", "category"), [
    ("Projektstart im Juli 2020", ASOF, "InProgress"),
    ("Projektstart im September 2021", ASOF, "Planned"),
    ("Projektstart im Juli 2020", None, "Planned"),
    ("Beginn 2022", ASOF, "Planned"),
    ("Start am 01.03.2021", ASOF, "InProgress"),
])
def test_start_date_relative_to_asof(text: str, asof: date | None, category: str) -> None:
    assert classify_status(text, asof).category == category


MS = ('Projekt "Muttersprachliche Schule Mössingen": Unterricht in mehreren Sprachen: '
      'Projektmittel der BaWü-Stiftung für 3 Jahre erhalten, Lehrkräfte werden derzeit '
      'geschult; Neuer Starttermin für Unterricht: Septemer 2021')
PROJEKTSTART = ("Projektstart im Juli 2020: Presseartikel, Videos, flächendeckendes Anschreiben "
                "von Eigentümern über den Grundsteuerbescheid und weitere Aktionen fanden und "
                "finden statt.")
WILLKOMMEN = ('Corona-bedingt auf Eis, aber Planung ist fortgeschritten. Umbenannt in '
              '"Willkommenstreff". Geplant sind 4 Termine im Jahr; Mehrsprachige Einladung per '
              'Anschreiben des OB bzw. bei der Anmeldung im Bürgerservice.')
BERATUNG = ("Neue Beratungsstelle für Zugewanderte durch Aufstockung der Stelle von Fr. Aydin "
            "(Stabsstelle Integration) seit Frühsommer 2020. Kooperation mit MBE (Caritas) und "
            "JMD (Diakonie), die im wöchentlichen Wechsel vor Ort in Mössingen sind.")

CORPUS_STATUS_CELLS = [
    ("Corona-bedingt verschoben.", "OnHold"),
    ("Läuft. Corona-bedingt teilweise verzögert.", "Delayed"),
    ("Hat in Bästehardt im November 2020 stattgefunden. Weitere Schulen offen", "Completed"),
    (MS, "Planned"),
    ("bisher keine Schritte.", "NotStarted"),
    ("z.B. Projekt Digitale Lernbegleitung seit März 2021", "InProgress"),
    ("Runder Tisch hat im Oktober 2020 stattgefunden, Weiterführung in 2021.", "Completed"),
    ("In Bearbeitung", "InProgress"),
    ("Kurse laufen", "InProgress"),
    (PROJEKTSTART, "InProgress"),
    ("Belegungs- bzw. Vorschlagsrechte als Instrument städtischer Wohnungspolitik eingeführt. "
     "Bezüglich der weiteren Punkte bisher keine Schritte.", "Completed"),
    ("Verwaltungsinterne AG Unterbringungsplanung soll nach Kick-Off im Februar 2021 Arbeit "
     "aufnehmen.", "Planned"),
    ("corona-bedingt entfallen.", "Cancelled"),
    ("Zwei weitere Treffen haben stattgefunden. Derzeit keine Aktivität.", "OnHold"),
    (WILLKOMMEN, "OnHold"),
    (BERATUNG, "InProgress"),
    ("AG (bestehend aus Integrationsbeauftragten, Integrationsmanagement, FK Asyl, move on) "
     "hat im Juni 2020 die Arbeit aufgenommen.", "InProgress"),
    ("Zwischenstand: als eigenes Mössinger Projekt nach Diskussionen verworfen, da ...",
     "Rejected"),
    ("", "Unknown"),
]


@pytest.mark.parametrize("asof", [ASOF, None])
@pytest.mark.parametrize(("text", "category"), CORPUS_STATUS_CELLS)
def test_corpus_status_cells(text: str, category: str, asof: date | None) -> None:
    s = classify_status(text, asof)
    assert isinstance(s, StatusAssessment)
    assert s.category == category
    if category != "Unknown":
        assert s.cue and s.cue_span and text[s.cue_span[0]:s.cue_span[1]] == s.cue


def test_corpus_details() -> None:
    ms = classify_status(MS, ASOF)
    assert [(i.start, i.end) for i in ms.event_dates] == [(date(2021, 9, 1), date(2021, 9, 30))]
    assert ms.cue == "Starttermin"
    assert classify_status("corona-bedingt entfallen.").causes == ["CausePandemic"]
    assert classify_status(WILLKOMMEN).causes == ["CausePandemic"]
    assert classify_status(WILLKOMMEN).cue == "auf Eis"
    assert classify_status(PROJEKTSTART, ASOF).cue == "Projektstart im Juli 2020"
    assert classify_status(PROJEKTSTART).cue == "finden statt"
    assert classify_status(BERATUNG).cue == "seit Frühsommer 2020"
    ag = classify_status("AG hat im Juni 2020 die Arbeit aufgenommen.")
    assert ag.cue == "hat im Juni 2020 die Arbeit aufgenommen"
    assert ag.event_dates == [Interval(date(2020, 6, 1), date(2020, 6, 30), "Juni 2020")]


def test_table_follows_the_contract_order() -> None:
    assert [c for c, _ in STATUS_CUES] == [
        "Cancelled", "Rejected", "OnHold", "Completed", "Delayed", "InProgress", "Planned",
        "NotStarted"]
    assert len(CATEGORIES) == 9 and CATEGORIES[-1] == "Unknown"


_WORDS = st.sampled_from([
    "läuft", "nicht", "noch", "keine", "bisher", "Schritte", "stattgefunden", "fanden", "und",
    "finden", "statt", "soll", "Arbeit", "aufnehmen", "seit", "März", "2021", "Projektstart",
    "im", "Juli", "2020", "verschoben", "Corona-bedingt", ".", ",", ";", "offen", "Kick-Off",
    "eingestellt", "Haushalt", "verzögert", "auf", "Eis", "hat", "wird", "teilweise",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(_WORDS, max_size=15).map(" ".join)),
       st.one_of(st.none(), st.dates()))
def test_classify_status_never_raises(text: str, asof: date | None) -> None:
    s = classify_status(text, asof)
    assert s.category in CATEGORIES
    assert (s.cue is None) == (s.category == "Unknown")
    if s.cue_span:
        assert text[s.cue_span[0]:s.cue_span[1]] == s.cue
    for i in s.event_dates:
        assert i.start is None or i.end is None or i.start <= i.end
