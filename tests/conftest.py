"""Shared helpers: tiny hand-written workbooks and CSVs, each with its known content."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from underreport.cluster.processes import LocalProcesses

# The machines that run the suite have 2 cores and are shared: a property's examples are
# checked, not timed (speed is measured in bench/).
settings.register_profile("shared", deadline=None)
settings.load_profile("shared")

# The language follows the locale when --lang is not given; tests that want Indonesian say so,
# so a developer whose machine runs in id_ID gets the same results as CI.
for _name in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    merges: dict[str, list[str]] | None = None,
) -> Path:
    """Write rows exactly as given (row 1 first); None leaves a cell empty."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def write_csv(path: Path, lines: Sequence[str], encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


ENROLMENT_HEADER = (
    "NPP;NAMA PERUSAHAAN;KPJ;NIK;NAMA TENAGA KERJA;TGL LAHIR;UPAH;PROGRAM;"
    "STATUS KEPESERTAAN;TGL KEPESERTAAN"
)


def enrolment_line(npp: str, nik: str, name: str, wage: str, status: str = "AKTIF") -> str:
    return (
        f"{npp};PT CONTOH;12345678901;{nik};{name};01-01-1990;{wage};"
        f"JKK, JKM, JHT, JP;{status};01-02-2020"
    )


HONEST_PAY = "NPP;NAMA PERUSAHAAN;NPWP;NIK;NAMA;PERIODE;GAJI POKOK"
HONEST_ENR = "NPP;NAMA PERUSAHAAN;NPWP;NIK;NAMA;UPAH;STATUS"


def honest_employers(tmp: Path, extra_pay: list[str], extra_enr: list[str]) -> tuple[Path, Path]:
    """Thirty honest one-worker employers (CSV, `HONEST_PAY`/`HONEST_ENR` columns), plus the
    rows a test adds: enough employers for a small run to be cut into parts."""
    pay, enr = [HONEST_PAY], [HONEST_ENR]
    for i in range(30):
        nik = f"32730155059{i:05d}"
        pay.append(f"5000{i:04d};PT HONEST {i};;{nik};WORKER {i};2025-03;5000000")
        enr.append(f"5000{i:04d};PT HONEST {i};;{nik};WORKER {i};5000000;AKTIF")
    return write_csv(tmp / "pay.csv", pay + extra_pay), write_csv(tmp / "enr.csv", enr + extra_enr)


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    return tmp_path


PLANTED_COUNTS = (
    "registered", "payroll_workers", "unregistered_workers", "underreported_wage_workers",
    "not_reconcilable_workers", "enrolled_not_on_payroll",
)  # fmt: skip


def assert_as_planted(employers: list[dict], planted: list) -> None:  # type: ignore[type-arg]
    """Every planted finding is reported with its counts, and nothing else is flagged."""
    got = {e["employer_id"]: e for e in employers}
    for p in planted:
        if p.registered and not (p.unregistered_workers or p.underreported_wage_workers):
            assert p.employer_id not in got, p.employer_id
            continue
        e = got.pop(p.employer_id)
        assert [e[k] for k in PLANTED_COUNTS] == [getattr(p, k) for k in PLANTED_COUNTS], (
            p.employer_id
        )
    assert got == {}, "flagged employers that were not planted"


NO_DASK = "dask distributed is not installed: pip install 'underreport[cluster]'"


def _processes() -> Any:
    """The cluster module, or a skip naming the missing extra."""
    pytest.importorskip("distributed", reason=NO_DASK)
    logging.getLogger("distributed").setLevel(logging.ERROR)
    from underreport.cluster import processes

    return processes


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[LocalProcesses]:
    """A scheduler and two single-thread workers, separate processes on 127.0.0.1, shared by
    the session (about 1 s to start). A test that kills a worker uses `fresh_dask_cluster`."""
    with _processes().local_processes(workers=2, threads=1) as cluster:
        yield cluster


@pytest.fixture
def fresh_dask_cluster() -> Iterator[LocalProcesses]:
    """A cluster of its own for one test, stopped after it even when the test fails."""
    with _processes().local_processes(workers=2, threads=1) as cluster:
        yield cluster
