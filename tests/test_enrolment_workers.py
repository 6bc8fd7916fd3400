"""One enrolment row per worker: which record's programmes and wage speak for the worker."""

from __future__ import annotations

import polars as pl

from underreport.reconcile.workers import enrolment_by_worker

NIK_A, NIK_B = "3175040101800001", "3175040101800002"


def _enrolment(**extra: list[object]) -> pl.LazyFrame:
    base: dict[str, list[object]] = {
        "employer_id": ["11111111"] * 4,
        "nik": [NIK_A, NIK_A, NIK_B, NIK_B],
        "worker_name": ["Ani", "Ani", "Budi", "Budi"],
        "employer_name": ["PT A"] * 4,
        "kpj": [None] * 4,
        # Ani: an old record with every programme, left; a new one with JKK and JKM only.
        "programs": [["JKK", "JKM", "JHT", "JP"], ["JKK", "JKM"], None, ["JHT"]],
        "active": [False, True, False, False],
        "reported_wage": [9_000_000.0, 4_000_000.0, 1.0, 2.0],
        "enrolled_on": [None] * 4,
        "birth_date": [None] * 4,
        "period": [None] * 4,
        "nik_damaged": [False] * 4,
    }
    schema = {"kpj": pl.String, "enrolled_on": pl.Date, "birth_date": pl.Date,
              "period": pl.String}  # fmt: skip
    return pl.DataFrame(base | extra, schema_overrides=schema).lazy()


def test_an_active_record_speaks_for_the_worker_over_a_left_one() -> None:
    out = enrolment_by_worker(_enrolment()).collect().sort("nik")
    ani, budi = out.row(0, named=True), out.row(1, named=True)
    assert (ani["active"], ani["programs"], ani["reported_wage"]) == (True, "JKK,JKM", 4_000_000.0)
    # No active record: the programmes of a record that lists some, no wage reported.
    assert (budi["active"], budi["programs"], budi["reported_wage"]) == (False, "JHT", None)
    assert out["form_periods"].to_list() == [[], []]


def test_form_months_are_listed_when_forms_are_read() -> None:
    forms = _enrolment(period=["2025-01", "2025-02", None, "2025-02"])
    out = enrolment_by_worker(forms, month="2025-02").collect().sort("nik")
    assert out["form_periods"].to_list() == [["2025-01", "2025-02"], ["2025-02"]]
