"""Probable matches for the workers exact-NIK matching (tier 1) left unmatched.

Everything happens inside one employer (NPP): candidate pairs come from joins on
``employer_id`` (plus a NIK block where the tier allows), never from a global
cross join, and a name alone never links two employers.

Tiers, tried in this order on what is still unmatched:

2. **NIK damaged by a spreadsheet.** Stored as a number, a NIK keeps 15
   significant digits: Excel truncates the last one (``...0123`` -> ``...0120``),
   a re-save in LibreOffice rounds it (``...0005`` -> ``...0010``,
   ``...0017`` -> ``...0020``). Any clean 16-digit NIK ending in 0 may be such a
   one. A pair qualifies when one side is either form of the other side's NIK,
   that is the only such pair for both workers in the employer, and the names
   agree.
3. **NIK one edit away.** Two clean 16-digit NIKs with exactly one different
   digit or two adjacent digits swapped, and names that agree. Pairs that tier 2
   explains (Excel damage) are left to tier 2 alone, so its uniqueness
   rule cannot be bypassed here.
4. **No usable NIK on one side** (null, not 16 digits, letters, or shown in
   scientific notation: ``3,17504E+15`` identifies nobody, whatever digits show):
   the same name (word order free) and the same birth date, or else a fuzzy name
   score of at least ``fuzzy_threshold`` when that is the only pair above the
   threshold for both workers in the employer and known birth dates do not
   contradict it.

Matches are one-to-one, resolved greedily (lower tier first, then higher name
score). When the best remaining claims tie, every worker in the tie is left
unmatched, and is not offered a worse candidate later: ambiguous is not a match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import groupby
from typing import Any

import numpy as np
import polars as pl

from underreport.model.matches import reason
from underreport.names import normalise_person_expr, score_matrix, score_normalised

__all__ = ["CASCADE_SCHEMA", "NAME_THRESHOLD", "cascade", "name_scores", "resaved_form"]

CASCADE_SCHEMA: dict[str, pl.DataType] = {
    "employer_id": pl.String(),
    "pay_id": pl.Int64(),
    "enr_id": pl.Int64(),
    "match_tier": pl.Int8(),
    "match_reason": pl.String(),
}
_INPUT = ("employer_id", "nik", "nik_damaged", "worker_name", "birth_date")
_PAIR = ["pay_id", "enr_id"]
NAME_THRESHOLD = 85.0
"""Score at which two names agree (tiers 2 and 3, and a like name in `verdicts`)."""


def _prepare(df: pl.DataFrame, id_col: str, side: str) -> pl.DataFrame:
    missing = [c for c in (id_col, *_INPUT) if c not in df.columns]
    if missing:
        raise ValueError(f"cascade: {side} lacks column(s) {', '.join(missing)}")
    nik = pl.col("nik")
    n16 = nik.str.contains(r"^\d{16}$").fill_null(False)
    # Names repeat: normalise each distinct one, then look the results up.
    names = df.get_column("worker_name").cast(pl.String).drop_nulls().unique()
    forms = (
        names.to_frame("n")
        .select(normalise_person_expr(pl.col("n")).alias("name"))
        .with_columns(pl.col("name").str.split(" ").list.sort().list.join(" ").alias("key"))
    )

    def lookup(column: str) -> pl.Expr:
        found = pl.col("worker_name").cast(pl.String)
        return found.replace_strict(names, forms.get_column(column), default="")

    out = (
        df.select(
            pl.col("employer_id").cast(pl.String),
            pl.col(id_col).cast(pl.Int64).alias("id"),
            nik.cast(pl.String),
            pl.col("nik_damaged").cast(pl.Boolean).fill_null(False).alias("flagged"),
            lookup("name").alias("name"),
            pl.col("birth_date").cast(pl.Date),
            lookup("key").alias("name_key"),
        )
        .filter(pl.col("employer_id").is_not_null())
        .with_columns(n16.alias("n16"))
        .with_columns(
            # possibly damaged by a re-save: a clean NIK whose last digit is 0
            (pl.col("n16") & ~pl.col("flagged") & nik.str.ends_with("0")).alias("dmg"),
            pl.when(pl.col("n16")).then(nik.cast(pl.UInt64, strict=False)).alias("num"),
            # scientific text is never a key, however many digits it shows
            (pl.col("n16") & ~pl.col("flagged")).alias("usable"),
        )
    )
    suffix = "_p" if side == "payroll" else "_e"
    return out.rename({c: f"{c}{suffix}" for c in out.columns if c != "employer_id"}).rename(
        {f"id{suffix}": "pay_id" if side == "payroll" else "enr_id"}
    )


def name_scores(pairs: pl.DataFrame, a: str, b: str) -> pl.Series:
    """`score`: the name score of each (already blocked, small) pair of normalised names."""
    scores = [
        score_normalised(x, y) for x, y in zip(pairs[a].to_list(), pairs[b].to_list(), strict=True)
    ]
    return pl.Series("score", scores, dtype=pl.Float64)


def like_pairs(
    left: pl.DataFrame,
    right: pl.DataFrame,
    ids: tuple[str, str],
    names: tuple[str, str],
    threshold: float,
) -> pl.DataFrame:
    """`employer_id`, both `ids` and `score` of the pairs of one employer whose names score
    at least `threshold`.

    Every worker of an employer may be compared with every other (a payroll without NIKs),
    so the pairs are never listed: each employer's names are scored as one matrix in C++
    (`names.score_matrix`) and only the pairs that agree come out. The loop runs over the
    employers the cascade still has open, the second pass on the leftovers.
    """

    def side(frame: pl.DataFrame, id_col: str, name: str) -> pl.DataFrame:
        return frame.select("employer_id", id_col, pl.col(name).fill_null("")).sort("employer_id")

    lf, rf = side(left, ids[0], names[0]), side(right, ids[1], names[1])

    def spans(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.with_row_index("_at")
            .group_by("employer_id")
            .agg(pl.col("_at").first(), pl.len().alias("_n"))
        )

    blocks = spans(lf).join(spans(rf), on="employer_id", suffix="_r")
    lnames, rnames = lf.get_column(names[0]).to_list(), rf.get_column(names[1]).to_list()
    at_l, at_r, scores = [], [], []
    for a, n, b, m in blocks.select("_at", "_n", "_at_r", "_n_r").iter_rows():
        matrix = score_matrix(lnames[a : a + n], rnames[b : b + m], threshold)
        i, j = np.nonzero(matrix >= threshold)
        at_l.append(i + a)
        at_r.append(j + b)
        scores.append(matrix[i, j])

    def taken(frame: pl.DataFrame, at: list[np.ndarray], column: str) -> pl.Series:
        rows = np.concatenate(at) if at else np.array([], np.int64)
        return frame.get_column(column).gather(pl.Series(rows, dtype=pl.UInt32))

    return pl.DataFrame([
        taken(lf, at_l, "employer_id"), taken(lf, at_l, ids[0]), taken(rf, at_r, ids[1]),
        pl.Series("score", np.concatenate(scores) if scores else [], pl.Float64),
    ])  # fmt: skip


def _with_scores(pairs: pl.DataFrame) -> pl.DataFrame:
    return pairs.with_columns(name_scores(pairs, "name_p", "name_e"))


def _score_text(said: pl.Expr, lang: str) -> pl.Expr:
    return reason("scored", lang, reason=said, score=pl.col("score").floor().cast(pl.Int64))


def _no_nik(rest: str, lang: str) -> pl.Expr:
    """`no usable NIK; rest`, saying so when the payroll NIK was scientific text."""
    flagged = pl.col("flagged_p") | pl.col("flagged_e")
    return (
        pl.when(flagged)
        .then(reason("scientific_then", lang, rest=reason(rest, lang)))
        .otherwise(reason("unusable_then", lang, rest=reason(rest, lang)))
    )


def _resolve(
    candidates: pl.DataFrame, blocked_p: set[int], blocked_e: set[int]
) -> list[dict[str, Any]]:
    """Greedy one-to-one choice; ties leave every worker in them unmatched and blocked."""
    rows = sorted(
        candidates.select(
            "employer_id", "pay_id", "enr_id", "match_tier", "rank", "score", "match_reason"
        ).iter_rows(named=True),
        key=lambda r: (r["match_tier"], r["rank"], -round(r["score"], 1)),
    )
    chosen: list[dict[str, Any]] = []
    for _, group in groupby(rows, key=lambda r: (r["match_tier"], r["rank"], round(r["score"], 1))):
        live = [r for r in group if r["pay_id"] not in blocked_p and r["enr_id"] not in blocked_e]
        claims_p = Counter(r["pay_id"] for r in live)
        claims_e = Counter(r["enr_id"] for r in live)
        for r in live:
            if claims_p[r["pay_id"]] == 1 and claims_e[r["enr_id"]] == 1:
                chosen.append(r)
        blocked_p.update(claims_p)
        blocked_e.update(claims_e)
    return chosen


def _blocked_join(
    p: pl.DataFrame, e: pl.DataFrame, block: Callable[[pl.Expr], pl.Expr]
) -> pl.DataFrame:
    """Pairs of one employer whose NIKs share ``block`` (a function of the NIK)."""
    return (
        p.with_columns(block(pl.col("nik_p")).alias("_b"))
        .join(e.with_columns(block(pl.col("nik_e")).alias("_b")), on=["employer_id", "_b"])
        .drop("_b")
    )


def resaved_form(x: pl.Expr, t: pl.Expr) -> pl.Expr:
    """True when NIK ``x`` is what a spreadsheet makes of NIK ``t`` (both as UInt64).

    Kept to 15 significant digits, ``t`` ends in 0: truncated by Excel,
    rounded half up by LibreOffice (``...0005`` -> ``...0010``).
    """
    return ((x == (t // 10) * 10) | (x == ((t + 5) // 10) * 10)).fill_null(False)


def _nik_tiers(p: pl.DataFrame, e: pl.DataFrame, name_threshold: float, lang: str) -> pl.DataFrame:
    """Tier-2 and tier-3 candidate pairs whose names agree, with their reasons in `lang`."""
    p16, e16 = p.filter(pl.col("usable_p")), e.filter(pl.col("usable_e"))
    # Damage keeps the first 12 digits, so damaged pairs share them (a rounding
    # carry into digit 12, as in ...99995, is the one case this block misses).
    damaged = _blocked_join(p16, e16, lambda n: n.str.slice(0, 12)).filter(
        (pl.col("dmg_p") & resaved_form(pl.col("num_p"), pl.col("num_e")))
        | (pl.col("dmg_e") & resaved_form(pl.col("num_e"), pl.col("num_p")))
    )
    tier2 = damaged.filter((pl.len().over("pay_id") == 1) & (pl.len().over("enr_id") == 1))
    tier2 = _with_scores(tier2).with_columns(
        pl.lit(2, pl.Int8).alias("match_tier"),
        pl.when(
            (pl.col("dmg_p") & (pl.col("num_p") == pl.col("num_e") // 10 * 10))
            | (pl.col("dmg_e") & (pl.col("num_e") == pl.col("num_p") // 10 * 10))
        )
        .then(_score_text(reason("excel", lang), lang))
        .otherwise(_score_text(reason("resave", lang), lang))
        .alias("match_reason"),
    )

    # Tier 3: one substitution leaves the first or the last 8 digits alone; a swap
    # of digits 8 and 9 leaves digits 1-7 and 10-16. Three blocked joins cover all.
    blocks: list[Callable[[pl.Expr], pl.Expr]] = [
        lambda n: n.str.slice(0, 8),
        lambda n: n.str.slice(8, 8),
        lambda n: n.str.slice(0, 7) + n.str.slice(9, 7),
    ]
    parts = [_blocked_join(p16, e16, block) for block in blocks]
    a, b = pl.col("nik_p"), pl.col("nik_e")
    differs = [a.str.slice(i, 1) != b.str.slice(i, 1) for i in range(16)]
    swapped = pl.any_horizontal(
        [
            (a.str.slice(i, 1) == b.str.slice(i + 1, 1))
            & (a.str.slice(i + 1, 1) == b.str.slice(i, 1))
            & (a.str.slice(i, 1) != b.str.slice(i, 1))
            for i in range(15)
        ]
    )
    near = (
        pl.concat(parts)
        .unique(subset=_PAIR, keep="first")
        .join(damaged.select(_PAIR), on=_PAIR, how="anti")
        .with_columns(pl.sum_horizontal([d.cast(pl.Int8) for d in differs]).alias("ndiff"))
        .filter((pl.col("ndiff") == 1) | ((pl.col("ndiff") == 2) & swapped))
    )
    tier3 = _with_scores(near).with_columns(
        pl.lit(3, pl.Int8).alias("match_tier"),
        pl.when(pl.col("ndiff") == 1)
        .then(_score_text(reason("one_digit", lang), lang))
        .otherwise(_score_text(reason("swapped", lang), lang))
        .alias("match_reason"),
    )
    keep = ["employer_id", "pay_id", "enr_id", "match_tier", "score", "match_reason"]
    return (
        pl.concat([tier2.select(keep), tier3.select(keep)])
        .filter(pl.col("score") >= name_threshold)
        .with_columns(pl.lit(0, pl.Int8).alias("rank"))
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=CASCADE_SCHEMA)


def cascade(
    payroll: pl.DataFrame,
    enrolled: pl.DataFrame,
    *,
    strict: bool = False,
    name_threshold: float = NAME_THRESHOLD,
    fuzzy_threshold: float = 90.0,
    lang: str = "en",
) -> pl.DataFrame:
    """Probable one-to-one matches (tiers 2-4) between tier-1 leftovers of each employer.

    ``payroll`` has ``employer_id, pay_id, nik, nik_damaged, worker_name, birth_date``;
    ``enrolled`` the same with ``enr_id``. Returns ``employer_id, pay_id, enr_id,
    match_tier, match_reason``; the reason (in ``lang``) names no person and no NIK. With
    ``strict`` nothing is matched beyond tier 1, so the result is empty.
    """
    if strict:
        return _empty()
    p = _prepare(payroll, "pay_id", "payroll")
    e = _prepare(enrolled, "enr_id", "enrolment")
    p = p.join(e.select("employer_id").unique(), on="employer_id", how="semi")
    e = e.join(p.select("employer_id").unique(), on="employer_id", how="semi")
    if p.height == 0 or e.height == 0:
        return _empty()
    blocked_p: set[int] = set()
    blocked_e: set[int] = set()
    chosen = _resolve(_nik_tiers(p, e, name_threshold, lang), blocked_p, blocked_e)

    def remaining() -> tuple[pl.DataFrame, pl.DataFrame]:
        taken_p = {int(r["pay_id"]) for r in chosen}
        taken_e = {int(r["enr_id"]) for r in chosen}
        return (
            p.filter(~pl.col("pay_id").is_in(list(taken_p))),
            e.filter(~pl.col("enr_id").is_in(list(taken_e))),
        )

    # Tier 4a: same name (any word order) and same birth date.
    rp, re_ = remaining()
    one_unusable = ~pl.col("usable_p") | ~pl.col("usable_e")
    same = (
        rp.filter((pl.col("name_p") != "") & pl.col("birth_date_p").is_not_null())
        .join(
            re_.filter(pl.col("name_e") != ""),
            left_on=["employer_id", "name_key_p", "birth_date_p"],
            right_on=["employer_id", "name_key_e", "birth_date_e"],
        )
        .filter(one_unusable)
        .with_columns(
            pl.lit(100.0).alias("score"),
            pl.lit(4, pl.Int8).alias("match_tier"),
            pl.lit(0, pl.Int8).alias("rank"),
            _no_nik("same_name_birth", lang).alias("match_reason"),
        )
    )
    chosen += _resolve(same, blocked_p, blocked_e)

    # Tier 4b: the only name above the threshold, both ways, in employers where a
    # worker without a usable NIK is left. Every remaining worker there competes.
    rp, re_ = remaining()
    open_employers = pl.concat(
        [
            rp.filter(~pl.col("usable_p")).select("employer_id"),
            re_.filter(~pl.col("usable_e")).select("employer_id"),
        ]
    ).unique()
    open_p = rp.join(open_employers, on="employer_id", how="semi")
    open_e = re_.join(open_employers, on="employer_id", how="semi")
    scored = like_pairs(open_p, open_e, ("pay_id", "enr_id"), ("name_p", "name_e"),
                        fuzzy_threshold)  # fmt: skip
    if scored.height:
        fuzzy = (
            scored.join(open_p, on=["employer_id", "pay_id"])
            .join(open_e, on=["employer_id", "enr_id"])
            .with_columns(
                pl.len().over("pay_id").alias("claims_p"),
                pl.len().over("enr_id").alias("claims_e"),
            )
            .filter(
                (pl.col("claims_p") == 1)
                & (pl.col("claims_e") == 1)
                & one_unusable
                & (pl.col("birth_date_p") == pl.col("birth_date_e")).fill_null(True)
            )
            .with_columns(
                pl.lit(4, pl.Int8).alias("match_tier"),
                pl.lit(1, pl.Int8).alias("rank"),
                _score_text(_no_nik("only_name", lang), lang).alias("match_reason"),
            )
        )
        chosen += _resolve(fuzzy, blocked_p, blocked_e)

    if not chosen:
        return _empty()
    return (
        pl.DataFrame(chosen)
        .select(list(CASCADE_SCHEMA))
        .cast(CASCADE_SCHEMA)  # type: ignore[arg-type]
        .sort("employer_id", "pay_id")
    )
