"""A small caseload with known facts, built once through the services, and a way to run
the CLI in-process (through ``caseload.cli.main``, so errors map to exit codes as for real).

The asked day is Sunday 2026-11-22 (``--today``). Rules: aktive-2008 (the default).

- jens: Jens Hansen, control, anna, F 2026-09-07, nothing held: first follow-up due 11-01
  (book by Fri 10-30), 21 days over, week 11.
- aase: Åse Østergård, participant, anna, F 2026-08-31, nothing held: first follow-up 10-25
  (book by 10-23), 28 days over, week 12; active offer due today (F+83, book by 11-20).
- late: Lis Sen, outside, anna, F 2026-09-07, follow-up held 11-10 (late), category 2:
  nothing over on 11-22; on 11-05 the first follow-up was 4 days over.
- bo: Bo Berg, outside and exempt, bo, F 2026-09-14: first follow-up 11-08 (book by 11-06),
  14 days over, week 10.
- nobody: Ny Ansat, outside, no caseworker, F 2026-09-21: first follow-up 11-15 (book by
  11-13), 7 days over, week 9.
- closed: Karl Luk, anna, F 2026-08-03, closed 11-20: owes nothing.

Interviews booked for 11-22 (anna's): aase 09:00 phone follow-up (no-show), jens 10:30 in person
follow-up (booked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.actors import LEAD

DAY = date(2026, 11, 22)
ON = DAY.isoformat()
CPR = {  # full numbers: they must never appear in any output
    "jens": "1503821234", "aase": "0202914321", "late": "0303751678", "bo": "0404881777",
    "nobody": "0505951111", "closed": "0606602222",
}
FULL_CPR = re.compile(r"\d{6}-?\d{4}")


class Built(NamedTuple):
    path: Path
    ids: dict[str, int]  # case ids by the keys of CPR


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The database of the table above (read-only for the tests: built once)."""
    from caseload import identity
    from caseload.services import cases, caseworkers, interviews
    from caseload.services.db import init_database, write_session
    from tests import intake

    path = tmp_path_factory.mktemp("quick") / "caseload.db"
    engine, _, _ = init_database(path)
    ids: dict[str, int] = {}

    def open_case(key: str, name: str, first: str, worker: int | None,
                  group: str | None = None) -> int:
        case = intake.open_case(session, cpr=CPR[key], name=name,
                                first_absence_day=date.fromisoformat(first),
                                caseworker_id=worker, group=group, today=date(2026, 9, 1))
        ids[key] = case.id
        return case.id

    with write_session(engine) as session:
        anna = caseworkers.add_caseworker(session, login="anna", name="Anna Andersen").id
        bo = caseworkers.add_caseworker(session, login="bo", name="Bo Bech").id
        # Whoever runs the tests leads the team, so --as and --all are theirs to use.
        caseworkers.add_caseworker(session, login=identity.current_login(), name="Lead",
                                   role="team_lead")
        open_case("jens", "Jens Hansen", "2026-09-07", anna)
        open_case("aase", "Åse Østergård", "2026-08-31", anna)
        late = open_case("late", "Lis Sen", "2026-09-07", anna, group="outside")
        open_case("bo", "Bo Berg", "2026-09-14", bo, group="outside")
        open_case("nobody", "Ny Ansat", "2026-09-21", None, group="outside")
        closed = open_case("closed", "Karl Luk", "2026-08-03", anna, group="outside")
    with write_session(engine) as session:
        held = interviews.book_interview(session, late, kind="follow_up", mode="in_person",
                                         at=datetime(2026, 11, 10, 10, 0), actor=LEAD,
                                         today=date(2026, 11, 10))
        interviews.mark_interview(session, held.id, "held", held_at=datetime(2026, 11, 10, 10),
                                  actor=LEAD)
        cases.set_category(session, late, 2, on=date(2026, 11, 10), actor=LEAD)
        cases.set_exemption(session, ids["bo"], "hospitalisation", on=date(2026, 10, 1),
                            actor=LEAD)
        cases.close_case(session, closed, on=date(2026, 11, 20), reason="return_to_work",
                         actor=LEAD)
        # Booked on a Sunday (the asked day), which the calendar refuses to book now: stored
        # as they stand, for the quick check to read.
        missed = _stored_interview(session, ids["aase"], "phone", datetime(2026, 11, 22, 9, 0))
        interviews.mark_interview(session, missed.id, "no_show", actor=LEAD)
        _stored_interview(session, ids["jens"], "in_person", datetime(2026, 11, 22, 10, 30))
    engine.dispose()
    return Built(path, ids)


def _stored_interview(session, case_id: int, mode: str, at: datetime):  # noqa: ANN001, ANN202
    from caseload.models import Case, Interview

    now = datetime.now(UTC)
    interview = Interview(case_id=case_id, kind="follow_up", mode=mode, booked_for=at,
                          caseworker_id=session.get(Case, case_id).caseworker_id,
                          created_at=now, updated_at=now)
    session.add(interview)
    session.flush()
    return interview


@pytest.fixture
def caseload_db(built: Built) -> Path:
    return built.path


@pytest.fixture
def case_ids(built: Built) -> dict[str, int]:
    return built.ids


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    """The table sets the catalogue's language from the environment: restore it after."""
    from caseload import i18n

    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli("overdue", "--json")`` → (exit code, stdout, stderr), through ``main``.

    Every run also checks that no full CPR number reached stdout or stderr."""
    from caseload.cli import main

    def run(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert not FULL_CPR.findall(out + err), "a full CPR number was printed"
        assert all(number not in out + err for number in CPR.values())
        return int(exit_info.value.code or 0), out, err

    return run
