"""The OpenAPI document against the real service: schemathesis generates requests from it.

A real ``plankg serve`` on 127.0.0.1 (free port, temporary store with the corpus loaded, a
write token that the generated requests carry) answers up to 20 generated requests per
operation; every answer must conform to the document (status codes, content types, bodies)
and none may be a server error. Bounded: examples per operation, a per-request timeout and a
per-operation time limit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.live_server import free_port, plankg, plankg_env, plankg_serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MOESSINGEN = ROOT / "corpus" / "moessingen-integrationskonzept-status-2021-03-01.tsv"
TOKEN = "schemathesis-token-5d20"
MAX_EXAMPLES = int(os.environ.get("PLANKG_SCHEMATHESIS_EXAMPLES", "20"))
SECONDS_PER_OPERATION = 120
# Fixed examples by default (a CI run is repeatable); PLANKG_SCHEMATHESIS_RANDOM=1 explores.
DERANDOMIZE = not os.environ.get("PLANKG_SCHEMATHESIS_RANDOM")
LANGUAGE_INPUTS = {"/sparql", "/service", "/api/documents"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("schemathesis-store")
    port = free_port()
    env = plankg_env(PLANKG_TOKEN=TOKEN, PLANKG_BASE_IRI=f"http://127.0.0.1:{port}/id/",
                     PLANKG_QUERY_TIMEOUT="5", PLANKG_MAX_UPLOAD_BYTES="200000",
                     # Hundreds of generated requests from one address in a few minutes:
                     # the per-client rate limit (tested in test_service_limits) stays off.
                     PLANKG_RATE_LIMIT="0")
    loaded = plankg("load", "--store", str(store), str(MOESSINGEN), env=env)
    assert loaded.returncode == 0, loaded.stderr
    log = tmp_path_factory.mktemp("schemathesis-log") / "serve.log"
    with plankg_serve(store, env, log, port=port) as server:
        yield server.url
        assert server.alive(), "plankg serve died during the run"


@schemathesis.serializer("application/sparql-query", "application/sparql-update",
                         "application/n-quads", "application/n-triples", "application/trig")
def _utf8_text(_ctx, value) -> dict:
    """SPARQL and line- or Turtle-based RDF bodies are plain UTF-8 text."""
    return {"data": value if isinstance(value, bytes) else str(value).encode("utf-8")}


# The document the service serves at /openapi.json, loaded at collection time (schemathesis'
# lazy fixture loader does not run under pytest 9); the test checks that it is the one served.
DOCUMENT = ROOT / "service" / "static" / "openapi.json"
schema = schemathesis.openapi.from_path(DOCUMENT)


def test_the_served_document_is_the_one_tested(live_url: str) -> None:
    import json

    served = requests.get(f"{live_url}/openapi.json", timeout=30).json()
    assert served.pop("servers") == [{"url": live_url}]
    on_disk = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    on_disk.pop("servers", None)
    assert served == on_disk


_STARTED: dict[tuple[str, str], float] = {}


@schema.auth()
class _WriteToken:
    """The write token on every case, except those generated without the header on purpose."""

    def get(self, case, context) -> str:
        return TOKEN

    def set(self, case, data: str, context) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=DERANDOMIZE,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, live_url: str) -> None:
    first = _STARTED.setdefault((case.method, case.path), time.monotonic())
    if time.monotonic() - first > SECONDS_PER_OPERATION:
        return  # this operation's time is spent: the remaining examples pass untried
    # Where the inputs are languages (SPARQL, RDF syntaxes, plan tables) or exclusive
    # parameters (?graph or ?default), the document cannot say which strings are valid, so
    # schema-valid requests may rightly get a documented 4xx there.
    excluded = ([schemathesis.checks.positive_data_acceptance]
                if case.path in LANGUAGE_INPUTS else [])
    case.call_and_validate(base_url=live_url, excluded_checks=excluded, timeout=30)
