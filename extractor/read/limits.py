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
    # OCR of page images: per image, a time, an address space and a pixel bound; per
    # document, a time for all of them.
    ocr_seconds: float = 120.0
    ocr_document_seconds: float = 900.0
    ocr_memory_bytes: int = 2 * 1024 * 1024 * 1024
    ocr_max_pixels: int = 40_000_000
