"""The offer picker: search and filters over the catalogue, the citizen's weekly hours, and
referring (stored with justification and purpose; refusals keep what was typed)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from textual.widgets import Input, Label, Select

from caseload.catalogue import load_catalogue
from caseload.models import ObligationRow, Offer, Referral
from caseload.screens.offer_picker import OfferPicker
from caseload.services.offer_search import OfferFilter, OfferItem, filter_offers, next_start
from caseload.services.offers import sync_offers
from caseload.store.uow import read_session, write_session
from caseload.widgets.tables import StyledTable

from .helpers import make_app, settle, until
from .sample import TODAY
from .test_citizen import facts_text, open_citizen


@pytest.fixture
def offers(engine, case_ids) -> dict[str, int]:  # noqa: ANN001
    """The shipped catalogue stored in the sample database: offer ids by code."""
    with write_session(engine) as session:
        sync_offers(session, load_catalogue())
    with read_session(engine) as session:
        return {o.code: o.id for o in session.exec(select(Offer)).all()}


async def open_picker(app, pilot, case_id: int) -> OfferPicker:  # noqa: ANN001
    await open_citizen(app, pilot, case_id)
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, OfferPicker) and app.screen.loaded)
    await settle(pilot)
    return app.screen


def rows(picker: OfferPicker) -> list[str]:
    table = picker.query_one("#offer-table", StyledTable)
    return [str(table.get_row_at(n)[0]) for n in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_pick_an_offer_records_the_referral_and_refreshes_the_obligations(
        engine, db_path, case_ids, offers, size) -> None:
    case_id = case_ids["Jens Nielsen"]  # a participant: owes 10 hours a week of offers
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        picker = await open_picker(app, pilot, case_id)
        hours = str(picker.query_one("#offer-hours", Label).render())
        assert "0 t/uge i dag" in hours and "10 t/uge" in hours
        assert picker.query_one("#offer-hours").has_class("hours-short")
        await pilot.press("slash", *"jobklub", "enter")
        assert rows(picker) == ["Jobklub for sygemeldte"]
        await pilot.press("enter")  # choose it: the form, prefilled
        assert picker.query_one("#refer-start", Input).value == TODAY.isoformat()
        assert picker.query_one("#refer-hours", Input).value == "10"
        await pilot.press(*"Har brug for struktur og kontakt til arbejdsmarkedet", "tab",
                          *"Afklaring af jobmuligheder")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, OfferPicker)
        assert "10 t/uge i dag" in facts_text(app.screen)  # the screen was reloaded
    with read_session(engine) as session:
        referral = session.exec(select(Referral).where(Referral.case_id == case_id)).one()
        offer = session.exec(select(ObligationRow).where(
            ObligationRow.case_id == case_id, ObligationRow.kind == "active_offer")).one()
    assert referral.offer_id == offers["jobklub"] and referral.start == TODAY
    assert referral.hours_per_week == 10 and referral.created_by == "anna"
    assert referral.justification == "Har brug for struktur og kontakt til arbejdsmarkedet"
    assert referral.purpose == "Afklaring af jobmuligheder"
    assert offer.met_on == TODAY  # the stored obligations were recomputed


async def test_a_refused_referral_keeps_what_was_typed(engine, db_path, case_ids,
                                                       offers) -> None:
    case_id = case_ids["Ahmed Ali"]
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        picker = await open_picker(app, pilot, case_id)
        await pilot.press("enter")
        chosen = picker.chosen
        await pilot.press(*"Skal afklares")
        await pilot.press("ctrl+s")  # no purpose
        await settle(pilot)
        assert "formål" in str(picker.query_one("#refer-error", Label).render())
        picker.query_one("#refer-purpose", Input).value = "Job"
        picker.query_one("#refer-hours", Input).value = "90"
        await pilot.press("ctrl+s")  # the service refuses 90 hours a week
        await settle(pilot)
        assert app.screen is picker and "at most 80" in str(
            picker.query_one("#refer-error", Label).render())
        assert picker.query_one("#refer-justification", Input).value == "Skal afklares"
        await pilot.press("escape")  # back to the list, then choose again: the text stays
        await pilot.press("enter")
        assert picker.chosen == chosen
        assert picker.query_one("#refer-justification", Input).value == "Skal afklares"
        assert picker.query_one("#refer-hours", Input).value != "90"  # the offer's hours
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, OfferPicker)
    with read_session(engine) as session:
        assert session.exec(select(Referral)).all() == []


async def test_filters_narrow_the_list(engine, db_path, case_ids, offers) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        picker = await open_picker(app, pilot, case_ids["Jens Nielsen"])
        everything = rows(picker)
        assert len(everything) == len(picker.offers) > 5
        picker.query_one("#offer-kind", Select).value = "partial_return"
        await settle(pilot)
        assert rows(picker) == [o.name for o in picker.offers if o.kind == "partial_return"]
        picker.query_one("#offer-kind", Select).value = ""
        picker.query_one("#offer-intake", Select).value = "teams"
        await settle(pilot)
        teams = [o for o in picker.offers if not o.continuous_intake]
        assert rows(picker) == [o.name for o in teams] and teams
        provider = teams[0].provider
        picker.query_one("#offer-provider", Select).value = provider
        await settle(pilot)
        assert rows(picker) == [o.name for o in teams if o.provider == provider]


def item(**kwargs: object) -> OfferItem:
    values = dict(offer_id=1, code="x", name="Jobklub", kind="lab", provider="Jobcenter Nyborg",
                  hours_per_week=10.0, length_weeks=8, continuous_intake=True,
                  target_group="Ledige", next_start=None, description="Ugentlige møder")
    values.update(kwargs)
    return OfferItem(**values)


def test_filter_offers_matches_every_word_in_any_field() -> None:
    a = item(offer_id=1)
    b = item(offer_id=2, name="Mentor", provider="Anden aktør", kind="preventive",
             target_group="Sygemeldte", continuous_intake=False)
    assert filter_offers([a, b], OfferFilter(text="jobklub nyborg")) == [a]
    assert filter_offers([a, b], OfferFilter(text="ANDEN")) == [b]
    assert filter_offers([a, b], OfferFilter(text="møder")) == [a, b]
    assert filter_offers([a, b], OfferFilter(kind="preventive")) == [b]
    assert filter_offers([a, b], OfferFilter(target_group="Ledige")) == [a]
    assert filter_offers([a, b], OfferFilter(continuous=False)) == [b]
    assert filter_offers([a, b], OfferFilter(provider="Jobcenter Nyborg", text="mentor")) == []


def test_next_start_is_the_next_team_start_or_today() -> None:
    today = date(2026, 11, 4)
    assert next_start(item(), today) == today
    team = item(continuous_intake=False, next_start=date(2026, 12, 7))
    assert next_start(team, today) == date(2026, 12, 7)
    assert next_start(item(continuous_intake=False, next_start=date(2026, 10, 1)),
                      today) == today
