"""The inspection working paper (Kertas Kerja Pemeriksaan) of one employer, as .xlsx or .html.

`build` (paper.py) turns an employer's story, the reconciliation and the rules used into
the paper's content; `write_workpaper` lays it out by the file's extension, atomically.
"""

from __future__ import annotations

from pathlib import Path

from underreport.model.errors import UsageError
from underreport.report.export.atomic import staged
from underreport.report.workpaper.html import render_html, write_html
from underreport.report.workpaper.paper import Paper, build, kinds
from underreport.report.workpaper.xlsx import write_xlsx

WRITERS = {".xlsx": write_xlsx, ".html": write_html, ".htm": write_html}

__all__ = ["WRITERS", "Paper", "build", "check_target", "kinds", "render_html",
           "write_workpaper"]  # fmt: skip


def check_target(out: Path) -> None:
    """Refuse a file the paper cannot be written as, before any input is read."""
    if out.suffix.lower() not in WRITERS:
        raise UsageError(f"--out {out}: write the working paper as .xlsx or .html")


def write_workpaper(paper: Paper, out: Path) -> Path:
    """Write `paper` to `out` (.xlsx or .html): all or nothing, never half a file."""
    check_target(out)
    try:
        with staged() as staging:
            WRITERS[out.suffix.lower()](paper, staging.path_for(out))
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write: {exc.strerror or exc}") from None
    return out
