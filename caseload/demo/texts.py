"""Fictitious Danish texts for the demo: notes, plans, referral reasons. No real person."""

from __future__ import annotations

FOLLOW_UP_NOTES = (
    "Opfølgningssamtale afholdt. Borgeren fortæller, at smerterne er aftaget lidt, men at "
    "længere tids stående arbejde stadig ikke er muligt.\nVi drøftede delvis raskmelding; "
    "borgeren vil tale med sin leder inden næste samtale.",
    "Opfølgningssamtale afholdt. Borgeren er fortsat i behandling og oplever små "
    "fremskridt.\nOpfølgningsplanen er gennemgået og justeret. Ny samtale aftalt.",
    "Samtale om status. Borgeren har været til kontrol hos egen læge, som vurderer, at "
    "arbejdet kan genoptages gradvist.\nVi aftalte at kontakte arbejdsgiveren om en plan "
    "for gradvis optrapning.",
    "Opfølgningssamtale afholdt. Borgeren er motiveret for at komme tilbage, men er "
    "usikker på, om det gamle job kan bestrides.\nVi talte om virksomhedspraktik som "
    "afklaring og om borgerens egne ønsker.",
    "Borgeren oplyser, at søvnen er blevet bedre, og at hverdagen fungerer med faste "
    "rutiner.\nBorgeren deltager stabilt i tilbuddet. Ingen ændringer i planen.",
)
FIRST_FOLLOW_UP_NOTES = (
    "Første opfølgningssamtale. Borgeren er orienteret om rettigheder og pligter under "
    "sygemelding og om forsøget.\nSagen er visiteret til kategori {category}. "
    "Opfølgningsplan udarbejdet sammen med borgeren.",
    "Første samtale afholdt. Vi gennemgik oplysningsskemaet, behandling og tidshorisont.\n"
    "Visiteret til kategori {category}. Mulighederne for delvis raskmelding er drøftet.",
)
CONTACT_NOTES = (
    "Kontaktsamtale. Borgeren deltager i tilbuddet og oplever det som meningsfuldt.\n"
    "Ingen nye aftaler.",
    "Kontaktsamtale. Borgeren har haft en hård uge med mange smerter, men har mødt op "
    "som aftalt.\nVi aftalte at følge op på fremmødet i næste uge.",
    "Ugentlig kontakt. Borgeren har øget timetallet på arbejdspladsen med to timer.\n"
    "Arbejdsgiveren er positiv.",
    "Kontaktsamtale. Status på tilbud og jobsøgning gennemgået.\nBorgeren har sendt to "
    "ansøgninger i ugen.",
)
ROUND_TABLE_NOTES = (
    "Rundbordssamtale med borger, arbejdsgiver og sagsbehandler. Vi aftalte skånehensyn "
    "og en plan for gradvis optrapning af timetallet.",
)
INFORMATION_NOTES = (
    "Borgeren deltog i informationsmødet for nysygemeldte om forsøget, rettigheder og "
    "pligter.",
)
NO_SHOW_NOTES = (
    "Borgeren udeblev fra samtalen uden afbud. Ny indkaldelse sendt med partshøring.",
    "Borgeren mødte ikke op. Forsøgt kontakt pr. telefon uden held; ny tid sendt.",
)
CANCELLED_NOTES = (
    "Borgeren meldte afbud på grund af en lægetid. Ny tid aftalt.",
    "Afbud fra borgeren (sygt barn). Samtalen flyttes.",
)

GOALS = {
    "employed": ("Tilbage i eget job som {job} på fuld tid",
                 "Gradvis tilbagevenden til job som {job}"),
    "unemployed": ("Job inden for et nyt område uden tunge løft",
                   "Ordinært job som {job} eller tilsvarende"),
    "self_employed": ("Genoptage driften af egen virksomhed",),
    "flexjob_waiting": ("Ansættelse i fleksjob",),
}
STEPS = (  # (text, owner)
    ("Tale med lederen om skånehensyn og delvis raskmelding", "citizen"),
    ("Kontakte arbejdsgiveren om en plan for optrapning", "caseworker"),
    ("Indhente status fra egen læge", "caseworker"),
    ("Deltage stabilt i det aftalte tilbud", "citizen"),
    ("Sende en opdateret jobplan og CV", "citizen"),
    ("Afklare mulighederne for virksomhedspraktik", "caseworker"),
    ("Vurdere arbejdsopgaver og arbejdstid", "employer"),
    ("Gennemføre behandlingsforløbet", "doctor"),
    ("Sende statusrapport efter 4 uger", "provider"),
)
JUSTIFICATIONS = {
    "partial_return": "Borgeren kan ifølge egen læge arbejde nogle timer om ugen, og "
                      "arbejdsgiveren har lette opgaver.",
    "lab": "Borgeren har behov for afklaring af arbejdsevnen og kontakt til arbejdsmarkedet.",
    "preventive": "Helbredet er den primære barriere for at vende tilbage til arbejdet.",
}
PURPOSES = {
    "partial_return": "Fastholdelse i eget job med gradvis optrapning til fuld tid.",
    "lab": "Afklaring af beskæftigelsesmuligheder og hurtigere tilbagevenden til job.",
    "preventive": "At styrke helbredet og mestringen, så borgeren kan genoptage arbejdet.",
}
EXEMPTION_OTHER = (
    "Borgeren er i et længerevarende udredningsforløb på sygehuset",
    "Borgeren opholder sig midlertidigt i udlandet med tilladelse",
)
OUTCOMES = ("completed", "partial_return", "returned_to_work", "stopped")
