"""Turn Destatis' list of all German municipalities into plankg's municipality table.

The shipped table (``extractor/data/municipalities.csv``) holds the larger towns only.
Every municipality, with its official keys, is in Destatis' code list "Regionalschlüssel"
(Amtlicher Regionalschlüssel, ARS, as in the Gemeindeverzeichnis; published in the XÖV
XRepository as ``urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs``, licence
Datenlizenz Deutschland – Namensnennung 2.0: name "Statistisches Bundesamt (Destatis)").
Download its JSON form, then

    python -m scripts.municipality_table Regionalschluessel_2021-07-31.json towns.csv

and point the configuration's ``municipalities`` setting (PLANKG_MUNICIPALITIES) at
``towns.csv``: its rows add to the shipped ones, and a row with a shipped town's name
replaces it. The AGS is the ARS without its Gemeindeverband digits (positions 6–9).
Districts of the city states (rows with a Hinweis) are left out: they are no towns.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from pathlib import Path

from extractor.tables import MUNICIPALITY_FIELDS, write_rows

log = logging.getLogger("scripts.municipality_table")
# The Gemeindeverzeichnis writes a town's status after a comma: "Karlsruhe, Stadt".
_STATUS = re.compile(r",\s*(?:[\w\- ]*stadt|Stadt[\w\- ]*|Flecken|Markt|GKSt|"
                     r"[\w\- ]*gemeinde)\s*$", re.IGNORECASE)


def ags_of(ars: str) -> str:
    """"082120000000" → "08212000": Land, Regierungsbezirk, Kreis and Gemeinde digits."""
    if len(ars) != 12 or not ars.isdigit():
        raise ValueError(f"not a 12-digit Regionalschlüssel: {ars!r}")
    return ars[:5] + ars[9:]


def name_of(written: str) -> str:
    """"Lauenburg/ Elbe, Stadt" → "Lauenburg/Elbe"; "Burg (Dithmarschen)" stays."""
    name = _STATUS.sub("", written.strip())
    return re.sub(r"/\s+", "/", name).strip()


def rows_from_codelist(data: dict, source: str) -> list[dict[str, str]]:
    """Rows of the municipality table from the code list's JSON (its "daten" rows)."""
    columns = [c.get("spaltennameTechnisch", "") for c in data.get("spalten", [])]
    key = columns.index("SCHLUESSEL") if "SCHLUESSEL" in columns else 0
    label = columns.index("Bezeichnung") if "Bezeichnung" in columns else 1
    note = columns.index("Hinweis") if "Hinweis" in columns else None
    version = (data.get("metadaten") or {}).get("version", "")
    rows = []
    for entry in data.get("daten", []):
        if note is not None and len(entry) > note and entry[note]:
            continue  # a district of Berlin, Hamburg or Bremen
        ars, written = str(entry[key]), str(entry[label])
        rows.append({"name": name_of(written), "ags": ags_of(ars), "ars": ars,
                     "aliases": "", "source": f"{source} {version}".strip(),
                     "town": "stadt" in written.lower()})
    return _distinct_names(rows)


def _distinct_names(rows: list[dict]) -> list[dict[str, str]]:
    """One name, one row: of towns that share a name ("Münster" in Westfalen and in
    Bavaria) the one city keeps it (a kreisfreie Stadt, else the only "Stadt"); the others
    are named with their AGS ("Münster (09779187)"), so that a bare name stays unique."""
    by_name: dict[str, list[dict]] = {}
    for row in rows:
        by_name.setdefault(row["name"], []).append(row)
    for same in by_name.values():
        if len(same) == 1:
            continue
        cities = [r for r in same if r["ags"].endswith("000")] or [r for r in same if r["town"]]
        keeper = cities[0] if len(cities) == 1 else None
        for row in same:
            if row is not keeper:
                row["name"] = f"{row['name']} ({row['ags']})"
    return [{k: v for k, v in row.items() if k != "town"} for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codelist", type=Path, help="the code list as JSON")
    parser.add_argument("out", type=Path, help="the municipality table to write (CSV)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = json.loads(args.codelist.read_text(encoding="utf-8"))
    rows = rows_from_codelist(data, "Destatis Regionalschlüssel (dl-de/by-2-0)")
    write_rows(args.out, rows, MUNICIPALITY_FIELDS)
    log.info("%d municipalities written to %s", len(rows), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
