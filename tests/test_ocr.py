"""Scanned pages: page images without a text layer are read by OCR (tesseract).

The scanned fixture is the reportlab measure-sheet PDF of :mod:`fixtures_layouts`,
rendered to images with pypdfium2 and wrapped by Pillow as an image-only PDF; the real
one is a page of Münster's Klimaschutzkonzept 2020, whose Maßnahmenblätter are raster
images beside a dot matrix ("Bewertung").
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from extractor.model import PlanReadError
from extractor.read import ocr, read_table
from extractor.read.limits import ReadLimits
from extractor.read.tables import plain

from . import fixtures_layouts as F

MUENSTER = (Path(__file__).resolve().parent.parent / "corpus" / "real"
            / "muenster-klimaschutzkonzept-2020" / "klimaschutzkonzept2020.pdf")
needs_tesseract = pytest.mark.skipif(
    not (ocr.tesseract_languages() or ()) or "deu" not in (ocr.tesseract_languages() or ()),
    reason="tesseract with its German model is not installed (scripts/bootstrap.sh ocr)")


def _scanned(source: Path, out: Path, dpi: int = 200) -> Path:
    """Each page of ``source`` as a picture, the PDF without any text layer."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(source))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    document.close()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True,
                   append_images=images[1:])
    return out


def _pages(source: Path, out: Path, numbers: list[int]) -> Path:
    """The given pages (0-based) of ``source`` as a PDF of their own."""
    import pypdfium2

    src = pypdfium2.PdfDocument(str(source))
    new = pypdfium2.PdfDocument.new()
    new.import_pages(src, numbers)
    new.save(str(out))
    return out


def test_a_scan_has_image_regions_and_no_text(tmp_path):
    import pdfplumber

    scan = _scanned(F.build_sheets_pdf(tmp_path), tmp_path / "scan.pdf")
    with pdfplumber.open(scan) as pdf:
        assert not pdf.pages[0].chars
        regions = ocr.image_regions(pdf.pages[0])
    assert len(regions) == 1
    assert regions[0].dpi == pytest.approx(200, abs=1)


@needs_tesseract
def test_scanned_measure_sheets_read_like_the_text_layer(rule_based_extractor, tmp_path):
    scan = _scanned(F.build_sheets_pdf(tmp_path), tmp_path / "massnahmenblaetter-scan.pdf")
    assert read_table(scan).layout == "sheets"
    record = rule_based_extractor.extract(scan)
    assert [m.title for m in record.measures] == F.SHEET_TITLES
    assert [m.row.number for m in record.measures] == F.SHEET_NUMBERS
    assert [m.area for m in record.measures] == ["Übergreifend", "Wärme und Strom",
                                                 "Wärme und Strom"]
    # The sheet broken over a page still ends with its status.
    assert record.measures[2].status.category == "OnHold"


@needs_tesseract
def test_muenster_sheets_pasted_in_as_pictures(tmp_path):
    # Printed page 55: the sheets Ü 2 and Ü 3, each a raster image, the page's text
    # layer only its running head.
    table = read_table(_pages(MUENSTER, tmp_path / "muenster-p55.pdf", [1]))
    assert table.layout == "sheets"
    header = [plain(c.text) for c in table.rows[0]]
    rows = [dict(zip(header, (plain(c.text) for c in row), strict=False))
            for row in table.rows[1:]]
    assert [r["Maßnahme"] for r in rows] == ["Ü2 Klimaschutzfonds (Stadt + Stadtwerke)",
                                             "Ü 3 Klima-Check von Ratsbeschlüssen"]
    when = next(h for h in header if h.startswith("Zeitraum"))
    lead = next(h for h in header if "Initiator" in h)
    assert [r[when] for r in rows] == ["ab 2011", "ab 2010"]
    assert [r[lead] for r in rows] == ["Stadt", "Stadt"]
    # The dot matrix beside each sheet ("Bewertung") is no text of the sheet.
    assert not any("Bewertung" in value for r in rows for value in r.values())


def test_without_tesseract_the_scan_is_named_and_the_install_said(tmp_path, monkeypatch,
                                                                caplog):
    scan = _scanned(F.build_sheets_pdf(tmp_path), tmp_path / "scan.pdf")
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH where no tesseract is found
    ocr.tesseract_languages.cache_clear()
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(PlanReadError) as err:
            read_table(scan)
    finally:
        ocr.tesseract_languages.cache_clear()
    assert "without a text layer" in str(err.value) and "tesseract-ocr" in str(err.value)
    assert any("tesseract-ocr-deu" in r.getMessage() for r in caplog.records)


@needs_tesseract
def test_ocr_time_is_bounded(tmp_path, caplog):
    scan = _scanned(F.build_sheets_pdf(tmp_path), tmp_path / "scan.pdf")
    limits = ReadLimits(ocr_seconds=0.001)
    with caplog.at_level(logging.WARNING), pytest.raises(PlanReadError):
        read_table(scan, limits)
    assert any("OCR stopped after" in r.getMessage() for r in caplog.records)


@needs_tesseract
def test_ocr_time_per_document_is_bounded(tmp_path, caplog):
    scan = _scanned(F.build_sheets_pdf(tmp_path), tmp_path / "scan.pdf")
    with caplog.at_level(logging.WARNING), pytest.raises(PlanReadError):
        read_table(scan, ReadLimits(ocr_document_seconds=0.0))
    assert any("for the document" in r.getMessage() and "2 of 2 page images" in r.getMessage()
               for r in caplog.records)


def _tsv(rows: list[tuple]) -> str:
    head = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
            "\theight\tconf\ttext")
    return "\n".join([head] + ["\t".join(str(v) for v in (5, 1, b, 1, ln, i, x, y, w, h, c, t))
                               for i, (b, ln, x, y, w, h, c, t) in enumerate(rows)])


def test_noise_rotated_words_and_dot_panels_are_dropped():
    tsv = _tsv([
        (1, 1, 10, 10, 20, 15, 90, "Ü"), (1, 1, 35, 10, 10, 15, 80, "2"),
        (1, 1, 50, 10, 200, 15, 95, "Klimaschutzfonds"),
        (1, 2, 10, 40, 60, 15, 92, "Zeitraum:"), (1, 2, 80, 40, 20, 15, 95, "ab"),
        (1, 2, 105, 40, 40, 15, 95, "2011"), (1, 2, 150, 40, 12, 15, 70, "e|"),
        (1, 3, 10, 70, 8, 15, 85, "s"),  # a speck, not a number's letter
        # A panel right of the rule at x=400: a heading, rotated text and dots.
        (2, 1, 420, 10, 90, 15, 96, "Bewertung"), (2, 2, 430, 40, 15, 200, 60, "Priorität"),
        (2, 3, 430, 260, 12, 12, 40, "©"), (2, 3, 450, 260, 12, 12, 45, "oe"),
        (2, 3, 470, 260, 12, 12, 50, "0"), (2, 3, 490, 260, 12, 12, 35, "=|"),
        (2, 4, 430, 280, 12, 12, 60, "e|"), (2, 4, 450, 280, 12, 12, 20, "|o"),
    ])
    words = [w["text"] for w in ocr.tsv_words(tsv, [400.0])]
    assert words == ["Ü", "2", "Klimaschutzfonds", "Zeitraum:", "ab", "2011"]
    # Without the rule the heading stays: only the panel decides, not the word.
    assert "Bewertung" in [w["text"] for w in ocr.tsv_words(tsv)]


def test_plausible_tokens():
    for text in ("Stadt", "(z.B.", "u.a.", "a)", "B5", "A1.1", "50.000", "(€):", "/"):
        assert ocr.plausible(text, 80), text
    for text in ("|", "e|", "3}", "©", "=", "..", "Stadt|"):
        assert not ocr.plausible(text, 80), text
    assert not ocr.plausible("Stadt", 10)
