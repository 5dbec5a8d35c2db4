"""Who is who: one IRI per person, unit, organisation or group within a municipality.

"H. Kühn", "Herr Kühn" and "Boris Kühn" are one person unless something contradicts it:
a different given name, the other honorific, or membership in a different unit. The
same registry serves one document (persons seen in its rows) and the store (persons
already loaded for the town), so the rule lives in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rdflib import URIRef

from ontology import agent_kind

from ..model import Agent
from ..naming import label_key, slug

# Two unit or organisation names are one agent when they differ by a typo: rapidfuzz ratio
# at least this, over names of this many letters or more, with the same numbers in them
# ("Sachgebiet 1-4" and "Sachgebiet 1-3" stay two).
VARIANT_CUTOFF = 90.0
VARIANT_MIN_LENGTH = 8


@dataclass
class KnownPerson:
    iri: str
    family: str
    given: str | None = None
    honorific: str | None = None
    units: set[str] = field(default_factory=set)

    def compatible(self, agent: Agent, unit: str | None) -> bool:
        if self.given and agent.given_name and not _same_given(self.given, agent.given_name):
            return False
        if self.honorific and agent.honorific and self.honorific != agent.honorific:
            return False
        return not (self.units and unit and unit not in self.units)

    def absorb(self, agent: Agent, unit: str | None) -> None:
        self.given = self.given or agent.given_name
        self.honorific = self.honorific or agent.honorific
        if unit:
            self.units.add(unit)


def _same_given(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("."), b.lower().rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


class AgentRegistry:
    """Mints or finds the IRI of every agent of one municipality."""

    def __init__(self, base: str, municipality: str | None,
                 persons: list[KnownPerson] | None = None,
                 others: dict[tuple[str, str], str] | None = None):
        self.prefix = f"{base}agent/{slug(municipality or 'unbekannt')}/"
        self.persons = list(persons or [])
        self.others = dict(others or {})
        self._taken = {p.iri for p in self.persons} | set(self.others.values())

    def iri(self, agent: Agent) -> URIRef:
        if agent.kind == "person":
            return URIRef(self._person(agent))
        keys = [(agent.kind, label_key(label)) for label in (agent.label, *agent.alt_labels)]
        known = next((self.others[k] for k in keys if k in self.others), None)
        iri = known or self._variant_of(*keys[0]) or self._fresh(
            f"{agent.kind}/{slug(agent.label)}")
        for key in keys:
            self.others.setdefault(key, iri)
        return URIRef(iri)

    def _variant_of(self, kind: str, key: str) -> str | None:
        """A known name this one is a spelling variant of ("Arbeiitsschutz"), if exactly one."""
        if len(key) < VARIANT_MIN_LENGTH:
            return None
        digits = re.sub(r"\D", "", key)
        candidates = {iri for (k, other), iri in self.others.items()
                      if k == kind and re.sub(r"\D", "", other) == digits
                      and fuzz.ratio(key, other) >= VARIANT_CUTOFF}
        return candidates.pop() if len(candidates) == 1 else None

    def _person(self, agent: Agent) -> str:
        family = (agent.family_name or agent.label).strip()
        unit = label_key(agent.member_of.label) if agent.member_of else None
        same_name = [p for p in self.persons if p.family.casefold() == family.casefold()]
        fitting = [p for p in same_name if p.compatible(agent, unit)]
        if agent.given_name:
            exact = [p for p in fitting if p.given and _same_given(p.given, agent.given_name)]
            fitting = exact or [p for p in fitting if not p.given]
        if len(fitting) > 1:
            # Ambiguous: "H. Müller" when two Müllers are known. Prefer the one who shares
            # the unit; otherwise keep the mention apart rather than merge wrongly.
            fitting = [p for p in fitting if unit and unit in p.units] or []
        if len(fitting) == 1:
            fitting[0].absorb(agent, unit)
            return fitting[0].iri
        suffix = slug(family)
        if same_name:
            suffix += "-" + slug(agent.given_name or agent.honorific or (unit or "2"))
        person = KnownPerson(self._fresh(f"person/{suffix}"), family, agent.given_name,
                             agent.honorific, {unit} if unit else set())
        self.persons.append(person)
        return person.iri

    def _fresh(self, local: str) -> str:
        iri, n = self.prefix + local, 2
        while iri in self._taken:
            iri, n = f"{self.prefix}{local}-{n}", n + 1
        self._taken.add(iri)
        return iri


def registry_from_rows(base: str, municipality: str | None, rows: list[dict]) -> AgentRegistry:
    """The registry of a town's agents already stored, from rows with the keys ``a`` (IRI),
    ``kind`` (class IRI), ``label`` and optionally ``family``, ``given``, ``honorific``,
    ``unitLabel`` (one row per unit a person belongs to)."""
    prefix = AgentRegistry(base, municipality).prefix
    persons: dict[str, KnownPerson] = {}
    others: dict[tuple[str, str], str] = {}
    for row in rows:
        kind = agent_kind(row.get("kind"))
        if kind is None or not row["a"].startswith(prefix):
            continue  # an agent of another town named in this town's report
        if kind != "person":
            others[(kind, label_key(row["label"]))] = row["a"]
            continue
        p = persons.setdefault(row["a"], KnownPerson(row["a"], row.get("family") or row["label"]))
        p.given = p.given or row.get("given")
        p.honorific = p.honorific or row.get("honorific")
        if row.get("unitLabel"):
            p.units.add(label_key(row["unitLabel"]))
    return AgentRegistry(base, municipality, list(persons.values()), others)
