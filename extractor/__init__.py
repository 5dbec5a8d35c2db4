"""plankg extractor: read → rows → language → graph.

>>> from extractor import Extractor, build_dataset
>>> record = Extractor().extract("corpus/plan.tsv")
>>> dataset = build_dataset(record)
"""

from .extract import ExtractOptions, Extractor
from .graph import build_dataset, validate
from .model import PlanDocumentRecord, PlanReadError

__all__ = ["ExtractOptions", "Extractor", "PlanDocumentRecord", "PlanReadError",
           "build_dataset", "validate"]
