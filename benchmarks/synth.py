"""Synthetic plan documents shaped like the real status reports, for benchmarks.

Each town gets its own staff, units and places, so that minted IRIs (agents, plans,
measures) stay apart across towns. Each plan has a fixed list of areas, goals and
measures; its reports (one file per status date) repeat them and advance each
measure's status along a plausible path (nothing -> planned -> running -> done, with
detours to delayed, on hold, cancelled or rejected). Cells use the forms the contract
names: "H. Kühn", "Fr. Aydin (Stabsstelle Integration)", "Sachgebiet 1-4 lädt ein",
groups; the contract's date forms; the status cue phrases.

Everything is drawn from ``random.Random`` seeded per (seed, town), so a town's files
are the same whichever other towns are generated.

    python -m benchmarks.synth --out DIR --towns N --rows-per-doc R --reports K
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from extractor.naming import slug

log = logging.getLogger(__name__)

HEADER = ["Bereich", "Ziele", "Maßnahmen", "Wer?", "Zeithorizont, Ressourcen"]
# Every town has a Müller on its staff: the benchmarks ask "who is Müller responsible for".
FREQUENT_FAMILY_NAME = "Müller"

_TOWN_HEADS = ["Ober", "Unter", "Neu", "Alt", "Groß", "Klein", "Hohen", "Nieder", "Bad ", ""]
_TOWN_ROOTS = ["rot", "wald", "stein", "lind", "eich", "mühl", "sonnen", "kirch", "tal",
               "buch", "wies", "rosen", "berg", "fichten", "hasel", "schön", "weiden",
               "erlen", "brunn", "wolf"]
_TOWN_TAILS = ["bach", "heim", "ingen", "hausen", "stadt", "dorf", "burg", "feld", "au",
               "weiler"]
_RIVERS = ["", " am Neckar", " an der Fils", " an der Rems", " am Main", " an der Donau",
           " an der Murr", " an der Enz", " an der Jagst", " am Kocher"]

_FAMILY = ["Kühn", "Hägele", "Baumeister", "Metz", "Aydin", "Foitzik", "Schott", "Conrad",
           "Schelling", "Kuhlo", "Gönner", "Siller", "Schmidt", "Schneider", "Fischer",
           "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter",
           "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
           "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Maier",
           "Lehmann", "Schmid", "Schulze", "Maurer", "Köhler", "Herrmann", "König", "Walter",
           "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß",
           "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger",
           "Winkler", "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Yilmaz",
           "Kaya", "Demir", "Şahin", "Öztürk", "Nowak", "Kowalski", "Popescu", "Rossi"]
_UNITS = ["Stabsstelle Integration", "Stabsstelle Klimaschutz", "Stabsstelle Bürgerbeteiligung",
          "Integrationsmanagement", "Bürgerservice", "Ordnungsamt", "Amt für Familie und Soziales",
          "Jugendamt", "Stadtbücherei", "Gemeinwesenarbeit", "Wirtschaftsförderung",
          "Seniorenbüro", "Kulturamt", "Bauamt"]
_ROLES = ["Pädagogische Gesamtleitung", "Schulleiterin", "Schulleiter", "Gemeinwesenarbeit",
          "Integrationsmanagement", "Quartiersmanagement", "Jugendreferent", "Klever IQ"]
_ORGS = ["Caritas", "Diakonie", "Stadtwerke", "Volkshochschule", "Jugendmigrationsdienst",
         "Kreisdiakonieverband", "Familienzentrum", "Bürgerstiftung", "Sportverein"]
_GROUPS = ["Vereine", "Schulen", "ehrenamtlich Engagierte", "weitere Ehrenamtliche",
           "Einzelne Engagierte", "Kirchengemeinden", "Kitas"]

_PLANS = {
    "integrationskonzept": ["Bildung und Betreuung", "Wohnen und Wohnumfeld",
                            "Orte der Begegnung", "Arbeit und Beschäftigung", "Sprache",
                            "Gesundheit"],
    "klimaschutzkonzept": ["Energie", "Mobilität", "Gebäude und Wohnen", "Beschaffung",
                           "Öffentlichkeitsarbeit", "Klimaanpassung"],
    "aktionsplan-inklusion": ["Barrierefreiheit", "Arbeit und Beschäftigung",
                              "Bildung und Betreuung", "Freizeit und Kultur", "Information"],
    "seniorenplan": ["Wohnen im Alter", "Pflege und Gesundheit", "Mobilität",
                     "Begegnung und Teilhabe", "Beratung"],
    "familienplan": ["Kinderbetreuung", "Jugend", "Familienbildung", "Freizeit und Kultur",
                     "Wohnen und Wohnumfeld"],
}
_GOAL_VERBS = ["stärken", "ausbauen", "verbessern", "sichern", "fördern", "weiterentwickeln",
               "bekannter machen", "vernetzen"]
_GOAL_TOPICS = ["Zusammenarbeit von Kita und Schule", "Beratungsangebote vor Ort",
                "Ehrenamtliches Engagement", "Bezahlbaren Wohnraum", "Sprachförderung",
                "Begegnung im Quartier", "Teilhabe am Arbeitsmarkt", "Radverkehr",
                "Energieberatung", "Gesundheitsangebote", "Barrierefreie Zugänge",
                "Informationen in einfacher Sprache", "Nachbarschaftshilfe",
                "Angebote für Jugendliche", "Kulturelle Vielfalt", "Mehrsprachigkeit"]
_GOAL_WHY = ["Eine systematische Zusammenarbeit erleichtert den Übergang.",
             "Gerade schwer erreichbare Zielgruppen sollen angesprochen werden.",
             "Die Angebote sind bisher wenig bekannt.",
             "Dazu braucht es verlässliche Strukturen und Ansprechpersonen.",
             "Bestehende Angebote sollen besser aufeinander abgestimmt werden."]
_MEASURE_KINDS = ["Fachtag", "Runder Tisch", "Arbeitsgruppe", "Beratungsangebot",
                  "Informationsveranstaltung", "Workshop-Reihe", "Projekt", "Broschüre",
                  "Sprechstunde", "Patenschaftsprogramm", "Bestandsaufnahme", "Aktionswoche"]
_MEASURE_TOPICS = ["Übergang Kita – Schule", "Diversität", "Mehrsprachigkeit", "Wohnraum",
                   "Nachbarschaft", "Arbeitssuche", "Ehrenamt", "Energiesparen", "Radwege",
                   "Pflege zu Hause", "Barrierefreiheit", "Freizeitangebote", "Gesundheit",
                   "Elternarbeit", "Digitale Teilhabe", "Klimaanpassung"]
_MEASURE_FOR = ["für Familien", "für Senior*innen", "für Neuzugezogene", "für Jugendliche",
                "für Fachkräfte", "für Vermieter*innen", "für Vereine", "im Quartier"]
_MEASURE_DETAIL = ["Externer, fachlicher Input und gemeinsame Ausarbeitung.",
                   "Beteiligung von Leitungen und Ehrenamtlichen.",
                   "Orientierung an der Situation vor Ort und den Bedarfen.",
                   "In Kooperation mit Kommune und freien Trägern.",
                   "Mehrsprachige Einladung per Anschreiben.",
                   "Liste mit Angeboten und Ansprechpersonen (laufend aktualisiert)."]
_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"]

# Status paths: the category a measure moves to next, and the cells that say so.
_NEXT = {
    "Unknown": ["NotStarted", "Planned", "InProgress"],
    "NotStarted": ["NotStarted", "Planned", "InProgress", "Rejected"],
    "Planned": ["Planned", "InProgress", "OnHold", "Cancelled"],
    "InProgress": ["InProgress", "Delayed", "Completed", "OnHold"],
    "Delayed": ["InProgress", "Completed", "Delayed"],
    "OnHold": ["OnHold", "InProgress", "Cancelled"],
    "Completed": ["Completed"],
    "Cancelled": ["Cancelled"],
    "Rejected": ["Rejected"],
}
_STATUS_TEXT = {
    "Unknown": ["", ""],
    "NotStarted": ["bisher keine Schritte.", "Noch nicht begonnen.", "Bisher noch keine Schritte.",
                   "offen"],
    "Planned": ["In Planung.", "Geplant sind 4 Termine im Jahr.", "Starttermin: {month} {year}",
                "Kick-Off im {month} {year} geplant."],
    "InProgress": ["Läuft.", "In Bearbeitung", "Kurse laufen", "seit {month} {year} in Umsetzung",
                   "Hat im {month} {year} die Arbeit aufgenommen."],
    "Delayed": ["Läuft. Corona-bedingt teilweise verzögert.", "Im Verzug.",
                "Läuft, aber verzögert."],
    "Completed": ["Hat im {month} {year} stattgefunden.", "Abgeschlossen.", "Umgesetzt.",
                  "Im {month} {year} eingeführt."],
    "OnHold": ["Corona-bedingt verschoben.", "Corona-bedingt auf Eis.", "Derzeit keine Aktivität.",
               "Pausiert."],
    "Cancelled": ["corona-bedingt entfallen.", "Abgesagt.", "Gestrichen."],
    "Rejected": ["Nach Diskussion verworfen.", "Abgelehnt.", "Wird nicht weiterverfolgt."],
}


@dataclass(frozen=True)
class SynthDocument:
    path: str
    town: str
    plan_key: str
    status_date: str
    rows: int


def town_name(index: int, seed: int = 0) -> str:
    """A distinct German-looking town name for every index."""
    combos = len(_TOWN_HEADS) * len(_TOWN_ROOTS) * len(_TOWN_TAILS)
    # A fixed odd stride visits every combination once before repeating.
    k = (index * 7919 + seed * 104729) % combos
    head = _TOWN_HEADS[k % len(_TOWN_HEADS)]
    root = _TOWN_ROOTS[(k // len(_TOWN_HEADS)) % len(_TOWN_ROOTS)]
    tail = _TOWN_TAILS[k // (len(_TOWN_HEADS) * len(_TOWN_ROOTS))]
    name = (head + (root.capitalize() if head.endswith(" ") or not head else root) + tail)
    lap = index // combos
    river = _RIVERS[lap % len(_RIVERS)]
    suffix = f" {lap // len(_RIVERS) + 1}" if lap >= len(_RIVERS) else ""
    return name + river + suffix


@dataclass
class _Town:
    name: str
    people: list[tuple[str, str]]  # (honorific "H."/"Fr.", family name)
    units: list[str]


def _town(index: int, seed: int, rng: random.Random) -> _Town:
    families = rng.sample([f for f in _FAMILY if f != FREQUENT_FAMILY_NAME], 11)
    families.append(FREQUENT_FAMILY_NAME)
    people = [(rng.choice(["H.", "Fr."]), f) for f in families]
    return _Town(town_name(index, seed), people, rng.sample(_UNITS, 6))


def _person(town: _Town, rng: random.Random) -> tuple[str, str]:
    # Müller is asked about, so make him or her a busy one.
    return town.people[-1] if rng.random() < 0.2 else rng.choice(town.people[:-1])


def _who(town: _Town, rng: random.Random) -> str:
    def one() -> str:
        honorific, family = _person(town, rng)
        pattern = rng.randrange(10)
        if pattern <= 2:
            return f"{honorific} {family}"
        if pattern == 3:
            return f"{honorific} {family} ({rng.choice(town.units)})"
        if pattern == 4:
            return f"{honorific} {family} ({rng.choice(_ROLES)})"
        if pattern == 5:
            return f"Sachgebiet {rng.randint(1, 4)}-{rng.randint(1, 6)} lädt ein"
        if pattern == 6:
            return (f"{honorific} {family} lädt ein (in Absprache mit Sachgebiet "
                    f"{rng.randint(1, 4)}-{rng.randint(1, 6)})")
        if pattern == 7:
            return rng.choice(town.units)
        if pattern == 8:
            return rng.choice(_GROUPS) if rng.random() < 0.6 else rng.choice(_ORGS)
        return f"Fachbereich {rng.randint(1, 5)} (Bürgermeister {family})"

    if rng.random() < 0.06:
        return ""
    parts = [one() for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    if rng.random() < 0.1:
        parts.insert(1, "Unterstützend:")
    return " ".join(dict.fromkeys(parts))


def _when(year: int, rng: random.Random) -> str:
    y = year + rng.randint(0, 3)
    month = rng.choice(_MONTHS)
    forms = [
        f"{y}", f"{y}-{y + 2}", f"{y} bis {y + 1}", f"{y}/{(y + 1) % 100:02d}",
        f"{rng.randint(1, 2)}. Halbjahr {y}", f"{rng.randint(1, 4)}. Quartal {y}",
        f"Q{rng.randint(1, 4)} {y}", f"{month} {y}", f"im {month} {y}",
        f"{rng.choice(['Anfang', 'Mitte', 'Ende'])} {y}",
        f"{rng.choice(['Frühjahr', 'Sommer', 'Herbst', 'Frühsommer', 'Spätherbst'])} {y}",
        f"Winter {y}/{y + 1}", f"Schuljahr {y}/{(y + 1) % 100:02d}",
        f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{y}",
        f"{rng.randint(1, 28)}. {month} {y}", f"seit {month} {y}", f"ab {y}",
        f"bis Ende {y}", "kurzfristig", "zeitnah", "mittelfristig", "langfristig",
        "fortlaufend", "Dauerhaft 1-2 Mal jährlich", "Start ab sofort",
    ]
    text = rng.choice(forms)
    if rng.random() < 0.3:
        text += " " + rng.choice([f for f in forms if f != text])
    if rng.random() < 0.15:
        text += (f" Mittel i.H. v. {rng.randint(1, 40)}.000 Euro im Haushalt {y} eingestellt")
    if rng.random() < 0.05:
        return ""
    return text


@dataclass
class _Measure:
    area: str
    goal: str
    measure: str
    who: str
    when: str
    category: str


def _bold_lead(title: str, detail: str, rng: random.Random) -> str:
    return f"<b>{title}</b> {detail}" if rng.random() < 0.7 else f"{title} {detail}"


def _plan_measures(town: _Town, plan: str, rows: int, year: int,
                   rng: random.Random) -> list[_Measure]:
    areas = _PLANS[plan]
    titles = rng.sample([(k, t, f) for k in _MEASURE_KINDS for t in _MEASURE_TOPICS
                         for f in _MEASURE_FOR], rows)
    pool = [(t, v) for t in _GOAL_TOPICS for v in _GOAL_VERBS]
    goals = rng.sample(pool, min(len(pool), max(len(areas), (rows + 1) // 2)))
    goal_cells = [_bold_lead(f"{t} {v}", rng.choice(_GOAL_WHY), rng) for t, v in goals]
    area_cells = {a: a if rng.random() < 0.4 else f"<b>{a}</b>" for a in areas}
    measures: list[_Measure] = []
    goal_index, last_area = 0, None
    for i, (kind, topic, target) in enumerate(titles):
        area = areas[min(len(areas) - 1, i * len(areas) // max(rows, 1))]
        # A goal belongs to one area: a new area, or now and then a new row, starts the next.
        if i and (area != last_area or rng.random() < 0.45):
            goal_index = min(goal_index + 1, len(goals) - 1)
        last_area = area
        measure = _bold_lead(f"{kind} „{topic}“ {target}", rng.choice(_MEASURE_DETAIL), rng)
        measures.append(_Measure(area_cells[area], goal_cells[goal_index], measure,
                                 _who(town, rng), _when(year, rng), "Unknown"))
    return measures


def _status_cell(category: str, date: dt.date, rng: random.Random) -> str:
    text = rng.choice(_STATUS_TEXT[category])
    # Planned things start after the report date; anything else happened before it.
    shift = rng.randint(20, 300) * (1 if category == "Planned" else -1)
    when = date + dt.timedelta(days=shift)
    return text.format(month=_MONTHS[when.month - 1], year=when.year)


def town_documents(index: int, out: Path, *, rows_per_doc: int, reports: int, plans: int = 1,
                   seed: int = 0) -> list[SynthDocument]:
    """Write all reports of all plans of town ``index``; return them oldest first per plan."""
    rng = random.Random(f"plankg-synth:{seed}:{index}")
    town = _town(index, seed, rng)
    out.mkdir(parents=True, exist_ok=True)
    plan_names = list(_PLANS)
    written: list[SynthDocument] = []
    for p in range(plans):
        base_plan = plan_names[(index + p) % len(plan_names)]
        plan = base_plan if p < len(plan_names) else f"{base_plan}-{p // len(plan_names) + 1}"
        year = 2018 + rng.randint(0, 4)
        measures = _plan_measures(town, base_plan, rows_per_doc, year, rng)
        date = dt.date(year + 1, rng.randint(1, 12), 1)
        for _k in range(reports):
            lines = ["\t".join([*HEADER, f"Status {date:%d.%m.%Y}"])]
            for m in measures:
                m.category = rng.choice(_NEXT[m.category]) if rng.random() < 0.75 else m.category
                cells = [m.area, m.goal, m.measure, m.who, m.when,
                         _status_cell(m.category, date, rng)]
                lines.append("\t".join(c.replace("\t", " ") for c in cells))
            name = f"{slug(town.name)}-{plan}-status-{date.isoformat()}.tsv"
            (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            written.append(SynthDocument(name, town.name, f"{slug(town.name)}-{plan}",
                                         date.isoformat(), len(measures)))
            date = date.replace(year=date.year + (date.month + 6 > 12),
                                month=(date.month + 5) % 12 + 1)
    return written


def generate(out: Path, *, towns: int, rows_per_doc: int, reports: int, plans: int = 1,
             seed: int = 0, first_town: int = 0) -> list[SynthDocument]:
    """Write the corpus and ``manifest.json`` (file, town, plan key, status date, rows)."""
    if rows_per_doc < 1 or reports < 1 or towns < 0 or plans < 1:
        raise ValueError("rows-per-doc, reports and plans must be at least 1, towns at least 0")
    docs: list[SynthDocument] = []
    for index in range(first_town, first_town + towns):
        docs += town_documents(index, out, rows_per_doc=rows_per_doc, reports=reports,
                               plans=plans, seed=seed)
    (out / "manifest.json").write_text(
        json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=1), encoding="utf-8")
    return docs


def iter_towns(out: Path, *, rows_per_doc: int, reports: int, plans: int = 1, seed: int = 0,
               first_town: int = 0) -> Iterator[list[SynthDocument]]:
    """Towns one after another, without end: callers stop when they have enough."""
    index = first_town
    while True:
        yield town_documents(index, out, rows_per_doc=rows_per_doc, reports=reports,
                             plans=plans, seed=seed)
        index += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--towns", type=int, default=2)
    parser.add_argument("--rows-per-doc", type=int, default=27)
    parser.add_argument("--reports", type=int, default=3)
    parser.add_argument("--plans", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    docs = generate(args.out, towns=args.towns, rows_per_doc=args.rows_per_doc,
                    reports=args.reports, plans=args.plans, seed=args.seed)
    rows = sum(d.rows for d in docs)
    print(f"wrote {len(docs)} documents ({rows} rows) for {args.towns} towns to {args.out}")


if __name__ == "__main__":
    main()
