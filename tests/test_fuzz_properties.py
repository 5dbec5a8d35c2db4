"""Property tests: random input into the readers, the date normaliser and the status
classifier never gives anything but a result or a clear PlanReadError."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.language.dates import find_time_expressions, timeframe_from_text
from extractor.language.status import CATEGORIES, classify_status
from extractor.model import PlanReadError, Table
from extractor.read import read_table
from extractor.read.limits import ReadLimits
from extractor.rows import plan_rows

LIMITS = ReadLimits(max_file_bytes=1 << 20, max_cell_chars=2000, max_rows=500,
                    max_unpacked_bytes=1 << 22)
_CELL = st.one_of(st.text(max_size=40), st.sampled_from([
    "Maßnahme", "Bereich", "Wer?", "Status 01.03.2021", "<b>Fachtag</b> im Mai", "&amp;",
    "<br>", "\"", "läuft", "2020-2022", "", "<table>", "<!DOCTYPE x>", "\x00",
]))
_TABLE_TEXT = st.lists(st.lists(_CELL, max_size=7), max_size=12).map(
    lambda rows: "\n".join("\t".join(r) for r in rows))
_SUFFIX = st.sampled_from([".tsv", ".csv", ".html"])
_SETTINGS = settings(max_examples=200, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])


def _read(path: Path) -> None:
    try:
        table = read_table(path, LIMITS)
    except PlanReadError as exc:
        assert exc.file in (str(path), path.name) and exc.reason
        return
    assert isinstance(table, Table)
    for row in table.rows:
        for cell in row:
            assert len(cell.raw) <= LIMITS.max_cell_chars
    try:
        plan_rows(table)
    except PlanReadError as exc:
        assert exc.reason


@_SETTINGS
@given(data=st.binary(max_size=4000), suffix=_SUFFIX)
def test_random_bytes_give_a_table_or_a_read_error(tmp_path: Path, data: bytes,
                                                   suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    _read(path)


@_SETTINGS
@given(text=st.one_of(st.text(max_size=2000), _TABLE_TEXT), suffix=_SUFFIX,
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_random_text_gives_a_table_or_a_read_error(tmp_path: Path, text: str, suffix: str,
                                                   encoding: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(text.encode(encoding, "replace"))
    _read(path)


@_SETTINGS
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=10))
def test_html_tables_give_a_table_or_a_read_error(tmp_path: Path, rows: list[list[str]]
                                                  ) -> None:
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    path = tmp_path / "doc.html"
    path.write_text(f"<html><body><table>{body}</table></body></html>", encoding="utf-8")
    _read(path)


_DATE_WORDS = st.sampled_from([
    "2020", "2021", "2019/20", "bis", "ab", "seit", "Ende", "Mitte", "Anfang", "März", "Mai",
    "Herbst", "2. Halbjahr", "Q3", "01.03.2021", "31.12.2022", "-", "–", "/", "und", " ",
])


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.lists(_DATE_WORDS, max_size=10).map(" ".join)),
       year=st.one_of(st.none(), st.integers(1990, 2060)))
def test_timeframe_bounds_are_ordered_and_cover_every_interval(text: str, year: int | None
                                                                ) -> None:
    tf = timeframe_from_text(text, year)
    assert tf.start is None or tf.end is None or tf.start <= tf.end
    for interval in tf.intervals:
        if tf.start and interval.start:
            assert tf.start <= interval.start
        if tf.end and interval.end:
            assert interval.end <= tf.end
    assert timeframe_from_text(text, year) == tf  # deterministic
    for e in find_time_expressions(text, year):
        assert 0 <= e.span[0] < e.span[1] <= len(text)


_STATUS_WORDS = st.sampled_from([
    "läuft", "nicht", "noch", "keine", "Schritte", "abgeschlossen", "verschoben", "Corona",
    "entfällt", "geplant", "seit", "März", "2021", "offen", ".", ",", "umgesetzt", "teilweise",
])


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=100), st.lists(_STATUS_WORDS, max_size=12).map(" ".join)),
       asof=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1),
                                          max_value=date(2060, 12, 31))))
def test_status_classification_is_stable(text: str, asof: date | None) -> None:
    first = classify_status(text, asof)
    assert first.category in CATEGORIES
    assert classify_status(text, asof) == first  # idempotent: same text, same answer
    # Surrounding whitespace and letter case decide nothing.
    assert classify_status(f"  {text}  ", asof).category == first.category
    assert classify_status(text.upper(), asof).category in CATEGORIES
    if first.cue is not None:
        # The deciding phrase on its own points the same way (it is the decision).
        assert classify_status(first.cue, asof).category in CATEGORIES
