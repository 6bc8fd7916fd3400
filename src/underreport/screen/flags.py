"""Each red flag as per-employer Polars aggregates; `strength` is a 0-1 share."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from underreport.model.config import ScreenConfig
from underreport.model.i18n import Lang, day, labels, percent

SLACK = 2.0
"""Minimum wages differ by a rupiah between published sources."""


def per_employer(workers: pl.DataFrame) -> pl.DataFrame:
    """Counts the flags need, from one row per enrolled worker (active ones count)."""
    active = pl.col("active")
    return workers.group_by("employer_id").agg(
        pl.col("employer_name").drop_nulls().first(),
        active.sum().alias("active_workers"),
        (active & (pl.col("reported_wage") <= pl.col("minimum") + SLACK)).sum().alias("at_minimum"),
        pl.col("minimum").drop_nulls().first(),
        pl.col("minimum_basis").drop_nulls().first(),
        (active & pl.col("lacks_required")).sum().alias("lacking"),
        pl.col("missing").explode().drop_nulls().unique().alias("missing"),
        (active & pl.col("after_notice")).sum().alias("after_notice"),
        pl.col("notice_date").drop_nulls().first(),
    )


FLAGS = labels(
    "screen",
    {
        "title.MINIMUM_WAGE_PATTERN": ("Wages at the minimum", "Upah di batas minimum"),
        "title.STAGNANT_WAGES": ("Wages frozen", "Upah tidak naik"),
        "title.PROGRAM_MISSING": ("Programme missing", "Program tidak lengkap"),
        "title.HEADCOUNT_GAP": ("Fewer enrolled than declared", "Peserta lebih sedikit dari WLKP"),
        "title.ENROLMENT_DROP": ("Enrolments dropped", "Kepesertaan turun"),
        "title.ENROLLED_AFTER_NOTICE": (
            "Enrolled after a notice",
            "Didaftarkan setelah pemeriksaan",
        ),
        "MINIMUM_WAGE_PATTERN": (
            "{at_min} of {n} active workers are reported at the minimum wage or below "
            "({basis}): the pattern of wages reported low.",
            "{at_min} dari {n} pekerja aktif dilaporkan dengan upah minimum atau di bawahnya "
            "({basis}): pola upah yang dilaporkan rendah.",
        ),
        "PROGRAM_MISSING": (
            "{lacking} of {n} active workers lack {missing}, required for the employer's size.",
            "{lacking} dari {n} pekerja aktif tidak ikut {missing}, yang wajib untuk skala "
            "usaha pemberi kerja.",
        ),
        "HEADCOUNT_GAP": (
            "Declares {declared} workers (WLKP) but only {n} are actively enrolled: {gap} missing.",
            "Melaporkan {declared} pekerja (WLKP) tetapi hanya {n} yang terdaftar aktif: "
            "{gap} tidak terdaftar.",
        ),
        "ENROLMENT_DROP": (
            "Active enrolments fell from {previous} to {n} ({drop}) since the previous export, "
            "and no matching drop in declarations.",
            "Kepesertaan aktif turun dari {previous} menjadi {n} ({drop}) sejak data "
            "sebelumnya, tanpa penurunan yang sama dalam laporan WLKP.",
        ),
        "STAGNANT_WAGES": (
            "{same} of {both} workers in both exports report the same wage while the minimum "
            "wage rose.",
            "{same} dari {both} pekerja yang ada di kedua data melaporkan upah yang sama "
            "padahal upah minimum naik.",
        ),
        "ENROLLED_AFTER_NOTICE": (
            "{after} of {n} active workers were enrolled within {days} days after the notice "
            "of {notice}: a sign of enrolling only those who were seen.",
            "{after} dari {n} pekerja aktif didaftarkan dalam {days} hari setelah pemeriksaan "
            "tanggal {notice}: tanda hanya pekerja yang terlihat yang didaftarkan.",
        ),
    },
)
"""Each flag's title and its sentence, in English and Indonesian."""


def flags(
    row: dict[str, Any], cfg: ScreenConfig, lang: Lang = "en"
) -> list[tuple[str, float, str]]:
    """(code, strength, reason) for every flag the employer raises, the reason in `lang`."""
    n = int(row["active_workers"] or 0)
    out: list[tuple[str, float, str]] = []

    def add(code: str, strength: float, **values: object) -> None:
        out.append((code, strength, FLAGS(code, lang, n=n, **values)))

    at_min = int(row["at_minimum"] or 0)
    if n and at_min / n >= cfg.minimum_wage_share:
        add("MINIMUM_WAGE_PATTERN", at_min / n, at_min=at_min, basis=row["minimum_basis"])
    lacking = int(row["lacking"] or 0)
    if n and lacking:
        missing = ", ".join(sorted(row["missing"] or []))
        add("PROGRAM_MISSING", lacking / n, lacking=lacking, missing=missing)
    declared = row.get("declared_workers")
    if isinstance(declared, int) and declared > 0:
        gap = declared - n
        if gap > max(1, round(declared * 0.05)):
            add("HEADCOUNT_GAP", min(gap / declared, 1.0), declared=declared, gap=gap)
    previous = row.get("previous_active_workers")
    if isinstance(previous, int) and previous > 0:
        drop = (previous - n) / previous
        explained = isinstance(declared, int) and declared <= n
        if drop >= cfg.drop_share and not explained:
            add("ENROLMENT_DROP", drop, previous=previous, drop=percent(drop, lang, digits=0))
    same = int(row.get("unchanged") or 0)
    both = int(row.get("in_both") or 0)
    if both >= 3 and row.get("minimum_rose") and same / both >= cfg.stagnant_share:
        add("STAGNANT_WAGES", same / both, same=same, both=both)
    after = int(row["after_notice"] or 0)
    if n and after >= 2 and after / n >= cfg.notice_share:
        notice = row["notice_date"]
        shown = day(notice, lang) if isinstance(notice, date) else str(notice)
        add("ENROLLED_AFTER_NOTICE", after / n, after=after, days=cfg.notice_days, notice=shown)
    return out
