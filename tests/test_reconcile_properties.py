"""Reconciliation invariants, checked on generated files through the whole pipeline."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from conftest import write_csv, write_xlsx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from underreport import ReconcileOptions, load, reconcile

PAY_HEADER = ["No", "NIK", "Nama Karyawan", "Gaji Pokok", "Tunjangan Tetap", "Lembur"]
ENR_HEADER = "NPP;NAMA PERUSAHAAN;KPJ;NIK;NAMA TENAGA KERJA;UPAH;STATUS KEPESERTAAN"


def _nik(i: int) -> str:
    return f"3201{i % 100:02d}0101{90 + i % 9:02d}{i:04d}"


def _world(seed: int, employers: int, size: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for e in range(employers):
        npp = f"{10000000 + e * 7919:08d}"
        workers = []
        for w in range(size):
            base = rng.randrange(2_500, 12_000) * 1_000
            workers.append(
                {
                    "nik": _nik(e * 1000 + w),
                    "name": f"Pekerja {e}-{w}",
                    "base": base,
                    "fixed": rng.choice([0, 250_000, 500_000]),
                }
            )
        out.append({"npp": npp, "name": f"PT Usaha {e}", "workers": workers})
    return out


def _write(
    root: Path,
    world: list[dict],
    enrol: dict[tuple[str, str], tuple[int, str]],
    shuffle: random.Random | None = None,
) -> tuple[Path, Path]:
    pay, enr = root / "payroll", root / "enrollment"
    pay.mkdir()
    enr.mkdir()
    sheets = {}
    for emp in world:
        header = list(PAY_HEADER)
        rows = [
            [i + 1, w["nik"], w["name"], w["base"], w["fixed"], 0]
            for i, w in enumerate(emp["workers"])
        ]
        if shuffle:
            order = list(range(len(header)))
            shuffle.shuffle(order)
            header = [header[i] for i in order]
            rows = [[r[i] for i in order] for r in rows]
            shuffle.shuffle(rows)
        sheets[emp["npp"]] = [
            [f"Nama Perusahaan : {emp['name']}"],
            [f"NPP : {emp['npp']}"],
            ["Periode : Maret 2025"],
            [],
            header,
            *rows,
            [None, "TOTAL"],
            [None, "Mengetahui,"],
        ]
    names = list(sheets)
    if shuffle:
        shuffle.shuffle(names)
    write_xlsx(pay / "gaji.xlsx", {n: sheets[n] for n in names})
    lines = [f"{npp};PT;1;{nik};X;{wage};{status}" for (npp, nik), (wage, status) in enrol.items()]
    if shuffle:
        shuffle.shuffle(lines)
    write_csv(enr / "bpjs.csv", [ENR_HEADER, *lines])
    return pay, enr


def _honest(world: list[dict]) -> dict[tuple[str, str], tuple[int, str]]:
    return {
        (e["npp"], w["nik"]): (w["base"] + w["fixed"], "AKTIF") for e in world for w in e["workers"]
    }


def _run(pay: Path, enr: Path):  # type: ignore[no-untyped-def]
    return reconcile(load([pay], [enr]), ReconcileOptions()).result


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(seed=st.integers(0, 10_000), employers=st.integers(1, 4), size=st.integers(1, 12))
def test_perfect_enrolment_gives_no_finding(seed: int, employers: int, size: int) -> None:
    world = _world(seed, employers, size)
    with tempfile.TemporaryDirectory() as d:
        result = _run(*_write(Path(d), world, _honest(world)))
    assert result.employers == []
    assert result.summary.employers == employers
    assert result.summary.payroll_workers == employers * size


@SETTINGS
@given(seed=st.integers(0, 10_000), data=st.data())
def test_planted_unregistered_and_underreported_are_found_exactly(seed: int, data) -> None:  # type: ignore[no-untyped-def]
    world = _world(seed, 3, 10)
    enrol = _honest(world)
    keys = list(enrol)
    rng = random.Random(seed)
    rng.shuffle(keys)
    k = data.draw(st.integers(0, 8), label="unregistered")
    m = data.draw(st.integers(0, 8), label="underreported")
    planted_unreg, planted_under = keys[:k], keys[k : k + m]
    for i, key in enumerate(planted_unreg):
        if i % 2:
            del enrol[key]
        else:
            enrol[key] = (enrol[key][0], "NON AKTIF")
    for key in planted_under:
        wage = enrol[key][0]
        enrol[key] = (int(wage * data.draw(st.floats(0.3, 0.985), label="share")), "AKTIF")
    with tempfile.TemporaryDirectory() as d:
        result = _run(*_write(Path(d), world, enrol))
    assert result.summary.unregistered_workers == k
    assert result.summary.underreported_wage_workers == m
    per = {e.employer_id: e for e in result.employers}
    for npp in {key[0] for key in planted_unreg + planted_under}:
        assert per[npp].unregistered_workers == sum(1 for key in planted_unreg if key[0] == npp)
        assert per[npp].underreported_wage_workers == sum(
            1 for key in planted_under if key[0] == npp
        )
    assert all(e.monthly_contribution_gap_idr > 0 for e in result.employers)


@SETTINGS
@given(seed=st.integers(0, 10_000))
def test_shuffling_rows_columns_and_sheets_changes_nothing(seed: int) -> None:
    world = _world(seed, 3, 8)
    enrol = _honest(world)
    rng = random.Random(seed)
    for key in rng.sample(list(enrol), 5):
        enrol[key] = (enrol[key][0] // 2, "AKTIF") if rng.random() < 0.5 else (0, "NON AKTIF")
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        plain = _run(*_write(Path(a), world, enrol))
        mixed = _run(*_write(Path(b), world, enrol, shuffle=random.Random(seed + 1)))
    assert plain.summary == mixed.summary
    assert [e.model_dump() for e in plain.employers] == [e.model_dump() for e in mixed.employers]


def test_pwbd_employer_has_all_workers_unregistered(tmp_path: Path) -> None:
    world = _world(1, 2, 5)
    enrol = {key: v for key, v in _honest(world).items() if key[0] != world[1]["npp"]}
    result = _run(*_write(tmp_path, world, enrol))
    (flagged,) = result.employers
    assert flagged.employer_id == world[1]["npp"]
    assert not flagged.registered and flagged.unregistered_workers == 5
    assert flagged.severity == "high"
    assert result.summary.unregistered_employers == 1


def test_small_shortfall_within_tolerance_is_not_a_finding(tmp_path: Path) -> None:
    world = _world(2, 1, 3)
    enrol = _honest(world)
    key = next(iter(enrol))
    wage = enrol[key][0]
    enrol[key] = (wage - wage // 200, "AKTIF")
    result = _run(*_write(tmp_path, world, enrol))
    assert result.employers == []
