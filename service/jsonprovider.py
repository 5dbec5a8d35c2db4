"""JSON for the API: ISO dates (Flask's default writes HTTP dates) and real umlauts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from flask.json.provider import DefaultJSONProvider


class PlankgJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, dt.date | dt.datetime):
            return o.isoformat()
        if isinstance(o, Decimal):
            return float(o)
        return DefaultJSONProvider.default(o)
