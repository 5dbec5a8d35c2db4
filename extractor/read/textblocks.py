"""Measure blocks in running text: a PDF's text layer or a Markdown file's prose.

A block (one measure sheet) starts at a measure heading — a printed measure number
("Ü-1 Stärkere …", "GE-8Konzeption …", "Maßnahmen-Nr. 03" with the title on the next
line) — or, in sheets without one, where a field label comes round again. Its fields are
the labelled lines (:class:`~.textfields.LabelFinder`) with the lines below them; prose
between the heading and the first field is the description. Numbered headings that open
no sheet ("6.1 Übergreifendes", "2.2.1 Zukunft Innenstadt") and short lines right before a
measure heading ("Gesundheit") are areas.

A sheet without a heading takes as its title the first title-like line among its value
lines that closes a page or stands right before the next sheet: brochure layouts print
the title box last.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..columns import ROLE_SYNONYMS
from .sheets import label_roles
from .textclean import HEADING as _HEADING
from .textclean import NAMED_HEADING as _NAMED
from .textclean import TextLine
from .textfields import FUNCTION_WORDS, LabelFinder
from .textorder import rearrange

TITLE, NUMBER, AREA, WHO, DESCRIPTION = "Maßnahme", "Nr.", "Bereich", "Zuständig", "Beschreibung"
_AREA_NUMBERED = re.compile(
    r"^\d{1,2}(?P<level>\.\d{1,2})?(?:\.\d{1,2})*\.?\s+(?P<title>[A-ZÄÖÜ„\"].{1,100})$")
# "(Referat für Klima- und Umweltschutz)" after a title: the unit that does it.
_UNIT_IN_TITLE = re.compile(
    r"\s*\((?P<who>[^()]*(?:[Rr]eferat|[Aa]mt\b|Dezernat|Fachbereich|Abteilung|Stabsstelle"
    r"|[Bb]ehörde|[Bb]üro\b)[^()]*)\)\s*$")
_OWN_LABELS = {TITLE, NUMBER, AREA, WHO, DESCRIPTION}
_ONE_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüß]{1,20}")
_PHRASES = {s for words in ROLE_SYNONYMS.values() for s in words if " " in s}
# A photo caption, a running header cut by a bar, a sentence boundary inside the line.
_NOT_A_TITLE = re.compile(r"\b(?:Foto|Bild|Abb\.|Quelle)\s*:|\s\|\s|\|$|[a-zäöüß]{3}\.\s+[A-ZÄÖÜ„]")
_PLACEHOLDER = re.compile(r"[–—\-•▪·]+(?:\s+[–—\-•▪·]+)*|\d{1,2}\.")
_YEARS_ONLY = re.compile(r"(?:(?:19|20)\d\d){2,}")
_LOOKAHEAD = 3  # lines after a numbered heading in which a field label must follow
_AREA_MAX_CHARS = 80
_TITLE_MAX_CHARS = 120


@dataclass
class Block:
    line: int
    page: int | None
    fields: list[tuple[str, list[str]]] = field(default_factory=list)
    title_found: bool = False
    headed: bool = False  # opened by a measure heading: only the next heading ends it
    loose: list[tuple[int, int]] = field(default_factory=list)  # (field, line) candidates
    inserted: list[tuple[int, int]] = field(default_factory=list)  # titles set into a value

    def labels(self) -> set[str]:
        return {label for label, _ in self.fields}

    def add(self, label: str, value: str) -> None:
        self.fields.append((label, [value] if value else []))


def find_blocks(lines: list[TextLine]) -> tuple[list[Block], list[str]]:
    """The measure blocks of a text, and the text above the first (its preamble).

    Sheets open with one label; where the first block opens with another (an Impressum's
    "Projektleitung:" above sheets opening with "ZIEL"), the text is read again with the
    label most sheets open with, and the blocks above the first such sheet that lack it
    are front matter, not sheets.
    """
    blocks, preamble = _find_blocks(lines, None)
    firsts = [_first_own(b) for b in blocks if not b.headed]
    common = max(set(firsts) - {None}, key=firsts.count, default=None)
    if common is None or not firsts or firsts[0] == common or firsts.count(common) < 2:
        return blocks, preamble
    blocks, preamble = _find_blocks(lines, common)
    first = next((n for n, b in enumerate(blocks) if _first_own(b) == common), 0)
    front = [b for b in blocks[:first] if common not in b.labels()]
    return [b for b in blocks if b not in front], preamble


def _first_own(block: Block) -> str | None:
    return next((lb for lb, _ in block.fields if lb not in _OWN_LABELS), None)


def _find_blocks(lines: list[TextLine], opening: str | None
                 ) -> tuple[list[Block], list[str]]:
    finder = LabelFinder([ln.text for ln in lines])
    content = [ln for ln in lines if ln.text]
    blocks: list[Block] = []
    preamble: list[str] = []
    area: str | None = None
    current: Block | None = None
    skip_until = -1
    pairs = Counter((a.text, b.text) for a, b in zip(content, content[1:], strict=False)
                    if len(a.text) <= 40 and _ONE_WORD.fullmatch(b.text))
    for i, line in enumerate(content):
        if i <= skip_until:
            continue
        text = line.text
        head = _measure_heading(content, i, finder)
        if head is not None:
            ident, title, used = head
            current = _open(blocks, line, area)
            current.headed = True
            current.fields[:0] = [(NUMBER, [ident])] if ident else []
            _set_title(current, title)
            skip_until = i + used
            continue
        is_area = _area(content, i, finder, current)
        if is_area is not None:
            area = is_area
            continue
        found = finder.split(text)
        if found is not None and _runs_on(content, i, found[0]):
            found = None  # "… bei Maßnahmen mit" / "Kosten < 10.000 Euro": one sentence
        if found is not None:
            label, value = found
            if label.casefold() in {"stand"} and current is None:
                preamble.append(text)  # "Stand: Dezember 2019" above the sheets
                continue
            nxt = content[i + 1].text if i + 1 < len(content) else ""
            if not value and pairs[(text, nxt)] >= 2 and finder.split(nxt) is None \
                    and _label_phrase(f"{label} {nxt}"):
                label, skip_until = f"{label} {nxt}", i + 1  # "Verantwortliche" / "Stelle"
            if label == TITLE and value and (current is None or not current.title_found
                                             or not current.headed):
                # "Maßnahme: Title" opens a sheet without a heading and is its title.
                if current is None or current.title_found:
                    current = _open(blocks, line, area)
                _set_title(current, value)
                continue
            if label in _OWN_LABELS:
                label = f"{label} (Feld)"  # the document's own, apart from the reader's
            if current is None or _comes_round(current, label, opening or _first_own(
                    blocks[0])):
                current = _open(blocks, line, area)  # a label come round: the next sheet
            current.add(label, value)
            continue
        if current is None:
            preamble.append(text)
            continue
        _continue(current, line, content, i, finder)
    if not rearrange(blocks, content, preamble):
        for block in blocks:
            _title_from_loose(block, content)
    return _joined_pages([b for b in blocks if _is_sheet(b)]), preamble


def _head(block: Block) -> tuple[str, ...] | None:
    values = dict(block.fields)
    head = tuple(" ".join(values.get(lb) or []) for lb in (NUMBER, TITLE))
    return head if all(head) else None


def _joined_pages(blocks: list[Block]) -> list[Block]:
    """A sheet printed over pages that repeat its number and title on each is one block."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and block.headed and previous.headed \
                and _head(block) is not None and _head(block) == _head(previous):
            previous.fields.extend(f for f in block.fields if f[0] not in (NUMBER, TITLE))
            continue
        out.append(block)
    return out


def _runs_on(content: list[TextLine], i: int, label: str) -> bool:
    """Whether a line without a colon after its label goes on the sentence above it."""
    text = content[i].text
    if i == 0 or text[len(label):].lstrip().startswith(":") or content[i - 1].page_end:
        return False
    last = content[i - 1].text.rsplit(maxsplit=1)[-1:] or [""]
    return last[0].casefold() in FUNCTION_WORDS


def _label_phrase(text: str) -> bool:
    """Whether two lines make one label of the vocabulary ("Verantwortliche" / "Stelle"),
    not a label and its value ("PROJEKTLEITUNG" / "Kulturamt")."""
    return " ".join(text.casefold().split()) in _PHRASES


def _comes_round(current: Block, label: str, opening: str | None) -> bool:
    """Whether a label opens the next sheet: it is in the sheet already, or it is the
    label sheets open with and this block opened with another (a text box read apart
    from its sheet, :mod:`.textorder`)."""
    if current.headed:
        return False
    if label in current.labels():
        return True
    started = _first_own(current)
    return label == opening and started not in (None, opening)


def _open(blocks: list[Block], line: TextLine, area: str | None) -> Block:
    block = Block(line.number, line.page)
    if area:
        block.fields.append((AREA, [area]))
    blocks.append(block)
    return block


def _set_title(block: Block, title: str) -> None:
    m = _UNIT_IN_TITLE.search(title)
    if m and m.start() > 0:
        block.fields.append((WHO, [m.group("who")]))
        title = title[:m.start()]
    block.fields.insert(0, (TITLE, [title.strip()]))
    block.title_found = True


def _measure_heading(content: list[TextLine], i: int, finder: LabelFinder
                     ) -> tuple[str | None, str, int] | None:
    """(number, title, lines used beyond this one) when line ``i`` opens a measure."""
    text = content[i].text
    m = _NAMED.match(text)
    if m and _YEARS_ONLY.fullmatch(m.group("id")):
        return None  # "Maßnahme20232025": a table's header with its year columns
    if m:
        title, used = m.group("title") or "", 0
        if not title and i + 1 < len(content):
            title, used = content[i + 1].text, 1
        return m.group("id"), title, used
    m = _HEADING.match(text)
    if not m or finder.split(text) is not None:
        return None
    ahead = content[i + 1:i + 1 + _LOOKAHEAD]
    labelled = [n for n, ln in enumerate(ahead) if finder.split(ln.text) is not None]
    if not labelled or _HEADING.match(ahead[0].text):
        return None
    if not re.search(r"[A-Za-zÄÖÜ]", m.group("id")) and labelled[0] > 0:
        return None  # "3.1 Hochschulen …" over a sheet's label block is its area
    title, used = m.group("title"), 0
    if labelled[0] == 1 and len(ahead[0].text) <= _TITLE_MAX_CHARS:
        title, used = f"{title} {ahead[0].text}", 1  # a title broken over two lines
    return m.group("id").replace("‐", "-"), title.strip(), used


def _area(content: list[TextLine], i: int, finder: LabelFinder, current: Block | None
          ) -> str | None:
    text = content[i].text
    if len(text) > _AREA_MAX_CHARS or finder.split(text) is not None:
        return None
    m = _AREA_NUMBERED.match(text)
    blank_before = i == 0 or content[i].number - content[i - 1].number > 1
    # "2.2.1 Zukunft Innenstadt"; "3. Kultur" only after a break ("3. „Studentische
    # Kultur“ sowie" in a list is prose).
    if m and not text.rstrip().endswith((".", ",", ";")) and (
            m.group("level") or blank_before):
        return m.group("title").strip()
    nxt = content[i + 1] if i + 1 < len(content) else None
    if nxt is None or _measure_heading(content, i + 1, finder) is None:
        return None
    prev = content[i - 1].text if i else ""
    after_break = current is None or content[i].number - content[i - 1].number > 1 or (
        prev.endswith((".", "!", "?", ":")))
    if after_break and len(text.split()) <= 6 and text[:1].isupper() and not re.search(
            r"[.,;:]$", text):
        return text.strip()
    return None


def _continue(block: Block, line: TextLine, content: list[TextLine], i: int,
              finder: LabelFinder) -> None:
    if not block.fields or all(label in (TITLE, NUMBER, AREA, WHO) for label, _ in block.fields):
        block.fields.append((DESCRIPTION, [line.text]))
        return
    label, values = block.fields[-1]
    nxt = content[i + 1] if i + 1 < len(content) else None
    if values and not block.title_found and _inserted(values[-1], line.text, nxt):
        block.inserted.append((len(block.fields) - 1, len(values)))
    elif values and not block.title_found and _title_like(line.text, values[-1]):
        closes = line.page_end or nxt is None or finder.split(nxt.text) is not None
        if closes:
            block.loose.append((len(block.fields) - 1, len(values)))
    values.append(line.text)


def _inserted(before: str, text: str, nxt: TextLine | None) -> bool:
    """Whether a title-like line was set into a value by the text layer: between a
    placeholder or bullet line and the value ("– – –" / "Science Center" / "–"), or
    inside a word broken over lines ("… Ju-" / "Kinder- und Jugend-Kultur" / "gendlichen")."""
    after = nxt.text if nxt is not None else ""
    if not (3 <= len(text) <= 90 and text[:1].isupper() and not re.search(r"[.,;:]$", text)
            and not _PLACEHOLDER.fullmatch(text) and not _NOT_A_TITLE.search(text)):
        return False
    broken = before.endswith("-") and after[:1].islower() and not before.endswith(" -")
    marks = _PLACEHOLDER.fullmatch(before) or _PLACEHOLDER.fullmatch(after)
    return bool(broken or marks)


def _title_like(text: str, before: str) -> bool:
    last = before.rsplit(maxsplit=1)[-1:] or [""]
    return (3 <= len(text) <= 90 and (text[0].isupper() or text[0] in "„\"")
            and not re.search(r"[.,;:\-–]$", text) and not before.endswith(("-", ","))
            and sum(c.isdigit() for c in text) <= 4
            # "… (Schwerpunkt Experimenta und" / "„Energie“ als …)": the sentence goes on
            and last[0].casefold() not in FUNCTION_WORDS | {"und", "oder", "sowie"}
            and text.count(")") <= text.count("(") and not _NOT_A_TITLE.search(text))


def _title_from_loose(block: Block, content: list[TextLine]) -> None:
    """The title of a sheet without a heading: a line set into a value, else one
    closing a page or standing before a label. A title broken over two lines ("… des
    Naturkundemuseums" / "als Planetarium") is read joined."""
    if block.title_found or not (block.inserted or block.loose):
        return
    at, index = (block.inserted or block.loose)[0]
    label, values = block.fields[at]
    title = values.pop(index)
    broken = index > 0 and values[index - 1].endswith("-")  # set inside a broken word
    if block.inserted and not broken and index < len(values) and values[index][:1].islower() \
            and len(values[index]) <= _AREA_MAX_CHARS // 2 and index + 1 == len(values):
        title = f"{title} {values.pop(index)}"
    block.fields.insert(0, (TITLE, [title]))
    block.title_found = True


def _is_sheet(block: Block) -> bool:
    named = [label for label, _ in block.fields if label not in (AREA, DESCRIPTION)]
    return block.title_found and len(named) >= 2


def trusted(blocks: list[Block]) -> bool:
    """Whether the blocks read as measure sheets rather than prose cut at chance words.

    Sheets opened by a measure heading are; sheets found by labels coming round need
    three labelled fields naming two roles or more. Most blocks must pass, and two.
    """
    def good(block: Block) -> bool:
        if block.headed:
            return True
        labels = [lb for lb, _ in block.fields if lb not in (TITLE, NUMBER, AREA, DESCRIPTION)]
        roles = {r for lb in labels for r in label_roles(lb) if r != "ignore"}
        return len(labels) >= 3 and len(roles) >= 2
    passing = sum(1 for b in blocks if good(b))
    return passing >= 2 and passing * 3 >= len(blocks) * 2 or (len(blocks) == 1 == passing)
