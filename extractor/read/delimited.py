"""Delimited text (TSV, CSV, semicolon CSV) in UTF-8, UTF-8 with BOM or Windows-1252."""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from pathlib import Path

from charset_normalizer import from_bytes

from ..columns import names_plan_columns
from ..model import PlanReadError, SourceRef, Table
from . import reader
from .cells import make_cell
from .limits import ReadLimits
from .tables import check_cell_size, header_hits, plain

_DELIMITERS = "\t;,"
_SNIFF_RECORDS = 2000  # records parsed per candidate delimiter
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, path: Path) -> str:
    """Decode bytes as UTF-8 (with or without BOM), else the best legacy guess."""
    # Byte order marks first: Excel's "Unicode text" export is UTF-16 with tabs, and its
    # NUL bytes must not read as binary content.
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise PlanReadError(path, f"cannot decode the text ({encoding} byte order "
                                          f"mark): {exc.reason}") from exc
    if b"\x00" in data[:65536]:
        raise PlanReadError(path, "binary content (NUL bytes) in a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16"]).best()
    encoding = best.encoding if best else "cp1252"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PlanReadError(path, f"cannot decode the text ({encoding}): {exc.reason}") from exc


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter whose parse gives the most records of one width (> 1 cell).

    Each candidate parses the file as the csv module would, quotes included, so a quoted
    cell with line breaks or full of commas counts once, not as many broken lines.
    """
    best, best_score = "\t", (False, -1, 0)
    for delim in _DELIMITERS:
        records = [r for r in _records(text, delim) if any(c.strip() for c in r)]
        widths = Counter(len(r) for r in records)
        widths.pop(1, None)
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1] * item[0], item[0]))
        # A quote left inside a cell means the quotes opened after another delimiter.
        stray = sum(1 for r in records if any('"' in c for c in r))
        # The delimiter that splits a header row into column names wins over any other.
        header = any(header_hits(r) >= 2 for r in records[:20] if len(r) > 1)
        score = (header, (count - stray) * width, -stray)
        if score > best_score:
            best, best_score = delim, score
    return best


def _tabular(text: str, delimiter: str) -> bool:
    """Whether a plan header row shows among the first records split at ``delimiter``."""
    return any(names_plan_columns([plain(c) for c in r])
               for r in _records(text[:200_000], delimiter)[:40] if r)


def _records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= _SNIFF_RECORDS:
                break
    except csv.Error:
        pass  # an oversized cell: judge by the records read so far
    return records


@reader(".tsv", ".tab", ".csv")
def read_delimited(path: Path, limits: ReadLimits) -> Table:
    text = decode(path.read_bytes(), path)
    delimiter = sniff_delimiter(text)
    if path.suffix.lower() == ".txt" and not _tabular(text, delimiter):
        # Not a table: a PDF's text layer; its measure sheets survive as lines.
        from .text import sheets_table

        table = sheets_table(path, text, limits)
        if table is not None:
            return table
    csv.field_size_limit(max(limits.max_cell_chars * 4, 131072))
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = []
    line = 1
    try:
        for record in records:
            if len(rows) >= limits.max_rows:
                raise PlanReadError(path, f"more than {limits.max_rows} rows", row=line)
            cells = []
            for col, raw in enumerate(record):
                check_cell_size(path, raw, line, col, limits)
                cells.append(make_cell(raw, SourceRef(path.name, line, col)))
            rows.append(cells)
            line = records.line_num + 1
    except csv.Error as exc:
        if "field limit" in str(exc):  # the csv module stops a huge cell before we see it
            raise PlanReadError(
                path, f"a cell has more than {csv.field_size_limit()} characters "
                f"(limit {limits.max_cell_chars})", row=line) from exc
        raise PlanReadError(path, f"malformed delimited text: {exc}", row=line) from exc
    return Table(file=path.name, rows=rows)
