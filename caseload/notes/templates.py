"""Note templates, one per interview kind, in Danish.

They follow what Randers' contract with its external providers asks a follow-up note
(opfølgningsnotat, bilag 3) to cover, and the trial's focus for every interview: the
fastest way back to work, the citizen's resources and how to use them, the barriers and
what the citizen can do about them themself. So every template has the same five headings
(``HEADINGS``); each kind adds a short opening section and its own guiding questions.

Guiding questions stand on lines of their own in square brackets; ``strip_prompts`` takes
away those the caseworker left untouched.
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

_PROMPT_LINE = re.compile(r"^\s*\[[^\]\n]*\]\s*$")


class UnknownTemplate(ValueError):
    pass


def kinds() -> tuple[str, ...]:
    return tuple(KIND_TITLES)


def title(kind: str) -> str:
    try:
        return KIND_TITLES[kind]
    except KeyError:
        raise UnknownTemplate(
            f"no note template for {kind!r} (one of {', '.join(KIND_TITLES)})") from None


def note_template(kind: str) -> str:
    """The template for a note after an interview of ``kind`` (e.g. ``follow_up``)."""
    heading = title(kind)
    opening, opening_prompts = _OPENING[kind]
    sections: list[tuple[str, tuple[str, ...]]] = [(opening, opening_prompts)]
    extra = _EXTRA.get(kind, {})
    sections += [(h, _COMMON[h] + extra.get(h, ())) for h in HEADINGS]
    lines = [heading, ""]
    for name, prompts in sections:
        lines.append(name)
        lines += [f"[{p}]" for p in prompts]
        lines.append("")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def strip_prompts(text: str) -> str:
    """The note without the guiding questions the caseworker left in it."""
    kept = [line for line in text.splitlines() if not _PROMPT_LINE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"


def is_unfilled(text: str) -> bool:
    """True if ``text`` is empty, or only a template's headings and prompts."""
    rest = strip_prompts(text)
    scaffolding = set(HEADINGS) | set(KIND_TITLES.values()) | {o for o, _ in _OPENING.values()}
    return all(not line.strip() or line.strip() in scaffolding for line in rest.splitlines())
