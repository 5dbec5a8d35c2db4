"""Measure sheets (Maßnahmenblätter, Steckbriefe): one small table or block per measure.

A sheet is a list of label/value fields: a two-column table ("Federführung | Amt 61"),
a four-column one (two pairs a row), or lines "Label: value" in running text. A label is
a short text that names a column role (:mod:`extractor.columns`). The fields of all
sheets become one plan table: the labels, in the order first seen, are its header and
each sheet is one row, so everything after the reader treats sheets like any table.

A sheet starts with a field naming the measure or its number, or with a heading printed
above its table ("A1.1 Klimaschutzmanagement"); a table or block without either continues
the sheet before it (a sheet broken over a page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import resolve_weak, roles_of
from .boxsheets import boxed_fields
from .tables import RawGrid, header_row_index, lines_to_raw, plain

TITLE_LABEL = "Maßnahme"
AREA_LABEL = "Bereich"
DESCRIPTION_LABEL = "Beschreibung"
_BARE_NUMBER = re.compile(r"(?:(?i:Ma(?:ß|ss)nahmen?|measure)(?:[- ]?Nr\.?)?\s*|Nr\.\s*)\S{1,8}:?")
_ENUMERATOR = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.|[IVX]{1,4}\.)\s+")
_STOPWORDS = {"der", "die", "das", "im", "in", "es", "mit", "bei", "für", "zum", "zur",
              "auch", "dabei", "ein", "eine", "und", "von", "auf", "aus", "als", "an",
              "durch", "nach", "seit", "so", "wie", "zu", "am", "dies", "diese", "dazu"}
_PAGE_LINE = re.compile(r"(?:seite\s*)?\d{1,4}(?:\s*(?:von|/)\s*\d{1,4})?|\|?\s*\d{1,4}\s*\|?",
                        re.IGNORECASE)
_LABEL_MAX_CHARS = 50
_STARTS = {"measure", "number"}
_LINE_FIELD = re.compile(r"^(?P<label>[^:]{2,50}?)\s*:\s*(?P<value>.*)$")
_HEADING_NUMBER = re.compile(
    r"^(?:(?:(?i:Ma(?:ß|ss)nahmen?|measure)(?:[- ]?Nr\.?)?|Nr\.)\s*\d{1,4}(?:\.\d{1,4})*"
    r"|(?:Ma(?:ß|ss)nahme\s+)?(?:[A-ZÄÖÜ]{1,3}[-‐ ]?\d{1,3}[a-z]?(?:\.\d{1,3})*"
    r"|[IVX]{1,4}\.\d{1,3}|(?!\d{1,3}\.\d{3}(?!\.?\d))\d{1,2}(?:\.\d{1,3})+))"
    r"(?=[\s:.]|$|[A-ZÄÖÜ][a-zäöüß])")  # "25.000 Euro" is an amount, not "25.0"
# A number glued to its title by the text layer: "Ü-1Stärkere …".
_GLUED = re.compile(r"^([A-ZÄÖÜ]{1,3}[-‐]?\d{1,3}(?:\.\d{1,3})*)(?=[A-ZÄÖÜ][a-zäöüß])")


@dataclass
class Sheet:
    fields: list[tuple[str, str]] = field(default_factory=list)  # (label, raw value)
    heading: str | None = None
    page: int | None = None
    area: str | None = None
    section: str | None = None  # the area from section lines alone, see sheets_from_lines

    def labels(self) -> set[str]:
        return {label for label, _ in self.fields}


def label_roles(text: str) -> list[str]:
    """The roles a field label names; none for long texts (values, not labels)."""
    label = text.strip().rstrip(":").strip()
    if not label or len(label) > _LABEL_MAX_CHARS:
        return []
    return resolve_weak({0: roles_of(label)}).get(0, [])


def grid_fields(grid: RawGrid) -> tuple[list[tuple[str, str]], str | None]:
    """The label/value pairs of a sheet table and the heading row spanning it, if any."""
    pairs: list[tuple[str, str]] = []
    heading = None
    for row in grid.rows:
        texts = [plain(c) for c in row]
        if len({t for t in texts if t}) == 1 and not label_roles(texts[0] or ""):
            if not pairs and heading is None:
                heading = next(t for t in texts if t)
            continue
        for j in range(0, len(row) - 1, 2):
            label = plain(row[j]).rstrip(":").strip()
            if label:
                pairs.append((label, row[j + 1]))
    return pairs, heading


def is_sheet_grid(grid: RawGrid) -> bool:
    if grid.width not in (2, 4) or len(grid.rows) < 2:
        return False
    pairs, _ = grid_fields(grid)
    return sum(1 for label, _ in pairs if label_roles(label)) >= 2


def is_boxed_sheet(grid: RawGrid) -> bool:
    """A frame of cells that begin with their labels (:mod:`.boxsheets`), whose first
    row may read like a table's header ("Projektträger | Akteure | Zeitrahmen")."""
    return boxed_fields(grid, label_roles, allow_bare=not is_sheet_grid(grid)) is not None


def sheets_from_grids(grids: list[RawGrid], headings: list[str | None]) -> list[Sheet]:
    """Sheets from the sheet-shaped tables, in document order."""
    sheets: list[Sheet] = []
    for grid, above in zip(grids, headings, strict=True):
        # A frame whose cells carry their labels ("Projektträger Tiefbauamt") may have two
        # or four columns too; a sheet table's label cells hold the label alone.
        pair_shaped = is_sheet_grid(grid)
        found = boxed_fields(grid, label_roles, allow_bare=not pair_shaped) or (
            grid_fields(grid) if pair_shaped else None)
        if found is None:
            continue
        pairs, heading = found
        heading = heading or (above if above and _HEADING_NUMBER.match(above) else None)
        starts = any(set(label_roles(label)) & _STARTS for label, _ in pairs)
        if sheets and not starts and heading is None:
            sheets[-1].fields.extend(pairs)  # the sheet continues over a page break
            continue
        if heading is None and not starts:
            heading = above
        sheets.append(Sheet(pairs, heading, grid.page))
    return sheets


def sheets_from_lines(lines: list[tuple[str, int | None]]) -> list[Sheet]:
    """Sheets from running text: blocks of labelled lines, one block a measure.

    A label is "Label: value", or one of the document's own labels: a line start that
    recurs through the document ("Verantwortliche Stelle …", "Umsetzungsstand …") in
    text layers that lost the table's colon. A heading line with a measure number, or a
    label seen again, starts the next sheet; a short line right above a heading is the
    section (area) of the sheets below; a line without a label continues the value above
    it. Page furniture (lines recurring on many pages, page numbers) is dropped.
    """
    lines = [(_GLUED.sub(r"\1 ", t.strip()), p) for t, p in lines
             if t.strip() and not _furniture(t)]
    lines = [(t, p) for t, p in lines if _digitless(t) not in _recurring(lines)]
    learned = _learned_labels([t for t, _ in lines])
    lines = _join_broken_labels(lines, learned)
    sections = _section_lines([t for t, _ in lines])
    sheets: list[Sheet] = []
    pending: str | None = None
    area: str | None = None
    # A numbered heading over prose ("7.2.1 Übergreifende Maßnahmen" and an introduction)
    # is the area of the sheets after it, where the document has labelled sheets.
    prose_area: str | None = None
    for index, (text, page) in enumerate(lines):
        heading = bool(_HEADING_NUMBER.match(text)) and len(text) <= 200
        found = None if heading and index not in sections else _field(text, learned)
        if pending is not None and _BARE_NUMBER.fullmatch(pending) and found is None \
                and not heading:
            pending = f"{pending} {text}"  # "Maßnahmen-Nr. 01" / its title on the next line
            continue
        if found is not None:
            label, value = found
            current = sheets[-1] if sheets else None
            if current is None or pending is not None or label in current.labels():
                current = Sheet(heading=pending, page=page, area=prose_area or area,
                                section=area)
                sheets.append(current)
                pending = None
            current.fields.append((label, value))
        elif index in sections:
            area, prose_area = section_name(text), None
        elif heading:
            pending = text
        elif pending is not None and index + 1 < len(lines) and _field(
                lines[index + 1][0], learned) is not None:
            pending = " ".join(_healed([pending, text]))  # a title wrapped onto a second line
        elif pending is not None:
            # Prose under a heading without fields: the measure's description.
            sheets.append(Sheet([(DESCRIPTION_LABEL, text)], heading=pending, page=page,
                                area=prose_area or area, section=area))
            if _ENUMERATOR.match(pending):
                prose_area = section_name(pending)
            pending = None
        elif sheets and sheets[-1].fields:
            label, value = sheets[-1].fields[-1]
            sheets[-1].fields[-1] = (label, f"{value}\n{text}")
    return _measure_sheets(sheets)


def _measure_sheets(sheets: list[Sheet]) -> list[Sheet]:
    """The collected sheets that are measures, their values joined from their lines."""
    for sheet in sheets:  # values were collected as plain lines
        sheet.fields = [(label, lines_to_raw(_healed(value.strip().split("\n"))))
                        for label, value in sheet.fields]
    own = {AREA_LABEL, DESCRIPTION_LABEL}  # labels this reader adds do not count

    def named(sheet: Sheet) -> int:
        return sum(1 for lb, _ in sheet.fields if lb not in own and label_roles(lb))

    labelled = [s for s in sheets if named(s) >= 2]
    if labelled:  # a form: a headed sheet that fills in fewer fields is still a measure
        labelled = [s for s in sheets if named(s) >= 2 or s.heading and named(s) >= 1]
    # A document of headed sections only ("Maßnahmen-Nr. 03" + prose): each is a measure,
    # and a numbered heading over prose is one of them, not an area.
    headed = [s for s in sheets if s.heading]
    chosen = labelled if labelled or len(headed) < 3 else headed
    for sheet in chosen:
        area = sheet.area if labelled else sheet.section
        if area and not any("area" in label_roles(lb) for lb, _ in sheet.fields):
            sheet.fields.insert(0, (AREA_LABEL, lines_to_raw([area])))
    return chosen


def _field(text: str, learned: set[str]) -> tuple[str, str] | None:
    found: list[tuple[str, str]] = []
    # A learned label may be glued to its value ("MaßnahmentypDaueraufgabe").
    found.extend((label, text[len(label):].lstrip(":").strip())
                 for label in learned if text.startswith(label))
    m = _LINE_FIELD.match(text)
    # Words, not the signs between them: "Möglicher Akteur / Initiator", "Kosten (€)".
    words = [w for w in m.group("label").split() if re.search(r"\w", w)] if m else []
    if m and len(words) <= 3 and label_roles(m.group("label")):
        found.append((m.group("label").strip(), m.group("value").strip()))
    # The longest label that fits: "Möglicher Akteur / Initiator: …" over a learned
    # "Möglicher Akteur".
    return max(found, key=lambda f: len(f[0])) if found else None


def _learned_labels(texts: list[str]) -> set[str]:
    """The form's labels: line starts where many lines diverge into different values.

    "Umsetzungsstandals …", "Umsetzungsstandgestartet" (a text layer that glued label and
    value) and "Aktueller Stand Beim …" all share their label and then go separate ways.
    A label names a role, or is one long capitalised word ("Maßnahmentyp").
    """
    counts: dict[str, int] = {}
    nexts: dict[str, set[str]] = {}
    for text in texts:
        for n in range(4, min(len(text), _LABEL_MAX_CHARS) + 1):
            head = text[:n]
            counts[head] = counts.get(head, 0) + 1
            nexts.setdefault(head, set()).add(text[n:n + 1])
    # A label that names no role must end where its word does: "Klimaschutzko" of
    # "Klimaschutzkonzept"/"Klimaschutzkoordination" is a shared stem, not a label.
    candidates = {h: c for h, c in counts.items() if c >= 3 and len(nexts[h]) >= 2
                  and _label_like(h) and (label_roles(h.strip()) or not any(
                      n.islower() for n in nexts[h]))}
    role_counts = [c for h, c in candidates.items() if label_roles(h)]
    if not role_counts:
        return set()
    floor = max(3, int(max(role_counts) * 0.5))
    learned = {h.strip(): c for h, c in candidates.items() if c >= floor}
    # Where one label starts another, the longer wins while it still starts most of those
    # lines ("Umsetzungsstand" over "Umsetzung"), not when it is a label plus the first
    # letter of some values ("Aktueller Stand" over "Aktueller StandD…").
    def beaten(k: str) -> bool:
        return any(o != k and (o.startswith(k) and learned[o] >= 0.7 * learned[k]
                               or k.startswith(o) and learned[k] < 0.7 * learned[o])
                   for o in learned)

    return {k for k in learned if not beaten(k)}


def _label_like(head: str) -> bool:
    words = head.strip().split()
    if not words or not head[0].isupper() or head != head.rstrip() and len(words) > 2:
        return False
    if head[-1].isalpha() is False and not head.endswith(" "):
        return False
    if words[0].lower() in _STOPWORDS or len(words) > 3:
        return False
    if label_roles(head.strip()):
        return len(head.strip()) >= 4
    return len(words) == 1 and len(words[0]) >= 6


def _join_broken_labels(lines: list[tuple[str, int | None]], learned: set[str]
                        ) -> list[tuple[str, int | None]]:
    """ "Verantwortliche" / "Stelle" on two lines is the label "Verantwortliche Stelle"."""
    out: list[tuple[str, int | None]] = []
    for text, page in lines:
        if out and " " not in out[-1][0] and out[-1][0] in learned | _role_words(out[-1][0]) \
                and len(text.split()) == 1 \
                and len(text) <= 15 and text[0].isupper() and label_roles(f"{out[-1][0]} {text}"):
            out[-1] = (f"{out[-1][0]} {text}", page)
            learned.add(out[-1][0])
            learned.discard(text)  # "Stelle" alone was only the label's second half
            continue
        out.append((text, page))
    return out


def _role_words(text: str) -> set[str]:
    return {text} if len(text.split()) == 1 and label_roles(text) else set()


def section_name(text: str) -> str:
    """A section heading without its enumerator: "6.1 Übergreifendes" -> "Übergreifendes"."""
    return _ENUMERATOR.sub("", text).strip() or text


def _is_section_line(text: str) -> bool:
    # A word must be there: a figure's axis ("201020112012…") is no section.
    return (len(text) <= 60 and len(text.split()) <= 6 and (text[0].isupper()
                                                            or bool(_ENUMERATOR.match(text)))
            and re.search(r"[A-Za-zÄÖÜäöüß]{3}", text) is not None
            and not text.endswith((".", ",", ";", ":", ")", "-")))


def _section_lines(texts: list[str]) -> set[int]:
    """Indexes of section headings: short lines right above a measure heading. Where some
    are numbered ("6.1 Übergreifendes"), only numbered ones are: a short last line of a
    value ("Zusammenarbeit") is no section."""
    found = {i for i, t in enumerate(texts[:-1])
             if _HEADING_NUMBER.match(texts[i + 1]) and _is_section_line(t)
             and not _HEADING_NUMBER.match(t) or i + 1 < len(texts)
             and _HEADING_NUMBER.match(texts[i + 1]) and _ENUMERATOR.match(t)
             and _is_section_line(t)}
    numbered = {i for i in found if _ENUMERATOR.match(texts[i])}
    return numbered or found


def _furniture(text: str) -> bool:
    return bool(_PAGE_LINE.fullmatch(text.strip()))


def _digitless(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _recurring(lines: list[tuple[str, int | None]]) -> set[str]:
    """Running heads and feet: the same line (numbers aside) printed many times."""
    counts: dict[str, int] = {}
    for text, _ in lines:
        if re.search(r"\d", text) and "|" in text or re.search(r"\bSeite\b", text):
            key = _digitless(text)
            counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= 3}


def _healed(lines: list[str]) -> list[str]:
    """Lines of a value with words hyphenated at line ends joined again."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[a-zäöüß]-$", out[-1]) and re.match(r"[a-zäöüß]", line) and \
                line.split()[0].strip(",.;") not in {"und", "oder", "bzw", "sowie", "bis"}:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
    return out


def starts_sheet(text: str) -> bool:
    """Whether a line is a sheet's heading or labelled field (where a title block ends)."""
    m = _LINE_FIELD.match(text.strip())
    return bool(_HEADING_NUMBER.match(text.strip()) or (m and label_roles(m.group("label"))))


def _start_labels(sheet: Sheet) -> set[str]:
    return {label for label, _ in sheet.fields if set(label_roles(label)) & _STARTS}


def sheets_grid(sheets: list[Sheet]) -> RawGrid:
    """One plan table: the labels as header, a row per sheet; a heading is the title."""
    header: list[str] = []
    needs_title = any(not any("measure" in label_roles(lb) for lb, _ in s.fields)
                      for s in sheets)
    if needs_title:
        header.append(TITLE_LABEL)
    for sheet in sheets:
        for label, _ in sheet.fields:
            if label not in header:
                header.append(label)
    rows = [[lines_to_raw([h]) for h in header]]
    for sheet in sheets:
        values: dict[str, list[str]] = {}
        for label, raw in sheet.fields:
            values.setdefault(label, []).append(raw)
        if needs_title and TITLE_LABEL not in values and sheet.heading:
            values[TITLE_LABEL] = [lines_to_raw([sheet.heading])]
        rows.append(["<br>".join(v for v in values.get(h, []) if v) for h in header])
    pages = [sheets[0].page if sheets else None] + [s.page for s in sheets]
    return RawGrid(rows, list(range(1, len(rows) + 1)), page=pages[0], pages=pages)


def sheet_grid_for(grids: list[RawGrid], chosen: int | None, headings: list[str | None],
                   lines: list[tuple[str, int | None]]) -> RawGrid | None:
    """The document's sheets as one table, when they are its plan rather than a table.

    Sheets win when no table has a header row, or when the table the scorer picked is
    itself one sheet among several.
    """
    plan_table = chosen is not None and header_row_index(grids[chosen].rows) is not None
    if plan_table and not (is_sheet_grid(grids[chosen]) or is_boxed_sheet(grids[chosen])):
        return None
    sheets = sheets_from_grids(grids, headings)
    if not sheets and not plan_table:
        sheets = sheets_from_lines(lines)
    if not sheets or (plan_table and len(sheets) < 2):
        return None
    return sheets_grid(sheets)
