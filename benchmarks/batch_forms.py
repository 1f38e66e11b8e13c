"""A morning batch for the benchmarks: valid forms, every format the contract allows.

``write_batch(folder, count, files=10)`` spreads ``count`` forms over ``files`` files of five
kinds in turn: a ``.json`` array, ``.jsonl``, ``.csv`` with ``,`` (UTF-8), ``;`` (UTF-8 with
BOM) and ``;`` in Windows-1252 with Danish dates and decimal commas, as a spreadsheet writes
them. The same seed gives the same forms (``make_forms``)."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 23)
FIRST = ["Mette", "Jens", "Søren", "Ærtebjørg", "Åse", "Bjørn", "Karen", "Ole", "Hanne"]
LAST = ["Kjær Hansen", "Ølgaard", "Sørensen", "Østergård", "Århus", "Nielsen", "Jensen"]
STATUS = ["employed", "lønmodtager", "ledig", "unemployed", "selvstændig", "ledighedsydelse"]


def make_form(number: int, rng: random.Random) -> dict[str, object]:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
    century_digit = rng.choice("0123") if born.year < 2000 else "4"
    cpr = f"{born:%d%m%y}{century_digit}{rng.randrange(1000):03d}"
    received = TODAY - timedelta(days=rng.randrange(3))
    first = received - timedelta(days=rng.randrange(5, 120))
    return {
        "form_id": f"OS-2026-{number:07d}", "received": received.isoformat(),
        "cpr": f"{cpr[:6]}-{cpr[6:]}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "first_absence_day": first.isoformat(), "employment_status": rng.choice(STATUS),
        "postal_code": f"{rng.randrange(1000, 9999)}", "city": "Herning",
        "employer_name": "Herning Kommune, Hjemmeplejen", "employer_cvr": "29189919",
        "weekly_hours": rng.choice([37, 32, 30.5]),
        "expected_duration": rng.choice(["under_8_weeks", "over_8_weeks", "unknown"]),
        "sickness_description": "Smerter i lænd efter fald",
    }


def make_forms(count: int, seed: int = 7) -> Iterator[dict[str, object]]:
    rng = random.Random(seed)
    for number in range(count):
        yield make_form(number, rng)


def write_batch(folder: Path, count: int, files: int = 10, seed: int = 7) -> None:
    """``count`` valid forms in ``files`` files (forms n, n + files, ... in file n)."""
    parts: list[list[dict[str, object]]] = [[] for _ in range(files)]
    for number, form in enumerate(make_forms(count, seed)):
        parts[number % files].append(form)
    for index, part in enumerate(parts):
        if part:
            _write(folder, index, part)


def _write(folder: Path, index: int, part: list[dict[str, object]]) -> None:
    kind = index % 5
    if kind == 0:
        (folder / f"batch{index:03d}.json").write_text(
            json.dumps(part, ensure_ascii=False, indent=1), "utf-8")
        return
    if kind == 1:
        (folder / f"batch{index:03d}.jsonl").write_text(
            "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in part), "utf-8")
        return
    delimiter = "," if kind == 2 else ";"
    encoding = {2: "utf-8", 3: "utf-8-sig", 4: "cp1252"}[kind]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(part[0]), delimiter=delimiter)
    writer.writeheader()
    for form in part:
        row = dict(form)
        if kind == 4:  # Danish dates and decimal commas, as a spreadsheet writes them
            for key in ("received", "first_absence_day"):
                row[key] = date.fromisoformat(str(row[key])).strftime("%d-%m-%Y")
            row["weekly_hours"] = str(row["weekly_hours"]).replace(".", ",")
        writer.writerow(row)
    (folder / f"batch{index:03d}.csv").write_bytes(out.getvalue().encode(encoding))
