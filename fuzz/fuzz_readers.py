"""Atheris harness for the readers: bytes in, a Table or PlanReadError out, nothing else.

The first input byte picks the file suffix (so one corpus exercises every reader); the
rest is the file. Anything other than PlanReadError escaping read_table or plan_rows is
a finding. Run through ``make fuzz`` / ``make fuzz-smoke``, or directly:

    python fuzz/fuzz_readers.py fuzz/corpus -max_total_time=20 -rss_limit_mb=2048
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

with atheris.instrument_imports(include=["extractor"]):
    from extractor.model import PlanReadError, Table
    from extractor.read import read_table
    from extractor.read.limits import ReadLimits
    from extractor.rows import plan_rows

SUFFIXES = [".tsv", ".csv", ".html", ".xhtml", ".docx", ".xlsx", ".odt", ".ods", ".pdf"]
# Small limits keep each run short; the limits themselves are part of what is fuzzed.
LIMITS = ReadLimits(max_file_bytes=1 << 20, max_cell_chars=5000, max_rows=2000,
                    max_unpacked_bytes=8 << 20)
_DIR = tempfile.mkdtemp(prefix="plankg-fuzz-")


def test_one_input(data: bytes) -> None:
    if not data:
        return
    suffix = SUFFIXES[data[0] % len(SUFFIXES)]
    path = Path(_DIR) / f"input{suffix}"
    path.write_bytes(data[1:])
    try:
        table = read_table(path, LIMITS)
        assert isinstance(table, Table)
        plan_rows(table)
    except PlanReadError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    try:
        atheris.Fuzz()
    finally:
        for name in os.listdir(_DIR):
            os.unlink(os.path.join(_DIR, name))


if __name__ == "__main__":
    main()
