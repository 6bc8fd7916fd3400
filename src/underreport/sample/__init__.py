"""A messy sample set with a known answer, for the CLI's `sample` command, tests and benchmarks.

`generate()` writes payroll workbooks and CSVs and BPJS enrolment exports the way users'
files look (title blocks, varied headers, two-row headers, totals and signatures, money and
NIKs spelled many ways, two encodings) and returns exactly what reconciling them must find.
"""

from .generate import generate
from .model import DamagedNik, PlantedEmployer, SampleAnswer, WageMismatchRow

__all__ = ["DamagedNik", "PlantedEmployer", "SampleAnswer", "WageMismatchRow", "generate"]
