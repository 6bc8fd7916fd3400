"""Row-level data-quality checks and the column requirements of each kind.

Checks run on a sheet's cleaned rows right after loading, while the raw
cell text is still at hand for the message. Each issue uses a code from
`underreport.model.quality`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from underreport.ingest.aliases import Kind
from underreport.ingest.issue_rows import MESSAGE_COLUMNS, ORDER, issues_of, masked, message_expr
from underreport.ingest.issue_rows import empty_issues as empty_issues
from underreport.ingest.issue_rows import issue as issue
from underreport.ingest.layout import Layout
from underreport.ingest.sheets import RawTable
from underreport.model.errors import InputError
from underreport.model.quality import public, severity
from underreport.model.tables import ISSUE_SCHEMA as ISSUE_SCHEMA
from underreport.names import normalise_person_expr
from underreport.privacy import mask_text

PROVINCES = frozenset(
    [
        str(c)
        for c in (
            *range(11, 20),
            21,
            *range(31, 37),
            51,
            52,
            53,
            *range(61, 66),
            *range(71, 77),
            81,
            82,
            *range(91, 98),
        )
    ]
)
WAGE_FLOOR, WAGE_CEILING = 100_000, 1_000_000_000


def require_columns(table: RawTable, layout: Layout, kind: Kind) -> None:
    """Name every missing column at once, before any heavy work."""
    have = set(layout.columns)
    missing: list[str] = []
    if kind == "payroll":
        if not have & {"nik", "employee_no"}:
            missing.append("NIK (or an employee number such as No Karyawan)")
        if not have & {"base_wage", "contribution_wage", "daily_wage"}:
            missing.append("base wage (Gaji Pokok / Upah Pokok)")
    else:
        if "nik" not in have:
            missing.append("NIK")
        if "reported_wage" not in have:
            missing.append("reported wage (Upah)")
    if missing:
        raise InputError(
            f"no {' and no '.join(missing)} column in the header "
            f"(found: {', '.join(layout.headers.values()) or 'nothing'})",
            file=str(table.path),
            sheet=table.sheet,
            row=table.first_row + layout.header_index,
        )


def require_title(table: RawTable, layout: Layout) -> None:
    """Two different NPPs or periods in one title block: say so rather than pick one.

    A title value applies to every row of the sheet: a wrong pick would move
    all its workers to another employer or month without a trace.
    """
    from underreport.ingest.title import conflicts

    found = conflicts(layout.title)
    if found:
        raise InputError(
            "; ".join(found) + ": correct the sheet, or name the right one in the config file "
            "([[inputs.files]] path = ..., npp = ..., period = ...)",
            file=str(table.path),
            sheet=table.sheet,
        )


def require_employer(table: RawTable, layout: Layout) -> None:
    """An enrolment table that names no employer anywhere: its rows could cover nobody.

    Read anyway, every worker of its employer would be called unregistered
    (PWBD) while the form in hand says they are enrolled.
    """
    if {"employer_id", "employer_name"} & (set(layout.columns) | set(layout.title)):
        return
    raise InputError(
        "no NPP: no NPP column and no 'NPP : 12345678' line above the table, so its workers "
        "belong to no employer; name it in the config file "
        '([[inputs.files]] path = ..., npp = "12345678")',
        file=str(table.path),
        sheet=table.sheet,
    )


def require_period(
    data: pl.DataFrame, table: RawTable, layout: Layout, what: str = "payroll"
) -> None:
    """A payroll names its month; so does a form whose title has a month that cannot be read
    (taken as a membership export instead, it would cover every month)."""
    if (
        data.height
        and data["period"].null_count() == data.height
        and "period" not in layout.columns
    ):
        raw = layout.title.get("period")
        detail = (
            f"the title gives {raw.value!r} ({raw.source}), which names no single month and "
            "year (a pay period across two months does not say which month it pays)"
            if raw
            else "no Periode column, no 'Periode : Maret 2025' line above the table, "
            "and no month and year in the sheet or file name (such as 'Gaji Maret 2025')"
        )
        raise InputError(
            f"no {what} period: {detail}; name it in the config file "
            '([[inputs.files]] path = ..., period = "2025-03")',
            file=str(table.path),
            sheet=table.sheet,
            row=(raw.row or None) if raw else None,
        )


_PASSPORT = r"^[A-Z]{1,2}\d{6,8}$"
"""A passport number (`A1234567`, `TZ1234567`): forms take one for a foreign worker."""


def _nik_checks(nik: pl.Expr) -> list[tuple[str, pl.Expr]]:
    digits = nik.str.contains(r"^\d+$")
    ok16 = digits & (nik.str.len_chars() == 16)
    day = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    month = nik.str.slice(8, 2).cast(pl.Int32, strict=False)
    bad_day = ~(day.is_between(1, 31) | day.is_between(41, 71))
    passport = nik.str.contains(_PASSPORT)
    return [
        ("NIK_NOT_DIGITS", nik.is_not_null() & ~digits & ~passport),
        ("NIK_NOT_DIGITS/passport", passport),
        ("NIK_INVALID_LENGTH", digits & (nik.str.len_chars() != 16)),
        ("NIK_BAD_PROVINCE", ok16 & ~nik.str.slice(0, 2).is_in(list(PROVINCES))),
        ("NIK_BAD_BIRTHDATE", ok16 & (bad_day | ~month.is_between(1, 12))),
    ]


def row_issues(
    frame: pl.DataFrame, tables: Sequence[RawTable], wheres: Sequence[Mapping[str, str]], kind: Kind
) -> pl.DataFrame:
    """Every row-level issue of all tables, found in one pass over the stacked rows."""
    data = pl.col("_skip").is_null()
    nik = pl.col("nik")
    checks: list[tuple[str, str | None, pl.Expr]] = [
        ("ROW_SKIPPED", None, pl.col("_skip").is_not_null() & (pl.col("_skip") != "blank")),
        ("NIK_MISSING", "nik", data & nik.is_null()),
        ("NIK_PRECISION_LOSS", "nik", data & pl.col("_nik_sci")),
        (
            "NIK_PRECISION_LOSS/number",
            "nik",
            data & pl.col("_nik_number") & ~pl.col("_nik_sci") & nik.str.contains(r"^\d{15}0$"),
        ),
    ]
    checks += [(code, "nik", data & ~pl.col("_nik_sci") & e) for code, e in _nik_checks(nik)]
    if kind == "payroll":
        wage = pl.col("contribution_wage")
        checks += [
            (
                "WAGE_MISSING",
                "base_wage",
                data
                & wage.is_null()
                & pl.col("_raw_base_wage").is_null()
                & pl.col("_raw_contribution_wage").is_null(),
            ),
            (
                "WAGE_NOT_A_NUMBER",
                "base_wage",
                data & pl.col("_raw_base_wage").is_not_null() & pl.col("base_wage").is_null(),
            ),
            ("WAGE_IMPLAUSIBLE", "base_wage", data & ~wage.is_between(WAGE_FLOOR, WAGE_CEILING)),
            ("WAGE_MISMATCH", "contribution_wage", data & (pl.col("_cw_diff") > 1)),
            (
                "PERIOD_UNPARSEABLE",
                "period",
                data & pl.col("_raw_period").is_not_null() & pl.col("period").is_null(),
            ),
            ("PERIOD_MISSING", "period", data & pl.col("_raw_period").is_null()),
            (
                "EMPLOYER_MISSING",
                "employer_id",
                data
                & pl.col("employer_id").is_null()
                & pl.col("employer_name").is_null()
                & pl.col("npwp").is_null(),
            ),
        ]
    else:
        wage = pl.col("reported_wage")
        checks += [
            (
                "WAGE_MISSING",
                "reported_wage",
                data & pl.col("_raw_reported_wage").is_null() & wage.is_null(),
            ),
            (
                "WAGE_NOT_A_NUMBER",
                "reported_wage",
                data & pl.col("_raw_reported_wage").is_not_null() & wage.is_null(),
            ),
            (
                "WAGE_IMPLAUSIBLE",
                "reported_wage",
                data & ~wage.is_between(WAGE_FLOOR, WAGE_CEILING),
            ),
            (
                "PERIOD_UNPARSEABLE",
                "period",
                data & pl.col("_raw_period").is_not_null() & pl.col("period").is_null(),
            ),
            (
                "STATUS_UNKNOWN",
                "active",
                data & pl.col("_raw_active").is_not_null() & pl.col("active").is_null(),
            ),
            (
                "DATE_UNPARSEABLE",
                "birth_date",
                data & pl.col("_raw_birth_date").is_not_null() & pl.col("birth_date").is_null(),
            ),
            (
                "DATE_UNPARSEABLE",
                "enrolled_on",
                data & pl.col("_raw_enrolled_on").is_not_null() & pl.col("enrolled_on").is_null(),
            ),
        ]
    flags = frame.select(
        cond.fill_null(False).alias(str(i)) for i, (_, _, cond) in enumerate(checks)
    )
    parts = [pl.DataFrame(schema={**dict.fromkeys(ORDER, pl.Int64()), **ISSUE_SCHEMA})]
    keep = [c for c in MESSAGE_COLUMNS if c in frame.columns]
    for i, (code, field_name, _) in enumerate(checks):
        hits = frame.select(list(dict.fromkeys(keep))).filter(flags[str(i)])
        if hits.height:
            parts.append(issues_of(hits, code, field_name, i, tables, wheres))
    # In the order a reader meets them in the file: by sheet, then row.
    return pl.concat(parts, how="vertical_relaxed").sort(ORDER).drop(ORDER)


def cross_row_issues(payroll: pl.DataFrame) -> pl.DataFrame:
    """Issues only visible across rows: one NIK twice on a payroll, or at several employers.

    Each is placed at the NIK's first row and listed in the order of those rows.
    A NIK expanded from scientific text identifies nobody: rows sharing one are
    the same worker only when their names agree too, and never a sign of one
    worker at several employers.
    """
    damaged = pl.col("nik_damaged").fill_null(False)
    valid = payroll.filter(
        pl.col("nik").str.contains(r"^\d{16}$")
        & pl.struct("period", "nik").is_duplicated()  # only repeated NIKs can raise either code
    ).with_columns(
        pl.when(damaged)
        .then(pl.concat_str(["nik", normalise_person_expr(pl.col("worker_name"))], separator="~"))
        .otherwise(pl.col("nik"))
        .alias("_person")
    )
    first = [pl.first("_file"), pl.first("_sheet"), pl.first("_row")]
    dupes = (
        valid.group_by("employer_id", "period", "_person", maintain_order=True)
        .agg(pl.first("nik"), pl.len().alias("n"), *first)
        .filter(pl.col("n") > 1)
    )
    several = (
        valid.filter(~damaged)
        .group_by("period", "nik", maintain_order=True)
        .agg(pl.col("employer_id").n_unique().alias("n"), *first)
        .filter(pl.col("n") > 1)
    )
    twice = _cross("DUPLICATE_WORKER", dupes)
    return pl.concat([empty_issues(), twice, _cross("WORKER_AT_SEVERAL_EMPLOYERS", several)])


def enrolment_twice(enrollment: pl.DataFrame) -> pl.DataFrame:
    """One NIK active twice at one employer (in one form month) with different wages.

    The reconciliation takes the highest wage (`workers.enrolment_by_worker`): a choice in
    the employer's favour that changes a worker's gap, so it is said at the first record.
    """
    from underreport.fmt import idr

    names = enrollment.columns
    if enrollment.is_empty() or not {"nik", "employer_id", "reported_wage"} <= set(names):
        return empty_issues()
    month = pl.col("period").cast(pl.String) if "period" in names else pl.lit(None, pl.String)
    active = pl.col("active").fill_null(month.is_not_null()) if "active" in names else pl.lit(True)
    key = ["employer_id", "_month", "nik"]
    # Only a NIK listed more than once can be twice; the lists of wages are built for those.
    twice = (
        enrollment.with_columns(month.alias("_month"))
        .filter(pl.struct(key).is_duplicated())
        .filter(active & pl.col("nik").str.contains(r"^\d{16}$"))
        .group_by(key, maintain_order=True)
        .agg(
            pl.len().alias("n"),
            pl.col("reported_wage").unique().sort().alias("wages"),
            pl.first("_file"),
            pl.first("_sheet"),
            pl.first("_row"),
        )
        .filter(pl.col("wages").list.len() > 1)
    )
    rows = [
        issue(
            "ENROLLED_TWICE",
            r["_file"],
            r["_sheet"],
            r["_row"],
            value=mask_text(r["nik"]),
            count=r["n"],
            employer=r["employer_id"],
            wages=", ".join(idr(w) for w in r["wages"]),
        )
        for r in twice.iter_rows(named=True)
    ]
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA) if rows else empty_issues()


def _cross(code: str, groups: pl.DataFrame) -> pl.DataFrame:
    """One issue per group of rows, at its first row (every worker listed twice: a million)."""
    from underreport.fmt import MONTHS_EN

    if groups.is_empty():
        return empty_issues()
    period = pl.col("period").cast(pl.String)
    month = period.str.slice(5).cast(pl.Int64, strict=False)
    label = (
        pl.when(period.is_not_null() & (period != ""))
        .then(pl.concat_str(month.replace_strict(range(1, 13), MONTHS_EN), pl.lit(" "),
                            period.str.head(4)))
        .otherwise(pl.lit("an unknown period"))
    )  # fmt: skip
    employer = pl.col("employer_id") if "employer_id" in groups.columns else pl.lit(None, pl.String)
    values = {"value": masked(pl.col("nik")), "count": pl.col("n"), "period": label,
              "employer": employer}  # fmt: skip
    text, _ = message_expr(groups, code, values)
    return groups.select(
        pl.col("_file").cast(pl.String).alias("file"),
        pl.col("_sheet").cast(pl.String).alias("sheet"),
        pl.col("_row").cast(pl.Int64).alias("row"),
        pl.lit(None, pl.String).alias("column"),
        pl.lit(public(code)).alias("code"),
        text.alias("message"),
        pl.lit(severity(code)).alias("severity"),
    )
