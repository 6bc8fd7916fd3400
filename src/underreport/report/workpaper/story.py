"""`explain --out FILE`: the employer's story written as a file, by its extension.

`.json` the story's JSON (as `--format json` prints it), `.txt` the text as the terminal
shows it, `.md` that text in a fenced block (so a Markdown viewer keeps its columns), and
`.xlsx` / `.html` the inspection working paper, which tells the same story as a document.
Written atomically.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from underreport.model.errors import UsageError
from underreport.model.i18n import Lang
from underreport.model.result import EmployerStory
from underreport.report.export.atomic import staged
from underreport.report.workpaper import WRITERS, Paper

TEXT = (".txt", ".md")
STORY_SUFFIXES = (".json", *TEXT, *WRITERS)
WIDTH = 160
"""Columns the text is laid out in: wide enough that no table cell is cut."""


def check_story_target(out: Path) -> None:
    """Refuse a file the story cannot be written as, in one line, before any input is read."""
    if out.suffix.lower() not in STORY_SUFFIXES:
        raise UsageError(
            f"--out {out}: explain writes .json, .txt, .md, or the working paper as .xlsx or .html"
        )


def story_as_text(story: EmployerStory, lang: Lang) -> str:
    from underreport.report import story_text

    buffer = io.StringIO()
    console = Console(file=buffer, width=WIDTH, no_color=True, color_system=None,
                      highlight=False, force_terminal=False, soft_wrap=False)  # fmt: skip
    story_text.render(story, console, lang=lang)
    return buffer.getvalue()


def write_story(
    story: EmployerStory, out: Path, lang: Lang, paper: Callable[[], Paper] | None = None
) -> Path:
    """Write `story` to `out` by its extension; `paper` makes the working paper for .xlsx/.html."""
    check_story_target(out)
    suffix = out.suffix.lower()
    try:
        _write(story, out, suffix, lang, paper)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write: {exc.strerror or exc}") from None
    return out


def _write(
    story: EmployerStory, out: Path, suffix: str, lang: Lang, paper: Callable[[], Paper] | None
) -> None:
    with staged() as staging:
        tmp = staging.path_for(out)
        if suffix == ".json":
            tmp.write_text(story.model_dump_json(indent=2) + "\n", encoding="utf-8")
        elif suffix in TEXT:
            text = story_as_text(story, lang)
            if suffix == ".md":
                text = f"```text\n{text}```\n"
            tmp.write_text(text, encoding="utf-8")
        else:
            if paper is None:
                raise UsageError(f"--out {out}: no working paper to write")
            WRITERS[suffix](paper(), tmp)
