"""The load test runs end to end at a tiny size: a real server, real clients, a full table.

Figures depend on the machine and are not checked; the table's shape, that every endpoint
was asked, and that no request failed (every answer 200 and non-empty) are.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_load_test_at_a_tiny_size() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_test", "--triples", "2e4", "--clients", "2",
         "--duration", "5", "--requests", "400"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    header = lines.index("| endpoint | requests | errors | req/s | p50 ms | p99 ms |")
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    names = [row[0] for row in rows]
    assert names == ["GET /api/responsibilities?who=Müller", "POST /sparql (who)",
                     "POST /sparql (latest status by area)", "all"]
    for name, requests_, errors, rate, p50, p99 in rows[:-1]:
        assert int(requests_) > 0 and errors == "0", name
        assert float(rate.replace(",", "")) > 0
        assert 0 < float(p50.replace(",", "")) <= float(p99.replace(",", ""))
    total = rows[-1]
    assert int(total[1]) == sum(int(r[1]) for r in rows[:-1]) <= 400
    assert total[2] == "0"
    assert re.search(r"store of ~20,000 triples \([\d,]+ triples bulk-loaded", done.stdout)
