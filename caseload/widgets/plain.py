"""``Label`` and ``Static`` that show their text as it is: no Textual markup is read.

The app's words come from the catalogue, which holds no markup; what is put into them is
names, notes, addresses, file names, from imported forms and colleagues. Textual reads a
string given to ``Label``/``Static`` as markup, so a citizen named ``[bold red]X[/]`` would
be styled and ``[@click=app.quit]`` would be a link that quits the app. The screens import
these two instead of Textual's (``tests/tui/test_hostile_markup.py`` checks both); text that
must go into markup elsewhere goes through ``caseload.safety.text.literal``.
"""

from __future__ import annotations

from textual import widgets


class Static(widgets.Static):
    def __init__(self, content: object = "", *, markup: bool = False, **kwargs) -> None:  # noqa: ANN003
        super().__init__(content, markup=markup, **kwargs)


class Label(widgets.Label):
    def __init__(self, content: object = "", *, markup: bool = False, **kwargs) -> None:  # noqa: ANN003
        super().__init__(content, markup=markup, **kwargs)
