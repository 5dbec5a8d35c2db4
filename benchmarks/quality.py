"""The quality report: plankg against hand-written gold on real published documents.

    python -m benchmarks.quality                 # the table, per document and in total
    python -m benchmarks.quality --check-floor   # exit 1 when a total falls below the floor
    python -m benchmarks.quality --sources       # write corpus/real/SOURCES.md from the gold

Documents live in ``corpus/real/<folder>/`` beside their ``gold.json``; the format and the
rules the gold follows are in ``corpus/real/GOLD.md``. The corpus file (Mössingen) is
scored on its own line from ``corpus/gold/``, since it is what the rules were written on.
The floor (``benchmarks/quality_floor.json``) is raised as quality rises, never lowered
without a commit that says why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from extractor import ExtractOptions, Extractor
from extractor.language.pipeline import load_pipeline
from extractor.model import PlanDocumentRecord

from .scoring import Counts, match_measures, score_document

log = logging.getLogger("benchmarks.quality")
ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "corpus" / "real"
CORPUS_GOLD = ROOT / "corpus" / "gold"
FLOOR = Path(__file__).with_name("quality_floor.json")
COLUMNS = ["read", "measures found", "measures extra", "agent precision", "agent recall",
           "agent F1", "agent kind", "time frames exact", "status", "status date", "budget",
           "identity (pairs)", "town"]


@dataclass
class GoldDocument:
    name: str
    path: Path
    gold: dict


def discover(real: Path = REAL, corpus_gold: Path = CORPUS_GOLD) -> list[GoldDocument]:
    found = []
    for gold_file in sorted(real.glob("*/gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        found.append(GoldDocument(gold_file.parent.name, gold_file.parent / gold["document"],
                                  gold))
    for gold_file in sorted(corpus_gold.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        found.append(GoldDocument("corpus:" + gold_file.stem,
                                  corpus_gold.parent / gold["document"], gold))
    return found


def _extract(extractor: Extractor, doc: GoldDocument) -> PlanDocumentRecord | str:
    try:
        return extractor.extract(doc.path, ExtractOptions())
    except Exception as exc:  # every failure is a finding of the report, not a crash
        return f"{type(exc).__name__}: {exc}"


def score_pairs(docs: list[GoldDocument], records: dict[str, PlanDocumentRecord | str]
                ) -> dict[str, Counts]:
    """Load each pair into a fresh store and ask whether the same measures kept one IRI."""
    from plankg.app import Plankg
    from plankg.config import Config

    by_name = {d.name: d for d in docs}
    results: dict[str, Counts] = {}
    for later in docs:
        earlier = by_name.get((later.gold.get("pair") or {}).get("earlier", ""))
        if earlier is None:
            continue
        counts = Counts()
        results[later.name] = counts
        wanted = [m for m in later.gold["measures"] if "same_as" in m]
        counts.pairs = len(wanted)
        rec_e, rec_l = records.get(earlier.name), records.get(later.name)
        if isinstance(rec_e, str) or isinstance(rec_l, str) or not rec_e or not rec_l:
            counts.problems.append("pair: a document of the pair was not read")
            continue
        # Reports of one plan are loaded as a user would: naming the plan they continue
        # (council systems name their files by number, so file names say nothing).
        options = ExtractOptions(plan_key=earlier.name)
        with tempfile.TemporaryDirectory() as tmp:
            app = Plankg(Config.load(store=str(Path(tmp) / "store")))
            try:
                iris_e = _load_and_map(app, earlier, rec_e, options)
                iris_l = _load_and_map(app, later, rec_l, options)
            except Exception as exc:  # a refused load is a finding, not a crash
                counts.problems.append(f"pair: load failed: {exc}")
                continue
            finally:
                app.close()
        counts.pairs_right = _pairs_right(earlier.gold, later.gold, iris_e, iris_l)
    return results


def _load_and_map(app, doc: GoldDocument, record: PlanDocumentRecord,
                  options: ExtractOptions) -> dict[int, str]:
    """Gold measure index → the IRI the store gave the measure extracted for it."""
    report = app.load(doc.path, options)
    # measures only: a goal a row does not name is titled like its measure
    rows = app.store.query(
        "PREFIX pk: <https://w3id.org/plankg/ontology#> SELECT ?m ?t WHERE { "
        f"GRAPH <{report.document}> {{ ?m a pk:Measure ; pk:title ?t }} }}")
    by_title = {str(r["t"]): str(r["m"]) for r in rows}
    pairs = match_measures(doc.gold["measures"], record.measures)
    return {g: by_title[record.measures[i].title] for g, i in pairs.items()
            if record.measures[i].title in by_title}


def _pairs_right(gold_e: dict, gold_l: dict, iris_e: dict[int, str],
                 iris_l: dict[int, str]) -> int:
    keys = {}
    for g, m in enumerate(gold_e["measures"]):
        keys.setdefault(str(m.get("id")), g)
        keys.setdefault(m["title"], g)
    right = 0
    for g, m in enumerate(gold_l["measures"]):
        if "same_as" not in m or g not in iris_l:
            continue
        if m["same_as"] is None:
            right += iris_l[g] not in iris_e.values()
        else:
            target = keys.get(str(m["same_as"]))
            right += target is not None and iris_e.get(target) == iris_l[g]
    return right


def run(docs: list[GoldDocument], model: str | None = None
        ) -> tuple[dict[str, Counts], str]:
    nlp, info = load_pipeline(model)
    extractor = Extractor(nlp, info)
    records: dict[str, PlanDocumentRecord | str] = {}
    results: dict[str, Counts] = {}
    for doc in docs:
        record = _extract(extractor, doc)
        records[doc.name] = record
        if isinstance(record, str):
            counts = Counts(documents=1, gold_measures=len(doc.gold["measures"]))
            counts.problems.append(record[:200])
        else:
            counts, _ = score_document(doc.gold, record)
        results[doc.name] = counts
    for name, pair_counts in score_pairs(docs, records).items():
        results[name].add(pair_counts)
        results[name].problems += pair_counts.problems
    return results, getattr(info, "name", None) or str(info)


def totals(results: dict[str, Counts]) -> tuple[Counts, Counts]:
    real, corpus = Counts(), Counts()
    for name, counts in results.items():
        (corpus if name.startswith("corpus:") else real).add(counts)
    return real, corpus


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def table(results: dict[str, Counts]) -> str:
    head = ["document", "gold", *COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, counts in results.items():
        r = counts.ratios()
        lines.append(f"| {name} | {counts.gold_measures} | "
                     + " | ".join(_cell(r[c]) for c in COLUMNS) + " |")
    real, corpus = totals(results)
    for label, counts in (("**total, real corpus**", real), ("**corpus file**", corpus)):
        r = counts.ratios()
        lines.append(f"| {label} | {counts.gold_measures} | "
                     + " | ".join(_cell(r[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def check_floor(results: dict[str, Counts], floor_file: Path = FLOOR) -> list[str]:
    floor = json.loads(floor_file.read_text(encoding="utf-8"))
    real, corpus = totals(results)
    below = []
    for group, counts in (("real", real), ("corpus", corpus)):
        got = counts.ratios()
        for metric, minimum in floor.get(group, {}).items():
            value = got.get(metric)
            worse = value is None or (value > minimum if metric == "measures extra"
                                      else value < minimum)
            if worse:
                below.append(f"{group} {metric}: {_cell(value)} (floor {minimum})")
    return below


def write_sources(docs: list[GoldDocument], out: Path = REAL / "SOURCES.md") -> None:
    lines = ["# Sources of the real corpus", "",
             "Made from each folder's `gold.json` by `python -m benchmarks.quality --sources`.",
             ""]
    for doc in docs:
        if doc.name.startswith("corpus:"):
            continue
        g, s = doc.gold, doc.gold.get("source", {})
        where = s.get("url") or ""
        if s.get("repository"):
            where = (f"`{s['repository']}`, `{s.get('path', '')}` at `{s.get('commit', '')}`"
                     + (f" (originally {s['url']})" if s.get("url") else ""))
        lines += [f"## {doc.name}", "",
                  f"- municipality: {g.get('municipality')}; publisher: {s.get('publisher')}",
                  f"- document: {s.get('title')} ({g.get('kind')}), file `{g['document']}`",
                  f"- from: {where}",
                  f"- licence: {s.get('licence') or 'none stated'}",
                  f"- cut: {s.get('cut')}",
                  f"- gold: {len(g['measures'])} measures"
                  + (f"; pair with `{g['pair']['earlier']}`" if g.get("pair") else ""), ""]
    out.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-floor", action="store_true")
    parser.add_argument("--sources", action="store_true")
    parser.add_argument("--model", help="a spaCy pipeline name or directory to use")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--problems", action="store_true", help="list what went wrong")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    docs = discover()
    if args.sources:
        write_sources(docs)
        return 0
    results, pipeline = run(docs, args.model)
    print(f"Quality on real published documents, {dt.date.today().isoformat()}, "
          f"pipeline {pipeline}:\n")
    print(table(results))
    if args.problems:
        for name, counts in results.items():
            for problem in counts.problems:
                print(f"{name}: {problem}")
    if args.json:
        args.json.write_text(json.dumps(
            {name: c.ratios() for name, c in results.items()}, indent=1), encoding="utf-8")
    if args.check_floor:
        below = check_floor(results)
        for line in below:
            print(f"error: quality below the floor: {line}", file=sys.stderr)
        return 1 if below else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
