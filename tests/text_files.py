"""Test files written from text or copied from the real-corpus excerpts in tests/data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path


def copier(folder: Path) -> Callable[[Path, str], Path]:
    """A function that copies ``folder/name`` into a test's tmp_path and returns the copy
    (readers take the folder's neighbours into account, so tests read a private copy)."""
    def copy(tmp_path: Path, name: str) -> Path:
        target = tmp_path / name
        shutil.copy(folder / name, target)
        return target
    return copy


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def table_rows(path: Path, layout: str) -> list[dict[str, str]]:
    """The plan table read from ``path``, read as ``layout``, as dicts header -> cell."""
    from extractor.read import read_table

    table = read_table(path)
    assert table.layout == layout
    header = [c.text for c in table.rows[0]]
    return [dict(zip(header, (c.text for c in row), strict=True)) for row in table.rows[1:]]
