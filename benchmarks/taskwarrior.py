"""Taskwarrior as the yardstick: a private TASKRC/TASKDATA holding tasks with given due dates.

Works with taskwarrior 2.x (``pending.data`` files) and 3.x (``taskchampion.sqlite3``): both
read ``data.location`` from the rc file and both take ``task import FILE.json``. The rc file
turns off every prompt and message (confirmation, verbose, news, hooks) so nothing waits on
a terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

INSTALL_HINT = "taskwarrior is not installed: `sudo apt-get install taskwarrior` (binary `task`)"


@dataclass(frozen=True)
class TaskItem:
    description: str
    due: date | None


def task_binary() -> str | None:
    return shutil.which("task")


def task_version(binary: str) -> str:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, check=False)
    return out.stdout.strip() or "unknown"


def _due_stamp(day: date) -> str:
    """The end of ``day`` in local time, as taskwarrior's UTC stamp.

    Taskwarrior's +OVERDUE means due before now; ending the day at 23:59:59 makes a task
    overdue from the next day on, as caseload counts days overdue (due before today).
    """
    local_end = datetime(day.year, day.month, day.day, 23, 59, 59).astimezone()
    return local_end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def write_rc(home: Path, version: str) -> Path:
    rc = home / "taskrc"
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    rc.write_text(
        f"data.location={data}\n"
        "confirmation=off\n"
        "verbose=nothing\n"
        "hooks=off\n"
        "color=off\n"
        "detection=off\n"
        "defaultwidth=120\n"
        f"news.version={version.split()[0]}\n",
        encoding="utf-8",
    )
    return rc


def environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TASKRC"] = str(home / "taskrc")
    env["TASKDATA"] = str(home / "data")
    return env


def build(home: Path, items: Iterable[TaskItem], binary: str) -> int:
    """Create ``home`` with a fresh rc and data dir and import ``items``; returns the count."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    write_rc(home, task_version(binary))
    entry = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    tasks = []
    for i, item in enumerate(items):
        task = {"uuid": str(uuid.UUID(int=i + 1, version=4)), "status": "pending",
                "entry": entry, "description": item.description}
        if item.due is not None:
            task["due"] = _due_stamp(item.due)
        tasks.append(task)
    payload = home / "import.json"
    payload.write_text(json.dumps(tasks), encoding="utf-8")
    subprocess.run([binary, "import", str(payload)], env=environment(home), check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    payload.unlink()
    (home / "ready").write_text(str(len(tasks)), encoding="utf-8")
    return len(tasks)


def is_built(home: Path) -> bool:
    return (home / "ready").exists()


def list_overdue_cmd(binary: str, limit: int = 50) -> list[str]:
    return [binary, "+OVERDUE", "list", f"limit:{limit}"]


def count_overdue(home: Path, binary: str) -> int:
    out = subprocess.run([binary, "+OVERDUE", "count"], env=environment(home), check=True,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)
