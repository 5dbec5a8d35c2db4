"""Links to the outside world: reference tables, matching, refresh, catalogue, reconciliation.

The extractor calls :func:`links_for` for every agent it writes; everything else here
reads the store (catalogue, VoID, reconciliation, exports) and never writes to it.
"""

from __future__ import annotations

from .organisations import (
    GND,
    WIKIDATA_ENTITY,
    Organisation,
    links_for,
    match_organisation,
)

__all__ = ["GND", "WIKIDATA_ENTITY", "Organisation", "links_for", "match_organisation"]
