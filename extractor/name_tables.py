"""Tables of names a town extends: abbreviations of its offices ("SPA", "GB OBM II") and
given names.

The shipped tables (``extractor/data/abbreviations.csv``, ``given_names.txt``) come first;
the user's files (configuration ``abbreviations`` and ``given_names``, handed in through
:class:`extractor.references.References`) replace shipped rows with the same abbreviation
and add new ones, like the organisation table.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)
KINDS = {"unit": "UNIT", "organization": "ORG", "organisation": "ORG", "person": "PERSON",
         "group": "GROUP"}


@dataclass(frozen=True)
class Abbreviation:
    abbreviation: str
    label: str
    kind: str  # a mention label: UNIT, ORG, PERSON, GROUP


def shipped_abbreviations() -> Path:
    return Path(str(resources.files("extractor") / "data" / "abbreviations.csv"))


def shipped_given_names() -> Path:
    return Path(str(resources.files("extractor") / "data" / "given_names.txt"))


@lru_cache(maxsize=8)
def abbreviations(user: Path | None = None) -> dict[str, Abbreviation]:
    """Abbreviation (case-folded) -> its row; the user's rows on top of the shipped ones."""
    table: dict[str, Abbreviation] = {}
    for path in (shipped_abbreviations(), user):
        if path is None:
            continue
        if not path.is_file():
            log.warning("abbreviation table %s not found; ignored", path)
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                abbr = (row.get("abbreviation") or "").strip()
                kind = KINDS.get((row.get("kind") or "unit").strip().lower(), "UNIT")
                if abbr:
                    table[abbr.casefold()] = Abbreviation(abbr, (row.get("label") or "").strip(),
                                                          kind)
    return table


@lru_cache(maxsize=8)
def given_names(user: Path | None = None) -> frozenset[str]:
    """Given names (case-folded): the shipped list and the user's (one a line, # comments)."""
    names: set[str] = set()
    for path in (shipped_given_names(), user):
        if path is None or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                names.add(line.casefold())
    return frozenset(names)


def reload() -> None:
    """Forget the tables read so far (after a user file changed on disk)."""
    abbreviations.cache_clear()
    given_names.cache_clear()
