"""Hostile and broken files fed to the readers in this process: each ends in a clear error
(file and reason) or a bounded, correct result (cases in hostile_cases.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from extractor.model import PlanReadError, Table
from extractor.read import read_table
from extractor.read.limits import ReadLimits
from extractor.rows import plan_rows
from tests.conftest import MOESSINGEN
from tests.hostile_cases import (
    CASE_IDS,
    CASES,
    CORPUS_MEASURES,
    TIMEOUT_S,
    Case,
    Recorder,
    corpus_as,
    limits_for,
)


def read_case(case: Case, path: Path) -> None:
    """Read the case's file and check how it ends."""
    if case.ok:
        table = read_table(path, limits_for(case))
        assert isinstance(table, Table)
        assert len(plan_rows(table).rows) == CORPUS_MEASURES
        texts = " ".join(c.text for row in table.rows for c in row)
        assert "Maßnahmen" in texts and "Fachtag" in texts  # decoded right, not mojibake
        assert "FETCHED_FROM_NETWORK" not in texts and "root:" not in texts
        return
    with pytest.raises(PlanReadError) as err:
        plan_rows(read_table(path, limits_for(case)))
    assert err.value.file in (str(path), path.name)
    assert re.search(case.reason, err.value.reason), err.value.reason


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_reader_ends_cleanly(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    Recorder.hits.clear()
    read_case(case, path)
    assert not Recorder.hits, f"the reader fetched {Recorder.hits}"


@pytest.mark.timing
@pytest.mark.parametrize("case", [c for c in CASES if c.quick], ids=lambda c: c.name)
def test_reader_ends_quickly(case: Case, tmp_path: Path) -> None:
    path = case.build(tmp_path)
    started = time.monotonic()
    read_case(case, path)
    assert time.monotonic() - started < (case.quick or TIMEOUT_S)


def test_utf16_and_cp1252_read_the_same_cells_as_utf8(tmp_path: Path) -> None:
    text = MOESSINGEN.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-be", "cp1252", "utf-8-sig"):
        # cp1252 lacks a few characters of the corpus; compare with what it can hold.
        same = tmp_path / f"reference-{encoding}.tsv"
        same.write_text(text.encode(encoding, "replace").decode(encoding).lstrip("\ufeff"),
                        encoding="utf-8")
        reference = [[c.text for c in row] for row in read_table(same).rows]
        path = corpus_as(f"plan-{encoding}.tsv", encoding)(tmp_path)
        if encoding == "utf-16-be":  # no BOM from this codec: add one, as Excel does
            path.write_bytes(b"\xfe\xff" + path.read_bytes())
        assert [[c.text for c in row] for row in read_table(path).rows] == reference, encoding


def test_limits_come_from_the_configuration() -> None:
    from plankg.config import Config

    env = {"PLANKG_MAX_ROWS": "7", "PLANKG_MAX_CELL_CHARS": "99",
           "PLANKG_MAX_FILE_BYTES": "12345", "PLANKG_MAX_UNPACKED_BYTES": "54321"}
    assert Config.load(environ=env).read_limits() == ReadLimits(
        max_file_bytes=12345, max_cell_chars=99, max_rows=7, max_unpacked_bytes=54321)
    assert Config.load(environ={}).read_limits() == ReadLimits()


def test_every_case_has_a_reason_or_a_result() -> None:
    for case in CASES:
        assert case.ok or case.reason, case.name
    assert len(set(CASE_IDS)) == len(CASE_IDS)
