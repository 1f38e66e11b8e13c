"""``caseload`` with no command: open the caseworker's app (Textual, imported lazily)."""

from __future__ import annotations

import os

import typer

from caseload.cli.options import option_day

SCREENS = ("today", "overdue", "caseload")
THEMES = ("dark", "light")


def open_app(*, db: str | None, as_user: str | None, all_: bool, lang: str | None,
             on: str | None, screen: str, theme: str | None) -> None:
    """Run the app until the caseworker quits; a user error ends it with exit code 1."""
    from caseload import i18n
    from caseload.cli.options import existing_db
    from caseload.cli.output import fail
    from caseload.i18n import t
    from caseload.pgurl import is_postgres

    if lang:  # else the language main() set (from --lang wherever it stood, or $LANG)
        try:
            i18n.set_language(i18n.language_from_env(lang))
        except ValueError:
            raise typer.BadParameter(t("cli.usage.bad_lang", value=lang),
                                     param_hint="--lang") from None
    if screen not in SCREENS:
        raise typer.BadParameter(t("cli.usage.one_of", value=screen,
                                   choices=", ".join(SCREENS)), param_hint="--screen")
    from caseload.tui import preferences

    theme = theme or os.environ.get("CASELOAD_THEME") or preferences.theme() or "dark"
    if theme not in THEMES:
        raise typer.BadParameter(t("cli.usage.one_of", value=theme, choices=", ".join(THEMES)),
                                 param_hint="--theme")
    from caseload.clock import today as clock_today

    real_today = clock_today()
    today = option_day(on) or real_today
    path = existing_db(db)
    if not is_postgres(path) and not path.exists():
        fail(t("cli.root.no_database", path=path))

    from caseload.app import EXIT_AFTER_FIRST_PAINT, CaseloadApp
    from caseload.identity import current_login

    app = CaseloadApp(db=path, login=current_login(), as_user=as_user, today=today,
                      show_all=all_, start=screen, theme=theme, real_today=real_today)
    app.run(headless=os.environ.get(EXIT_AFTER_FIRST_PAINT) == "1")
    if app.error_message:
        fail(app.error_message)
    if app.return_code:
        raise SystemExit(app.return_code)
