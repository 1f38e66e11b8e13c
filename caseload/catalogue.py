"""The catalogue of offers (tilbudsviften): finding, reading and checking ``offers.toml``.

The file is data a jobcentre edits (see the comments at the top of ``data/offers.toml``),
so checking is strict and every error names the file, the offer and the field. Storing
the offers in the database is a use case: ``caseload.services.offers.sync_offers``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from caseload.errors import DomainError

ENV_OFFERS = "CASELOAD_OFFERS"
KINDS = ("partial_return", "lab", "preventive")
CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_HOURS = 40
MAX_WEEKS = 104
REQUIRED = ("code", "name", "kind", "provider", "hours_per_week", "length_weeks",
            "continuous_intake", "target_group", "description")
OPTIONAL = ("next_start", "active")


class CatalogueError(DomainError):
    """The catalogue file cannot be used; the message says where and why."""


@dataclass(frozen=True, slots=True)
class OfferSpec:
    """One offer as the catalogue file describes it."""

    code: str
    name: str
    kind: str
    provider: str
    hours_per_week: float
    length_weeks: int
    continuous_intake: bool
    target_group: str
    description: str
    next_start: date | None = None
    active: bool = True


def catalogue_path() -> Path:
    """``$CASELOAD_OFFERS``, else the checkout's ``data/offers.toml``, else the packaged copy."""
    env = os.environ.get(ENV_OFFERS)
    if env:
        return Path(env).expanduser()
    import caseload

    package = Path(caseload.__file__).parent
    checkout = package.parent / "data" / "offers.toml"
    return checkout if checkout.is_file() else package / "data" / "offers.toml"


def load_catalogue(path: Path | None = None) -> list[OfferSpec]:
    """Read and check the catalogue; ``CatalogueError`` on the first problem found."""
    path = path or catalogue_path()
    where = _display(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CatalogueError(f"{where}: no such file (set {ENV_OFFERS} to the catalogue)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{where}: cannot be read ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{where}: not valid TOML: {exc}") from None
    return parse_catalogue(data, where)


def parse_catalogue(data: dict[str, Any], where: str) -> list[OfferSpec]:
    """Check the parsed file: ``where`` names it in error messages."""
    unknown = sorted(set(data) - {"offer"})
    if unknown:
        raise CatalogueError(f"{where}: unknown key {unknown[0]!r} (offers are [[offer]] tables)")
    entries = data.get("offer")
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{where}: no offers (each offer is an [[offer]] table)")
    offers: list[OfferSpec] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        offer = _offer(entry, where, index)
        if offer.code in seen:
            raise CatalogueError(f"{where}: offer {index} ({offer.code}): code is used twice")
        seen.add(offer.code)
        offers.append(offer)
    return offers


def _offer(entry: dict[str, Any], where: str, index: int) -> OfferSpec:
    code = entry.get("code")
    label = f"{where}: offer {index}" + (f" ({code})" if isinstance(code, str) and code else "")

    def bad(field: str, problem: str) -> CatalogueError:
        return CatalogueError(f"{label}: {field} {problem}")

    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise bad(unknown[0], f"is not a field of an offer ({', '.join(REQUIRED + OPTIONAL)})")
    for field in REQUIRED:
        if field not in entry:
            raise bad(field, "is missing")
    for field in ("code", "name", "provider", "target_group", "description"):
        value = entry[field]
        if not isinstance(value, str) or not value.strip():
            raise bad(field, "must be a non-empty text")
    if not CODE.match(code):
        raise bad("code", "must be lowercase letters, digits and dashes (e.g. 'jobklub')")
    if entry["kind"] not in KINDS:
        raise bad("kind", f"must be one of {', '.join(KINDS)}")
    hours = entry["hours_per_week"]
    if not _number(hours) or not 0 <= hours <= MAX_HOURS:
        raise bad("hours_per_week", f"must be a number between 0 and {MAX_HOURS}")
    weeks = entry["length_weeks"]
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise bad("length_weeks", f"must be a whole number between 1 and {MAX_WEEKS}")
    for field in ("continuous_intake", "active"):
        if field in entry and not isinstance(entry[field], bool):
            raise bad(field, "must be true or false")
    return OfferSpec(
        code=code, name=entry["name"].strip(), kind=entry["kind"],
        provider=entry["provider"].strip(), hours_per_week=float(hours), length_weeks=weeks,
        continuous_intake=entry["continuous_intake"],
        target_group=entry["target_group"].strip(), description=entry["description"].strip(),
        next_start=_date(entry.get("next_start"), bad), active=entry.get("active", True),
    )


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _date(value: object, bad) -> date | None:  # noqa: ANN001
    if value is None:
        return None
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise bad("next_start", "must be a date (YYYY-MM-DD)")


def _display(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
