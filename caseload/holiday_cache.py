"""Danish public holidays from a cache file, so a command need not import ``holidays``.

The ``holidays`` package stays the source of truth, but importing even one country runs
``holidays.countries``, which loads every country (0.1–0.25 s here, a tenth of the morning
batch's budget). The first run writes Denmark's holidays for ``FIRST_YEAR``–``LAST_YEAR``
to a JSON file in the user cache folder, named after the installed ``holidays`` version
(a new version means a new file); later runs read that (~1 ms). A file that cannot be read
or does not hold exactly what is expected is ignored and written anew; a cache folder that
cannot be written only costs the speed. Years outside the span come from the package.

``install()`` hands the cache to the rules core (``caseload.domain.calendar.use_holidays``),
which itself reads no file.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path

from caseload.domain import calendar

FIRST_YEAR, LAST_YEAR = 1990, 2100
FORMAT = 1


def holidays_version() -> str | None:
    """The installed version, from the name of its ``holidays-VERSION.dist-info`` folder
    beside the package (``importlib.metadata`` costs a tenth of the morning batch to
    import); asked of ``importlib.metadata`` where there is no single such folder."""
    from importlib.util import find_spec

    try:
        spec = find_spec("holidays")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return None
    found = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(found) == 1:
        return found[0].name[len("holidays-"):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def cache_path(version: str) -> Path:
    from platformdirs import user_cache_dir

    safe = "".join(c if c.isalnum() or c in ".-_" else "_" for c in version)
    return Path(user_cache_dir("caseload", appauthor=False)) / f"holidays-dk-{safe}.json"


class CachedHolidays:
    """A ``HolidayProvider``: the dates of a cache file (made from the package if needed)."""

    def __init__(self, path: Path, version: str) -> None:
        self.path, self.version = path, version
        self._years: dict[int, tuple[date, ...]] | None = None

    def __call__(self, year: int) -> tuple[date, ...]:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return tuple(calendar.package_holidays(year))
        if self._years is None:
            self._years = self._read() or self._rebuild()
        return self._years[year]

    def _read(self) -> dict[int, tuple[date, ...]] | None:
        """The file's dates, or None when it is missing or not exactly what we write."""
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if (data.get("format"), data.get("holidays_version"), data.get("first"),
                    data.get("last")) != (FORMAT, self.version, FIRST_YEAR, LAST_YEAR):
                return None
            stored = data["years"]
            years = {year: tuple(date.fromisoformat(d) for d in stored[str(year)])
                     for year in range(FIRST_YEAR, LAST_YEAR + 1)}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        if len(stored) != len(years) or any(
                day.year != year for year, days in years.items() for day in days):
            return None
        return years

    def _rebuild(self) -> dict[int, tuple[date, ...]]:
        from holidays.countries.denmark import Denmark

        found = Denmark(years=range(FIRST_YEAR, LAST_YEAR + 1))
        years: dict[int, list[date]] = {y: [] for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        for day in sorted(found.keys()):
            years[day.year].append(day)
        data = {"format": FORMAT, "holidays_version": self.version, "first": FIRST_YEAR,
                "last": LAST_YEAR,
                "years": {str(y): [d.isoformat() for d in days] for y, days in years.items()}}
        with contextlib.suppress(OSError):
            _write_private(self.path, json.dumps(data, separators=(",", ":")))
        return {year: tuple(days) for year, days in years.items()}


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` owner-only, all at once (a temporary file renamed)."""
    from caseload.files import make_private_dir, write_private

    make_private_dir(path.parent)
    write_private(path, text.encode("utf-8"))


def install() -> None:
    """Let the rules core take Danish holidays from the cache (if the package is there)."""
    version = holidays_version()
    if version is not None:
        calendar.use_holidays(CachedHolidays(cache_path(version), version))
