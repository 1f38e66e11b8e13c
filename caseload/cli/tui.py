"""``caseload`` with no command: open the caseworker's app (Textual, imported lazily).

A command line of root options alone is started without Typer (``caseload.app_start``);
this is the way in for what that reader leaves to Typer, and for ``caseload demo``."""

from __future__ import annotations

import typer

from caseload.app_start import SCREENS, THEMES, launch, theme_of
from caseload.cli.options import option_day


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
    theme = theme_of(theme)
    if theme not in THEMES:
        raise typer.BadParameter(t("cli.usage.one_of", value=theme, choices=", ".join(THEMES)),
                                 param_hint="--theme")
    from caseload.clock import today as clock_today

    real_today = clock_today()
    today = option_day(on) or real_today
    path = existing_db(db)
    if not is_postgres(path) and not path.exists():
        fail(t("cli.root.no_database", path=path))
    launch(path, as_user=as_user, all_=all_, today=today, real_today=real_today,
           screen=screen, theme=theme)
