"""underreport: find employers that under-report to BPJS Ketenagakerjaan.

Library first: `load()` reads the files, `reconcile()` returns the result
model; the CLI only renders it.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("underreport")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from underreport.ingest.load import Loaded, load
from underreport.model.config import ReconcileOptions
from underreport.model.errors import InputError, RulesError, UnderreportError, UsageError
from underreport.model.result import ReconcileResult
from underreport.reconcile import Reconciliation, reconcile

__all__ = [
    "InputError",
    "Loaded",
    "ReconcileOptions",
    "ReconcileResult",
    "Reconciliation",
    "RulesError",
    "UnderreportError",
    "UsageError",
    "__version__",
    "load",
    "reconcile",
]
