"""Score one extracted document against its hand-written gold (``corpus/real/GOLD.md``).

Pure functions over plain data: the gold as loaded from JSON, the extraction as a
:class:`~extractor.model.PlanDocumentRecord`. ``benchmarks.quality`` runs them over the
real corpus and prints the table.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extractor.model import MeasureRecord, PlanDocumentRecord
from extractor.naming import transliterate

# Agent kinds of the extractor's records, by the names the gold uses.
KIND_NAMES = {"person": "Person", "unit": "OrganizationalUnit",
              "organization": "Organization", "group": "Group"}
TITLE_CUTOFF = 80.0  # rapidfuzz WRatio at or above which two titles are one measure
NAME_CUTOFF = 85.0
_HONORIFICS = re.compile(
    r"\b(herrn?|frau|hr|fr|h|dr|prof|med|dipl|ing)\b\.?", re.IGNORECASE)


@dataclass
class Counts:
    """What one document (or the total) scored; ratios are computed at the end."""

    documents: int = 0
    read: int = 0
    gold_measures: int = 0
    found: int = 0
    extra: int = 0
    agents_gold: int = 0
    agents_found: int = 0
    agents_matched: int = 0
    kinds_right: int = 0
    timeframes: int = 0
    timeframes_exact: int = 0
    statuses: int = 0
    statuses_right: int = 0
    status_dates: int = 0
    status_dates_right: int = 0
    budgets: int = 0
    budgets_right: int = 0
    pairs: int = 0
    pairs_right: int = 0
    towns: int = 0  # documents whose gold names a municipality
    towns_right: int = 0  # … and plankg recognised that one from the document
    problems: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    def ratios(self) -> dict[str, float | None]:
        p = _ratio(self.agents_matched, self.agents_found)
        r = _ratio(self.agents_matched, self.agents_gold)
        f1 = None if p is None or r is None or p + r == 0 else 2 * p * r / (p + r)
        return {
            "read": _ratio(self.read, self.documents),
            "measures found": _ratio(self.found, self.gold_measures),
            "measures extra": _ratio(self.extra, self.found + self.extra) or 0.0,
            "agent precision": p, "agent recall": r, "agent F1": f1,
            "agent kind": _ratio(self.kinds_right, self.agents_matched),
            "time frames exact": _ratio(self.timeframes_exact, self.timeframes),
            "status": _ratio(self.statuses_right, self.statuses),
            "status date": _ratio(self.status_dates_right, self.status_dates),
            "budget": _ratio(self.budgets_right, self.budgets),
            "identity (pairs)": _ratio(self.pairs_right, self.pairs),
            "town": _ratio(self.towns_right, self.towns),
        }


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def fold(text: str) -> str:
    """Compare names and titles without case, accents, umlaut spellings or punctuation."""
    text = transliterate(text.casefold())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _name_key(name: str) -> str:
    return fold(_HONORIFICS.sub(" ", name))


def match_measures(gold: list[dict], measures: list[MeasureRecord]
                   ) -> dict[int, int]:
    """Gold index → extracted index: printed identifiers first, then titles (greedy)."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    # Identifiers pair measures only where they are unique on both sides: numbering that
    # restarts in each chapter ("MEASURE 1" in every building block) says nothing.
    found_ids = Counter(fold(m.row.number) for m in measures if m.row.number)
    gold_ids = Counter(fold(str(w["id"])) for w in gold if w.get("id"))
    ids = {fold(m.row.number): i for i, m in enumerate(measures)
           if m.row.number and found_ids[fold(m.row.number)] == 1}
    for g, want in enumerate(gold):
        if want.get("id") and gold_ids[fold(str(want["id"]))] == 1 \
                and fold(str(want["id"])) in ids:
            i = ids[fold(str(want["id"]))]
            if i not in taken and _title_score(want["title"], measures[i]) >= 50:
                pairs[g] = i
                taken.add(i)
    scored = sorted(
        ((_title_score(want["title"], m), g, i)
         for g, want in enumerate(gold) if g not in pairs
         for i, m in enumerate(measures) if i not in taken),
        reverse=True)
    for score, g, i in scored:
        if score < TITLE_CUTOFF:
            break
        if g in pairs or i in taken:
            continue
        pairs[g] = i
        taken.add(i)
    return pairs


def _title_score(title: str, measure: MeasureRecord) -> float:
    want = fold(title)
    return max(fuzz.WRatio(want, fold(measure.title)),
               fuzz.ratio(want, fold(f"{measure.title} {measure.description or ''}")))


def _found_agents(measure: MeasureRecord) -> list[tuple[set[str], str]]:
    """Each distinct agent of a measure: its name keys (name, label, variants) and kind."""
    agents: dict[tuple[str, str], set[str]] = {}
    for resp in measure.responsibilities:
        agent = resp.agent
        kind = KIND_NAMES.get(agent.kind, agent.kind)
        names = {agent.name, agent.label, *(getattr(agent, "alt_labels", None) or [])}
        keys = {_name_key(n) for n in names if n}
        agents.setdefault((kind, _name_key(agent.name or agent.label)), set()).update(keys)
    return [(keys, kind) for (kind, _), keys in agents.items()]


def score_agents(gold: list[dict], measure: MeasureRecord, counts: Counts) -> None:
    free = _found_agents(measure)
    counts.agents_gold += len(gold)
    counts.agents_found += len(free)
    for want in gold:
        key = _name_key(want["name"])
        scored = [(max(_name_similarity(key, k) for k in keys), n)
                  for n, (keys, _) in enumerate(free)]
        best = max(scored, default=None)
        if best is None or best[0] < NAME_CUTOFF:
            continue
        counts.agents_matched += 1
        counts.kinds_right += free[best[1]][1] == want.get("kind")
        free.pop(best[1])


def _name_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    # "kuehn" against "boris kuehn": a family name the gold or the extraction wrote alone
    if a.split()[-1] == b.split()[-1] and (len(a.split()) == 1 or len(b.split()) == 1):
        return 95.0
    return fuzz.ratio(a, b)


def score_timeframe(gold: dict | None, measure: MeasureRecord, counts: Counts) -> None:
    got = measure.timeframe
    if got is not None and not (got.start or got.end or set(got.timing) - {"Unspecified"}):
        got = None  # pkt:Unspecified is the contract's "nothing usable"
    if gold is None and got is None:
        return
    counts.timeframes += 1
    if gold is None or got is None:
        return
    start = got.start.isoformat() if got.start else None
    end = got.end.isoformat() if got.end else None
    if gold.get("start") or gold.get("end"):
        exact = (start, end) == (gold.get("start"), gold.get("end"))
    else:
        exact = not (start or end) and gold.get("timing") in (got.timing or [None])
    counts.timeframes_exact += exact
    if not exact:
        _detail(counts, "time frame", measure, f"{_bounds(gold)} {(gold or {}).get('text')!r}",
                f"{(start, end, got.timing) if got else None} {got.label if got else ''!r}")


def _bounds(gold: dict | None) -> tuple | None:
    return (gold.get("start"), gold.get("end"), gold.get("timing")) if gold else None


def _detail(counts: Counts, what: str, measure: MeasureRecord, want: str, got: str) -> None:
    """One miss, for ``--problems``: what the gold says and what was extracted."""
    counts.problems.append(f"{what} {measure.title[:40]!r}: gold {want[:160]}; got {got[:160]}")


def latest_status(measure: MeasureRecord) -> str | None:
    observations = getattr(measure, "statuses", None)
    if observations:
        dated = [o for o in observations if getattr(o, "date", None)]
        chosen = max(dated, key=lambda o: o.date) if dated else observations[-1]
        return getattr(chosen, "category", None) or chosen.status.category
    return measure.status.category if measure.status else None


def score_status(gold: list[dict], measure: MeasureRecord, counts: Counts) -> None:
    if not gold:
        return
    counts.statuses += 1
    latest = max(gold, key=lambda s: s.get("date") or "")
    got = latest_status(measure)
    counts.statuses_right += got == latest["category"]
    if got != latest["category"]:
        _detail(counts, "status", measure, f"{latest['category']} {latest.get('text', '')!r}",
                f"{got} {measure.status_text!r}")


def observation_dates(measure: MeasureRecord, document_date: dt.date | None) -> set[str]:
    """The dates the graph's StatusObservations of ``measure`` are as of (pk:asOf)."""
    dates = {o.date.isoformat() for o in measure.earlier_statuses if o.date}
    latest = measure.status_date or document_date
    if measure.status is not None and latest is not None:
        dates.add(latest.isoformat())
    return dates


def score_status_dates(gold: list[dict], measure: MeasureRecord,
                       document_date: dt.date | None, counts: Counts) -> None:
    """Right when the measure's observations are as of exactly the gold statuses' dates."""
    if not gold:
        return
    counts.status_dates += 1
    want = {s["date"] for s in gold if s.get("date")}
    got = observation_dates(measure, document_date)
    counts.status_dates_right += got == want
    if got != want:
        _detail(counts, "status date", measure, str(sorted(want)), str(sorted(got)))


def score_budget(gold: list[dict], measure: MeasureRecord, counts: Counts) -> None:
    got = Counter(round(b.value, 2) for b in measure.budgets)
    want = Counter(round(float(b["value"]), 2) for b in gold)
    if not got and not want:
        return
    counts.budgets += 1
    counts.budgets_right += got == want
    if got != want:
        _detail(counts, "budget", measure, str(sorted(want.elements())),
                str([b.text for b in measure.budgets]))


def score_document(gold: dict, record: PlanDocumentRecord) -> tuple[Counts, dict[int, int]]:
    """Everything but identity across a pair, which needs the store."""
    counts = Counts(documents=1, read=1, gold_measures=len(gold["measures"]))
    if gold.get("municipality"):
        counts.towns = 1
        counts.towns_right = fold(record.municipality or "") == fold(gold["municipality"])
    pairs = match_measures(gold["measures"], record.measures)
    counts.found = len(pairs)
    if not gold.get("partial"):
        counts.extra = len(record.measures) - len(pairs)
    for g, i in pairs.items():
        want, got = gold["measures"][g], record.measures[i]
        score_agents(want.get("agents") or [], got, counts)
        score_timeframe(want.get("timeframe"), got, counts)
        score_status(want.get("status") or [], got, counts)
        score_status_dates(want.get("status") or [], got, record.status_date, counts)
        score_budget(want.get("budget") or [], got, counts)
    missing = [gold["measures"][g]["title"][:40] for g in range(len(gold["measures"]))
               if g not in pairs]
    if missing:
        counts.problems.append(f"not found: {'; '.join(missing[:5])}"
                               + (" …" if len(missing) > 5 else ""))
    return counts, pairs
