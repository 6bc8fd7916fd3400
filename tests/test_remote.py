"""Inputs at `s3://` URLs, served by a local S3 (moto), read on this machine and by a cluster."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from underreport import pipeline
from underreport.cli import app
from underreport.ingest.remote import RemotePath, of
from underreport.model.config import ReconcileOptions
from underreport.reconcile import Reconciliation
from underreport.sample import generate
from underreport.sample.bulk import FLAGGED, generate_bulk

AS_OF = date(2025, 6, 1)


def test_a_url_stays_a_url_and_a_path_stays_a_path() -> None:
    url = of(Path("s3://bucket/payroll"))
    assert isinstance(url, RemotePath)
    assert str(url) == "s3://bucket/payroll" and str(url / "a.csv") == "s3://bucket/payroll/a.csv"
    assert (url / "a.csv").suffix == ".csv" and url.is_absolute()
    for local in ("payroll/a.csv", "/data/a.csv", "C:/data/a.csv", "file:/data/a.csv"):
        assert not isinstance(of(Path(local)), RemotePath), local


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A local S3 on loopback, and the AWS settings every reader (Polars, s3fs) takes."""
    server_module = pytest.importorskip("moto.server", reason="moto is in the test extras")
    pytest.importorskip("s3fs", reason="s3fs is in the cluster extra")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_ALLOW_HTTP": "true",
    }  # fmt: skip
    yield env
    server.stop()


@pytest.fixture
def bucket(s3: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """A fresh bucket, and what is local: a generated set's CSV files and a Parquet pair."""
    import fsspec

    for k, v in s3.items():
        monkeypatch.setenv(k, v)
    fs = fsspec.filesystem("s3", skip_instance_cache=True)
    name = f"b{tmp_path.name.replace('_', '').lower()[-20:]}"
    fs.mkdir(name)
    generate(tmp_path / "gen", employers=12, seed=5, damage=0.2)
    local = tmp_path / "local"
    for side in ("payroll", "enrollment"):
        (local / side).mkdir(parents=True)
        for f in (tmp_path / "gen" / side).glob("*.csv"):
            shutil.copy(f, local / side / f.name)
            fs.put(str(f), f"{name}/{side}/{f.name}")
    return fs, name, local


def _run(pay: Path, enr: Path, cluster: str | None = None, parts: int = 40) -> Reconciliation:
    options = ReconcileOptions(as_of=AS_OF, chunk_rows=parts)
    _, rec = pipeline.run(
        pipeline.Inputs([pay], [enr], [], []), options, detail=False, cluster=cluster
    )
    return rec


def _document(rec: Reconciliation, url: str = "", local: Path | None = None) -> str:
    """The result as JSON text, the bucket's URL spelt as the local folder when given."""
    text = json.dumps(rec.result.model_dump(mode="json", exclude={"generated_at"}))
    return text.replace(url, str(local)) if local is not None else text


def test_csv_files_in_a_bucket_give_the_local_result(bucket: Any) -> None:
    _, name, local = bucket
    url = f"s3://{name}"
    from_s3 = _run(Path(f"{url}/payroll"), Path(f"{url}/enrollment"))
    here = _run(local / "payroll", local / "enrollment")
    assert [f.path.startswith(f"{url}/payroll/") for f in from_s3.result.inputs][:1] == [True]
    assert _document(from_s3, url, local) == _document(here)
    assert from_s3.result.employers and from_s3.result.data_quality


def test_a_cluster_reads_a_bucket_with_the_workers_own_settings(
    bucket: Any, tmp_path: Path
) -> None:
    """Workers started with the AWS settings in their environment read the URLs themselves."""
    from underreport.cluster.processes import local_processes

    fs, name, _ = bucket
    generate_bulk(tmp_path / "bulk", 20_000, seed=2, period="2025-01", shape=FLAGGED)
    for side in ("payroll", "enrollment"):
        fs.put(str(tmp_path / "bulk" / f"{side}.parquet"), f"{name}/bulk/{side}.parquet")
    pay, enr = (Path(f"s3://{name}/bulk/{s}.parquet") for s in ("payroll", "enrollment"))
    here = _run(pay, enr, parts=10_000)
    with local_processes(workers=2) as cluster:
        on_cluster = _run(pay, enr, cluster.address, parts=10_000)  # 4 slices, 4 partitions
    skip = {"generated_at"}
    assert on_cluster.result.model_dump(exclude=skip) == here.result.model_dump(exclude=skip)
    assert here.result.summary.flagged_employers > 100


def test_a_workbook_or_a_missing_file_at_a_url_is_one_line_and_exit_2(bucket: Any) -> None:
    fs, name, local = bucket
    fs.pipe(f"{name}/book/gaji.xlsx", b"PK\x03\x04 not really a workbook")
    runner = CliRunner()
    for pay, says in (
        (f"s3://{name}/book", "only Parquet and CSV are read from URLs"),
        (f"s3://{name}/nothing-here", "no such file or folder"),
    ):
        out = runner.invoke(app, ["reconcile", "-p", pay, "-e", str(local / "enrollment")])
        assert out.exit_code == 2, out.output
        assert says in out.output and len(out.output.strip().splitlines()) == 1
