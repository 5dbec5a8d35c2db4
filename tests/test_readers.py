"""Readers: the same plan in every format yields the same cells; hostile files are refused.

Fixture documents are built at test time with the real libraries (tests/fixtures_docs.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from extractor.model import PlanReadError, SourceRef
from extractor.read import read_table, supported_suffixes
from extractor.read.cells import normalise_space
from extractor.read.limits import ReadLimits
from extractor.read.tables import RawGrid, choose_plan_table
from extractor.read.xlsx import format_value
from tests import fixtures_docs as docs
from tests.conftest import within

BUILDERS = {
    "html": docs.build_html,
    "docx": docs.build_docx,
    "xlsx": docs.build_xlsx,
    "pdf": docs.build_pdf,
    "csv": docs.build_csv,
    "ods": docs.build_ods,
    "odt": docs.build_odt,
}
WITH_PREAMBLE = ["html", "docx", "xlsx", "pdf", "ods", "odt"]
WITH_BOLD = ["html", "docx", "xlsx", "csv", "ods", "odt"]

# Where the header cell "Bereich" and the covered goal cell of the second plan row stand.
EXPECTED_REFS = {
    "html": (SourceRef("plan.html", 1, 0), SourceRef("plan.html", 3, 1)),
    "docx": (SourceRef("plan.docx", 1, 0), SourceRef("plan.docx", 3, 1)),
    "xlsx": (
        SourceRef("plan.xlsx", 4, 1, sheet="Maßnahmen"),
        SourceRef("plan.xlsx", 6, 2, sheet="Maßnahmen"),
    ),
    "pdf": (SourceRef("plan.pdf", 1, 0, page=1), SourceRef("plan.pdf", 3, 1, page=1)),
    "csv": (SourceRef("plan.csv", 1, 0), SourceRef("plan.csv", 4, 1)),
    "ods": (
        SourceRef("plan.ods", 4, 0, sheet="Maßnahmen"),
        SourceRef("plan.ods", 6, 1, sheet="Maßnahmen"),
    ),
    "odt": (SourceRef("plan.odt", 1, 0), SourceRef("plan.odt", 3, 1)),
}


def texts(table) -> list[list[str]]:
    return [
        [normalise_space(c.text) for c in row] for row in table.rows if any(c.text for c in row)
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("plans")
    return {kind: build(directory) for kind, build in BUILDERS.items()}


def test_every_format_is_registered():
    for suffix in (".html", ".htm", ".docx", ".xlsx", ".pdf", ".ods", ".odt", ".csv"):
        assert suffix in supported_suffixes()


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_format_yields_the_same_plan(built, kind):
    table = read_table(built[kind])
    rows = texts(table)
    assert rows[0] == docs.HEADER
    for expected, got in zip(docs.EXPECTED, rows, strict=True):
        assert got == expected
    assert table.file == built[kind].name


@pytest.mark.parametrize("kind", BUILDERS)
def test_source_refs_point_at_the_cell(built, kind):
    table = read_table(built[kind])
    header, covered_goal = EXPECTED_REFS[kind]
    filled = [row for row in table.rows if any(c.text for c in row)]
    assert filled[0][0].text == "Bereich" and filled[0][0].source == header
    assert filled[2][1].text == docs.GOAL and filled[2][1].source == covered_goal
    for row in filled:  # one row number per row, columns left to right
        assert len({c.source.row for c in row}) == 1
        assert [c.source.column for c in row] == sorted(c.source.column for c in row)


@pytest.mark.parametrize("kind", WITH_PREAMBLE)
def test_title_and_stand_line_land_in_the_preamble(built, kind):
    table = read_table(built[kind])
    assert docs.STAND in table.preamble
    assert table.title == docs.TITLE
    assert not any("Startseite" in line or "Impressum" in line for line in table.preamble)


@pytest.mark.parametrize("kind", WITH_BOLD)
def test_bold_leads_become_titles(built, kind):
    rows = [row for row in read_table(built[kind]).rows if any(c.text for c in row)]
    for (r, c), title in docs.BOLD_TITLES.items():
        assert rows[r][c].title == title, (r, c)
    assert rows[1][1].description == docs.GOAL_REST
    assert rows[2][2].title is None  # "Hausaufgabenhilfe" is not bold


def test_html_keeps_inner_markup_and_normalises_nbsp(built):
    rows = read_table(built["html"]).rows
    assert "<li>Schulen</li>" in rows[2][3].raw
    assert "<br>" in rows[1][3].raw
    assert "&nbsp;" not in rows[3][3].raw and "\xa0" not in rows[3][3].raw
    assert rows[4][4].raw == rows[4][5].raw == docs.DROPPED  # colspan repeated


def test_pdf_joins_pages_and_drops_the_repeated_header(built):
    table = read_table(built["pdf"])
    pages = [row[0].source.page for row in table.rows]
    assert pages == [1, 1, 1, 2, 2]
    assert [c.text for c in table.rows[3]][2] == "Bewerbungstraining"
    assert table.rows[3][0].source.row == 2  # row 1 on page 2 is the repeated header


def test_docx_plan_split_into_tables_is_joined(tmp_path):
    path = docs.build_docx(tmp_path, split=True)
    table = read_table(path)
    assert texts(table) == docs.EXPECTED
    # Rows of the second table count on after the first (its repeated header is row 4).
    assert [row[0].source.row for row in table.rows] == [1, 2, 3, 5, 6]


def test_xlsx_values_read_as_shown():
    import datetime as dt

    assert format_value(dt.datetime(2022, 9, 1)) == "01.09.2022"
    assert format_value(dt.date(2022, 12, 31)) == "31.12.2022"
    assert format_value(2023.0) == "2023"
    assert format_value(1500.5) == "1500,5"
    assert format_value(0.25, "0%") == "25 %"
    assert format_value(2500, '#,##0 "€"') == "2500 €"


def test_plan_table_beats_navigation_and_layout_tables():
    nav = RawGrid([["Startseite", "Rathaus", "Kontakt", "Presse", "Service", "Suche"]], [1])
    links = RawGrid([[f"Link {i}"] for i in range(40)], list(range(1, 41)))
    layout = RawGrid([["Menü", "Bereich Ziel Maßnahme Wer Status " * 20]], [1])
    plan = RawGrid(
        [["Bereich", "Ziel", "Maßnahme", "Wer?"], ["Bildung", "Sprache", "Kurse", "VHS"]],
        [1, 2],
    )
    assert choose_plan_table([nav, links, layout, plan]) == 3
    assert choose_plan_table([RawGrid([[""]], [1])]) is None


# ------------------------------------------------------------------ limits


@pytest.mark.parametrize("kind", BUILDERS)
def test_row_limit_applies_to_every_reader(built, kind):
    with pytest.raises(PlanReadError, match="more than 3 rows") as caught:
        read_table(built[kind], ReadLimits(max_rows=3))
    assert built[kind].name in str(caught.value)


@pytest.mark.parametrize("kind", BUILDERS)
def test_cell_size_limit_applies_to_every_reader(built, kind):
    with pytest.raises(PlanReadError, match="characters") as caught:
        read_table(built[kind], ReadLimits(max_cell_chars=60))
    assert built[kind].name in str(caught.value)


# ------------------------------------------------------------------ hostile and broken files


def refused(path: Path, reason: str, limits: ReadLimits | None = None) -> PlanReadError:
    with pytest.raises(PlanReadError) as caught:
        read_table(path, limits)
    message = str(caught.value)
    assert path.name in message
    assert reason in message, message
    return caught.value


def test_text_file_named_docx(tmp_path):
    path = tmp_path / "brief.docx"
    path.write_text("Sehr geehrte Damen und Herren,\n", encoding="utf-8")
    refused(path, "not a valid .docx (not a zip archive)")


def test_truncated_xlsx(tmp_path, built):
    data = built["xlsx"].read_bytes()
    path = tmp_path / "abgebrochen.xlsx"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "damaged or truncated")


def test_zip_bomb_docx(tmp_path):
    path = docs.build_zip_bomb(tmp_path / "bomb.docx", megabytes=300)
    refused(path, "zip bomb")


def test_zip_bomb_by_compression_ratio(tmp_path):
    path = docs.build_zip_bomb(tmp_path / "klein.docx", megabytes=20)
    refused(path, "compression ratio")


@pytest.mark.parametrize("member", ["../evil", "word/../../evil.xml", "/etc/cron.d/evil"])
def test_unsafe_member_path(tmp_path, member):
    path = docs.build_zip(tmp_path / "plan.docx", {"[Content_Types].xml": b"<Types/>",
                                                   member: b"x"})
    refused(path, "unsafe path")


def test_encrypted_office_file_named_xlsx(tmp_path):
    path = tmp_path / "geschuetzt.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    refused(path, "password-protected")


def test_docx_with_entity_declarations(tmp_path, built):
    path = tmp_path / "entities.docx"
    with zipfile.ZipFile(built["docx"]) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(
                    b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
                )
            target.writestr(item, data)
    refused(path, "DOCTYPE")


def test_pdf_without_table(tmp_path):
    refused(docs.build_pdf_without_table(tmp_path), "no table found")


def test_garbage_named_pdf(tmp_path):
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    refused(path, "not a PDF")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><body><table><tr><th>Bereich</th><th>Maßnahme</th></tr>
<tr><td>&lol9;</td><td>x</td></tr></table></body></html>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html><body><table><tr><th>Bereich</th><th>Maßnahme</th></tr>
<tr><td>&secret;</td><td>x</td></tr></table></body></html>"""


@pytest.mark.parametrize("page", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_html_with_entity_attack(tmp_path, page):
    path = tmp_path / "angriff.html"
    path.write_text(page, encoding="utf-8")
    refused(path, "entit")


@pytest.mark.timing
def test_html_entity_attack_is_refused_at_once(tmp_path):
    path = tmp_path / "angriff.html"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with within(5):
        refused(path, "entit")


def test_binary_garbage_named_html(tmp_path):
    path = tmp_path / "bild.html"
    path.write_bytes(bytes(range(256)) * 64)
    refused(path, "binary content")


def test_html_without_table(tmp_path):
    path = tmp_path / "seite.html"
    path.write_text("<html><body><h1>Integration</h1><p>Kein Plan.</p></body></html>")
    refused(path, "no table found")


def test_text_file_named_ods(tmp_path):
    path = tmp_path / "tabelle.ods"
    path.write_text("Bereich;Ziel\n", encoding="utf-8")
    refused(path, "not a valid .ods (not a zip archive)")


def test_zip_that_is_no_word_document(tmp_path):
    path = docs.build_zip(tmp_path / "fremd.docx", {"readme.txt": b"hallo"})
    refused(path, "cannot read the Word document")


def test_html_in_windows_1252_without_charset(tmp_path):
    path = tmp_path / "alt.htm"
    page = (
        "<table><tr><th>Bereich</th><th>Maßnahme</th><th>Zuständigkeit</th></tr>"
        "<tr><td>Bildung</td><td>Sprachkurse für Eltern</td><td>Bürgerbüro</td></tr></table>"
    )
    path.write_bytes(page.encode("cp1252"))
    rows = texts(read_table(path))
    assert rows == [["Bereich", "Maßnahme", "Zuständigkeit"],
                    ["Bildung", "Sprachkurse für Eltern", "Bürgerbüro"]]


def test_the_crash_atheris_found_is_a_clear_error(tmp_path):
    # A .docx whose deflate stream is damaged once crashed the reader with zlib.error.

    good = docs.build_docx(tmp_path)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 60):
        data[i] ^= 0xFF
    broken = tmp_path / "broken.docx"
    broken.write_bytes(bytes(data))
    with pytest.raises(PlanReadError, match="broken.docx"):
        read_table(broken)


def test_a_member_name_that_is_not_utf8_is_a_clear_error(tmp_path):
    # Found by atheris: zipfile raised UnicodeDecodeError for a name flagged as UTF-8.
    path = tmp_path / "names.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("cöntent.xml", "<office:document-content/>")
    data = path.read_bytes().replace("ö".encode(), b"\xf8\xf8")
    path.write_bytes(data)
    with pytest.raises(PlanReadError, match="names.odt"):
        read_table(path)
