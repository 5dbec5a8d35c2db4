"""HTML pages: the plan table among layout and navigation tables.

Town websites wrap the plan in layout tables and put menus in tables too, so every
table is read into a grid (rowspan/colspan expanded, the spanned content repeated
into each covered position) and the shared scorer picks the plan table. Each cell
keeps its inner HTML as ``raw`` so bold leads become titles as everywhere else.

The parser is lxml's HTML parser with network access off. HTML knows no entity
declarations; a document that brings some (``<!ENTITY …>``, an XXE or billion-laughs
attempt) is refused before parsing rather than trusted to be ignored.
"""

from __future__ import annotations

import codecs
import html as htmllib
import logging
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..model import PlanReadError, Table
from . import reader
from .cells import normalise_space
from .limits import ReadLimits
from .sheets import sheet_grid_for
from .tables import RawGrid, choose_plan_table, grid_to_cells, no_table, trim_grid

log = logging.getLogger(__name__)

MAX_COLUMNS = 1000
MAX_GRID_CELLS = 2_000_000
MAX_PREAMBLE_LINES = 50
_PREAMBLE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "caption"}
_SKIPPED_ANCESTORS = {"nav", "script", "style", "noscript", "template"}
_ENTITY_DECL = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@reader(".html", ".htm", ".xhtml")
def read_html(path: Path, limits: ReadLimits) -> Table:
    data = path.read_bytes()
    text = _decode(path, data)
    root = _parse(path, text)
    grids, elements = [], []
    for table in root.iter("table"):
        grids.append(trim_grid(_table_grid(path, table, limits)))
        elements.append(table)
    chosen = choose_plan_table(grids)
    headings, lines = _headings_and_lines(root, elements)
    sheets = sheet_grid_for(grids, chosen, headings, lines)
    if chosen is None and sheets is None:
        raise no_table(path)
    first = elements[chosen] if chosen is not None else None
    if sheets is not None:  # the title block stands above the first sheet
        first = elements[0] if elements else None
    title, preamble = _title_and_preamble(root, first, limits)
    grid = sheets if sheets is not None else grids[chosen]
    log.debug("%s: plan read as %s", path.name, "sheets" if sheets is not None else "table")
    return Table(
        file=path.name, rows=grid_to_cells(path, grid, limits), preamble=preamble, title=title,
        layout="sheets" if sheets is not None else "table",
    )


def _headings_and_lines(root: etree._Element, tables: list[etree._Element]
                        ) -> tuple[list[str | None], list[tuple[str, None]]]:
    """For each table the heading or paragraph right above it; and every text block."""
    wanted = {id(t): i for i, t in enumerate(tables)}
    headings: list[str | None] = [None] * len(tables)
    lines: list[tuple[str, None]] = []
    last: str | None = None
    for el in root.iter():
        if id(el) in wanted:
            headings[wanted[id(el)]] = last
            last = None
        elif el.tag in _PREAMBLE_TAGS | {"li", "dt", "dd"} and not any(
                a.tag == "table" for a in el.iterancestors()):
            text = _text(el)
            if text:
                lines.append((text, None))
                last = text
    return headings, lines


def _decode(path: Path, data: bytes) -> str:
    # Checks run on the decoded text: UTF-16 is legitimate (its NUL bytes are not binary
    # content), and an entity declaration must not slip through in a two-byte encoding.
    text = _to_text(path, data)
    head = text[:8192]
    if "\x00" in head or len(_CONTROL.findall(head)) > len(head) // 20:
        raise PlanReadError(path, "not an HTML document (binary content)")
    if _ENTITY_DECL.search(text[:1_000_000]):
        raise PlanReadError(
            path,
            "the document declares entities (<!ENTITY …> or a DOCTYPE internal subset); "
            "refused as a possible XML entity attack",
        )
    return text


def _to_text(path: Path, data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            log.warning("%s: unknown charset %r, guessing", path.name, declared.group(1))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse(path: Path, text: str) -> etree._Element:
    if "<" not in text:
        raise PlanReadError(path, "not an HTML document (no markup)")
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = lxml_html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise PlanReadError(path, f"cannot parse the HTML: {exc}") from exc
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    return root


def _inner_html(cell: etree._Element) -> str:
    parts = [htmllib.escape(cell.text, quote=False)] if cell.text else []
    parts.extend(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True)
        for child in cell
    )
    # &nbsp; is layout, not content.
    return "".join(parts).replace("\xa0", " ").replace("&nbsp;", " ")


def _span(value: str | None, default_max: int) -> int:
    try:
        number = int((value or "1").strip())
    except ValueError:
        return 1
    if number <= 0:  # rowspan="0": to the end of the table
        return default_max
    return min(number, default_max)


def _table_grid(path: Path, table: etree._Element, limits: ReadLimits) -> RawGrid:
    # Only this table's own rows; nested tables are candidates of their own.
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    if len(rows) > limits.max_rows:
        raise PlanReadError(path, f"more than {limits.max_rows} rows", row=limits.max_rows + 1)
    grid: dict[tuple[int, int], str] = {}
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in grid:
                c += 1
            rowspan = _span(td.get("rowspan"), len(rows) - r)
            colspan = _span(td.get("colspan"), MAX_COLUMNS)
            if c + colspan > MAX_COLUMNS:
                raise PlanReadError(path, f"a table has more than {MAX_COLUMNS} columns", row=r + 1)
            if len(grid) + rowspan * colspan > MAX_GRID_CELLS:
                raise PlanReadError(
                    path, f"a table has more than {MAX_GRID_CELLS} cells", row=r + 1
                )
            raw = _inner_html(td)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), raw)
            c += colspan
            width = max(width, c)
    matrix = [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]
    return RawGrid(matrix, list(range(1, len(rows) + 1)))


def _text(el: etree._Element) -> str:
    for br in el.iter("br"):
        br.tail = " " + (br.tail or "")
    return normalise_space("".join(el.itertext()))


def _title_and_preamble(
    root: etree._Element, chosen: etree._Element | None, limits: ReadLimits
) -> tuple[str | None, list[str]]:
    # The chosen table may sit inside layout tables; text in those still counts as
    # "above the table", text inside unrelated tables (menus) does not.
    around = list(chosen.iterancestors()) if chosen is not None else []
    candidates = []
    for el in root.iter():  # document order, so everything before the table
        if el is chosen:
            break
        if el.tag in _PREAMBLE_TAGS and el.tag != "caption":
            candidates.append(el)
    if chosen is not None:
        candidates.extend(chosen.iterchildren("caption"))
    lines: list[str] = []
    for el in candidates:
        ancestors = list(el.iterancestors())
        if any(a.tag in _SKIPPED_ANCESTORS for a in ancestors):
            continue
        if any(a.tag == "table" and not any(a is b for b in around) for a in ancestors):
            if el.tag != "caption":
                continue
        text = _text(el)
        if text and len(text) <= limits.max_cell_chars:
            lines.append(text)
    lines = lines[:MAX_PREAMBLE_LINES]
    heading = next((h for h in root.iter("h1") if _text(h)), None)
    page_title = next((_text(t) for t in root.iter("title") if _text(t)), None)
    title = _text(heading) if heading is not None else page_title
    if page_title and page_title != title:
        lines.insert(0, page_title)
    return title, lines
