"""Data-quality issues as rows: the issue table's schema and messages filled by expressions.

A file with a malformed NIK on every row has a million issues: each is a
row of a table whose message is written by Polars from the catalogue's
template, not a Python dict per issue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from string import Formatter

import polars as pl

from underreport.ingest.sheets import RawTable
from underreport.model.quality import entry, message, public, severity
from underreport.model.tables import DATA_QUALITY_ISSUES, ISSUE_SCHEMA
from underreport.privacy import MASK, mask_text


def empty_issues() -> pl.DataFrame:
    return DATA_QUALITY_ISSUES.empty()


def issue(
    code: str, file: object, sheet: object, row: object, column: object = None, **values: object
) -> dict[str, object]:
    """One row of `ISSUE_SCHEMA`; message and severity from the catalogue (`CODE/variant` too)."""
    return {"file": file, "sheet": sheet, "row": row, "column": column, "code": public(code),
            "message": message(code, **values), "severity": severity(code)}  # fmt: skip


ORDER = ["_t", "_r", "_i"]
_PLAIN = r"^[ !#-&(-\[\]-~]*$"
"""Text whose Python repr is itself in single quotes: printable ASCII, no quote or backslash."""


def issues_of(
    hits: pl.DataFrame,
    code: str,
    field_name: str | None,
    i: int,
    tables: Sequence[RawTable],
    wheres: Sequence[Mapping[str, str]],
) -> pl.DataFrame:
    """The issues of one check, messages filled by expressions.

    A million malformed NIKs would cost a Python dict each; the rare cell a
    Python `repr` or `str` writes differently from Polars (quotes, escapes,
    tiny floats) is filled by the catalogue's own `message` instead.
    """
    n = range(len(tables))
    text, odd = message_expr(hits, code, _value_exprs(public(code), field_name, hits.columns))
    fast = hits.filter(~odd).select(
        pl.col("_table").cast(pl.Int64).alias("_t"),
        pl.col("_row").cast(pl.Int64).alias("_r"),
        pl.lit(i, pl.Int64).alias("_i"),
        pl.col("_table").replace_strict(n, [str(t.path) for t in tables], return_dtype=pl.String)
        .alias("file"),
        pl.col("_table").replace_strict(n, [t.sheet for t in tables], return_dtype=pl.String)
        .alias("sheet"),
        pl.col("_row").cast(pl.Int64).alias("row"),
        pl.col("_table").replace_strict(
            n, [w.get(field_name) if field_name else None for w in wheres], return_dtype=pl.String
        ).alias("column"),
        pl.lit(public(code)).alias("code"),
        text.alias("message"),
        pl.lit(severity(code)).alias("severity"),
    )  # fmt: skip
    slow = [
        {"_t": r["_table"], "_r": r["_row"], "_i": i}
        | issue(
            code, str(tables[r["_table"]].path), tables[r["_table"]].sheet, r["_row"],
            wheres[r["_table"]].get(field_name) if field_name else None,
            **_values(public(code), field_name, r),
        )
        for r in hits.filter(odd).iter_rows(named=True)
    ]  # fmt: skip
    if not slow:
        return fast
    schema = {"_t": pl.Int64(), "_r": pl.Int64(), "_i": pl.Int64(), **ISSUE_SCHEMA}
    return pl.concat([fast, pl.DataFrame(slow, schema=schema).select(fast.columns)])


def message_expr(
    hits: pl.DataFrame, code: str, values: Mapping[str, pl.Expr]
) -> tuple[pl.Expr, pl.Series]:
    """The message of each hit as an expression, and the hits it cannot write as Python does."""
    pieces: list[pl.Expr] = []
    odd: list[pl.Expr] = [pl.lit(False)]
    for literal, name, _spec, conversion in Formatter().parse(entry(code).template):
        pieces.append(pl.lit(literal))
        if name is None:
            continue
        value = values[name]
        dtype = hits.lazy().select(value).collect_schema().dtypes()[0]
        if dtype.is_float():
            odd.append(((value.abs() < 1e-4) & (value != 0)) | ~value.is_finite())
        if dtype == pl.String() and conversion == "r":
            odd.append(~value.str.contains(_PLAIN))
            value = pl.concat_str(pl.lit("'"), value, pl.lit("'"))
        pieces.append(value.cast(pl.String).fill_null("None"))
    flags = hits.select(pl.any_horizontal(odd).fill_null(False).alias("odd")).to_series()
    return pl.concat_str(pieces), flags


def _value_exprs(code: str, field_name: str | None, columns: Sequence[str]) -> dict[str, pl.Expr]:
    """What `_values` gives a message, as expressions over the rows."""

    def col(name: str) -> pl.Expr:
        return pl.col(name) if name in columns else pl.lit(None, pl.String)

    nik = col("nik")
    if code == "WAGE_IMPLAUSIBLE":
        value = col("contribution_wage" if "contribution_wage" in columns else "reported_wage")
    elif code.startswith("NIK_"):
        value = masked(col("_raw_nik") if code == "NIK_PRECISION_LOSS" else nik)
    else:
        value = col(_RAW[field_name]) if field_name in _RAW else pl.lit(None, pl.String)
    given = nik.is_not_null() & (nik.cast(pl.String) != "")
    return {
        "value": value,
        "length": pl.when(given).then(nik.cast(pl.String).str.len_chars()).otherwise(0),
        "province": pl.when(given).then(nik.cast(pl.String).str.head(2)).otherwise(pl.lit("")),
        "digits": pl.when(given).then(nik.cast(pl.String).str.slice(6, 6)).otherwise(pl.lit("")),
        "expected": col("_cw_expected"),
        "reason": col("_skip"),
    }


_RAW = {
    "nik": "_raw_nik",
    "base_wage": "_raw_base_wage",
    "reported_wage": "_raw_reported_wage",
    "contribution_wage": "contribution_wage",
    "period": "_raw_period",
    "active": "_raw_active",
    "birth_date": "_raw_birth_date",
    "enrolled_on": "_raw_enrolled_on",
}


def _values(code: str, field_name: str | None, r: Mapping[str, object]) -> dict[str, object]:
    nik = r.get("nik")
    value = r.get(_RAW[field_name]) if field_name in _RAW else None
    if code == "WAGE_IMPLAUSIBLE":
        value = r.get("contribution_wage", r.get("reported_wage"))
    elif code.startswith("NIK_"):
        # Messages are read by people and shared: the cell's position finds the NIK.
        value = mask_text(str(value if code == "NIK_PRECISION_LOSS" else nik))
    return {
        "value": value,
        "length": len(str(nik)) if nik else 0,
        "province": str(nik)[:2] if nik else "",
        "digits": str(nik)[6:12] if nik else "",
        "expected": r.get("_cw_expected"),
        "reason": r.get("_skip"),
    }


def masked(nik: pl.Expr) -> pl.Expr:
    """`privacy.mask_text(str(nik))` as an expression."""
    shown = nik.cast(pl.String)
    return (
        pl.when(shown.str.len_chars() >= 12)
        .then(pl.concat_str(shown.str.head(4), pl.lit(MASK), shown.str.tail(4)))
        .otherwise(pl.lit(MASK))
    )


MESSAGE_COLUMNS = (
    "_table",
    "_row",
    "nik",
    *_RAW.values(),
    "reported_wage",
    "_cw_expected",
    "_skip",
)
"""The columns `issues_of` reads: a check can hit every row, so only these are copied."""
