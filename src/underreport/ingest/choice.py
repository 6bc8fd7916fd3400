"""The user's choice of sheets and facts given per file, and what was left out.

For the rare file where the guess is wrong: `--sheet` and the config
file's `[[inputs.sheets]]` choose sheets, `[[inputs.files]]` gives the
NPP, period or employer name a file says nowhere. Whatever is left out,
by choice or because it holds no worker table, becomes an info issue.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from underreport.ingest.checks import empty_issues, issue
from underreport.ingest.layout import Layout
from underreport.ingest.title import TitleValue
from underreport.model.config import FileFacts, SheetChoice
from underreport.model.tables import ISSUE_SCHEMA


@dataclass(frozen=True)
class Choice:
    """Which sheets to read, and facts given for files, for when the guess is wrong.

    `only` are `--sheet` globs: in a file where some sheet matches one, the
    other sheets are left out (a file where none matches is read whole).
    `sheets` and `files` come from the config file, their paths already
    anchored at the config file's folder.
    """

    only: tuple[str, ...] = ()
    sheets: tuple[SheetChoice, ...] = ()
    files: tuple[FileFacts, ...] = ()


def glob(name: str, patterns: Sequence[str]) -> str | None:
    return next((p for p in patterns if fnmatch.fnmatchcase(name.lower(), p.lower())), None)


def covers(pattern: str, path: Path) -> bool:
    """A config file's `path` (a file, folder or glob) names this file."""
    target, file = Path(pattern).resolve(), path.resolve()
    return file == target or target in file.parents or fnmatch.fnmatch(str(file), str(target))


def excluded(choice: Choice, path: Path, sheet: str | None, names: list[str]) -> str | None:
    """Why this sheet is left out by the user's choice, or None."""
    if sheet is None:
        return None
    if choice.only and any(glob(n, choice.only) for n in names) and not glob(sheet, choice.only):
        return f"excluded by --sheet {', '.join(choice.only)}"
    for rule in (r for r in choice.sheets if covers(r.path, path)):
        if rule.include and not glob(sheet, rule.include):
            return f"excluded by the config file (not in include = {rule.include})"
        if pattern := glob(sheet, rule.exclude):
            return f"excluded by the config file (exclude = {pattern!r})"
    return None


HIDDEN = (
    "the sheet is hidden in the workbook (Excel does not show it); "
    "name it with --sheet or the config file's include to read it"
)


def chosen(choice: Choice, path: Path, sheet: str) -> bool:
    """The user named this sheet (`--sheet` or an `include` of the config file)."""
    rules = [r for r in choice.sheets if covers(r.path, path) and r.include]
    return bool(glob(sheet, choice.only)) or any(glob(sheet, r.include) for r in rules)


_FACTS = {"employer_id": "npp", "period": "period", "employer_name": "employer_name"}


def with_facts(layout: Layout, facts: Sequence[FileFacts]) -> tuple[Layout, tuple[str, ...]]:
    """The layout with the config file's facts where neither a column nor the title gives them.

    They join the title block (with no row of the sheet), so `_texts` fills
    every row's empty cell with them, as it does title values. A user's word
    beats a guess from the sheet or file name, and settles a title block that
    contradicts itself, or names no month the tool can read (`Maret`, `26 Februari 2025 -
    25 Maret 2025`).
    """
    title = dict(layout.title)
    given: list[str] = []
    for f, key in _FACTS.items():
        value = next((v for fact in facts if (v := getattr(fact, key))), None)
        said = title.get(f)
        unread = f == "period" and said is not None and not re.fullmatch(r"\d{4}-\d{2}", said.value)
        if (
            value
            and f not in layout.columns
            and (not said or not said.row or said.conflict or unread)
        ):
            title[f] = TitleValue(str(value), None, "config file")
            given.append(f)
    return (dataclasses.replace(layout, title=title) if given else layout), tuple(given)


def unused_facts(layout: Layout, facts: Sequence[FileFacts]) -> list[tuple[str, int | None]]:
    """The config file's facts the sheet overrides, said so: (message values, row).

    The sheet's own column or labelled title line wins over the config file, but
    a user who wrote a value for this file must learn it was not used.
    """
    out: list[tuple[str, int | None]] = []
    for f, key in _FACTS.items():
        value = next((v for fact in facts if (v := getattr(fact, key))), None)
        said = layout.title.get(f)
        if not value:
            continue
        if f in layout.columns:
            out.append((f"{key} = {value!r}: the sheet has its own column for it", None))
        elif said and said.source != "config file" and str(value) not in said.value:
            out.append((f"{key} = {value!r}: the sheet says {said.value!r} ({said.source})",
                        said.row))  # fmt: skip
    return out


def left_out(
    code: str, file: Path, sheet: str | None, row: int | None, reason: str
) -> dict[str, object]:
    return issue(code, str(file), sheet, row, reason=reason)


def skipped_files(others: Sequence[tuple[Path, str]]) -> pl.DataFrame:
    """FILE_SKIPPED issues for a folder's files that are not tables (see `sheets.listing`)."""
    rows = [left_out("FILE_SKIPPED", f, None, None, why) for f, why in others]
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA) if rows else empty_issues()
