"""Tie a reconciliation to the case register: record the run, annotate the result.

The register (`history`) stores findings and figures only; this module
decides which employers were present in the inputs (so an absent employer
is never called resolved) and puts the case status on each finding.
"""

from __future__ import annotations

from pathlib import Path

from underreport.ingest.load import Loaded
from underreport.model.result import EscalatedCase, ReconcileResult, ResolvedCase
from underreport.reconcile import Reconciliation


def remember(
    db: Path,
    rec: Reconciliation,
    loaded: Loaded,
    regions: dict[str, str] | None = None,
    escalate_after: int = 3,
) -> ReconcileResult:
    from underreport.history import record_run

    outcome = record_run(
        db,
        rec.result,
        present_employers=set(rec.present_employers),
        regions=regions,
        escalate_after=escalate_after,
    )
    employers = [
        e.model_copy(
            update={
                "case_status": outcome.statuses[e.employer_id].case_status,
                "flagged_runs": outcome.statuses[e.employer_id].flagged_runs,
                "office_level": outcome.statuses[e.employer_id].office_level,
            }
        )
        if e.employer_id in outcome.statuses
        else e
        for e in rec.result.employers
    ]
    return rec.result.model_copy(
        update={
            "employers": employers,
            "resolved": [ResolvedCase(**r.model_dump()) for r in outcome.resolved],
            "escalated": [EscalatedCase(**x.model_dump()) for x in outcome.escalated],
        }
    )
