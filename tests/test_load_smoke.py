"""The abuse load test runs end to end at a tiny size: a real server, real clients, the report.

Latencies depend on the machine and are not checked; the report's shape, that every kind of
request was sent, that the well-behaved client saw no error, that the oversized reconcile
batch was refused and that the CPU went idle, are.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _rows(lines: list[str], header: str) -> list[list[str]]:
    start = lines.index(header)
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_load_test_at_a_tiny_size() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_test", "--triples", "2e4", "--abusers", "4",
         "--duration", "8", "--query-timeout", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    good = _rows(lines, "| request | requests | errors | req/s | p50 ms | p99 ms |")
    assert [row[0] for row in good] == ["GET /api/measures/{id}", "GET /id/measure/… (Turtle)",
                                        "POST /sparql (a measure's title)", "all"]
    for name, requests_, errors, rate, p50, p99 in good[:-1]:
        assert int(requests_) > 0 and errors == "0", name
        assert float(rate.replace(",", "")) > 0
        assert 0 < float(p50.replace(",", "")) <= float(p99.replace(",", ""))
    bad = {row[0]: row for row in _rows(lines, "| abusive request | requests | answers by "
                                               "status | p50 ms |")}
    assert len(bad) == 4 and all(int(row[1]) > 0 for row in bad.values())
    oversized = bad["/reconcile batch of 1,000"][2]
    # Refused (400), and each refusal costs tokens: a client that keeps sending it is
    # rate-limited (429) too.
    assert re.fullmatch(r"400: \d+(, 429: \d+)?", oversized), oversized
    assert "cross product of four graph patterns" in bad
    summary = next(line for line in lines if line.startswith("well-behaved p99:"))
    assert "errors: 0" in summary and "the server still answers: True" in summary
    assert re.search(r"CPU idle \d+\.\d s after", summary), summary
    assert re.search(r"store of ~20,000 triples \([\d,]+ triples bulk-loaded", done.stdout)
    assert re.search(r"load average \d+\.\d before, \d+\.\d after, on \d+ cores", done.stdout)
    # Where the time went, from the server's Server-Timing header.
    spent = _rows(lines, "| requests | n | client ms | before/after the app | app CPU | "
                         "ready, not running | waiting for a worker | in the worker |")
    assert [row[0] for row in spent] == ["median (p45–p55)", "slowest 1 %"]
    assert all(float(cell.replace(",", "")) >= 0 for row in spent for cell in row[1:])
