"""The catalogue of offers: the shipped file, strict checking with precise messages, syncing."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseload.catalogue import (
    ENV_OFFERS,
    KINDS,
    CatalogueError,
    OfferSpec,
    catalogue_path,
    load_catalogue,
)

# The offers named in the domain material (002) that the catalogue must hold, by kind.
REQUIRED = {
    "partial_return": {"delvis-raskmelding"},
    "lab": {"vejledning-opkvalificering", "virksomhedspraktik", "loentilskud", "mentor",
            "jobklub"},
    "preventive": {"fysisk-traening", "kostvejledning", "psykolog", "smertehaandtering",
                   "stresshaandtering", "mindfulness", "rygestop", "coaching",
                   "patientuddannelse"},
}

GOOD = """\
[[offer]]
code = "jobklub"
name = "Jobklub for sygemeldte"
kind = "lab"
provider = "Jobcenter Nyborg"
hours_per_week = 10
length_weeks = 16
continuous_intake = true
target_group = "Sygemeldte"
description = "Jobsøgning i en fast gruppe."

[[offer]]
code = "psykolog"
name = "Psykologisk afklaringsforløb"
kind = "preventive"
provider = "Anden aktør"
hours_per_week = 1
length_weeks = 10
continuous_intake = false
next_start = 2027-01-04
target_group = "Sygemeldte med stress"
description = "Samtaler hos psykolog."
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "offers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_catalogue_holds_every_offer_of_the_domain_material() -> None:
    offers = load_catalogue()
    by_kind: dict[str, set[str]] = {}
    for offer in offers:
        by_kind.setdefault(offer.kind, set()).add(offer.code)
    for kind, codes in REQUIRED.items():
        assert codes <= by_kind.get(kind, set()), (kind, codes - by_kind.get(kind, set()))
    assert set(by_kind) == set(KINDS)
    assert len({o.code for o in offers}) == len(offers)
    for offer in offers:
        assert offer.provider and offer.target_group and offer.description
        assert 0 < offer.hours_per_week <= 40 and 1 <= offer.length_weeks <= 104
        assert offer.continuous_intake or offer.next_start is not None, offer.code
    # An active offer (>= 10 hours a week) can be made from the catalogue alone.
    assert any(o.hours_per_week >= 10 and o.kind != "partial_return" for o in offers)


def test_the_real_providers_and_hours_of_the_domain_material_are_used() -> None:
    offers = {o.code: o for o in load_catalogue()}
    assert offers["stresshaandtering"].hours_per_week == 10  # Odense: "10 timer pr. uge"
    assert offers["mindfulness"].hours_per_week == 2  # Odense: "2 timer ugentligt"
    assert offers["fysisk-afklaring"].hours_per_week == 10.5  # Ringsted: "10,5 timer"
    assert offers["vejledning-opkvalificering"].hours_per_week == 12  # Aabenraa
    assert offers["patientuddannelse"].provider == "Sundhedscenter Aalborg"
    assert offers["jobklub"].continuous_intake  # Randers, Nyborg: løbende optag


def test_a_good_file_is_read_into_plain_offers(tmp_path: Path) -> None:
    offers = load_catalogue(write(tmp_path, GOOD))
    assert [o.code for o in offers] == ["jobklub", "psykolog"]
    assert isinstance(offers[0], OfferSpec)
    assert offers[0].hours_per_week == 10.0 and offers[0].next_start is None
    assert str(offers[1].next_start) == "2027-01-04" and offers[1].active


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("hours_per_week = 1\n", "hours_per_week = 41\n",
     "offer 2 (psykolog): hours_per_week must be a number between 0 and 40"),
    ("hours_per_week = 1\n", 'hours_per_week = "1"\n',
     "offer 2 (psykolog): hours_per_week must be a number between 0 and 40"),
    ("hours_per_week = 1\n", "hours_per_week = true\n",
     "offer 2 (psykolog): hours_per_week must be a number between 0 and 40"),
    ('kind = "lab"', 'kind = "course"', "offer 1 (jobklub): kind must be one of"),
    ("length_weeks = 10\n", "length_weeks = 0\n",
     "offer 2 (psykolog): length_weeks must be a whole number between 1 and 104"),
    ("length_weeks = 16\n", "length_weeks = 2.5\n",
     "offer 1 (jobklub): length_weeks must be a whole number"),
    ("continuous_intake = true\n", 'continuous_intake = "ja"\n',
     "offer 1 (jobklub): continuous_intake must be true or false"),
    ("next_start = 2027-01-04\n", 'next_start = "next monday"\n',
     "offer 2 (psykolog): next_start must be a date (YYYY-MM-DD)"),
    ('provider = "Anden aktør"\n', "", "offer 2 (psykolog): provider is missing"),
    ('name = "Jobklub for sygemeldte"\n', 'name = "  "\n',
     "offer 1 (jobklub): name must be a non-empty text"),
    ('code = "psykolog"', 'code = "jobklub"', "offer 2 (jobklub): code is used twice"),
    ('code = "psykolog"', 'code = "Psykolog hjælp"',
     "offer 2 (Psykolog hjælp): code must be lowercase letters"),
    ('code = "jobklub"\n', "", "offer 1: code is missing"),
    ("target_group = \"Sygemeldte\"\n", "target_group = \"Sygemeldte\"\nprice = 100\n",
     "offer 1 (jobklub): price is not a field of an offer"),
])
def test_errors_name_the_file_the_offer_and_the_field(tmp_path: Path, monkeypatch,  # noqa: ANN001
                                                      old: str, new: str, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    assert str(error.value).startswith("offers.toml: ")
    assert expected in str(error.value)


def test_broken_toml_missing_files_and_empty_catalogues_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match=r"offers\.toml: not valid TOML: .*line 2"):
        load_catalogue(write(tmp_path, "[[offer]]\ncode = \n"))
    with pytest.raises(CatalogueError, match=r"missing\.toml: no such file"):
        load_catalogue(tmp_path / "missing.toml")
    with pytest.raises(CatalogueError, match=r"offers\.toml: no offers"):
        load_catalogue(write(tmp_path, "# nothing yet\n"))
    with pytest.raises(CatalogueError, match=r"offers\.toml: unknown key 'offers'"):
        load_catalogue(write(tmp_path, '[[offers]]\ncode = "x"\n'))


def test_the_file_is_found_by_environment_else_in_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_OFFERS, raising=False)
    default = catalogue_path()
    assert default.is_file() and default.parts[-2:] == ("data", "offers.toml")
    own = write(tmp_path, GOOD)
    monkeypatch.setenv(ENV_OFFERS, str(own))
    assert catalogue_path() == own
    assert [o.code for o in load_catalogue()] == ["jobklub", "psykolog"]


def test_sync_offers_upserts_by_code_and_keeps_removed_offers_inactive(
        engine, tmp_path: Path) -> None:  # noqa: ANN001
    from sqlmodel import select

    from caseload.models import Offer
    from caseload.services.offers import offer_ids, sync_offers
    from caseload.store.uow import read_session, write_session

    offers = load_catalogue(write(tmp_path, GOOD))
    with write_session(engine) as session:
        first = sync_offers(session, offers)
    assert (first.created, first.updated, first.deactivated) == (2, 0, 0)
    with write_session(engine) as session:
        ids = offer_ids(session)
        again = sync_offers(session, offers)
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)

    only_jobklub = GOOD.split('[[offer]]\ncode = "psykolog"')[0]
    changed = load_catalogue(write(tmp_path, only_jobklub.replace("hours_per_week = 10",
                                                                  "hours_per_week = 12")))
    with write_session(engine) as session:
        third = sync_offers(session, changed)
    assert (third.created, third.updated, third.deactivated) == (0, 1, 1)
    with read_session(engine) as session:
        stored = {o.code: o for o in session.exec(select(Offer)).all()}
    assert stored["jobklub"].hours_per_week == 12 and stored["jobklub"].id == ids["jobklub"]
    assert stored["psykolog"].active is False and stored["psykolog"].id == ids["psykolog"]
