"""Cell markup: HTML fragments in a cell become plain text, a title and a description.

Cells in published plans carry bits of HTML (``<b>Fachtag</b> auf dem …``, ``&amp;``,
``<br>``). The bold lead of a cell is its title; the rest is its description. Parsing
uses lxml's HTML parser with network access off; HTML has no external entities to
expand, and the parser never fetches anything.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree, html

from ..model import Cell, SourceRef

_SPACE = re.compile(r"\s+")
_BLOCK_TAGS = {"br", "p", "div", "li", "tr", "ul", "ol", "table"}
_BOLD_TAGS = {"b", "strong"}
_MARKUP = re.compile(r"<[a-zA-Z/!]|&[#a-zA-Z0-9]+;")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a town writes into a cell it has nothing for: the cell is empty.
PLACEHOLDER = re.compile(
    r"(?:noch )?nicht (?:festgelegt|bekannt|bezifferbar)|k\.? ?a\.?|keine angaben?|"
    r"n\.? ?n\.?|n/a|t\.? ?b\.? ?d\.?|[-–—/?.x ]+", re.IGNORECASE)


def normalise_space(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


def _parser() -> html.HTMLParser:
    return html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)


@lru_cache(maxsize=4096)
def parse_markup(raw: str) -> tuple[str, str | None, str | None]:
    """Return ``(text, title, description)`` for one cell's raw content."""
    if not _MARKUP.search(raw):
        return normalise_space(raw), None, None
    # lxml keeps control characters it parsed but refuses them when a tail is set below.
    markup = _CONTROL.sub(" ", raw)
    try:
        root = html.fragment_fromstring(markup, create_parent="div", parser=_parser())
    except (etree.ParserError, ValueError):
        return normalise_space(raw), None, None
    for el in root.iter(*_BLOCK_TAGS):
        # Line breaks and blocks separate words; inline tags do not.
        el.tail = " " + (el.tail or "")
    text = normalise_space("".join(root.itertext()))
    bold = next(root.iter(*_BOLD_TAGS), None)
    if bold is None:
        return text, None, None
    lead = normalise_space("".join(bold.itertext()))
    title = lead.rstrip(":").strip() or None
    if title is None:
        return text, None, None
    if text.startswith(lead):
        return text, title, text[len(lead):].strip() or None
    return text, title, text


def is_placeholder(text: str) -> bool:
    return bool(text) and PLACEHOLDER.fullmatch(text.strip()) is not None


def make_cell(raw: str, source: SourceRef) -> Cell:
    text, title, description = parse_markup(raw)
    if is_placeholder(text):
        return Cell(raw=raw, text="", source=source)
    return Cell(raw=raw, text=text, source=source, title=title, description=description)
