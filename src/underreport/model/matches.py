"""Why a worker matched an enrolment, or was judged without one: `match_reason` in both languages.

The reasons are made in the run's language where the matching decides them
(`reconcile.cascade`, `reconcile.verdicts`), column by column, rather than
rewritten at the end as data-quality messages are (`ingest.issue_lang`).
Issues are found while files are read, before any option but the file is
known; a reason is made by `reconcile()`, which has the options, and every
part of a run in parts or on a cluster's worker is reconciled with them. A
reason is also put together from pieces (why the NIK is unusable, a score,
another NPP), which a rewrite would have to take apart again. The English
templates are the reasons as they always were, so English output is unchanged.
"""

from __future__ import annotations

from string import Formatter

import polars as pl

from underreport.model.i18n import labels

REASONS = labels(
    "match-reasons",
    {
        # why a NIK does not key the worker (`verdicts`)
        "why_none": ("no usable NIK (none given)", "NIK tidak dapat dipakai (tidak diisi)"),
        "why_scientific": ("no usable NIK (scientific text, digits lost)",
                           "NIK tidak dapat dipakai (notasi ilmiah, angka hilang)"),
        "why_length": ("no usable NIK (not 16 digits)",
                       "NIK tidak dapat dipakai (bukan 16 angka)"),
        # unmatched workers (`verdicts`)
        "elsewhere": ("; active under NPP {npps}: check whether that is this employer's",
                      "; aktif di NPP {npps}: periksa apakah NPP itu milik pemberi kerja ini"),
        "no_employer": ("no employer (neither NPP nor employer name): not checked",
                        "tanpa pemberi kerja (tidak ada NPP maupun nama pemberi kerja): "
                        "tidak diperiksa"),
        "resaved": ("NIK ends in 0 and could be a re-saved form of {which} of this employer "
                    "with a like name, not told apart: not checked",
                    "NIK berakhir 0 dan bisa jadi hasil penyimpanan ulang {which} pemberi kerja "
                    "ini dengan nama yang mirip, tidak dapat dibedakan: tidak diperiksa"),
        "resaved_one": ("an enrolled NIK", "satu NIK peserta"),
        "resaved_many": ("{n} enrolled NIKs", "{n} NIK peserta"),
        "nik_strict": ("no enrolment of this employer has this NIK; --strict: one of its "
                       "enrolments has a like name and was not matched by name",
                       "tidak ada kepesertaan pemberi kerja ini dengan NIK ini; --strict: salah "
                       "satu kepesertaannya bernama mirip dan tidak dicocokkan menurut nama"),
        "nik_absent": ("no enrolment of this employer has this NIK",
                       "tidak ada kepesertaan pemberi kerja ini dengan NIK ini"),
        "no_enrolment": ("the employer has no enrolment at all",
                         "pemberi kerja tidak memiliki kepesertaan sama sekali"),
        "why_no_enrolment": ("{why}; the employer has no enrolment at all",
                             "{why}; pemberi kerja tidak memiliki kepesertaan sama sekali"),
        "why_no_name": ("{why} and no name: not checked", "{why} dan tanpa nama: tidak diperiksa"),
        "why_like": ("{why}; the name agrees with {which} of this employer, none chosen for "
                     "sure: not checked",
                     "{why}; namanya sesuai dengan {which} pemberi kerja ini, tidak ada yang "
                     "dapat dipilih dengan pasti: tidak diperiksa"),
        "like_one": ("an enrolment", "satu kepesertaan"),
        "like_many": ("{n} enrolments", "{n} kepesertaan"),
        "why_unlike": ("{why}; no enrolment of this employer has this name",
                       "{why}; tidak ada kepesertaan pemberi kerja ini dengan nama ini"),
        # probable matches (`cascade`)
        "scored": ("{reason} (score {score})", "{reason} (skor {score})"),
        "excel": ("NIK damaged by Excel (last digit lost); names agree",
                  "NIK rusak oleh Excel (angka terakhir hilang); nama sesuai"),
        "resave": ("NIK rounded to 15 digits by a re-save; names agree",
                   "NIK dibulatkan menjadi 15 angka saat disimpan ulang; nama sesuai"),
        "one_digit": ("NIK differs by one digit; names agree",
                      "NIK berbeda satu angka; nama sesuai"),
        "swapped": ("NIK has two adjacent digits swapped; names agree",
                    "dua angka NIK yang berdampingan tertukar; nama sesuai"),
        "scientific_then": ("NIK in scientific text (digits lost), not used; {rest}",
                            "NIK dalam notasi ilmiah (angka hilang), tidak dipakai; {rest}"),
        "unusable_then": ("no usable NIK; {rest}", "NIK tidak dapat dipakai; {rest}"),
        "same_name_birth": ("same name and birth date", "nama dan tanggal lahir sama"),
        "only_name": ("only name match in the employer",
                      "satu-satunya nama yang cocok di pemberi kerja ini"),
    },
)  # fmt: skip


def reason(key: str, lang: str, **values: pl.Expr) -> pl.Expr:
    """The reason `key` in `lang`, each placeholder filled from the expression of its name.

    Null when a value is null, as `pl.format` is.
    """
    parts: list[pl.Expr] = []
    for literal, name, _spec, _conv in Formatter().parse(REASONS.texts[key].get(lang)):
        if literal:
            parts.append(pl.lit(literal))
        if name is not None:
            parts.append(values[name].cast(pl.String))
    return pl.concat_str(parts)
