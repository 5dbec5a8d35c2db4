"""Dates, periods and vague timing: the contract's date table, variants, negatives."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.language.dates import (
    find_time_expressions,
    find_vague_timing,
    find_vague_timing_cues,
    month_number,
    timeframe_from_text,
)
from extractor.model import Interval, Timeframe

D = date.fromisoformat


def only(text: str, default_year: int | None = None):
    found = find_time_expressions(text, default_year)
    assert len(found) == 1, found
    return found[0]


# Every line of the contract's "Date normalisation" table, one case per expression.
CONTRACT_TABLE = [
    ("2020", "2020-01-01", "2020-12-31"),
    ("2020-2022", "2020-01-01", "2022-12-31"),
    ("2020 bis 2022", "2020-01-01", "2022-12-31"),
    ("2022/23", "2022-01-01", "2023-12-31"),
    ("2019/2020", "2019-01-01", "2020-12-31"),
    ("1. Halbjahr 2020", "2020-01-01", "2020-06-30"),
    ("2. Halbjahr 2020", "2020-07-01", "2020-12-31"),
    ("3. Quartal 2021", "2021-07-01", "2021-09-30"),
    ("Q3 2021", "2021-07-01", "2021-09-30"),
    ("März 2021", "2021-03-01", "2021-03-31"),
    ("im März 2021", "2021-03-01", "2021-03-31"),
    ("Anfang 2020", "2020-01-01", "2020-03-31"),
    ("Mitte 2020", "2020-05-01", "2020-08-31"),
    ("Ende 2020", "2020-10-01", "2020-12-31"),
    ("Frühjahr 2020", "2020-03-01", "2020-05-31"),
    ("Frühling 2020", "2020-03-01", "2020-05-31"),
    ("Sommer 2020", "2020-06-01", "2020-08-31"),
    ("Herbst 2020", "2020-09-01", "2020-11-30"),
    ("Frühsommer 2020", "2020-06-01", "2020-06-30"),
    ("Spätsommer 2020", "2020-08-01", "2020-08-31"),
    ("Frühherbst 2020", "2020-09-01", "2020-09-30"),
    ("Spätherbst 2020", "2020-11-01", "2020-11-30"),
    ("Winter 2019/2020", "2019-12-01", "2020-02-29"),
    ("Winter 2020", "2020-12-01", "2021-02-28"),
    ("Schuljahr 2020/21", "2020-08-01", "2021-07-31"),
    ("01.03.2021", "2021-03-01", "2021-03-01"),
    ("1. März 2021", "2021-03-01", "2021-03-01"),
]


@pytest.mark.parametrize(("text", "start", "end"), CONTRACT_TABLE)
def test_contract_date_table(text: str, start: str, end: str) -> None:
    e = only(text)
    assert (e.start, e.end) == (D(start), D(end))
    assert not e.open_start and not e.open_end
    assert text.endswith(e.text)


VARIANTS = [
    ("2020 – 2022", "2020-01-01", "2022-12-31"),
    ("von 2020 bis 2022", "2020-01-01", "2022-12-31"),
    ("zwischen 2020 und 2022", "2020-01-01", "2022-12-31"),
    ("2020-22", "2020-01-01", "2022-12-31"),
    ("2020/2021", "2020-01-01", "2021-12-31"),
    ("1./2. Halbjahr 2020", "2020-01-01", "2020-12-31"),
    ("erstes Halbjahr 2020", "2020-01-01", "2020-06-30"),
    ("im zweiten Halbjahr 2021", "2021-07-01", "2021-12-31"),
    ("1. HJ 2020", "2020-01-01", "2020-06-30"),
    ("2. Hj. 2020", "2020-07-01", "2020-12-31"),
    ("H2 2020", "2020-07-01", "2020-12-31"),
    ("III. Quartal 2021", "2021-07-01", "2021-09-30"),
    ("viertes Quartal 2021", "2021-10-01", "2021-12-31"),
    ("Q1/2024", "2024-01-01", "2024-03-31"),
    ("Jan. 2021", "2021-01-01", "2021-01-31"),
    ("Feb 2024", "2024-02-01", "2024-02-29"),
    ("Sept. 2021", "2021-09-01", "2021-09-30"),
    ("Jänner 2021", "2021-01-01", "2021-01-31"),
    ("Septemer 2021", "2021-09-01", "2021-09-30"),
    ("Novmber 2020", "2020-11-01", "2020-11-30"),
    ("märz 2021", "2021-03-01", "2021-03-31"),
    ("März/April 2021", "2021-03-01", "2021-04-30"),
    ("März bis Mai 2021", "2021-03-01", "2021-05-31"),
    ("Dezember/Januar 2021", "2020-12-01", "2021-01-31"),
    ("03/2021", "2021-03-01", "2021-03-31"),
    ("Anfang März 2021", "2021-03-01", "2021-03-10"),
    ("Mitte März 2021", "2021-03-11", "2021-03-20"),
    ("Ende März 2021", "2021-03-21", "2021-03-31"),
    ("Ende Februar 2020", "2020-02-21", "2020-02-29"),
    ("Ende Februar 2021", "2021-02-21", "2021-02-28"),
    ("Mitte/Ende 2020", "2020-05-01", "2020-12-31"),
    ("Ende des Jahres 2020", "2020-10-01", "2020-12-31"),
    ("Jahresende 2020", "2020-10-01", "2020-12-31"),
    ("frühes Frühjahr 2021", "2021-03-01", "2021-03-31"),
    ("spätes Frühjahr 2021", "2021-05-01", "2021-05-31"),
    ("Frühwinter 2020", "2020-12-01", "2020-12-31"),
    ("Spätwinter 2023", "2024-02-01", "2024-02-29"),
    ("Winter 2019/20", "2019-12-01", "2020-02-29"),
    ("Winter 2023", "2023-12-01", "2024-02-29"),
    ("SJ 2020/21", "2020-08-01", "2021-07-31"),
    ("Schuljahr 2020/2021", "2020-08-01", "2021-07-31"),
    ("1.3.2021", "2021-03-01", "2021-03-01"),
    ("01.03.21", "2021-03-01", "2021-03-01"),
    ("29.02.2020", "2020-02-29", "2020-02-29"),
    ("2021-03-01", "2021-03-01", "2021-03-01"),
    ("Start 2020", "2020-01-01", "2020-12-31"),
    ("März 2020 - Juni 2021", "2020-03-01", "2021-06-30"),
    ("vom 01.03.2021 bis 31.05.2021", "2021-03-01", "2021-05-31"),
]


@pytest.mark.parametrize(("text", "start", "end"), VARIANTS)
def test_variants(text: str, start: str, end: str) -> None:
    e = only(text)
    assert (e.start, e.end) == (D(start), D(end))


def test_span_points_at_the_expression() -> None:
    text = "Fachtag im März 2021 geplant"
    e = only(text)
    assert e.span == (11, 20)
    assert text[e.span[0]:e.span[1]] == e.text == "März 2021"


@pytest.mark.parametrize(("text", "start", "end", "open_start", "open_end", "span_text"), [
    ("seit März 2021", "2021-03-01", None, False, True, "seit März 2021"),
    ("ab 2022", "2022-01-01", None, False, True, "ab 2022"),
    ("ab dem 01.03.2021", "2021-03-01", None, False, True, "ab dem 01.03.2021"),
    ("seit Frühsommer 2020", "2020-06-01", None, False, True, "seit Frühsommer 2020"),
    ("bis Ende 2021", None, "2021-12-31", True, False, "bis Ende 2021"),
    ("bis 2022", None, "2022-12-31", True, False, "bis 2022"),
    ("spätestens 2023", None, "2023-12-31", True, False, "spätestens 2023"),
    ("bis spätestens Ende 2021", None, "2021-12-31", True, False, "bis spätestens Ende 2021"),
    ("bis zum 3. Quartal 2021", None, "2021-09-30", True, False, "bis zum 3. Quartal 2021"),
])
def test_open_sides(text, start, end, open_start, open_end, span_text) -> None:
    e = only(f"Umsetzung {text}.")
    assert e.start == (D(start) if start else None)
    assert e.end == (D(end) if end else None)
    assert (e.open_start, e.open_end) == (open_start, open_end)
    assert e.text == span_text


def test_two_years_joined_by_ampersand_stay_two() -> None:
    found = find_time_expressions("weitere Mittel zur Fortführung in 2021 & 2022")
    assert [(e.start, e.end) for e in found] == [
        (D("2021-01-01"), D("2021-12-31")), (D("2022-01-01"), D("2022-12-31"))]


def test_year_inside_a_larger_expression_is_not_matched_again() -> None:
    found = find_time_expressions("Fachtag 2. Halbjahr 2020 Evaluationstreffen Winter 2019/2020")
    assert [e.text for e in found] == ["2. Halbjahr 2020", "Winter 2019/2020"]


@pytest.mark.parametrize("text", [
    "ab sofort", "1-2 Mal jährlich", "zwischen 9 und 15 Personen", "Sachgebiet 3-4",
    "Sachgebiet 2-1", "FB 3", "8.000 Euro", "2000 Euro", "1500 €", "Raum 2020er Jahre",
    "Telefon 07473 370", "72116 Mössingen", "3. Sitzung", "im März", "Sommerfest",
    "Mai", "Jan Müller", "Abhängig von (zusätzlichen) Ressourcen", "Mittel i.H. v. 8.000 Euro",
    "ca. 1.2 Stellen", "Quartal", "1. Halbjahr", "Ostern ist", "Haushalt", "Juno 2020x",
])
def test_negatives(text: str) -> None:
    assert find_time_expressions(text) == []


@pytest.mark.parametrize("word", ["Haushalt", "Ostern", "Semester", "Summer", "Jahres",
                                  "Mittel", "Juno", "Julian", "Status", "Stand"])
def test_ordinary_words_are_not_months(word: str) -> None:
    assert month_number(word) is None
    found = find_time_expressions(f"{word} 2020")
    assert [(e.start, e.end) for e in found] == [(D("2020-01-01"), D("2020-12-31"))]


def test_default_year_dates_month_season_half_and_quarter() -> None:
    found = find_time_expressions("im März, im Herbst, im 2. Halbjahr und im 4. Quartal", 2021)
    assert [(e.text, e.start, e.end) for e in found] == [
        ("März", D("2021-03-01"), D("2021-03-31")),
        ("Herbst", D("2021-09-01"), D("2021-11-30")),
        ("2. Halbjahr", D("2021-07-01"), D("2021-12-31")),
        ("4. Quartal", D("2021-10-01"), D("2021-12-31")),
    ]


def test_intervals_convert_to_model() -> None:
    e = only("Herbst 2020")
    assert e.to_interval() == Interval(D("2020-09-01"), D("2020-11-30"), "Herbst 2020")


# --- vague timing ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "timing"), [
    ("kurzfristig", ["ShortTerm"]), ("zeitnah", ["ShortTerm"]), ("ab sofort", ["ShortTerm"]),
    ("möglichst zeitnah", ["ShortTerm"]), ("sofort", ["ShortTerm"]),
    ("kurzfristige Maßnahme", ["ShortTerm"]),
    ("mittelfristig", ["MediumTerm"]), ("zur mittelfristigen Umsetzung", ["MediumTerm"]),
    ("langfristig", ["LongTerm"]), ("langfristige Etablierung", ["LongTerm"]),
    ("Mittel- und Langfristig: Weitere Nachverdichtung", ["MediumTerm", "LongTerm"]),
    ("kurz- bis mittelfristig", ["ShortTerm", "MediumTerm"]),
    ("fortlaufend", ["Ongoing"]), ("Dauerhaft", ["Ongoing"]), ("laufend", ["Ongoing"]),
    ("regelmäßig", ["Ongoing"]), ("eines regelmäßigen Austauschs", ["Ongoing"]),
    ("jährlich", ["Ongoing"]), ("monatlich", ["Ongoing"]), ("wöchentlich", ["Ongoing"]),
    ("1-2 Mal jährlich", ["Ongoing"]), ("halbjährlich", ["Ongoing"]),
    ("Mittel i.H. v. 8.000 Euro", []), ("Mittelfeld", []), ("Langfassung", []),
    ("Kurzfassung", []), ("Erarbeitung läuft", []),
])
def test_vague_timing(text: str, timing: list[str]) -> None:
    assert find_vague_timing(text) == timing


def test_vague_cue_spans() -> None:
    text = "Start ab sofort, Mittel- und Langfristig weiter"
    cues = find_vague_timing_cues(text)
    assert [(c.text, c.timing) for c in cues] == [
        ("ab sofort", ("ShortTerm",)), ("Mittel- und Langfristig", ("MediumTerm", "LongTerm"))]
    for c in cues:
        assert text[c.span[0]:c.span[1]] == c.text


# --- corpus time cells ----------------------------------------------------------------

CORPUS_TIME_CELLS = [
    ("Fachtag 2. Halbjahr 2020 Evaluationstreffen 2. Halbjahr 2021 Ggf. weitere in "
     "Folgejahren", "2020-07-01", "2021-12-31", []),
    ("Mehrstufige Fortbildung 2020-2022 Mittel i.H. v. 8.000 Euro im Haushalt 2020 "
     "eingestellt weitere, geringere Mittel zur Fortführung in 2021 & 2022",
     "2020-01-01", "2022-12-31", []),
    ("Schuljahr 2020/21 an weiteren Schulen anregen", "2020-08-01", "2021-07-31", []),
    ("Idee zur mittelfristigen Umsetzung", None, None, ["MediumTerm"]),
    ("Fortlaufend", None, None, ["Ongoing"]),
    ("Dauerhaft 1-2 Mal jährlich", None, None, ["Ongoing"]),
    ("Start ab sofort, Evaluation nach ca. einem Jahr Nutzung bestehender "
     "Personalressourcen", None, None, ["ShortTerm"]),
    ("Erfahrungsaustausch: Anfang 2020  → danach weitere Unterbringungsplanung durch "
     "Sachgebiet 3-4 unter Beteiligung von Sachgebiet 2-1, Sachgebiet 3-1 und "
     "Integrationsbeauftragtem", "2020-01-01", "2020-03-31", []),
    ("Frühsommer 2020 Ggf. Fortführung in den Folgejahren", "2020-06-01", "2020-06-30", []),
    ("Erstes Treffen Winter 2019/2020 Ggf. Etablierung eines regelmäßigen Austauschs",
     "2019-12-01", "2020-02-29", ["Ongoing"]),
    ("Zeitnah: Konzept und Planung, Suche nach weiteren Engagierten Start 2020 "
     "(Testphase, bei Erfolg langfristige Etablierung)", "2020-01-01", "2020-12-31",
     ["ShortTerm", "LongTerm"]),
    ("Erarbeitung läuft, Beratung ist über Landesmittel kostenfrei  In der Folge ggf. "
     "Umsetzung von Ideen 2020/2021", "2020-01-01", "2021-12-31", []),
    ("Abhängig von (zusätzlichen) Ressourcen", None, None, ["Unspecified"]),
    ("FB 3 aktualisiert Liste verfügbarer Grundstücke (2020) → Fertigstellung 2022/23  "
     "Mittel- und Langfristig: Weitere Nachverdichtung", "2020-01-01", "2023-12-31",
     ["MediumTerm", "LongTerm"]),
]


@pytest.mark.parametrize(("text", "start", "end", "timing"), CORPUS_TIME_CELLS)
def test_corpus_time_cells(text: str, start: str | None, end: str | None,
                           timing: list[str]) -> None:
    tf = timeframe_from_text(text)
    assert isinstance(tf, Timeframe)
    assert tf.label == text
    assert tf.start == (D(start) if start else None)
    assert tf.end == (D(end) if end else None)
    assert tf.timing == timing
    assert all(isinstance(i, Interval) for i in tf.intervals)


def test_timeframe_keeps_each_interval() -> None:
    tf = timeframe_from_text("Fachtag 2. Halbjahr 2020 Evaluationstreffen 2. Halbjahr 2021")
    assert [(i.start, i.end, i.text) for i in tf.intervals] == [
        (D("2020-07-01"), D("2020-12-31"), "2. Halbjahr 2020"),
        (D("2021-07-01"), D("2021-12-31"), "2. Halbjahr 2021"),
    ]


def test_timeframe_with_open_end_has_no_end() -> None:
    tf = timeframe_from_text("seit März 2021")
    assert (tf.start, tf.end) == (D("2021-03-01"), None)


def test_contradicting_open_sides_give_the_hull() -> None:
    tf = timeframe_from_text("bis 2020, seit 2022")
    assert (tf.start, tf.end) == (D("2020-12-31"), D("2022-01-01"))


def test_empty_timeframe_has_no_timing() -> None:
    tf = timeframe_from_text("")
    assert tf.empty and tf.timing == []


# --- properties -----------------------------------------------------------------------

_PIECES = st.sampled_from([
    "2020", "2019/20", "/", "-", "–", "bis", "seit", "ab", "Ende", "Mitte", "Anfang", "März",
    "Septemer", "Winter", "Frühsommer", "Schuljahr", "1.", "2.", "Halbjahr", "Quartal", "Q4",
    "29.02.2021", "31.04.2020", "00.00.00", "99", "2099", "1900", " ", "  ", ".", "&", "und",
    "zwischen", "von", "spätestens", "Dezember/Januar", "H1", "III.", "Jan.", "€",
])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=12).map(" ".join),
                 st.lists(_PIECES, max_size=12).map("".join)),
       st.one_of(st.none(), st.integers(1900, 2099)))
def test_find_time_expressions_never_raises(text: str, default_year: int | None) -> None:
    for e in find_time_expressions(text, default_year):
        assert e.start is None or e.end is None or e.start <= e.end
        assert e.start is not None or e.end is not None
        assert text[e.span[0]:e.span[1]] == e.text
    tf = timeframe_from_text(text, default_year)
    assert tf.start is None or tf.end is None or tf.start <= tf.end
