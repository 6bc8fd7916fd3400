"""The formats of `underreport.fmt` as Polars expressions, and catalogue templates rendered by them.

A ranking of hundreds of thousands of employers renders its sentences
column by column; a Python call per employer costs more than the whole
aggregation. These expressions give the same text as `fmt.idr`,
`fmt.month_label` and `fmt.plural` (tests pin both on the same literals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from string import Formatter

import polars as pl

from underreport.fmt import MONTHS_EN, MONTHS_ID
from underreport.model.findings import Clause

MONTHS = {"en": MONTHS_EN, "id": MONTHS_ID}


def idr(amount: pl.Expr) -> pl.Expr:
    """`Rp 12.345.678` (`-Rp 5` below zero, `-` for null), rounded half to even as `round`."""
    n = amount.cast(pl.Float64).round().cast(pl.Int64)
    grouped = (
        n.abs()
        .cast(pl.String)
        .str.reverse()
        .str.replace_all(r"(\d{3})", "${1}.")
        .str.strip_suffix(".")
        .str.reverse()
    )
    sign = pl.when(n < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str(sign, pl.lit("Rp "), grouped).fill_null("-")


def month_label(period: pl.Expr, lang: str = "en") -> pl.Expr:
    """`2025-03` -> `March 2025` (`Maret 2025` in Indonesian)."""
    names = {f"{i:02d}": m for i, m in enumerate(MONTHS[lang], start=1)}
    month = period.str.slice(5, 2).replace_strict(names, default=None, return_dtype=pl.String)
    return pl.concat_str(month, pl.lit(" "), period.str.slice(0, 4))


def plural_word(n: pl.Expr, one: str, many: str) -> pl.Expr:
    """The word for the count `n`: `fmt.plural` without the figure."""
    return pl.when(n == 1).then(pl.lit(one)).otherwise(pl.lit(many))


def plural(n: pl.Expr, one: str, many: str | None = None) -> pl.Expr:
    """`1 worker`, `2 workers`: `fmt.plural` as an expression."""
    word = plural_word(n, one, many or one + "s")
    return pl.concat_str(n.cast(pl.String), pl.lit(" "), word)


def is_set(column: str) -> pl.Expr:
    """Python's truth of the column's value: not null, not zero, not empty.

    `!column` negates it.
    """
    if column.startswith("!"):
        return ~is_set(column[1:])
    c = pl.col(column)
    if column in TEXT_COLUMNS:
        return (c.is_not_null() & (c != "")).fill_null(False)
    return (c.is_not_null() & (c != 0)).fill_null(False)


TEXT_COLUMNS = frozenset(
    {"size", "link_note", "probable_employer_id", "payroll_employer_id", "min_wage_basis"}
)


def _field(name: str, spec: str, values: Mapping[str, pl.Expr], lang: str) -> pl.Expr:
    value = values[name] if name in values else pl.col(name)
    if spec == "idr":
        return idr(value)
    if spec == "month":
        return month_label(value, lang)
    if spec == "months":
        return value.list.eval(month_label(pl.element(), lang)).list.join(", ")
    if spec == "list":
        return value.list.join(", ")
    if "|" in spec:
        one, many = spec.split("|")
        return plural_word(value, one, many)
    if spec:
        raise ValueError(f"unknown template format {spec!r}")
    return value.cast(pl.String).fill_null("-")


def render(
    template: str,
    lang: str = "en",
    values: Mapping[str, pl.Expr] | None = None,
    clauses: Mapping[str, Sequence[Clause]] | None = None,
) -> pl.Expr:
    """A catalogue template filled from each row's columns (`values` overrides a column).

    A placeholder named in `clauses` is the text of those clauses whose
    column is set, joined by commas (empty when none is).
    """
    given = dict(values or {})
    for placeholder, options in (clauses or {}).items():
        texts = [
            pl.when(is_set(c.when)).then(render(c.text.get(lang), lang, given)) for c in options
        ]
        given[placeholder] = pl.concat_list(texts).list.drop_nulls().list.join(", ")
    parts: list[pl.Expr] = []
    for literal, name, spec, _ in Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(_field(name, spec or "", given, lang))
    return pl.concat_str(parts) if parts else pl.lit("")
