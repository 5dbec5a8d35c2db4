"""The reference tables as CSV: the shipped ones, and reading and writing the user's copies."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

ORGANISATION_FIELDS = ["label", "aliases", "wikidata", "gnd", "note"]
MUNICIPALITY_FIELDS = ["name", "ags", "ars", "wikidata", "geonames", "aliases", "source"]


# Resolving a package resource costs ~0.3 ms, and the actor rules ask for every cell part.
@cache
def shipped_organisations() -> Path:
    return Path(str(resources.files("extractor") / "data" / "organisations.csv"))


@cache
def shipped_municipalities() -> Path:
    return Path(str(resources.files("extractor") / "data" / "municipalities.csv"))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def write_rows(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    """Write atomically so that a failed refresh never leaves half a table."""
    extra = [k for row in rows for k in row if k not in fields]
    header = fields + sorted(set(extra), key=extra.index)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    tmp.replace(path)


def split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())
