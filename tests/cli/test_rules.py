"""``caseload rules show`` and ``caseload rules check``: exit codes, words, and lines."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from caseload import rulesets

SDP_2025 = resources.files(rulesets).joinpath("sdp-2025.toml").read_text("utf-8")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "240")  # whole cells on one line, so phrases can be found


def test_show_a_named_rule_set_in_english(cli) -> None:  # noqa: ANN001
    code, out, _ = cli("rules", "show", "sdp-2025", "--lang", "en")
    assert code == 0
    for text in ("Rule set sdp-2025", "First follow-up", "Return check (§ 13 f)",
                 "Reassessment", "expected return", "A case in category 3 is read as",
                 "Categories set at triage: 1, 2"):
        assert text in " ".join(out.split()), text
    assert "Rehabilitation team" not in out


def test_show_in_danish_by_default(cli, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("CASELOAD_LANG", raising=False)
    monkeypatch.setenv("LANG", "da_DK.UTF-8")
    code, out, _ = cli("rules", "show", "aktive-2008")
    assert code == 0
    flat = " ".join(out.split())
    assert "Regelsæt aktive-2008" in flat and "Kontaktsamtale" in flat
    assert "født i ulige år" in flat


def test_show_the_rule_set_in_force(cli, tmp_path: Path) -> None:  # noqa: ANN001
    db = tmp_path / "caseload.db"
    assert cli("init", "--db", db, "--rules", "sdp-2025")[0] == 0
    code, out, _ = cli("rules", "show", "--db", db, "--lang", "en")
    assert code == 0 and "Rule set sdp-2025" in out


def test_show_without_a_database_is_a_domain_error(cli, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = cli("rules", "show", "--db", tmp_path / "none.db")
    assert code == 1 and "no database at" in err


def test_show_an_unknown_rule_set_is_a_usage_error(cli) -> None:  # noqa: ANN001
    code, _, err = cli("rules", "show", "sdp-1999")
    assert code == 2 and "unknown rule set 'sdp-1999'" in err


def test_check_a_good_copy(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "mine.toml"
    path.write_text(SDP_2025.replace('name = "sdp-2025"', 'name = "mine"'), "utf-8")
    code, out, err = cli("rules", "check", path)
    assert code == 0 and out == ""
    assert f"{path}:" in err and ("can be used" in err or "kan bruges" in err)


def test_check_a_syntax_error_names_its_line(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\ntitle = "y"\nallocation = \n', "utf-8")
    code, _, err = cli("rules", "check", path)
    assert code == 1
    assert err.startswith(f"{path}:3: ")


def line_number(text: str, needle: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(i + 1 for i in range(after, len(lines)) if needle in lines[i])


LUNCH = 'record = "lunch"'


def test_check_names_the_line_of_every_error(cli, tmp_path: Path) -> None:  # noqa: ANN001
    text = (SDP_2025
            .replace('allocation = "none"', 'allocation = "random"')
            .replace('every.2 = { weeks = 4, spread = { held = 4, months = 6 }',
                     'every.2 = { weeks = 4, spread = { held = 0, months = 6 }')
            .replace('met_by = { record = "return" }', 'met_by = { record = "lunch" }'))
    path = tmp_path / "jobcentre.toml"
    path.write_text(text, "utf-8")
    code, _, err = cli("rules", "check", path)
    assert code == 1
    lines = err.strip().splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:{line_number(text, 'allocation = ')}",
        f"{path}:{line_number(text, 'every.2 = ')}",
        f"{path}:{line_number(text, LUNCH)}",
    ]
    assert "allocation: 'random'" in lines[0]
    assert "spread.held must be a whole number" in lines[1]
    assert "met_by.record: 'lunch'" in lines[2]


def test_check_a_missing_key_names_the_obligation_header(cli, tmp_path: Path) -> None:  # noqa: ANN001
    text = SDP_2025.replace('kind = "return_check"\n', "")
    path = tmp_path / "nokind.toml"
    path.write_text(text, "utf-8")
    code, _, err = cli("rules", "check", path)
    header = line_number(text, "[[obligation]]", after=line_number(text, "§ 13 f: the expected"))
    assert code == 1 and err.startswith(f"{path}:{header}: ") and "'kind' is missing" in err


def test_check_a_file_that_does_not_exist_is_a_usage_error(cli, tmp_path: Path) -> None:  # noqa: ANN001
    code, _, err = cli("rules", "check", tmp_path / "nope.toml")
    assert code == 2 and "nope.toml" in err


def test_check_not_utf8(cli, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "x"\ntitle = "Sygedagpengeloven æ"\n'.encode("latin-1"))
    code, _, err = cli("rules", "check", path)
    assert code == 1 and err.startswith(f"{path}:2: ")
