"""One call from paths and settings to a reconciliation, shared by every command."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from underreport.engine import small_chunks
from underreport.ingest.choice import Choice
from underreport.ingest.load import Found, Loaded, Tables, find, load_found, references
from underreport.ingest.split import count_rows
from underreport.model.config import ReconcileOptions, Settings, resolve
from underreport.model.errors import UsageError, no_rows
from underreport.model.progress import Progress
from underreport.reconcile import Reconciliation, reconcile


@dataclass(frozen=True)
class Inputs:
    payroll: list[Path]
    enrollment: list[Path]
    employers: list[Path]
    declarations: list[Path]
    sheets: tuple[str, ...] = ()
    """`--sheet` globs: only these sheets, in files that have one."""


def inputs(
    settings: Settings,
    base: Path,
    payroll: Sequence[Path],
    enrollment: Sequence[Path],
    employers: Sequence[Path] = (),
    declarations: Sequence[Path] = (),
    *,
    need_payroll: bool = True,
    sheets: Sequence[str] = (),
) -> Inputs:
    """Paths from the command line, else from the config file's [inputs]."""
    pay = list(payroll) or resolve(settings.inputs.payroll, base)
    enr = list(enrollment) or resolve(settings.inputs.enrollment, base)
    ref = list(employers) or resolve(settings.inputs.employers, base)
    decl = list(declarations) or resolve(settings.inputs.declarations, base)
    if not pay and need_payroll:
        raise UsageError("no payroll given: use --payroll, or [inputs] payroll in the config file")
    if not enr:
        raise UsageError(
            "no enrolment export given: use --enrollment, or [inputs] enrollment in the config file"
        )
    return Inputs(pay, enr, ref, decl, tuple(sheets))


def choice(settings: Settings | None, sheets: Sequence[str] = ()) -> Choice:
    """The sheets to read and the facts given per file, from the config file and `--sheet`."""
    given = settings.inputs if settings else None
    return Choice(
        only=tuple(sheets),
        sheets=tuple(given.sheets) if given else (),
        files=tuple(given.files) if given else (),
    )


def check_sheets(sheets: Sequence[str], *found: Tables) -> None:
    """A `--sheet` that matches no sheet of any input is a typo, not a choice."""
    if sheets and not any(t.matched for t in found):
        raise UsageError(f"--sheet {', '.join(sheets)}: no sheet of the inputs has that name")


@small_chunks()
def run(
    paths: Inputs,
    options: ReconcileOptions,
    settings: Settings | None = None,
    progress: Progress | None = None,
    *,
    detail: bool = True,
    findings: bool = True,
    cluster: str | None = None,
) -> tuple[Loaded, Reconciliation]:
    """Load and reconcile; in parts of about `options.chunk_rows` rows when the input is larger.

    `cluster` (`tcp://host:8786`, `local:N`) runs the reading, the shuffle by employer and the
    matching on a Dask cluster's workers instead (see `underreport.cluster`).

    `detail=False` is for outputs that need only the result contract: a run
    in parts then keeps no worker-level rows. `findings=False` keeps the
    ranking as rows (`Reconciliation.ranked`) for outputs written from them.
    The reasons and data-quality messages are in `options.lang`.
    """
    aliases = (settings.aliases.model_dump() if settings else None) or {}
    chosen = choice(settings, paths.sheets)
    pay_paths, enr_paths = paths.payroll, paths.enrollment
    if cluster is not None:
        from underreport.cluster.connect import usable
        from underreport.cluster.tasks import absolute

        usable(cluster)  # a bad address or a missing extra stops the run before any reading
        pay_paths, enr_paths = absolute(pay_paths), absolute(enr_paths)
    pay_tables = find(pay_paths, "payroll", aliases.get("payroll"), progress, chosen)
    enr_tables = find(enr_paths, "enrollment", aliases.get("enrollment"), progress, chosen)
    check_sheets(paths.sheets, pay_tables, enr_tables)
    pay, enr = pay_tables.found, enr_tables.found
    skipped = pl.concat([pay_tables.skipped, enr_tables.skipped])
    require_rows(pay, "payroll")
    require_rows(enr, "enrollment")
    reference, declared = references(paths.employers, paths.declarations)
    if cluster is not None:
        from underreport.cluster.run import run_on

        loaded, rec = run_on(cluster, paths, pay, enr, reference, declared, options,
                             progress=progress, skipped=skipped, findings=findings)  # fmt: skip
        return loaded, rec.in_language(options.lang)
    chunked = options.chunk_rows
    rows = count_rows(pay) + count_rows(enr) if chunked or progress else 0
    if progress:
        progress("Counting rows", total=rows)
    if chunked and rows > options.chunk_rows:
        from underreport.reconcile.chunked import reconcile_chunked

        parts = math.ceil(rows / options.chunk_rows)
        loaded, rec = reconcile_chunked(pay, enr, reference, declared, options, parts,
                                        detail=detail, progress=progress, skipped=skipped,
                                        findings=findings)  # fmt: skip
        return loaded, rec.in_language(options.lang)
    loaded = load_found(pay, enr, reference, declared, progress, skipped=skipped)
    if progress:
        progress("Reconciling")
    return loaded, reconcile(loaded, options, findings=findings)


def require_rows(found: Sequence[Found], kind: str) -> None:
    """Stop when every table of one side is a header alone (`validate` applies the same test).

    An empty enrolment side would report every employer as unregistered, and an
    empty payroll side would find nothing: both are a wrong file, not a result.
    """
    if not any(f.table.body(f.layout.skip).head(1).collect().height for f in found):
        raise no_rows(kind, sorted({str(f.table.path) for f in found}))
