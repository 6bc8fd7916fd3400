"""The reconciliation on a Dask cluster: the same stages, spread over its workers.

What runs where:

1. **Plan, on the client, from the workers' survey.** Each worker reads one table's
   employer cells and counts its rows (`tasks.survey`); the client decides the run's
   employer links and months from them, as a run in parts does
   (`chunked.links_and_months`), reads the rules, and cuts large tables into slices
   of about `chunk_rows` rows.
2. **Read and clean, on the workers**, slice by slice (`tasks.clean_slice`, which is
   `ingest.load.assemble`): canonical rows keyed by the linked employer, the row
   issues, and the payroll's NIKs in the chosen months.
3. **Shuffle by employer with Dask's own shuffle** (P2P): payroll, enrolment and
   declarations by the linked employer key, so every employer's rows meet in one
   partition; the NIKs by NIK, for the check across employers.
4. **Reconcile each partition, on the workers**, with the single-machine `reconcile`
   (`tasks.reconcile_part`): ranked rows, the summary, the enrolment's issues.
5. **Merge, on the client** (`collect.Collected`): one ranking of every partition's
   rows, the summaries summed, the issues in file order.

Only this module knows Dask; the tasks and the merge would serve another engine.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from underreport.cluster.collect import Collected
from underreport.cluster.tasks import (
    KEY,
    as_given,
    clean_slice,
    cross_part,
    keyed,
    read,
    reconcile_part,
    slices,
    spelt,
    survey,
    to_pandas,
)
from underreport.ingest.aliases import Kind
from underreport.ingest.load import Found, Loaded
from underreport.model.config import ReconcileOptions
from underreport.model.errors import ClusterError
from underreport.model.progress import Progress
from underreport.model.tables import PAYROLL_ROWS
from underreport.reconcile import Reconciliation
from underreport.reconcile.chunked import CROSS, links_and_months, table_order
from underreport.rules import load_minimum_wages, load_rules


def reconcile_on_cluster(
    client: Any,
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    *,
    progress: Progress | None = None,
    skipped: pl.DataFrame | None = None,
    findings: bool = True,
) -> tuple[Loaded, Reconciliation]:
    """Plan on the client, read, shuffle and reconcile on the workers, merge on the client."""
    import dask
    import dask.dataframe as dd
    from distributed import as_completed

    if progress:
        progress("Surveying the inputs on the cluster")
    pay_survey = client.gather(client.map(survey, payroll, kind="payroll", pure=False))
    enr_survey = client.gather(client.map(survey, enrollment, kind="enrollment", pure=False))
    pay_keys = pl.concat([k for k, _ in pay_survey]).unique()
    enr_keys = pl.concat([k for k, _ in enr_survey]).unique()
    links, months, _ = links_and_months(pay_keys, enr_keys, reference, options)
    fixed = options.model_copy(update={"periods": months}) if months else options
    pay_rows, enr_rows = [n for _, n in pay_survey], [n for _, n in enr_survey]
    total = sum(pay_rows) + sum(enr_rows)
    if progress:
        progress("Counting rows", total=total)
    size = options.chunk_rows
    pay_slices = slices(payroll, pay_rows, "payroll", size, 0)
    enr_slices = slices(enrollment, enr_rows, "enrollment", size, len(pay_slices))
    workers = len(client.scheduler_info()["workers"]) or 1
    parts = max(workers, math.ceil(total / size)) if size > 0 else workers

    links_d = dask.delayed(links, pure=True)
    run = uuid.uuid4().hex[:12]  # names of this run's tasks: never another run's results
    cleaned = {
        s: dask.delayed(clean_slice, pure=True)(
            s, [(payroll if s.kind == "payroll" else enrollment)[i] for i in s.tables],
            links_d, months, dask_key_name=f"underreport-clean-{run}-{s.number}",
        )
        for s in (*pay_slices, *enr_slices)
    }  # fmt: skip

    def side(kind: Kind, field: str, schema: pl.Schema) -> Any:
        pieces = [d[field] for s, d in cleaned.items() if s.kind == kind]
        return dd.from_delayed(
            pieces, meta=to_pandas(pl.DataFrame(schema=schema)), verify_meta=False
        )

    pay_dd = side("payroll", "rows", keyed("payroll")).shuffle(KEY, npartitions=parts)
    enr_dd = side("enrollment", "rows", keyed("enrollment")).shuffle(KEY, npartitions=parts)
    if declarations is not None:
        decl = declarations.with_columns(pl.col("employer_id").alias(KEY))
        decl_parts = (
            dd.from_pandas(to_pandas(decl), npartitions=1)
            .shuffle(KEY, npartitions=parts)
            .to_delayed()
        )
    else:
        decl_parts = [None] * parts
    cross_schema = PAYROLL_ROWS.empty().select(CROSS).schema
    nik_dd = side("payroll", "niks", cross_schema).shuffle("nik", npartitions=parts)
    order = table_order(payroll, "_file", "_sheet")

    rules = (load_rules(options.rules_file), load_minimum_wages(options.umk_file))
    shared = [dask.delayed(x, pure=True) for x in (reference, fixed, links, rules)]
    order_d = dask.delayed(order, pure=True)
    reconciled = [
        dask.delayed(reconcile_part, pure=True)(p, e, d, *shared)
        for p, e, d in zip(pay_dd.to_delayed(), enr_dd.to_delayed(), decl_parts, strict=True)
    ]
    crossed = [dask.delayed(cross_part, pure=True)(n, order_d) for n in nik_dd.to_delayed()]
    done_reading = [dask.delayed(read, pure=True)(d) for d in cleaned.values()]

    collected = Collected(payroll, enrollment)
    futures = client.compute([*done_reading, *reconciled, *crossed])
    what = {f.key: i for i, f in enumerate(futures)}
    pieces = list(cleaned)
    finished = 0
    try:
        for future in as_completed(futures):
            i = what[future.key]
            value = future.result()
            future.release()
            if i < len(done_reading):
                issues, metas, count = value
                collected.slice_read(pieces[i].kind, pieces[i].number, issues, metas)
                if progress:
                    progress("Reading and cleaning on the cluster", rows=count)
            elif i < len(done_reading) + len(reconciled):
                collected.part_done(i - len(done_reading), *value)
                finished += 1
                if progress:
                    progress(f"Reconciling on the cluster: {finished} of {parts} parts done")
            else:
                collected.crossed(value)
    except BaseException as exc:
        collected.discard()  # a failed run leaves no temporary file behind
        if type(exc).__name__ == "KilledWorker":  # Dask gave up after retrying on new workers
            raise ClusterError(
                f"the cluster lost every worker that ran one task ({exc.args[0]!s:.60}), most "
                "often for memory: give the workers more (dask worker --memory-limit) or make "
                f"the parts smaller (--chunk-rows, now {options.chunk_rows:,})"
            ) from None
        raise
    return collected.finish(
        months, options.period is not None, reference, declarations, skipped, findings=findings
    )


def run_on(
    address: str,
    given: Any,
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declarations: pl.DataFrame | None,
    options: ReconcileOptions,
    *,
    progress: Progress | None = None,
    skipped: pl.DataFrame | None = None,
    findings: bool = True,
) -> tuple[Loaded, Reconciliation]:
    """`reconcile_on_cluster` on the cluster at `address`, tables named as `given` names them."""
    from underreport.cluster.connect import client_for

    named = [*given.payroll, *given.enrollment]
    if skipped is not None and skipped.height:
        files = {f: str(spelt(Path(f), named)) for f in skipped["file"].unique().to_list()}
        skipped = skipped.with_columns(pl.col("file").replace(files))
    if progress:
        progress(f"Connecting to the cluster {address}")
    with client_for(address) as client:
        return reconcile_on_cluster(
            client, as_given(payroll, given.payroll), as_given(enrollment, given.enrollment),
            reference, declarations, options, progress=progress, skipped=skipped,
            findings=findings,
        )  # fmt: skip
