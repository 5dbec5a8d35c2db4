"""End to end: every hostile file through the real ``plankg load``, in a subprocess with a
timeout and an address-space cap, against a store that already holds the corpus; a
refused file must leave the store as it was.

The cases share their processes: one ``plankg load FILE…`` per set of read limits (each
start loads the German pipeline, which costs more than most cases), so a few processes
run the ~50 cases. Each file is still judged on its own line of output and its own
document graph.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from extractor.graph.build import DEFAULT_BASE
from tests.conftest import MOESSINGEN, ROOT
from tests.hostile_cases import (
    CASE_IDS,
    CASES,
    CORPUS_MEASURES,
    MEMORY_CAP,
    TIMEOUT_S,
    Case,
    Recorder,
)


@dataclass
class Batch:
    """One ``plankg load`` over the files of the cases that share read limits."""

    returncode: int | None
    stdout: str
    stderr: str
    paths: dict[str, Path]  # case name -> its file
    before: list[str]  # named graphs before
    after: list[str]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def named_graphs(directory: Path) -> list[str]:
    from store import open_store

    store = open_store(directory, read_only=True)
    try:
        return store.named_graphs()
    finally:
        store.close()


def plankg_load(paths: list[Path], store: Path, env: dict[str, str] | None = None,
                timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plankg.cli", "load", *map(str, paths), "--store", str(store)],
        cwd=ROOT, env={**os.environ, "PLANKG_BASE_IRI": DEFAULT_BASE, **(env or {})},
        capture_output=True, text=True, timeout=timeout, preexec_fn=_cap_memory)


def document_iri(path: Path) -> str:
    return f"{DEFAULT_BASE}document/{hashlib.sha256(path.read_bytes()).hexdigest()[:20]}"


def _groups() -> dict[tuple, list[Case]]:
    groups: dict[tuple, list[Case]] = {}
    for case in CASES:
        groups.setdefault(tuple(sorted(case.limits.items())), []).append(case)
    return groups


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("stores") / "with-corpus"
    done = plankg_load([MOESSINGEN], store)
    assert done.returncode == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def batches(loaded_store: Path, tmp_path_factory) -> dict[str, Batch]:
    """Case name -> the batch that loaded its file (two batches at a time)."""
    Recorder.hits.clear()

    def run(limits: tuple, cases: list[Case]) -> Batch:
        work = tmp_path_factory.mktemp("batch")
        paths = {}
        for case in cases:
            folder = work / case.name
            folder.mkdir()
            built = case.build(folder)
            paths[case.name] = built.rename(built.with_name(f"{case.name}--{built.name}"))
        store = work / "store"
        shutil.copytree(loaded_store, store)
        before = named_graphs(store)
        env = {f"PLANKG_{key.upper()}": str(value) for key, value in limits}
        try:
            done = plankg_load(list(paths.values()), store, env, TIMEOUT_S * len(cases))
            code, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as exc:
            code, out, err = None, str(exc.stdout or ""), str(exc.stderr or "")
        return Batch(code, out, err, paths, before, named_graphs(store))

    groups = _groups()
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda item: run(*item), groups.items()))
    return {case.name: batch for batch, cases in zip(done, groups.values(), strict=True)
            for case in cases}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_plankg_load_ends_cleanly(case: Case, batches: dict[str, Batch]) -> None:
    batch = batches[case.name]
    path = batch.paths[case.name]
    assert batch.returncode is not None, f"plankg load hung: {batch.stderr[-2000:]}"
    assert "Traceback" not in batch.stderr, batch.stderr[-3000:]
    if case.ok:
        line = next((x for x in batch.stdout.splitlines() if x.startswith(path.name + ":")), "")
        assert f"loaded {CORPUS_MEASURES} measures" in line, batch.stdout[-2000:]
        assert document_iri(path) in set(batch.after) - set(batch.before)  # one new document
        return
    # The error is "error: FILE[, row N]: reason (nothing stored)", the reason perhaps
    # over several lines (a column mapping to start from).
    errors = re.split(r"^(?=error: )", batch.stderr, flags=re.M)
    block = next((e for e in errors if e.startswith("error:") and path.name in e), "")
    assert block, batch.stderr[-2000:]
    named = str(path) if str(path) in block else path.name
    assert re.search(case.reason, block.split(named, 1)[1]), block
    assert "(nothing stored)" in block
    # (a case may hold the corpus file's very bytes: that document was there before)
    assert document_iri(path) not in set(batch.after) - set(batch.before)


@pytest.mark.slow
def test_refused_files_leave_the_store_as_it_was(batches: dict[str, Batch]) -> None:
    by_batch: dict[int, tuple[Batch, int]] = {}
    for case in CASES:
        batch = batches[case.name]
        _, ok = by_batch.get(id(batch), (batch, 0))
        by_batch[id(batch)] = (batch, ok + case.ok)
    for batch, ok in by_batch.values():
        assert set(batch.before) <= set(batch.after)
        assert len(batch.after) == len(batch.before) + ok, batch.stderr[-2000:]


@pytest.mark.slow
def test_no_dtd_or_entity_is_fetched(batches: dict[str, Batch]) -> None:
    assert any(c.no_network for c in CASES) and batches
    assert not Recorder.hits, f"a DTD or entity was fetched from the network: {Recorder.hits}"
