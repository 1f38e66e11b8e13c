"""The holiday cache gives the ``holidays`` package's dates, and mends a bad file."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path

import pytest

from caseload import holiday_cache
from caseload.domain import calendar
from caseload.holiday_cache import FIRST_YEAR, LAST_YEAR, CachedHolidays

VERSION = holiday_cache.holidays_version()


def test_the_cache_holds_the_packages_dates_for_every_year_of_the_span(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "holidays.json"
    built = CachedHolidays(path, VERSION)
    read_back = CachedHolidays(path, VERSION)  # a later run: from the file
    assert built(2026) and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        expected = set(calendar.package_holidays(year))
        assert set(built(year)) == expected == set(read_back(year)), year
    assert read_back._years is not None  # noqa: SLF001 (read, not rebuilt)
    assert set(read_back(2150)) == set(calendar.package_holidays(2150))  # outside: package


@pytest.mark.parametrize("content", [
    "", "{", "[]", '{"format": 1}', "not json at all \x00",
    "CHANGE_A_DATE", "DROP_A_YEAR", "OTHER_VERSION"])
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_written_anew(
        tmp_path: Path, content: str) -> None:
    path = tmp_path / "holidays.json"
    CachedHolidays(path, VERSION)(2026)
    good = path.read_text("utf-8")
    data = json.loads(good)
    if content == "CHANGE_A_DATE":
        data["years"]["2026"][0] = "2027-01-01"  # a date outside its year
        content = json.dumps(data)
    elif content == "DROP_A_YEAR":
        del data["years"]["2040"]
        content = json.dumps(data)
    elif content == "OTHER_VERSION":
        data["holidays_version"] = "0.0"
        data["years"]["2026"] = []
        content = json.dumps(data)
    path.write_text(content, "utf-8")
    cache = CachedHolidays(path, VERSION)
    assert set(cache(2026)) == set(calendar.package_holidays(2026))
    assert date(2026, 12, 25) in cache(2026)
    assert json.loads(path.read_text("utf-8")) == json.loads(good)  # rebuilt


def test_an_unwritable_cache_folder_costs_only_speed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    cache = CachedHolidays(blocker / "holidays.json", VERSION)  # cannot make the folder
    assert set(cache(2026)) == set(calendar.package_holidays(2026))


def test_install_gives_the_core_the_cache(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    holiday_cache.install()
    assert not calendar.is_working_day(date(2026, 12, 25))  # Christmas Day, a Friday
    assert calendar.is_working_day(date(2026, 12, 28))
    path = holiday_cache.cache_path(VERSION)
    assert path.parent == tmp_path / "cache-home" / "caseload" and path.is_file()
    assert VERSION in path.name


def test_the_version_is_the_installed_distributions() -> None:
    from importlib.metadata import version

    assert holiday_cache.holidays_version() == version("holidays")
