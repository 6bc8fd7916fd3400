"""The sample generator plants exactly the answer it reports.

The files are read back here with openpyxl and Polars directly (no underreport loader), so a
loader bug cannot hide a generator bug or the other way round.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest

from underreport.sample import DamagedNik, SampleAnswer, generate

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
BASE = {"Gaji Pokok", "Gapok", "Upah Pokok", "GAJI POKOK"}
FIXED = {"Tunjangan Tetap", "Tunj. Tetap", "Tunj Tetap", "TT", "Total Tunjangan Tetap"}
NIK_HEADERS = {"NIK", "No. KTP", "NIK KTP", "No KTP"}
ENROL_COLUMNS = ["NPP", "NIK", "UPAH", "STATUS KEPESERTAAN"]
UPAH = "Upah (Gaji Pokok + Tj. Tetap)"


def rupiah(value: Any) -> int:
    if value is None or value == "-":
        return 0
    if isinstance(value, int | float):
        return int(value)
    text = str(value).replace("Rp", "").strip()
    if re.fullmatch(r"[\d,]+\.\d\d", text):  # 4,500,000.00
        return int(text.replace(",", "")[:-3])
    if text.endswith(",00"):
        text = text[:-3]
    return int(text.replace(".", ""))


def nik(value: Any) -> str | None:
    text = str(value).lstrip("'").replace(" ", "").replace(".", "")
    return text if re.fullmatch(r"\d{16}", text) else None


@dataclass
class PayrollRow:
    npp: str
    latest: bool
    nik: str | None
    contribution: int
    source: str


@dataclass
class Sample:
    out: Path
    answer: SampleAnswer
    payroll: list[PayrollRow] = field(default_factory=list)
    enrolment: pl.DataFrame = field(default_factory=pl.DataFrame)
    sheets: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    damaged_seen: list[DamagedNik] = field(default_factory=list)

    def true_nik(self, rel: str, sheet: str, row: int, raw: Any) -> str | None:
        """The NIK a row stands for: the cell itself, or (if planted damaged) the answer's."""
        planted = next(
            (d for d in self.answer.damaged if (d.file, d.sheet, d.row) == (rel, sheet, row)), None
        )
        if planted is None:
            return nik(raw)
        check_damage(planted, raw)
        self.damaged_seen.append(planted)
        return planted.true_nik


def check_damage(d: DamagedNik, raw: Any) -> None:
    """The cell holds the damage the answer claims, and it is damage of that kind."""
    true = d.true_nik
    if d.kind == "missing":
        assert raw in (None, ""), d
        assert d.written is None and d.expected_codes == ["NIK_MISSING"], d
        return
    text = str(raw)
    if d.kind == "scientific":
        assert text == d.written and re.fullmatch(r"\d\.\d{11,14}E\+15", text), (d, raw)
        assert int(float(text)) == int(true[:15] + "0") and true[-1] != "0", d
        assert d.expected_codes == ["NIK_PRECISION_LOSS"], d
        return
    shown = nik(raw)
    assert shown == d.written and shown is not None and shown != true, (d, raw)
    diff = [i for i in range(16) if shown[i] != true[i]]
    if d.kind == "precision":
        assert shown == true[:15] + "0", d
    elif d.kind == "typo":
        assert len(diff) == 1 and diff[0] >= 2, d
    else:
        i = diff[0]
        assert diff == [i, i + 1] and i >= 2 and shown[i : i + 2] == true[i + 1] + true[i], d
    assert d.expected_tier == (2 if d.kind == "precision" else 3), d


def read_sheet(ws: Any, period_month: str, sample: Sample, rel: str) -> tuple[int, int]:
    rows = list(ws.iter_rows(values_only=True))
    top = next(i for i, r in enumerate(rows) if r[0] in ("No", "No.", "NO"))
    two_row = any(str(m) == f"A{top + 1}:A{top + 2}" for m in ws.merged_cells.ranges)
    header = [
        str(b if b is not None and two_row else a)
        for a, b in zip(rows[top], rows[top + 1], strict=True)
    ]
    end = top + (2 if two_row else 1)
    title = " ".join(str(c) for r in rows[:top] for c in r if c is not None)
    npp = re.search(r"NPP\D*(\d{8})", title)
    assert npp, title
    latest = period_month.lower() in title.lower()
    base = next(i for i, h in enumerate(header) if h in BASE)
    fixed = [i for i, h in enumerate(header) if h in FIXED]
    nik_col = next((i for i, h in enumerate(header) if h in NIK_HEADERS), None)
    data = 0
    for number, r in enumerate(rows[end:], start=end + 1):
        if not isinstance(r[0], int):  # data rows number their workers in the first column
            continue
        data += 1
        contribution = rupiah(r[base]) + sum(rupiah(r[i]) for i in fixed)
        who = sample.true_nik(rel, ws.title, number, r[nik_col]) if nik_col is not None else None
        assert nik_col is None or who, r
        sample.payroll.append(PayrollRow(npp.group(1), latest, who, contribution, "xlsx"))
    return data, len(rows) - end - data


def _enrolment(npp: str, rows: list[tuple[str, int]]) -> pl.DataFrame:
    """A form's workers as export rows: every worker a form pays for is actively enrolled."""
    return pl.DataFrame(
        [[npp, who, str(wage), "AKTIF"] for who, wage in rows], schema=ENROL_COLUMNS, orient="row"
    )


def read_formulir2(path: Path) -> tuple[dict[str, tuple[int, int]], pl.DataFrame]:
    """NPP from the row under its label; workers are the rows numbered in column A."""
    ws = openpyxl.load_workbook(path)["Formulir 2"]
    rows = list(ws.iter_rows(values_only=True))
    labels = next(i for i, r in enumerate(rows) if r[0] == "NPP")
    npp = str(rows[labels + 1][0])
    top = next(i for i, r in enumerate(rows) if r[0] == "No")
    nik_col = next(i for i, h in enumerate(rows[top]) if str(h).startswith("Nomor Induk"))
    wage_col = rows[top].index("Upah\n(Rp)")
    workers = [
        (str(r[nik_col]), rupiah(r[wage_col])) for r in rows[top + 2 :] if isinstance(r[0], int)
    ]
    skipped = len(rows) - (top + 2) - len(workers)
    return {ws.title: (len(workers), skipped)}, _enrolment(npp, workers)


def read_jamsostek_2a(path: Path) -> tuple[dict[str, tuple[int, int]], pl.DataFrame]:
    """The HTML table: NPP from its title rows; workers between the header and the total."""
    from lxml import html as lxml_html

    table = lxml_html.fromstring(path.read_bytes()).xpath("//table/tr")
    cells = [[c.text_content().strip() for c in tr.xpath("./td|./th")] for tr in table]
    npp = next(c[0].split(": ")[1] for c in cells if c[0].startswith("NPP : "))
    top = next(i for i, c in enumerate(cells) if c[0] == "No")
    nik_col, wage_col = cells[top].index("N I K"), cells[top].index("Data Upah (Rp.)")
    workers = [(c[nik_col], int(c[wage_col].replace(",", ""))) for c in cells[top + 1 :]
               if c[0].isdigit()]  # fmt: skip
    skipped = len(cells) - top - 1 - len(workers)
    return {"table 1": (len(workers), skipped)}, _enrolment(npp, workers)


def load(out: Path, answer: SampleAnswer) -> Sample:
    sample = Sample(out, answer)
    month = MONTHS.split()[int(answer.period[5:]) - 1]
    frames = []
    for path in sorted(out.rglob("*.*")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith("payroll/") and path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            sample.sheets[rel] = {ws.title: read_sheet(ws, month, sample, rel) for ws in wb}
        elif rel.startswith("payroll/") and path.suffix == ".csv":
            df = pl.read_csv(path, separator=";", infer_schema=False)
            sample.sheets[rel] = {"": (df.height, 0)}
            latest = f"{answer.period[5:]}/{answer.period[:4]}"
            for line, r in enumerate(df.iter_rows(named=True), start=2):  # 1: the header
                sample.payroll.append(
                    PayrollRow(
                        r["NPP"],
                        r["Periode"] == latest,
                        sample.true_nik(rel, "", line, r["NIK"]),
                        rupiah(r["Gaji Pokok"]) + rupiah(r["Tunjangan Tetap"]),
                        "csv",
                    )
                )
        elif rel.startswith("enrollment/") and path.suffix == ".csv":
            raw = path.read_bytes()
            text = (
                raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
            )
            df = pl.read_csv(text.encode(), separator=";", infer_schema=False)
            sample.sheets[rel] = {"": (df.height, 0)}
            frames.append(df.select(ENROL_COLUMNS))
        elif rel == "enrollment/formulir2_rincian_iuran.xlsx":
            counts, df = read_formulir2(path)
            sample.sheets[rel] = counts
            frames.append(df)
        elif rel == "enrollment/rincian_iuran_2a.xls":
            counts, df = read_jamsostek_2a(path)
            sample.sheets[rel] = counts
            frames.append(df)
        elif rel.startswith("enrollment/") and path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path, read_only=True)
            counts = {}
            for ws in wb:
                rows = list(ws.iter_rows(values_only=True))
                top = next(i for i, r in enumerate(rows) if r and r[0] == "NPP")
                df = pl.DataFrame(
                    [[None if c is None else str(c) for c in r] for r in rows[top + 1 :]],
                    schema=[str(c) for c in rows[top]],
                    orient="row",
                )
                counts[ws.title] = (df.height, 0)
                assert {"JKK", "JKM", "JHT", "JP"} <= set(df.columns)
                frames.append(df.select(ENROL_COLUMNS))
            sample.sheets[rel] = counts
    sample.enrolment = pl.concat(frames).with_columns(
        pl.col("UPAH").str.replace_all(r"\.", "").cast(pl.Int64)
    )
    return sample


@pytest.fixture(
    scope="module",
    params=[(12, 0, 0.0), (8, 7, 0.0), (30, 3, 0.15)],
    ids=["12-seed0", "8-seed7", "30-seed3-damaged"],
)
def sample(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Sample:
    employers, seed, damage = request.param
    out = tmp_path_factory.mktemp(f"sample{employers}_{seed}")
    return load(out, generate(out, employers=employers, seed=seed, damage=damage))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", employers=10, seed=5)
    second = generate(tmp_path / "b", employers=10, seed=5)
    assert first == second
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    assert generate(tmp_path / "c", employers=10, seed=6) != first
    # a smaller rerun into the same folder leaves no stale files behind
    listed = {*generate(tmp_path / "b", employers=3, seed=5).files, "answer.json"}
    planning = json.loads((tmp_path / "b" / "planning.json").read_text("utf-8"))
    listed |= {*planning["files"], "planning.json"}  # screen's and coverage's files
    assert {
        p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b").rglob("*.*")
    } == listed


def test_answer_json_is_the_returned_answer(sample: Sample) -> None:
    text = (sample.out / "answer.json").read_text("utf-8")
    stored = SampleAnswer.model_validate_json(text)
    assert stored == sample.answer
    assert ('"damaged"' in text) == bool(sample.answer.damaged)  # absent without damage


def test_damage_zero_changes_nothing(tmp_path: Path) -> None:
    plain = generate(tmp_path / "a", employers=10, seed=5)
    zero = generate(tmp_path / "b", employers=10, seed=5, damage=0.0)
    assert plain == zero and not zero.damaged
    for path in (tmp_path / "a").rglob("*.*"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
    with pytest.raises(ValueError):
        generate(tmp_path / "c", employers=3, damage=1.5)


def test_damaged_niks_are_where_the_answer_says(sample: Sample) -> None:
    """Each planted row was read (and checked by `check_damage`) exactly once."""
    planted = sample.answer.damaged
    assert sorted(sample.damaged_seen, key=lambda d: (d.file, d.sheet, d.row)) == planted
    if not planted:
        return
    assert {d.kind for d in planted} == {"precision", "scientific", "typo", "swap", "missing"}
    assert {d.file.rsplit("_", 1)[0] for d in planted} == {
        "payroll/daftar_gaji",
        "payroll/export_payroll",
        "payroll/gaji_karyawan",
        "payroll/register",  # register_gaji.xlsx: damaged like the others
    }
    by_employer = {e.employer_id: e for e in sample.answer.employers}
    for d in planted:
        e = by_employer[d.employer_id]
        assert e.registered and not e.not_reconcilable_workers, d
        assert d.file.startswith("payroll/") and d.sheet in sample.answer.files[d.file], d


def test_every_kind_of_file_is_present(sample: Sample) -> None:
    files = sample.answer.files
    kinds = {re.sub(r"_\d+\.", ".", f) for f in files}
    assert kinds == {
        "payroll/daftar_gaji.xlsx",
        "payroll/export_payroll.xlsx",
        "payroll/gaji_karyawan.csv",
        "enrollment/kepesertaan_bpjstk.csv",
        "enrollment/kepesertaan_cabang_ansi.csv",
        "enrollment/data_peserta.xlsx",
        "payroll/register_gaji.xlsx",
        "enrollment/formulir2_rincian_iuran.xlsx",
        "enrollment/rincian_iuran_2a.xls",
    }
    assert any(len(sheets) > 1 for f, sheets in files.items() if f.endswith(".xlsx"))
    legacy = (sample.out / "enrollment/kepesertaan_cabang_ansi.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        legacy.decode("utf-8")
    assert re.search("[ÁÉÍÑÓ]", legacy.decode("cp1252"))  # José, Iñigo, María, Inés
    utf8 = (sample.out / "enrollment/kepesertaan_bpjstk_01.csv").read_bytes()
    assert utf8.startswith(b"\xef\xbb\xbf")
    employers = sample.answer.employers
    assert any(not e.registered for e in employers)
    assert any(r.nik is None for r in sample.payroll)  # an employee-number-only file
    assert any(e.underreported_wage_workers for e in employers)
    assert any(e.enrolled_not_on_payroll for e in employers)
    assert sample.answer.wage_mismatch_rows


def test_sheet_and_row_counts(sample: Sample) -> None:
    assert sample.sheets == sample.answer.files


def test_enrolment_matches_answer(sample: Sample) -> None:
    enrolment = sample.enrolment
    active = enrolment.filter(pl.col("STATUS KEPESERTAAN") == "AKTIF")
    per_npp = dict(active.group_by("NPP").agg(pl.col("NIK").n_unique()).iter_rows())
    listed = set(enrolment["NPP"])
    for e in sample.answer.employers:
        assert (e.employer_id in listed) == e.registered, e
        expected = e.payroll_workers - e.unregistered_workers + e.enrolled_not_on_payroll
        assert per_npp.get(e.employer_id, 0) == (expected if e.registered else 0), e
    assert listed - {e.employer_id for e in sample.answer.employers}  # not on any payroll


def test_payroll_reconciles_to_answer(sample: Sample) -> None:
    active = sample.enrolment.filter(pl.col("STATUS KEPESERTAAN") == "AKTIF")
    wage = {(r[0], r[1]): r[2] for r in active.select("NPP", "NIK", "UPAH").iter_rows()}
    enrolled: dict[str, set[str]] = defaultdict(set)
    for npp, who in wage:
        enrolled[npp].add(who)
    for e in sample.answer.employers:
        rows = [r for r in sample.payroll if r.npp == e.employer_id and r.latest]
        niks = {r.nik for r in rows if r.nik}
        assert len(rows) == e.payroll_workers, e
        # Rows without a NIK (employee number only) are judged by name: matched, unregistered
        # when no enrolment has a like name, else not reconcilable. Here they are all enrolled.
        nikless = sum(r.nik is None for r in rows)
        assert nikless in (0, len(rows)), e  # a file carries a NIK column or none
        by_name = e.unregistered_workers - len(niks - enrolled[e.employer_id])
        assert 0 <= by_name <= nikless - e.not_reconcilable_workers, e
        if nikless == 0:
            assert len(enrolled[e.employer_id] - niks) == e.enrolled_not_on_payroll, e
        under = [
            r
            for r in rows
            if (e.employer_id, r.nik) in wage
            and (r.contribution - wage[e.employer_id, r.nik]) * 100 > r.contribution
        ]
        assert len(under) == e.underreported_wage_workers, e


def test_earlier_period_finds_something_else(sample: Sample) -> None:
    """Reading the older period instead of the latest must give different findings."""
    active = sample.enrolment.filter(pl.col("STATUS KEPESERTAAN") == "AKTIF")
    enrolled: dict[str, set[str]] = defaultdict(set)
    for npp, who in active.select("NPP", "NIK").iter_rows():
        enrolled[npp].add(who)
    older: dict[str, set[str]] = defaultdict(set)
    for r in sample.payroll:
        if not r.latest and r.nik:
            older[r.npp].add(r.nik)
    assert {r.source for r in sample.payroll if not r.latest} == {"csv", "xlsx"}
    for e in sample.answer.employers:
        if e.employer_id in older:
            niks = older[e.employer_id]
            mine = enrolled[e.employer_id]
            found = (len(niks), len(niks - mine), len(mine - niks))
            latest = (e.payroll_workers, e.unregistered_workers, e.enrolled_not_on_payroll)
            assert found != latest, e


def test_wage_mismatch_rows(sample: Sample) -> None:
    for planted in sample.answer.wage_mismatch_rows:
        ws = openpyxl.load_workbook(sample.out / planted.file)[planted.sheet]
        rows = list(ws.iter_rows(values_only=True))
        header = next(r for r in rows if r[0] == "No")
        upah, total = header.index(UPAH), header.index("Total Tunjangan Tetap")
        gapok = header.index("Gaji Pokok")

        bad = [
            i
            for i, r in enumerate(rows, start=1)
            if isinstance(r[0], int) and rupiah(r[upah]) != rupiah(r[gapok]) + rupiah(r[total])
        ]
        assert bad == [planted.row]


@pytest.mark.parametrize("seed", range(4))
def test_every_kind_with_eight_employers(tmp_path: Path, seed: int) -> None:
    answer = generate(tmp_path, employers=8, seed=seed)
    kinds = {re.sub(r"_\d+\.", ".", f) for f in answer.files}
    office = {"payroll/register_gaji.xlsx", "enrollment/formulir2_rincian_iuran.xlsx",
              "enrollment/rincian_iuran_2a.xls"}  # fmt: skip
    assert len(kinds - office) == 6
    assert {f for f in office if f.startswith("enrollment/")} <= kinds
    assert any(not e.registered for e in answer.employers)
    assert answer.wage_mismatch_rows
    assert any(_without_nik_column(tmp_path / f) for f in answer.files if "export_payroll" in f)


def _without_nik_column(path: Path) -> bool:
    """A payroll workbook with a sheet that names workers by employee number only."""
    for ws in openpyxl.load_workbook(path, read_only=True):
        cells = {c for r in ws.iter_rows(max_row=15, values_only=True) for c in r if c}
        if "No Karyawan" in cells and not cells & NIK_HEADERS:
            return True
    return False


def test_small_and_odd_arguments(tmp_path: Path) -> None:
    answer = generate(tmp_path / "one", employers=1, seed=1, period="2025-01")
    assert answer.period == "2025-01" and answer.earlier_period == "2024-12"
    assert len(answer.employers) == 1
    with pytest.raises(ValueError):
        generate(tmp_path / "bad", period="2025-13")
