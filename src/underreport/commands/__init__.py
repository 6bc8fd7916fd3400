"""The commands, each a few lines over the library; importing this registers them."""

from underreport.commands import check, core, export, history, planning, workpaper  # noqa: F401
