"""The one application object: configuration, the German pipeline and the store.

The command line and the web service both work through a :class:`Plankg`; what it does
with a document is :mod:`plankg.loading`, the one load path.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import cached_property
from pathlib import Path

from extractor import ExtractOptions, Extractor
from extractor.language.pipeline import load_pipeline
from extractor.references import References
from store import GraphStore, StoreBusyError, open_store

from . import loading
from .config import Config
from .loading import Extraction, LoadReport
from .search import SearchIndex, index_path

log = logging.getLogger(__name__)

__all__ = ["Extraction", "LoadReport", "Plankg"]


class Plankg:
    """``reading``: the caller only reads, so a local store another process holds (a
    running ``plankg serve``) is opened read-only instead of failing as busy."""

    def __init__(self, config: Config | None = None, *, reading: bool = False):
        self.config = config or Config.load()
        self.reading = reading

    @cached_property
    def references(self) -> References:
        c = self.config
        return References(c.municipalities_file, c.organisations_file,
                          Path(c.abbreviations) if c.abbreviations else None,
                          Path(c.given_names) if c.given_names else None)

    @cached_property
    def extractor(self) -> Extractor:
        nlp, info = load_pipeline(self.config.spacy_model, hanta=self.config.hanta)
        return Extractor(nlp, info, self.config.read_limits(), self.references)

    def extract(self, path: str | Path, options: ExtractOptions | None = None, *,
                validate: bool = True) -> Extraction:
        """Extract one document and build its graph; raise PlanReadError if it is invalid."""
        return loading.extract_document(self.extractor, path, options,
                                        base=self.config.base_iri, references=self.references,
                                        validate=validate)

    @cached_property
    def store(self) -> GraphStore:
        """Opened on first use: extraction alone never locks the store."""
        try:
            return open_store(self.config.store, token=self.config.store_token)
        except StoreBusyError:
            if not self.reading:
                raise
            log.info("%s is held by another process: reading it read-only", self.config.store)
            return open_store(self.config.store, read_only=True)

    @cached_property
    def search(self) -> SearchIndex:
        """The full-text index beside the store (plankg/search.py)."""
        return SearchIndex(index_path(self.config.store, self.config.user_dir))

    def search_ready(self) -> SearchIndex:
        """The index, first catching up with documents loaded without it."""
        try:
            self.search.catch_up(self.store)
        except sqlite3.Error as err:
            log.warning("the search index %s cannot catch up: %s", self.search.path, err)
        return self.search

    def load(self, path: str | Path, options: ExtractOptions | None = None) -> LoadReport:
        """Extract, validate and store one report; nothing is written if any step fails."""
        return loading.load_document(self.store, self.extractor, path, options,
                                     base=self.config.base_iri, references=self.references,
                                     index=self.search)

    def close(self) -> None:
        if "search" in self.__dict__:
            self.search.close()
        if "store" in self.__dict__:
            self.store.close()
            del self.__dict__["store"]
