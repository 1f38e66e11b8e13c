"""Writing and keeping notes: addenda, the hash chain, and verify catching changes made
to the database behind the tool's back (raw SQL)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlmodel import Session

from caseload.errors import DomainError, NotFound
from caseload.models import AuditEntry, Note
from caseload.notes.chain import GENESIS, content_hash, seal_rows
from caseload.notes.templates import note_template
from caseload.services.notes import add_addendum, notes_for_case, verify_notes, write_note
from caseload.store.uow import read_session, write_session
from tests.actors import LEAD
from tests.notes.conftest import BODY, NOW


def _write(world, n: int = 3, case: str = "anna") -> list[int]:  # noqa: ANN001
    ids = []
    with write_session(world.engine) as s:
        for i in range(n):
            note = write_note(s, case_id=world.cases[case], body=f"{BODY}nr. {i}",
                              author="kbe", now=NOW + timedelta(minutes=i), actor=LEAD)
            ids.append(note.id)
    return ids


def _verify(world) -> list:  # noqa: ANN001
    with read_session(world.engine) as s:
        return verify_notes(s)


def _sql(db_path, statement: str, *args: object) -> None:  # noqa: ANN001
    with sqlite3.connect(db_path) as conn:
        conn.execute(statement, args)


def test_a_note_keeps_author_time_interview_and_template(world) -> None:  # noqa: ANN001
    with write_session(world.engine) as s:
        note = write_note(s, case_id=world.cases["anna"], interview_id=world.interview,
                          body=BODY, author="kbe", template="follow_up", now=NOW, actor=LEAD)
    with read_session(world.engine) as s:
        [saved] = notes_for_case(s, world.cases["anna"])
        assert (saved.id, saved.author, saved.created_at, saved.interview_id, saved.template) \
            == (note.id, "kbe", NOW, world.interview, "follow_up")
        assert saved.body == BODY
        assert saved.prev_hash == GENESIS and len(saved.content_hash) == 64
        audit = s.get(AuditEntry, 1)
        assert audit.action == "create" and audit.detail == f"note {note.id}"
        assert "Sygemeldt" not in (audit.detail or "")


def test_each_note_links_to_the_hash_of_the_note_before_it(world) -> None:  # noqa: ANN001
    _write(world, 2)
    _write(world, 1, case="bo")  # one chain over all cases
    with read_session(world.engine) as s:
        notes = [s.get(Note, i) for i in (1, 2, 3)]
    assert notes[1].prev_hash == notes[0].content_hash
    assert notes[2].prev_hash == notes[1].content_hash
    assert notes[2].content_hash == content_hash(
        case_id=notes[2].case_id, interview_id=None, addendum_to=None, author="kbe",
        created_at=notes[2].created_at, body=notes[2].body, prev_hash=notes[1].content_hash)
    assert _verify(world) == []


def test_refuses_empty_notes_untouched_templates_and_wrong_interviews(world) -> None:  # noqa: ANN001
    with write_session(world.engine) as s:
        for body in ("", "   \n", note_template("follow_up")):
            with pytest.raises(DomainError):
                write_note(s, case_id=world.cases["anna"], body=body, author="kbe", actor=LEAD)
        with pytest.raises(NotFound):
            write_note(s, case_id=world.cases["bo"], interview_id=world.interview,
                       body=BODY, author="kbe", actor=LEAD)
        with pytest.raises(DomainError):
            write_note(s, case_id=world.cases["anna"], body=BODY, author=" ", actor=LEAD)
        with pytest.raises(NotFound):
            write_note(s, case_id=99999, body=BODY, author="kbe", actor=LEAD)


def test_notes_are_written_only_in_a_write_transaction(world) -> None:  # noqa: ANN001
    with Session(world.engine) as s, pytest.raises(RuntimeError):
        write_note(s, case_id=world.cases["anna"], body=BODY, author="kbe", actor=LEAD)


def test_addenda_chain_points_back_and_leave_the_note_as_it_was(world) -> None:  # noqa: ANN001
    [first] = _write(world, 1)
    with read_session(world.engine) as s:
        before = s.get(Note, first).model_dump()
    with write_session(world.engine) as s:
        a1 = add_addendum(s, note_id=first, body="Rettelse: det er nakken, ikke ryggen.",
                          author="lmo", now=NOW + timedelta(hours=1), actor=LEAD)
        a2 = add_addendum(s, note_id=a1.id, body="Tilføjelse til rettelsen: også skulder.",
                          author="kbe", now=NOW + timedelta(hours=2), actor=LEAD)
        ids = (a1.id, a2.id)
    with read_session(world.engine) as s:
        assert s.get(Note, first).model_dump() == before
        a1, a2 = (s.get(Note, i) for i in ids)
        assert (a1.addendum_to, a1.author, a1.created_at) == (first, "lmo",
                                                              NOW + timedelta(hours=1))
        assert (a2.addendum_to, a2.author) == (a1.id, "kbe")
        assert a1.case_id == a2.case_id == world.cases["anna"]
        assert [n.id for n in notes_for_case(s, world.cases["anna"])] == [first, *ids]
    assert _verify(world) == []
    with write_session(world.engine) as s, pytest.raises(NotFound):
        add_addendum(s, note_id=4242, body="x", author="kbe", actor=LEAD)


def test_verify_catches_a_body_changed_with_raw_sql(world, db_path) -> None:  # noqa: ANN001
    ids = _write(world, 3)
    _sql(db_path, "UPDATE notes SET body = body || ' (rettet)' WHERE id = ?", ids[1])
    problems = _verify(world)
    assert [(p.note_id, p.case_id) for p in problems] == [(ids[1], world.cases["anna"])]
    assert "changed" in problems[0].what


def test_verify_catches_a_change_whose_hash_was_recomputed(world, db_path) -> None:  # noqa: ANN001
    ids = _write(world, 3)
    with read_session(world.engine) as s:
        note = s.get(Note, ids[1])
        forged = content_hash(case_id=note.case_id, interview_id=None, addendum_to=None,
                              author="lmo", created_at=note.created_at, body=note.body,
                              prev_hash=note.prev_hash)
    _sql(db_path, "UPDATE notes SET author = 'lmo', content_hash = ? WHERE id = ?", forged,
         ids[1])
    problems = _verify(world)
    assert [p.note_id for p in problems] == [ids[2]]
    assert "deleted or changed" in problems[0].what


def test_verify_catches_a_deleted_note_in_the_middle(world, db_path) -> None:  # noqa: ANN001
    ids = _write(world, 4)
    _sql(db_path, "DELETE FROM notes WHERE id = ?", ids[1])
    problems = _verify(world)
    assert [p.note_id for p in problems] == [ids[2]]
    assert "deleted" in problems[0].what


def test_verify_catches_reordered_notes(world, db_path) -> None:  # noqa: ANN001
    ids = _write(world, 3)
    with sqlite3.connect(db_path) as conn:  # swap notes 2 and 3 by id
        conn.execute("UPDATE notes SET id = -1 WHERE id = ?", (ids[1],))
        conn.execute("UPDATE notes SET id = ? WHERE id = ?", (ids[1], ids[2]))
        conn.execute("UPDATE notes SET id = ? WHERE id = -1", (ids[2],))
    problems = _verify(world)
    assert {p.note_id for p in problems} == {ids[1], ids[2]}
    assert any("reordered" in p.what for p in problems)


def test_export_marks_do_not_break_the_chain(world, db_path) -> None:  # noqa: ANN001
    _write(world, 2)
    _sql(db_path, "UPDATE notes SET exported_at = '2026-11-21 08:00:00.000000', "
                  "exported_by = 'kbe'")
    assert _verify(world) == []


def test_rows_sealed_for_a_bulk_insert_verify(world, db_path) -> None:  # noqa: ANN001
    rows = [{"id": i, "case_id": world.cases["bo"], "interview_id": None, "addendum_to": None,
             "author": "lmo", "created_at": NOW + timedelta(minutes=i), "body": f"{BODY}{i}"}
            for i in (1, 2, 3)]
    last = seal_rows(rows)
    assert rows[0]["prev_hash"] == GENESIS and rows[2]["content_hash"] == last
    with sqlite3.connect(db_path) as conn:
        conn.executemany(
            "INSERT INTO notes (id, case_id, body, author, created_at, content_hash, prev_hash)"
            " VALUES (:id, :case_id, :body, :author, :created, :content_hash, :prev_hash)",
            [{**r, "created": r["created_at"].strftime("%Y-%m-%d %H:%M:%S.%f")} for r in rows])
    assert _verify(world) == []
    _write(world, 1)  # the tool continues the chain
    assert _verify(world) == []
