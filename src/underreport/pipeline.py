"""One call from paths and settings to a reconciliation, shared by every command."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from underreport.config import ReconcileOptions, Settings, resolve
from underreport.errors import UsageError
from underreport.ingest.load import Loaded, load
from underreport.reconcile import Reconciliation, reconcile


@dataclass(frozen=True)
class Inputs:
    payroll: list[Path]
    enrollment: list[Path]
    employers: list[Path]
    declarations: list[Path]


def inputs(
    settings: Settings,
    base: Path,
    payroll: Sequence[Path],
    enrollment: Sequence[Path],
    employers: Sequence[Path] = (),
    declarations: Sequence[Path] = (),
    *,
    need_payroll: bool = True,
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
    return Inputs(pay, enr, ref, decl)


def run(
    paths: Inputs,
    options: ReconcileOptions,
    settings: Settings | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Loaded, Reconciliation]:
    aliases = settings.aliases.model_dump() if settings else None
    loaded = load(paths.payroll, paths.enrollment, extra_aliases=aliases,
                  employers=paths.employers, declarations=paths.declarations,
                  progress=progress)  # fmt: skip
    if options.partition_by == "province":
        from underreport.reconcile.partition import reconcile_partitioned

        return loaded, reconcile_partitioned(loaded, options)
    return loaded, reconcile(loaded, options)
