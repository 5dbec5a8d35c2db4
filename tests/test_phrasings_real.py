"""Status, date and money phrasings found in published reports, beyond the contract tables."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.language.budgets import find_budgets
from extractor.language.dates import find_duration, timeframe_from_text
from extractor.language.status import classify_status, continued_in
from extractor.language.status_vocabulary import colour_name, legend_from, term_of

D = date.fromisoformat
ASOF = date(2023, 12, 31)


@pytest.mark.parametrize(("text", "category"), [
    # fixed vocabulary of a status column
    ("gestartet", "InProgress"), ("fortgeschritten", "InProgress"),
    ("abgeschlossen", "Completed"), ("als Daueraufgabe etabliert", "Completed"),
    ("Als Daueraufgabe etabliert", "Completed"), ("in Planung", "Planned"),
    ("Vorgesehen", "Planned"), ("in Bau", "InProgress"), ("noch nicht geplant", "NotStarted"),
    ("Projektabhängig", "Unknown"), ("Kein neuer Sachstand", "Unknown"),
    # traffic lights, by name or colour code
    ("grün", "Completed"), ("gelb", "InProgress"), ("rot", "NotStarted"),
    ("#01873B", "Completed"), ("#AE1B1B", "NotStarted"), ("orange", "InProgress"),
    # cues in prose
    ("Der Termin ist terminiert.", "Planned"), ("Die Ausschreibung ist in Vorbereitung.",
                                               "Planned"),
    ("Das Projekt wurde eingestellt.", "Cancelled"), ("Die Arbeiten ruhen derzeit.", "OnHold"),
    ("Konzeption abgeschlossen, Umsetzung folgt 2024", "InProgress"),
    ("1. Bauabschnitt fertiggestellt", "InProgress"),
    ("Die Planung ist abgeschlossen, der Bau beginnt im Frühjahr.", "InProgress"),
    ("Die Anlage wurde 2022 in Betrieb genommen.", "Completed"),
    # went into another measure: linked (pk:continuedIn), no state of its own
    ("Die Maßnahme ist in Maßnahme 1.2 aufgegangen.", "Unknown"),
    ("übergeleitet in Maßnahme 3.2", "Unknown"),
    ("Wegen wegfallender personeller Kapazitäten musste das Projekt vorzeitig beendet werden.",
     "Cancelled"),
    ("Aktionsplan City 2020-2026 wird weiterverfolgt", "InProgress"),
    ("Endet voraussichtlich Ende 2024", "InProgress"),
    ("In den Jahren 2014 – 2016 sind jährlich zwei Bauvorhaben umgesetzt worden.",
     "InProgress"),
    ("[Daueraufgabe]", "InProgress"),
    ("Die Stelle ist personell auf 4 Personen aufgestockt worden.", "Completed"),
    ("Das Projekt ist bislang noch nicht in Angriff genommen worden. Es sollte im Rahmen "
     "der Allianz aufgenommen werden.", "NotStarted"),
    ("Die Maßnahme soll 2025 umgesetzt werden.", "Planned"),
])
def test_status_phrasings(text: str, category: str) -> None:
    assert classify_status(text, ASOF).category == category


@pytest.mark.parametrize(("text", "asof", "category"), [
    # building sites: a permit is a plan, the first spade a start, "fast fertig" not done
    ("Erweiterung durch Umnutzung vorhandener Räume. Baugenehmigung ist erteilt.",
     "2011-10-31", "Planned"),
    ("Sanierung und Anbau für Erweiterung. Baugenehmigung liegt vor.", "2011-10-31",
     "Planned"),
    ("Spatenstich ist erfolgt.", "2011-10-31", "InProgress"),
    ("Raumergänzung durch Umbau des Eigentümers (GebaKa) fast fertig gestellt.",
     "2011-10-31", "InProgress"),
    ("Erweiterung durch Umbau zusätzlicher Räume bis Jahresende fertig gestellt.",
     "2011-10-31", "InProgress"),
    ("Raumergänzung und Erweiterung in der Umsetzungsphase.", "2011-10-31", "InProgress"),
    ("6-gruppige Einrichtung, Eigentum der Stadt, ist im Endausbau.", "2011-10-31",
     "InProgress"),
    ("Raumergänzung und Erweiterung durch Umbau des Eigentümers ist erfolgt.", "2012-04-30",
     "Completed"),
    ("Restliche 5 Krippenplätze können belegt werden, Fachkräftestellen sind nun besetzt.",
     "2012-08-31", "Completed"),
    ("Weitere Gruppen mit Belegplätzen für verschiedene Firmen gehen in Betrieb.",
     "2011-10-31", "Planned"),
    ("Träger wird eingruppige Einrichtung ersatzlos aufgeben.", "2011-10-31", "Planned"),
    ("Die Erweiterung um eine Kleingruppe in bestehenden Räumen ist möglich.", "2011-10-31",
     "Planned"),
    ("Die Anlage ist in Betrieb.", "2011-10-31", "InProgress"),
    # future and present passive
    ("Im Rahmen des Förderprogrammes wird ab Oktober 2018 ein Modellprojekt zur Beratung "
     "von privaten Vermietern gestartet.", "2018-06-30", "Planned"),
    ("Das Projekt wird von einem Lenkungskreis gesteuert.", "2009-12-31", "InProgress"),
    ("Mai 2008: Das Land beabsichtigt, ab 2009 schrittweise Sanierungsmaßnahmen "
     "durchzuführen.", "2008-12-31", "Planned"),
    # a phase or an opening event done, a first of a series, a next step ahead
    ("Machbarkeitsstudie (Lab.KA) ist erstellt und wird zur Zeit vorgestellt.", "2008-02-29",
     "InProgress"),
    ("Die Machbarkeitsstudie (Lab.KA) wurde dem Gemeinderat vorgestellt.", "2009-12-31",
     "InProgress"),
    ("Im Mai fand das erste KinderCircusFestival im Ostauepark statt.", "2009-12-31",
     "InProgress"),
    ("1. Kongress hat in 2007 stattgefunden. Antrag für Kongress 2009 gestellt, "
     "Entscheidung April 2008.", "2008-02-29", "InProgress"),
    ("Die Auftaktveranstaltung hat stattgefunden.", "2021-03-01", "InProgress"),
    ("Der Kongress hat in 2007 stattgefunden.", "2008-02-29", "Completed"),
    # could not take place this time: behind plan; never could: not started
    ("Auch im Jahr 2017 konnte auf Grund des Personalausfalls keine Auszeichnung "
     "stattfinden. In 2018 ist eine Auszeichnung geplant.", "2018-12-31", "Delayed"),
    ("Ein Bürger-Fonds konnte bislang nicht umgesetzt werden.", "2018-12-31", "NotStarted"),
    ("Im Jahr 2017 konnten auf Grund des Personalausfalls (vgl. Ü1) keine Vor-Ort-Termine "
     "stattfinden. In 2018 sollen wieder zwei Bauvorhaben begleitet werden.", "2018-12-31",
     "Delayed"),
    ("Erweiterung der Kindertageseinrichtung (Anbau). Planungsabstimmung läuft.",
     "2011-10-31", "InProgress"),
    ("Das Projekt kann deshalb als abgeschlossen betrachtet werden.", "2023-03-31",
     "Completed"),
    # judged not worth it; not foreseen for years
    ("Die Bearbeitung des Leitfadens ist aus fachlicher Sicht nach wie vor nicht sinnvoll.",
     "2018-12-31", "Rejected"),
    ("Aufgrund der Haushaltslage ist der Wiederaufbau der Kuppel in den nächsten Jahren "
     "nicht vorgesehen.", "2009-12-31", "OnHold"),
    # no cue: work dated in the report's year runs, only later dates plan
    ("Wiederaufnahme der Gespräche in 2007. In 2008 Erarbeitung eines Zeitplans.",
     "2008-02-29", "InProgress"),
    ("Im März wurde der Internetauftritt freigeschaltet.", "2009-12-31", "InProgress"),
    ("Vereinbarung zwischen Kulturamt und Stadtjugendausschuss. Auftaktveranstaltung: "
     "Festival vom 13. bis 17. Mai 2008 im Ostauepark.", "2008-02-29", "Planned"),
    ("Teil der Machbarkeitsstudie zum Leitprojekt des Karlsruhe Masterplan 2015.",
     "2009-12-31", "Unknown"),
    ("Gespräche mit der Eremitage in 2005.", "2008-02-29", "Unknown"),
])
def test_status_phrasings_with_the_report_date(text: str, asof: str, category: str) -> None:
    assert classify_status(text, D(asof)).category == category


def test_fixed_term_decides_and_notes_add_causes_and_dates() -> None:
    s = classify_status("gestartet", ASOF,
                        notes=("Verzögert wegen Haushaltssperre; Baubeginn im März 2023",))
    assert s.category == "InProgress" and s.cue == "gestartet" and s.cue_span == (0, 9)
    assert s.causes == ["CauseMoney"]
    assert [(i.start, i.end) for i in s.event_dates] == [(D("2023-03-01"), D("2023-03-31"))]


def test_notes_decide_when_the_status_cell_says_nothing() -> None:
    s = classify_status("", ASOF, notes=("Verschoben auf 2025",))
    assert s.category == "OnHold" and s.cue_span is None


def test_document_legend_overrides_the_default_reading() -> None:
    legend = legend_from(["Ampel: grün = läuft planmäßig; gelb = verzögert; rot = gestoppt"])
    assert legend == {"grün": "InProgress", "gelb": "Delayed"}
    assert term_of("grün", legend) == ("InProgress", "grün")
    assert classify_status("Gelb", legend=legend).category == "Delayed"
    assert colour_name("#FFC000") == "gelb" and colour_name("#FFFFFF") == "weiß"


def test_continuation_references() -> None:
    assert continued_in("aufgegangen in Maßnahme A1.2; übergeleitet in Maßnahme 3") == [
        "A1.2", "3"]
    assert continued_in("Die Maßnahme wurde in GE-8 übergeleitet.") == ["GE-8"]
    assert continued_in("übergeleitet in die Maßnahme Ü-2") == ["Ü-2"]
    assert continued_in("läuft") == []
    assert continued_in("wird im Sommer fortgeführt") == []


@pytest.mark.parametrize(("text", "start", "end", "timing"), [
    ("vom 01. April bis 31. Juli 2015", "2015-04-01", "2015-07-31", []),
    ("04/2015 - 08/2016", "2015-04-01", "2016-08-31", []),
    ("Frühjahr 2015 bis November 2015", "2015-03-01", "2015-11-30", []),
    ("2023/2024 ff.", "2023-01-01", None, []),
    ("KW 12/2023", "2023-03-20", "2023-03-26", []),
    ("bis Mitte 2023", None, "2023-08-31", []),
    ("Beginn: 06.2019Ende: ---", "2019-06-01", None, []),
    ("Beginn: 03.2019Ende:03.2021 (Stellen sind befristet)", "2019-03-01", "2021-03-31", []),
    ("Beginn: 2018Ende: ---[Daueraufgabe]", "2018-01-01", None, ["Ongoing"]),
    ("2011 und wiederkehrend", "2011-01-01", None, ["Ongoing"]),
    ("Baubeginn: 2021, Bauende: 2023", "2021-01-01", "2023-12-31", []),
    ("20092010", "2009-01-01", "2010-12-31", []),
    ("März bis Mai 2021", "2021-03-01", "2021-05-31", []),
    # a finishing word names the end only; "nach" starts the day after
    ("im Bau Fertigstellung 2017", None, "2017-12-31", []),
    ("Strecke im Bau Fertigstellung vorr. 2017", None, "2017-12-31", []),
    ("Fertigstellung bis 2020", None, "2020-12-31", []),
    ("Abschluss voraussichtlich Ende 2024", None, "2024-12-31", []),
    ("nach 2020", "2021-01-01", None, []),
    ("KinderCircusFestival vom 13. bis 17. Mai 2008", "2008-05-13", "2008-05-17", []),
    # plans translated into English
    ("The measure can be started immediately.", None, None, ["ShortTerm"]),
    ("Further activities should be initiated promptly.", None, None, ["ShortTerm"]),
    ("Implementation by 2030 is ambitious, but possible.", None, "2030-12-31", []),
    ("It will be completed by the end of 2023 at the latest.", None, "2023-12-31", []),
    ("The full exploitation will probably not be completed by 2030.", None, None,
     ["Unspecified"]),
    ("Smart grids are unlikely to be completed by 2030.", None, None, ["Unspecified"]),
    ("It is expected to extend beyond 2030.", None, None, ["Unspecified"]),
    ("Heat has been generated for 50 years (City of Mannheim, 2010). By 2023, it is planned "
     "to run self-sufficiently.", None, "2023-12-31", []),
    ("nach März 2021", "2021-04-01", None, []),
])
def test_date_phrasings(text: str, start: str | None, end: str | None, timing: list) -> None:
    tf = timeframe_from_text(text)
    assert (tf.start, tf.end) == (D(start) if start else None, D(end) if end else None)
    assert tf.timing == timing
    assert tf.label == text


@pytest.mark.parametrize(("text", "duration"), [
    ("ca. 1,5 Jahre ab Beauftragung", "P1Y6M"), ("Evaluation nach ca. einem Jahr", "P1Y"),
    ("3 Monate", "P3M"), ("zwei Wochen", "P14D"), ("2020-2022", None),
])
def test_relative_durations_keep_their_text(text: str, duration: str | None) -> None:
    tf = timeframe_from_text(text)
    assert find_duration(text) == duration == tf.duration
    assert tf.label == text
    if duration:
        assert tf.start is None and tf.end is None


@pytest.mark.parametrize(("text", "bare", "context", "expected"), [
    ("1.091.670", True, "", [(1091670.0, None, False)]),
    ("17,6 Mio. €", False, "", [(17600000.0, None, False)]),
    ("ca. 3.000 Euro jährlich", False, "", [(3000.0, None, True)]),
    ("2.000 € pro Jahr", False, "", [(2000.0, None, True)]),
    ("Mittel i.H. v. 8.000 Euro im Haushalt 2020", False, "", [(8000.0, 2020, False)]),
    ("50.000 bis 100.000 (Personalkosten)", True, "", [(50000.0, None, False),
                                                       (100000.0, None, False)]),
    ("10.000 einmalig; 5.000 alle 5 bis 7 Jahre", True, "", [(10000.0, None, False),
                                                            (5000.0, None, False)]),
    ("MIP neu, Summe 2022: 5.725 (Euro in 1.000)", True, "", [(5725000.0, 2022, False)]),
    ("Gesamtkosten in Höhe von 259.030 Tsd. Euro", True, "", [(259030000.0, None, False)]),
    ("Haushaltsansatz 2021: 40.000 €; 2022: 45.000 €", True, "",
     [(40000.0, 2021, False), (45000.0, 2022, False)]),
    ("500 T€ und 1,2 Mio. €", False, "", [(500000.0, None, False), (1200000.0, None, False)]),
    ("120", True, "Kosten pro Jahr (T€)", [(120000.0, None, True)]),
    ("75.000 €", True, "Ansatz 2024", [(75000.0, 2024, False)]),
    ("- €", True, "", [(0.0, None, False)]),
    ("noch nicht bezifferbar", True, "", []),
    ("2 Stellen, 30 Teilnehmer, 250 m²", True, "", []),
    ("2020-2022", False, "", []),
    ("Maßnahmen-Nr. 1162.7610 Summe 2022: 50 Tsd. Euro", True, "", [(50000.0, 2022, False)]),
    ("Vorlage V 01162: 30.000 €", True, "", [(30000.0, None, False)]),
])
def test_money_phrasings(text: str, bare: bool, context: str, expected: list) -> None:
    got = [(b.value, b.year, b.per_year) for b in find_budgets(text, bare=bare, context=context)]
    assert got == expected
