"""Why a worker matched, in the run's language: `match_reason` and the rules' notes.

The link-level fixture below plants one worker for each kind of reason the
matching gives (tiers 2-4, and every verdict on an unmatched worker); each
reason is written out by hand in English (as the reasons always read) and in
Indonesian. End to end, `explain`, `export --level workers` and `workpaper`
in Indonesian on `sample_data/` hold no English reason, and `rules --lang id`
no English note.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from test_language import SAMPLE, SIDES, _cli, english_left
from typer.testing import CliRunner

from underreport import ReconcileOptions, pipeline
from underreport.cli import app
from underreport.model.config import Settings
from underreport.reconcile.link import link
from underreport.reconcile.workers import KEYED_NIK
from underreport.rules import load_rules

A, B = "11111111", "22222222"  # B has no enrolment at all
BORN = date(1985, 4, 1)

# (row, employer, NIK, name, scientific, birth date, English reason, Indonesian reason)
PLANTED: list[tuple[int, str | None, str | None, str | None, bool, date | None, str | None,
                    str | None]] = [
    (1, A, "3201230101900001", "Siti Aminah", False, None, None, None),  # exact: no reason
    (2, A, "3201014508900120", "Rina Wulandari", False, None,
     "NIK damaged by Excel (last digit lost); names agree (score 100)",
     "NIK rusak oleh Excel (angka terakhir hilang); nama sesuai (skor 100)"),
    (3, A, "3201230909800020", "Putri Ayu", False, None,
     "NIK rounded to 15 digits by a re-save; names agree (score 100)",
     "NIK dibulatkan menjadi 15 angka saat disimpan ulang; nama sesuai (skor 100)"),
    (4, A, "3578011203850458", "Agus Salim", False, None,
     "NIK differs by one digit; names agree (score 100)",
     "NIK berbeda satu angka; nama sesuai (skor 100)"),
    (5, A, "3201231010800021", "Wahyu Hidayat", False, None,
     "NIK has two adjacent digits swapped; names agree (score 100)",
     "dua angka NIK yang berdampingan tertukar; nama sesuai (skor 100)"),
    (6, A, None, "Bambang Sutrisno", False, BORN,
     "no usable NIK; same name and birth date",
     "NIK tidak dapat dipakai; nama dan tanggal lahir sama"),
    (7, A, "3201230000000000", "Sri Wahyuni", True, None,
     "NIK in scientific text (digits lost), not used; only name match in the employer "
     "(score 100)",
     "NIK dalam notasi ilmiah (angka hilang), tidak dipakai; satu-satunya nama yang cocok di "
     "pemberi kerja ini (skor 100)"),
    (8, A, None, "Joko Widodo", False, None,
     "no usable NIK (none given); the name agrees with 2 enrolments of this employer, none "
     "chosen for sure: not checked",
     "NIK tidak dapat dipakai (tidak diisi); namanya sesuai dengan 2 kepesertaan pemberi "
     "kerja ini, tidak ada yang dapat dipilih dengan pasti: tidak diperiksa"),
    (9, A, "3201230707800010", "Dewi Lestari", False, None,
     "NIK ends in 0 and could be a re-saved form of 2 enrolled NIKs of this employer with a "
     "like name, not told apart: not checked",
     "NIK berakhir 0 dan bisa jadi hasil penyimpanan ulang 2 NIK peserta pemberi kerja ini "
     "dengan nama yang mirip, tidak dapat dibedakan: tidak diperiksa"),
    (10, A, "12345", "Hendra Gunawan", False, None,
     "no usable NIK (not 16 digits); no enrolment of this employer has this name",
     "NIK tidak dapat dipakai (bukan 16 angka); tidak ada kepesertaan pemberi kerja ini "
     "dengan nama ini"),
    (11, A, "3201230000000000", "Wati Susanti", True, None,
     "no usable NIK (scientific text, digits lost); no enrolment of this employer has this "
     "name",
     "NIK tidak dapat dipakai (notasi ilmiah, angka hilang); tidak ada kepesertaan pemberi "
     "kerja ini dengan nama ini"),
    (12, A, None, None, False, None,
     "no usable NIK (none given) and no name: not checked",
     "NIK tidak dapat dipakai (tidak diisi) dan tanpa nama: tidak diperiksa"),
    (13, A, "3201230202850002", "Budi Santoso", False, None,
     "no enrolment of this employer has this NIK",
     "tidak ada kepesertaan pemberi kerja ini dengan NIK ini"),
    (14, B, "3201230101900001", "Yanti", False, None,
     "the employer has no enrolment at all; active under NPP 11111111: check whether that is "
     "this employer's",
     "pemberi kerja tidak memiliki kepesertaan sama sekali; aktif di NPP 11111111: periksa "
     "apakah NPP itu milik pemberi kerja ini"),
    (15, B, None, "Tono", False, None,
     "no usable NIK (none given); the employer has no enrolment at all",
     "NIK tidak dapat dipakai (tidak diisi); pemberi kerja tidak memiliki kepesertaan sama "
     "sekali"),
    (16, None, None, "Agus Setiawan", False, None,
     "no employer (neither NPP nor employer name): not checked",
     "tanpa pemberi kerja (tidak ada NPP maupun nama pemberi kerja): tidak diperiksa"),
]  # fmt: skip

ENROLLED = [  # employer A's enrolment
    ("3201230101900001", "SITI AMINAH", None),
    ("3201014508900123", "RINA WULANDARI", None),
    ("3201230909800015", "PUTRI AYU", None),
    ("3578011203850457", "AGUS SALIM", None),
    ("3201231010800012", "WAHYU HIDAYAT", None),
    ("1671026110920088", "BAMBANG SUTRISNO", BORN),
    ("3201230808800008", "SRI WAHYUNI", date(1979, 2, 2)),
    ("3201230505800005", "JOKO WIDODO", None),
    ("3201230606800006", "JOKO WIDODO", None),
    ("3201230707800005", "DEWI LESTARI", None),
    ("3201230707800011", "DEWI LESTARI", None),
]


def _frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    n = len(PLANTED)
    payroll = pl.DataFrame(
        {
            "employer_id": [p[1] for p in PLANTED], "nik": [p[2] for p in PLANTED],
            "employer_name": [None] * n, "worker_name": [p[3] for p in PLANTED],
            "contribution_wage": [4e6] * n, "base_wage": [4e6] * n, "fixed_allowance": [None] * n,
            "nik_damaged": [p[4] for p in PLANTED], "work_status": [None] * n,
            "_file": ["g.xlsx"] * n, "_sheet": ["S"] * n, "_row": [p[0] for p in PLANTED],
            "birth_date": [p[5] for p in PLANTED],
        },
        schema_overrides={"employer_name": pl.String, "fixed_allowance": pl.Float64,
                          "work_status": pl.String, "birth_date": pl.Date},
    ).with_columns(pl.lit(1, pl.UInt32).alias("payroll_rows"))  # fmt: skip
    enrolled = pl.DataFrame(
        {"employer_id": [A] * len(ENROLLED), "nik": [e[0] for e in ENROLLED],
         "enrolled_name": [e[1] for e in ENROLLED], "active": [True] * len(ENROLLED),
         "birth_date": [e[2] for e in ENROLLED]},
        schema_overrides={"birth_date": pl.Date},
    )  # fmt: skip
    return payroll, enrolled


def _reasons(lang: str, strict: bool = False) -> dict[int, str | None]:
    payroll, enrolled = _frames()
    keyed = payroll.filter(KEYED_NIK)
    out, unjudged = link(keyed, payroll.filter(~KEYED_NIK), enrolled, strict, lang)
    both = pl.concat([out.select("_row", "match_reason"), unjudged.select("_row", "match_reason")])
    assert both.height == len(PLANTED)
    return dict(both.rows())


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_reason_is_said_in_the_runs_language(lang: str) -> None:
    said = _reasons(lang)
    expected = {p[0]: p[6] if lang == "en" else p[7] for p in PLANTED}
    assert said == expected


def test_the_indonesian_reasons_hold_no_english() -> None:
    left = {r: english_left(t) for r, t in _reasons("id").items() if t and english_left(t)}
    assert left == {}


def test_strict_says_what_a_name_would_have_found_in_both_languages() -> None:
    assert _reasons("en", strict=True)[2] == (
        "no enrolment of this employer has this NIK; --strict: one of its enrolments has a "
        "like name and was not matched by name"
    )
    assert _reasons("id", strict=True)[2] == (
        "tidak ada kepesertaan pemberi kerja ini dengan NIK ini; --strict: salah satu "
        "kepesertaannya bernama mirip dan tidak dicocokkan menurut nama"
    )


def test_a_run_in_parts_gives_the_reasons_of_a_single_run() -> None:
    paths = pipeline.inputs(Settings(), SAMPLE, [SAMPLE / "payroll"], [SAMPLE / "enrollment"])

    def reasons(chunk_rows: int) -> list[tuple[str, str, int, str]]:
        rec = pipeline.run(paths, ReconcileOptions(lang="id", chunk_rows=chunk_rows))[1]
        frame = pl.concat(
            [
                rec.workers.select("_file", "_sheet", "_row", "match_reason"),
                rec.unreconcilable.select("_file", "_sheet", "_row", "match_reason"),
            ]
        )
        return sorted(frame.drop_nulls("match_reason").rows())  # fmt: skip

    whole, parts = reasons(0), reasons(200)
    assert whole and parts == whole
    said = {r[3] for r in whole}
    assert {"pemberi kerja tidak memiliki kepesertaan sama sekali",
            "tidak ada kepesertaan pemberi kerja ini dengan NIK ini"} <= said  # fmt: skip
    assert {r: english_left(r) for r in said if english_left(r)} == {}


def test_explain_export_and_workpaper_in_indonesian_have_no_english_reason(
    tmp_path: Path,
) -> None:
    story = json.loads(_cli("explain", "18453606", *SIDES, "--lang", "id", "--format", "json"))
    reasons = [w["match_reason"] for w in story["workers"] if w["match_reason"]]
    assert reasons and set(reasons) == {"pemberi kerja tidak memiliki kepesertaan sama sekali"}
    out = tmp_path / "x.csv"
    _cli("export", *SIDES, "--lang", "id", "--level", "workers", "--out", str(out))
    said = pl.read_csv(out)["match_reason"].drop_nulls().unique().to_list()
    assert len(said) == 2 and {r: english_left(r) for r in said if english_left(r)} == {}
    kkp = tmp_path / "kkp.html"
    _cli("workpaper", "18453606", *SIDES, "--lang", "id", "--out", str(kkp))
    page = kkp.read_text(encoding="utf-8")
    english = [t for t in ("no enrolment", "not checked", "names agree", "no usable NIK")
               if t in page]  # fmt: skip
    assert english == [] and "PP 45/2015 Pasal 19" in page
    assert "PP 6/2025 mengalihkan sebagian JKK ke JKP, iuran pemberi kerja tetap" in page


def test_english_reasons_are_unchanged_in_the_export(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    _cli("export", *SIDES, "--lang", "en", "--level", "workers", "--out", str(out))
    counts = pl.read_csv(out)["match_reason"].value_counts().drop_nulls().sort("match_reason")
    assert counts.rows() == [
        ("no enrolment of this employer has this NIK", 9),
        ("the employer has no enrolment at all", 21),
    ]


# --- the rules' notes ---------------------------------------------------------------------


def test_rules_in_indonesian_show_no_english_note() -> None:
    shown = CliRunner().invoke(app, ["rules", "--lang", "id"], env={"COLUMNS": "400"}).stdout
    assert "PP 6/2025 mengalihkan sebagian JKK ke JKP, iuran pemberi kerja tetap" in shown
    assert "[belum pasti: sumber berbeda (8.754.600 atau 8.939.700)" in shown
    assert "│ keringanan " in shown and "potongan JKK 99%, JKM 99%" in shown
    assert english_left(shown) == []
    doc = json.loads(_cli("rules", "--lang", "id", "--format", "json"))
    notes = [n for periods in doc["rules"].values() for p in periods
             for n in (p["source"], p.get("certainty") or "")]  # fmt: skip
    assert len(notes) == 2 * 25  # the shipped file has 25 periods
    assert {n: english_left(n) for n in notes if english_left(n)} == {}
    english = json.loads(_cli("rules", "--lang", "en", "--format", "json"))
    discount = english["rules"]["jkk_discount"][0]
    assert discount["source"] == "PP 7/2025 (50 % JKK discount for labour-intensive industries)"
    assert "source_id" not in discount and "certainty_id" not in discount
    said = doc["rules"]["jkk_discount"][0]
    assert said["source"] == "PP 7/2025 (potongan 50 % iuran JKK bagi industri padat karya)"


def test_the_indonesian_note_and_its_certainty_reach_the_period_rules() -> None:
    rules = load_rules().at("2020-05")
    assert rules.sources["jp_ceiling"] == (
        "PP 45/2015 art. 19; BPJS Ketenagakerjaan announcement (as reported) (certainty: "
        "sources disagree (8,754,600 vs 8,939,700); correct it in an override file)"
    )
    assert rules.sources_id["jp_ceiling"] == (
        "PP 45/2015 Pasal 19; pengumuman BPJS Ketenagakerjaan (sebagaimana diberitakan) "
        "(belum pasti: sumber berbeda (8.754.600 atau 8.939.700); perbaiki dengan berkas aturan "
        "pengganti (--rules))"
    )


def test_an_override_without_indonesian_notes_loads_and_shows_its_own(tmp_path: Path) -> None:
    f = tmp_path / "fix.toml"
    f.write_text('[[jp_ceiling]]\nfrom = "2020-03"\namount = 8_939_700\n'
                 'source = "BPJS letter (as checked by us)"\n', encoding="utf-8")  # fmt: skip
    book = load_rules(f)
    assert book.at("2020-05").sources_id.get("jp_ceiling") is None
    said = {p["from"]: p["source"] for p in book.describe(2020, "id")["rules"]["jp_ceiling"]}
    assert said == {"2019-03": "PP 45/2015 Pasal 19; pengumuman BPJS Ketenagakerjaan "
                               "(sebagaimana diberitakan)",
                    "2020-03": "BPJS letter (as checked by us)"}  # fmt: skip
    unnamed = tmp_path / "mine.toml"
    unnamed.write_text('[[jp_ceiling]]\nfrom = "2027-03"\namount = 11_600_000\n')
    assert load_rules(unnamed).at("2027-03").sources_id["jp_ceiling"] == (
        "berkas aturan pengganti mine.toml"
    )


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        ('certainty_id = "pasti"\n', "certainty_id without certainty"),
        ('source_id = "surat BPJS"\ncertainty = "unsure"\n', "certainty needs certainty_id"),
        ('source = "PP 45/2015 art. 19"\nsource_id = "surat BPJS"\n',
         "source_id does not cite 45/2015"),
    ],
)  # fmt: skip
def test_indonesian_notes_must_say_what_the_english_ones_say(
    tmp_path: Path, extra: str, problem: str
) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(f'[[jp_ceiling]]\nfrom = "2027-03"\namount = 11_600_000\n{extra}')
    done = CliRunner().invoke(app, ["rules", "--rules", str(f)])
    assert done.exit_code == 2 and problem in done.output, done.output
