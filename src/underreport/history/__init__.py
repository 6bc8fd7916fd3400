"""The case register: what changed since the last run.

A nightly run reconciles payroll with enrolment and ranks employers. On its
own that ranking says nothing about *change*: which cases are new, which got
worse, which were fixed, which have been flagged in enough distinct payroll months
to go up the chain of offices. `record_run()` keeps one embedded SQLite file (a path the user
chooses) with every run and its flagged employers, and answers those
questions; `runs()` and `trajectory()` read it back.

The register holds findings and figures per employer only. It never stores
worker NIKs, names, KPJ numbers or the reason sentences, so it is not a store
of personal data.
"""

from __future__ import annotations

from underreport.history.db import (
    APPLICATION_ID,
    REGISTER_SCHEMA_VERSION,
    RegisterBusyError,
    RegisterError,
)
from underreport.history.models import (
    CaseState,
    CaseStatus,
    EmployerRunRow,
    Escalated,
    OfficeLevel,
    Resolved,
    RunInput,
    RunOutcome,
    RunState,
    RunSummary,
)
from underreport.history.query import runs, trajectory
from underreport.history.record import record_run

__all__ = [
    "APPLICATION_ID",
    "REGISTER_SCHEMA_VERSION",
    "CaseState",
    "CaseStatus",
    "EmployerRunRow",
    "Escalated",
    "OfficeLevel",
    "RegisterBusyError",
    "RegisterError",
    "Resolved",
    "RunInput",
    "RunOutcome",
    "RunState",
    "RunSummary",
    "record_run",
    "runs",
    "trajectory",
]
