"""Roles of responsibilities: a who-column's header or a label in the cell -> a pkr: concept.

"Federführung" and "Verantwortlich" name the lead, "Kooperationspartner" and
"Unterstützend" a partner, "Beteiligte" a participant (``lexicon.ROLE_WORDS``). The only
who-column of a document names the lead. A party named in two columns of one row is one
responsibility with both roles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Responsibility
from ..naming import label_key
from . import lexicon as lx

_WORDS = re.compile(r"[a-zäöüß]+")
_PHRASES = sorted(lx.ROLE_WORDS, key=len, reverse=True)


@lru_cache(maxsize=1024)  # asked for every who cell with its column's header
def role_of_text(text: str | None) -> str | None:
    """The role a header or a role label names ("Federführung:" -> "Lead"), if any."""
    if not text:
        return None
    lowered = " ".join(_WORDS.findall(text.casefold()))
    for phrase in _PHRASES:
        if re.search(rf"(?<!\w){re.escape(phrase)}", lowered):
            return lx.ROLE_WORDS[phrase]
    return None


def assign_roles(responsibilities: list[Responsibility], header: str | None,
                 only_who_column: bool) -> None:
    """Give each responsibility of one cell its role: its own label, else the column's."""
    column_role = role_of_text(header) or ("Lead" if only_who_column else None)
    for resp in responsibilities:
        role = role_of_text(resp.role) or column_role
        if role and role not in resp.roles:
            resp.roles.append(role)


def _agent_key(resp: Responsibility) -> tuple:
    a = resp.agent
    if a.kind == "person":
        return (a.kind, (a.family_name or a.label).casefold(), (a.given_name or "").casefold())
    return (a.kind, label_key(a.label))


def merge_parties(responsibilities: list[Responsibility]) -> list[Responsibility]:
    """One responsibility per party of a row, carrying every role it was named with."""
    merged: dict[tuple, Responsibility] = {}
    for resp in responsibilities:
        key = _agent_key(resp)
        if key not in merged:
            merged[key] = resp
            continue
        kept = merged[key]
        kept.role = kept.role or resp.role
        kept.roles.extend(r for r in resp.roles if r not in kept.roles)
    return list(merged.values())
