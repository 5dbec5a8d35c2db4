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
    "dez", "dez.", "abt.", "abt", "ref.", "gb", "dec.", "eb", "eigenbetrieb",
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
# Words before a church body's name ("Kath. Kirchengemeinde Grötzingen", "Evang. Kirche in
# Karlsruhe"): the part names an outside organisation.
CHURCH_PREFIXES = {"kath.", "kath", "katholische", "katholischer", "röm.-kath.", "evang.", "ev.",
                   "evangelische", "evangelischer", "ev.-luth.", "evangelisch-lutherische",
                   "neuapostolische", "jüdische", "islamische", "christliche",
                   "seelsorgeeinheit", "pfarrei", "pfarrgemeinde", "dekanat", "bistum",
                   "erzbistum", "diözese", "kirchengemeinde", "landeskirche", "kirchenbezirk",
                   "diakonisches", "caritasverband", "stiftung", "verein", "förderverein"}
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
    "Fraunhofer", "Max-Planck-Institut", "Helmholtz", "Steinbeis", "Verbraucherzentrale",
    "Studentenwerk", "Studierendenwerk", "Polizei",
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

# -- the kind of a whole who-cell part (see kinds.py) -------------------------------------
# Legal forms and their spellings: a part naming one is an outside organisation.
LEGAL_FORMS = ("e.v.", "e. v.", "ev", "ggmbh", "gmbh", "mbh", "ag", "gag", "eg", "kg", "gbr", "aör",
               "gaör", "ug", "se", "kgaa", "ohg", "stiftung", "e.g.", "gug")
# Endings of a word that names an outside organisation ("Kreisverband", "Stadtwerke").
ORGANISATION_SUFFIXES = (
    "verband", "verein", "kammer", "werke", "werk", "agentur", "gesellschaft",
    "genossenschaft", "stiftung", "initiative", "netzwerk", "bündnis", "hochschule",
    "universität", "schule", "gymnasium", "realschule", "kirchengemeinde", "gemeinde",
    "polizei", "ministerium", "präsidium", "landratsamt", "jobcenter", "club", "klub",
    "bund", "ring", "forum", "akademie", "institut", "klinikum", "klinik", "krankenhaus",
    "kindergarten", "kita", "zentrum", "bahn", "kirche", "seelsorgeeinheit", "pfarrei",
    "dekanat", "bistum", "diözese", "kinderhaus", "tagesstätte", "einrichtung",
    "landkreis", "region", "zweckverband", "partei", "fraktion", "diakonie", "caritas",
    "mission", "freundeskreis", "arbeitskreis", "verkehrsbetriebe", "landratsamt",
    "gericht", "gerichtshof", "konservatorium", "zentrale", "museum", "haus", "theater",
    "sparkasse", "bank", "versicherung", "kg", "gmbh", "ggmbh",
)
# Endings of a word that names a unit of the administration ("Ausländerbehörde").
UNIT_SUFFIXES = ("amt", "referat", "behörde", "stelle", "büro", "dienst", "abteilung",
                 "dezernat", "management", "verwaltung", "kämmerei", "bücherei", "bibliothek",
                 "archiv", "eigenbetrieb", "beauftragte", "beauftragter", "beauftragten",
                 "koordination", "förderung", "service", "rat", "beirat", "ausschuss", "team",
                 "leitung", "spitze", "verw")
# Endings of a subject a unit is named by ("Arbeitsschutz", "Stadtplanung"): a unit when
# the part stands alone, the tail of a longer name after "für …, …".
UNIT_SUBJECT_SUFFIXES = ("schutz", "planung", "wesen", "pflege", "entwicklung", "ordnung",
                         "arbeit", "hilfe", "sozialarbeit", "wirtschaft")
# Endings of plural nouns that name an unnamed collective ("Bürger*innen", "Fachämter").
GROUP_SUFFIXES = ("*innen", ":innen", "_innen", "/innen", "innen", "ungen", "ionen",
                  "ämter", "vereine", "verbände", "schulen", "gemeinden", "träger",
                  "kitas", "einrichtungen", "akteure", "partner", "initiativen", "betriebe",
                  "eigentümer", "unternehmen", "gruppen", "dienste", "kräfte", "leute",
                  "bürger", "ehrenamtliche", "ehrenamtlichen", "engagierte", "schaften",
                  "städte", "netzwerke", "medien", "museen", "firmen", "berater", "planer",
                  "unternehmer", "händler", "anbieter", "betreiber", "vermieter", "nutzer",
                  "künstler", "sponsoren", "experten", "haushalte", "institute", "agenturen",
                  "treibende", "beteiligten", "betroffene", "interessierte", "vertreter",
                  "mitglieder", "landwirte", "investoren", "paten", "beauftragte",
                  # English plans (Climate City Contracts): unnamed collectives
                  "companies", "owners", "suppliers", "supplier", "operators", "citizens",
                  "residents", "households", "stakeholders", "associations", "landlords",
                  "tenants", "businesses", "institutions", "schools", "universities")
# A part that names the town's own administration as a whole ("Stadt", "Verwaltung").
SELF_WORDS = {"stadt", "stadtverwaltung", "verwaltung", "gemeinde", "gemeindeverwaltung",
              "kommune", "landeshauptstadt", "rathaus", "stadt und verwaltung"}
# Collectives named by a singular noun ("Handwerk", "Bürgerschaft").
COLLECTIVE_NOUNS = {"handwerk", "wirtschaft", "bürgerschaft", "öffentlichkeit", "politik",
                    "wissenschaft", "einzelhandel", "gastronomie", "zivilgesellschaft",
                    "stadtgesellschaft", "einwohnerschaft", "elternschaft", "lehrerschaft",
                    "ärzteschaft", "industrie", "presse", "bevölkerung", "society", "public"}
# Heads of unit names wherever they stand in a part ("SJB – Abt. KT").
UNIT_MARKERS = {"abt.", "abteilung", "referat", "dezernat", "dez.", "sachgebiet", "fachbereich",
                "stabsstelle", "fachdienst", "geschäftsbereich", "amt"}
# Words that only fill a list ("u. a.", "ggf."): dropped, never an actor.
FILLERS = ("u. a.", "u.a.", "ua.", "u. v. m.", "u.v.m.", "etc.", "usw.", "ggf.", "ggfs.",
           "evtl.", "eventuell", "z. b.", "z.b.", "insb.", "insbesondere", "weitere",
           "andere", "sonstige", "alle", "bzw.", "ebenso", "etc", "usw", "besonders",
           "nach absprache", "je nach bedarf", "bei bedarf", "bisher", "zukünftig", "künftig",
           "the whole of", "among others", "e.g.", "etc. pp.", "fallweise", "fallbezogen",
           "teilweise", "punktuell", "bspw.", "beispielsweise", "wie bspw.", "wie z. b.",
           "wie z.b.", "wie etwa", "insb.", "v. a.", "v.a.", "vor allem")
# Headers of who-columns and labels inside who-cells -> a role of the scheme pkr:.
ROLE_WORDS: dict[str, str] = {
    "federführung": "Lead", "federführend": "Lead", "verantwortlich": "Lead",
    "zuständig": "Lead", "zuständigkeit": "Lead", "wer": "Lead", "träger": "Lead",
    "owner": "Lead", "lead": "Lead", "leitung": "Lead", "umsetzung durch": "Lead",
    "koordination": "Coordinator", "koordinator": "Coordinator", "coordinator": "Coordinator",
    "koordiniert": "Coordinator", "treiber": "Coordinator", "ansprechpartner": "Contact",
    "ansprechperson": "Contact", "kontakt": "Contact",
    "kooperationspartner": "Partner", "partner": "Partner", "in kooperation mit": "Partner",
    "in zusammenarbeit mit": "Partner", "unterstützend": "Partner", "unterstützt von": "Partner",
    "mit unterstützung von": "Partner", "unterstützung": "Partner", "in absprache mit": "Partner",
    "beteiligte": "Participant", "beteiligt": "Participant", "beteiligung": "Participant",
    "mitwirkende": "Participant", "akteure": "Participant", "weitere akteure": "Participant",
}
