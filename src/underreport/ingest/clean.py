"""Clean raw cell text into canonical fields and classify rows, for all tables at once.

Every sheet's raw text is stacked first (see `load.raw_table`), so the
cleaning expressions are planned and run once, not once per sheet: a folder
of hundreds of small workbooks costs about what one big CSV does.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from underreport.ingest import parse
from underreport.ingest.aliases import Kind

MONEY = ("base_wage", "fixed_allowance", "contribution_wage", "reported_wage", "daily_wage")
PLAIN_AMOUNT = r"^(0|[1-9]\d{0,14})$"
"""A whole number of rupiah as plain digits: exact as a Float64, nothing to parse."""
DAYS_PER_MONTH = 25
"""Daily-paid workers' monthly wage is the daily wage x 25 (see the domain notes)."""
DATES = ("birth_date", "enrolled_on", "inactive_on")
FLAGS = ("jkk", "jkm", "jht", "jp")
TEXT = (
    "employer_id", "employer_name", "npwp", "nik", "employee_no", "worker_name", "period",
    "kpj", "programs", "active", "work_status",
)  # fmt: skip
_MONTH = r"(jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec)[a-z]*"
TOTALS = r"(?i)(^|\s)(sub\s*total|grand\s*total|total|jumlah)(\s|:|$)"
HEADCOUNT = (
    r"(?i)^\s*\d+\s*(?:orang|org|karyawan|pegawai|pekerja|tenaga kerja|tk|employees?|workers?"
    r"|persons?|people|pax)\.?\s*$"
)
"""`3 orang` in the name column: the count a totals row without the word TOTAL shows there."""
DATED = rf"(?i)\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
SIGNATURE = (
    r"(?i)(mengetahui|disetujui|dibuat\s+oleh|diperiksa|tanda\s+tangan|\bttd\b|direktur|"
    r"director|\bhrd\b|manager|bendahara|keuangan|pimpinan|nama\s+jelas|cap\s+perusahaan|"
    rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)
_TOKEN = r"\(?(?:[a-z]|\d{1,2})\)?"
LEGEND = rf"(?i)^{_TOKEN}(?:(?:\s*[=+\-]\s*|\s+){_TOKEN}){{2,}}$"
"""A form's column legend (`a b … h = f + g`) or column numbers (`1 2 3`, `(1) (2)`)."""
SECTION = (
    r"(?i)^(?:(?:[a-z]|[ivx]{1,4})[.)]\s+[a-z]"
    r"|(?:departemen|department|dept|divisi|division|bagian|seksi)\b)"
)
"""A department or section row inside the data: `A. KARYAWAN BULANAN (12 Karyawan)`."""
FOOTER = r"(?i)^(?:\*+\)?|(?:kompensasi|denda|keterangan|catatan|notes?)\b)"
"""What a contribution form prints after its total: compensation, fine, notes."""
EMPLOYER_HEADING = r"(?i)(?:^|[^a-z])npp[\s.:\-]*[a-z]{0,3}\d{5,8}(?:[^a-z0-9]|$)"
"""A row inside the data naming an NPP (`PT JAYA - NPP 22222222`): two employers' workers in
one sheet. The rows under it are not read as that employer's: said, never guessed."""
RECAP = r"(?i)^(?:rekap(?:itulasi)?|ringkasan|summary)\b"
"""A summary drawn below the workers (`REKAPITULASI PER BAGIAN`): what follows is no worker."""


def by_value(
    frame: pl.DataFrame,
    column: str,
    parser: Callable[[pl.Expr], pl.Expr],
    *,
    clean: pl.Expr | None = None,
    kept: pl.Expr | None = None,
) -> pl.Expr:
    """Parse each distinct value once and map the results back.

    Periods, dates, statuses and programme lists repeat across millions of
    rows; regex-heavy parsing of a few thousand distinct values and a lookup
    cost a fraction of parsing every row, and, unlike a join, the lookup does
    not copy the other columns. Rows where `clean` holds are not parsed: they
    take `kept`, what the parser makes of them (by default the value itself).
    """
    if clean is not None:
        doubtful = frame.select(pl.col(column).filter(~clean.fill_null(False)))
        as_is = pl.col(column) if kept is None else kept
        return pl.when(clean).then(as_is).otherwise(by_value(doubtful, column, parser))
    values = frame.get_column(column).drop_nulls().unique()
    parsed = values.to_frame("v").select(parser(pl.col("v"))).get_column("v")
    if parsed.dtype == pl.List(pl.String):  # replace_strict maps to scalars: carry lists as text
        text = pl.col(column).replace_strict(values, parsed.list.join(","), default=None)
        return (
            pl.when(text == "").then(pl.lit([], pl.List(pl.String))).otherwise(text.str.split(","))
        )
    return pl.col(column).replace_strict(values, parsed, default=None, return_dtype=parsed.dtype)


def _paid(e: pl.Expr) -> pl.Expr:
    """A programme column's cell: a Y/N flag, or a contribution amount (paid when above 0).

    Contribution forms carry amounts (`1,234,567.00`) where membership
    exports carry flags; a zero, a dash or a blank means the programme is not paid.
    """
    return pl.coalesce(parse.yes_no(e), parse.money(e) > 0)


def employer_fields(raw: pl.DataFrame) -> dict[str, pl.Expr]:
    """NPP, employer name and NPWP from their raw text.

    Shared with `ingest.split`, which routes rows to parts by employer before
    cleaning the rest: both must see the same employer.
    """
    return {
        "employer_id": by_value(raw, "_raw_employer_id", parse.npp),
        "employer_name": pl.col("_raw_employer_name"),
        "npwp": pl.col("_raw_npwp").str.replace_all(r"\D", ""),
    }


def clean(raw: pl.DataFrame, kind: Kind, text_fields: frozenset[str] | None = None) -> pl.LazyFrame:
    """Canonical columns, kept raw text for messages, and `_skip` (null for data rows).

    `text_fields` names the fields that some sheet holds as text; fields only ever
    held as typed Parquet columns skip text parsing altogether.
    """
    has_text = (lambda f: True) if text_fields is None else text_fields.__contains__

    def _money(f: str) -> pl.Expr:
        typed = pl.col(f"_num_{f}")
        if not has_text(f):
            return typed
        # A plain whole number (most CSV exports) is cast; the rest go through the parser.
        text = pl.col(f"_raw_{f}")
        plain = text.str.contains(PLAIN_AMOUNT)
        amount = text.cast(pl.Float64, strict=False)
        return pl.coalesce(typed, by_value(raw, f"_raw_{f}", parse.money, clean=plain, kept=amount))

    def _date(f: str) -> pl.Expr:
        return pl.coalesce(pl.col(f"_date_{f}"), pl.col(f"_parsed_{f}"))

    lowcard = [("period", parse.period)] if kind == "payroll" else [
        ("period", parse.period), ("active", parse.active), ("programs", parse.programs),
        *[(f, parse.date) for f in ("birth_date", "enrolled_on", "inactive_on")],
    ]  # fmt: skip
    mapped: list[pl.Expr] = []
    for f, parser in lowcard:
        if has_text(f):
            mapped.append(by_value(raw, f"_raw_{f}", parser).alias(f"_parsed_{f}"))
        else:
            dtype = pl.List(pl.String) if f == "programs" else pl.Date if f in DATES else (
                pl.Boolean if f == "active" else pl.String)  # fmt: skip
            mapped.append(pl.lit(None, dtype).alias(f"_parsed_{f}"))
    lazy = raw.lazy().with_columns(mapped)
    # Nearly every NIK is 16 plain digits already; only the rest go through the cleaning regexes.
    plain_nik = pl.col("_raw_nik").str.contains(r"^\d{16}$")
    cols: dict[str, pl.Expr] = {
        **employer_fields(raw),
        "nik": by_value(raw, "_raw_nik", parse.nik, clean=plain_nik),
        "worker_name": pl.col("_raw_worker_name"),
        "_nik_sci": by_value(
            raw, "_raw_nik", parse.nik_is_scientific, clean=plain_nik, kept=pl.lit(False)
        ).fill_null(False),
    }
    if kind == "payroll":
        parts = pl.col("_parts").list.eval(parse.money(pl.element()))
        fixed = pl.coalesce(
            _money("fixed_allowance"),
            pl.when(parts.list.drop_nulls().list.len() > 0).then(parts.list.sum()),
        )
        cols |= {
            "employee_no": pl.col("_raw_employee_no"),
            "period": pl.col("_parsed_period"),
            "base_wage": pl.coalesce(_money("base_wage"), _money("daily_wage") * DAYS_PER_MONTH),
            "work_status": pl.col("_raw_work_status"),
            "daily_wage": _money("daily_wage"),
            "fixed_allowance": fixed,
            "contribution_wage": _money("contribution_wage"),
        }
        wages = ["base_wage", "fixed_allowance", "contribution_wage", "daily_wage"]
    else:

        def paid(column: str) -> pl.Expr:
            return by_value(raw, column, _paid).fill_null(False)

        flags = [
            pl.when(paid(f"_raw_{p}") | paid(f"_raw_{p}_2")).then(pl.lit(p.upper())) for p in FLAGS
        ]
        shares = [pl.col(f"_raw_{p}{n}") for p in FLAGS for n in ("", "_2")]
        from_flags = pl.when(pl.any_horizontal(c.is_not_null() for c in shares))
        cols |= {
            "kpj": pl.col("_raw_kpj"),
            "birth_date": _date("birth_date"),
            "reported_wage": _money("reported_wage"),
            "programs": pl.coalesce(
                pl.col("_parsed_programs"),
                from_flags.then(pl.concat_list(flags).list.drop_nulls()),
            ),
            "active": pl.col("_parsed_active"),
            "period": pl.col("_parsed_period"),
            "enrolled_on": _date("enrolled_on"),
            "inactive_on": _date("inactive_on"),
        }
        wages = ["reported_wage"]

    has_wage = pl.any_horizontal(pl.col(w).is_not_null() for w in wages)
    out = lazy.with_columns(**cols).with_columns(
        plain_nik.fill_null(False).alias("_key"),
        # A name has letters: `2` under `Nama` is a count in a recap drawn below the workers.
        (
            pl.col("worker_name").str.contains(r"[^\W\d_]").fill_null(False)
            & ~pl.col("worker_name").str.contains(HEADCOUNT).fill_null(False)
            & has_wage
        ).alias("_candidate"),
    )
    if kind == "payroll":
        expected = pl.col("base_wage") + pl.col("fixed_allowance").fill_null(0.0)
        out = out.with_columns(
            pl.col("fixed_allowance").fill_null(0.0),
            pl.coalesce("contribution_wage", expected).alias("contribution_wage"),
            expected.alias("_cw_expected"),
            (pl.col("contribution_wage") - expected).abs().alias("_cw_diff"),
        )
    return out


WORKER_KEY = pl.any_horizontal(
    pl.col("_raw_nik").str.replace_all(r"[\s.\-']", "").str.contains(r"\d{8}"),
    pl.col("_nik_sci"),
    pl.col("_raw_kpj").str.replace_all(r"[\s.\-']", "").str.contains(r"\d{5}"),
    pl.col("_raw_employee_no").str.contains(r"\d")
    & ~pl.col("_raw_employee_no").str.contains(DATED),
).fill_null(False)
"""A NIK of 8 digits or more, a damaged one, a KPJ or an employee number: the row is a worker's."""


def classify(frame: pl.DataFrame) -> pl.DataFrame:
    """`_skip`: null for data rows, else why the row was left out.

    A row with a worker key (a NIK, KPJ or employee number) is data, unless
    the whole row is a form's column legend (`a b c … h = f + g`, `1 2 3 …`)
    or a section heading (`A. KARYAWAN BULANAN (12 Karyawan)`), whose digits
    can fill a key column. Rows under a summary heading (`REKAPITULASI PER
    BAGIAN`) are a recap table's, not workers, unless they carry a 16-digit NIK.
    `_key` marks the rows whose NIK is plain 16 digits; the regexes run only on
    the few rows without one.
    """
    text = pl.col("_text")
    candidate = pl.col("_candidate")
    recap = text.str.contains(RECAP).fill_null(False) & ~pl.col("_key")
    below = (recap.cast(pl.UInt32).cum_sum().over("_table") > 0) & ~recap
    doubtful = (
        frame.with_row_index("_i")
        .with_columns(below.alias("_below"))
        .filter(~pl.col("_key"))
        .select(
            "_i",
            pl.when(text.eq("") | text.is_null()).then(pl.lit("blank"))
            .when(text.str.contains(RECAP)).then(pl.lit("summary heading"))
            .when(pl.col("_below")).then(pl.lit("below a summary heading: not a worker"))
            .when(text.str.contains(LEGEND)).then(pl.lit("column legend row"))
            .when(pl.col("_header_again")).then(pl.lit("the header again, on a new page"))
            .when(text.str.contains(SECTION) & ~candidate).then(pl.lit("section heading"))
            .when(WORKER_KEY | (candidate & ~text.str.contains(TOTALS)))
            .then(pl.lit(None, pl.String))
            .when(text.str.contains(TOTALS)).then(pl.lit("totals row"))
            .when(pl.col("worker_name").str.contains(HEADCOUNT).fill_null(False))
            .then(pl.lit("totals row: a headcount in the name column"))
            .when(text.str.contains(FOOTER)).then(pl.lit("form footer"))
            .when(text.str.contains(SIGNATURE)).then(pl.lit("signature line"))
            .when(text.str.contains(EMPLOYER_HEADING)).then(pl.lit(
                "a heading naming an employer's NPP inside the table: the rows under it are"
                " not linked to it (give an NPP column, or one sheet per employer)"))
            .otherwise(pl.lit("no worker identifier or wage"))
            .alias("_skip"),
        )
    )  # fmt: skip
    # Nearly every row has a plain NIK: the few verdicts are scattered into place, not joined.
    skip = (
        pl.repeat(None, frame.height, dtype=pl.String, eager=True)
        .alias("_skip")
        .scatter(doubtful.get_column("_i"), doubtful.get_column("_skip"))
    )
    return frame.drop("_text", "_key", "_candidate", "_header_again").with_columns(skip)
