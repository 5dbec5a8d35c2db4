"""The issue-15 figures other scripts measure, run from the store benchmark so that one run
prints every figure beside its anchor: SHACL validation beside pyshacl
(benchmarks/bench_validate.py) and extraction beside reading rows alone
(benchmarks/bench_extract.py).

Each runs as a child process, as it would from the command line (its own cold pipeline
and shapes), and its Markdown is taken as printed; a child that fails or overruns is
reported in its place rather than ending the store run.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def companion(title: str, module: str, args: list[str], timeout: float) -> list[str]:
    """``title`` and the output of ``python -m module args`` (or why there is none)."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return ["", title, "", f"(not finished within {timeout:g} s)"]
    took = time.perf_counter() - t0
    if done.returncode:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        return ["", title, "", f"(failed, exit {done.returncode}: {tail[0]})"]
    body = [line for line in done.stdout.rstrip().splitlines()
            if not line.startswith("written to ")]
    return ["", f"{title} (`python -m {module} {' '.join(args)}`, {took:.0f} s)", "", *body]


def companions(validate_reports: int, extract_towns: int) -> list[str]:
    lines: list[str] = []
    if validate_reports:
        lines += companion("Validation: plankg's SHACL check beside pyshacl",
                           "benchmarks.bench_validate", ["--reports", str(validate_reports)],
                           timeout=900)
    if extract_towns:
        lines += companion("Extraction: the German pipeline beside reading rows alone",
                           "benchmarks.bench_extract", ["--towns", str(extract_towns)],
                           timeout=1800)
    return lines
