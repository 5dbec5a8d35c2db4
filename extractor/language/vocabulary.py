"""Tables of names a town extends: abbreviations of its offices ("SPA", "GB OBM II").

The shipped table (``extractor/data/abbreviations.csv``) comes first; rows of the CSV file
named by ``$PLANKG_ABBREVIATIONS`` (same columns: abbreviation, label, kind, note) replace
shipped rows with the same abbreviation and add new ones, like the organisation table.
"""

from __future__ import annotations

import csv
import logging
import os
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


def user_abbreviations() -> Path | None:
    value = os.environ.get("PLANKG_ABBREVIATIONS")
    return Path(value) if value else None


@lru_cache(maxsize=8)
def _load(shipped: Path, user: Path | None) -> dict[str, Abbreviation]:
    table: dict[str, Abbreviation] = {}
    for path in (shipped, user):
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


def abbreviations() -> dict[str, Abbreviation]:
    """Abbreviation (case-folded) -> its row; the user's rows on top of the shipped ones."""
    return _load(shipped_abbreviations(), user_abbreviations())


def lookup(token: str) -> Abbreviation | None:
    return abbreviations().get(token.strip().casefold())


def reload() -> None:
    """Forget the cached tables (after a change of $PLANKG_ABBREVIATIONS)."""
    _load.cache_clear()


def shipped_given_names() -> Path:
    return Path(str(resources.files("extractor") / "data" / "given_names.txt"))


@lru_cache(maxsize=4)
def _given(shipped: Path, user: Path | None) -> frozenset[str]:
    names: set[str] = set()
    for path in (shipped, user):
        if path is None or not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                names.add(line.casefold())
    return frozenset(names)


def given_names() -> frozenset[str]:
    """Given names (case-folded): the shipped list and ``$PLANKG_GIVEN_NAMES``."""
    user = os.environ.get("PLANKG_GIVEN_NAMES")
    return _given(shipped_given_names(), Path(user) if user else None)
