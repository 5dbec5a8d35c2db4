"""The reference tables as CSV: read with the user's rows on top, write back after a refresh."""

from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path

ORGANISATION_FIELDS = ["label", "aliases", "wikidata", "gnd", "note"]
MUNICIPALITY_FIELDS = ["name", "ags", "ars", "wikidata", "geonames", "aliases", "source"]


def shipped_organisations() -> Path:
    return Path(str(resources.files("linking") / "data" / "organisations.csv"))


def shipped_municipalities() -> Path:
    return Path(str(resources.files("extractor") / "data" / "municipalities.csv"))


def user_organisations() -> Path | None:
    value = os.environ.get("PLANKG_ORGANISATIONS")
    return Path(value) if value else None


def user_municipalities() -> Path | None:
    value = os.environ.get("PLANKG_MUNICIPALITIES")
    return Path(value) if value else None


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(fh)]


def write_rows(path: Path, rows: list[dict[str, str]], fields: list[str]) -> None:
    """Write atomically so that a failed refresh never leaves half a table."""
    extra = [k for row in rows for k in row if k not in fields]
    header = fields + sorted(set(extra), key=extra.index)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})
    tmp.replace(path)


def split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())
