"""Fictitious but realistic Danish people, places and workplaces for the demo data.

Town names and postal codes are real (the jobcentres of the domain material); people,
streets with numbers, employers and their CVR numbers are made up.
"""

from __future__ import annotations

CASEWORKERS = (  # (login, name)
    ("mette", "Mette Bach Nielsen"),
    ("jonas", "Jonas Friis"),
    ("louise", "Louise Dam Kristensen"),
    ("anders", "Anders Holm"),
    ("sofie", "Sofie Lund Poulsen"),
)
TEAM_LEAD = ("hanne", "Hanne Skov Mortensen")

FEMALE = (
    "Anne", "Kirsten", "Hanne", "Mette", "Anna", "Helle", "Susanne", "Lene", "Maria",
    "Marianne", "Lone", "Camilla", "Pia", "Louise", "Charlotte", "Bente", "Tina", "Gitte",
    "Inge", "Karen", "Julie", "Sofie", "Emma", "Ida", "Laura", "Signe", "Birgitte", "Rikke",
    "Malene", "Dorte", "Heidi", "Trine", "Anja", "Jette", "Ulla", "Sara", "Cecilie", "Line",
    "Katrine", "Maja", "Nadia", "Fatma", "Amina", "Agnieszka", "Ewa",
)
MALE = (
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels",
    "Christian", "Martin", "Jørgen", "Hans", "Anders", "Morten", "Jesper", "Ole", "Per",
    "Erik", "Rasmus", "Mads", "Kim", "Brian", "Bo", "Torben", "Kasper", "Steen", "Frederik",
    "Mikkel", "Jonas", "Simon", "Kenneth", "Allan", "Claus", "Carsten", "Poul", "Flemming",
    "Jacob", "Emil", "Nikolaj", "Ali", "Mehmet", "Tomasz", "Piotr",
)
MIDDLE = (
    "Kjær", "Juul", "Bach", "Dam", "Lund", "Skov", "Holm", "Krogh", "Vestergaard",
    "Due", "Munk", "Bech", "Bruun", "Lykke", "Thorup", "Gade", "Brix", "Riis",
)
SURNAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
    "Jakobsen", "Mikkelsen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt",
    "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen",
    "Iversen", "Jeppesen", "Mogensen", "Jacobsen", "Nissen", "Lauridsen", "Ølgaard",
    "Yilmaz", "Kowalski", "Hussein",
)
STREETS = (
    "Skolevej", "Vestergade", "Østergade", "Møllevej", "Kirkevej", "Lindevej", "Birkevej",
    "Engvej", "Stationsvej", "Bøgevej", "Søndergade", "Nørregade", "Havnegade",
    "Rosenvænget", "Egevej", "Ahornvej", "Granvej", "Kastanjevej", "Toftevej", "Bakkevej",
    "Fasanvej", "Vibevej", "Mågevej", "Solsikkevej", "Tjørnevej", "Grønnegade",
    "Jernbanegade", "Markvej", "Skovvej", "Åboulevarden",
)
TOWNS = (  # (postal code, town)
    ("5800", "Nyborg"), ("8700", "Horsens"), ("8900", "Randers C"), ("7400", "Herning"),
    ("3700", "Rønne"), ("2820", "Gentofte"), ("2670", "Greve"), ("5000", "Odense C"),
    ("5700", "Svendborg"), ("2200", "København N"), ("6200", "Aabenraa"),
    ("7500", "Holstebro"), ("9000", "Aalborg"), ("7900", "Nykøbing M"), ("4100", "Ringsted"),
    ("4760", "Vordingborg"),
)
EMPLOYERS = (  # (employer, job titles)
    ("{town} Kommune, Hjemmeplejen",
     ("Social- og sundhedshjælper", "Social- og sundhedsassistent")),
    ("{town} Kommune, Børn og Unge", ("Pædagog", "Pædagogmedhjælper", "Lærer")),
    ("Region Syddanmark, Sygehus Lillebælt", ("Sygeplejerske", "Portør", "Lægesekretær")),
    ("Vestjysk Maskinfabrik A/S", ("Maskinarbejder", "Smed", "Lagermedarbejder")),
    ("Brdr. Holm Tømrer og Snedker ApS", ("Tømrer", "Tømrerlærling")),
    ("Fynsk Fjerkræ A/S", ("Slagteriarbejder", "Produktionsmedarbejder")),
    ("Nordisk Transport & Logistik A/S", ("Chauffør", "Lagermedarbejder", "Disponent")),
    ("Super Brugsen {town}", ("Butiksassistent", "Souschef")),
    ("Rengøringsselskabet Klar ApS", ("Rengøringsassistent",)),
    ("Dansk Kontorservice A/S", ("Kontorassistent", "Bogholder", "Kundeservicemedarbejder")),
    ("{town} Byggeentreprise A/S", ("Murer", "Struktør", "Elektriker")),
    ("Café Havnen {town}", ("Kok", "Tjener")),
)
UNEMPLOYMENT_FUNDS = (
    "3F A-kasse", "FOA A-kasse", "HK A-kasse", "Metal A-kasse", "Krifa", "Det Faglige Hus",
    "Ase", "Magistrenes A-kasse", "BUPL A-kasse", "Dansk Metal",
)
SICKNESS = (  # (form text, treatment)
    ("Smerter i lænd efter fald", "Fysioterapi to gange om ugen"),
    ("Stress og søvnbesvær", "Samtaler hos psykolog"),
    ("Let depression", "Behandling hos egen læge"),
    ("Knæoperation (menisk)", "Genoptræning efter operation"),
    ("Brud på håndled", "Gips og genoptræning"),
    ("Piskesmæld efter trafikuheld", "Fysioterapi"),
    ("Skulderskade", "Venter på scanning"),
    ("Kræft, under behandling", "Kemoterapi"),
    ("Hjerteproblemer", "Udredning på sygehuset"),
    ("Diskusprolaps", "Venter på vurdering hos rygkirurg"),
    ("Angst", "Forløb i psykiatrien"),
    ("Graviditetsbetinget sygdom", "Kontrol hos jordemoder og læge"),
    ("Slidgigt i hofte", "Venter på operation"),
    ("Migræne", "Medicinsk behandling"),
)
