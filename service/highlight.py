"""Marking extracted phrases in the original cell text, escaped, for the measure page."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def spans_of(text: str, phrases: Iterable[str]) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of each phrase, as (start, end)."""
    lowered = text.lower()
    spans = []
    for phrase in {p.strip() for p in phrases if p and p.strip()}:
        needle, start = phrase.lower(), 0
        while (found := lowered.find(needle, start)) >= 0:
            spans.append((found, found + len(needle)))
            start = found + len(needle)
    return spans


def mark(text: str | None, spans: Iterable[tuple[int, int]], css: str = "") -> Markup:
    """``text`` escaped, with the spans (merged where they overlap) wrapped in <mark>."""
    if not text:
        return Markup("")
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    attr = Markup(' class="{}"').format(css) if css else Markup("")
    out, last = [], 0
    for start, end in merged:
        out.append(escape(text[last:start]))
        out.append(Markup("<mark{}>{}</mark>").format(attr, text[start:end]))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def mark_phrases(text: str | None, phrases: Iterable[str], css: str = "") -> Markup:
    return mark(text, spans_of(text or "", phrases), css)


def mark_dates(text: str | None, css: str = "date") -> Markup:
    """Mark the dated and vague-timing expressions the extractor reads in a time frame text."""
    from extractor.language.dates import find_time_expressions, find_vague_timing_cues

    if not text:
        return Markup("")
    spans = [e.span for e in find_time_expressions(text)]
    spans += [c.span for c in find_vague_timing_cues(text)]
    return mark(text, spans, css)
