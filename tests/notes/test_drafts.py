"""Drafts survive a crash: files in the user data dir, owner-only, atomic; gone once saved."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from caseload.notes.drafts import (
    DraftError,
    discard_draft,
    draft_key,
    drafts_dir,
    list_drafts,
    load_draft,
    save_draft,
)
from caseload.services.notes import add_addendum, write_note
from caseload.store.uow import write_session
from tests.actors import LEAD
from tests.notes.conftest import BODY

TEXT = "Arbejdsevne og sygemelding\nSygemeldt for stress; søvnbesvær, træthed. Æ Ø Å\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_draft_is_owner_only_in_the_user_data_dir(tmp_path: Path) -> None:
    path = save_draft(draft_key("ab12", 42, 7), TEXT)
    assert path.parent == drafts_dir()
    assert str(drafts_dir()).startswith(str(tmp_path / "xdg-data"))
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert load_draft("db-ab12_case-42_interview-7") == TEXT
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_saving_again_replaces_and_tightens_a_loose_directory() -> None:
    save_draft("case-1", "first")
    os.chmod(drafts_dir(), 0o755)
    save_draft("case-1", "second æøå")
    assert load_draft("case-1") == "second æøå"
    assert _mode(drafts_dir()) == 0o700


def test_a_draft_survives_the_process_that_wrote_it(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    code = ("import os\nfrom caseload.notes import save_draft\n"
            f"save_draft('case-5', {TEXT!r})\nos._exit(9)  # die without cleaning up\n")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=30)
    assert run.returncode == 9
    assert load_draft("case-5") == TEXT  # a new process (this one) finds it
    assert list_drafts() == ["case-5"]


def test_discard_and_missing_drafts() -> None:
    assert load_draft("case-9") is None
    assert discard_draft("case-9") is False
    save_draft("case-9", TEXT)
    assert discard_draft("case-9") is True
    assert load_draft("case-9") is None and list_drafts() == []


@pytest.mark.parametrize("key", ["../etc/passwd", "Case-1", "", "a/b", ".hidden"])
def test_keys_cannot_leave_the_drafts_dir(key: str) -> None:
    with pytest.raises(DraftError):
        save_draft(key, TEXT)


def _db(world) -> str:  # noqa: ANN001
    from caseload.services.settings import database_id

    with write_session(world.engine) as s:
        return database_id(s)


def test_saving_the_note_removes_its_draft(world) -> None:  # noqa: ANN001
    anna, db = world.cases["anna"], _db(world)
    save_draft(draft_key(db, anna, world.interview), TEXT)
    save_draft(draft_key(db, anna), TEXT)  # another draft on the case stays
    with write_session(world.engine) as s:
        note = write_note(s, case_id=anna, interview_id=world.interview, body=BODY,
                          author="kbe", actor=LEAD)
        assert load_draft(draft_key(db, anna, world.interview)) == TEXT  # not before commit
    assert load_draft(draft_key(db, anna, world.interview)) is None
    assert load_draft(draft_key(db, anna)) == TEXT
    save_draft(draft_key(db, anna, addendum_to=note.id), "rettelse")
    with write_session(world.engine) as s:
        add_addendum(s, note_id=note.id, body="Rettelse.", author="kbe", actor=LEAD)
    assert load_draft(draft_key(db, anna, addendum_to=note.id)) is None


def test_a_note_that_is_not_saved_keeps_its_draft(world) -> None:  # noqa: ANN001
    anna, db = world.cases["anna"], _db(world)
    save_draft(draft_key(db, anna), TEXT)
    with pytest.raises(RuntimeError), write_session(world.engine) as s:
        write_note(s, case_id=anna, body=BODY, author="kbe", actor=LEAD)
        raise RuntimeError("crash before commit")
    assert load_draft(draft_key(db, anna)) == TEXT
