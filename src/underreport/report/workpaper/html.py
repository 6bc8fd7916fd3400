"""The working paper as one self-contained web page: inline CSS, print CSS, no network.

Rendered with a Jinja2 template shipped in the package (`templates/`), autoescaped, so a
worker or employer name cannot inject markup.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from underreport.model.i18n import money
from underreport.report.workpaper.paper import Paper


def render_html(paper: Paper) -> str:
    env = Environment(
        loader=PackageLoader("underreport.report.workpaper", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    template = env.get_template("workpaper.html.j2")
    return template.render(p=paper, money=lambda v: "" if v is None else money(v, paper.lang))


def write_html(paper: Paper, path: Path) -> None:
    path.write_text(render_html(paper), encoding="utf-8")
