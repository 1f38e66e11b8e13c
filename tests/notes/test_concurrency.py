"""Several processes writing notes at once cannot fork the hash chain (BEGIN IMMEDIATE)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlmodel import func, select

from caseload.models import Note
from caseload.services.notes import verify_notes
from caseload.store.uow import read_session

WORKER = """
import sys
from pathlib import Path
from caseload.services.notes import write_note
from caseload.services.policy import TEAM_LEAD, Actor
from caseload.store.database import open_database
from caseload.store.uow import write_session
engine = open_database(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    with write_session(engine) as s:
        write_note(s, case_id=int(sys.argv[2]), body=f"Notat {i} fra proces: æøå", author="kbe",
                   actor=Actor("kbe", 0, TEAM_LEAD))
engine.dispose()
"""


@pytest.mark.slow
def test_three_processes_writing_keep_one_chain(world, db_path) -> None:  # noqa: ANN001
    per_process = 8
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(case_id),
                               str(per_process)])
             for case_id in world.cases.values()]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    with read_session(world.engine) as s:
        assert s.exec(select(func.count()).select_from(Note)).one() == 3 * per_process
        assert verify_notes(s) == []
