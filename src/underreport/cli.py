"""The `underreport` command: a thin layer over the library.

Each command parses options, calls one core function and renders its
result. Every `UnderreportError` becomes one line on stderr and its exit
code; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Annotated, Any, NoReturn, TypeVar

import rich.progress
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Column
from typer.exceptions import TyperException

from underreport import __version__
from underreport.helptext import Command, Group
from underreport.model.errors import UnderreportError, one_line
from underreport.model.progress import Progress

T = TypeVar("T")
app = typer.Typer(
    cls=Group,
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Find employers that under-report workers and wages to BPJS Ketenagakerjaan.

Loads payroll sheets (what employers pay) and BPJS membership exports (what is
enrolled), reconciles them worker by worker, and ranks employers by the
contributions they are estimated to owe.

[bold]Example[/bold]

  underreport reconcile --payroll sample_data/payroll --enrollment sample_data/enrollment
""",
)


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, no_color="NO_COLOR" in os.environ, highlight=False)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(exc: BaseException, debug: bool) -> NoReturn:
    if debug:
        raise exc
    err = _console(stderr=True)
    if isinstance(exc, UnderreportError):
        err.print(f"[bold red]error:[/] {escape(one_line(str(exc)))}", markup=True, soft_wrap=True)
        raise typer.Exit(exc.exit_code)
    first_line = (str(exc).strip().splitlines() or [""])[0][:300]
    err.print(
        f"[bold red]internal error:[/] {type(exc).__name__}: {escape(first_line)} "
        "(this is a bug; run again with --debug for the traceback)",
        markup=True,
        soft_wrap=True,
    )
    raise typer.Exit(3)


def warn(text: str) -> None:
    """One line on stderr that the run goes on despite: a deprecated option, say."""
    _console(stderr=True).print(f"[bold yellow]warning:[/] {escape(text)}", markup=True,
                                soft_wrap=True)  # fmt: skip


def run(debug: bool, fn: Callable[[], T]) -> T:
    """Call the core, turning errors into one line and an exit code."""
    try:
        return fn()
    except KeyboardInterrupt:
        _console(stderr=True).print("interrupted")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, TyperException):
        raise
    except Exception as exc:
        _fail(exc, debug)


def guarded(command: Callable[..., T]) -> Callable[..., T]:
    """The whole command, rendering included, inside `run()`.

    Left to Typer, an exception while printing a result exits 1, which a
    cron job reads as "employers flagged"; a bug must exit 3, and Ctrl-C 130.
    """
    if getattr(command, "guarded", False):
        return command

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        return run(bool(kwargs.get("debug", False)), lambda: command(*args, **kwargs))

    wrapper.guarded = True  # type: ignore[attr-defined]
    return wrapper


@contextmanager
def progress(enabled: bool, delay: float = 1.0) -> Iterator[Progress | None]:
    """A progress bar with the step and the rows read, on a terminal's stderr; else nothing.

    It shows after `delay` seconds, so a quick run prints nothing, and is gone
    when the run ends: the result is the output, not the bar.
    """
    err = _console(stderr=True)
    if not enabled or not err.is_terminal:
        yield None
        return
    bar = RowsBar(err)
    timer = threading.Timer(delay, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield bar
    finally:
        timer.cancel()
        bar.stop()


class RowsBar:
    """The `model.progress.Progress` callback drawn as one Rich progress bar."""

    def __init__(self, console: Console) -> None:
        self.bar = rich.progress.Progress(
            rich.progress.SpinnerColumn(),
            rich.progress.TextColumn(
                "{task.description}",
                table_column=Column(ratio=2, no_wrap=True, overflow="ellipsis"),
            ),
            rich.progress.BarColumn(bar_width=None, table_column=Column(ratio=1)),
            rich.progress.TextColumn("{task.fields[rows]}"),
            rich.progress.TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("Loading…", total=None, rows="")
        self.read = 0
        self.total: int | None = None
        self.lock = threading.Lock()
        self.started = self.stopped = False

    def __call__(self, step: str, rows: int | None = None, total: int | None = None) -> None:
        self.read += rows or 0
        self.total = total if total is not None else self.total
        # A count below what was read (rows dropped as blank, say) must not overflow the bar.
        whole = None if self.total is None else max(self.total, self.read)
        if whole and self.read:
            counted = f"{self.read:,} of {whole:,} rows"
        else:  # nothing read yet, or read in parts that say no rows: the bar pulses
            counted = f"{whole or self.read:,} rows" if whole or self.read else ""
        self.bar.update(self.task, description=step, completed=self.read,
                        total=whole if self.read else None, rows=counted)  # fmt: skip

    def start(self) -> None:
        with self.lock:
            if not self.stopped:
                self.bar.start()
                self.started = True

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            if self.started:
                self.bar.stop()


def version_callback(value: bool) -> None:
    if value:
        _console().print(f"underreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Find employers that under-report to BPJS Ketenagakerjaan."""


DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


def main() -> None:
    """The console script.

    A reader that closes the pipe early (`| head`) ends the command as it ends
    `cat`, by SIGPIPE (status 141), not with exit 1, which a nightly check
    reads as "an employer is flagged". Set here, not on import, so a program
    that imports the library keeps its own signal handling and environment.
    """
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    app(prog_name="underreport")


from underreport import commands as _commands  # noqa: E402,F401  registers the commands

for _info in app.registered_commands:
    if _info.cls in (None, typer.core.TyperCommand):
        _info.cls = Command  # help shown as written (see helptext)
    if _info.callback is not None:
        _info.callback = guarded(_info.callback)

if __name__ == "__main__":  # pragma: no cover
    main()
