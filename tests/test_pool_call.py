"""The service's own questions run whole in one query worker (PooledStore.call): one round
trip to the pool per question, the same answer as in this process, and the same refusals."""

from __future__ import annotations

import contextvars
from collections.abc import Callable

import pytest

from plankg.app import Plankg
from store import BadRequestError, StoreError, queries
from store.pool import API, FOREGROUND, QUERY_CLIENT, QUERY_LANE, QUERY_SECONDS, PoolLimits
from store.pooled import PooledStore
from store.who import who_page


@pytest.fixture()
def pooled(plankg_app: Plankg):
    store = PooledStore(plankg_app.store, PoolLimits(spare=0), 30.0)
    yield store
    store.close()


def _round_trips(lane: str, client: str, ask: Callable[[], object]) -> tuple[object, int]:
    """``ask()``'s answer and how many jobs it sent to the pool, asked in ``lane``."""
    def run() -> tuple[object, int]:
        QUERY_LANE.set(lane)
        QUERY_CLIENT.set(client)
        seconds: list[float] = []
        QUERY_SECONDS.set(seconds)
        return ask(), len(seconds)

    return contextvars.copy_context().run(run)


def _a_family_name(plankg_app: Plankg) -> str:
    labels = [row["label"] for row in queries.actors(plankg_app.store, plankg_app.config.base_iri)
              if row["kind"] == "person"]
    assert labels, "the test corpus names no person"
    return labels[0].split()[-1]


def test_a_question_is_one_round_trip_with_the_in_process_answer(plankg_app: Plankg,
                                                                pooled: PooledStore) -> None:
    base = plankg_app.config.base_iri
    name = _a_family_name(plankg_app)
    expected = who_page(plankg_app.store, base, name, limit=50)
    assert expected.items, name
    page, trips = _round_trips(API, "a", lambda: pooled.call(who_page, base, name, limit=50))
    assert page == expected
    assert trips == 1
    # The same question query by query (outside the API lane) costs a trip per query.
    page, trips = _round_trips(FOREGROUND, "b",
                               lambda: pooled.call(who_page, base, name, limit=50))
    assert page == expected
    assert trips > 1
    status, trips = _round_trips(API, "a",
                                 lambda: pooled.call(queries.latest_status_by_area, base))
    assert status == queries.latest_status_by_area(plankg_app.store, base) and trips == 1


def test_a_heavy_clients_question_goes_query_by_query(plankg_app: Plankg,
                                                     pooled: PooledStore) -> None:
    """Its queries go to the low-priority lane one by one, paced between them; no API
    worker computes for it."""
    base = plankg_app.config.base_iri
    name = _a_family_name(plankg_app)
    pooled.pool.mark_heavy("heavy")
    page, trips = _round_trips(API, "heavy", lambda: pooled.call(who_page, base, name))
    assert page == who_page(plankg_app.store, base, name) and trips > 1


def test_bad_questions_are_refused_as_in_process(pooled: PooledStore) -> None:
    with pytest.raises(BadRequestError, match="SPARQL query error"):
        _round_trips(API, "a", lambda: pooled.call(queries.select, "SELEKT nothing"))
    with pytest.raises(StoreError, match="not a question of the store layer"):
        _round_trips(API, "a", lambda: pooled.call(len, "abc"))  # type: ignore[arg-type]
    # The worker that refused is still there for the next question.
    rows, trips = _round_trips(API, "a", lambda: pooled.call(
        queries.select, "SELECT (1 AS ?one) WHERE {}"))
    assert rows == [{"one": 1}] and trips == 1
