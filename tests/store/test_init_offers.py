"""``caseload init`` loads the catalogue of offers, and checks it before touching anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlmodel import select

from caseload.catalogue import load_catalogue
from caseload.models import Offer
from caseload.store.database import open_database
from caseload.store.uow import read_session

Cli = Callable[..., tuple[int, str, str]]


def _offers(db: Path) -> dict[str, Offer]:
    engine = open_database(db)
    try:
        with read_session(engine) as session:
            return {o.code: o for o in session.exec(select(Offer)).all()}
    finally:
        engine.dispose()


def test_init_loads_the_catalogue_then_syncs_an_edited_one(cli: Cli, db_path: Path,
                                                           tmp_path: Path) -> None:
    code, _, err = cli("init", "--db", db_path)
    assert code == 0
    shipped = load_catalogue()
    assert f"{len(shipped)} nye" in err
    stored = _offers(db_path)
    assert set(stored) == {o.code for o in shipped}
    assert all(o.active for o in stored.values())

    # The jobcentre edits its copy: one offer dropped, one with other hours.
    from caseload.catalogue import catalogue_path

    text = catalogue_path().read_text("utf-8")
    edited = tmp_path / "offers.toml"
    first, second = shipped[0], shipped[1]
    import tomllib

    data = tomllib.loads(text)
    data["offer"] = [o for o in data["offer"] if o["code"] != first.code]
    for offer in data["offer"]:
        if offer["code"] == second.code:
            offer["hours_per_week"] = 3
    edited.write_text(_dump(data), "utf-8")
    code, _, err = cli("init", "--db", db_path, "--offers", edited)
    assert code == 0 and "0 nye, 1 ændrede, 1 trukket tilbage" in err
    stored = _offers(db_path)
    assert stored[first.code].active is False  # kept, so old referrals still name it
    assert stored[second.code].hours_per_week == 3


def test_a_broken_catalogue_is_refused_before_a_database_is_created(
        cli: Cli, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "offers.toml"
    bad.write_text('[[offer]]\ncode = "x"\n', "utf-8")
    code, out, err = cli("init", "--db", db_path, "--offers", bad)
    assert code == 1 and out == ""
    assert "offers.toml: offer 1 (x): name is missing" in err
    assert not db_path.exists()


def _dump(data: dict) -> str:
    """A small TOML writer for the catalogue's shape (arrays of flat tables)."""
    import json

    lines = []
    for offer in data["offer"]:
        lines.append("[[offer]]")
        for key, value in offer.items():
            if hasattr(value, "isoformat"):
                lines.append(f"{key} = {value.isoformat()}")
            else:
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
