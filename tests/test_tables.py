"""Each stage's frame is the table its contract declares (`model.tables`).

A run is watched at its stage boundaries (the loaded rows, the enrolment per
worker, the linked workers, the priced workers, the employer figures, the
ranked rows) and each frame is checked against its contract: names, dtypes,
and no null where the contract says none.
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from pydantic import BaseModel

from underreport import ReconcileOptions, load, pipeline, reconcile
from underreport.ingest import checks
from underreport.model import tables as t
from underreport.model.result import EmployerFinding
from underreport.reconcile import employers as emp
from underreport.reconcile import workers as wk
from underreport.sample import generate

ROOT = Path(__file__).parents[1]
# The package, not the function `underreport.reconcile` that shadows it on `underreport`.
reconcile_module = importlib.import_module("underreport.reconcile")
NPP, DECLARED_ONLY = "12345678", "87654321"


def _planted(tmp: Path) -> tuple[Path, Path, Path, Path]:
    """Two months of one employer's payroll, its enrolment, a reference row, a declaration.

    March: Budi enrolled at his wage; Ani paid 5,000,000, reported 3,000,000;
    Citra not enrolled; Dewi Lestari without a NIK, enrolled under one (a
    name match, tier 4); Eko enrolled and not on the payroll. February: Budi
    alone. 87654321 declares 11 workers and has one enrolled, no payroll.
    """
    title = [f"NPP : {NPP}"]
    header = ["NIK", "Nama", "Gaji Pokok"]
    march = [
        ["3273011501900001", "Budi", 4_000_000],
        ["3273011501900002", "Ani", 5_000_000],
        ["3273011501900003", "Citra", 4_000_000],
        [None, "Dewi Lestari", 4_000_000],
    ]
    pay = write_xlsx(tmp / "gaji.xlsx", {
        "Feb": [title, ["Periode : Februari 2025"], header, march[0]],
        "Mar": [title, ["Periode : Maret 2025"], header, *march],
    })  # fmt: skip
    enr = write_csv(tmp / "bpjs.csv", [
        ENROLMENT_HEADER,
        enrolment_line(NPP, "3273011501900001", "Budi", "4000000"),
        enrolment_line(NPP, "3273011501900002", "Ani", "3000000"),
        enrolment_line(NPP, "3273011501900004", "Dewi Lestari", "4000000"),
        enrolment_line(NPP, "3273011501900005", "Eko", "4000000"),
        enrolment_line(DECLARED_ONLY, "3273011501900009", "Rina", "3000000"),
    ])  # fmt: skip
    ref = write_xlsx(tmp / "ref.xlsx", {"R": [["NPP", "Skala Usaha", "Kode Kab/Kota"],
                                              [NPP, "Menengah", "3273"]]})  # fmt: skip
    decl = write_csv(
        tmp / "wlkp.csv",
        ["NPP,Jumlah Tenaga Kerja,Periode", f"{DECLARED_ONLY},11,2025-03"],
        "utf-8",
    )
    return pay, enr, ref, decl


class Watched:
    """The frames one run handed from stage to stage."""

    def __init__(self) -> None:
        self.frames: dict[str, list[pl.DataFrame]] = {}

    def add(self, name: str, frame: pl.DataFrame | pl.LazyFrame) -> None:
        collected = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
        self.frames.setdefault(name, []).append(collected)

    def spy(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """`fn`, its output recorded (each element of a tuple as `name[i]`)."""

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            out = fn(*args, **kwargs)
            if isinstance(out, tuple):
                for i, part in enumerate(out):
                    self.add(f"{name}[{i}]", part)
            else:
                self.add(name, out)
            return out

        return wrapped


@pytest.fixture
def watched(monkeypatch: pytest.MonkeyPatch) -> Iterator[Watched]:
    w = Watched()
    monkeypatch.setattr(reconcile_module, "link", w.spy("link", reconcile_module.link))
    monkeypatch.setattr(wk, "enrolment_by_worker", w.spy("enrolled", wk.enrolment_by_worker))
    monkeypatch.setattr(emp, "aggregate", w.spy("aggregate", emp.aggregate))
    monkeypatch.setattr(emp, "ranked", w.spy("ranked", emp.ranked))
    yield w


def _check_run(watched: Watched, loaded: Any, rec: Any) -> None:
    """Every frame the run handed on, and the reconciliation's, against its contract."""
    t.conform(loaded.payroll, t.PAYROLL_ROWS)
    t.conform(loaded.enrollment, t.ENROLMENT_ROWS)
    t.conform(loaded.issues, t.DATA_QUALITY_ISSUES)
    # the issues the result reports, the cross-row checks' among them, as a table
    reported = [i.model_dump() for i in rec.result.data_quality]
    t.conform(pl.DataFrame(reported, schema=t.ISSUE_SCHEMA), t.DATA_QUALITY_ISSUES)
    stages = {
        "enrolled": t.ENROLLED_WORKERS, "link[0]": t.MATCHED_WORKERS,
        "link[1]": t.NOT_RECONCILABLE, "aggregate": t.EMPLOYER_FIGURES,
        "ranked": t.RANKED_EMPLOYERS,
    }  # fmt: skip
    for stage, table in stages.items():
        assert watched.frames[stage], stage
        for frame in watched.frames[stage]:
            t.conform(frame, table)
    t.conform(rec.workers, t.WORKER_FINDINGS)
    t.conform(rec.months, t.WORKER_FINDINGS)
    t.conform(rec.not_on_payroll, t.ENROLLED_WORKERS)
    t.conform(rec.unreconcilable, t.NOT_RECONCILABLE)
    if rec.ranked is not None:
        t.conform(rec.ranked, t.RANKED_EMPLOYERS)


def _run(watched: Watched, *args: Any, options: ReconcileOptions | None = None, **kw: Any) -> Any:
    loaded = load(*args, **kw)
    rec = reconcile(loaded, options, findings=False)
    _check_run(watched, loaded, rec)
    return loaded, rec


def test_sample_data_conforms_at_every_stage(watched: Watched) -> None:
    root = ROOT / "sample_data"
    loaded, rec = _run(watched, [root / "payroll"], [root / "enrollment"])
    # every table has rows, so each check above looked at real values
    assert loaded.issues.height and rec.unreconcilable.height and rec.not_on_payroll.height
    assert rec.ranked.height == 11  # the employers answer.json plants as flagged


def test_planted_set_conforms_at_every_stage(watched: Watched, tmp_path: Path) -> None:
    pay, enr, ref, decl = _planted(tmp_path)
    loaded, rec = _run(
        watched, [pay], [enr], employers=[ref], declarations=[decl],
        options=ReconcileOptions(all_periods=True),
    )  # fmt: skip
    assert (loaded.payroll.height, loaded.enrollment.height) == (5, 5)
    assert len(watched.frames["link[0]"]) == 2  # February and March, each checked
    assert rec.months["period"].to_list().count("2025-02") == 1
    assert rec.workers.height == 4
    assert rec.workers.filter(pl.col("worker_name") == "Dewi Lestari")["match_tier"].item() == 4
    assert rec.not_on_payroll["enrolled_name"].to_list() == ["Eko"]
    assert rec.ranked["employer_id"].sort().to_list() == [NPP, DECLARED_ONLY]
    declared = rec.ranked.filter(pl.col("employer_id") == DECLARED_ONLY)
    assert declared["declared_workers"].item() == 11


def test_generated_set_with_damaged_niks_conforms(watched: Watched, tmp_path: Path) -> None:
    generate(tmp_path, employers=9, seed=1, damage=0.3)
    _, rec = _run(watched, [tmp_path / "payroll"], [tmp_path / "enrollment"])
    assert rec.workers["match_tier"].is_in([2, 3]).any()  # the cascade's rows are checked too


def test_a_run_in_parts_conforms(watched: Watched) -> None:
    root = ROOT / "sample_data"
    seen: list[str] = []
    inputs = pipeline.Inputs([root / "payroll"], [root / "enrollment"], [], [])
    loaded, rec = pipeline.run(
        inputs, ReconcileOptions(chunk_rows=100), progress=lambda step, *_, **__: seen.append(step)
    )
    assert any("part 3 of" in s for s in seen), seen  # split, and each part checked
    _check_run(watched, loaded, rec)
    assert loaded.payroll.height == 0 and rec.workers.height


def test_the_worker_table_prices_the_programmes_the_rules_price() -> None:
    from underreport.reconcile.attributes import ALL_PROGRAMS

    assert t.PRICED_PROGRAMS == ALL_PROGRAMS


def test_empty_frames_come_from_the_contracts() -> None:
    assert checks.empty_issues().schema == t.DATA_QUALITY_ISSUES.schema
    from underreport.ingest.load import assemble

    assert assemble([], "payroll")[0].schema == t.PAYROLL_ROWS.schema
    assert assemble([], "enrollment")[0].schema == t.ENROLMENT_ROWS.schema


def _issues() -> pl.DataFrame:
    return pl.DataFrame(
        [{"file": "a.csv", "sheet": None, "row": 3, "column": "NIK (B)", "code": "NIK_LENGTH",
          "message": "m", "severity": "warning"}],
        schema=t.ISSUE_SCHEMA,
    )  # fmt: skip


def test_the_checker_accepts_a_frame_of_the_contract() -> None:
    t.conform(_issues(), t.DATA_QUALITY_ISSUES)
    t.conform(_issues().lazy(), t.DATA_QUALITY_ISSUES)


def test_the_checker_names_the_table_and_the_mistyped_column() -> None:
    wrong = _issues().with_columns(pl.col("row").cast(pl.Int32))
    with pytest.raises(t.ContractError) as caught:
        t.conform(wrong, t.DATA_QUALITY_ISSUES)
    assert str(caught.value) == (
        "data-quality issues: column 'row' is Int32, the contract says Int64"
    )


def test_the_checker_names_the_missing_column() -> None:
    with pytest.raises(t.ContractError, match=r"^data-quality issues: column 'code' is missing$"):
        t.conform(_issues().drop("code").lazy(), t.DATA_QUALITY_ISSUES)


def test_the_checker_names_a_null_where_none_may_be_and_an_undeclared_column() -> None:
    frame = _issues().with_columns(pl.lit(None, pl.String).alias("code"), pl.lit(1).alias("x"))
    assert t.problems(frame, t.DATA_QUALITY_ISSUES) == [
        "data-quality issues: column 'x' is not in the contract",
        "data-quality issues: column 'code' holds 1 null(s)",
    ]
    assert t.problems(frame, t.DATA_QUALITY_ISSUES, extra=True) == [
        "data-quality issues: column 'code' holds 1 null(s)"
    ]


def test_a_list_column_of_the_wrong_inner_type_is_caught() -> None:
    frame = t.RANKED_EMPLOYERS.empty().with_columns(pl.col("reasons").cast(pl.List(pl.Int64)))
    assert t.problems(frame, t.RANKED_EMPLOYERS) == [
        "ranked employer findings: column 'reasons' is List(Int64), the contract says List(String)"
    ]


def _dtype_of(annotation: Any) -> pl.DataType:
    """The column dtype a JSON field of this annotation is carried in."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _dtype_of(args[0])
    if origin is typing.Literal:
        return pl.String()
    if origin is list:
        return pl.List(_dtype_of(args[0]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pl.Struct({k: _dtype_of(f.annotation) for k, f in annotation.model_fields.items()})
    return {int: pl.Int64(), str: pl.String(), bool: pl.Boolean(), float: pl.Float64()}[annotation]


def test_every_employer_finding_field_is_a_ranked_column_or_said_where_it_comes_from() -> None:
    fields = EmployerFinding.model_fields
    columns = set(t.RANKED_EMPLOYERS.names) - t.RANKED_EMPLOYERS.internal
    assert set(fields) - set(t.FINDING_ONLY_FIELDS) == columns
    assert not set(t.FINDING_ONLY_FIELDS) & columns
    for name in columns:
        assert t.RANKED_EMPLOYERS.columns[name] == _dtype_of(fields[name].annotation), name
        optional = type(None) in typing.get_args(fields[name].annotation)
        assert (name in t.RANKED_EMPLOYERS.nullable) == optional, name


def test_architecture_names_every_table() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Table contracts", 1)[1].split("\n## ", 1)[0]
    for table in t.TABLES:
        assert f"**{table.name}**" in section, table.name
