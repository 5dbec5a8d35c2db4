"""Measure sheets whose text layer gives the parts of a page in another order than printed.

Landscape pages with two sheets side by side come out of a PDF's text layer as runs: the
header boxes of both sheets first (title, "Basis: …", "Beginn: …", the parties), then
their text boxes ("Auftrag:", "Bisherige Aktivitäten:", …), the second sheet's first.
Read in sequence, a title then sits at the end of the sheet before it, the second text
box lands in the wrong sheet and the first has no sheet at all. Where a document shows
that shape, it is put back together here:

- **Titles lead.** The sheets open with one label (the *opening label*, "Basis"), and the
  line right above it is title-like in most of them, the first sheet included (brochures
  whose title box comes last print their first sheet's label under prose or a gap): that
  line is the sheet's title, taken from the value of the sheet above.
- **Text boxes are paired back.** A block opened by another label coming round (an
  "Auftrag:" without a title) belongs to the latest sheet before it that has none of its
  labels: the text layer gives the boxes of a page last-in, first-out.
- **Unlabelled lines of the header box.** In a sheet without a who-field, a list of
  parties printed under a labelled one-line field ("AfSta, BOA, KFG, …") is its who-field;
  a bracketed note closing a labelled line ("…Ende: ---[Maßnahme abgeschlossen]") is its
  status field.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .sheets import label_roles

if TYPE_CHECKING:
    from .textblocks import Block
    from .textclean import TextLine

STATUS_NOTE = "Status (Vermerk)"
_SHARE = 2 / 3
_MIN_SHEETS = 2
_NOTE = re.compile(r"\s*\[(?P<note>[^\[\]\d]{3,40})\]\s*$")
_SENTENCE_END = re.compile(r"[.;:!?]$")
_TITLE_MAX_CHARS = 120
_ITEM_MAX_WORDS = 5


def rearrange(blocks: list[Block], content: list[TextLine], preamble: list[str]) -> bool:
    """Put sheets of the titles-lead shape back together; whether the document has it."""
    from .textblocks import AREA, DESCRIPTION, NUMBER, TITLE

    own = {TITLE, NUMBER, AREA, DESCRIPTION}
    loose = [b for b in blocks if not b.headed and not b.title_found]
    opening = _opening_label(loose, own)
    if opening is None:
        return False
    index = {ln.number: n for n, ln in enumerate(content)}
    heads = [b for b in loose if _first_label(b, own) == opening]
    above = [_line_above(b, content, index) for b in heads]
    leading = [t for t in above if t is not None]
    if len(heads) < _MIN_SHEETS or above[0] is None or len(leading) < _SHARE * len(heads):
        return False
    for block, title in zip(heads, above, strict=True):
        if title is not None and _take_line(title, blocks, preamble):
            block.fields.insert(0, (TITLE, [title]))
            block.title_found = True
    _pair_text_boxes(blocks, heads, own)
    for block in heads:
        _header_box_lines(block, own)
    return True


def _first_label(block: Block, own: set[str]) -> str | None:
    return next((label for label, _ in block.fields if label not in own), None)


def _opening_label(loose: list[Block], own: set[str]) -> str | None:
    """The label most sheets open with, when the first sheet opens with it too."""
    if len(loose) < _MIN_SHEETS:
        return None
    firsts = [_first_label(b, own) for b in loose]
    first = firsts[0]
    if first is None or firsts.count(first) < _MIN_SHEETS:
        return None
    return first


def _line_above(block: Block, content: list[TextLine], index: dict[int, int]) -> str | None:
    """The title-like line right above a sheet's opening label, if there is one."""
    at = index.get(block.line)
    if not at:
        return None
    line = content[at - 1]
    if line.number != block.line - 1 or not title_like(line.text):
        return None
    return line.text


def title_like(text: str) -> bool:
    return (3 <= len(text) <= _TITLE_MAX_CHARS and (text[0].isupper() or text[0] in "„\"")
            and not _SENTENCE_END.search(text) and not text.endswith(("-", ","))
            and not label_roles(text))


def _take_line(text: str, blocks: list[Block], preamble: list[str]) -> bool:
    """Remove a title line from the end of the value (or preamble) it was read into."""
    if preamble and preamble[-1] == text:
        preamble.pop()
        return True
    for block in blocks:
        for _, values in block.fields:
            if values and values[-1] == text:
                values.pop()
                return True
    return False


def _pair_text_boxes(blocks: list[Block], heads: list[Block], own: set[str]) -> None:
    """Merge each title-less block into the latest earlier sheet lacking its labels."""
    for block in list(blocks):
        if block in heads or block.title_found or block.headed:
            continue
        labels = {label for label, _ in block.fields if label not in own}
        earlier = [b for b in heads if b.line < block.line and not labels & b.labels()]
        if not earlier or not labels:
            continue
        target = earlier[-1]
        target.fields.extend((label, values) for label, values in block.fields
                             if label not in own)
        blocks.remove(block)


def _header_box_lines(block: Block, own: set[str]) -> None:
    """The parties' list and a bracketed status note of a sheet's header box as fields."""
    from .textblocks import WHO

    has_who = any("who" in label_roles(label) for label, _ in block.fields if label not in own)
    has_status = any("status" in label_roles(label) for label, _ in block.fields
                     if label not in own)
    extra: list[tuple[str, list[str]]] = []
    for label, values in block.fields:
        if label in own or not values:
            continue
        note = _NOTE.search(values[0])
        if note and not has_status and note.start() > 0:
            values[0] = values[0][:note.start()].rstrip()
            extra.append((STATUS_NOTE, [f"[{note.group('note').strip()}]"]))
            has_status = True
        if not has_who and len(values) >= 2 and parties_line(values[1]):
            extra.append((WHO, [values.pop(1)]))
            has_who = True
    block.fields.extend(extra)


def parties_line(text: str) -> bool:
    """Whether an unlabelled line reads as a list of parties ("AfSta, BOA, Dez 4")."""
    if not text or len(text) > 300 or _SENTENCE_END.search(text) or not text[0].isupper():
        return False
    items = [i.strip() for i in text.split(",") if i.strip()]
    words = [len(i.split()) for i in items]
    if len(items) == 1:
        return words[0] <= 2
    # Names are short; one item may be a phrase ("ggf. weitere Partner wie bspw. …").
    return max(words) <= 2 * _ITEM_MAX_WORDS and sum(w <= _ITEM_MAX_WORDS for w in words) >= (
        len(words) - 1)
