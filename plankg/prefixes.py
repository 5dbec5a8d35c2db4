"""Readable SPARQL errors: an undefined prefix named as such, with the PREFIX line to add.

Oxigraph reports an undefined prefix as "expected one of Prefix not found, ['%'], …" with
every character class it could have taken; an analyst needs the prefix and the fix.
"""

from __future__ import annotations

import re

from ontology import PREFIXES

_AT = re.compile(r"error at (\d+):(\d+):")
_PREFIXED = re.compile(r"([A-Za-z][\w.\-]*)?:")


def undefined_prefix(message: str, text: str) -> str | None:
    """The message for an undefined prefix, or None if ``message`` is about something else."""
    if "Prefix not found" not in message:
        return None
    where = _AT.search(message)
    name = None
    if where:
        line_no, col = int(where.group(1)), int(where.group(2))
        lines = text.splitlines()
        if 0 < line_no <= len(lines):
            before = lines[line_no - 1][:col]
            found = [m.group(1) or "" for m in _PREFIXED.finditer(before)]
            name = found[-1] if found else None
    position = f" (line {where.group(1)}, column {where.group(2)})" if where else ""
    if name is None:
        return f"a prefix in the query is not defined{position}: add a PREFIX line for it"
    known = PREFIXES.get(name)
    fix = (f"add PREFIX {name}: <{known}>" if known
           else f"add PREFIX {name}: <…>; plankg's prefixes are {', '.join(sorted(PREFIXES))}")
    return f"the prefix {name}: is not defined{position}: {fix}"


def readable_error(message: str, text: str = "") -> str:
    """``message`` as an analyst can act on it."""
    prefix = undefined_prefix(message, text)
    if prefix:
        return prefix
    message = _AT.sub(lambda m: f"syntax error at line {m.group(1)}, column {m.group(2)}:",
                      message, count=1)
    return message if len(message) <= 400 else message[:400] + " …"
