"""`--lang id` leaves no English behind: every catalogue walked, and the output of real runs.

Every module that registers labels is imported (the whole package is
walked, so labels a later renderer adds are checked too); then each text's
Indonesian must be there, take the same placeholders as its English, and
hold none of the common English words below. The same words are looked for
in what `reconcile`, `validate` and `explain` print in Indonesian on
`sample_data/`.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
from pathlib import Path
from string import Formatter

import polars as pl
import pytest
from rich.console import Console
from typer.testing import CliRunner

import underreport
from underreport import ReconcileOptions
from underreport.cli import app
from underreport.ingest.issue_lang import in_language
from underreport.model import findings, i18n, quality
from underreport.model.i18n import Text

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _words(text: str) -> list[str]:
    return text.split()


STOP = frozenset(
    _words("""
    the and of with without not is are was were be been has have had this that these those
    which who their its it an to from by for at on in or but than then only also each every
    worker workers employer employers wage wages payroll enrolled enrolment enrollment month
    months paid reported unreported missing found left out row rows sheet file files column
    yes high low medium rank severity gap name match finding findings exact tier covered owed
    read skipped code count message means issue issues result errors error warning open rules
    rule period figures source state time run runs flagged new resolved escalated office
    contribution contributions registered unregistered fine late month arrears estimated
    below above under over declared declares enterprise programme programmes lacks
    """)
)
"""Common English words that are not Indonesian: one of them left means a text was missed."""

INDONESIAN = _words("""
    dan di yang dengan tanpa untuk dari pada atau tidak belum bukan ada sebulan bulan pekerja
    upah pemberi kerja iuran daftar peserta kepesertaan terdaftar aktif nonaktif baris lembar
    berkas kolom kode jumlah pesan galat peringatan info hasil data total status program
    minimum periode nama judul selisih tunggakan denda tarif kelas risiko batas sejak usaha
    besar menengah kecil mikro tinggi sedang rendah ya pasti tingkat temuan proses kantor
    provinsi nasional baru selesai dilaporkan dibayar rupiah Rp NIK NPP KTP PWBD WLKP
    JKK JKM JHT JP Maret Mei Agustus Desember no nomor per
""")
"""Words Indonesian output uses: the stop list must not catch any of them."""

_IDENTIFIER = re.compile(
    r"\{[^}]*\}"  # a placeholder
    r"|underreport \w+"  # a command
    r"|--[\w-]+"  # an option
    r"|\[[\w.\[\]]+\]"  # a config key, [aliases.payroll]
    r"|\S*[/_.\\]\w\S*"  # a path, a file name, a field name (base_wage)
    r"|→ \w+"  # the field a column was read as (period)
)


def english_left(text: str) -> list[str]:
    """The stop-list words in `text`, once commands, options, paths and field names are out.

    Words in capitals are codes (NIK, JKK) or a file's own shouted header (PERIODE PAYROLL).
    """
    words = re.findall(r"[A-Za-z][A-Za-z']*", _IDENTIFIER.sub(" ", text))
    return [w for w in words if w.lower() in STOP and not w.isupper()]


def _walk() -> None:
    for module in pkgutil.walk_packages(underreport.__path__, "underreport."):
        try:
            importlib.import_module(module.name)
        except ModuleNotFoundError as exc:  # an optional extra (the cluster's dask)
            if (exc.name or "").startswith("underreport"):
                raise


_walk()


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def _texts() -> list[tuple[str, Text]]:
    """Every text of every catalogue: labels, findings, data-quality codes."""
    out = [(f"{name}:{key}", t) for name, made in i18n.REGISTRY.items()
           for key, t in made.texts.items()]  # fmt: skip
    for code, f in findings.CATALOGUE.items():
        out += [(f"{code}:title", f.title), (f"{code}:message", f.message)]
        out += [(f"{code}:{p}", c.text) for p, cs in f.clauses.items() for c in cs]
    for name, value in vars(findings).items():
        if isinstance(value, Text):
            out.append((name, value))
        elif isinstance(value, dict) and name != "CATALOGUE":
            out += [(f"{name}:{k}", t) for k, t in value.items() if isinstance(t, Text)]
    for key, c in {**quality.CATALOGUE, **quality.VARIANTS}.items():
        out += [(f"{key}:title", c.heading), (f"{key}:message", c.message)]
    out += [(f"reason:{en}", t) for en, t in quality.REASONS.items()]
    return out


TEXTS = _texts()


def test_the_walk_finds_every_catalogue() -> None:
    names = {key.split(":")[0] for key, _ in TEXTS}
    assert {"story-text", "validation-text", "rules-text", "check-line", "history-command"} <= names
    assert {"match-reasons", "rules-notes"} <= names  # `match_reason`, the rules' certainty
    assert {"JP_CEILING", "JKK_ASSUMPTION", "SIZES", "VARIANTS", "WAGE_MISMATCH"} <= names
    assert len(quality.CATALOGUE) == 24 and len(quality.VARIANTS) == 2


@pytest.mark.parametrize(("key", "text"), TEXTS, ids=[k for k, _ in TEXTS])
def test_indonesian_is_there_with_the_same_placeholders_and_no_english(
    key: str, text: Text
) -> None:
    assert text.id.strip(), key
    assert _placeholders(text.id) == _placeholders(text.en), key
    assert english_left(text.id) == [], (key, text.id)


def test_the_stop_list_catches_english_and_spares_indonesian() -> None:
    assert [w for w in INDONESIAN if w.lower() in STOP] == []
    sentences = [f.message.en for f in findings.CATALOGUE.values()]
    sentences += [c.message.en for c in quality.CATALOGUE.values()]
    caught = [s for s in sentences if english_left(s)]
    assert len(caught) == len(sentences), [s for s in sentences if s not in caught]
    assert english_left("2 workers on the payroll") == ["workers", "on", "the", "payroll"]
    assert english_left("lihat --lang id, underreport rules, base_wage, sample_data/payroll") == []


def test_every_fixed_skip_reason_is_catalogued() -> None:
    from underreport.ingest import choice, clean

    source = Path(clean.__file__).read_text(encoding="utf-8")
    said = re.findall(r'pl\.lit\(\s*"([^"]+)"(?:\s*"([^"]+)")?', source)
    reasons = {"".join(parts) for parts in said} - {"blank"}
    assert len(reasons) == 11
    assert reasons | {choice.HIDDEN} <= set(quality.REASONS)


def test_issue_messages_are_rewritten_from_the_templates() -> None:
    issues = pl.DataFrame(
        [
            ("WAGE_NOT_A_NUMBER", "wage 'empat juta' is not a number"),
            ("ROW_SKIPPED", "row left out (totals row)"),
            ("ROW_SKIPPED", "row left out (a reason nobody catalogued)"),
            ("NIK_PRECISION_LOSS", "NIK 3201••••••••0120 was stored as a number: its last digit "
             "may have been lost (a re-save rounds or drops it); still used as a key, check it "
             "against the ID card"),
            ("DUPLICATE_WORKER", "NIK 3201••••••••0123 appears 2 times on the March 2025 payroll "
             "of 12345678; counted once"),
            ("FILE_SKIPPED", "not a template at all"),
        ],
        schema=["code", "message"],
        orient="row",
    )  # fmt: skip
    assert in_language(issues, "id")["message"].to_list() == [
        "upah 'empat juta' bukan angka",
        "baris dilewati (baris jumlah)",
        "baris dilewati (a reason nobody catalogued)",
        "NIK 3201••••••••0120 disimpan sebagai bilangan: angka terakhirnya mungkin hilang "
        "(penyimpanan ulang membulatkan atau membuangnya); tetap dipakai untuk pencocokan, "
        "periksa dengan KTP",
        "NIK 3201••••••••0123 tercantum 2 kali dalam daftar upah Maret 2025 milik 12345678; "
        "dihitung sekali",
        "not a template at all",
    ]
    assert in_language(issues, "en").equals(issues)
    assert in_language(issues.lazy(), "id").collect().equals(in_language(issues, "id"))


runner = CliRunner()
SIDES = ["-p", str(SAMPLE / "payroll"), "-e", str(SAMPLE / "enrollment")]


def _cli(*args: str) -> str:
    done = runner.invoke(app, list(args), env={"LANG": "C.UTF-8", "LC_ALL": ""})
    assert done.exit_code in (0, 1), done.output
    return done.stdout


def test_reconcile_json_in_indonesian_has_no_english_sentence() -> None:
    doc = json.loads(_cli("reconcile", *SIDES, "--lang", "id", "--format", "json"))
    reasons = [r for e in doc["employers"] for r in e["reasons"]]
    assert len(reasons) >= 30
    assert "Rp 10.547.400 sejak Maret 2025" in reasons[1]
    messages = [i["message"] for i in doc["data_quality"]]
    assert "baris dilewati (baris jumlah)" in messages
    said = [doc["jkk_assumption"], *reasons, *messages]
    assert {s: english_left(s) for s in said if english_left(s)} == {}


def test_english_stays_the_default_and_the_config_file_can_choose(tmp_path: Path) -> None:
    english = json.loads(_cli("reconcile", *SIDES, "--format", "json"))
    assert english["employers"][0]["reasons"][0].startswith("No enrolment at all under employer")
    assert english["jkk_assumption"].startswith("JKK at the employer's risk class")
    config = tmp_path / "underreport.toml"
    config.write_text('[output]\nlang = "id"\n', encoding="utf-8")
    chosen = json.loads(_cli("reconcile", *SIDES, "-c", str(config), "--format", "json"))
    assert chosen["employers"][0]["reasons"][0].startswith("Tidak ada kepesertaan sama sekali")
    config.write_text('[reconcile]\nlang = "id"\n', encoding="utf-8")
    wrong = runner.invoke(app, ["reconcile", *SIDES, "-c", str(config)])
    assert wrong.exit_code == 2 and "[output] lang" in wrong.output


def test_a_run_in_parts_speaks_as_a_single_run() -> None:
    from underreport import pipeline
    from underreport.model.config import Settings

    paths = pipeline.inputs(Settings(), SAMPLE, [SAMPLE / "payroll"], [SAMPLE / "enrollment"])
    whole = pipeline.run(paths, ReconcileOptions(lang="id", chunk_rows=0))[1]
    parts = pipeline.run(paths, ReconcileOptions(lang="id", chunk_rows=200))[1]
    assert [e.reasons for e in parts.result.employers] == [
        e.reasons for e in whole.result.employers
    ]
    assert parts.result.data_quality == whole.result.data_quality
    every = pl.concat([parts.issues.lazy().collect(), whole.issues.lazy().collect()])
    assert every.filter(pl.col("message").str.starts_with("row left out")).height == 0


def test_validate_in_indonesian(tmp_path: Path) -> None:
    from underreport.report import validation_text
    from underreport.validate import validate

    report = validate([SAMPLE / "payroll", SAMPLE / "enrollment"], lang="id")
    out = io.StringIO()
    console = Console(file=out, width=400, color_system=None)
    validation_text.render(report, console, console, "id")
    text = out.getvalue()
    assert "Masalah mutu data menurut kode" in text and "Hasil: tidak ada galat." in text
    assert "judul: NPP (baris 2) → employer_id" in text
    assert english_left(text) == []
    doc = json.loads(_cli("validate", str(SAMPLE / "payroll"), "--lang", "id", "-f", "json"))
    assert doc["data_quality"] and all(not english_left(i["message"]) for i in doc["data_quality"])


def test_explain_text_in_indonesian() -> None:
    from underreport import load, reconcile
    from underreport.reconcile.explain import explain
    from underreport.report import story_text

    loaded = load([SAMPLE / "payroll"], [SAMPLE / "enrollment"])
    story = explain(reconcile(loaded, ReconcileOptions(lang="id")), "03103314")
    out = io.StringIO()
    story_text.render(story, Console(file=out, width=400, color_system=None), "id")
    text = out.getvalue()
    assert "Maret 2025" in text and "Pekerja dalam daftar upah" in text
    assert "JKK 0,24% (kelas I: kelas risiko tidak diketahui)" in text
    assert english_left(text) == []


def test_rules_check_and_history_speak_indonesian(tmp_path: Path) -> None:
    rules = _cli("rules", "--year", "2025", "--lang", "id")
    assert "batas upah JP" in rules and "Sumber" in rules
    line = _cli("check", *SIDES, "--lang", "id", "--fail-on", "high")
    assert line.startswith("underreport check 2025-03: ") and "pemberi kerja" in line
    assert english_left(line) == []
    db = tmp_path / "cases.sqlite"
    _cli("check", *SIDES, "--history", str(db))
    runs = _cli("history", "--db", str(db), "--lang", "id")
    assert "Proses dalam" in runs and "Selisih" in runs and "Ditandai" in runs
