"""Whom to inspect next: rank employers by red flags in the enrolment export alone.

Before a visit an office holds the BPJS export and, often, the headcounts
employers declare. Each red flag is a share between 0 and 1 with a weight
from the config; the score is their weighted sum and every flag that
contributed is listed with its sentence, so the ranking is never a black box.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from underreport import __version__
from underreport.ingest import simple
from underreport.ingest.declarations import load_declarations
from underreport.ingest.load import load_kind
from underreport.ingest.reference import load_employers
from underreport.model.config import ScreenConfig
from underreport.model.i18n import Lang
from underreport.model.result import DataQualityIssue
from underreport.reconcile import attributes
from underreport.reconcile import workers as wk
from underreport.rules import MinimumWages, RuleBook, load_minimum_wages, load_rules
from underreport.screen.flags import flags, per_employer
from underreport.screen.model import Flag, ScreenedEmployer, ScreenResult, YearBasis

__all__ = ["ScreenResult", "screen"]


def _minimums(workers: pl.LazyFrame, attrs: pl.DataFrame, nik_min: pl.DataFrame) -> pl.LazyFrame:
    return (
        workers.join(attrs.lazy(), on="employer_id", how="left")
        .with_columns(pl.col("nik").str.slice(0, 2).alias("nik_province"))
        .join(nik_min.lazy(), on="nik_province", how="left")
        .with_columns(
            pl.coalesce("min_wage", "nik_min_wage").alias("minimum"),
            pl.coalesce("min_wage_basis", "nik_min_wage_basis").alias("minimum_basis"),
        )
    )


def _as_of(enr: pl.DataFrame, given: date | None, today: date) -> tuple[date, YearBasis]:
    """The export's as-of date and where it came from: the option, the file's month, or today.

    A file's month is the latest period its forms or title blocks name; its
    last day is the as-of date (the export shows the month as it ended).
    """
    if given is not None:
        return given, "as_of"
    latest = enr.select(pl.col("period").drop_nulls().max()).item()
    if isinstance(latest, str) and len(latest) == 7:
        first = date(int(latest[:4]), int(latest[5:]), 1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1), "file"
    return today, "today"


def _notices(paths: Sequence[Path]) -> pl.DataFrame:
    from underreport.ingest import parse

    frames = simple.read(paths, "notices", lambda col: [
        parse.npp(col("employer_id")).alias("employer_id"),
        parse.date(col("notice_date")).alias("notice_date"),
    ], required=["employer_id", "notice_date"])  # fmt: skip
    if not frames:
        return pl.DataFrame(schema={"employer_id": pl.String, "notice_date": pl.Date})
    return (
        pl.concat(frames).drop_nulls(["employer_id", "notice_date"])
        .group_by("employer_id").agg(pl.col("notice_date").max())
    )  # fmt: skip


def screen(
    enrollment: Sequence[Path],
    *,
    declarations: Sequence[Path] = (),
    previous: Sequence[Path] = (),
    employers: Sequence[Path] = (),
    notices: Sequence[Path] = (),
    umk: Path | None = None,
    year: int | None = None,
    as_of: date | None = None,
    config: ScreenConfig | None = None,
    lang: Lang = "en",
    today: date | None = None,
) -> ScreenResult:
    """Rank the employers of `enrollment` by red flags, judged against one year's minimum wages.

    The year is `year` if given, else the year of the export's as-of date:
    `as_of` (`--as-of`), else the file's own month (a form's or title block's
    period), else `today`. Enrolment dates do not decide it: a March 2025
    export whose last enrolment was in 2024 is a 2025 export.
    """
    cfg = config or ScreenConfig()
    enr, inputs, issues = load_kind(enrollment, "enrollment")
    as_of, basis = _as_of(enr, as_of, today or datetime.now(UTC).date())
    if year is not None:
        basis = "year"
    year = year or as_of.year
    book, wages = load_rules(), load_minimum_wages(umk)
    reference = attributes.reference_table(load_employers(employers) if employers else None, {})
    attrs = attributes.for_period(reference, book, book.at(f"{year}-06"), wages, f"{year}-06")
    nik_min = attributes.nik_province_minimum(wages, year)
    notice = _notices(notices) if notices else pl.DataFrame(
        schema={"employer_id": pl.String, "notice_date": pl.Date})  # fmt: skip
    required = pl.coalesce(pl.col("required"), pl.lit(["JKK", "JKM"], pl.List(pl.String)))
    missing = required.list.set_difference(pl.col("programs").str.split(","))
    window = pl.duration(days=cfg.notice_days)
    workers = (
        _minimums(wk.enrolment_by_worker(enr.lazy()), attrs, nik_min)
        .join(notice.lazy(), on="employer_id", how="left")
        .join(enr.lazy().group_by("employer_id").agg(pl.col("employer_name").drop_nulls().first()),
              on="employer_id", how="left")
        .with_columns(
            pl.when(pl.col("programs").is_not_null()).then(missing).alias("missing"),
            (pl.col("programs").is_not_null() & (missing.list.len() > 0)).alias("lacks_required"),
            ((pl.col("enrolled_on") > pl.col("notice_date"))
             & (pl.col("enrolled_on") <= pl.col("notice_date") + window)).fill_null(False)
            .alias("after_notice"),
        )
        .collect()
    )  # fmt: skip
    table = per_employer(workers)
    decl = load_declarations(declarations, load_employers(employers) if employers else None)
    table = table.join(decl.select("employer_id", "declared_workers"), on="employer_id",
                       how="left")  # fmt: skip
    if previous:
        table = _compare_previous(table, workers, previous, book, wages, reference, year)
        for f in load_kind(previous, "enrollment")[1]:
            inputs.append(f.model_copy(update={"path": f.path}))
    ranked = _rank(table, cfg, lang)
    return ScreenResult(
        year=year, as_of=as_of, year_basis=basis, tool_version=__version__,
        rules_version=book.version,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        weights=cfg.weights.model_dump(), inputs=inputs, employers_screened=table.height,
        employers=ranked,
        data_quality=[DataQualityIssue(**r) for r in issues.iter_rows(named=True)],
    )  # fmt: skip


def _compare_previous(
    table: pl.DataFrame,
    workers: pl.DataFrame,
    previous: Sequence[Path],
    book: RuleBook,
    wages: MinimumWages,
    reference: pl.DataFrame,
    year: int,
) -> pl.DataFrame:
    """Active enrolments then and now, and wages that did not move while the minimum rose."""
    prev_rows = load_kind(previous, "enrollment")[0]
    before = wk.enrolment_by_worker(prev_rows.lazy()).filter(pl.col("active")).collect()
    counts = before.group_by("employer_id").agg(pl.len().alias("previous_active_workers"))
    prev_year = year - 1
    attrs = attributes.for_period(reference, book, book.at(f"{prev_year}-06"), wages,
                                  f"{prev_year}-06")  # fmt: skip
    nik_min = attributes.nik_province_minimum(wages, prev_year)
    then = _minimums(before.lazy(), attrs, nik_min).select(
        "employer_id", "nik", pl.col("reported_wage").alias("wage_then"),
        pl.col("minimum").alias("minimum_then"),
    ).collect()  # fmt: skip
    both = workers.filter(pl.col("active")).join(then, on=["employer_id", "nik"], how="inner")
    stagnant = both.group_by("employer_id").agg(
        pl.len().alias("in_both"),
        ((pl.col("reported_wage") - pl.col("wage_then")).abs() <= 1).sum().alias("unchanged"),
        (pl.col("minimum") > pl.col("minimum_then")).any().alias("minimum_rose"),
    )
    return (
        table.join(counts, on="employer_id", how="left")
        .join(stagnant, on="employer_id", how="left")
    )  # fmt: skip


def _rank(table: pl.DataFrame, cfg: ScreenConfig, lang: Lang) -> list[ScreenedEmployer]:
    weights = {
        "MINIMUM_WAGE_PATTERN": cfg.weights.minimum_wage,
        "STAGNANT_WAGES": cfg.weights.stagnant_wages,
        "PROGRAM_MISSING": cfg.weights.program_missing, "HEADCOUNT_GAP": cfg.weights.headcount_gap,
        "ENROLMENT_DROP": cfg.weights.enrolment_drop,
        "ENROLLED_AFTER_NOTICE": cfg.weights.after_notice,
    }  # fmt: skip
    scored = []
    for row in table.iter_rows(named=True):
        found = [
            Flag(code=code, weight=weights[code], strength=round(strength, 4),
                 score=round(weights[code] * strength, 4), reason=reason)
            for code, strength, reason in flags(row, cfg, lang)
        ]  # fmt: skip
        found = [f for f in found if f.score > 0]
        if found:
            scored.append((sum(f.score for f in found), row, found))
    scored.sort(key=lambda s: (-s[0], -int(s[1]["active_workers"] or 0), s[1]["employer_id"]))
    return [
        ScreenedEmployer(
            rank=i, employer_id=row["employer_id"], employer_name=row["employer_name"],
            active_workers=int(row["active_workers"] or 0),
            declared_workers=row.get("declared_workers"),
            previous_active_workers=row.get("previous_active_workers"),
            score=round(score, 4), flags=sorted(found, key=lambda f: -f.score),
        )
        for i, (score, row, found) in enumerate(scored, start=1)
    ]  # fmt: skip
