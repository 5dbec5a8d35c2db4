"""The words every match of a pattern must contain, to skip patterns cheaply.

The status cue table tries some 70 patterns on every cell, one scan of the text each; most
cells contain few of their words. ``required_words`` reads a pattern's parse tree for
literal runs that every match holds (one of several, for an alternation), so a plain
substring test on the lower-cased text rules a pattern out before the scan. It is exact:
a pattern is skipped only when it cannot match (``folds_simply`` guards the few letters
whose case folding the regular expression engine and ``str.lower`` see differently).
"""

from __future__ import annotations

from functools import lru_cache

try:  # the parser of the re module (sre_parse before Python 3.11)
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

_MIN_CHARS = 3
# Letters that ignore-case matching equates with a letter str.lower() leaves apart
# (dotless i, long s) or that lower-case to two characters (dotted capital I).
_UNSAFE_FOLDS = ("ı", "İ", "ſ")


def folds_simply(text: str) -> bool:
    """May ``required_words`` be tested against ``text.lower()``?"""
    return not any(c in text for c in _UNSAFE_FOLDS)


@lru_cache(maxsize=1024)
def required_words(pattern: str, min_chars: int = _MIN_CHARS) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``pattern`` contains, or None
    when no such set of at least ``min_chars`` characters each is found."""
    return _of_sequence(sre_parse.parse(pattern), min_chars)


def _of_sequence(items, min_chars: int) -> tuple[str, ...] | None:
    run, best = "", ""
    nested = None
    for op, value in [*items, (None, None)]:
        if op is sre_parse.LITERAL:
            run += chr(value)
            continue
        if len(run) > len(best):
            best = run
        run = ""
        if nested is None and op is sre_parse.SUBPATTERN:
            nested = _of_sequence(value[-1], min_chars)
        elif nested is None and op is sre_parse.BRANCH:
            nested = _of_branches(value[1], min_chars)
    if len(best) >= min_chars:
        return (best.lower(),)
    return nested


def _of_branches(branches, min_chars: int) -> tuple[str, ...] | None:
    words: list[str] = []
    for branch in branches:
        found = _of_sequence(branch, min_chars)
        if found is None:
            return None
        words += found
    return tuple(dict.fromkeys(words))
