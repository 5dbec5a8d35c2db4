"""Limits that keep hostile or broken files from exhausting the machine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    """Upper bounds for one document; the configuration sets them (``max_*`` settings)."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_cell_chars: int = 20_000
    max_rows: int = 100_000
    max_unpacked_bytes: int = 200 * 1024 * 1024
