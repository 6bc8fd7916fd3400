"""The HTML report: one offline file, opened in a real browser (headless Chromium).

Expected NPPs come from sample_data/answer.json, worked out by hand: every
employer there with unregistered or under-reported workers, or not registered
at all, is flagged (11 of 12; 18347330 has only not-reconcilable workers).
18453606 is first: unregistered with all 16 of its workers uncovered, the
largest uncovered payroll of the set.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import HONEST_ENR, HONEST_PAY, write_csv
from typer.testing import CliRunner

from underreport.cli import app

runner = CliRunner()
SAMPLE = Path(__file__).parents[1] / "sample_data"
FLAGGED = {
    "03103314",
    "03132801",
    "03162851",
    "18453606",
    "42619689",
    "44885857",
    "78174638",
    "82558093",
    "89161774",
    "90958204",
    "99678004",
}
NOT_FLAGGED = "18347330"
HEADINGS_ID = [
    "Ringkasan",
    "Peringkat dan alasannya",
    "Selisih iuran menurut pemberi kerja",
    "Cakupan menurut wilayah",
    "Perkembangan antar proses tercatat",
]
HEADINGS_EN = [
    "Summary",
    "Ranking with reasons",
    "The gap by employer",
    "Coverage by region",
    "Trend over recorded runs",
]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Employer reference: provinces by code and by name; 18347330 left out so that no
# minimum wage of a reference region flags it, and 90958204 / 99678004 left out to
# show the NIK fallback.
REFERENCE = [
    "NPP;Nama Perusahaan;Provinsi;Kabupaten/Kota",
    "03103314;PT. Global Makmur Tekstil;Jawa Barat;3273",
    "03132801;PT Sinar Gemilang Konstruksi;32;3204",
    "03162851;CV Sentral Makmur Agro;Jawa Tengah;3374",
    "18453606;CV Sumber Perkasa Farma;16;1671",
    "42619689;PT Maju Gemilang Pangan;DKI Jakarta;3171",
    "44885857;PT Karya Perkasa Teknik;Jawa Timur;3578",
    "78174638;CV Berkah Makmur Teknik;35;3578",
    "82558093;PT Citra Sukses;31;3173",
    "89161774;PT Bintang Gemilang Agro;Jawa Barat;3201",
]


def cli(*args: str) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def inputs(folder: Path = SAMPLE) -> list[str]:
    return ["-p", str(folder / "payroll"), "-e", str(folder / "enrollment")]


def chromium() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Indonesian report with a two-run register and a reference; the English without."""
    tmp = tmp_path_factory.mktemp("html")
    changed = tmp / "changed"
    shutil.copytree(SAMPLE, changed)
    enrolment = changed / "enrollment" / "kepesertaan_bpjstk_01.csv"
    lines = enrolment.read_text(encoding="utf-8-sig").splitlines()
    dropped = [line for line in lines if line.startswith("42619689;")][:4]
    enrolment.write_text("\n".join(x for x in lines if x not in dropped) + "\n", encoding="utf-8")
    register = tmp / "reg.sqlite"
    for folder in (changed, SAMPLE):
        res = cli("reconcile", *inputs(folder), "--history", register, "-q", "--format", "csv")
        assert res.exit_code == 0, res.output
    ref = tmp / "ref.csv"
    ref.write_text("\n".join(REFERENCE) + "\n", encoding="utf-8")
    out = {"id": tmp / "laporan.html", "en": tmp / "report.html"}
    res = cli(
        "report",
        "--out",
        out["id"],
        *inputs(),
        "--lang",
        "id",
        "--history",
        register,
        "--employers",
        ref,
        "-q",
    )
    assert res.exit_code == 0, res.output
    res = cli("report", "--out", out["en"], *inputs(), "--lang", "en", "-q")
    assert res.exit_code == 0, res.output
    return out


def test_the_report_holds_no_nik_no_worker_name_and_no_remote_reference(
    reports: dict[str, Path],
) -> None:
    for path in reports.values():
        page = path.read_text(encoding="utf-8")
        text = re.sub(r'\s(d|transform)="[^"]*"', "", page)  # SVG geometry: long decimals
        assert not re.search(r"(?<![\d.])\d{16}(?![\d.])", text), "a 16-digit number (a NIK?)"
        assert "BUDI GINTING" not in page.upper()  # a worker of 42619689 in the enrolment CSV
        assert "<script" not in page
        assert not re.search(r"@import|@font-face|url\(|src=|href=\"(?!#)", page)
        # the only URLs are the SVG namespaces, which no browser fetches
        assert set(re.findall(r"https?://[^\"' ]+", page)) <= {
            "http://www.w3.org/2000/svg",
            "http://www.w3.org/1999/xlink",
        }


def test_english_and_indonesian_differ_in_words_not_in_figures(reports: dict[str, Path]) -> None:
    en = reports["en"].read_text(encoding="utf-8")
    id_ = reports["id"].read_text(encoding="utf-8")
    assert '<html lang="en">' in en and '<html lang="id">' in id_
    assert re.findall(r"<h2>(.*?)</h2>", en) == HEADINGS_EN
    assert re.findall(r"<h2>(.*?)</h2>", id_) == HEADINGS_ID
    # money is written the Indonesian way in both; the decimal mark follows the language
    assert "Rp 7.424.831" in en and "Rp 7.424.831" in id_
    assert "91.7%" in en and "91,7%" in id_  # 42619689: 22 of 24 workers covered
    # the report's own words; the reasons are the reconciliation's sentences, in its language
    own = re.sub(r'<ul class="reasons">.*?</ul>', "", id_, flags=re.S)
    assert "March 2025" in en and "Maret 2025" in own and "March" not in own
    # without --employers the coverage section says why it is empty; with it, regions by name
    assert 'id="coverage-missing"' in en and "--employers" in en
    assert 'id="coverage-missing"' not in id_ and "Jawa Barat (32)" in id_
    assert 'id="trend-missing"' in en and 'id="trend-missing"' not in id_
    # data-quality codes with their titles, and the reasons, in the report's language
    assert "<td>NIK_MISSING</td><td>No NIK</td>" in en
    assert "<td>NIK_MISSING</td><td>Tanpa NIK</td>" in id_
    assert "Perkiraan iuran yang tidak dibayar" in id_ and "Estimated contributions" in en


def test_every_html_label_is_translated() -> None:
    from underreport.report.html.texts import L

    same = {k for k, t in L.texts.items() if t.en == t.id}
    assert same == {"npp"}, same


def test_the_report_in_headless_chromium(reports: dict[str, Path], tmp_path: Path) -> None:
    browser = chromium()
    if browser is None:
        pytest.skip(
            "no Chromium found (/usr/bin/chromium or chromium on PATH): .ci/run installs it"
        )
    from playwright.sync_api import Request, Route, sync_playwright

    problems: list[str] = []
    requested: list[str] = []

    def route(r: Route, request: Request) -> None:
        requested.append(request.url)
        if request.url.startswith("file://"):
            r.continue_()
        else:
            problems.append(f"network request: {request.url}")
            r.abort()

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=browser,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            offline=True,
        )
        try:
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
            for lang, path in reports.items():
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                rows = page.locator("table.ranking tbody.employer")
                npps = [rows.nth(i).get_attribute("data-npp") for i in range(rows.count())]
                assert len(npps) == 11 and set(npps) == FLAGGED, npps
                assert npps[0] == "18453606" and NOT_FLAGGED not in npps
                assert page.locator("table.ranking tbody.employer td.npp").all_inner_texts()[
                    :1
                ] == ["18453606"]  # the NPP keeps its leading digits and zeros as text
                bars = page.locator("#gap-chart svg g.mark-rect.role-mark path")
                assert bars.count() == 11
                heads = page.locator("h2").all_inner_texts()
                assert heads == (HEADINGS_ID if lang == "id" else HEADINGS_EN)
                if lang == "id":
                    assert page.locator("#coverage-chart svg g.mark-rect path").count() >= 5
                    sparks = page.locator("table.trends td.spark svg")
                    assert sparks.count() == 11  # every flagged employer is in both runs
                    assert page.locator("table.runs tbody tr").count() == 2
                shot = tmp_path / f"report-{lang}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 50_000
            pdf = page.pdf(
                path=str(tmp_path / "report-en.pdf"),
                prefer_css_page_size=True,
                print_background=True,
            )
            assert pdf.startswith(b"%PDF")
            # A4 landscape: 297 x 210 mm is 841.9 x 595.3 pt (Chromium writes 594.96)
            assert re.search(rb"/MediaBox \[0 0 841\.\d+ 59[45]\.\d+\]", pdf)
        finally:
            context.close()
    assert not problems, problems
    assert requested and all(u.startswith("file://") for u in requested)


def test_bad_input_exits_2_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "gaji.csv"
    junk.write_text("hello;world\n1;2\n", encoding="utf-8")
    out = tmp_path / "laporan.html"
    res = cli("report", "--out", out, "-p", junk, "-e", SAMPLE / "enrollment")
    assert res.exit_code == 2
    assert len(res.stderr.strip().splitlines()) == 1 and "gaji.csv" in res.stderr
    assert "Traceback" not in res.output and not out.exists()
    assert not list(tmp_path.glob(".laporan.html.*"))  # no temporary file left behind

    for args, says in [
        (["--out", tmp_path / "laporan.txt"], ".html"),
        (["--out", out, "--history", tmp_path / "none.sqlite"], "no case register"),
        (["--out", out, "--history", junk], "not an underreport case register"),
        (["--out", tmp_path / "missing" / "x.html"], "does not exist"),
    ]:
        res = cli("report", *args, *inputs())
        assert res.exit_code == 2, res.output
        assert len(res.stderr.strip().splitlines()) == 1 and says in res.stderr, res.stderr
    assert not out.exists()


def test_gaps_by_run_reads_flagged_cleared_and_unseen_runs(tmp_path: Path) -> None:
    """Run 1 flags 12345678 (wage reported at 3 of 5 million); run 2 sees it honest (0);
    run 3 does not see it (no point). 87654321 is honest throughout: never in the register."""
    from underreport.history.query import gaps_by_run

    a, b = "3201234567890123", "3273015505900002"
    pay_both = [
        HONEST_PAY,
        f"12345678;PT A;;{a};ANI;2025-03;5000000",
        f"87654321;PT B;;{b};BUDI;2025-03;4000000",
    ]
    low = [
        HONEST_ENR,
        f"12345678;PT A;;{a};ANI;3000000;AKTIF",
        f"87654321;PT B;;{b};BUDI;4000000;AKTIF",
    ]
    right = [
        HONEST_ENR,
        f"12345678;PT A;;{a};ANI;5000000;AKTIF",
        f"87654321;PT B;;{b};BUDI;4000000;AKTIF",
    ]
    register = tmp_path / "reg.sqlite"
    gap = None
    for i, (pay, enr) in enumerate([(pay_both, low), (pay_both, right), (pay_both[::2], right)]):
        p, e = write_csv(tmp_path / f"p{i}.csv", pay), write_csv(tmp_path / f"e{i}.csv", enr)
        res = cli("reconcile", "-p", p, "-e", e, "--history", register, "--format", "json")
        assert res.exit_code == 0, res.output
        if i == 0:
            (flagged,) = json.loads(res.stdout)["employers"]
            gap = flagged["monthly_contribution_gap_idr"]
    assert gap and gap > 0
    assert gaps_by_run(register, ["12345678", "87654321"]) == {
        "12345678": {1: gap, 2: 0},
        "87654321": {},
    }


def test_names_are_escaped_and_an_empty_ranking_says_so(tmp_path: Path) -> None:
    a, b = "3201234567890123", "3273015505900002"
    hostile = "PT <script>alert(1)</script> & Co"
    pay = write_csv(tmp_path / "p.csv", [
        HONEST_PAY, f"12345678;{hostile};;{a};ANI;2025-03;5000000",
        f"87654321;PT B;;{b};BUDI;2025-03;4000000",
    ])  # fmt: skip
    enr = [HONEST_ENR, f"87654321;PT B;;{b};BUDI;4000000;AKTIF"]
    out = tmp_path / "r.html"
    res = cli("report", "--out", out, "-p", pay, "-e", write_csv(tmp_path / "e.csv", enr), "-q")
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    assert page.count('<tbody class="employer"') == 1 and 'data-npp="12345678"' in page

    honest = [HONEST_ENR, f"12345678;PT A;;{a};ANI;5000000;AKTIF", enr[1]]
    args = ["-p", pay, "-e", write_csv(tmp_path / "e2.csv", honest), "--lang", "en", "-q"]
    assert cli("report", "--out", out, *args).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<tbody class="employer"' not in page and "<svg" not in page
    assert page.count("No employer is flagged.") == 2  # the ranking and the chart both say so


def test_long_rankings_keep_every_row_and_say_what_the_charts_leave_out() -> None:
    """45 flagged employers: all 45 ranked, 40 bars, 100 trends would fit all 45."""
    from underreport.history.models import RunSummary
    from underreport.model.result import ReconcileResult
    from underreport.report.html import Trends, render_html

    res = cli("reconcile", *inputs(), "--format", "json", "-q")
    base = ReconcileResult.model_validate_json(res.stdout)
    one = base.employers[0]
    many = [one.model_copy(update={"rank": i, "employer_id": f"{i:08d}"}) for i in range(1, 46)]
    result = base.model_copy(update={"employers": many})
    run = RunSummary(run_id=7, run_time="2025-04-01T02:00:00", period="2025-03",
                     rules_version="r", tool_version="t", employers_present=45,
                     flagged_employers=45, total_gap_idr=1, new_cases=45, resolved_cases=0,
                     escalated_cases=0, inputs=[], months=["2025-03"])  # fmt: skip
    trends = Trends("cases.sqlite", [run], {"00000001": {7: 1_500_000}})
    page = render_html(result, "en", None, trends)
    assert page.count('<tbody class="employer"') == 45
    assert page.count('aria-roledescription="bar"') == 40
    assert "The first 40 of 45 flagged employers are shown" in page
    # one employer recorded in the register: one line, the others say they are not there
    assert page.count('aria-roledescription="line mark"') == 1
    assert page.count("not in the register") == 44
    assert "Rp 1.500.000" in page and "1 April 2025" in page
