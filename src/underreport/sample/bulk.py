"""A large, clean synthetic payroll and enrolment set with a known answer, for benchmarks.

Unlike `generate()` (a few hundred messy workbooks that exercise every reading rule),
`generate_bulk()` writes one payroll and one enrolment file per format, tidy but at scale
(millions of rows), with realistic proportions:

- employers of heavy-tailed size (Lomax, about 30 workers on average, some with thousands);
- about 8 % of payroll workers unregistered: not enrolled, enrolled NON AKTIF, or working
  for an employer with no enrolment at all (PWBD);
- about 5 % enrolled with a wage 60-90 % of their contribution wage;
- active enrolments of people no longer on the payroll, re-enrolled workers with an old
  NON AKTIF row, employers found only in the enrolment export, and about 2 % of workers
  with a row for the previous month as well.

Everything is vectorised Polars: each random draw is a hash of the person's global index
and the seed, so the output is deterministic per seed (for a given Polars version: Polars
does not promise the same hashes across versions) and independent of batch boundaries.
Workers are generated in batches of whole employers, so memory stays bounded whatever the
size.

`shape` chooses the set: `LIGHT` (the above), `FLAGGED` (employers of 20-40 workers,
8 % unregistered, 5 % under-reported, 2 % enrolled and not on the payroll, programmes as
Boolean JKK/JKM/JHT/JP columns with a few active enrolments lacking JKM, so nearly every
employer has a finding) or `DQ` (FLAGGED with every NIK starting with a province code that
does not exist: one NIK_BAD_PROVINCE warning per row of either file, each NIK still a key).

Files: `out/payroll.<fmt>`, `out/enrollment.<fmt>` (and with `money_text=True`
`out/payroll_text.<fmt>`, `out/enrollment_text.<fmt>` whose wages read like
`Rp 4.500.000,00`), plus `out/answer.parquet`, the per-employer counts that reconciling
`period` must find.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
from openpyxl.utils import get_column_letter

from . import names

FORMATS = ("parquet", "csv", "xlsx")
XLSX_MAX_ROWS = 200_000
BATCH_PERSONS = 1_000_000
MAX_PERSONS = 79 * 49 * 9999  # distinct (regency, district, serial) triples in a NIK
PAYROLL_COLUMNS = (
    "NPP", "Nama Perusahaan", "NIK", "Nama Karyawan", "Periode", "Gaji Pokok", "Tunjangan Tetap",
)  # fmt: skip
ENROLLMENT_COLUMNS = (
    "NPP", "NAMA PERUSAHAAN", "KPJ", "NIK", "NAMA TENAGA KERJA", "TGL LAHIR", "UPAH", "PROGRAM",
    "STATUS KEPESERTAAN", "TGL KEPESERTAAN",
)  # fmt: skip
ANSWER_SCHEMA: dict[str, pl.DataType] = {
    "employer_id": pl.String(),
    "employer_name": pl.String(),
    "registered": pl.Boolean(),
    "payroll_workers": pl.Int64(),
    "unregistered_workers": pl.Int64(),
    "inactive_workers": pl.Int64(),
    "underreported_wage_workers": pl.Int64(),
    "enrolled_workers": pl.Int64(),
    "enrolled_not_on_payroll": pl.Int64(),
    "program_missing_workers": pl.Int64(),
    "flagged": pl.Boolean(),
}

# Person statuses. Payroll workers: HONEST..UNENROLLED; others are enrolment-only people.
HONEST, REENROLLED, UNDER, MISSING, NONAKTIF, UNENROLLED = 0, 1, 2, 3, 4, 5
LEAVER_ACTIVE, LEAVER_NONAKTIF, EXTRA_ACTIVE, EXTRA_NONAKTIF = 6, 7, 8, 9
ACTIVE_ROW = (HONEST, REENROLLED, UNDER, LEAVER_ACTIVE, EXTRA_ACTIVE)
INACTIVE_ROW = (NONAKTIF, LEAVER_NONAKTIF, EXTRA_NONAKTIF)
UNREGISTERED = (MISSING, NONAKTIF, UNENROLLED)

# Shares among workers of registered employers (cumulative thresholds on one uniform draw).
P_MISSING, P_NONAKTIF, P_UNDER, P_REENROLLED = 0.045, 0.025, 0.05, 0.01
P_PWBD = 0.02  # employers (of at most PWBD_MAX_SIZE workers) with no enrolment at all
PWBD_MAX_SIZE = 300
P_LEAVERS = 0.03  # enrolments of people not on the payroll, per payroll worker
P_EARLIER = 0.02  # workers with a row for the previous month too
EXTRA_EMPLOYERS = 0.1  # employers only in the enrolment export, per payroll employer
SIZE_ALPHA, SIZE_SCALE = 1.6, 17.5  # Lomax: mean about 1 + 17.5 / 0.6 = 30 workers
PROGRAMS = "JKK, JKM, JHT, JP"
COMPANY_FORMS = ("PT", "PT", "PT", "PT", "PT", "PT", "PT", "CV", "CV", "PT.")
TWO_53 = float(2**53)
FLAGS = ("JKK", "JKM", "JHT", "JP")
BAD_PROVINCES = ("10", "20", "30", "99")
"""Two leading digits no NIK has (see `ingest.checks.PROVINCES`)."""


@dataclass(frozen=True)
class BulkShape:
    """The proportions of a bulk set; `LIGHT`, `FLAGGED` and `DQ` are the ones benchmarked."""

    name: str = "light"
    flat_sizes: bool = False
    """Employers of 20-40 workers (about 30) instead of heavy-tailed sizes."""
    p_missing: float = P_MISSING
    p_nonaktif: float = P_NONAKTIF
    p_under: float = P_UNDER
    p_leavers: float = P_LEAVERS
    program_flags: bool = False
    """JKK/JKM/JHT/JP Boolean columns instead of a `PROGRAM` list."""
    p_no_jkm: float = 0.0
    """Enrolled people whose enrolment lacks JKM (with `program_flags`): PROGRAM_MISSING."""
    bad_province: float = 0.0
    """People whose NIK starts with a province code that does not exist (in both files)."""


LIGHT = BulkShape()
# 2 % PWBD employers + 6 % of registered employers' workers = 8 % unregistered;
# 3 % leavers of whom 75 % are still active = about 2 % enrolled and not on the payroll.
FLAGGED = BulkShape(
    "flagged", flat_sizes=True, p_missing=0.04, p_nonaktif=0.02, p_under=0.05,
    p_leavers=0.027, program_flags=True, p_no_jkm=0.01,
)  # fmt: skip
DQ = replace(FLAGGED, name="dq", bad_province=1.0)
SHAPES = {s.name: s for s in (LIGHT, FLAGGED, DQ)}


@dataclass(frozen=True)
class BulkAnswer:
    """What reconciling `period` must find, and where the files are."""

    period: str
    seed: int
    period_rows: int
    """Payroll rows (= distinct workers) in `period`: the `rows` asked for."""
    payroll_rows: int
    """Rows in each payroll file: `period_rows` plus the previous month's."""
    enrollment_rows: int
    employers: pl.DataFrame
    """One row per employer on the payroll; columns as `ANSWER_SCHEMA`."""
    files: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    """Format -> (payroll, enrollment)."""
    money_text_files: dict[str, tuple[Path, Path]] = field(default_factory=dict)
    nik_issues: int = 0
    """Rows of both files whose NIK has a bad province code: one NIK_BAD_PROVINCE each."""

    def flagged(self) -> pl.DataFrame:
        """The employers `reconcile` ranks: any unregistered, under-reported or programme-lacking
        worker, or PWBD."""
        return self.employers.filter(pl.col("flagged"))


def generate_bulk(
    out: Path,
    rows: int,
    seed: int = 0,
    formats: Sequence[str] = ("parquet",),
    period: str = "2025-03",
    *,
    money_text: bool = False,
    shape: BulkShape = LIGHT,
) -> BulkAnswer:
    """Write `rows` payroll workers for `period` (plus their enrolments) in each format.

    xlsx is written only for `rows` <= 200 000 (a worksheet beyond that is not what anyone
    opens); asking for more raises `ValueError`.
    """
    fmts = list(dict.fromkeys(formats))
    unknown = [f for f in fmts if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; use {', '.join(FORMATS)}")
    if "xlsx" in fmts and rows > XLSX_MAX_ROWS:
        raise ValueError(f"xlsx is written only up to {XLSX_MAX_ROWS} rows (asked {rows})")
    if rows < 1 or seed < 0:
        raise ValueError("rows must be at least 1 and seed not negative")
    start = _period_start(period)
    out.mkdir(parents=True, exist_ok=True)
    employers = _employers(rows, seed, shape)
    if employers["n_persons"].sum() > MAX_PERSONS:
        raise ValueError(f"at most about {MAX_PERSONS // 11 * 10} rows (NIKs would repeat)")

    variants = [False, True] if money_text else [False]
    writers = {(fmt, text): _Writer(out, fmt, text) for fmt in fmts for text in variants}
    answers: list[pl.DataFrame] = []
    payroll_rows = enrollment_rows = nik_issues = 0
    bad = pl.col("NIK").str.slice(0, 2).is_in(BAD_PROVINCES)
    try:
        for batch in _batches(employers):
            persons = _persons(batch, seed, start, shape)
            payroll = _payroll(persons, period, _previous(period), seed)
            enrollment = _enrollment(persons, shape)
            payroll_rows += payroll.height
            enrollment_rows += enrollment.height
            if shape.bad_province:
                nik_issues += payroll.select(bad.sum()).item() + enrollment.select(bad.sum()).item()
            answers.append(_answer(persons))
            for (_, text), writer in writers.items():
                writer.add(
                    _money_text(payroll, ("Gaji Pokok", "Tunjangan Tetap")) if text else payroll,
                    _money_text(enrollment, ("UPAH",)) if text else enrollment,
                )
        for writer in writers.values():
            writer.close()
    finally:
        for writer in writers.values():
            writer.cleanup()
    answer = pl.concat(answers).sort("employer_id")
    answer.write_parquet(out / "answer.parquet")
    files = {f: w.paths for (f, text), w in writers.items() if not text}
    text_files = {f: w.paths for (f, text), w in writers.items() if text}
    return BulkAnswer(
        period=period,
        seed=seed,
        period_rows=rows,
        payroll_rows=payroll_rows,
        enrollment_rows=enrollment_rows,
        employers=answer,
        files=files,
        money_text_files=text_files,
        nik_issues=nik_issues,
    )


def rupiah_text(e: pl.Expr) -> pl.Expr:
    """Integer rupiah as Indonesian text: 4500000 -> `Rp 4.500.000,00`."""
    grouped = (
        e.cast(pl.Int64).cast(pl.String).str.reverse().str.extract_all(r"\d{1,3}").list.join(".")
    )
    return pl.concat_str(pl.lit("Rp "), grouped.str.reverse(), pl.lit(",00"))


# --- random draws ---------------------------------------------------------------------------


def _u(index: pl.Expr, seed: int, stream: int) -> pl.Expr:
    """Uniform [0, 1) from a hash of `index`: one independent stream per (seed, stream)."""
    h = index.hash(seed * 1_000_003 + stream * 7919 + 17)
    return (h // 2048).cast(pl.Float64) / TWO_53


def _pick(words: Sequence[str], u: pl.Expr) -> pl.Expr:
    """One of `words`, chosen by a uniform draw."""
    idx = (u * len(words)).cast(pl.Int64).clip(0, len(words) - 1)
    return idx.replace_strict(list(range(len(words))), list(words), return_dtype=pl.String)


# --- employers ------------------------------------------------------------------------------


def _employers(rows: int, seed: int, shape: BulkShape = LIGHT) -> pl.DataFrame:
    """Payroll employers whose sizes sum to `rows`, then enrolment-only employers."""
    cap = max(50, min(5000, rows // 20))
    n = rows // 12 + 64
    while True:
        e = pl.int_range(0, n, dtype=pl.Int64)
        u = _u(e, seed, 1).clip(1e-12, 1.0)
        lomax = (1 + (SIZE_SCALE * (u.pow(-1.0 / SIZE_ALPHA) - 1.0)).floor()).clip(1, cap)
        size = (20 + (u * 21).floor()) if shape.flat_sizes else lomax
        sizes = pl.select(size.cast(pl.Int64).alias("size"))["size"]
        ends = sizes.cum_sum()
        if ends[-1] >= rows:
            break
        n *= 2
    count = int(ends.search_sorted(rows, side="left")) + 1
    sizes = sizes.head(count)
    sizes[count - 1] = rows - (int(ends[count - 2]) if count > 1 else 0)
    extra = max(2, count // int(1 / EXTRA_EMPLOYERS))
    frame = pl.DataFrame({"e": pl.int_range(0, count + extra, dtype=pl.Int64, eager=True)})
    e = pl.col("e")
    on_payroll = e < count
    pay_size = pl.Series("pay_size", [*sizes.to_list(), *([0] * extra)], dtype=pl.Int64)
    frame = frame.with_columns(pay_size).with_columns(
        ((_u(e, seed, 2) < P_PWBD) & (pl.col("pay_size") <= PWBD_MAX_SIZE) & on_payroll).alias(
            "pwbd"
        )
    )
    leavers = (pl.col("pay_size") * shape.p_leavers + _u(e, seed, 3)).floor().cast(pl.Int64)
    extra_size = (1 + _u(e, seed, 4) * 40).floor().cast(pl.Int64)
    frame = frame.with_columns(
        pl.when(~on_payroll)
        .then(extra_size)
        .when(pl.col("pwbd"))
        .then(pl.col("pay_size"))
        .otherwise(pl.col("pay_size") + leavers)
        .alias("n_persons"),
    )
    npp = (e * 48_271_009 + (seed % 1000) * 7_919_191 + 12_345_678) % 100_000_000
    words = pl.concat_str(
        _pick(COMPANY_FORMS, _u(e, seed, 5)),
        _pick(names.CO_A, _u(e, seed, 6)),
        _pick(names.CO_B, _u(e, seed, 7)),
        pl.when(_u(e, seed, 8) < 0.7).then(_pick(names.CO_C, _u(e, seed, 9))),
        separator=" ",
        ignore_nulls=True,
    )
    provinces = list(names.UMP_2025)
    return frame.with_columns(
        npp.cast(pl.String).str.zfill(8).alias("npp"),
        words.alias("company"),
        _pick([f"{p:02d}" for p in provinces], _u(e, seed, 10)).alias("province"),
        (pl.col("n_persons").cum_sum() - pl.col("n_persons")).alias("start"),
    )


def _batches(employers: pl.DataFrame) -> list[pl.DataFrame]:
    """Runs of whole employers of at most about BATCH_PERSONS people each."""
    batch = (employers["start"] // BATCH_PERSONS).rle_id()
    return employers.with_columns(batch.alias("_batch")).partition_by(
        "_batch", maintain_order=True, include_key=False
    )


# --- people ---------------------------------------------------------------------------------


def _persons(batch: pl.DataFrame, seed: int, start: date, shape: BulkShape) -> pl.DataFrame:
    """Every person of the batch's employers: payroll workers first, then enrolment-only ones."""
    i = pl.col("i")
    people = batch.select(
        "npp", "company", "province", "pwbd", "pay_size", "start",
        pl.int_ranges(0, pl.col("n_persons")).alias("pos"),
    ).explode("pos")  # fmt: skip
    people = people.with_columns((pl.col("start") + pl.col("pos")).alias("i"))
    on_payroll = pl.col("pos") < pl.col("pay_size")
    extra = pl.col("pay_size") == 0
    u = _u(i, seed, 20)
    p_missing, p_nonaktif, p_under = shape.p_missing, shape.p_nonaktif, shape.p_under
    registered_status = (
        pl.when(u < p_missing)
        .then(MISSING)
        .when(u < p_missing + p_nonaktif)
        .then(NONAKTIF)
        .when(u < p_missing + p_nonaktif + p_under)
        .then(UNDER)
        .when(u < p_missing + p_nonaktif + p_under + P_REENROLLED)
        .then(REENROLLED)
        .otherwise(HONEST)
    )
    status = (
        pl.when(extra)
        .then(pl.when(u < 0.9).then(EXTRA_ACTIVE).otherwise(EXTRA_NONAKTIF))
        .when(~on_payroll)
        .then(pl.when(u < 0.75).then(LEAVER_ACTIVE).otherwise(LEAVER_NONAKTIF))
        .when(pl.col("pwbd"))
        .then(UNENROLLED)
        .otherwise(registered_status)
        .cast(pl.Int8)
    )
    female = _u(i, seed, 21) < 0.45
    year = (1965 + _u(i, seed, 22) * 40).cast(pl.Int32)
    month = (1 + _u(i, seed, 23) * 12).cast(pl.Int32)
    day = (1 + _u(i, seed, 24) * 28).cast(pl.Int32)
    serial = i % 9999 + 1
    district = (i // 9999) % 49 + 1
    regency = (i // (9999 * 49)) % 79 + 1
    province = pl.col("province")
    if shape.bad_province:
        wrong = _pick(BAD_PROVINCES, _u(i, seed, 43))
        province = pl.when(_u(i, seed, 42) < shape.bad_province).then(wrong).otherwise(province)
    nik = pl.concat_str(
        province,
        *[x.cast(pl.String).str.zfill(2) for x in (regency, district)],
        (day + pl.when(female).then(40).otherwise(0)).cast(pl.String).str.zfill(2),
        month.cast(pl.String).str.zfill(2),
        (year % 100).cast(pl.String).str.zfill(2),
        serial.cast(pl.String).str.zfill(4),
    )
    given = (
        pl.when(female)
        .then(_pick(names.FEMALE, _u(i, seed, 25)))
        .otherwise(_pick(names.MALE, _u(i, seed, 25)))
    )
    family = _pick(names.FAMILY, _u(i, seed, 26))
    worker_name = (
        pl.when(_u(i, seed, 27) < 0.08)
        .then(_pick(names.SINGLE, _u(i, seed, 28)))
        .otherwise(pl.concat_str(given, family, separator=" "))
    )
    # Base wage: lognormal around Rp 4.2 million (Box-Muller), in thousands, sometimes ragged.
    z = (-2.0 * (1.0 - _u(i, seed, 30)).log()).sqrt() * (2 * math.pi * _u(i, seed, 31)).cos()
    base = ((4200.0 * (0.45 * z).exp()).round(0).clip(2100, 60_000) * 1000).cast(pl.Int64)
    ragged = (_u(i, seed, 33) * 999).cast(pl.Int64) + 1
    base = base + pl.when(_u(i, seed, 32) < 0.3).then(ragged).otherwise(0)
    allowance = (1 + _u(i, seed, 35) * 60).cast(pl.Int64) * 50_000
    fixed = pl.when(_u(i, seed, 34) < 0.7).then(allowance).otherwise(0)
    cw = pl.col("base") + pl.col("fixed")
    honest = (
        pl.when(_u(i, seed, 36) < 0.7)
        .then(cw)
        .when(_u(i, seed, 36) < 0.85)
        .then(pl.when(cw % 1000 > 0).then(cw // 1000 * 1000).otherwise(cw - 1000))
        .otherwise(cw + (1 + _u(i, seed, 37) * 50).cast(pl.Int64) * 1000)
    )
    share = 0.6 + 0.3 * _u(i, seed, 38)
    lowered = (cw.cast(pl.Float64) * share / 1000).floor().cast(pl.Int64) * 1000
    inactive_share = 0.7 + 0.3 * _u(i, seed, 38)
    inactive = (cw.cast(pl.Float64) * inactive_share / 1000).floor().cast(pl.Int64) * 1000
    st = pl.col("status")
    reported = (
        pl.when(st.is_in([HONEST, REENROLLED, LEAVER_ACTIVE, EXTRA_ACTIVE]))
        .then(honest)
        .when(st == UNDER)
        .then(lowered)
        .otherwise(inactive)
    )
    span = (start - date(2012, 1, 1)).days - 30
    enrolled_on = pl.lit(date(2012, 1, 1)) + pl.duration(
        days=(_u(i, seed, 39) * span).cast(pl.Int64)
    )
    return (
        people.with_columns(
            status.alias("status"),
            nik.alias("nik"),
            worker_name.alias("worker_name"),
            pl.date(year, month, day).alias("birth_date"),
            base.alias("base"),
            fixed.alias("fixed"),
            enrolled_on.alias("enrolled_on"),
            (_u(i, seed, 40) < P_EARLIER).alias("earlier"),
            (_u(i, seed, 44) >= (shape.p_no_jkm if shape.program_flags else 0.0)).alias("jkm"),
        )
        .with_columns(reported.alias("reported"), on_payroll.alias("on_payroll"))
        .drop("pos", "start")
    )


def _payroll(persons: pl.DataFrame, period: str, previous: str, seed: int) -> pl.DataFrame:
    """The period's payroll in employer order, then the previous month's rows."""
    now = persons.filter(pl.col("on_payroll"))
    before = now.filter(pl.col("earlier")).with_columns(
        (pl.col("base") - (_u(pl.col("i"), seed, 41) * 200).cast(pl.Int64) * 1000)
        .clip(2_000_000)
        .alias("base")
    )

    def rows(frame: pl.DataFrame, month: str) -> pl.DataFrame:
        return frame.select(
            pl.col("npp").alias("NPP"),
            pl.col("company").alias("Nama Perusahaan"),
            pl.col("nik").alias("NIK"),
            pl.col("worker_name").alias("Nama Karyawan"),
            pl.lit(month).alias("Periode"),
            pl.col("base").alias("Gaji Pokok"),
            pl.col("fixed").alias("Tunjangan Tetap"),
        )

    return pl.concat([rows(now, period), rows(before, previous)])


def _enrollment(persons: pl.DataFrame, shape: BulkShape = LIGHT) -> pl.DataFrame:
    """Every enrolment row; re-enrolled workers also keep an older NON AKTIF row."""
    st = pl.col("status")
    enrolled = persons.filter(st.is_in([*ACTIVE_ROW, *INACTIVE_ROW]))
    old = persons.filter(st == REENROLLED).with_columns(
        (pl.col("reported") * 7 // 10 // 1000 * 1000).alias("reported"),
        (pl.col("enrolled_on") - pl.duration(days=1095)).alias("enrolled_on"),
        pl.lit(NONAKTIF, pl.Int8).alias("status"),
        (pl.col("i") + MAX_PERSONS).alias("i"),
    )
    both = pl.concat([enrolled, old])
    kpj = (pl.col("i") * 2_654_435_761 + 10_000_000_000) % 100_000_000_000
    return both.select(
        pl.col("npp").alias("NPP"),
        pl.col("company").str.to_uppercase().alias("NAMA PERUSAHAAN"),
        kpj.cast(pl.String).str.zfill(11).alias("KPJ"),
        pl.col("nik").alias("NIK"),
        pl.col("worker_name").str.to_uppercase().alias("NAMA TENAGA KERJA"),
        pl.col("birth_date").alias("TGL LAHIR"),
        pl.col("reported").alias("UPAH"),
        *(
            [pl.col("jkm").alias(p) if p == "JKM" else pl.lit(True).alias(p) for p in FLAGS]
            if shape.program_flags
            else [pl.lit(PROGRAMS).alias("PROGRAM")]
        ),
        pl.when(st.is_in(ACTIVE_ROW))
        .then(pl.lit("AKTIF"))
        .otherwise(pl.lit("NON AKTIF"))
        .alias("STATUS KEPESERTAAN"),
        pl.col("enrolled_on").alias("TGL KEPESERTAAN"),
    )


def _answer(persons: pl.DataFrame) -> pl.DataFrame:
    st, pay = pl.col("status"), pl.col("on_payroll")
    per = (
        persons.filter(pl.col("pay_size") > 0)
        .group_by("npp", maintain_order=True)
        .agg(
            pl.col("company").first().alias("employer_name"),
            # an employer whose few workers are all unenrolled is as unregistered as a PWBD
            st.is_in([*ACTIVE_ROW, *INACTIVE_ROW]).any().alias("registered"),
            pay.sum().cast(pl.Int64).alias("payroll_workers"),
            (pay & st.is_in(UNREGISTERED)).sum().cast(pl.Int64).alias("unregistered_workers"),
            (pay & (st == NONAKTIF)).sum().cast(pl.Int64).alias("inactive_workers"),
            (pay & (st == UNDER)).sum().cast(pl.Int64).alias("underreported_wage_workers"),
            st.is_in(ACTIVE_ROW).sum().cast(pl.Int64).alias("enrolled_workers"),
            (st == LEAVER_ACTIVE).sum().cast(pl.Int64).alias("enrolled_not_on_payroll"),
            (pay & st.is_in(ACTIVE_ROW) & ~pl.col("jkm"))
            .sum()
            .cast(pl.Int64)
            .alias("program_missing_workers"),
        )
        .rename({"npp": "employer_id"})
    )
    flagged = (
        (pl.col("unregistered_workers") > 0)
        | (pl.col("underreported_wage_workers") > 0)
        | (pl.col("program_missing_workers") > 0)
        | ~pl.col("registered")
    )
    return (
        per.with_columns(flagged.alias("flagged"))
        .select(list(ANSWER_SCHEMA))
        .cast(pl.Schema(ANSWER_SCHEMA))
    )


def _money_text(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    return frame.with_columns(rupiah_text(pl.col(c)).alias(c) for c in columns)


# --- periods --------------------------------------------------------------------------------


def _period_start(period: str) -> date:
    try:
        year, month = (int(p) for p in period.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise ValueError(f"period must be YYYY-MM, got {period!r}") from exc


def _previous(period: str) -> str:
    d = _period_start(period)
    return f"{d.year - 1}-12" if d.month == 1 else f"{d.year}-{d.month - 1:02d}"


# --- writers --------------------------------------------------------------------------------


class _Writer:
    """Appends batches to one payroll and one enrolment file of a format."""

    def __init__(self, out: Path, fmt: str, text: bool) -> None:
        stem = "_text" if text else ""
        self.fmt = fmt
        self.paths = (out / f"payroll{stem}.{fmt}", out / f"enrollment{stem}.{fmt}")
        self.parts: tuple[list[Path], list[Path]] = ([], [])
        self.tmp: Path | None = None
        self.frames: tuple[list[pl.DataFrame], list[pl.DataFrame]] = ([], [])
        self.count = 0
        if fmt == "csv":
            for p in self.paths:
                p.unlink(missing_ok=True)

    def add(self, payroll: pl.DataFrame, enrollment: pl.DataFrame) -> None:
        self.count += 1
        for side, (frame, path) in enumerate(zip((payroll, enrollment), self.paths, strict=True)):
            if self.fmt == "csv":
                sep = "," if side == 0 else ";"
                with path.open("ab") as fh:
                    frame.write_csv(
                        fh, separator=sep, include_header=self.count == 1, date_format="%d-%m-%Y"
                    )
            elif self.fmt == "parquet":
                if self.tmp is None:
                    self.tmp = Path(tempfile.mkdtemp(prefix=".bulk-", dir=path.parent))
                part = self.tmp / f"{side}-{self.count:05d}.parquet"
                frame.write_parquet(part, statistics=False)
                self.parts[side].append(part)
            else:
                self.frames[side].append(frame)

    def close(self) -> None:
        for side, path in enumerate(self.paths):
            if self.fmt == "parquet":
                parts = self.parts[side]
                if len(parts) == 1:
                    shutil.move(parts[0], path)
                else:
                    pl.scan_parquet(parts).sink_parquet(path)
            elif self.fmt == "xlsx":
                sheet = "Gaji" if side == 0 else "Kepesertaan"
                write_xlsx(pl.concat(self.frames[side]), path, sheet)
                self.frames[side].clear()

    def cleanup(self) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


# --- a fast xlsx writer ---------------------------------------------------------------------

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 1 is a date (built-in format 14); style 0 is General.
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_SHEET_HEAD = f'{_XML}<worksheet xmlns="{_MAIN}"><sheetData>'
_SHEET_TAIL = "</sheetData></worksheet>"
_EXCEL_EPOCH = date(1899, 12, 30)


def _xml_text(e: pl.Expr) -> pl.Expr:
    return (
        e.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _cell(name: str, dtype: pl.DataType, ref: pl.Expr) -> pl.Expr:
    """One cell's XML, null (left out) where the value is null."""
    col = pl.col(name)
    if dtype == pl.Date:
        serial = (col - pl.lit(_EXCEL_EPOCH)).dt.total_days().cast(pl.String)
        return pl.concat_str(
            pl.lit('<c r="'), ref, pl.lit('" s="1"><v>'), serial, pl.lit("</v></c>")
        )
    if dtype.is_numeric():
        value = col.cast(pl.String)
        return pl.concat_str(pl.lit('<c r="'), ref, pl.lit('"><v>'), value, pl.lit("</v></c>"))
    value = _xml_text(col.cast(pl.String))
    return pl.concat_str(
        pl.lit('<c r="'), ref, pl.lit('" t="inlineStr"><is><t>'), value, pl.lit("</t></is></c>")
    )


def write_xlsx(frame: pl.DataFrame, path: Path, sheet: str = "Sheet1", chunk: int = 50_000) -> None:
    """Write `frame` as a one-sheet workbook (header in row 1) without a per-row Python loop.

    The worksheet XML is built by Polars string expressions, inline strings and typed
    numbers and dates; openpyxl, calamine and spreadsheet applications all read it.
    """
    letters = [get_column_letter(i + 1) for i in range(frame.width)]
    header = "".join(
        f'<c r="{c}1" t="inlineStr"><is><t>{escape(n)}</t></is></c>'
        for c, n in zip(letters, frame.columns, strict=True)
    )
    row_no = (pl.col("_i").cast(pl.Int64) + 2).cast(pl.String)
    cells = [
        _cell(name, dtype, pl.concat_str(pl.lit(c), row_no))
        for c, (name, dtype) in zip(letters, frame.schema.items(), strict=True)
    ]
    row_xml = pl.concat_str(
        pl.lit('<row r="'), row_no, pl.lit('">'),
        pl.concat_str(cells, ignore_nulls=True), pl.lit("</row>"),
    )  # fmt: skip
    tmp = path.with_name(f".{path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet)))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(_SHEET_HEAD.encode())
            fh.write(f'<row r="1">{header}</row>'.encode())
            for offset in range(0, frame.height, chunk):
                part = frame.slice(offset, chunk).with_row_index("_i", offset=offset)
                text = part.select(row_xml.str.join("")).item()
                fh.write(text.encode())
            fh.write(_SHEET_TAIL.encode())
    tmp.replace(path)
