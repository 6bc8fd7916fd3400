"""Every word the HTML report shows, in English and Indonesian (`labels("html", ...)`)."""

from __future__ import annotations

from underreport.model.i18n import labels

L = labels(
    "html",
    {
        "title": (
            "Under-reporting to BPJS Ketenagakerjaan",
            "Laporan Kepatuhan BPJS Ketenagakerjaan",
        ),
        "subtitle": (
            "Payroll reconciled against enrolment, {period}",
            "Rekonsiliasi daftar gaji dengan data kepesertaan, {period}",
        ),
        "contents": ("Contents", "Daftar isi"),
        # summary
        "summary": ("Summary", "Ringkasan"),
        "run": ("Run", "Proses"),
        "period": ("Period", "Periode"),
        "period_latest": (
            "{month}, the latest in the payroll",
            "{month}, terakhir dalam daftar gaji",
        ),
        "period_given": ("{month}, as asked", "{month}, sesuai permintaan"),
        "months": ("Months reconciled", "Bulan yang direkonsiliasi"),
        "as_of": ("Fines counted up to", "Denda dihitung sampai"),
        "generated": ("Generated", "Dibuat"),
        "versions": ("Tool and rules", "Versi alat dan aturan"),
        "jkk_note": (
            "JKK is priced at the employer's risk class where known, else at class I, the lowest "
            "rate: those figures are lower bounds.",
            "JKK dihitung dengan kelas risiko pemberi kerja bila diketahui, selain itu dengan "
            "kelas I, tarif terendah: angka tersebut adalah batas bawah.",
        ),
        "totals": ("Totals", "Jumlah"),
        "employers": ("Employers inspected", "Pemberi kerja diperiksa"),
        "flagged": ("Flagged employers", "Pemberi kerja bermasalah"),
        "unregistered_employers": (
            "Unregistered employers (PWBD)",
            "Pemberi kerja belum daftar (PWBD)",
        ),
        "payroll_workers": ("Workers on the payroll", "Pekerja dalam daftar gaji"),
        "enrolled_workers": ("Workers enrolled", "Pekerja terdaftar"),
        "unregistered_workers": (
            "Unregistered workers (PDS TK)",
            "Pekerja belum didaftarkan (PDS TK)",
        ),
        "underreported": (
            "Wages reported too low (PDS upah)",
            "Upah dilaporkan terlalu rendah (PDS upah)",
        ),
        "not_reconcilable": (
            "Workers that could not be judged",
            "Pekerja yang tidak dapat dinilai",
        ),
        "gap_total": ("Monthly contribution gap", "Selisih iuran per bulan"),
        "arrears_total": ("Arrears with fines", "Tunggakan dengan denda"),
        "by_severity": (
            "Flagged employers by severity",
            "Pemberi kerja bermasalah menurut tingkat",
        ),
        "severity": ("Severity", "Tingkat"),
        "count": ("Employers", "Pemberi kerja"),
        "inputs": ("Inputs", "Berkas masukan"),
        "file": ("File", "Berkas"),
        "sheet": ("Sheet", "Lembar"),
        "kind": ("Kind", "Jenis"),
        "kind_payroll": ("payroll", "daftar gaji"),
        "kind_enrollment": ("enrolment", "kepesertaan"),
        "rows_read": ("Rows read", "Baris dibaca"),
        "rows_skipped": ("Rows left out", "Baris dilewati"),
        "quality": ("Data quality", "Kualitas data"),
        "quality_line": (
            "{total} data-quality issues; by code below. Every issue with its file, sheet, row "
            "and column: --issues FILE.",
            "{total} masalah kualitas data; menurut kode di bawah. Setiap masalah dengan berkas, "
            "lembar, baris dan kolomnya: --issues BERKAS.",
        ),
        "quality_none": ("No data-quality issues.", "Tidak ada masalah kualitas data."),
        "code": ("Code", "Kode"),
        "meaning": ("What it means", "Artinya"),
        "issues": ("Issues", "Masalah"),
        # severities and case states
        "high": ("high", "tinggi"),
        "medium": ("medium", "sedang"),
        "low": ("low", "rendah"),
        "new": ("new", "baru"),
        "persisting": ("persisting", "berlanjut"),
        "worsened": ("worsened", "memburuk"),
        "improved": ("improved", "membaik"),
        # ranking
        "ranking": ("Ranking with reasons", "Peringkat dan alasannya"),
        "ranking_intro": (
            "Every flagged employer, by monthly contribution gap. Employer level only: no NIK "
            "and no worker name appear in this report.",
            "Setiap pemberi kerja bermasalah, menurut selisih iuran per bulan. Hanya tingkat "
            "pemberi kerja: laporan ini tidak memuat NIK maupun nama pekerja.",
        ),
        "none_flagged": ("No employer is flagged.", "Tidak ada pemberi kerja yang bermasalah."),
        "rank": ("Rank", "Peringkat"),
        "npp": ("NPP", "NPP"),
        "name": ("Employer", "Pemberi kerja"),
        "workers": ("Workers", "Pekerja"),
        "unreg_short": ("Unregistered", "Belum didaftarkan"),
        "under_short": ("Wage too low", "Upah terlalu rendah"),
        "coverage": ("Coverage", "Cakupan"),
        "gap": ("Monthly gap", "Selisih per bulan"),
        "reasons": ("Reasons", "Alasan"),
        "case": ("Case", "Kasus"),
        "unregistered_badge": ("not registered", "belum terdaftar"),
        "unnamed": ("(no name)", "(tanpa nama)"),
        # gap chart
        "gap_chart": ("The gap by employer", "Selisih iuran menurut pemberi kerja"),
        "gap_chart_intro": (
            "Estimated contributions not paid each month, by employer and severity.",
            "Perkiraan iuran yang tidak dibayar setiap bulan, menurut pemberi kerja dan tingkat.",
        ),
        "gap_axis": ("Monthly contribution gap (Rp)", "Selisih iuran per bulan (Rp)"),
        "shown_first": (
            "The first {shown} of {total} flagged employers are shown; the ranking lists all.",
            "Ditampilkan {shown} pertama dari {total} pemberi kerja bermasalah; peringkat memuat "
            "semuanya.",
        ),
        # coverage
        "coverage_title": ("Coverage by region", "Cakupan menurut wilayah"),
        "coverage_intro": (
            "Workers with an active enrolment as a share of the workers known to exist, by "
            "province of the employer (from the employer reference).",
            "Pekerja dengan kepesertaan aktif dibanding pekerja yang diketahui ada, menurut "
            "provinsi pemberi kerja (dari data referensi pemberi kerja).",
        ),
        "coverage_missing": (
            "Not available: no employer reference was given. Run with --employers FILE (NPP and "
            "province or regency per employer) to see coverage by region.",
            "Tidak tersedia: data referensi pemberi kerja tidak diberikan. Jalankan dengan "
            "--employers BERKAS (NPP dan provinsi atau kabupaten/kota per pemberi kerja) untuk "
            "melihat cakupan menurut wilayah.",
        ),
        "coverage_axis": (
            "Coverage (enrolled / known workers)",
            "Cakupan (terdaftar / pekerja diketahui)",
        ),
        "region": ("Province", "Provinsi"),
        "basis": ("Region from", "Wilayah dari"),
        "basis_reference": ("employer reference", "referensi pemberi kerja"),
        "basis_nik": (
            "workers' NIKs (not in the reference)",
            "NIK pekerja (tidak ada di referensi)",
        ),
        "basis_unknown": ("unknown", "tidak diketahui"),
        "region_unknown": ("Region unknown", "Wilayah tidak diketahui"),
        "known_workers": ("Known workers", "Pekerja diketahui"),
        "covered_workers": ("Enrolled", "Terdaftar"),
        "all_regions": ("All regions", "Semua wilayah"),
        # trends
        "trend": ("Trend over recorded runs", "Perkembangan antar proses tercatat"),
        "trend_intro": (
            "Monthly contribution gap of each flagged employer in every run recorded in the case "
            "register {register}. A run that saw the employer and did not flag it counts 0; a run "
            "that did not see it has no point.",
            "Selisih iuran per bulan setiap pemberi kerja bermasalah pada setiap proses yang "
            "tercatat dalam register kasus {register}. Proses yang melihat pemberi kerja tanpa "
            "menandainya dihitung 0; proses yang tidak melihatnya tidak bertitik.",
        ),
        "trend_missing": (
            "Not shown: run with --history REGISTER to see each employer's trend over the runs "
            "recorded in the case register.",
            "Tidak ditampilkan: jalankan dengan --history REGISTER untuk melihat perkembangan "
            "setiap pemberi kerja antar proses yang tercatat dalam register kasus.",
        ),
        "trend_empty": ("The register holds no run yet.", "Register belum memuat proses apa pun."),
        "runs": ("Recorded runs", "Proses tercatat"),
        "run_no": ("Run", "Proses"),
        "run_time": ("Date", "Tanggal"),
        "run_flagged": ("Flagged", "Bermasalah"),
        "run_gap": ("Total monthly gap", "Total selisih per bulan"),
        "first_gap": ("First recorded", "Tercatat pertama"),
        "last_gap": ("Latest recorded", "Tercatat terakhir"),
        "trend_chart": ("Gap per run", "Selisih per proses"),
        "trend_axis": ("Run", "Proses"),
        "not_recorded": ("not in the register", "tidak ada di register"),
        "trend_limit": (
            "The first {shown} of {total} flagged employers by rank are shown.",
            "Ditampilkan {shown} pertama dari {total} pemberi kerja bermasalah menurut peringkat.",
        ),
        # footer
        "footer": (
            "Made by underreport {version}. Figures are estimates from the files listed above; "
            "each reason says how sure it is.",
            "Dibuat oleh underreport {version}. Angka adalah perkiraan dari berkas di atas; "
            "setiap alasan menyebutkan seberapa pasti.",
        ),
    },
)
