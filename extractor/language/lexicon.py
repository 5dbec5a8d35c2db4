"""Domain words of German municipal plans: titles, units, organisations, groups, roles.

These lists are the rule-based knowledge that runs with every pipeline, statistical or
not. They are data, kept apart from the matching code so that a town can extend them.
"""

from __future__ import annotations

# "H." is short for "Herr" in these tables, "Fr." for "Frau".
HONORIFICS: dict[str, str] = {
    "h.": "Herr", "hr.": "Herr", "herr": "Herr", "herrn": "Herr",
    "fr.": "Frau", "frau": "Frau",
}
ACADEMIC_TITLES = {"dr.", "prof.", "dipl.-ing.", "dipl.", "mag."}

# Offices that stand before a name and say the person's role ("Bürgermeister Gönner").
OFFICES = {
    "bürgermeister", "bürgermeisterin", "oberbürgermeister", "oberbürgermeisterin", "ob",
    "landrat", "landrätin", "schulleiter", "schulleiterin", "rektor", "rektorin",
    "pfarrer", "pfarrerin", "stadtrat", "stadträtin", "beigeordneter", "beigeordnete",
}

# Heads of administration unit names, followed by a number or a subject ("Sachgebiet 1-4",
# "Stabsstelle Integration", "Amt für Familie und Soziales").
UNIT_HEADS = {
    "stabsstelle", "sachgebiet", "fachbereich", "fb", "amt", "abteilung", "referat",
    "dezernat", "fachdienst", "fachstelle", "sg", "geschäftsbereich", "dienststelle",
}
# Units named by one word.
UNIT_WORDS = {
    "integrationsmanagement", "bürgerservice", "gemeinwesenarbeit", "stadtverwaltung",
    "integrationsbeauftragte", "integrationsbeauftragter", "integrationsbeauftragten",
    "wirtschaftsförderung", "wirtschaftsförderer", "jugendamt", "sozialamt", "ordnungsamt",
    "bauamt", "hauptamt", "kämmerei", "stadtbücherei", "bücherei", "stadtbibliothek",
    "schulsozialarbeit", "jugendreferat", "stadtjugendreferat", "quartiersmanagement",
    "flüchtlingssozialarbeit", "sozialarbeit", "pressestelle",
    "stadtplanung", "hochbauamt", "standesamt", "seniorenbüro", "familienbüro",
}
# Words that look like "...amt" units but are not.
NOT_UNITS = {"ehrenamt", "ehrenamtliche", "gesamt", "insgesamt", "beamt"}

# Outside organisations known by name (lower case, as phrases).
KNOWN_ORGANISATIONS = [
    "Caritas", "Diakonie", "Diakonisches Werk", "AWO", "Arbeiterwohlfahrt", "DRK",
    "Deutsches Rotes Kreuz", "Jobcenter", "Agentur für Arbeit", "Arbeitsagentur",
    "Staatliches Schulamt", "Schulamt", "Volkshochschule", "VHS", "Stadtwerke",
    "Landratsamt", "Kreisjugendring", "Klever IQ", "KleverIQ", "IQ Netzwerk",
    "BaWü-Stiftung", "Baden-Württemberg Stiftung", "Paritätischer", "Malteser",
    "Johanniter", "Handwerkskammer", "IHK", "Industrie- und Handelskammer",
    "Bürgerstiftung", "Asylarbeitskreis", "FK Asyl", "Freundeskreis Asyl", "move on",
]
# Generic heads of named organisations ("Verein Miteinander", "Freundeskreis Asyl").
ORGANISATION_HEADS = {"verein", "förderverein", "stiftung", "initiative", "freundeskreis",
                      "arbeitskreis", "netzwerk", "bündnis", "gmbh", "e.v.", "ev"}

# Unnamed collectives (plural nouns, by lemma or text, lower case).
GROUP_NOUNS = {
    "vereine", "schulen", "kitas", "kindertagesstätten", "kirchen", "moscheen", "moschee",
    "ehrenamtliche", "engagierte", "eltern", "träger", "migrantenorganisationen",
    "migrantenvereine", "elternmentor*innen", "elternmentoren", "lehrkräfte",
    "sportvereine", "religionsgemeinschaften", "kirchengemeinden", "arbeitgeber",
    "arbeitgeber*innen", "unternehmen", "betriebe", "ehrenamtlichen", "bürger*innen",
    "akteure", "multiplikator*innen", "teams", "projekt-team", "projektteam",
}
GROUP_MODIFIERS = {
    "weitere", "weiteren", "einzelne", "einzelnen", "ehrenamtlich", "ehrenamtliche",
    "ehrenamtlichen", "alle", "interessierte", "örtliche", "lokale", "engagierte", "die",
}
DELEGATE_NOUNS = {"vertreter*innen", "vertreter", "vertreterinnen", "vertreter/innen",
                  "vertreter:innen"}

# Phrases that give the role of the agents that follow them.
ROLE_LABELS = [
    "unterstützend", "unterstützt von", "federführung", "federführend", "beteiligte",
    "beteiligt", "partner", "kooperationspartner", "in absprache mit", "in kooperation mit",
    "mit unterstützung von", "in zusammenarbeit mit", "ansprechpartner", "ansprechperson",
    "verantwortlich", "zuständig",
]
# Phrases after an agent that give its role ("Sachgebiet 1-4 lädt ein").
ROLE_VERBS = [
    "lädt ein", "laden ein", "koordiniert", "koordinieren", "organisiert", "organisieren",
    "leitet", "federführend", "verantwortlich", "moderiert",
]
# Words inside parentheses after a name that are a role, not a unit ("Schulleiterin").
ROLE_SUFFIXES = ("leitung", "leiter", "leiterin", "beauftragte", "beauftragter", "referent",
                 "referentin", "koordinator", "koordinatorin", "vorsitzende", "vorsitzender",
                 "sprecher", "sprecherin", "managerin", "manager")

# Words that are never a family name even when capitalised.
NOT_NAMES = {
    "und", "oder", "sowie", "mit", "von", "der", "die", "das", "den", "im", "in", "am",
    "ggf", "z.b.", "u.a.", "team", "projekt", "thema", "idee", "verwaltung", "stadt",
}

# Words and marks that show a "Wer?" cell holds a comment, not actors.
COMMENT_MARKERS = {"?", ">", "umstritten", "einschätzung", "weiterverfolgen", "derzeit",
                   "nicht", "kein", "keine", "wenig", "vorhanden", "sollte", "können", "evtl"}
