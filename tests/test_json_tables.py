"""The JSON document written from the ranked rows, and data-quality issues at scale.

The document written from the table must parse to exactly what the
contract's own Pydantic dump gives; the issues are counted per code, listed
up to --max-issues, and written in full with --issues FILE.
"""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from conftest import write_csv
from typer.testing import CliRunner

from underreport import ReconcileOptions, load, pipeline, reconcile
from underreport.cli import app
from underreport.reconcile import Reconciliation
from underreport.report.formats import write_json
from underreport.sample import generate

ROOT = Path(__file__).parents[1] / "sample_data"
AS_OF = date(2025, 6, 1)
runner = CliRunner()


def _canonical(doc: object) -> str:
    """Key order aside, the same text: 1 and 1.0, or [] and null, do not pass for each other."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def _from_table(rec: Reconciliation) -> dict[str, object]:
    assert rec.ranked is not None and not rec.result.employers  # no finding object made
    out = io.StringIO()
    write_json(rec.result, out, rec.ranked)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _assert_same(rec: Reconciliation) -> dict[str, object]:
    doc = _from_table(rec)
    dumped = rec.with_findings().result.model_dump(mode="json")
    assert _canonical(doc) == _canonical(dumped)
    return doc


def test_sample_data_document_from_the_table_equals_the_pydantic_dump() -> None:
    loaded = load([ROOT / "payroll"], [ROOT / "enrollment"])
    doc = _assert_same(reconcile(loaded, ReconcileOptions(as_of=AS_OF), findings=False))
    employers = doc["employers"]
    assert isinstance(employers, list) and len(employers) > 3
    assert [e["rank"] for e in employers] == list(range(1, len(employers) + 1))


@pytest.mark.parametrize(
    ("seed", "damage", "opts"),
    [(3, 0.3, {}), (8, 0.0, {"all_periods": True}), (11, 0.3, {"strict": True})],
)
def test_planted_sets_document_from_the_table_equals_the_pydantic_dump(
    tmp_path: Path, seed: int, damage: float, opts: dict[str, object]
) -> None:
    generate(tmp_path, employers=45, seed=seed, damage=damage)
    loaded = load([tmp_path / "payroll"], [tmp_path / "enrollment"])
    options = ReconcileOptions(as_of=AS_OF, **opts)  # type: ignore[arg-type]
    doc = _assert_same(reconcile(loaded, options, findings=False))
    if damage and not opts:
        # probable matches by tier: the one field spliced in as text is exercised
        assert any(e["probable_by_tier"] for e in doc["employers"])  # type: ignore[union-attr]


def test_runs_in_parts_write_the_same_document_from_their_rows(tmp_path: Path) -> None:
    generate(tmp_path, employers=45, seed=3, damage=0.2)
    pay, enr = [tmp_path / "payroll"], [tmp_path / "enrollment"]
    options = ReconcileOptions(as_of=AS_OF, chunk_rows=0)
    single = reconcile(load(pay, enr), options).result.model_dump(mode="json")
    _, chunked = pipeline.run(
        pipeline.Inputs(pay, enr, [], []), options.model_copy(update={"chunk_rows": 150}),
        findings=False,
    )  # fmt: skip
    doc = _assert_same(chunked)
    doc.pop("generated_at"), single.pop("generated_at", None)
    assert _canonical(doc) == _canonical(single)


PAY = "NPP;NAMA PERUSAHAAN;NIK;NAMA;PERIODE;GAJI POKOK"
ENR = "NPP;NAMA PERUSAHAAN;NIK;NAMA;UPAH;STATUS"


@pytest.fixture
def planted(tmp_path: Path) -> tuple[Path, Path]:
    """Five issues, worked out by hand.

    payroll row 3: 15-digit NIK, row 4: 14 digits (NIK_INVALID_LENGTH x 2);
    row 5: province 99 (NIK_BAD_PROVINCE), enrolled too, enrolment row 3
    (NIK_BAD_PROVINCE again); row 6: wage 'lima juta' (WAGE_NOT_A_NUMBER).
    """
    pay = write_csv(
        tmp_path / "pay.csv",
        [
            PAY,
            "50000001;PT ANGIN;3273015505900001;ANI;2025-03;5000000",
            "50000001;PT ANGIN;327301550590002;BUDI;2025-03;5000000",
            "50000001;PT ANGIN;32730155059003;CITRA;2025-03;5000000",
            "50000001;PT ANGIN;9973015505900004;DEWI;2025-03;5000000",
            "50000001;PT ANGIN;3273015505900005;EKO;2025-03;lima juta",
        ],
    )
    enr = write_csv(
        tmp_path / "enr.csv",
        [
            ENR,
            "50000001;PT ANGIN;3273015505900001;ANI;5000000;AKTIF",
            "50000001;PT ANGIN;9973015505900004;DEWI;5000000;AKTIF",
            "50000001;PT ANGIN;3273015505900005;EKO;5000000;AKTIF",
        ],
    )
    return pay, enr


COUNTS = {"NIK_INVALID_LENGTH": 2, "NIK_BAD_PROVINCE": 2, "WAGE_NOT_A_NUMBER": 1}


def _reconcile(pay: Path, enr: Path, *extra: str) -> dict[str, object]:
    args = ["reconcile", "-p", str(pay), "-e", str(enr), "-f", "json", *extra]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_max_issues_cuts_the_list_says_so_and_counts_every_issue(
    planted: tuple[Path, Path],
) -> None:
    doc = _reconcile(*planted, "--max-issues", "2")
    listed = doc["data_quality"]
    assert isinstance(listed, list)
    assert [(q["row"], q["code"]) for q in listed] == [
        (3, "NIK_INVALID_LENGTH"),
        (4, "NIK_INVALID_LENGTH"),
    ]
    assert doc["data_quality_counts"] == COUNTS
    assert (doc["data_quality_total"], doc["data_quality_limit"]) == (5, 2)
    assert doc["data_quality_truncated"] is True


def test_default_limit_lists_every_issue_of_a_small_run(planted: tuple[Path, Path]) -> None:
    doc = _reconcile(*planted)
    assert len(doc["data_quality"]) == 5  # type: ignore[arg-type]
    assert doc["data_quality_counts"] == COUNTS
    assert (doc["data_quality_total"], doc["data_quality_limit"]) == (5, 1000)
    assert doc["data_quality_truncated"] is False


def _read(path: Path) -> pl.DataFrame:
    if path.suffix == ".csv":
        return pl.read_csv(path)
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    return pl.DataFrame(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".json"])
def test_issues_file_holds_every_issue(
    planted: tuple[Path, Path], tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"issues{suffix}"
    doc = _reconcile(*planted, "--max-issues", "1", "--issues", str(target))
    assert len(doc["data_quality"]) == 1  # type: ignore[arg-type]
    issues = _read(target)
    assert issues.height == 5
    wage = issues.filter(pl.col("code") == "WAGE_NOT_A_NUMBER").row(0, named=True)
    assert Path(wage["file"]).name == "pay.csv"
    assert (wage["row"], wage["column"], wage["severity"]) == (6, "GAJI POKOK (F)", "error")
    assert wage["message"] == "wage 'lima juta' is not a number"
    enrolled = issues.filter(pl.col("file").str.ends_with("enr.csv"))
    assert enrolled.select("row", "code").rows() == [(3, "NIK_BAD_PROVINCE")]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_issues_file_with_an_unknown_suffix_exits_2_with_one_line(
    planted: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "issues.txt"
    res = runner.invoke(
        app, ["reconcile", "-p", str(planted[0]), "-e", str(planted[1]), "--issues", str(target)]
    )
    assert res.exit_code == 2
    assert res.stdout == ""
    (line,) = res.stderr.strip().splitlines()
    assert "--issues" in line and ".csv, .parquet or .json" in line
    assert not target.exists()


def test_check_json_is_written_from_the_table_with_the_same_exit_code(
    planted: tuple[Path, Path], tmp_path: Path
) -> None:
    pay, enr = planted
    base = ["check", "-p", str(pay), "-e", str(enr), "--fail-on", "low"]
    line = runner.invoke(app, base)
    res = runner.invoke(app, [*base, "-f", "json", "--max-issues", "0"])
    assert (line.exit_code, res.exit_code) == (1, 1)  # PT ANGIN is flagged: 2 unregistered
    doc = json.loads(res.stdout)
    assert [e["employer_id"] for e in doc["employers"]] == ["50000001"]
    assert doc["employers"][0]["unregistered_workers"] == 2
    assert (doc["data_quality"], doc["data_quality_total"]) == ([], 5)
    assert "1 flagged" in line.stdout


def test_table_counts_every_issue_when_the_list_is_cut(planted: tuple[Path, Path]) -> None:
    pay, enr = planted
    args = ["reconcile", "-p", str(pay), "-e", str(enr), "--max-issues", "1"]
    res = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    lines = {" ".join(x.strip("│ ").split()) for x in res.stdout.splitlines()}
    assert "2 NIK_INVALID_LENGTH: NIK is not 16 digits (error)" in lines
    assert "2 NIK_BAD_PROVINCE: NIK province code unknown (warning)" in lines
    assert "1 WAGE_NOT_A_NUMBER: Wage is not a number (error)" in lines
    assert "--issues FILE" in res.stdout


def test_messages_written_by_expressions_read_as_python_writes_them(tmp_path: Path) -> None:
    """A quote in a cell: Python's repr switches to double quotes, as the message always did."""
    pay = write_csv(
        tmp_path / "pay.csv",
        [
            PAY,
            "50000001;PT ANGIN;3273015505900001;ANI;2025-03;lima juta",
            "50000001;PT ANGIN;3273015505900002;BUDI;2025-03;5'000 rb",
            "50000001;PT ANGIN;3273015505900003;CITRA;2025-03;maret 2025",
        ],
    )
    enr = write_csv(
        tmp_path / "enr.csv", [ENR, "50000001;PT ANGIN;3273015505900001;ANI;5000000;AKTIF"]
    )
    doc = _reconcile(pay, enr)
    messages = [(q["row"], q["message"]) for q in doc["data_quality"]]  # type: ignore[union-attr]
    assert messages == [
        (2, "wage 'lima juta' is not a number"),
        (3, 'wage "5\'000 rb" is not a number'),
        (4, "wage 'maret 2025' is not a number"),
    ]
