"""Reference implementation of reconcile's core job in hand-written DuckDB SQL.

Run as a subprocess by `bench/run.py`:
`python bench/duck.py FORMAT PAYROLL ENROLLMENT PERIOD OUT.parquet [flags]`.

Joins the period's payroll to the enrolment on NPP + NIK; a worker is unregistered without
an ACTIVE enrolment, under-reported when active and reported < 0.99 x (base + fixed);
aggregates per employer, keeps flagged employers (or employers with no enrolment at all),
ranks them by a contribution-gap proxy and writes them to OUT.parquet.

With `flags` the enrolment has Boolean JKK/JKM/JHT/JP columns (the flagged and dq sets):
an active worker whose enrolment lacks JKK or JKM (which every employer owes, whatever its
size) is also a finding, and `enrolled_not_on_payroll` counts active enrolments whose NIK is
not on the employer's payroll in the period. Either way it prints one JSON line: NIKs of
either file whose first two digits are not a province code (what underreport reports as
NIK_BAD_PROVINCE), so the data-quality pass has its reference too.
"""

from __future__ import annotations

import json
import sys

import duckdb

JP_CEILING = 10_547_400  # 2025-03 .. 2026-02
FLAT_RATE = 0.0024 + 0.003 + 0.057  # JKK class I + JKM + JHT (employer and worker)
JP_RATE = 0.03
JKM_RATE = 0.003
PROVINCES = ", ".join(
    f"'{c}'" for c in (*range(11, 20), 21, *range(31, 37), 51, 52, 53, *range(61, 66),
                       *range(71, 77), 81, 82, *range(91, 98))
)  # fmt: skip
LACKS = """bool_or("STATUS KEPESERTAAN" = 'AKTIF'
                   AND NOT (CAST("JKK" AS BOOLEAN) AND CAST("JKM" AS BOOLEAN)))"""
BAD_NIKS = """
SELECT (SELECT count_if(substr(CAST("NIK" AS VARCHAR), 1, 2) NOT IN ({provinces}))
        FROM {payroll})
     + (SELECT count_if(substr(CAST("NIK" AS VARCHAR), 1, 2) NOT IN ({provinces}))
        FROM {enrollment})
"""

SQL = """
COPY (
WITH pay AS (
    SELECT CAST("NPP" AS VARCHAR) AS npp, CAST("NIK" AS VARCHAR) AS nik,
           max(CAST("Gaji Pokok" AS DOUBLE) + coalesce(CAST("Tunjangan Tetap" AS DOUBLE), 0)) AS cw
    FROM {payroll}
    WHERE CAST("Periode" AS VARCHAR) = '{period}'
    GROUP BY ALL
),
enr AS (
    SELECT CAST("NPP" AS VARCHAR) AS npp, CAST("NIK" AS VARCHAR) AS nik,
           bool_or("STATUS KEPESERTAAN" = 'AKTIF') AS active,
           max(CAST("UPAH" AS DOUBLE)) FILTER (WHERE "STATUS KEPESERTAAN" = 'AKTIF') AS rw,
           {lacks} AS lacks
    FROM {enrollment}
    GROUP BY ALL
),
registered AS (SELECT DISTINCT npp FROM enr),
matched AS (
    SELECT p.npp, p.cw, coalesce(e.active, false) AS active, e.rw,
           r.npp IS NOT NULL AS registered,
           coalesce(e.active, false) AND e.rw < 0.99 * p.cw AS under,
           coalesce(e.active AND e.lacks, false) AS lacks
    FROM pay p
    LEFT JOIN enr e ON e.npp = p.npp AND e.nik = p.nik
    LEFT JOIN registered r ON r.npp = p.npp
),
per AS (
    SELECT npp AS employer_id,
           count(*) AS payroll_workers,
           count_if(NOT active) AS unregistered_workers,
           count_if(under) AS underreported_wage_workers,
           count_if(lacks) AS program_missing_workers,
           bool_or(registered) AS registered,
           sum(CASE WHEN NOT active THEN {flat} * cw + {jp} * least(cw, {ceiling})
                    WHEN under THEN {flat} * (cw - rw)
                                    + {jp} * (least(cw, {ceiling}) - least(rw, {ceiling}))
                    ELSE 0 END
               + CASE WHEN lacks THEN {jkm} * greatest(cw, rw) ELSE 0 END) AS gap_proxy
    FROM matched
    GROUP BY npp
),
gone AS (
    SELECT e.npp AS employer_id, count(*) AS enrolled_not_on_payroll
    FROM enr e ANTI JOIN pay p ON p.npp = e.npp AND p.nik = e.nik
    WHERE e.active
    GROUP BY e.npp
)
SELECT row_number() OVER (ORDER BY gap_proxy DESC, unregistered_workers DESC, employer_id)
           AS rank, per.*, coalesce(g.enrolled_not_on_payroll, 0) AS enrolled_not_on_payroll
FROM per LEFT JOIN gone g USING (employer_id)
WHERE unregistered_workers > 0 OR underreported_wage_workers > 0 OR program_missing_workers > 0
      OR NOT registered
ORDER BY rank
) TO '{out}' (FORMAT parquet)
"""


def source(fmt: str, path: str, separator: str) -> str:
    quoted = path.replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{quoted}')"
    if fmt == "csv":
        return f"read_csv('{quoted}', header = true, delim = '{separator}', all_varchar = true)"
    raise SystemExit(f"DuckDB reference: no reader for {fmt} (its excel extension is not bundled)")


def main() -> None:
    fmt, payroll, enrollment, period, out = sys.argv[1:6]
    flags = sys.argv[6:7] == ["flags"]
    pay, enr = source(fmt, payroll, ","), source(fmt, enrollment, ";")
    sql = SQL.format(
        payroll=pay,
        enrollment=enr,
        period=period,
        out=out.replace("'", "''"),
        flat=FLAT_RATE,
        jp=JP_RATE,
        jkm=JKM_RATE,
        ceiling=JP_CEILING,
        lacks=LACKS if flags else "false",
    )
    con = duckdb.connect()
    con.execute(sql)
    row = con.execute(BAD_NIKS.format(provinces=PROVINCES, payroll=pay, enrollment=enr)).fetchone()
    print(json.dumps({"nik_bad_province": row[0] if row else None}))


if __name__ == "__main__":
    main()
