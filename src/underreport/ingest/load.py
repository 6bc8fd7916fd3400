"""Load users' files into the canonical payroll and enrolment tables.

Each sheet is read, its layout detected, its rows classified (data, blank,
totals, signature) and its cells cleaned with the expressions in `parse`.
Every row is accounted for: kept rows in `rows_read`, the rest in
`rows_skipped`, and every doubtful cell becomes a data-quality issue that
names file, sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from underreport.ingest import checks, parse
from underreport.ingest.aliases import Kind, alias_map
from underreport.ingest.layout import Layout, column_letter, detect
from underreport.ingest.sheets import RawTable, expand, read_tables, sha256
from underreport.report.model import InputFile

MONEY = ("base_wage", "fixed_allowance", "contribution_wage", "reported_wage")
DATES = ("birth_date", "enrolled_on", "inactive_on")
PROGRAMS_LOWER = ("jkk", "jkm", "jht", "jp")
PAYROLL_COLUMNS = (
    "employer_id",
    "employer_name",
    "npwp",
    "nik",
    "employee_no",
    "worker_name",
    "period",
    "base_wage",
    "fixed_allowance",
    "contribution_wage",
)
ENROLLMENT_COLUMNS = (
    "employer_id",
    "employer_name",
    "npwp",
    "kpj",
    "nik",
    "worker_name",
    "birth_date",
    "reported_wage",
    "programs",
    "active",
    "enrolled_on",
    "inactive_on",
)
PROVENANCE = ("_file", "_sheet", "_row")
_TOTALS = r"(?i)(^|\s)(sub\s*total|grand\s*total|total|jumlah)(\s|:|$)"
_DATED = (
    r"(?i)\d{1,2}\s+(jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*"
    r"\s+\d{4}"
)
_SIGNATURE = (
    r"(?i)(mengetahui|disetujui|dibuat\s+oleh|diperiksa|tanda\s+tangan|\bttd\b|direktur|"
    r"director|\bhrd\b|manager|bendahara|keuangan|"
    r"\d{1,2}\s+(jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*\s+\d{4})"
)

Progress = Callable[[str], None]


@dataclass
class Loaded:
    """Both sides, canonical and concatenated, with what was read and doubted."""

    payroll: pl.DataFrame
    enrollment: pl.DataFrame
    inputs: list[InputFile] = field(default_factory=list)
    issues: pl.DataFrame = field(default_factory=checks.empty_issues)


def load(
    payroll: Sequence[Path],
    enrollment: Sequence[Path],
    *,
    extra_aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    progress: Progress | None = None,
) -> Loaded:
    extra = extra_aliases or {}
    pay, pay_meta, pay_issues = load_kind(payroll, "payroll", extra.get("payroll"), progress)
    enr, enr_meta, enr_issues = load_kind(
        enrollment, "enrollment", extra.get("enrollment"), progress
    )
    return Loaded(pay, enr, pay_meta + enr_meta, pl.concat([pay_issues, enr_issues]))


def load_kind(
    paths: Sequence[Path],
    kind: Kind,
    extra: Mapping[str, Sequence[str]] | None = None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, list[InputFile], pl.DataFrame]:
    aliases = alias_map(kind, extra)
    frames: list[pl.DataFrame] = []
    metas: list[InputFile] = []
    issues: list[pl.DataFrame] = []
    for path in expand(list(paths)):
        if progress:
            progress(f"Reading {path.name}")
        digest = sha256(path)
        for table in read_tables(path):
            data, skipped, table_issues, layout = _load_table(table, kind, aliases)
            frames.append(data)
            issues.append(table_issues)
            metas.append(
                InputFile(
                    path=str(path),
                    sheet=table.sheet,
                    kind=kind,
                    sha256=digest,
                    rows_read=data.height,
                    rows_skipped=skipped,
                    columns={
                        f: layout.headers[c[0]]
                        if len(c) == 1
                        else " + ".join(layout.headers[i] for i in c)
                        for f, c in layout.columns.items()
                    },
                )
            )
    columns = PAYROLL_COLUMNS if kind == "payroll" else ENROLLMENT_COLUMNS
    empty = pl.DataFrame(schema=_schema(columns))
    data = pl.concat([empty, *frames], how="diagonal_relaxed") if frames else empty
    return data, metas, pl.concat(issues) if issues else checks.empty_issues()


def _schema(columns: Sequence[str]) -> dict[str, pl.DataType]:
    types: dict[str, pl.DataType] = {}
    for c in (*columns, *PROVENANCE):
        if c in MONEY:
            types[c] = pl.Float64()
        elif c in DATES:
            types[c] = pl.Date()
        elif c == "programs":
            types[c] = pl.List(pl.String())
        elif c == "active":
            types[c] = pl.Boolean()
        elif c == "_row":
            types[c] = pl.Int64()
        else:
            types[c] = pl.String()
    return types


def _load_table(
    table: RawTable, kind: Kind, aliases: Mapping[str, str]
) -> tuple[pl.DataFrame, int, pl.DataFrame, Layout]:
    layout = detect(table, kind, aliases)
    checks.require_columns(table, layout, kind)
    body = table.body(layout.skip)
    schema = body.collect_schema()
    cells = [c for c in schema if c != "_row"]
    numeric = {
        f for f, cs in layout.columns.items() if len(cs) == 1 and schema[f"c{cs[0]}"].is_numeric()
    }
    dated = {
        f
        for f, cs in layout.columns.items()
        if len(cs) == 1 and schema[f"c{cs[0]}"] in (pl.Date, pl.Datetime)
    }
    parts = layout.columns.get("fixed_allowance_part", [])

    def title(f: str) -> pl.Expr:
        value = layout.title.get(f)
        return pl.lit(value[0] if value else None, dtype=pl.String)

    # Stage 1: one text column per field (null where the table lacks it).
    raw_fields = [
        f
        for f in (*PAYROLL_COLUMNS, *ENROLLMENT_COLUMNS, "kpj", *PROGRAMS_LOWER)
        if f != "programs" or "programs" in layout.columns
    ]
    raw = body.select(
        "_row",
        *[
            (
                pl.col(f"c{layout.columns[f][0]}").cast(pl.String).str.strip_chars()
                if f in layout.columns
                else pl.lit(None, pl.String)
            ).alias(f"_raw_{f}")
            for f in dict.fromkeys(raw_fields)
        ],
        *[
            pl.col(f"c{layout.columns[f][0]}").cast(pl.Float64).alias(f"_num_{f}")
            for f in numeric
            if f in MONEY
        ],
        *[pl.col(f"c{layout.columns[f][0]}").cast(pl.Date).alias(f"_date_{f}") for f in dated],
        *[pl.col(f"c{c}").cast(pl.String).alias(f"_part_{c}") for c in parts],
        pl.concat_str([pl.col(c).cast(pl.String) for c in cells], separator=" ", ignore_nulls=True)
        .str.strip_chars()
        .alias("_text"),
    ).with_columns(
        pl.coalesce("_raw_employer_id", title("employer_id")).alias("_raw_employer_id"),
        pl.coalesce("_raw_employer_name", title("employer_name")).alias("_raw_employer_name"),
        pl.coalesce("_raw_npwp", title("npwp")).alias("_raw_npwp"),
        pl.coalesce("_raw_period", title("period")).alias("_raw_period"),
    )

    def money(f: str) -> pl.Expr:
        return (
            pl.col(f"_num_{f}") if f in numeric and f in MONEY else parse.money(pl.col(f"_raw_{f}"))
        )

    def date(f: str) -> pl.Expr:
        return pl.col(f"_date_{f}") if f in dated else parse.date(pl.col(f"_raw_{f}"))

    # Stage 2: clean every field once.
    cols: dict[str, pl.Expr] = {
        "employer_id": parse.npp(pl.col("_raw_employer_id")),
        "employer_name": pl.col("_raw_employer_name"),
        "npwp": pl.col("_raw_npwp").str.replace_all(r"\D", ""),
        "nik": parse.nik(pl.col("_raw_nik")),
        "worker_name": pl.col("_raw_worker_name"),
        "_nik_sci": parse.nik_is_scientific(pl.col("_raw_nik")).fill_null(False),
    }
    if kind == "payroll":
        fixed = (
            money("fixed_allowance")
            if "fixed_allowance" in layout.columns
            else (
                pl.sum_horizontal([parse.money(pl.col(f"_part_{c}")) for c in parts])
                if parts
                else pl.lit(None, pl.Float64)
            )
        )
        cols |= {
            "employee_no": pl.col("_raw_employee_no"),
            "period": parse.period(pl.col("_raw_period")),
            "base_wage": money("base_wage"),
            "fixed_allowance": fixed,
            "contribution_wage": money("contribution_wage"),
        }
        wages = ["base_wage", "fixed_allowance", "contribution_wage"]
    else:
        flags = [
            pl.when(parse.yes_no(pl.col(f"_raw_{p}"))).then(pl.lit(p.upper()))
            for p in PROGRAMS_LOWER
            if p in layout.columns
        ]
        programs = (
            parse.programs(pl.col("_raw_programs"))
            if "programs" in layout.columns
            else (
                pl.concat_list(flags).list.drop_nulls()
                if flags
                else pl.lit(None, pl.List(pl.String))
            )
        )
        cols |= {
            "kpj": pl.col("_raw_kpj"),
            "birth_date": date("birth_date"),
            "reported_wage": money("reported_wage"),
            "programs": programs,
            "active": parse.active(pl.col("_raw_active")),
            "enrolled_on": date("enrolled_on"),
            "inactive_on": date("inactive_on"),
        }
        wages = ["reported_wage"]
    parsed = raw.with_columns(**cols)

    # Stage 3: which rows are data; the rest are counted as skipped.
    key = pl.any_horizontal(
        pl.col("_raw_nik").str.replace_all(r"[\s.\-']", "").str.contains(r"\d{8}"),
        pl.col("_nik_sci"),
        pl.col("_raw_kpj").str.replace_all(r"[\s.\-']", "").str.contains(r"\d{5}"),
        pl.col("_raw_employee_no").str.contains(r"\d")
        & ~pl.col("_raw_employee_no").str.contains(_DATED),
    ).fill_null(False)
    has_wage = pl.any_horizontal([pl.col(w).is_not_null() for w in wages])
    text = pl.col("_text")
    is_data = (key | (pl.col("worker_name").is_not_null() & has_wage)) & ~(
        text.str.contains(_TOTALS) & ~key
    )
    reason = (
        pl.when(text.eq("") | text.is_null())
        .then(pl.lit("blank"))
        .when(text.str.contains(_TOTALS))
        .then(pl.lit("totals row"))
        .when(text.str.contains(_SIGNATURE))
        .then(pl.lit("signature line"))
        .otherwise(pl.lit("no worker identifier or wage"))
    )
    frame = parsed.with_columns(
        pl.when(is_data).then(pl.lit(None, pl.String)).otherwise(reason).alias("_skip")
    ).collect()
    if kind == "payroll":
        expected = pl.col("base_wage") + pl.col("fixed_allowance").fill_null(0.0)
        frame = frame.with_columns(
            pl.col("fixed_allowance").fill_null(0.0),
            pl.coalesce("contribution_wage", expected).alias("contribution_wage"),
            expected.alias("_cw_expected"),
            (pl.col("contribution_wage") - expected).abs().alias("_cw_diff"),
        )
    else:
        frame = frame.with_columns(
            pl.col("active").fill_null(True) if "active" in layout.columns else pl.lit(True)
        )
    where = {
        f: f"{layout.header_of(f)} ({column_letter(layout.columns[f][0] + table.first_col)})"
        for f in layout.columns
    }
    issues = checks.row_issues(frame, table, layout, kind, where)
    data = frame.filter(pl.col("_skip").is_null())
    skipped = frame.height - data.height
    data = data.with_columns(
        pl.lit(str(table.path)).alias("_file"), pl.lit(table.sheet, pl.String).alias("_sheet")
    )
    if kind == "payroll":
        checks.require_period(data, table, layout)
    keep = PAYROLL_COLUMNS if kind == "payroll" else ENROLLMENT_COLUMNS
    return data.select(*keep, *PROVENANCE), skipped, issues, layout
