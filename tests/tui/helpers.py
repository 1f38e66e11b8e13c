"""Driving the app in tests: build it on a database and wait until its workers are done."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot

from caseload.app import CaseloadApp

from .sample import TODAY


def make_app(db: Path, *, start: str = "today", login: str = "anna",
             show_all: bool = False) -> CaseloadApp:
    return CaseloadApp(db=db, login=login, today=TODAY, start=start, show_all=show_all,
                       theme="dark")


def db_identity(db: Path) -> str:
    """The database's identity, which its drafts on disk are keyed by."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'database.id'").fetchone()[0]


async def settle(pilot: Pilot, *, timeout: float = 10.0) -> None:
    """Wait until no worker runs and the messages they posted are handled."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            await pilot.pause()
            if not any(w.is_running for w in pilot.app.workers):
                return
        await asyncio.sleep(0.02)
    raise AssertionError("the app's workers did not finish in time")


async def until(pilot: Pilot, condition, *, timeout: float = 10.0) -> None:  # noqa: ANN001
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause()
        await asyncio.sleep(0.02)


def answered(template: str, answer: str = "Skrevet af sagsbehandleren.") -> str:
    """``template`` with ``answer`` written under each of its sections (the questions left
    in, as a caseworker who answers beside them)."""
    from caseload.notes.templates import SECTION_HEADINGS

    return "\n".join(f"{line}\n{answer}" if line.strip() in SECTION_HEADINGS else line
                     for line in template.splitlines()) + "\n"
