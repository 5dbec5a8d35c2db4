"""QueryResult.values: plain Python rows read straight from a JSON payload mean what the
rdflib rows mean (``toPython()`` of typed literals, text of the others), in every format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from store import LocalStore

TERMS = """VALUES (?v) { (<http://example.org/a>) ("plain") ("getaggt"@de)
  ("2024-04-01"^^<http://www.w3.org/2001/XMLSchema#date>) (42) (1.5) (true)
  ("x"^^<http://www.w3.org/2001/XMLSchema#string>)
  ("odd"^^<http://example.org/type>) ("not a date"^^<http://www.w3.org/2001/XMLSchema#date>) }"""


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_values_are_the_rdflib_rows_as_python(fmt):
    store = LocalStore(None)
    result = store.query(f"SELECT ?v ?unbound WHERE {{ {TERMS} }}", result_format=fmt)
    expected = [{k: v.toPython() if getattr(v, "datatype", None) else str(v)
                 for k, v in row.items()} for row in result]
    got = result.values()
    assert got == expected
    assert [row["v"] for row in got][:7] == ["http://example.org/a", "plain", "getaggt",
                                             dt.date(2024, 4, 1), 42, Decimal("1.5"), True]
    assert all("unbound" not in row for row in got)


def test_values_of_an_ask_are_empty():
    assert LocalStore(None).query("ASK { ?s ?p ?o }").values() == []
