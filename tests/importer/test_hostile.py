"""Hostile files for the morning batch, through ``caseload import`` in a subprocess (issue
14, "Leaks and injection" and "Nothing silently skipped"): exit code, the lines printed
(what lands in the cron log), what is stored afterwards."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import Engine

from caseload import identity
from tests.access.conftest import run_as
from tests.importer.conftest import csv_text, good, write_json, write_jsonl

TODAY = ("--today", "2026-11-23")
RAW_CONTROL = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def imp(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    return run_as(identity.current_login(), "import", *args, *TODAY, env=env)


def table(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_csv_without_header_never_prints_its_first_row(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    forms = [good(form_id=f"OS-{n}", sickness_description="Depression og angst",
                  cpr="0101801111", employer_contact_consent=None) for n in range(3)]
    path = tmp_path / "noheader.csv"
    path.write_text(csv_text(forms).split("\r\n", 1)[1], "utf-8")
    code, out, err = imp(path, "--db", db_path)
    assert code == 1
    assert "Depression" not in out + err and "0101801111" not in out + err
    assert f"warning {path}:2: 14 unknown field name(s) ignored in this file (if the file " \
           "has no header row, its first row was taken as one)" in out.splitlines()
    assert not any("OS-0" in line for line in out.splitlines() if "warning" in line)
    assert table(db_path, "SELECT count(*) FROM forms") == [(0,)]
    # Two equal values in the row taken as the header: named by column, not by value.
    path.write_text(csv_text([good(sickness_description="Angst", remarks="Angst")]).split(
        "\r\n", 1)[1], "utf-8")
    code, out, err = imp(path, "--db", db_path)
    assert code == 1 and "Angst" not in out + err
    assert f"rejected {path}:1 - -: columns 13 and 16 of the header have the same name; no " \
           "row of the file was read" in out.splitlines()


def test_a_cpr_number_typed_by_the_user_is_masked_in_every_message(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [good()])
    for args in (("import", path, "--db", db_path, "--today", "0101801111"),
                 ("import", tmp_path / "0101801111.jsonl", "--db", db_path),
                 ("audit", "0101801111", "--db", db_path),
                 ("overdue", "--db", db_path, "--as", "010180-1111")):
        code, out, err = run_as(identity.current_login(), *args)
        assert code in (1, 2), (args, err)
        assert "0101801111" not in out + err and "010180-1111" not in out + err, err
        assert "010180-xxxx" in err, err
        assert len(err.strip().splitlines()) == 1, err


def test_control_characters_are_refused_at_import_naming_file_line_form_and_field(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [
        good(form_id="OS-1", name="\x1b]0;pwned\x07Mette"),
        good(form_id="OS-2", cpr="160382-1235", address="Vej \u202e1"),
        good(form_id="OS-3", cpr="170382-1235", remarks="Tekst\x9b2J"),
        good(form_id="OS-\x1b[2J-4", cpr="180382-1235"),
        good(form_id="OS-5", cpr="190382-1235", remarks="To linjer\r\nmed\tfaneblad"),
    ])
    code, out, err = imp(path, "--db", db_path)
    assert code == 1, err
    assert not any(char in out + err for char in RAW_CONTROL)
    rejected = [line for line in out.splitlines() if line.startswith("rejected")]
    assert rejected == [
        f"rejected {path}:1 OS-1 name: holds a control or direction character (U+001B), "
        "which is not allowed",
        f"rejected {path}:2 OS-2 address: holds a control or direction character (U+202E), "
        "which is not allowed",
        f"rejected {path}:3 OS-3 remarks: holds a control or direction character (U+009B), "
        "which is not allowed",
        f"rejected {path}:4 OS-\\x1b[2J-4 form_id: holds a control or direction character "
        "(U+001B), which is not allowed",
    ]
    assert table(db_path, "SELECT form_id FROM forms") == [("OS-5",)]  # lines and tabs: ok


def test_a_file_name_cannot_forge_a_line_in_the_cron_log(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "x\nrejected passwd.json:1 FAKE cpr: forged\n.jsonl",
                [good(postal_code="12")])
    code, out, err = imp(folder, "--db", db_path)
    assert code == 1
    lines = out.splitlines()
    assert not any(line.startswith("rejected passwd") for line in lines)
    assert [line for line in lines if line.startswith("rejected")] == [
        f"rejected {folder}/x\\nrejected passwd.json:1 FAKE cpr: forged\\n.jsonl:1 "
        "OS-2026-004211 postal_code: must be 4 digits"]


def test_unreadable_entries_with_a_form_ending_are_errors_not_skipped(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-dangling.json").symlink_to(folder / "gone.json")
    (folder / "b-loop.jsonl").symlink_to(folder / "b-loop.jsonl")
    os.mkfifo(folder / "c-pipe.jsonl")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "d-socket.csv"))
    (folder / "e-folder.json").mkdir()
    (folder / "readme.txt").write_text("not a form")
    write_jsonl(folder / "f-good.jsonl", [good()])
    try:
        started = time.monotonic()
        code, out, err = imp(folder, "--db", db_path)
        assert time.monotonic() - started < 60  # the FIFO is not opened
    finally:
        server.close()
    assert code == 1, err
    rejected = [line for line in out.splitlines() if line.startswith("rejected")]
    what = ["a symbolic link to nothing", "a symbolic link loop", "a named pipe", "a socket",
            "a folder"]
    names = ["a-dangling.json", "b-loop.jsonl", "c-pipe.jsonl", "d-socket.csv", "e-folder.json"]
    assert rejected == [
        f"rejected {folder / name} - -: ends like a form file but is not a file that can be "
        f"read ({kind}): the forms in it may be missing" for name, kind in zip(
            names, what, strict=True)]
    assert f"1 file(s) left alone (not .json, .jsonl or .csv): {folder / 'readme.txt'}" in out
    assert table(db_path, "SELECT form_id FROM forms") == [("OS-2026-004211",)]
    assert len(table(db_path, "SELECT id FROM import_issues WHERE kind = 'rejected'")) == 5


def test_a_huge_cell_rejects_its_row_only_and_text_fields_have_a_limit(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    forms = [good(form_id="C-1", cpr="150381-1234"),
             good(form_id="C-2", cpr="160382-1235", remarks="x" * 200_000),
             good(form_id="C-3", cpr="170382-1235", remarks="y" * 50_000),
             good(form_id="C-4", cpr="180382-1235", remarks="z" * 10_000)]
    path = tmp_path / "big.csv"
    path.write_text(csv_text(forms), "utf-8")
    big = write_json(tmp_path / "big.json", [good(form_id="J-1", cpr="190382-1235",
                                                  remarks="r" * 5_000_000)])
    code, out, err = imp(path, big, "--db", db_path)
    assert code == 1, err
    rejected = [line for line in out.splitlines() if line.startswith("rejected")]
    assert rejected == [
        f"rejected {path}:3 - -: the form is longer than 65536 characters (no field may "
        "have more than 10000): it is not read",
        f"rejected {path}:4 C-3 remarks: is longer than 10000 characters",
        f"rejected {big}:2 - -: the form is longer than 65536 characters (no field may "
        "have more than 10000): it is not read",
    ]
    assert sorted(table(db_path, "SELECT form_id FROM forms")) == [("C-1",), ("C-4",)]
    assert max(len(r[0]) for r in table(db_path, "SELECT raw FROM import_issues")) < 65_536


def test_the_write_ahead_log_stays_bounded_during_a_big_import(
        engine: Engine, db_path: Path, tmp_path: Path) -> None:
    limit = 2 * 1024 * 1024  # the default is 16 MiB: a smaller one keeps the test quick
    forms = [good(form_id=f"W-{n:05d}", cpr=f"{n % 28 + 1:02d}{n % 12 + 1:02d}{50 + n % 45}"
                  f"-{n % 10_000:04d}", sickness_description="Smerter " * 40)
             for n in range(5_000)]
    path = write_jsonl(tmp_path / "many.jsonl", forms)
    engine.dispose()
    wal = Path(f"{db_path}-wal")
    peak, done = [0], threading.Event()

    def watch() -> None:
        while not done.is_set():
            with contextlib.suppress(OSError):
                peak[0] = max(peak[0], wal.stat().st_size)
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        code, out, err = imp(path, "--db", db_path, "--json",
                             env={"CASELOAD_IMPORT_CHUNK": "250",
                                  "CASELOAD_IMPORT_WAL_LIMIT": str(limit)})
    finally:
        done.set()
        watcher.join()
    assert code == 0, err
    assert table(db_path, "SELECT count(*) FROM forms") == [(5_000,)]
    print(f"write-ahead log peak {peak[0]} bytes, database {db_path.stat().st_size} bytes")
    assert db_path.stat().st_size > 3 * limit  # the batch wrote more than the log may hold
    assert 0 < peak[0] < 2 * limit  # ... and the log stayed bounded (one chunk over)
