"""Readers: turn a document file into a :class:`~extractor.model.Table` of cells.

Each format registers a reader function by file suffix with :func:`reader`. The
registry is the only place that knows about formats; everything after it works on
tables of :class:`~extractor.model.Cell`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path

from ..model import PlanReadError, Table
from .limits import ReadLimits

ReaderFunc = Callable[[Path, ReadLimits], Table]
_READERS: dict[str, ReaderFunc] = {}
log = logging.getLogger(__name__)


def reader(*suffixes: str) -> Callable[[ReaderFunc], ReaderFunc]:
    """Register a reader for the given file suffixes (with the dot, lower case)."""

    def register(func: ReaderFunc) -> ReaderFunc:
        for suffix in suffixes:
            _READERS[suffix] = func
        return func

    return register


def supported_suffixes() -> list[str]:
    _load_readers()
    return sorted(_READERS)


def read_table(path: str | Path, limits: ReadLimits | None = None) -> Table:
    """Read ``path`` with the reader registered for its suffix."""
    _load_readers()
    path = Path(path)
    limits = limits or ReadLimits()
    if not path.is_file():
        raise PlanReadError(path, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise PlanReadError(path, "the file is empty")
    if size > limits.max_file_bytes:
        raise PlanReadError(
            path, f"the file has {size} bytes, more than the limit of {limits.max_file_bytes}"
        )
    func = _READERS.get(path.suffix.lower())
    if func is None:
        raise PlanReadError(
            path,
            f"unsupported format {path.suffix!r}; supported: {', '.join(supported_suffixes())}",
        )
    return func(path, limits)


def _load_readers() -> None:
    # Importing the modules registers their readers; optional formats whose library is
    # missing simply stay unregistered.
    # textlayer after text and delimited: it decides what a .txt is (see its docstring).
    from . import delimited, html, text, textlayer  # noqa: F401

    # One try per optional library, so a missing one costs only its own formats.
    # python-docx, openpyxl, pdfplumber, odfpy, markdown-it-py
    for module in ("docx", "xlsx", "pdf", "odf", "markdown"):
        try:
            importlib.import_module(f".{module}", __name__)
        except ImportError as exc:
            log.info("format module %s unavailable: %s", module, exc)
