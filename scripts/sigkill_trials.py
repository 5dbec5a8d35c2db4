"""Kill ``plankg load`` with SIGKILL at random moments and check that the store survives.

Each trial copies a store that holds a first report, starts loading a second report
derived from it (a later status date, changed statuses, one retitled measure) and kills
the process after a random delay between 0 and the typical load time. Half the delays
fall in the last quarter of that time, where the store is open and being written;
uniform delays alone would mostly hit the language pipeline loading. Then the store
must open, the killed document's graph must be absent or complete (the same triple
count as a reference load), the first report untouched, and the latest graph
consistent: every ``pk:latestStatus`` points at an observation that exists, and it is
exactly the old or exactly the new pointer set.

    python scripts/sigkill_trials.py --trials 20
prints ``trials: N, partial documents found: P, unreadable stores: U`` and exits 1
if P or U is not 0.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ontology import PK  # noqa: E402
from plankg.config import Config  # noqa: E402
from store import StoreError, open_store  # noqa: E402
from store.counts import counts_graph  # noqa: E402
from store.queries import latest_graph  # noqa: E402

CORPUS = ROOT / "corpus" / "moessingen-integrationskonzept-status-2021-03-01.tsv"
LATER_NAME = "moessingen-integrationskonzept-status-2021-09-01.tsv"
_LATEST = latest_graph(Config().base_iri)
_COUNTS = counts_graph(Config().base_iri)  # derived, like the latest statuses


@dataclass(frozen=True)
class State:
    graphs: dict[str, int]  # named graph -> triple count
    latest: frozenset[tuple[str, str]]  # (measure, observation)
    dangling: int  # latestStatus pointers to observations no graph describes


def derive_later_report(first: Path, target: Path) -> Path:
    """A later status report of the same plan: new date, new statuses, one new title."""
    rows = list(csv.reader(io.StringIO(first.read_text(encoding="utf-8")), delimiter="\t"))
    header = next(i for i, r in enumerate(rows) if r and r[-1].startswith("Status"))
    rows[header][-1] = "Status 01.09.2021"
    changed = 0
    for row in rows[header + 1:]:
        if len(row) < 6 or not row[2].strip():
            continue
        if changed % 2 == 0:
            row[-1] = "Abgeschlossen."
        elif changed % 3 == 0:
            row[-1] = "Corona-bedingt verschoben auf 2022."
        changed += 1
    retitle = next(r for r in rows[header + 1:] if len(r) >= 6 and "<b>Fachtag</b>" in r[2])
    retitle[2] = retitle[2].replace("<b>Fachtag</b>", "<b>Fachtag Übergang</b>", 1)
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")
    return target


def load_command(path: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "plankg.cli", "-vv", "load", str(path), "--store", str(store)]


def read_state(directory: Path) -> State:
    """Open the store as the next load would (read-write, replaying its log) and look."""
    store = open_store(directory)
    try:
        graphs = {g: store.triple_count(g) for g in store.named_graphs()}
        latest = frozenset(
            (b["m"]["value"], b["obs"]["value"]) for b in _bindings(store, f"""
            SELECT ?m ?obs WHERE {{ GRAPH <{_LATEST}> {{ ?m <{PK.latestStatus}> ?obs }} }}"""))
        dangling = len(_bindings(store, f"""SELECT ?obs WHERE {{
            GRAPH <{_LATEST}> {{ ?m <{PK.latestStatus}> ?obs }}
            FILTER NOT EXISTS {{ GRAPH ?g {{ ?obs <{PK.asOf}> ?d }} FILTER(?g != <{_LATEST}>) }}
            }}"""))
        return State(graphs, latest, dangling)
    finally:
        store.close()
        del store


def _bindings(store, sparql: str) -> list[dict]:
    import json

    return json.loads(store.query(sparql).serialize("json"))["results"]["bindings"]


def run(trials: int, seed: int, workdir: Path, log=print) -> tuple[int, int, dict[str, int]]:
    rng = random.Random(seed)
    later = derive_later_report(CORPUS, workdir / LATER_NAME)
    base = workdir / "base"
    done = subprocess.run(load_command(CORPUS, base), cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"loading the first report failed:\n{done.stderr[-3000:]}")
    reference = workdir / "reference"
    shutil.copytree(base, reference)
    started = time.monotonic()
    done = subprocess.run(load_command(later, reference), cwd=ROOT, capture_output=True,
                          text=True)
    typical = time.monotonic() - started
    if done.returncode:
        raise SystemExit(f"loading the later report failed:\n{done.stderr[-3000:]}")
    old, new = read_state(base), read_state(reference)
    added = set(new.graphs) - set(old.graphs)
    if len(added) != 1 or old.latest == new.latest or old.dangling or new.dangling:
        raise SystemExit("the reference load did not add one document and move the latest "
                         "statuses; the trial would prove nothing")
    (document,) = added
    log(f"typical load: {typical:.2f} s; reference: {new.graphs[document]} triples in "
        f"{document}, {len(new.latest)} latest statuses")

    partial = unreadable = 0
    phases = {"before the store opened": 0, "with the store open": 0,
              "after the update, before exit": 0, "after finishing": 0}
    for trial in range(trials):
        directory = workdir / f"trial-{trial}"
        shutil.copytree(base, directory)
        late = trial % 2 == 1
        delay = rng.uniform(0.75 * typical if late else 0.0, typical)
        phase = kill_load(later, directory, delay, workdir / f"trial-{trial}.log")
        phases[phase] += 1
        try:
            state = read_state(directory)
        except StoreError as exc:
            unreadable += 1
            log(f"trial {trial}: UNREADABLE store after a kill at {delay:.2f} s: {exc}")
            continue
        problems = _problems(state, old, new, document)
        if problems:
            partial += 1
        log(f"trial {trial}: killed at {delay:.2f} s ({phase}): "
            + ("; ".join(problems) if problems else
               ("document complete" if document in state.graphs else "document absent")))
        shutil.rmtree(directory, ignore_errors=True)
    return partial, unreadable, phases


def kill_load(report: Path, directory: Path, delay: float, errlog: Path) -> str:
    """Start ``plankg load`` into ``directory``, SIGKILL it after ``delay`` seconds and say
    how far it had come by then (from its debug log)."""
    with errlog.open("wb") as err:
        proc = subprocess.Popen(load_command(report, directory), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=err)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
    text = errlog.read_text(encoding="utf-8", errors="replace")
    if code == 0:
        return "after finishing"
    if " measures (" in text:  # the load's summary line: the update is done
        return "after the update, before exit"
    if "opened oxigraph at" in text:
        return "with the store open"
    return "before the store opened"


def _problems(state: State, old: State, new: State, document: str) -> list[str]:
    problems = []
    count = state.graphs.get(document, 0)
    if count not in (0, new.graphs[document]):
        problems.append(f"PARTIAL document: {count} of {new.graphs[document]} triples")
    for graph, expected in old.graphs.items():
        if graph not in (_LATEST, _COUNTS) and state.graphs.get(graph) != expected:
            problems.append(f"first report changed: {graph} has {state.graphs.get(graph)}")
    counts = (new if document in state.graphs else old).graphs.get(_COUNTS)
    if state.graphs.get(_COUNTS) != counts:
        problems.append("the status counts are a mixture of the old and the new report")
    if state.dangling:
        problems.append(f"{state.dangling} latest statuses point at missing observations")
    wanted = new.latest if document in state.graphs else old.latest
    if state.latest != wanted:
        problems.append("latest statuses are a mixture of the old and the new report")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"seed: {seed}", flush=True)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        partial, unreadable, phases = run(args.trials, seed, args.keep,
                                          lambda m: print(m, flush=True))
    else:
        with tempfile.TemporaryDirectory(prefix="plankg-sigkill-") as tmp:
            partial, unreadable, phases = run(args.trials, seed, Path(tmp),
                                              lambda m: print(m, flush=True))
    print("kills: " + ", ".join(f"{n} {phase}" for phase, n in phases.items()))
    print(f"trials: {args.trials}, partial documents found: {partial}, "
          f"unreadable stores: {unreadable}")
    return 1 if partial or unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
