"""Names for documents, plans and towns, derived from a file when nobody gives them."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe",
                          "Ü": "Ue"})
# Parts of a file name that name a report, not the plan: "status", "stand-2021-03-01" …
_REPORT_PARTS = re.compile(
    r"[-_ ]*(?:(?:status|stand|sachstand|bericht|report|fortschreibung|umsetzungsstand)"
    r"(?:[-_ ]*\d[\d\-_.]*)?"
    r"|\d{4}[-_.]\d{2}[-_.]\d{2}|\d{2}[-_.]\d{2}[-_.]\d{4}|(?<!\d)\d{4}(?!\d))",
    re.IGNORECASE,
)


def transliterate(text: str) -> str:
    """German letters spelt without umlauts: "Kühn" -> "Kuehn", "Straße" -> "Strasse"."""
    return text.translate(_UMLAUTS)


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: "Stabsstelle Integration" -> "stabsstelle-integration"."""
    text = unicodedata.normalize("NFKD", transliterate(text))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def plan_key_from(path: Path) -> str:
    """The plan a report belongs to, from its file name without report words and dates."""
    stem = _REPORT_PARTS.sub("", path.stem)
    return slug(stem) or slug(path.stem)


def title_from(path: Path) -> str:
    return re.sub(r"[-_]+", " ", path.stem).strip()


def label_key(label: str) -> str:
    """Compare unit and organisation names without case, hyphens and spaces."""
    return re.sub(r"[\s\-–]+", "", label.casefold())
