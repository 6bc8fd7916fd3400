"""`underreport export` end to end on the committed sample: figures, masking, manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from underreport.cli import app

ROOT = Path(__file__).parents[1] / "sample_data"
ARGS = ["-p", str(ROOT / "payroll"), "-e", str(ROOT / "enrollment")]
runner = CliRunner()


@pytest.fixture(scope="module")
def reference() -> dict:  # type: ignore[type-arg]
    res = runner.invoke(app, ["reconcile", *ARGS, "--format", "json"])
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_xlsx_figures_match_the_json_contract(tmp_path: Path, reference: dict) -> None:  # type: ignore[type-arg]
    out = tmp_path / "flagged.xlsx"
    res = runner.invoke(app, ["export", "--out", str(out), "--lang", "en", *ARGS])
    assert res.exit_code == 0, res.output
    sheet = pl.read_excel(out, sheet_name="Flagged employers")
    gaps = dict(zip(sheet["NPP"].cast(pl.String), sheet["Monthly contribution gap"], strict=True))
    assert gaps == {
        e["employer_id"]: e["monthly_contribution_gap_idr"] for e in reference["employers"]
    }
    wb = openpyxl.load_workbook(out)
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    for f in reference["inputs"]:
        digest = hashlib.sha256(Path(f["path"]).read_bytes()).hexdigest()
        assert digest in about.values()


def test_worker_exports_mask_niks_in_every_format(tmp_path: Path) -> None:
    enrolled = pl.read_csv(
        ROOT / "enrollment" / "kepesertaan_bpjstk_01.csv", separator=";", infer_schema=False
    )
    niks = set(enrolled["NIK"].drop_nulls().to_list())
    for name in ("w.xlsx", "w.csv", "w.json", "w.parquet"):
        out = tmp_path / name
        res = runner.invoke(app, ["export", "--out", str(out), "--level", "workers", *ARGS])
        assert res.exit_code == 0, res.output
        blob = out.read_bytes()
        if name.endswith(".xlsx"):
            wb = openpyxl.load_workbook(out)
            blob = "".join(
                str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row
            ).encode()
        assert not any(n.encode() in blob for n in niks), name
        assert "••••••••".encode() in blob, name


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "--out", str(tmp_path / "x.pdf"), *ARGS])
    assert res.exit_code == 2 and ".xlsx" in res.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_pseudonymise_needs_a_salt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNDERREPORT_SALT", raising=False)
    out = tmp_path / "w.csv"
    res = runner.invoke(
        app, ["export", "--out", str(out), "--level", "workers", "--pseudonymise", *ARGS]
    )
    assert res.exit_code == 2 and "UNDERREPORT_SALT" in res.stderr
    monkeypatch.setenv("UNDERREPORT_SALT", "kantor-bersama")
    res = runner.invoke(
        app, ["export", "--out", str(out), "--level", "workers", "--pseudonymise", *ARGS]
    )
    assert res.exit_code == 0
    assert "nik_pseudonym" in out.read_text(encoding="utf-8-sig").splitlines()[0]


def test_readme_summary_excerpt_matches_the_sample(reference: dict) -> None:  # type: ignore[type-arg]
    import re

    from underreport.fmt import idr

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    s = reference["summary"]
    for label, value in (
        ("Employers inspected", str(s["employers"])),
        ("Flagged employers", str(s["flagged_employers"])),
        ("Unregistered workers", str(s["unregistered_workers"])),
        ("Monthly contribution gap", idr(s["monthly_contribution_gap_idr"])),
    ):
        assert re.search(rf"\| {label} \| {re.escape(value)} \|", readme), label


def test_pseudonymised_exports_hold_no_worker_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name identifies a worker as a NIK does: --pseudonymise leaves both out, in every format."""
    plain = tmp_path / "plain.csv"
    res = runner.invoke(app, ["export", "--out", str(plain), "--level", "workers", *ARGS])
    assert res.exit_code == 0, res.output
    names = set(pl.read_csv(plain)["worker_name"].drop_nulls().to_list())
    assert len(names) > 20  # the sample's workers with a finding, named in a plain export
    monkeypatch.setenv("UNDERREPORT_SALT", "kantor-bersama")
    for name in ("p.xlsx", "p.csv", "p.json", "p.parquet"):
        out = tmp_path / name
        res = runner.invoke(
            app, ["export", "--out", str(out), "--level", "workers", "--pseudonymise", *ARGS]
        )
        assert res.exit_code == 0, res.output
        if name.endswith(".xlsx"):
            wb = openpyxl.load_workbook(out)
            text = "\n".join(
                str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row
            )
        elif name.endswith(".parquet"):  # compressed: read its cells
            text = str(pl.read_parquet(out).to_dicts())
        else:
            text = out.read_text(encoding="utf-8-sig")
        leaked = sorted(n for n in names if n in text)
        assert not leaked, (name, leaked[:3])


def test_the_indonesian_workbook_names_issues_and_reasons_in_indonesian(tmp_path: Path) -> None:
    out = tmp_path / "flagged.xlsx"
    res = runner.invoke(app, ["export", "--out", str(out), "--lang", "id", *ARGS])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    cells = {v for ws in wb for row in ws.iter_rows(values_only=True) for v in row
             if isinstance(v, str)}  # fmt: skip
    assert {"Baris dilewati", "Tanpa NIK"} <= cells
    assert not {"Row left out", "No NIK", "Computed wage disagrees"} & cells
    assert any("\nPerkiraan iuran yang tidak dibayar: Rp " in c for c in cells)
