"""Note templates in Danish: one per interview kind (the interview held), one for a no-show
and one for a cancellation (short: what happened, the consequence, the next step), and one
per kind of note written without an interview (a phone call, an e-mail, a statement from the
doctor, a contact with the employer).

They follow what Randers' contract with its external providers asks a follow-up note
(opfølgningsnotat, bilag 3) to cover, and the trial's focus for every interview: the
fastest way back to work, the citizen's resources and how to use them, the barriers and
what the citizen can do about them themself. So every template has the same five headings
(``HEADINGS``); each kind adds a short opening section and its own guiding questions.

Guiding questions stand on lines of their own in square brackets; ``strip_prompts`` takes
away those the caseworker left untouched, and ``unfilled_sections`` names the sections with
nothing but their questions in them (the note service refuses those: no question is ever
saved into the journal as if the caseworker wrote it).
"""

from __future__ import annotations

import re

INCAPACITY = "Arbejdsevne og sygemelding"
RESOURCES = "Borgerens ressourcer"
BARRIERS = "Barrierer og hvad borgeren selv kan gøre"
FASTEST_WAY = "Hurtigste vej tilbage til arbejde"
AGREED = "Aftaler og næste skridt"

HEADINGS: tuple[str, ...] = (INCAPACITY, RESOURCES, BARRIERS, FASTEST_WAY, AGREED)

KIND_TITLES: dict[str, str] = {
    "follow_up": "Opfølgningssamtale",
    "contact": "Kontaktsamtale",
    "round_table": "Rundbordssamtale",
    "information_meeting": "Informationsmøde",
    "rehabilitation_team": "Møde i rehabiliteringsteamet",
}

# The prompts common to all kinds, by heading.
_COMMON: dict[str, tuple[str, ...]] = {
    INCAPACITY: (
        "Hvad er borgeren sygemeldt for, og hvad siger de lægelige oplysninger?",
        "Hvordan er arbejdsevnen nu: hvad kan borgeren, og hvad kan borgeren ikke?",
    ),
    RESOURCES: (
        "Hvilke ressourcer har borgeren (arbejdserfaring, uddannelse, netværk, motivation)?",
        "Hvordan kan borgeren bruge dem til at blive raskmeldt hurtigst muligt?",
    ),
    BARRIERS: (
        "Hvilke barrierer er der for at vende tilbage til arbejdet?",
        "Hvad kan borgeren selv gøre for at afhjælpe dem?",
    ),
    FASTEST_WAY: (
        "Hvad er den hurtigste vej til raskmelding eller selvforsørgelse?",
        "Er delvis raskmelding, virksomhedspraktik eller et andet tilbud muligt?",
    ),
    AGREED: (
        "Hvad blev aftalt med borgeren (tilbud, timer om ugen, opfølgningsplan)?",
        "Næste skridt og næste samtale: hvad, hvem og hvornår?",
    ),
}

# Per kind: an opening section (heading, prompts) and extra prompts under some headings.
_OPENING: dict[str, tuple[str, tuple[str, ...]]] = {
    "follow_up": ("Samtalen", (
        "Hvordan blev samtalen holdt (fremmøde, telefon, video), og hvem deltog?",
        "Kategori og opfølgningsrytme: er visitationen stadig rigtig?",
    )),
    "contact": ("Status siden sidst", (
        "Hvad er sket siden sidste kontaktsamtale?",
        "Er det aftalte tilbud i gang, og med hvor mange timer om ugen?",
    )),
    "round_table": ("Deltagere", (
        "Hvem deltog (borger, arbejdsgiver, læge, faglig organisation, andre)?",
        "Hvad er arbejdsgiverens syn på mulighederne på arbejdspladsen?",
    )),
    "information_meeting": ("Mødet", (
        "Hvilken information fik borgeren (forløbet, pligter, tilbudsviften)?",
        "Har borgeren spørgsmål eller forhold, der skal følges op?",
    )),
    "rehabilitation_team": ("Teamets indstilling", (
        "Hvem deltog i teamet, og hvad er teamets indstilling?",
        "Hvordan forholder borgeren sig til indstillingen?",
    )),
}

_EXTRA: dict[str, dict[str, tuple[str, ...]]] = {
    "round_table": {
        FASTEST_WAY: ("Kan arbejdsopgaver eller arbejdstid tilpasses (delvis raskmelding)?",),
    },
    "rehabilitation_team": {
        AGREED: ("Hvad er den videre plan efter teamets indstilling?",),
    },
    "contact": {
        AGREED: ("Tidspunkt for næste kontaktsamtale (senest om en uge)?",),
    },
}

# Notes on an interview that was not held: the same three short sections for both.
WHAT_HAPPENED = "Hvad skete der"
CONSEQUENCE = "Konsekvens"
NEXT_STEP = "Næste skridt"

OUTCOME_TITLES: dict[str, str] = {"no_show": "Udeblivelse", "cancelled": "Aflysning"}

_OUTCOME: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "no_show": (
        (WHAT_HAPPENED, ("Udeblev borgeren uden besked, eller meldte borgeren afbud for sent?",
                         "Er borgeren kontaktet bagefter, og hvad var grunden?")),
        (CONSEQUENCE, ("Har udeblivelsen betydning for sygedagpengene (partshøring, "
                       "standsning)?", "Bliver fristen for samtalen overskredet?")),
        (NEXT_STEP, ("Ny samtale: hvornår og hvordan (fremmøde, telefon, video)?",)),
    ),
    "cancelled": (
        (WHAT_HAPPENED, ("Hvem aflyste samtalen, og hvorfor?",)),
        (CONSEQUENCE, ("Kan samtalen holdes inden fristen, eller bliver den overskredet?",)),
        (NEXT_STEP, ("Ny samtale: hvornår og hvordan (fremmøde, telefon, video)?",)),
    ),
}

# Notes written without an interview: kind → (title, sections).
NOTE_KINDS: dict[str, tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "phone": ("Telefonsamtale", (
        ("Samtalen", ("Hvem ringede til hvem, og hvornår?",)),
        ("Hvad blev sagt", ("Hvad fortalte borgeren om helbred, arbejdsevne og arbejde?",)),
        (AGREED, ("Hvad blev aftalt, og hvad er næste skridt?",)),
    )),
    "email": ("E-mail", (
        ("Afsender og modtager", ("Hvem skrev til hvem, og hvornår?",)),
        ("Indhold", ("Hvad handler e-mailen om (kort referat)?",)),
        (AGREED, ("Skal der svares eller følges op, og af hvem?",)),
    )),
    "doctor_statement": ("Lægelig udtalelse", (
        ("Udtalelsen", ("Hvilken attest eller udtalelse (fx LÆ 265), fra hvem, af hvilken dato?",)),
        (INCAPACITY, ("Hvad siger den om sygdommen, arbejdsevnen og hvor længe den varer?",)),
        (AGREED, ("Hvad betyder udtalelsen for sagen og planen (kategori, tilbud, næste "
                  "samtale)?",)),
    )),
    "employer_contact": ("Kontakt med arbejdsgiver", (
        ("Kontakten", ("Hvem talte du med hos arbejdsgiveren, og hvordan (telefon, møde, "
                       "e-mail)?",)),
        ("Muligheder på arbejdspladsen", ("Kan arbejdsopgaver eller arbejdstid tilpasses "
                                          "(delvis raskmelding, fastholdelsesplan)?",)),
        (AGREED, ("Hvad blev aftalt, og hvad er næste skridt?",)),
    )),
}

_PROMPT_LINE = re.compile(r"^\s*\[[^\]\n]*\]\s*$")


class UnknownTemplate(ValueError):
    pass


def kinds() -> tuple[str, ...]:
    return tuple(KIND_TITLES)


def note_kinds() -> tuple[str, ...]:
    """The kinds of note written without an interview."""
    return tuple(NOTE_KINDS)


def title(kind: str) -> str:
    try:
        return KIND_TITLES[kind]
    except KeyError:
        raise UnknownTemplate(
            f"no note template for {kind!r} (one of {', '.join(KIND_TITLES)})") from None


def template_names() -> tuple[str, ...]:
    """Every name a saved note's ``template`` may have."""
    return (*KIND_TITLES, *OUTCOME_TITLES, *NOTE_KINDS)


def _render(heading: str, sections: list[tuple[str, tuple[str, ...]]]) -> str:
    lines = [heading, ""]
    for name, prompts in sections:
        lines.append(name)
        lines += [f"[{p}]" for p in prompts]
        lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def note_template(kind: str, status: str = "held") -> str:
    """The template for a note after an interview of ``kind`` (e.g. ``follow_up``) that was
    ``status`` (held, no_show or cancelled)."""
    heading = title(kind)
    if status in OUTCOME_TITLES:
        return _render(f"{OUTCOME_TITLES[status]} – {heading}", list(_OUTCOME[status]))
    if status != "held":
        raise UnknownTemplate(f"no note template for an interview {status!r}")
    opening, opening_prompts = _OPENING[kind]
    sections: list[tuple[str, tuple[str, ...]]] = [(opening, opening_prompts)]
    extra = _EXTRA.get(kind, {})
    sections += [(h, _COMMON[h] + extra.get(h, ())) for h in HEADINGS]
    return _render(heading, sections)


def free_note_template(kind: str) -> str:
    """The template for a note without an interview (``phone``, ``email``, …)."""
    try:
        heading, sections = NOTE_KINDS[kind]
    except KeyError:
        raise UnknownTemplate(
            f"no note kind {kind!r} (one of {', '.join(NOTE_KINDS)})") from None
    return _render(heading, list(sections))


def template_for(name: str) -> str | None:
    """The template a note of template ``name`` was written from (None: unknown)."""
    if name in KIND_TITLES:
        return note_template(name)
    if name in NOTE_KINDS:
        return free_note_template(name)
    return None


def _titles() -> set[str]:
    found = set(KIND_TITLES.values()) | {t for t, _ in NOTE_KINDS.values()}
    found |= {f"{o} – {k}" for o in OUTCOME_TITLES.values() for k in KIND_TITLES.values()}
    return found


def _section_headings() -> set[str]:
    found = set(HEADINGS) | {o for o, _ in _OPENING.values()}
    found |= {h for sections in _OUTCOME.values() for h, _ in sections}
    found |= {h for _, sections in NOTE_KINDS.values() for h, _ in sections}
    return found


TITLES = frozenset(_titles())
SECTION_HEADINGS = frozenset(_section_headings())


def strip_prompts(text: str) -> str:
    """The note without the guiding questions the caseworker left in it."""
    kept = [line for line in text.splitlines() if not _PROMPT_LINE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"


def is_unfilled(text: str) -> bool:
    """True if ``text`` is empty, or only a template's headings and prompts."""
    rest = strip_prompts(text)
    scaffolding = SECTION_HEADINGS | TITLES
    return all(not line.strip() or line.strip() in scaffolding for line in rest.splitlines())


def unfilled_sections(text: str) -> list[str]:
    """The template sections of ``text`` with nothing written under them but their guiding
    questions (in the order they stand). A section the caseworker does not need is deleted,
    heading and all; a question left under a section with text of its own is just dropped."""
    unfilled: list[str] = []
    current: str | None = None
    written = False
    for line in [*text.splitlines(), None]:
        stripped = None if line is None else line.strip()
        if stripped is None or stripped in SECTION_HEADINGS:
            if current is not None and not written:
                unfilled.append(current)
            current, written = stripped, False
        elif stripped and not _PROMPT_LINE.match(line) and stripped not in TITLES:
            written = True
    return unfilled
