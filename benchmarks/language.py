"""The language layer alone, on the gold's own texts: no reader, no table layout.

    python -m benchmarks.language            # the table
    python -m benchmarks.language --misses   # every miss, for reading

The quality report scores whole documents, so a file the readers cannot lay out yet
scores nothing however well its cells would be read. This report feeds the gold's texts
straight to the language layer: each gold agent name as a who-cell (is it found, with the
right kind?), each time frame text, each status text (with the status's date as the report
date) and each budget text (as a costs cell). It says how well the rules read what towns
write; the quality report says how much of that reaches the graph.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections import Counter

from extractor.language.budgets import find_budgets
from extractor.language.dates import timeframe_from_text
from extractor.language.pipeline import load_pipeline
from extractor.language.status import classify_status

from .quality import discover
from .scoring import KIND_NAMES, _name_key, fold

log = logging.getLogger("benchmarks.language")


def _agents(nlp, gold: dict, c: Counter, misses: list[str]) -> None:
    for m in gold["measures"]:
        for a in m.get("agents") or []:
            doc = nlp.make_doc(a["name"])
            doc._.cell_role = "who"
            found = [(KIND_NAMES[r.agent.kind], r.agent.name)
                     for r in nlp(doc)._.responsibilities]
            want = _name_key(a["name"])
            named = [k for k, n in found if _name_key(n) == want or fold(n) in want.split()]
            c["agents"] += 1
            c["agent found"] += bool(named)
            c["agent kind"] += a["kind"] in named
            if a["kind"] not in named:
                misses.append(f"agent {a['name']!r} {a['kind']} -> {found}")


def _timeframes(gold: dict, c: Counter, misses: list[str]) -> None:
    for m in gold["measures"]:
        want = m.get("timeframe")
        if not want or not want.get("text"):
            continue
        got = timeframe_from_text(want["text"])
        bounds = (got.start.isoformat() if got.start else None,
                  got.end.isoformat() if got.end else None)
        if want.get("start") or want.get("end"):
            exact = bounds == (want.get("start"), want.get("end"))
        else:
            exact = bounds == (None, None) and want.get("timing") in (got.timing or [None])
        c["time frames"] += 1
        c["time frame exact"] += exact
        if not exact:
            misses.append(f"time {want['text']!r} -> {bounds} {got.timing}")


def _statuses(gold: dict, c: Counter, misses: list[str]) -> None:
    for m in gold["measures"]:
        for s in m.get("status") or []:
            asof = dt.date.fromisoformat(s["date"]) if s.get("date") else None
            got = classify_status(s.get("text", ""), asof)
            c["statuses"] += 1
            c["status right"] += got.category == s["category"]
            if s.get("cause"):
                c["causes"] += 1
                c["cause right"] += s["cause"] in got.causes
            if got.category != s["category"]:
                misses.append(f"status {s['category']} -> {got.category} ({got.cue!r}): "
                              f"{s.get('text', '')[:120]!r}")


def _budgets(gold: dict, c: Counter, misses: list[str]) -> None:
    for m in gold["measures"]:
        for b in m.get("budget") or []:
            got = [x.value for x in find_budgets(b["text"], bare=True)]
            c["budgets"] += 1
            hit = any(abs(v - float(b["value"])) < 0.01 for v in got)
            c["budget right"] += hit
            if not hit:
                misses.append(f"budget {b['value']} {b['text'][:80]!r} -> {got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    nlp, info = load_pipeline()
    total, misses = Counter(), []
    for doc in discover():
        if doc.name.startswith("corpus:"):
            continue
        for reader in (_timeframes, _statuses, _budgets):
            reader(doc.gold, total, misses)
        _agents(nlp, doc.gold, total, misses)
    print(f"Language layer on the real corpus's gold texts, pipeline {info.name}:\n")
    print("| figure | right | of | ratio |\n|---|---|---|---|")
    for right, of in (("agent found", "agents"), ("agent kind", "agents"),
                      ("time frame exact", "time frames"), ("status right", "statuses"),
                      ("cause right", "causes"), ("budget right", "budgets")):
        ratio = f"{total[right] / total[of]:.2f}" if total[of] else "–"
        print(f"| {right} | {total[right]} | {total[of]} | {ratio} |")
    if args.misses:
        print("\n" + "\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
