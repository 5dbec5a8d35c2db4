"""Links to the outside world over the stored graph: catalogue, VoID, reconciliation,
exports, and refreshing the reference tables from Wikidata.

Matching names to the tables happens when a graph is built (``extractor.references``);
everything here reads the store and never writes to it.
"""
