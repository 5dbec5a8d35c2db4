"""Clean a PDF's text layer: page furniture out, words broken at the line end joined.

Text layers (what ``pdftotext`` or a council mirror stores for each PDF) carry what the
page carried around the content: running headers and footers ("36 | Monitoringbericht
2023 …", "Seite 87 von 228"), page numbers and the tick labels of charts, each on a line
of its own and repeated through the sheets. They are recognised by shape and repetition,
never by their wording:

- a line of digits alone (1–3 digits, a page number), "Seite N (von M)", a lone "|", a
  line led or closed by a page number behind a bar ("36 | Monitoringbericht");
- runs of two or more lines that hold only numbers (chart axes);
- a line repeated three times or more whose numbers change between repeats
  ("36 | Monitoring…", "Umwelt- und Arbeitsschutz | 37") or that is cut by a "|";
- a line repeated three times or more that stands right next to a page number.

Every kept line keeps its 1-based line number in the file, and the page it stands on as
counted from the page numbers removed (``None`` when the text gives none).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .sheets import label_roles
from .textfields import colon_label

_PAGE_NUMBER = re.compile(r"(?:\d{1,3}|(?:Seite|S\.)\s*\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?|\|)",
                          re.IGNORECASE)
# "36 | Monitoringbericht 2023", "Umwelt- und Arbeitsschutz | 37": a page number set off
# by a bar is a running header even where it occurs once.
_PAGE_BAR = re.compile(r"\d{1,3}\s*\|\s*\S.{0,110}|\S.{0,110}\s\|\s*\d{1,3}")
_PAGE_BAR_NUMBER = re.compile(r"^\d{1,3}\s*\|\s*|\s*\|\s*\d{1,3}$")
_NUMBERS_ONLY = re.compile(r"[\d\s.,%‰+\-–]+")
_HAS_DIGIT = re.compile(r"\d+")
# Control characters, C1 included: text layers render some bullet glyphs as U+0084.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff]")  # and private use
# Measure headings repeat with changing numbers too; they are content (textblocks).
_ID = (r"[A-ZÄÖÜ]{1,3}[-‐]\d{1,3}[a-z]?(?:\.\d{1,3})*"  # Ü-1, GE-8, BO-4
       r"|[A-ZÄÖÜ]{1,2}\d{1,3}(?:\.\d{1,3})+"  # A1.1
       r"|\d{1,2}(?:\.\d{1,3})+(?![\d.,]|\s?(?:€|Euro|EUR))")  # 3.2, 2.2.1; not 32.823 €
# "Ü-1 Title", "GE-8Title" (glued), "3.2 Title".
HEADING = re.compile(rf"^(?P<id>{_ID})\.?(?:\s+|(?=[A-ZÄÖÜ„\"]))(?P<title>\S.{{2,}})$")
# "Maßnahmen-Nr. 01", "Maßnahme Nr. 7: Title": the number said in words.
# "Maßnahme 3: Title", "MEASURE 1: PV OFFENSIVE": the word, then a number with a digit.
NAMED_HEADING = re.compile(
    r"^(?:(?:TOP\s+)?(?:Maßnahmen?|Massnahmen?|Measure))\s*-?\s*(?:Nr\.?|Nummer|No\.?)?\s*"
    r"(?P<id>[A-Z]{0,3}[-.]?\d[\w.\-]{0,10}?)\s*[.:]?(?:\s+(?P<title>\S.*))?$", re.IGNORECASE)
_REPEATS = 3
_YEAR_LINE = re.compile(r"(?:19|20)\d\d:?")
_FIELD = re.compile(r"^(?P<label>[^:|]{2,45}?)\s*:\s*(?P<value>.*)$")
_FURNITURE_MAX_CHARS = 120
# "Klimawan-" + "del": a word broken at the line end; not "Nah-" + "und Fernwärme".
_BROKEN = re.compile(r"[a-zäöüß]-$")
_CONJUNCTION = re.compile(r"(?:und|oder|bzw|sowie|als auch)\b")


@dataclass(frozen=True)
class TextLine:
    number: int  # 1-based line in the file
    text: str
    page: int | None = None
    page_end: bool = False  # the last kept line before page furniture


def _key(text: str) -> str:
    return " ".join(_HAS_DIGIT.sub("#", text).split()).casefold()


def _is_number_line(text: str) -> bool:
    return bool(text) and _NUMBERS_ONLY.fullmatch(text) is not None and any(
        c.isdigit() for c in text)


def _furniture(lines: list[str]) -> set[int]:
    """Indexes of the lines that are page furniture."""
    out: set[int] = set()
    stripped = [ln.strip() for ln in lines]
    for i, text in enumerate(stripped):
        if _PAGE_NUMBER.fullmatch(text) or _PAGE_BAR.fullmatch(text):
            out.add(i)
    # Runs of number-only lines: chart axes and the like (a lone year may be a cell).
    i = 0
    while i < len(stripped):
        j = i
        while j < len(stripped) and _is_number_line(stripped[j]):
            j += 1
        if j - i >= 2:
            out.update(range(i, j))
        i = max(j, i + 1)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(stripped):
        if text and len(text) <= _FURNITURE_MAX_CHARS and i not in out:
            by_key[_key(text)].append(i)
    for indexes in by_key.values():
        if len(indexes) < _REPEATS:
            continue
        texts = [stripped[i] for i in indexes]
        varying = len({tuple(_HAS_DIGIT.findall(t)) for t in texts}) > 1
        near = sum(1 for i in indexes if _next_to(out, stripped, i))
        # A field label alone on its line ("ZIEL") may open every page: it is content.
        if HEADING.match(texts[0]) or NAMED_HEADING.match(texts[0]):
            continue
        if varying and "|" not in texts[0] and _labelled_field(texts[0]):
            continue  # "Basis: CIMA-Gutachten 2019 [3.18]" on every sheet: a field's values
        indexes = [i for i in indexes if not _YEAR_LINE.fullmatch(stripped[i])]
        if len(indexes) < _REPEATS:
            continue  # "2008" over a paragraph of a status field: a year, no page number
        near_only = near * 2 >= len(indexes) and not label_roles(texts[0])
        if varying or "|" in texts[0] or near_only:
            out.update(indexes)
    return out


def _labelled_field(text: str) -> bool:
    """Whether a line is "Label: value" with a label naming a sheet's field."""
    m = _FIELD.match(text)
    return bool(m and colon_label(m.group("label")) and m.group("value").strip())


def _in_number_run(raw: list[str], i: int) -> bool:
    """Whether the number on line ``i`` has number-only neighbours (a chart's axis)."""
    return any(0 <= j < len(raw) and _is_number_line(raw[j].strip()) for j in (i - 1, i + 1))


def _next_to(furniture: set[int], stripped: list[str], i: int) -> bool:
    """Whether a page number stands within two non-empty lines of line ``i``."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(stripped) and seen < 2:
            if stripped[j]:
                if j in furniture and _PAGE_NUMBER.fullmatch(stripped[j]):
                    return True
                seen += 1
            j += step
    return False


def clean_lines(text: str) -> list[TextLine]:
    """The content lines of a text layer, furniture removed, broken words joined.

    Empty lines are kept (as empty text): they separate blocks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    raw = _CONTROL.sub(" ", text).split("\n")
    return clean_text_lines([TextLine(i + 1, line) for i, line in enumerate(raw)])


def running_titles(text: str) -> list[str]:
    """The running headers and footers of a text layer without their page numbers,
    most frequent first: they name the document ("Monitoringbericht 2023 zur …")."""
    raw = _CONTROL.sub(" ", text.replace("\r", "\n").replace("\f", "\n")).split("\n")
    counts: dict[str, int] = {}
    for i in _furniture(raw):
        bare = _PAGE_BAR_NUMBER.sub("", raw[i].strip()).strip()
        if len(bare) > 3 and not _PAGE_NUMBER.fullmatch(bare) and not _is_number_line(bare):
            counts[bare] = counts.get(bare, 0) + 1
    return sorted(counts, key=lambda t: -counts[t])


def clean_text_lines(lines: list[TextLine]) -> list[TextLine]:
    """:func:`clean_lines` for lines already numbered (a Markdown file's blocks)."""
    raw = [ln.text for ln in lines]
    furniture = _furniture(raw)
    page_marks = [i for i in sorted(furniture) if _PAGE_NUMBER.fullmatch(raw[i].strip())
                  and not _in_number_run(raw, i)]
    kept: list[TextLine] = []
    page = 1 if page_marks else None
    marks = iter(page_marks)
    next_mark = next(marks, None)
    for i, line in enumerate(raw):
        while next_mark is not None and next_mark < i:
            page = (page or 0) + 1
            next_mark = next(marks, None)
        if i in furniture:
            # The page's last line of text ends it, not the blank lines after it.
            at = next((n for n in range(len(kept) - 1, -1, -1) if kept[n].text), None)
            if at is not None and not kept[at].page_end:
                last = kept[at]
                kept[at] = TextLine(last.number, last.text, last.page, True)
            continue
        kept.append(TextLine(lines[i].number, " ".join(line.replace("\u00ad", "").split()),
                             page))
    return _join_broken_words(kept)


def _join_broken_words(lines: list[TextLine]) -> list[TextLine]:
    out: list[TextLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and line.text and _BROKEN.search(prev.text)
                and line.text[0].islower() and not _CONJUNCTION.match(line.text)):
            out[-1] = TextLine(prev.number, prev.text[:-1] + line.text, prev.page,
                               line.page_end)
            continue
        out.append(line)
    return out


# For readers that clean lines their own way (:mod:`.linearised_rows`).
CONTROL = _CONTROL
join_broken_words = _join_broken_words
