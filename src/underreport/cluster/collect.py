"""The client's side of a distributed run: what the tasks return, kept on disk, then merged.

Results arrive in any order, from any worker. Issues and ranked rows go to
temporary Parquet as they come, so the client holds one partition's results at a
time; at the end they are read back in the single run's order and merged
(`partition.merge`), exactly as a run in parts on one machine is.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from underreport.ingest.aliases import Kind
from underreport.ingest.checks import empty_issues
from underreport.ingest.load import Found, Loaded
from underreport.model.errors import InputError
from underreport.model.result import InputFile
from underreport.model.tables import ENROLMENT_ROWS, PAYROLL_ROWS
from underreport.reconcile import Reconciliation
from underreport.reconcile.chunked import cross_in_order, in_file_order
from underreport.reconcile.partition import merge


class Collected:
    """Every task's result as it arrives; `finish` makes the one result of the run."""

    def __init__(self, payroll: Sequence[Found], enrollment: Sequence[Found]) -> None:
        self.payroll, self.enrollment = payroll, enrollment
        # Issues outlive the run's folder: they are scanned from here until written.
        self.kept = tempfile.TemporaryDirectory(prefix="underreport-issues-")
        self.issues = Path(self.kept.name)
        self.work = tempfile.TemporaryDirectory(prefix="underreport-")
        self.metas: dict[tuple[Kind, int], InputFile] = {}
        self.done: dict[int, tuple[Reconciliation, Path]] = {}
        self.cross: list[pl.DataFrame] = [empty_issues()]

    def slice_read(
        self, kind: Kind, number: int, issues: pl.DataFrame, metas: list[tuple[int, InputFile]]
    ) -> None:
        """A slice's row issues, and its rows read and skipped added to its tables'."""
        issues.write_parquet(self.issues / f"{kind}-{number:06d}.parquet")
        for table, new in metas:
            old = self.metas.get((kind, table))
            self.metas[(kind, table)] = new if old is None else old.model_copy(
                update={"rows_read": old.rows_read + new.rows_read,
                        "rows_skipped": old.rows_skipped + new.rows_skipped}
            )  # fmt: skip

    def part_done(
        self,
        part: int,
        rows: pl.DataFrame | None,
        rec: Reconciliation | None,
        twice: pl.DataFrame,
    ) -> None:
        """A partition's ranked rows (to disk), its result, its enrolment issues."""
        twice.write_parquet(self.issues / f"twice-{part:06d}.parquet")
        if rows is not None and rec is not None:
            path = Path(self.work.name) / f"ranked-{part:06d}.parquet"
            rows.write_parquet(path, compression="lz4")
            self.done[part] = (rec, path)

    def crossed(self, issues: pl.DataFrame) -> None:
        self.cross.append(issues)

    def discard(self) -> None:
        self.work.cleanup()
        self.kept.cleanup()

    def finish(
        self,
        months: list[str] | None,
        given: bool,
        reference: pl.DataFrame | None,
        declarations: pl.DataFrame | None,
        skipped: pl.DataFrame | None,
        *,
        findings: bool,
    ) -> tuple[Loaded, Reconciliation]:
        """One result: rankings merged in partition order, totals summed, issues in file order."""
        try:
            if not self.done:
                raise InputError("no payroll rows in the chosen period in any part of the run")
            inputs = [self.metas[("payroll", i)] for i in range(len(self.payroll))] + [
                self.metas[("enrollment", i)] for i in range(len(self.enrollment))
            ]
            cross = cross_in_order(pl.concat(self.cross), self.payroll)
            cross.write_parquet(self.issues / "cross.parquet")
            where = self.issues
            issues = pl.concat([
                (skipped if skipped is not None else empty_issues()).lazy(),
                in_file_order(pl.scan_parquet(where / "payroll-*.parquet"), self.payroll),
                in_file_order(pl.scan_parquet(where / "enrollment-*.parquet"), self.enrollment),
                pl.scan_parquet(where / "cross.parquet"),
                in_file_order(pl.scan_parquet(where / "twice-*.parquet"), self.enrollment),
            ])  # fmt: skip
            parts = [self.done[p] for p in sorted(self.done)]
            periods = months or parts[-1][0].result.periods
            rec = merge(
                [r for r, _ in parts], [path for _, path in parts], issues, inputs, periods,
                given, findings=findings, spill=self.kept,
            )  # fmt: skip
        except BaseException:
            self.kept.cleanup()
            raise
        finally:
            self.work.cleanup()
        none = (PAYROLL_ROWS.empty(), ENROLMENT_ROWS.empty())
        return Loaded(*none, inputs, issues, reference, declarations), rec
