"""Page headings glued to a running header: the group of the sheets on those pages.

A text layer may run a page's own heading into the running header printed beside it:
"Abgeschlossene MaßnahmenAktionsplan City Stand: 12.2019" on some pages, "Maßnahmen in
BearbeitungAktionsplan CityStand: 12.2019" on others. Where two or more running headers
end alike, what is left in front of the shared end is the heading of the pages from that
line on; it is the group (an area, or a status group the language layer recognises) of
the sheets there that name no area of their own.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .textclean import running_titles

if TYPE_CHECKING:
    from .textblocks import Block

_MIN_SHARED = 10  # characters (spaces aside) the running headers must end with alike
_MAX_HEADING = 60


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shared_end(texts: list[str]) -> str:
    squeezed = [_squeezed(t)[::-1] for t in texts]
    n = 0
    while all(len(s) > n and s[n] == squeezed[0][n] for s in squeezed):
        n += 1
    return squeezed[0][:n][::-1]


def _prefix(text: str, end: str) -> str | None:
    """``text`` without its last ``len(end)`` non-space characters, if it ends so."""
    if not _squeezed(text).endswith(end) or _squeezed(text) == end:
        return None
    left = len(end)
    i = len(text)
    while left and i:
        i -= 1
        if not text[i].isspace():
            left -= 1
    head = text[:i].strip()
    return head if head and len(head) <= _MAX_HEADING and re.search(r"[^\W\d]{3}", head) \
        else None


def page_groups(text: str) -> list[tuple[int, str]]:
    """(line number, heading) where a page heading glued to the running header starts."""
    titles = running_titles(text)
    ends = [_shared_end([a, b]) for n, a in enumerate(titles) for b in titles[n + 1:]]
    end = max(ends, key=len, default="")
    if len(end) < _MIN_SHARED:
        return []
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        head = _prefix(line.strip(), end)
        if head is not None:
            found.append((number, head))
    return found if len({h for _, h in found}) >= 2 else []


def apply_groups(blocks: list[Block], groups: list[tuple[int, str]]) -> None:
    """Give each sheet without an area the heading of the pages it stands on."""
    from .textblocks import AREA

    for block in blocks:
        heading = next((h for n, h in reversed(groups) if n < block.line), None)
        if heading and not any(label == AREA for label, _ in block.fields):
            block.fields.insert(0, (AREA, [heading]))
