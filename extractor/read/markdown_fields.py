"""What a Markdown conversion's markup says about its lines: labels, sections, furniture.

A converted PDF prints a sheet's field labels as lines of their own in bold ("**Time
horizon**"), as headings ("# Financial expenditure") or as the first line of a boxed
cell, with the value below. Such a line is a label even where its words would not open
a field in plain text ("Time horizon" ends in its vocabulary word, "Financial
expenditure" goes on past it): it is given the colon that the block reader takes as a
label's end. A label that names no part of a measure ("Monitoring / Indicators", "Good
practice examples") ends the field above it; its text is dropped from that field.

A heading that names a section with a number ("BUILDING BLOCK 2: SMART GRIDS (7.2.2)",
"Handlungsfeld 3: Bildung") is the area of the measures below it, written as the
numbered area line the block reader knows ("7.2.2 SMART GRIDS"). A heading that names
the measure without a number ("TOP priority Overarching Measure:") takes the title on
the next line. Plain paragraph lines printed three times or more (a page's running
foot, "Climate Neutrality Action Plan") are furniture.
"""

from __future__ import annotations

import re

from .sheets import label_roles
from .textclean import NAMED_HEADING, TextLine

LABEL, PLAIN = "label", "plain"
_LABEL_MAX_WORDS = 6
_LABEL_MAX_CHARS = 60
_FURNITURE_REPEATS = 3
_SECTION = re.compile(
    r"^(?P<kind>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+){0,2})\s*(?P<n>\d{1,2})\s*:\s*"
    r"(?P<name>[^()]{2,80}?)\s*(?:\((?P<number>\d{1,2}(?:\.\d{1,2})+)\))?\s*$")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
_MEASURE_WORD = re.compile(r"ma(?:ß|ss)nahme|measure|action", re.IGNORECASE)


def normalise(lines: list[TextLine], marks: dict[int, str]) -> tuple[list[TextLine], set[str]]:
    """The lines with labels, sections and furniture made plain; and the texts of the
    labels that name no part of a measure (they end the field above them)."""
    foot = _page_feet(lines, marks)
    out: list[TextLine] = []
    partless: set[str] = set()
    for i, line in enumerate(lines):
        text = line.text.strip()
        if i in foot:
            out.append(TextLine(line.number, ""))  # running head or foot of a page
            continue
        section = _section(text, strict=marks.get(i) != LABEL)
        if section is not None:
            out.append(TextLine(line.number, section))
        elif marks.get(i) == LABEL and _label_like(text):
            label = text.rstrip(" :")
            roles = label_roles(label)
            if _MEASURE_WORD.search(label) and not NAMED_HEADING.match(label) \
                    and text.endswith(":"):
                out.append(TextLine(line.number, "Maßnahme:"))  # the title follows
            elif roles and "measure" not in roles and "ignore" not in roles:
                out.append(TextLine(line.number, f"{label}:"))
            else:
                if re.search(r"[^\W\d_]{3}", label):  # not a page number left in a box
                    partless.add(label)
                out.append(line)
        else:
            out.append(line)
    return _join_title_label(out), partless


def _page_feet(lines: list[TextLine], marks: dict[int, str]) -> set[int]:
    """Plain lines printed again and again next to a page number: a running foot."""
    near: dict[str, list[int]] = {}
    texts = [ln.text.strip() for ln in lines]
    for i, text in enumerate(texts):
        if marks.get(i) != PLAIN or not text or len(text) > 80 or _PAGE_NUMBER.fullmatch(text):
            continue
        if any(_PAGE_NUMBER.fullmatch(t) for t in texts[max(0, i - 4):i + 5]):
            near.setdefault(text, []).append(i)
    return {i for text, at in near.items() if len(at) >= _FURNITURE_REPEATS
            and set(label_roles(text)) <= {"measure"} for i in at}


def _label_like(text: str) -> bool:
    # "Responsibility: FB 25" is a field with its value already, not a bare label.
    return (0 < len(text) <= _LABEL_MAX_CHARS and len(text.split()) <= _LABEL_MAX_WORDS
            and not text.endswith((".", ",", ";")) and ":" not in text.rstrip(" :")
            and not NAMED_HEADING.match(text))


def _section(text: str, strict: bool) -> str | None:
    """The numbered area line for a section heading; outside a label's markup only with
    its section number or in capitals ("Modul 1: Energie" in prose is no section)."""
    m = _SECTION.match(text)
    if not m or _MEASURE_WORD.search(m.group("kind")) or strict and not (
            m.group("number") or text.isupper()):
        return None
    return f"{m.group('number') or m.group('n') + '.0'} {m.group('name').strip()}"


def _join_title_label(lines: list[TextLine]) -> list[TextLine]:
    """ "Maßnahme:" and the title on the next line with text are one field line."""
    out: list[TextLine] = []
    waiting = False
    for line in lines:
        if waiting and line.text:
            out[-1] = TextLine(out[-1].number, f"Maßnahme: {line.text}")
            waiting = False
            continue
        waiting = waiting or line.text == "Maßnahme:"
        if line.text or not waiting:
            out.append(line)
    return out


def cut_partless(values: list[str], partless: set[str]) -> list[str]:
    """A field's value lines up to a label that names no part of a measure."""
    for n, value in enumerate(values):
        if value.strip().rstrip(" :") in partless:
            return values[:n]
    return values
