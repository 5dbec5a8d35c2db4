"""Faults: SIGKILL during a load, two loads at once, reading while a load runs.

The on-disk store is locked by one process (RocksDB), and one load is one SPARQL Update
that Oxigraph applies in one transaction. So a reader sees the old or the new state of a
document, never a mixture, and a second writer is refused with StoreBusyError.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.sigkill_trials import State, derive_later_report, read_state
from store import StoreBusyError, open_store
from tests.conftest import MOESSINGEN, ROOT

pytestmark = pytest.mark.slow


def _load(path: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "plankg.cli", "load", str(path), "--store", str(store)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """A store with the first report, a later report, and the state after loading it."""
    work = tmp_path_factory.mktemp("faults")
    later = derive_later_report(MOESSINGEN, work / "moessingen-integrationskonzept-status-"
                                                  "2021-09-01.tsv")
    base = work / "base"
    assert _load(MOESSINGEN, base).wait(120) == 0
    reference = work / "reference"
    subprocess.run(["cp", "-r", str(base), str(reference)], check=True)
    assert _load(later, reference).wait(120) == 0
    return {"base": base, "reference": reference, "later": later, "work": work}


def test_sigkill_trials_find_no_partial_document() -> None:
    done = subprocess.run([sys.executable, "scripts/sigkill_trials.py", "--trials", "4",
                           "--seed", "11"], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "trials: 4, partial documents found: 0, unreadable stores: 0" in done.stdout


def test_a_second_writer_is_refused_while_the_store_is_held(stores, tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(stores["base"]), str(store)], check=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from store import open_store; "
         f"s = open_store({str(store)!r}); print('held', flush=True); time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusyError):
            open_store(store)
        loading = _load(stores["later"], store)
        _, err = loading.communicate(timeout=120)
        assert loading.returncode != 0
        assert "in use by another process" in err
    finally:
        holder.kill()
        holder.wait()
    assert read_state(store) == read_state(stores["base"])  # nothing written


def test_two_loads_at_once_are_serialised_or_refused(stores, tmp_path: Path) -> None:
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(stores["base"]), str(store)], check=True)
    first, second = _load(stores["later"], store), _load(stores["later"], store)
    results = [p.communicate(timeout=180) + (p.returncode,) for p in (first, second)]
    codes = sorted(code for _, _, code in results)
    for _out, err, code in results:
        if code:
            assert "in use by another process" in err, err  # refused, not interleaved
    assert codes[0] == 0  # at least one load got through
    state, new = read_state(store), read_state(stores["reference"])
    assert state == new  # whole new state: no doubled or half-written document


def _consistent(state: State, old: State, new: State) -> str:
    if state == old:
        return "old"
    if state == new:
        return "new"
    raise AssertionError(f"a mixture of old and new state: {state.graphs}")


def test_readers_during_a_load_see_old_or_new_never_a_mixture(stores, tmp_path: Path) -> None:
    """While the load holds the lock a reader gets StoreBusyError; whenever it gets in
    (before the loader opened the store or after it closed it) it must see exactly the
    old or exactly the new state, and once new, never old again. The reader holds the
    lock only for a moment; if the loader happens to hit that moment it is refused with
    StoreBusyError itself, which is also allowed, and then the state stays old."""
    store = tmp_path / "store"
    subprocess.run(["cp", "-r", str(stores["base"]), str(store)], check=True)
    old, new = read_state(stores["base"]), read_state(stores["reference"])
    loading = _load(stores["later"], store)
    seen, busy = [], 0
    while loading.poll() is None:
        try:
            seen.append(_consistent(read_state(store), old, new))
        except StoreBusyError:
            busy += 1
        time.sleep(0.05)
    _, err = loading.communicate()
    final = _consistent(read_state(store), old, new)
    if loading.returncode == 0:
        assert final == "new"
    else:
        assert "in use by another process" in err and final == "old"
    assert "old" not in seen[seen.index("new"):] if "new" in seen else True
    assert seen, "the reader never got in"
    print(f"reader: {len(seen)} reads ({seen.count('new')} new), {busy} times busy;"
          f" pid {os.getpid()}")
