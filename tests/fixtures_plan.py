"""The small plan every fixture document carries, and what every reader must yield.

A title and "Stand: 31.12.2022" above a table whose area and first goal span two rows and
whose last row merges the time and status columns. ``EXPECTED`` is what every reader must
yield, row by row.
"""

from __future__ import annotations

TITLE = "Integrationskonzept Musterstadt"
STAND = "Stand: 31.12.2022"
HEADER = ["Bereich", "Ziel", "Maßnahme", "Wer?", "Zeitraum", "Sachstand 31.12.2022"]
GOAL_TITLE = "Sprachförderung stärken"
GOAL_REST = (
    "Kinder und Eltern sprechen beim Schuleintritt gut Deutsch und kennen die Angebote "
    "der Stadt – vom Kindergarten bis zur Volkshochschule."
)
GOAL = f"{GOAL_TITLE} {GOAL_REST}"
DROPPED = "Entfallen, kein Bedarf."

# The plan as a reader must return it: spans expanded, lines joined by spaces.
EXPECTED = [
    HEADER,
    ["Bildung", GOAL, "Sprachkurse für Eltern", "Stabsstelle Integration VHS", "2023",
     "Läuft. Corona-bedingt verzögert."],
    ["Bildung", GOAL, "Hausaufgabenhilfe", "Schulen ehrenamtlich Engagierte", "ab 2022",
     "Hat stattgefunden."],
    ["Arbeit", "Ausbildung fördern", "Bewerbungstraining",
     "Fr. Aydin (Stabsstelle Integration)", "01.09.2022", "In Planung."],
    ["Arbeit", "Arbeitsmarkt öffnen", "Praktikumsbörse & Jobmesse", "Wirtschaftsförderung",
     DROPPED, DROPPED],
]
# Cells with a bold lead in the formats that carry bold: (row, column) -> title.
BOLD_TITLES = {
    (1, 1): GOAL_TITLE, (2, 1): GOAL_TITLE, (1, 2): "Sprachkurse", (3, 1): "Ausbildung fördern",
}

# The cells as lines (a list is one line per item); None marks a covered position.
_LINES: list[list[list[str] | None]] = [
    [[h] for h in HEADER],
    [["Bildung"], [GOAL], ["Sprachkurse für Eltern"], ["Stabsstelle Integration", "VHS"],
     ["2023"], ["Läuft. Corona-bedingt verzögert."]],
    [None, None, ["Hausaufgabenhilfe"], ["Schulen", "ehrenamtlich Engagierte"], ["ab 2022"],
     ["Hat stattgefunden."]],
    [["Arbeit"], ["Ausbildung fördern"], ["Bewerbungstraining"],
     ["Fr.\u00a0Aydin (Stabsstelle Integration)"], ["01.09.2022"], ["In Planung."]],
    [None, ["Arbeitsmarkt öffnen"], ["Praktikumsbörse & Jobmesse"], ["Wirtschaftsförderung"],
     [DROPPED], None],
]
# (row, column) -> (rows spanned, columns spanned), in table coordinates with the header at 0.
SPANS = {(1, 0): (2, 1), (1, 1): (2, 1), (3, 0): (2, 1), (4, 4): (1, 2)}
_LEADS = {(1, 1): GOAL_TITLE, (1, 2): "Sprachkurse", (3, 1): "Ausbildung fördern"}


def _lead(r: int, c: int) -> str | None:
    return _LEADS.get((r, c))


# ---------------------------------------------------------------- HTML
