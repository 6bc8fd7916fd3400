"""What the matching left unmatched is: unregistered, or not to be judged.

A worker with a NIK that keys it and no enrolment under it is unregistered
(judged by NIK), unless the NIK ends in 0 and could be a re-saved form of an
enrolled NIK of the employer with a like name that the cascade could not
take (two candidates, or one already matched): then it is not judged.

A worker without such a NIK is judged by name within its employer: when no
enrolment of the employer has a like name, nobody on the enrolment can be
this worker, so it is unregistered (judged by name); in an employer with no
enrolment at all it is unregistered whatever its name. Only a worker that
cannot be judged stays "not reconcilable": no employer, no name, or a name
that agrees with an enrolment the cascade could not choose for sure (a tie,
or an enrolment already matched to another row).
"""

from __future__ import annotations

import polars as pl

from underreport.model.matches import reason
from underreport.names import normalise_person_expr
from underreport.reconcile.cascade import NAME_THRESHOLD, like_pairs, name_scores, resaved_form
from underreport.reconcile.workers import KEYED_NIK


def _why(lang: str) -> pl.Expr:
    """Why the NIK is not usable, in the words of the reasons."""
    return (
        pl.when(pl.col("nik").is_null())
        .then(reason("why_none", lang))
        .when(pl.col("nik_damaged").fill_null(False))
        .then(reason("why_scientific", lang))
        .otherwise(reason("why_length", lang))
    )


def like_named(rows: pl.DataFrame, enrolled: pl.DataFrame) -> pl.DataFrame:
    """`pay_id` and `like_names`: how many enrolments of its employer have a like name.

    `rows` has `pay_id, employer_id, worker_name`; `enrolled` has
    `employer_id, enrolled_name` (every enrolment, matched or not). Scores are
    taken once per distinct pair of names of an employer.
    """
    norm = normalise_person_expr(pl.col("name")).alias("name")
    pay = rows.select("pay_id", "employer_id", pl.col("worker_name").alias("name")).with_columns(
        norm
    )
    enr = (
        enrolled.select("employer_id", pl.col("enrolled_name").alias("name"))
        .join(pay.select("employer_id").unique(), on="employer_id", how="semi")
        .with_columns(norm)
        .filter(pl.col("name") != "")
    )
    left = pay.select("employer_id", "name").unique().with_row_index("_l")
    right = enr.unique().select("employer_id", pl.col("name").alias("name_e")).with_row_index("_r")
    like = (
        like_pairs(left, right, ("_l", "_r"), ("name", "name_e"), NAME_THRESHOLD)
        .join(left, on=["employer_id", "_l"])
        .join(right, on=["employer_id", "_r"])
        .select("employer_id", "name", "name_e")
    )
    counts = (
        enr.join(like, left_on=["employer_id", "name"], right_on=["employer_id", "name_e"])
        .group_by("employer_id", pl.col("name_right").alias("name"))
        .agg(pl.len().alias("like_names"))
    )
    return pay.join(counts, on=["employer_id", "name"], how="left").select(
        "pay_id", pl.col("like_names").fill_null(0).cast(pl.Int64)
    )


def resaved_like(rows: pl.DataFrame, enrolled: pl.DataFrame) -> pl.DataFrame:
    """`pay_id` and `resaved`: enrolled NIKs of the employer a re-save could have made
    this row's NIK of (it ends in 0), under a like name.

    Names are normalised only on the few pairs a re-save explains: the whole
    enrolment's names cost most of a national run.
    """
    num = pl.col("nik").cast(pl.UInt64, strict=False)
    pay = rows.filter(pl.col("nik").str.ends_with("0")).select(
        "pay_id", "employer_id", pl.col("nik").str.slice(0, 12).alias("_b"),
        num.alias("x"), pl.col("worker_name").alias("name"),
    )  # fmt: skip
    enr = enrolled.select(
        "employer_id", pl.col("nik").str.slice(0, 12).alias("_b"), num.alias("t"),
        pl.col("enrolled_name").alias("name"),
    )  # fmt: skip
    pairs = (
        pay.join(enr, on=["employer_id", "_b"], suffix="_e")
        .filter(resaved_form(pl.col("x"), pl.col("t")))
        .with_columns(normalise_person_expr(pl.col(c)).alias(c) for c in ("name", "name_e"))
    )
    return (
        pairs.with_columns(name_scores(pairs, "name", "name_e"))
        .filter(pl.col("score") >= NAME_THRESHOLD)
        .group_by("pay_id")
        .agg(pl.len().cast(pl.Int64).alias("resaved"))
    )


def verdicts(
    rest: pl.DataFrame, enrolled: pl.DataFrame, strict: bool = False, lang: str = "en"
) -> pl.DataFrame:
    """One row per unmatched payroll worker of `rest`: its tier, basis and reason (in `lang`).

    `rest` has `pay_id, employer_id, nik, nik_damaged, worker_name`; a row is
    judged by its NIK when that NIK keys it (`KEYED_NIK`), else by its name. A
    null `match_basis` means not reconcilable, and the reason says why.
    """
    registered = enrolled.select("employer_id").unique().with_columns(pl.lit(True).alias("_reg"))
    named = pl.col("worker_name").str.strip_chars().str.len_chars().fill_null(0) > 0
    base = rest.join(registered, on="employer_id", how="left").with_columns(
        KEYED_NIK.alias("_keyed"), pl.col("_reg").fill_null(False), named.alias("_named")
    )
    to_name = base.filter(~pl.col("_keyed") & pl.col("_reg") & pl.col("_named"))
    base = base.join(like_named(to_name, enrolled), on="pay_id", how="left")
    resaved = pl.lit(0)
    if not strict:  # strict takes every whole-looking NIK at its word
        to_check = base.filter(pl.col("_keyed") & pl.col("_reg"))
        base = base.join(resaved_like(to_check, enrolled), on="pay_id", how="left")
        resaved = pl.col("resaved").fill_null(0)
    shunned = pl.lit(0)
    if strict:  # the count keeps strict's promise; the reason says what a name would have found
        keyed = base.filter(pl.col("_keyed") & pl.col("_reg") & pl.col("_named"))
        base = base.join(
            like_named(keyed, enrolled).rename({"like_names": "_shunned"}), on="pay_id", how="left"
        )
        shunned = pl.col("_shunned").fill_null(0)
    # A NIK active under another NPP (often a unit of the same company): still counted
    # here, as each NPP is its own registration, but said, as the inspector must ask.
    other = (
        enrolled.filter(pl.col("active").fill_null(False))
        .select("nik", pl.col("employer_id").alias("_elsewhere"))
        .join(base.filter(pl.col("_keyed")).select("pay_id", "nik", "employer_id"), on="nik")
        .filter(pl.col("_elsewhere") != pl.col("employer_id"))
        .group_by("pay_id")
        .agg(pl.col("_elsewhere").unique().sort().str.join(", "))
    )
    base = base.join(other, on="pay_id", how="left")
    elsewhere = (
        pl.when(pl.col("_elsewhere").is_not_null())
        .then(reason("elsewhere", lang, npps=pl.col("_elsewhere")))
        .otherwise(pl.lit(""))
    )
    like = pl.col("like_names").fill_null(0)
    why = _why(lang)
    nobody = pl.col("employer_id").is_null()
    tier = (
        pl.when(nobody | (pl.col("_keyed") & (resaved > 0)))
        .then(None)
        .when(pl.col("_keyed"))
        .then(1)
        .when(pl.col("_reg") & (~pl.col("_named") | (like > 0)))
        .then(None)
        .otherwise(4)
    )
    basis = (
        pl.when(tier.is_null())
        .then(None)
        .when(pl.col("_keyed"))
        .then(pl.lit("nik"))
        .when(~pl.col("_reg"))
        .then(pl.lit("employer"))
        .otherwise(pl.lit("name"))
    )
    said = (
        pl.when(nobody)
        .then(reason("no_employer", lang))
        .when(pl.col("_keyed") & (resaved > 0))
        .then(
            reason(
                "resaved", lang,
                which=pl.when(resaved == 1).then(reason("resaved_one", lang))
                .otherwise(reason("resaved_many", lang, n=resaved)),
            )
        )
        .when(pl.col("_keyed") & pl.col("_reg") & (shunned > 0))
        .then(reason("nik_strict", lang))
        .when(pl.col("_keyed") & pl.col("_reg"))
        .then(reason("nik_absent", lang))
        .when(pl.col("_keyed"))
        .then(reason("no_enrolment", lang))
        .when(~pl.col("_reg"))
        .then(reason("why_no_enrolment", lang, why=why))
        .when(~pl.col("_named"))
        .then(reason("why_no_name", lang, why=why))
        .when(like > 0)
        .then(
            reason(
                "why_like", lang, why=why,
                which=pl.when(like == 1).then(reason("like_one", lang))
                .otherwise(reason("like_many", lang, n=like)),
            )
        )
        .otherwise(reason("why_unlike", lang, why=why))
    )  # fmt: skip
    return base.select(
        "pay_id",
        tier.cast(pl.Int8).alias("match_tier"),
        basis.alias("match_basis"),
        pl.when(pl.col("_keyed"))
        .then(pl.concat_str([said, elsewhere]))
        .otherwise(said)
        .alias("match_reason"),
    )
