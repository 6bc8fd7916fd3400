"""Check files without reconciling: what each sheet maps to and every problem in it.

`validate` reads files exactly as `reconcile` would, but never stops at the
first problem: a file that cannot be read is recorded and the others are
still checked, so a user fixes everything in one round.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from underreport.ingest.aliases import Kind, alias_map
from underreport.ingest.checks import cross_row_issues, enrolment_twice
from underreport.ingest.choice import Choice, skipped_files
from underreport.ingest.issue_lang import in_language
from underreport.ingest.layout import detect
from underreport.ingest.load import Found, assemble, find
from underreport.ingest.sheets import listing, read_tables
from underreport.model.errors import InputError, UsageError
from underreport.model.result import DataQualityIssue, InputFile
from underreport.pipeline import require_rows

_ONLY = {
    "payroll": {"base_wage", "fixed_allowance", "contribution_wage", "employee_no", "period"},
    "enrollment": {"kpj", "reported_wage", "programs", "active", "enrolled_on", "birth_date",
                   "jkk", "jkm", "jht", "jp"},
}  # fmt: skip


class Unreadable(BaseModel):
    model_config = ConfigDict(frozen=True)
    path: str
    sheet: str | None
    row: int | None
    column: str | None
    message: str


class ValidationReport(BaseModel):
    model_config = ConfigDict(frozen=True)
    inputs: list[InputFile]
    unreadable: list[Unreadable]
    data_quality: list[DataQualityIssue]

    @property
    def errors(self) -> int:
        return sum(1 for i in self.data_quality if i.severity == "error")

    @property
    def exit_code(self) -> Literal[0, 1, 2]:
        return 2 if self.unreadable else 1 if self.errors else 0


def guess_kind(path: Path) -> Kind:
    """Payroll or enrolment, from the columns only one of them has (first sheet that tells)."""
    scores = dict.fromkeys(_ONLY, 0)
    for table in read_tables(path):
        for kind in scores:
            try:
                layout = detect(table, kind, alias_map(kind))  # type: ignore[arg-type]
            except InputError:
                continue
            scores[kind] += len(set(layout.columns) & _ONLY[kind])
        if any(scores.values()):
            break
    return "enrollment" if scores["enrollment"] > scores["payroll"] else "payroll"


def validate(
    paths: Sequence[Path],
    kind: Kind | None = None,
    choice: Choice | None = None,
    aliases: dict[str, dict[str, list[str]]] | None = None,
    lang: str = "en",
) -> ValidationReport:
    """`choice` and `aliases` as `reconcile` gets them from `--sheet` and the config file;
    messages in `lang`."""
    inputs: list[InputFile] = []
    unreadable: list[Unreadable] = []
    issues: list[pl.DataFrame] = []
    payrolls: list[pl.DataFrame] = []
    try:
        files, others = listing(list(paths))
    except InputError as exc:
        files, others = [p for p in paths if p.is_file()], []
        unreadable.append(_unreadable(exc))
    issues.append(skipped_files(others))
    tables: dict[Kind, list[Found]] = {}
    matched = False
    for path in files:
        try:
            file_kind = kind or guess_kind(path)
            extra = (aliases or {}).get(file_kind)
            chosen = find([path], file_kind, extra, choice=choice)
            found, matched = chosen.found, matched or chosen.matched
            data, metas, problems = assemble(found, file_kind)
            problems = pl.concat([chosen.skipped, problems])
        except InputError as exc:
            unreadable.append(_unreadable(exc))
            continue
        tables.setdefault(file_kind, []).extend(found)
        inputs += metas
        issues.append(problems)
        if file_kind == "payroll":
            payrolls.append(data)
        else:
            issues.append(enrolment_twice(data))
    if choice is not None and choice.only and files and not matched:
        # as reconcile says it (`pipeline.check_sheets`): a --sheet matching nothing is a typo
        raise UsageError(f"--sheet {', '.join(choice.only)}: no sheet of the inputs has that name")
    for file_kind, found in tables.items():
        try:
            require_rows(found, file_kind)
        except InputError as exc:
            unreadable.append(_unreadable(exc))
    if payrolls:
        issues.append(cross_row_issues(pl.concat(payrolls)))
    dq = in_language(pl.concat(issues), lang) if issues else pl.DataFrame()
    return ValidationReport(
        inputs=inputs,
        unreadable=unreadable,
        data_quality=[DataQualityIssue(**r) for r in dq.iter_rows(named=True)],
    )


def _unreadable(exc: InputError) -> Unreadable:
    return Unreadable(path=exc.file or "", sheet=exc.sheet, row=exc.row, column=exc.column,
                      message=exc.message)  # fmt: skip
