"""underreport: find employers that under-report to BPJS Ketenagakerjaan.

Library first: `load()` reads the files, `reconcile()` returns the result
model; the CLI only renders it.
"""

from __future__ import annotations

import os

# Polars fixes the size of its streaming morsels when it is first imported. Smaller
# ones bound the memory of streaming a national input into parts (10M payroll rows:
# peak 2.1 GB -> 1.5 GB, same time); a setting of the user's own wins. The engine for
# frames already in memory is chosen per call (see `engine`).
os.environ.setdefault("POLARS_IDEAL_MORSEL_SIZE", "20000")

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("underreport")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

from underreport.config import ReconcileOptions
from underreport.errors import InputError, RulesError, UnderreportError, UsageError
from underreport.ingest.load import Loaded, load
from underreport.reconcile import Reconciliation, reconcile
from underreport.report.model import ReconcileResult

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
