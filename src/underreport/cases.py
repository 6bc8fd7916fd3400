"""Tie a reconciliation to the case register: record the run, annotate the result.

The register (`history`) stores findings and figures only; this module
decides which employers were present in the inputs (so an absent employer
is never called resolved) and puts the case status on each finding.
"""

from __future__ import annotations

from pathlib import Path

from underreport.ingest.load import Loaded
from underreport.model.config import HistoryConfig
from underreport.model.result import EscalatedCase, ReconcileResult, ResolvedCase
from underreport.reconcile import Reconciliation


def remember(
    db: Path,
    rec: Reconciliation,
    loaded: Loaded,
    config: HistoryConfig | None = None,
    regions: dict[str, str] | None = None,
) -> ReconcileResult:
    """Record the run; a finding of a month older than its case's latest gets no case status."""
    from underreport.history import record_run

    cfg = config or HistoryConfig()
    outcome = record_run(
        db,
        rec.result,
        present_employers=set(rec.present_employers),
        regions=regions,
        province_after=cfg.province_after_months,
        national_after=cfg.national_after_months,
        change_threshold=cfg.change_threshold,
    )
    employers = []
    for e in rec.result.employers:
        s = outcome.statuses.get(e.employer_id)
        if s is not None:
            e = e.model_copy(
                update={
                    "case_status": None if s.case_status == "earlier_month" else s.case_status,
                    "flagged_runs": s.flagged_runs,
                    "flagged_months": s.flagged_months,
                    "office_level": s.office_level,
                }
            )
        employers.append(e)
    return rec.result.model_copy(
        update={
            "employers": employers,
            "resolved": [ResolvedCase(**r.model_dump()) for r in outcome.resolved],
            "escalated": [EscalatedCase(**x.model_dump()) for x in outcome.escalated],
        }
    )
