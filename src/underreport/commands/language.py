"""`--lang` for the commands that do not take the shared run options.

`validate`, `rules` and `history` read no payroll run, so they do not take
`RunOptions`; they get the same option, with the same help, and the same
order of choice: `--lang`, else the config file's `[output] lang` (where
the command takes `--config`), else the locale's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape

from underreport.model.config import Settings
from underreport.model.i18n import Lang, default_lang, labels
from underreport.model.options import flags


class Language(StrEnum):
    id = "id"
    en = "en"


def _help() -> str:
    f = flags()["lang"]
    return escape(f"{f.help} [default: {f.shown_default}]")


LangOpt = Annotated[
    Language | None, typer.Option("--lang", help=_help(), show_default=False, metavar="id|en")
]


def chosen(given: Language | None, settings: Settings | None = None) -> Lang:
    """`--lang`, else `[output] lang`, else the locale's."""
    if given is not None:
        return "id" if given is Language.id else "en"
    if settings is not None and settings.output.lang is not None:
        return settings.output.lang
    return default_lang()


SAID = labels(
    "command-lines",
    {
        "wrote": ("Wrote {paths}", "Ditulis: {paths}"),
        "read": (
            "read {payroll} payroll and {enrollment} enrolment rows",
            "terbaca {payroll} baris daftar gaji dan {enrollment} baris kepesertaan",
        ),
        "recorded": ("recorded the run in {register}", "proses dicatat di {register}"),
    },
)
"""Lines the commands print on stderr or log, in the run's language."""
