"""Limits that keep hostile or broken files from exhausting the machine."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class ReadLimits:
    """Upper bounds for one document; set by configuration or ``PLANKG_MAX_*``."""

    max_file_bytes: int = _env_int("PLANKG_MAX_FILE_BYTES", 50 * 1024 * 1024)
    max_cell_chars: int = _env_int("PLANKG_MAX_CELL_CHARS", 20_000)
    max_rows: int = _env_int("PLANKG_MAX_ROWS", 100_000)
    max_unpacked_bytes: int = _env_int("PLANKG_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
