"""PDF tables without ruling lines, recovered from the positions of words.

Many plans are typeset as tables without rules. The header row is found as the first
line whose word groups read like column headings; the columns are the header's groups,
their borders placed in the widest empty vertical strip between one heading and the
next (body text is left-aligned under its heading, so the border lies before the next
heading). Lines below are cut at those borders; lines close together (less than the
larger spacing that separates rows) are one row, their cell texts joined and words
hyphenated at line ends joined again. Later pages reuse the borders of their own
repeated header, else the previous page's, so a table continued over pages is one table.
Page numbers and running headers or footers repeated on every page are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..columns import names_plan_columns
from .tables import RawGrid, header_hits, lines_to_raw

_MIN_GAP = 4  # points: the narrowest clear strip that separates two columns
_LINE_TOLERANCE = 3.0  # points: words whose tops differ less are on one line
_PAGE_NUMBER = re.compile(r"(?:seite|page|s\.)?\s*\d{1,4}(?:\s*(?:von|/|of)\s*\d{1,4})?",
                          re.IGNORECASE)
_AMOUNT = re.compile(r"[-+–]?[\d.,]+\s?(?:€|%|T€|Mio\.?)?|€")
_YEAR = re.compile(r"(?:19|20)\d\d")
_KEEP_HYPHEN = {"und", "oder", "bzw", "sowie", "bis", "als", "wie"}


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def page_lines(page) -> list[Line]:
    return lines_of(page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False))


def lines_of(words: list[dict]) -> list[Line]:
    """Words (a text layer's or OCR's) in lines, top to bottom, each left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(word["top"] - lines[-1].top) <= _LINE_TOLERANCE:
            lines[-1].words.append(word)
            lines[-1].bottom = max(lines[-1].bottom, word["bottom"])
        else:
            lines.append(Line(word["top"], word["bottom"], [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def joined_lines(lines: list[Line], found: list[list[dict]]) -> list[Line]:
    """A page's lines with the lines OCR found on it, top to bottom. OCR lines that
    stand side by side (apart in width, mostly level in height, as the cells of a table
    row) are one line, like the words of a text layer."""
    ocr = [Line(_median([w["top"] for w in ws]), _median([w["bottom"] for w in ws]),
                sorted(ws, key=lambda w: w["x0"])) for ws in found if ws]
    merged: list[Line] = []
    for line in sorted(lines + ocr, key=lambda ln: ln.top):
        last = next((m for m in reversed(merged[-3:]) if _beside(m, line)), None)
        if last is not None:
            last.words = sorted(last.words + line.words, key=lambda w: w["x0"])
        else:
            merged.append(line)
    return merged


def _beside(a: Line, b: Line) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    apart = a.words[-1]["x1"] < b.words[0]["x0"] or b.words[-1]["x1"] < a.words[0]["x0"]
    return apart and overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def groups(line: Line) -> list[list[dict]]:
    """The line's words in groups separated by more than a wide space."""
    out: list[list[dict]] = []
    for word in line.words:
        size = word["bottom"] - word["top"]
        if out and word["x0"] - out[-1][-1]["x1"] <= max(size * 0.9, 4.0):
            out[-1].append(word)
        else:
            out.append([word])
    return out


def _text(words: list[dict]) -> str:
    return " ".join(w["text"] for w in words)


def is_header(line: Line) -> bool:
    cells = [_text(g) for g in groups(line)]
    years = sum(1 for c in cells if _YEAR.fullmatch(c))
    # Words of a justified prose line stand apart like cells; a fragment of a sentence
    # ("Maßnahmen:", "Umsetzung)") is not a column heading.
    headings = [c for c in cells if not _fragment(c)]
    # "Konsolidierungsmaßnahmen | 2013 | 2014 | …": a measure column and one per year.
    return len(cells) >= 3 and (header_hits(headings) >= 2 or years >= 2
                                and names_plan_columns(cells))


def _fragment(cell: str) -> bool:
    return cell.endswith((",", ";", ":")) or any(
        cell.count(a) != cell.count(b) for a, b in ("()", "[]", "„“"))


def find_header(lines: list[Line]) -> int | None:
    return next((i for i, line in enumerate(lines) if is_header(line)), None)


def borders(header: Line, body: list[Line]) -> list[float]:
    """x positions that separate the columns named by the header's groups."""
    heads = groups(header)
    cuts: list[float] = []
    for left, right in zip(heads, heads[1:], strict=False):
        lo, hi = left[-1]["x1"], right[0]["x0"]
        cuts.append(_widest_gap(body, lo, hi) if hi > lo else (lo + hi) / 2)
    return cuts


def _widest_gap(body: list[Line], lo: float, hi: float) -> float:
    covered = [False] * (int(hi - lo) + 1)
    for line in body:
        for w in line.words:
            a, b = max(w["x0"], lo), min(w["x1"], hi)
            for x in range(int(a - lo), int(b - lo) + 1):
                if 0 <= x < len(covered):
                    covered[x] = True
    best, run_start = None, None
    for x, taken in enumerate([*covered, True]):
        if not taken and run_start is None:
            run_start = x
        if taken and run_start is not None:
            # The rightmost clear strip: text stands left-aligned under its heading, so
            # the border lies right before the next heading (indented text stays left).
            if x - run_start >= _MIN_GAP or best is None:
                best = (run_start + x) / 2
            run_start = None
    return lo + best if best is not None else hi - 1


def cut(line: Line, cuts: list[float], starts: list[float] | None = None) -> list[list[dict]]:
    """The line's words by column. Text stands left-aligned under its heading: a word
    belongs to the last heading starting left of it (an indented title stays in its
    column); amounts, often right-aligned, go by their centre. A word that follows the one
    before at a normal word space stays in its column: a heading spanning the row is one
    text, not two cells."""
    cells: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
    column, last = 0, None
    for w in line.words:
        centre = (w["x0"] + w["x1"]) / 2
        here = sum(1 for c in cuts if centre > c)
        if starts and not _AMOUNT.fullmatch(w["text"]):
            here = min(here, max(0, sum(1 for x in starts if x <= w["x0"] + 2) - 1))
        size = w["bottom"] - w["top"]
        if last is None or w["x0"] - last["x1"] > size * 0.45 or here < column:
            column = here
        cells[column].append(w)
        last = w
    return cells


def join_lines(lines: list[str]) -> list[str]:
    """Join a cell's lines, healing words hyphenated at a line end ("Klima-" "schutz")."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"[a-zäöüß]-$", out[-1]) and re.match(r"[a-zäöüß]", line):
            first = line.split()[0].strip(",.;")
            if first not in _KEEP_HYPHEN:
                out[-1] = out[-1][:-1] + line
                continue
        out.append(line)
    return [" ".join(out)] if out else []


def _records(lines: list[Line], cuts: list[float], starts: list[float] | None = None
             ) -> list[list[list[str]]]:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:], strict=False)]
    threshold = _row_gap(gaps)
    records: list[list[list[str]]] = []
    for index, line in enumerate(lines):
        cells = [_text(c) for c in cut(line, cuts, starts)]
        new = index == 0 or threshold is None or gaps[index - 1] > threshold
        if new:
            records.append([[c] if c else [] for c in cells])
        else:
            for j, c in enumerate(cells):
                if c:
                    records[-1][j].append(c)
    return records


def _row_gap(gaps: list[float]) -> float | None:
    """The spacing above which a new row starts; None when every line is its own row."""
    values = sorted(round(g, 1) for g in gaps if g > -_LINE_TOLERANCE)
    if len(values) < 2:
        return None
    best, best_jump = None, 1.4
    for i, (a, b) in enumerate(zip(values, values[1:], strict=False)):
        jump = (b + 1.0) / (max(a, 0.0) + 1.0)
        # A row break must separate a fair share of the lines, not only a footer's gap.
        if jump > best_jump and b - a > 1.5 and len(values) - i - 1 >= len(values) * 0.1:
            best, best_jump = (a + b) / 2, jump
    return best


def _running_texts(pages: list[list[Line]]) -> set[str]:
    """Lines printed on most pages (running headers and footers)."""
    if len(pages) < 2:
        return set()
    seen = Counter(text for lines in pages for text in {ln.text for ln in lines})
    return {text for text, n in seen.items() if n >= max(2, len(pages) * 0.6)}


def word_grids(pages: list[list[Line]], page_numbers: list[int]) -> list[RawGrid]:
    """One grid per page holding the unruled table, all with the header's columns."""
    running = _running_texts(pages)
    grids: list[RawGrid] = []
    cuts: list[float] | None = None
    starts: list[float] | None = None
    for lines, number in zip(pages, page_numbers, strict=True):
        lines = _without_footer([ln for ln in lines if (ln.text not in running or is_header(ln))
                                 and not _PAGE_NUMBER.fullmatch(ln.text.strip())])
        at = find_header(lines)
        if at is not None and (cuts is None or len(groups(lines[at])) == len(cuts) + 1):
            cuts = borders(lines[at], lines[at + 1:])
            starts = [g[0]["x0"] for g in groups(lines[at])]
            body = lines[at:]
        elif cuts is not None:
            body = lines
        else:
            continue
        rows = [[lines_to_raw(join_lines(cell)) for cell in rec]
                for rec in _records(body, cuts, starts)]
        if rows:
            grids.append(RawGrid(rows, list(range(1, len(rows) + 1)), page=number))
    return grids


def _without_footer(lines: list[Line]) -> list[Line]:
    """The page's lines without a foot line set apart below the rest and ending in the
    page number ("13. Februar 2013 | Alexander Sturm | 33"), where one page alone cannot
    show it recurring."""
    if len(lines) < 4:
        return lines
    gaps = sorted(b.top - a.bottom for a, b in zip(lines[:-1], lines[1:-1], strict=False))
    above = lines[-1].top - lines[-2].bottom
    last = groups(lines[-1])
    if len(last) >= 2 and re.fullmatch(r"\d{1,4}", _text(last[-1])) \
            and above > max(2 * gaps[len(gaps) // 2], 4.0):
        return lines[:-1]
    return lines


def header_top(lines: list[Line]) -> float | None:
    at = find_header(lines)
    return lines[at].top if at is not None else None
