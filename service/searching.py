"""Search for the pages, the downloads and the API: the full-text index's ranked hits
(plankg/search.py), filtered by area and status in the store."""

from __future__ import annotations

from store import queries, who

from .context import base, plankg, store


def search_measures(q: str, *, area: str | None = None, status: str | None = None,
                    limit: int = 500) -> list[dict]:
    """Measures for a search, best first: the full-text index's hits (words of titles,
    descriptions, actors' names and status texts); without ``q``, the filtered list."""
    if not q:
        return queries.measures(store(), base(), queries.Filters(area=area, status=status),
                                limit=limit)
    index = plankg().search_ready()
    ranked = index.measures(q, limit=limit)
    by_agent = index.agents(q)
    if by_agent:
        ranked += [row["measure"] for row in who.who(store(), base(), q, agents=by_agent)
                   if row["measure"] not in ranked]
    rows = queries.measures(store(), base(), queries.Filters(
        area=area, status=status, measures=ranked), limit=limit)
    order = {m: n for n, m in enumerate(ranked)}
    return sorted(rows, key=lambda r: order.get(r["m"], len(order)))
