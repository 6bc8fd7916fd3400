"""underreport: find employers that under-report to BPJS Ketenagakerjaan.

Library first: `load()` reads the files, `reconcile()` returns the result
model; the CLI only renders it.
"""

from __future__ import annotations

import os

# Polars reads these settings when it is first imported; a setting of the user's own wins.
# Smaller streaming morsels bound the memory of streaming a national input into parts
# (10M payroll rows: peak 2.1 GB -> 1.5 GB, same time). Those parts, and any input small
# enough to load whole, are already in memory: there the in-memory engine runs the
# reconciliation faster and in less memory than the streaming default of Polars 2 (1M
# rows: 8.6 -> 6.9 s, 0.81 -> 0.63 GB). Splitting and counting ask for streaming by name.
os.environ.setdefault("POLARS_IDEAL_MORSEL_SIZE", "20000")
os.environ.setdefault("POLARS_ENGINE_AFFINITY", "in-memory")

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
