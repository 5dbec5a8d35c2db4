"""The benchmark scripts run end to end at a tiny size and print the figures they promise.

Timings are not checked (they depend on the machine); the shape of the output, the row
counts and the agreement of the two engines on the same question are.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(*args: str, timeout: float) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_synth_writes_deterministic_reports(tmp_path: Path) -> None:
    out = _run("benchmarks.synth", "--out", str(tmp_path / "a"), "--towns", "2",
               "--rows-per-doc", "5", "--reports", "2", "--seed", "3", timeout=30)
    assert "wrote 4 documents (20 rows) for 2 towns" in out
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) == 4
    assert len({d["town"] for d in manifest}) == 2
    for doc in manifest:
        lines = (tmp_path / "a" / doc["path"]).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("Bereich\tZiele\tMaßnahmen\tWer?\t")
        assert re.search(r"\tStatus \d\d\.\d\d\.\d{4}$", lines[0])
        assert len(lines) == 6 and all(line.count("\t") == 5 for line in lines)
    # Two reports of one plan: the same measures, dated apart.
    plan = [d for d in manifest if d["plan_key"] == manifest[0]["plan_key"]]
    first, second = ((tmp_path / "a" / d["path"]).read_text(encoding="utf-8").splitlines()
                     for d in plan)
    assert [r.split("\t")[2] for r in first[1:]] == [r.split("\t")[2] for r in second[1:]]
    assert plan[0]["status_date"] < plan[1]["status_date"]
    from benchmarks.synth import generate

    generate(tmp_path / "b", towns=2, rows_per_doc=5, reports=2, seed=3)
    for doc in manifest:
        assert ((tmp_path / "a" / doc["path"]).read_bytes()
                == (tmp_path / "b" / doc["path"]).read_bytes())


def _table_rows(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_bench_store_prints_load_and_query_tables(tmp_path: Path) -> None:
    out = _run("benchmarks.bench_store", "--sizes", "2e4", "--rdflib-limit", "5", "--runs",
               "3", "--sample-towns", "1", "--results", str(tmp_path), "--validate-reports", "1",
               "--extract-towns", "0", timeout=400)
    loads = _table_rows(out, "| target | engine / path |")
    paths = {row[1]: row for row in loads}
    # Built from clones streamed into bulk_load, or taken from the cache of an earlier run.
    bulk = (paths.get("plankg rendering clones + bulk_load (one stream)")
            or paths["plankg store from the cache (benchmarks/store_cache.py)"])
    real = paths["plankg loading.load_record (SHACL check on)"]
    parsed = paths["rdflib Dataset.parse (N-Quads, in memory)"]
    for row in (bulk, real, parsed):
        assert row[0] == "20,000"
        assert int(row[2].replace(",", "")) > 0 and float(row[4].replace(",", "")) > 0
    assert "3 reports" in real[5]

    queries = _table_rows(out, "| target | triples in store |")
    plankg = {row[3]: row for row in queries if row[2].startswith("plankg")}
    assert set(plankg) == {"who of one town", "who, first page + total",
                           "latest status by area"}
    served = {row[3] for row in queries if row[2].startswith("plankg serve (HTTP")}
    assert served == set(plankg)
    in_store = int(queries[0][1].replace(",", ""))
    assert 15_000 <= in_store <= 30_000
    for row in plankg.values():
        assert row[4] == "3"
        assert float(row[5].replace(",", "")) > 0 and int(row[7]) > 0
    rdflib = {row[3]: row for row in queries if row[2].startswith("rdflib")}
    assert set(rdflib) == set(plankg)
    for question, row in rdflib.items():
        if row[4] != "0":  # reached within the limit: the same answer as the store's
            assert row[7] == plankg[question][7]
        else:
            assert row[5] in ("not reached within 5 s",
                              "not run: load not reached within 5 s")
    goals = {row[1]: row for row in _table_rows(out, "| triples | question |")}
    assert set(goals) == set(plankg)
    assert all(row[3].startswith("≤ ") and float(row[2].replace(",", "")) > 0
               and row[7].endswith("x") for row in goals.values())
    (marginal,) = _table_rows(out, "| triples | reports |")
    assert marginal[1] == "3" and marginal[6].endswith("x")
    # The validation figures of the same run, beside pyshacl (benchmarks/companions.py).
    assert "Validation: plankg's SHACL check beside pyshacl" in out
    checked = {row[0].split(" (")[0]: row for row in _table_rows(out, "| engine |")}
    assert checked["ratio"][1].endswith("x")
    written = list(tmp_path.glob("store-*.md"))
    assert len(written) == 1 and "| target | engine / path |" in written[0].read_text()


def test_bench_validate_agrees_with_pyshacl() -> None:
    out = _run("benchmarks.bench_validate", "--reports", "2", "--rows", "5", "--runs", "1",
               timeout=120)
    assert "verdicts agree (2 conform)" in out
    rows = {row[0].split(" (")[0]: row for row in _table_rows(out, "| engine |")}
    assert set(rows) == {"plankg", "anchor: pyshacl 0.40.1", "ratio"}
    assert rows["ratio"][1].endswith("x")


def test_store_of_clones_keeps_the_counts_its_quads_give(tmp_path: Path, monkeypatch) -> None:
    """The count graphs of a built store, summed from the templates, equal what the
    grouping queries count on the loaded quads (benchmarks/clone_counts.py)."""
    from benchmarks import store_cache
    from benchmarks.dataset import PoolSpec
    from extractor.graph.build import DEFAULT_BASE
    from store import LocalStore, counts, names
    from store.queries import PREFIXES

    monkeypatch.setattr(store_cache, "STORES", tmp_path / "stores")
    built = store_cache.built_store(20_000, PoolSpec(), DEFAULT_BASE, originals=2)
    assert not built.cached and built.towns > 2  # originals and clones of them
    store = LocalStore(built.path, read_only=True)
    try:
        kept = counts.read(store, DEFAULT_BASE)
        grouped = counts.grouped(store, DEFAULT_BASE)
        assert kept and sorted(kept) == sorted((str(a), str(c), n) for a, c, n in grouped if n > 0)
        expected = names.grouped(store)
        assert expected and all(names.total(store, DEFAULT_BASE, [n]) == k
                                for n, k in expected.items())
        graph = names.names_graph(DEFAULT_BASE)
        cells = store.query(PREFIXES + f"SELECT ?c WHERE {{ GRAPH <{graph}> {{ ?c ?p ?o }} }}")
        assert len(cells) == 2 * len(expected)  # a label and a value each
    finally:
        store.close()
