"""Status columns with a fixed vocabulary: a short cell that is one term decides alone.

Many reports fill the status column from a drop-down ("gestartet", "abgeschlossen",
"in Planung") or a traffic light, and give the story in a prose column beside it. Such a
term decides the category; the prose adds causes and dates. A traffic light is read by
the document's legend ("grün = umgesetzt") where it has one, else by ``TRAFFIC_LIGHTS``.
"""

from __future__ import annotations

import colorsys
import re

from ..status_terms import STATUS_TERMS, normalise

# A traffic light when the document gives no legend: the common German reading
# (grün umgesetzt, gelb/orange teilweise umgesetzt, rot nicht umgesetzt).
TRAFFIC_LIGHTS: dict[str, str] = {
    "grün": "Completed", "gruen": "Completed", "green": "Completed",
    "gelb": "InProgress", "orange": "InProgress", "yellow": "InProgress", "amber": "InProgress",
    "rot": "NotStarted", "red": "NotStarted", "grau": "Unknown", "weiß": "Unknown",
    "white": "Unknown", "blau": "Planned", "blue": "Planned",
}
_HEX = re.compile(r"^#?(?P<rgb>[0-9a-f]{6}|[0-9a-f]{3})$", re.IGNORECASE)


def colour_name(value: str) -> str | None:
    """"#01873B" -> "grün": a colour code read by its hue, for a traffic-light column."""
    m = _HEX.match(value.strip())
    if m is None:
        return None
    rgb = m["rgb"] if len(m["rgb"]) == 6 else "".join(c * 2 for c in m["rgb"])
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or lightness > 0.92 or lightness < 0.08:
        return "weiß" if lightness > 0.8 else "grau"
    degrees = hue * 360
    for limit, name in ((15, "rot"), (40, "orange"), (70, "gelb"), (170, "grün"), (260, "blau"),
                        (330, "violett")):
        if degrees < limit:
            return name
    return "rot"


_LEGEND = re.compile(r"(?P<color>\bgrün|\bgruen|\bgelb|\borange|\brot|\bgrau|\bblau"
                     r"|#[0-9a-f]{6}\b)\w*\s*(?:[:=–\-]|\))\s*"
                     r"(?P<meaning>[^;\n|]{3,80})", re.IGNORECASE)
_MAX_WORDS = 5



def term_of(text: str, legend: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(category, term) when the cell (or its first line) is one vocabulary term."""
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    for candidate in dict.fromkeys((text or "", first)):
        key = normalise(candidate)
        if not key or len(key.split()) > _MAX_WORDS:
            continue
        if key in STATUS_TERMS:
            return STATUS_TERMS[key], candidate.strip()
        lights = {**TRAFFIC_LIGHTS, **(legend or {})}
        key = colour_name(key) or key
        if key in lights:
            return lights[key], candidate.strip()
    return None


def legend_from(texts: list[str]) -> dict[str, str]:
    """Traffic-light meanings a document states ("grün = umgesetzt", "Rot: nicht begonnen")."""
    from .status import classify_status

    legend: dict[str, str] = {}
    for text in texts:
        for m in _LEGEND.finditer(text or ""):
            meaning = m["meaning"].strip()
            category = (term_of(meaning) or (classify_status(meaning).category, ""))[0]
            if category != "Unknown":
                colour = colour_name(m["color"]) or normalise(m["color"])
                legend.setdefault(colour, category)
    return legend
