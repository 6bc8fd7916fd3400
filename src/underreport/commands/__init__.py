"""The commands, each a few lines over the library; importing this registers them."""

from underreport.commands import (  # noqa: F401
    check,
    core,
    export,
    history,
    planning,
    report,
    workpaper,
)
