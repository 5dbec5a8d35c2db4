"""The layers hold: lower layers never import higher ones (import-linter, pyproject's
[tool.importlinter]); and the check does fail when one does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGES = ("extractor", "ontology", "store", "service", "plankg", "linking", "benchmarks",
            "scripts", "fuzz", "tests")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--config",
                           str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)


def test_the_layers_hold() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_a_back_arrow_breaks_the_check(tmp_path: Path) -> None:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", "static", "templates",
                                                      "*.csv", "*.ttl", "corpus", "vendor"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    graph = tmp_path / "extractor" / "graph" / "build.py"
    graph.write_text(graph.read_text(encoding="utf-8") + "\nimport store.queries  # noqa\n",
                     encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "extractor.graph.build -> store.queries" in done.stdout, done.stdout[-3000:]
