"""Tables of names a town extends: abbreviations of its offices ("SPA", "GB OBM II"),
given names, and the names of outside organisations.

The shipped tables (``extractor/data/``) come first; rows of the user's tables (paths from
the configuration: ``abbreviations``, ``given_names``, ``organisations``) replace shipped
rows with the same key and add new ones. A :class:`Vocabulary` names the tables in force;
the pipeline's actor component holds one.
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


@lru_cache(maxsize=4)
def _organisation_names(user: Path | None) -> frozenset[str]:
    from ..references import References

    return frozenset(n for org in References(organisations_file=user).organisations()
                     for n in (org.label, *org.aliases))


def reload() -> None:
    """Forget the cached tables (after a table changed on disk)."""
    _load.cache_clear()
    _given.cache_clear()
    _organisation_names.cache_clear()


@dataclass(frozen=True)
class Vocabulary:
    """The name tables in force: shipped ones plus the user's (None: shipped only)."""

    abbreviations_file: Path | None = None
    given_names_file: Path | None = None
    organisations_file: Path | None = None

    def abbreviations(self) -> dict[str, Abbreviation]:
        """Abbreviation (case-folded) -> its row; the user's rows on top of the shipped."""
        return _load(shipped_abbreviations(), self.abbreviations_file)

    def lookup(self, token: str) -> Abbreviation | None:
        return self.abbreviations().get(token.strip().casefold())

    def given_names(self) -> frozenset[str]:
        """Given names (case-folded): the shipped list and the user's."""
        return _given(shipped_given_names(), self.given_names_file)

    def organisation_names(self) -> frozenset[str]:
        """Names and aliases of the organisation table's rows."""
        return _organisation_names(self.organisations_file)

    def as_config(self) -> dict[str, str]:
        """For a spaCy component's config (strings; "" for none)."""
        return {"abbreviations": str(self.abbreviations_file or ""),
                "given_names": str(self.given_names_file or ""),
                "organisations": str(self.organisations_file or "")}

    @classmethod
    def from_config(cls, abbreviations: str, given_names: str, organisations: str
                    ) -> Vocabulary:
        def path(value: str) -> Path | None:
            return Path(value) if value else None

        return cls(path(abbreviations), path(given_names), path(organisations))


SHIPPED = Vocabulary()
