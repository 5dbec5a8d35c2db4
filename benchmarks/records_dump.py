"""Dump the extracted records of every corpus document (and a synthetic series) to JSON,
or compare a new dump with an earlier one field by field.

A speed change to the extractor must leave its records as they were: dump before the
change, then compare after each step. Both rule-based modes run (blank:de with lookup
lemmas, and HanTa); each document is read by a fresh Extractor, the corpus once more by one
Extractor in order (as ``benchmarks.quality`` does), and the synthetic series both ways
(cold, and one Extractor in date order as ``plankg load`` does), so the caches are covered.

    python -m benchmarks.records_dump --out /tmp/before
    python -m benchmarks.records_dump --compare /tmp/before   # exit 1 on any difference
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = {"blank": {"statistical": False, "hanta": False},
         "hanta": {"statistical": False, "hanta": True}}


def corpus_documents() -> list[Path]:
    """The plan documents of corpus/ and corpus/real/ (not gold files, notes or sources)."""
    found = [p for p in sorted((ROOT / "corpus").iterdir()) if p.is_file()]
    for folder in sorted((ROOT / "corpus" / "real").iterdir()):
        if folder.is_dir():
            found += [p for p in sorted(folder.iterdir())
                      if p.is_file() and p.name != "gold.json"]
    return found


def _plain(value, base: Path):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name), base) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v, base) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, base) for v in value]
    if isinstance(value, Path):
        return str(value.relative_to(base)) if value.is_relative_to(base) else value.name
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _record(extractor, path: Path, base: Path, town: str | None = None):
    from extractor import ExtractOptions

    try:
        return _plain(extractor.extract(path, ExtractOptions(municipality=town)), base)
    except Exception as exc:  # a failing document is part of the record set too
        return f"{type(exc).__name__}: {exc}"


def dump() -> dict[str, object]:
    from benchmarks.synth import generate
    from extractor import Extractor
    from extractor.language.pipeline import load_pipeline

    out: dict[str, object] = {}
    docs = corpus_documents()
    with tempfile.TemporaryDirectory(prefix="plankg-records-") as tmp:
        series = generate(Path(tmp), towns=3, rows_per_doc=27, reports=3, seed=7)
        series.sort(key=lambda d: (d.plan_key, d.status_date))
        for mode, kwargs in MODES.items():
            nlp, info = load_pipeline(**kwargs)
            shared = Extractor(nlp, info)
            for path in docs:
                name = str(path.relative_to(ROOT))
                out[f"{mode}/cold/{name}"] = _record(Extractor(nlp, info), path, ROOT)
                out[f"{mode}/shared/{name}"] = _record(shared, path, ROOT)
            series_extractor = Extractor(nlp, info)
            for d in series:
                path = Path(tmp) / d.path
                out[f"{mode}/synth-cold/{d.path}"] = _record(Extractor(nlp, info), path,
                                                             Path(tmp), d.town)
                out[f"{mode}/synth-series/{d.path}"] = _record(series_extractor, path,
                                                               Path(tmp), d.town)
    return out


def differences(before, after, where: str = "") -> list[str]:
    """Every path at which ``after`` differs from ``before``."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in dict.fromkeys([*before, *after]):
            if key not in after or key not in before:
                found.append(f"{where}/{key}: only {'before' if key in before else 'after'}")
            else:
                found += differences(before[key], after[key], f"{where}/{key}")
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [d for i, (b, a) in enumerate(zip(before, after, strict=True))
                for d in differences(b, a, f"{where}[{i}]")]
    return [] if before == after else [f"{where}: {before!r} -> {after!r}"[:400]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.records_dump",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="folder to write records.json into")
    group.add_argument("--compare", type=Path, help="folder of an earlier dump")
    args = parser.parse_args(argv)
    records = dump()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "records.json").write_text(json.dumps(records, ensure_ascii=False,
                                                          indent=0), encoding="utf-8")
        print(f"{len(records)} records written to {args.out / 'records.json'}")
        return 0
    before = json.loads((args.compare / "records.json").read_text(encoding="utf-8"))
    after = json.loads(json.dumps(records, ensure_ascii=False))
    found = differences(before, after)
    for line in found[:50]:
        print(line)
    measures = sum(len(r["measures"]) for r in after.values() if isinstance(r, dict))
    print(f"{len(after)} records ({measures} measures) compared: {len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
