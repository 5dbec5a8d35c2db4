"""Plans in prose whose measures are bullets under "Mögliche Maßnahmen": a real excerpt
(tests/data/textlayer/SOURCES.md) and a text written here in the same shape."""

from __future__ import annotations

from pathlib import Path

from extractor import Extractor

from .text_files import copier, table_rows, write_text

DATA = Path(__file__).parent / "data" / "textlayer"
_copy = copier(DATA)


def _rows(path: Path) -> list[dict[str, str]]:
    return table_rows(path, "bullet lists")



def test_real_integrationsplan_section_gives_its_measure_bullets_only(tmp_path):
    rows = _rows(_copy(tmp_path, "karlsruhe-integrationsplan-4.1.txt"))
    assert len(rows) == 30  # 13 + 17; the Indikatoren bullets above them are not measures
    assert rows[0]["Maßnahme"].startswith("In das Konzept der Sprachförderung")
    assert "ausgeführt und fest im Kindergartenalltag" in rows[0]["Maßnahme"]  # "ausge-/führt"
    assert rows[1]["Maßnahme"] == (
        "Sprachliche Förderung, indem Kinder spielerisch zum Sprechen gebracht werden")
    assert rows[12]["Maßnahme"].startswith("Netzwerkarbeit (Kita, Kinderärzte")
    assert rows[-1]["Maßnahme"] == "Netzwerk Migration gründen- regelmäßige Netzwerktreffen"
    assert [r["Handlungsfeld"] for r in rows] == (
        ["Vorschulische Bildung"] * 13 + ["Schulische Bildung"] * 17)
    assert rows[0]["Ziel"].startswith("Effektive Sprachförderung bereits")
    assert not any("Staatliches Schulamt" in r["Maßnahme"] or "Migrationsbeirat" in r["Maßnahme"]
                   for r in rows)


def test_written_plan_of_the_same_shape(tmp_path):
    text = "\n".join([
        "Aktionsplan Inklusion der Gemeinde", "", "3.1 Bauen und Wohnen", "Ausgangslage",
        "Viele öffentliche Gebäude sind nicht barrierefrei.", "Ziel",
        "Alle Gebäude der Gemeinde sind bis 2030 barrierefrei zugänglich.", "Indikatoren",
        "- Zahl der barrierefreien Gebäude", "Mögliche Maßnahmen",
        "- Rampe am Rathaus", "- Aufzug in der Stadt-", "bibliothek",
        "- Leitsystem für blinde Menschen im Bürgerbüro", "Strukturen und Netzwerke",
        "Bauamt, Behindertenbeirat", "", "12", "3.2 Kultur und Freizeit", "Ziel",
        "Teilhabe an Festen.", "Maßnahmen:", "• Gebärdensprache beim Stadtfest",
        "• Führungen in Leichter Sprache", "Berichterstattung, Controlling", "Gemeinderat"])
    path = write_text(tmp_path, "aktionsplan.txt", text)
    rows = _rows(path)
    assert [(r["Handlungsfeld"], r["Maßnahme"]) for r in rows] == [
        ("Bauen und Wohnen", "Rampe am Rathaus"),
        ("Bauen und Wohnen", "Aufzug in der Stadtbibliothek"),
        ("Bauen und Wohnen", "Leitsystem für blinde Menschen im Bürgerbüro"),
        ("Kultur und Freizeit", "Gebärdensprache beim Stadtfest"),
        ("Kultur und Freizeit", "Führungen in Leichter Sprache")]
    assert rows[3]["Ziel"] == "Teilhabe an Festen."
    record = Extractor().extract(path)
    assert [m.title for m in record.measures][:2] == ["Rampe am Rathaus",
                                                     "Aufzug in der Stadtbibliothek"]
    assert record.measures[0].area == "Bauen und Wohnen"


def test_one_list_of_bullets_is_not_a_plan(tmp_path):
    text = "\n".join(["Protokoll", "Maßnahmen", "- Tür streichen", "- Fenster putzen", "",
                      "Die Sitzung endete um 18 Uhr."])
    from extractor.read.bulletlists import bullet_table
    from extractor.read.limits import ReadLimits
    path = write_text(tmp_path, "protokoll.txt", text)
    assert bullet_table(path, text, ReadLimits()) is None
