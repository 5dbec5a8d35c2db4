"""Words from page images by OCR, for scans and sheets pasted into a PDF as pictures.

A region is read by OCR when an image covers a fair share of a page and the page's text
layer has (nearly) no characters over it: a scanned page, or a Maßnahmenblatt embedded
as a raster image between pages of running text. The region is rendered with pypdfium2
at the image's own resolution (upsampling blurs strokes and costs tesseract letters at
line starts), within bounds, and read by the tesseract command line in TSV mode, which
gives each word's box. Words come back in page coordinates in pdfplumber's word shape,
so the same line, table and sheet readers run on them as on a text layer.

Each call is bounded: the image's pixels (memory), the tesseract process's address space
(where the platform allows) and its run time; one thread, so a shared machine is not
swamped. Without tesseract the regions are skipped with a warning that says what to
install.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .limits import ReadLimits

log = logging.getLogger(__name__)

INSTALL_HINT = "install tesseract (Debian: apt-get install tesseract-ocr tesseract-ocr-deu)"
_MIN_AREA_SHARE = 0.05  # of the page: smaller images are logos and photos, not text
_MAX_CHARS_OVER = 20  # text-layer characters an image may carry and still be read by OCR
_MIN_DPI, _MAX_DPI, _DEFAULT_DPI = 150, 300, 300
_RULE_SHARE = 0.85  # of the image's height that a rule dividing it into panels spans
_TEXT_PANEL_SHARE = 0.5  # of a panel's tokens that must be text for it to be read
_PAD = 20  # pixels of white around the region: text touching the edge loses letters
_NOISE = re.compile(r"[|\[\]{}©®@<>=\\~_^]")
_WORDLIKE = re.compile(r"[^\W\d_]{2}")
_ABBREVIATION = re.compile(r"[(]?(?:[^\W\d_]\.){1,3}[,;:)]?|[a-z]\)")  # (z.B., u.a., a)
_NUMBER = re.compile(r"[(]?[-+–]?\d[\d.,:/%€–-]*[)]?[.,;:]?")
_IDENTIFIER = re.compile(r"[^\W\d_]{1,3}[-.]?\d{1,3}(?:\.\d{1,3})*[a-z]?")  # Ü1, A1.1
_LONE_LETTER = re.compile(r"[A-ZÄÖÜ]")
_MARKS = {"/", "-", "–", "+", "&", "§", "€", "%", "•", "*"}


@dataclass(frozen=True)
class Region:
    """A part of a page to read by OCR, in PDF points from the page's top left."""

    page: int  # 1-based
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    dpi: float


def image_regions(page) -> list[Region]:
    """The page's image regions that carry no text layer of their own."""
    area = float(page.width * page.height) or 1.0
    out: list[Region] = []
    for image in page.images:
        x0, top = max(image["x0"], 0.0), max(image["top"], 0.0)
        x1, bottom = min(image["x1"], float(page.width)), min(image["bottom"],
                                                              float(page.height))
        if x1 <= x0 or bottom <= top or (x1 - x0) * (bottom - top) < _MIN_AREA_SHARE * area:
            continue
        over = sum(1 for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                   and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        bbox = (x0, top, x1, bottom)
        if over <= _MAX_CHARS_OVER and all(r.bbox != bbox for r in out):
            out.append(Region(page.page_number, bbox, _native_dpi(image, x1 - x0)))
    return out


def _native_dpi(image: dict, width_pt: float) -> float:
    size = image.get("srcsize") or (0, 0)
    dpi = float(size[0]) * 72 / width_pt if width_pt > 0 and size[0] else _DEFAULT_DPI
    return min(max(dpi, _MIN_DPI), _MAX_DPI)


@functools.cache
def tesseract_languages() -> tuple[str, ...] | None:
    """The languages tesseract can read here, or None without tesseract."""
    if shutil.which("tesseract") is None:
        return None
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return tuple(ln.strip() for ln in done.stdout.splitlines()[1:] if ln.strip())


def _language() -> str | None:
    have = tesseract_languages()
    if have is None:
        return None
    # German alone: with "deu+eng" tesseract reads "Ü-1" as "U-1".
    if "deu" in have:
        return "deu"
    log.warning("tesseract has no German model; OCR reads umlauts poorly "
                "(Debian: apt-get install tesseract-ocr-deu)")
    return next((lang for lang in have if lang == "eng"), None)


def read_regions(path: Path, regions: list[Region], limits: ReadLimits
                 ) -> dict[int, list[list[dict]]]:
    """The lines OCR reads in the regions, by page number, each line a list of words in
    pdfplumber's shape (page coordinates); none when tesseract is missing."""
    if not regions:
        return {}
    language = _language()
    if language is None:
        log.warning("%s: %d page image(s) have no text layer and were not read: %s",
                    path.name, len(regions), INSTALL_HINT)
        return {}
    import pypdfium2
    from tqdm import tqdm

    lines: dict[int, list[list[dict]]] = {}
    document = pypdfium2.PdfDocument(str(path))
    deadline = time.monotonic() + limits.ocr_document_seconds
    try:
        # A bar on a terminal for documents of many images, nothing in pipes and logs.
        for n, region in enumerate(tqdm(regions, desc=f"OCR {path.name}", unit="image",
                                        file=sys.stderr, leave=False,
                                        disable=None if len(regions) > 1 else True)):
            if time.monotonic() > deadline:
                log.warning("%s: OCR stopped after %s s for the document; %d of %d page "
                            "images not read", path.name, limits.ocr_document_seconds,
                            len(regions) - n, len(regions))
                break
            image, dpi = _render(document[region.page - 1], region, limits)
            seconds = min(limits.ocr_seconds, max(deadline - time.monotonic(), 1.0))
            found = _recognise(image, dpi, language, limits, seconds,
                               f"{path.name} p. {region.page}")
            by_line: dict[tuple, list[dict]] = {}
            for word in found:
                by_line.setdefault(word["line"], []).append(_to_page(word, region, dpi))
            lines.setdefault(region.page, []).extend(by_line.values())
    finally:
        document.close()
    log.info("%s: %d image region(s) read by OCR", path.name, len(regions))
    return lines


def _render(page, region: Region, limits: ReadLimits):
    from PIL import ImageOps

    x0, top, x1, bottom = region.bbox
    width, height = page.get_size()
    dpi = region.dpi
    pixels = (x1 - x0) * (bottom - top) * (dpi / 72) ** 2
    if pixels > limits.ocr_max_pixels:  # the memory bound: fewer pixels, not a refusal
        dpi *= (limits.ocr_max_pixels / pixels) ** 0.5
    bitmap = page.render(scale=dpi / 72, crop=(x0, height - bottom, width - x1, top),
                         grayscale=True)
    image = ImageOps.expand(bitmap.to_pil().convert("L"), border=_PAD, fill=255)
    return image, dpi


def _recognise(image, dpi: float, language: str, limits: ReadLimits, seconds: float,
               where: str) -> list[dict]:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    command = ["tesseract", "stdin", "stdout", "-l", language, "--psm", "3",
               "--dpi", str(round(dpi)), "tsv"]
    # One thread: tesseract's OpenMP threads slow it down several times on a busy machine.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    _bound_memory(process.pid, limits.ocr_memory_bytes)
    try:
        out, err = process.communicate(buffer.getvalue(), timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        log.warning("%s: OCR stopped after %.0f s; the image is not read", where, seconds)
        return []
    if process.returncode != 0:
        log.warning("%s: tesseract failed: %s", where,
                    err.decode("utf-8", "replace").strip()[-300:])
        return []
    return tsv_words(out.decode("utf-8", "replace"), panels(image))


def _bound_memory(pid: int, limit: int) -> None:
    # Set from outside right after the start: a preexec hook is unsafe in a threaded server.
    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    except (ImportError, AttributeError, OSError, ValueError):
        pass  # not on this platform; the pixel bound still holds


def tsv_words(tsv: str, bounds: list[float] | None = None) -> list[dict]:
    """Words of tesseract's TSV output (pixel boxes), without noise and rotated text.

    Each word keeps the number of the line tesseract put it on (``line``). ``bounds``
    are the x positions of rules that divide the image into panels from top to bottom:
    a panel where most tokens are not text (a matrix of dots, a chart) is left out.
    """
    rows = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text:
            width, height = int(row["width"]), int(row["height"])
            # A rotated column heading is read letter by letter: no text either.
            good = not (len(text) >= 3 and height > 1.5 * width) and plausible(
                text, float(row.get("conf") or -1))
            rows.append((row, text, good))
    panel_of = [sum(1 for b in bounds or [] if int(r["left"]) + int(r["width"]) / 2 > b)
                for r, _, _ in rows]
    share: dict[int, list[int]] = {}
    for panel, (_, _, good) in zip(panel_of, rows, strict=True):
        share.setdefault(panel, []).append(good)
    textual = {p for p, goods in share.items() if sum(goods) >= _TEXT_PANEL_SHARE * len(goods)}
    out: list[dict] = []
    for panel, (row, text, good) in zip(panel_of, rows, strict=True):
        if good and panel in textual:
            line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
            out.append({"text": text, "left": int(row["left"]), "top": int(row["top"]),
                        "width": int(row["width"]), "height": int(row["height"]),
                        "line": line})
    # A lone capital before a number is a measure number ("Ü 2", "B 5"), else a speck.
    return [w for i, w in enumerate(out) if not _LONE_LETTER.fullmatch(w["text"]) or (
        i + 1 < len(out) and out[i + 1]["line"] == w["line"]
        and _NUMBER.fullmatch(out[i + 1]["text"]))]


def panels(image) -> list[float]:
    """x positions (pixels) of vertical rules running through (nearly) the whole image."""
    import numpy

    dark = numpy.asarray(image) < 128
    height = dark.shape[0]
    if height == 0:
        return []
    # The longest unbroken dark run per pixel column, without a Python loop per pixel.
    runs = numpy.zeros(dark.shape[1], dtype=numpy.int32)
    current = numpy.zeros(dark.shape[1], dtype=numpy.int32)
    for row in dark:
        current = numpy.where(row, current + 1, 0)
        numpy.maximum(runs, current, out=runs)
    columns = numpy.flatnonzero(runs >= _RULE_SHARE * height)
    edge = 0.05 * dark.shape[1]  # the frame around the whole image
    cuts: list[float] = []
    for x in columns:
        if edge < x < dark.shape[1] - edge:
            if cuts and x - cuts[-1] <= 3:
                continue  # one rule several pixels wide
            cuts.append(float(x))
    return cuts


def plausible(text: str, conf: float) -> bool:
    """Whether an OCR token can be text: rules, dots and specks of a scan read as
    characters ("|", "e|", "3}", "©") are not."""
    if conf < 30 or _NOISE.search(text):
        return False
    if _WORDLIKE.search(text) or _ABBREVIATION.fullmatch(text) or _IDENTIFIER.fullmatch(text):
        return True
    if _LONE_LETTER.fullmatch(text):
        return conf >= 40  # kept only before a number, see tsv_words
    if _NUMBER.fullmatch(text) or text in _MARKS or text.endswith(":"):
        return conf >= 40
    return False


def _to_page(word: dict, region: Region, dpi: float) -> dict:
    scale = 72 / dpi
    x0 = region.bbox[0] + (word["left"] - _PAD) * scale
    top = region.bbox[1] + (word["top"] - _PAD) * scale
    return {"text": word["text"], "x0": x0, "x1": x0 + word["width"] * scale,
            "top": top, "bottom": top + word["height"] * scale, "upright": True,
            "ocr": True}
