"""Employer reference data: size, JKK risk class, region, industry and address per NPP.

Read with the same header search and aliases as the other inputs. Values
are normalised to the codes the rules use: size `large|medium|small|micro`,
risk class 1-5 (written I-V, `Kelas III`, or as its rate such as `0,89 %`),
province as a 2-digit code (or its name) and regency as a 4-digit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from underreport.ingest import parse, simple
from underreport.model.errors import InputError

SCHEMA = {
    "employer_id": pl.String, "employer_name": pl.String, "npwp": pl.String, "size": pl.String,
    "risk_class": pl.Int8, "province": pl.String, "regency": pl.String, "industry": pl.String,
    "address": pl.String,
}  # fmt: skip
_SIZES = {
    "besar": "large", "large": "large", "menengah": "medium", "sedang": "medium",
    "medium": "medium", "kecil": "small", "small": "small", "mikro": "micro", "micro": "micro",
    "usahabesar": "large", "usahamenengah": "medium", "usahakecil": "small",
    "usahamikro": "micro",
}  # fmt: skip


def _province_names() -> dict[str, str]:
    """Province names as offices write them (`Jawa Timur`, `Provinsi DKI Jakarta`) to their
    codes, from the shipped minimum-wage table so both always agree."""
    import csv
    import io
    from importlib.resources import files

    text = files("underreport.rules").joinpath("data", "ump.csv").read_text("utf-8")
    out: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = _letters(row["province"])
        out[name] = row["province_code"].strip()
        out[name.removeprefix("dki").removeprefix("di")] = row["province_code"].strip()
    return out


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha()).removeprefix("provinsi")


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_RATES = {0.24: 1, 0.54: 2, 0.89: 3, 1.27: 4, 1.74: 5}


def _risk_class(text: pl.Expr) -> pl.Expr:
    t = text.str.to_uppercase().str.replace_all(r"KELAS|CLASS|TINGKAT|RISIKO|\s", "")
    roman = t.replace_strict(_ROMAN, default=None, return_dtype=pl.Int8)
    number = t.cast(pl.Int8, strict=False)
    rate = t.str.replace("%", "").str.replace(",", ".").cast(pl.Float64, strict=False)
    percent = pl.when(rate < 0.1).then(rate * 100).otherwise(rate).round(2)
    from_rate = percent.replace_strict(_RATES, default=None, return_dtype=pl.Int8)
    return pl.coalesce(roman, pl.when(number.is_between(1, 5)).then(number), from_rate)


_UNDERSTOOD = {
    "size": "size (large/medium/small/micro, besar/menengah/kecil/mikro)",
    "risk_class": "JKK risk class (I-V, 1-5, or a rate 0,24 / 0,54 / 0,89 / 1,27 / 1,74 %)",
    "province": "province (a code such as 35, or a name such as Jawa Timur)",
}


def _refuse_unread(frame: pl.DataFrame) -> None:
    """A value given but not understood would fall back to the lower-bound default and could
    clear an employer (a medium firm read as no size owes no JP): name it and stop."""
    for field, what in _UNDERSTOOD.items():
        given = pl.col(f"_raw_{field}").fill_null("").str.len_chars() > 0
        bad = frame.filter(given & pl.col(field).is_null() & pl.col("employer_id").is_not_null())
        if bad.height:
            r = bad.row(0, named=True)
            raise InputError(
                f"{r[f'_raw_{field}']!r} is not a {what}",
                file=r["_file"], sheet=r["_sheet"], row=r["_row"],
            )  # fmt: skip


def load_employers(paths: Sequence[Path]) -> pl.DataFrame:
    def select(col: simple.Column) -> list[pl.Expr]:
        return [
            parse.npp(col("employer_id")).alias("employer_id"),
            col("employer_name").alias("employer_name"),
            col("npwp").str.replace_all(r"\D", "").alias("npwp"),
            col("size").str.to_lowercase().str.replace_all(r"[^a-z]", "")
            .replace_strict(_SIZES, default=None).alias("size"),
            _risk_class(col("risk_class")).alias("risk_class"),
            pl.coalesce(
                col("province").str.replace_all(r"\D", "").str.slice(0, 2).replace("", None),
                col("province").str.to_lowercase().str.replace_all(r"[^a-z]", "")
                .str.strip_prefix("provinsi")
                .replace_strict(_province_names(), default=None, return_dtype=pl.String),
            ).alias("province"),
            col("regency").str.replace_all(r"\D", "").alias("regency"),
            col("industry").alias("industry"),
            col("address").str.strip_chars().alias("address"),  # for the working paper
            *(col(f).alias(f"_raw_{f}") for f in _UNDERSTOOD),
        ]  # fmt: skip

    frames = simple.read(paths, "employers", select, required=["employer_id"])
    if not frames:
        return pl.DataFrame(schema=SCHEMA)
    for frame in frames:
        _refuse_unread(frame)
    out = (
        pl.concat(frames, how="vertical_relaxed")
        .filter(pl.col("employer_id").is_not_null())
        .with_columns(
            pl.coalesce(pl.col("province"), pl.col("regency").str.slice(0, 2)).alias("province"),
            pl.when(pl.col("regency").str.len_chars() == 4)
            .then(pl.col("regency"))
            .alias("regency"),
        )
    )
    return out.unique("employer_id", keep="first", maintain_order=True).select(
        [pl.col(c).cast(t) for c, t in SCHEMA.items()]
    )
