"""Every command's ``--help``, its usage errors and its messages come from the catalogue:
Danish by default, English with ``--lang en`` (wherever it stands) or ``$LANG``, with
metavars a person reads. ``overdue`` and ``today`` (the quick check, rewritten elsewhere) are
left out."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseload.i18n import catalogue

CLI = Path(__file__).parents[2] / "caseload" / "cli"
ELSEWHERE = {"overdue", "today"}  # the quick check: caseload/cli/quick.py
# Words a Danish help may share with the English one: names (of commands, option values,
# rule sets, formats, variables) and words both languages write alike.
ALLOWED = {
    "caseload", "today", "overdue", "dark", "light", "da", "en", "caseworker", "team_lead",
    "importer", "pdf", "md", "txt", "json", "csv", "toml", "jsonl", "login", "cpr", "stdin",
    "stdout", "lang", "demo", "db", "offers", "data", "aktive", "sdp", "w", "team", "backup",
    "caseload_db", "caseload_offers", "init", "import", "is", "for", "e", "g",
    # Danish words the English help uses too (the product's terms) and shared loan words
    "oplysningsskemaer", "journalnotater", "sygedagpenge", "database", "scripts", "server",
    "stop",
}
COMMAND_NAMES = {"notes", "export", "report", "digest", "restore", "rules", "verify", "list",
                 "add", "set", "reassign", "unassigned", "take", "show", "check", "audit"}
TYPE_METAVAR = re.compile(r"<[a-z_\[\], ]+>|\{[a-z_]+\}|\bTEXT\b|\bINTEGER\b")


def commands() -> Iterator[tuple[str, ...]]:
    """The path of every command and group (``()``: the root)."""
    from caseload.cli import command

    def walk(cmd, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:  # noqa: ANN001
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            if name not in ELSEWHERE:
                yield from walk(sub, (*path, name))

    yield from walk(command("da"), ())


PATHS = list(commands())


def help_text(cli, lang: str | None, path: tuple[str, ...]) -> str:  # noqa: ANN001
    argv = [*path, "--help"] if lang is None else ["--lang", lang, *path, "--help"]
    code, out, err = cli(*argv)
    assert code == 0 and err == "", (path, err)
    return out


def words(text: str) -> set[str]:
    text = re.sub(r"(?<![\w-])--?[\w-]+|\$\w+|'[^']*'|\S+\.(toml|json|db|csv)\b|\S*/\S*", " ",
                  text)
    return {w.lower() for w in re.findall(r"[^\W\d]+", text)}


def test_every_command_has_help_in_both_languages() -> None:
    assert len(PATHS) > 20 and ("team", "add") in PATHS and ("export", "notes") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "caseload")
def test_danish_help_has_no_english_and_readable_metavars(cli, path) -> None:  # noqa: ANN001
    danish, english = help_text(cli, None, path), help_text(cli, "en", path)
    if not path:  # the quick check's own lines are rewritten elsewhere
        danish, english = (re.sub(r"(?m)^  (overdue|today) .*\n", "", text)
                           for text in (danish, english))
    assert danish != english
    assert danish.startswith("Brug: caseload") and english.startswith("Usage: caseload")
    for text in (danish, english):
        assert not TYPE_METAVAR.search(text), TYPE_METAVAR.search(text)
    shared = words(danish) & words(english) - ALLOWED - COMMAND_NAMES
    assert not shared, f"English in the Danish help of {' '.join(path)}: {sorted(shared)}"
    for english_word in ("Options", "Usage", "Arguments", "Commands", "required", "default",
                         "Show this message"):
        assert english_word not in danish


def test_metavars_a_person_reads(cli) -> None:  # noqa: ANN001
    danish, english = help_text(cli, None, ("init",)), help_text(cli, "en", ("init",))
    assert "--db STI" in danish and "--rules REGELSÆT" in danish
    assert "--db PATH" in english and "--rules RULES" in english
    danish = help_text(cli, None, ("team", "add"))
    assert "Brug: caseload team add [TILVALG] LOGIN" in danish and "[skal angives]" in danish
    assert "--name NAVN" in danish
    english = help_text(cli, "en", ("import",))
    assert "Usage: caseload import [OPTIONS] [PATH]..." in english


def test_lang_works_anywhere_and_from_the_environment(cli, monkeypatch) -> None:  # noqa: ANN001
    code, out, _ = cli("team", "list", "--help", "--lang", "en")
    assert code == 0 and out.startswith("Usage: caseload team list")
    code, out, _ = cli("rules", "--lang=en", "check", "--help")
    assert code == 0 and "The TOML file to check." in out
    code, out, err = cli("--lang", "fr", "init")
    assert (code, out) == (2, "") and "--lang 'fr'" in err and "da eller en" in err
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    code, out, _ = cli("backup", "--help")
    assert code == 0 and "Usage: caseload backup [OPTIONS] DEST" in out


@pytest.mark.parametrize(("argv", "danish", "english"), [
    (["init", "--bogus"], "ukendt tilvalg: --bogus (se 'caseload init --help')",
     "no such option: --bogus (see 'caseload init --help')"),
    (["team", "add"], "argumentet 'LOGIN' skal angives", "missing argument 'LOGIN'"),
    (["team", "add", "x"], "tilvalget '--name' skal angives", "missing option '--name'"),
    (["init", "--rules"], "tilvalget '--rules' skal have en værdi",
     "option '--rules' needs a value"),
    (["init", "extra"], "uventede argumenter: extra", "unexpected extra arguments: extra"),
    (["nocmd"], "Der er ingen kommando ved navn 'nocmd'.", "No such command 'nocmd'."),
    (["demo", "--cases", "x"], "ugyldig værdi for '--cases': 'x' er ikke et heltal",
     "invalid value for '--cases': 'x' is not a whole number"),
    (["demo", "--cases", "-1"], "--cases skal være mindst 0, ikke -1",
     "--cases must be at least 0, not -1"),
    (["rules", "check", "/no/such.toml"], "filen '/no/such.toml' findes ikke",
     "file '/no/such.toml' does not exist"),
    (["export", "notes", "--format", "doc"], "'doc' er ikke en af pdf",
     "'doc' is not one of pdf"),
    (["audit"], "angiv en BORGER", "give a CITIZEN"),
    (["import"], "angiv mindst én fil eller mappe", "name at least one file or folder"),
    (["report", "--since", "i gaar"], "--since 'i gaar': ikke en dato",
     "--since 'i gaar' is not a date"),
])
def test_usage_errors_exit_2_in_the_language(cli, argv, danish, english) -> None:  # noqa: ANN001
    code, out, err = cli(*argv)
    assert (code, out) == (2, "") and danish in err and err.count("\n") == 1, err
    code, out, err = cli("--lang", "en", *argv)
    assert (code, out) == (2, "") and english in err and err.count("\n") == 1, err


def test_a_group_without_its_command_shows_its_help_and_exits_2(cli) -> None:  # noqa: ANN001
    code, out, err = cli("team")
    assert code == 2 and out == "" and err.startswith("Brug: caseload team [TILVALG] KOMMANDO")


def _keys_in(source: str) -> Iterator[tuple[str, bool]]:
    """Catalogue keys a CLI module uses: ``t("k")``, ``help="k"``, ``metavar="k"`` (exact),
    and ``t(f"k_{x}")`` (a prefix)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = list(node.args[:1]) if name in ("t", "_usage", "fail_usage") else []
            args += [k.value for k in node.keywords if k.arg in ("help", "metavar")]
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", arg.value):
                    yield arg.value, True
                elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                    yield arg.values[0].value, False


def test_every_key_the_cli_uses_is_in_both_catalogues() -> None:
    da, en = catalogue("da"), catalogue("en")
    used = [(path.name, key, exact) for path in sorted(CLI.glob("*.py"))
            if path.name not in ("quick.py", "fastparams.py")
            for key, exact in _keys_in(path.read_text(encoding="utf-8"))]
    assert len(used) > 150
    for name, key, exact in used:
        for lang, found in (("da", da), ("en", en)):
            assert (key in found) if exact else any(k.startswith(key) for k in found), \
                f"{name}: {key} is missing from {lang}.toml"
    from caseload.cli.localise import _METAVARS, _TYPER_WORDS

    for key in [*_METAVARS.values(), *_TYPER_WORDS.values()]:
        assert key in da and key in en


def test_a_db_path_that_does_not_exist_is_a_usage_error(cli, tmp_path) -> None:  # noqa: ANN001
    missing = tmp_path / "nowhere.db"
    code, out, err = cli("team", "list", "--db", missing)
    assert (code, out) == (2, "") and "filen findes ikke" in err and str(missing) in err
    code, out, err = cli("--lang", "en", "notes", "verify", "--db", missing)
    assert (code, out) == (2, "") and "no such file" in err
