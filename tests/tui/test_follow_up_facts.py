"""Pilot tests of the sdp-2025 facts on the citizen screen (a modal from the palette):
the § 13 f mark, the recorded return, the agreed next follow-up day, and category 3 read
as 2, asserting what is stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select
from textual.widgets import Input, Select

from caseload.i18n import t
from caseload.models import Case, Citizen, Interview, ObligationRow, ReturnRecord
from caseload.screens.case_actions import CategoryDialog
from caseload.screens.follow_up_facts import FollowUpFactsDialog
from caseload.services import cases, interviews, settings
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD

from .helpers import make_app, settle, until
from .sample import TODAY
from .test_citizen import facts_text, open_citizen, summary, type_into


def under_sdp_2025(engine, case_id: int, *, category: int = 2) -> None:  # noqa: ANN001
    """Mette Hansen (F 2026-09-07): employed, triaged, first follow-up held today."""
    with write_session(engine) as session:
        if category == 3:  # triaged to 3 under the old rules
            settings.ensure_rules(session, "sdp-2014")
        else:
            settings.ensure_rules(session, "sdp-2025")
        case = session.get(Case, case_id)
        citizen = session.get(Citizen, case.citizen_id)
        citizen.employment_status = "employed"
        session.add(citizen)
        cases.set_category(session, case.id, category, on=TODAY, actor=LEAD)
        booked = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
        interviews.mark_interview(session, booked.id, "held",
                                  held_at=datetime.combine(TODAY, datetime.min.time()), actor=LEAD)
        settings.ensure_rules(session, "sdp-2025")


def palette_action(screen, label_start: str):  # noqa: ANN001, ANN201
    return next(run for label, run in screen.palette_commands() if label.startswith(label_start))


async def record(app, pilot, screen, what: str, day: str) -> None:  # noqa: ANN001
    palette_action(screen, "Opfølgningsfakta")()
    await until(pilot, lambda: isinstance(app.screen, FollowUpFactsDialog))
    await settle(pilot)
    app.screen.query_one("#facts-what", Select).value = what
    await type_into(pilot, app.screen.query_one("#facts-day", Input), day)
    await pilot.press("ctrl+s")
    await settle(pilot)


def open_obligations(engine, case_id: int) -> dict[str, date]:  # noqa: ANN001
    with read_session(engine) as session:
        rows = session.exec(select(ObligationRow).where(ObligationRow.case_id == case_id,
                                                        ObligationRow.met_on.is_(None))).all()
    return {r.kind: r.due for r in rows}


async def test_mark_13_f_then_record_that_the_return_did_not_happen(engine, db_path,
                                                                    case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    under_sdp_2025(engine, case_id)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await record(app, pilot, screen, "predictable", "2027-01-15")
        assert app.screen is screen
        assert "§ 13 f: raskmelding ventet" in " ".join(facts_text(screen).split())
        with read_session(engine) as session:
            case = session.get(Case, case_id)
        assert (case.predictable_course_on, case.predictable_return_on) == (
            TODAY, date(2027, 1, 15))
        assert open_obligations(engine, case_id) == {"return_check": date(2027, 1, 15),
                                                     "reassessment": date(2027, 2, 7)}
        await record(app, pilot, screen, "not_returned", "2027-01-15")
        assert "raskmelding skete ikke" in facts_text(screen)
    with read_session(engine) as session:
        records = session.exec(select(ReturnRecord)).all()
    assert [(r.case_id, r.recorded_on, r.happened, r.recorded_by) for r in records] == [
        (case_id, date(2027, 1, 15), False, "anna")]
    # § 13 f ended on 01-15: 1 held, 3 still owed: 01-15 + ⌊50 / 3⌋ = 01-31.
    assert open_obligations(engine, case_id)["follow_up"] == date(2027, 1, 31)


async def test_a_refused_mark_keeps_the_dialog_open_with_the_reason(engine, db_path,
                                                                    case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    under_sdp_2025(engine, case_id)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await record(app, pilot, screen, "predictable", "2027-06-01")  # past week 13
        assert isinstance(app.screen, FollowUpFactsDialog)
        assert "between 2026-11-04 and 2027-02-02" in str(
            app.screen.query_one("#case-error").render())
    with read_session(engine) as session:
        assert session.get(Case, case_id).predictable_course_on is None


async def test_the_agreed_next_follow_up_day(engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    under_sdp_2025(engine, case_id)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        await record(app, pilot, screen, "agreed", "2026-12-01")
    with read_session(engine) as session:
        held = session.exec(select(Interview).where(Interview.case_id == case_id)).one()
    assert held.next_agreed_on == date(2026, 12, 1)


async def test_category_3_is_read_as_2_and_not_offered(engine, db_path, case_ids) -> None:
    case_id = case_ids["Mette Hansen"]
    under_sdp_2025(engine, case_id, category=3)
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_id)
        assert "Kategori 3" in summary(screen)
        assert "(læses som Kategori 2 efter sdp-2025)" in facts_text(screen)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, CategoryDialog))
        select_ = app.screen.query_one("#case-category", Select)
        assert [value for _, value in select_._options] == ["1", "2"]
        assert select_.value == "2"


async def test_not_offered_under_the_2008_trial(engine, db_path, case_ids) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_citizen(app, pilot, case_ids["Mette Hansen"])
        assert [label for label, _ in screen.palette_commands()] == [t("plan.save")]
        screen.action_follow_up_facts()
        await settle(pilot)
        assert app.screen is screen
