"""A short atheris run over the readers, as CI's smoke of `make fuzz`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_atheris_smoke_over_the_readers(tmp_path):
    pytest.importorskip("atheris", reason="atheris is not installed (pip install plankg[fuzz])")
    corpus = tmp_path / "seeds"
    subprocess.run([sys.executable, str(ROOT / "fuzz" / "make_seeds.py"), str(corpus)],
                   check=True, cwd=ROOT, timeout=120)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_readers.py"), str(corpus),
         "-runs=3000", "-max_total_time=60", "-seed=1", "-rss_limit_mb=2048", "-timeout=30",
         f"-artifact_prefix={tmp_path}/"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr and "runs in" in proc.stderr
    assert not list(tmp_path.glob("crash-*"))
