"""The floors of the package: arrows point down only."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "underreport"


def imports_of(package: str) -> set[str]:
    """Every `underreport.*` module a package's files import, at any depth of the code."""
    out: set[str] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                out |= {n for n in names if n.startswith("underreport")}
            elif isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name.startswith("underreport")}
    return out


@pytest.mark.parametrize("package", ["ingest", "reconcile", "model", "rules"])
def test_lower_floors_do_not_import_the_renderers(package: str) -> None:
    bad = {m for m in imports_of(package) if m.startswith(("underreport.report",
                                                         "underreport.cli",
                                                         "underreport.commands"))}  # fmt: skip
    assert not bad, f"{package}/ imports {sorted(bad)}"


@pytest.mark.parametrize("package", ["ingest", "reconcile", "model", "rules", "report"])
def test_only_the_pipeline_and_the_commands_know_the_cluster(package: str) -> None:
    """The cluster floor sits beside `pipeline`: the reconciliation never depends on Dask."""
    bad = {m for m in imports_of(package) if m.startswith("underreport.cluster")}
    assert not bad, f"{package}/ imports {sorted(bad)}"


def test_importing_the_library_does_not_import_dask() -> None:
    code = "import sys, underreport, underreport.cli; print('distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_bottom_floor_imports_no_other_floor() -> None:
    bad = {m for m in imports_of("model") if not m.startswith("underreport.model")}
    assert not bad, sorted(bad)


def test_importing_the_library_changes_no_environment_variable() -> None:
    code = (
        "import os, polars; before = dict(os.environ); import underreport, underreport.cli; "
        "print(sorted(k for k in set(before) | set(os.environ) "
        "if before.get(k) != os.environ.get(k)))"
    )
    env = {k: v for k, v in os.environ.items() if k != "POLARS_IDEAL_MORSEL_SIZE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_the_readers_map_headers_onto_the_declared_fields() -> None:
    from underreport.ingest.aliases import fields
    from underreport.model.tables import INPUT_FIELDS

    for kind, declared in INPUT_FIELDS.items():
        assert fields(kind) == declared, kind  # type: ignore[arg-type]
