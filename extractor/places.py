"""Recognise the town a document is about from a reference table the project ships.

The table (``extractor/data/municipalities.csv``) holds names, official keys and links;
users add rows in a file named by ``$PLANKG_MUNICIPALITIES``.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .naming import slug


@dataclass(frozen=True)
class Municipality:
    name: str
    ags: str | None = None
    ars: str | None = None
    wikidata: str | None = None
    geonames: str | None = None
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def municipalities(extra: str | None = None) -> tuple[Municipality, ...]:
    files = [resources.files("extractor") / "data" / "municipalities.csv"]
    extra = extra or os.environ.get("PLANKG_MUNICIPALITIES")
    if extra:
        files.append(Path(extra))
    found: dict[str, Municipality] = {}
    for file in files:
        with file.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                m = Municipality(
                    name=row["name"].strip(), ags=row.get("ags") or None,
                    ars=row.get("ars") or None, wikidata=row.get("wikidata") or None,
                    geonames=row.get("geonames") or None,
                    aliases=tuple(a.strip() for a in (row.get("aliases") or "").split("|")
                                  if a.strip()))
                found[slug(m.name)] = m
    return tuple(found.values())


def find_municipality(name: str) -> Municipality | None:
    key = slug(name)
    for m in municipalities():
        if key in {slug(m.name), *(slug(a) for a in m.aliases)}:
            return m
    return None


def recognise_municipality(texts: list[str]) -> str | None:
    """The first known town named in the texts (file name first), by whole-word slug match."""
    for text in texts:
        words = f"-{slug(text)}-"
        for m in municipalities():
            for name in (m.name, *m.aliases):
                if f"-{slug(name)}-" in words:
                    return m.name
    return None
