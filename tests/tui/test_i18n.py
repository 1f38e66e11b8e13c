"""The string catalogue: both languages carry the same keys, and lookups fall back safely."""

from __future__ import annotations

import string

import pytest

from caseload import i18n


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_have_the_same_keys() -> None:
    da, en = i18n.catalogue("da"), i18n.catalogue("en")
    assert set(da) - set(en) == set(), "keys in da.toml missing from en.toml"
    assert set(en) - set(da) == set(), "keys in en.toml missing from da.toml"


def test_both_catalogues_use_the_same_placeholders() -> None:
    da, en = i18n.catalogue("da"), i18n.catalogue("en")
    for key in da:
        assert _fields(da[key]) == _fields(en[key]), key


def test_lookup_formats_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("en")
    try:
        assert i18n.t("today.counts", booked=2, held=1, overdue=3) == (
            "Booked 2 · Held 1 · Overdue 3")
        assert i18n.t("no.such.key") == "no.such.key"
        i18n.set_language("da")
        assert i18n.t("status.no_show") == "Udeblevet"
    finally:
        i18n.set_language(i18n.DEFAULT)


@pytest.mark.parametrize(("explicit", "env", "expected"), [
    ("en", "da_DK.UTF-8", "en"), (None, "en_GB.UTF-8", "en"), (None, "da_DK.UTF-8", "da"),
    (None, "C.UTF-8", "da"), (None, "", "da"),
])
def test_language_choice(monkeypatch: pytest.MonkeyPatch, explicit, env, expected) -> None:
    monkeypatch.delenv("CASELOAD_LANG", raising=False)
    monkeypatch.setenv("LANG", env)
    assert i18n.language_from_env(explicit) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.language_from_env("fr")
