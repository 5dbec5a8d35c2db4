"""The count graphs of a store of clones, summed from its templates instead of queried.

After a bulk load the store needs ``graph/status-counts`` and ``graph/name-counts``
(store/counts.py, store/names.py). Their grouping queries read the whole store: 36 s at
10 M triples, and they ran 4x slower before the compaction, so they also forced it. But a
store of clones holds nothing a template does not: clone k of town T is T's quads with
T's names and hashes renamed (benchmarks/clones.py), and measures and agents are never
shared between towns (their IRIs carry the town's slug or a hash). So each count is the
template's, under the renamed label, and the store's count is their sum. Each template is
counted once, in memory (a town is ~4,000 quads); a label is renamed per clone only where
it holds a name or a hash (``Template`` finds none in most labels).

tests/test_benchmarks_smoke.py checks the sums against the grouping queries on a built
store of clones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from rdflib import Literal

from .clones import Template


class _Relabel:
    """Renames one template's label texts the way its clones' N-Quads are renamed."""

    def __init__(self, town: str) -> None:
        self.town = town
        self._templates: dict[str, Template | None] = {}

    def __call__(self, text: str, k: int) -> str:
        template = self._templates.get(text, False)
        if template is False:
            # In the N-Quads a label stands between quotes: the same delimiters for hashes.
            found = Template.scan(f'"{text}"'.encode(), self.town)
            template = self._templates[text] = found if found.slots else None
        if template is None:
            return text
        return template.render(k).decode()[1:-1]

    def varies(self, text: str) -> bool:
        self(text, 1)
        return self._templates[text] is not None


def _counted(data: bytes, base: str) -> tuple[list, dict[str, int]]:
    from store import LocalStore, counts, names

    store = LocalStore(None)
    try:
        store.bulk_load(data, "nquads")
        return counts.grouped(store, base), names.grouped(store)
    finally:
        store.close()


def _sum(cells: Counter, items: list[tuple[object, int]], relabel: Callable[[object, int], object],
         varies: Callable[[object], bool], numbers: list[int]) -> None:
    """Add ``items`` (key, n) of one template for the clones ``numbers`` (0: the original)."""
    for key, n in items:
        if varies(key):
            for k in numbers:
                cells[relabel(key, k) if k else key] += n
        else:
            cells[key] += n * len(numbers)


def clone_counts(sources: list[tuple[bytes, str]], clones: int, base: str
                 ) -> tuple[list[tuple[Literal, object, int]], dict[str, int]]:
    """(status cells, name counts) of the originals ``sources`` (N-Quads, town name) and
    ``clones`` clones of them, dealt round-robin as ``clones.clones`` deals them: what
    ``counts.grouped`` and ``names.grouped`` would answer on the loaded store."""
    status: Counter = Counter()
    people: Counter = Counter()
    for i, (data, town) in enumerate(sources):
        numbers = [0, *range(1, (clones - i - 1) // len(sources) + 2)] if clones > i else [0]
        relabel = _Relabel(town)
        cells, names = _counted(data, base)

        def label_of(key, k, relabel=relabel):
            label, category = key
            text = relabel(str(label), k)
            return Literal(text, lang=label.language, datatype=label.datatype), category

        _sum(status, [((label, category), n) for label, category, n in cells], label_of,
             lambda key, relabel=relabel: relabel.varies(str(key[0])), numbers)
        _sum(people, list(names.items()), relabel, relabel.varies, numbers)
    return ([(label, category, n) for (label, category), n in status.items()],
            dict(people))
