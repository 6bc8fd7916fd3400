"""Reference implementation of reconcile's core job in hand-written DuckDB SQL.

Run as a subprocess by `bench/run.py`:
`python bench/duck.py FORMAT PAYROLL ENROLLMENT PERIOD OUT.parquet`.

Joins the period's payroll to the enrolment on NPP + NIK; a worker is unregistered without
an ACTIVE enrolment, under-reported when active and reported < 0.99 x (base + fixed);
aggregates per employer, keeps flagged employers (or employers with no enrolment at all),
ranks them by a contribution-gap proxy and writes them to OUT.parquet.
"""

from __future__ import annotations

import sys

import duckdb

JP_CEILING = 10_547_400  # 2025-03 .. 2026-02
FLAT_RATE = 0.0024 + 0.003 + 0.057  # JKK class I + JKM + JHT (employer and worker)
JP_RATE = 0.03

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
           max(CAST("UPAH" AS DOUBLE)) FILTER (WHERE "STATUS KEPESERTAAN" = 'AKTIF') AS rw
    FROM {enrollment}
    GROUP BY ALL
),
registered AS (SELECT DISTINCT npp FROM enr),
matched AS (
    SELECT p.npp, p.cw, coalesce(e.active, false) AS active, e.rw,
           r.npp IS NOT NULL AS registered,
           coalesce(e.active, false) AND e.rw < 0.99 * p.cw AS under
    FROM pay p
    LEFT JOIN enr e ON e.npp = p.npp AND e.nik = p.nik
    LEFT JOIN registered r ON r.npp = p.npp
),
per AS (
    SELECT npp AS employer_id,
           count(*) AS payroll_workers,
           count_if(NOT active) AS unregistered_workers,
           count_if(under) AS underreported_wage_workers,
           bool_or(registered) AS registered,
           sum(CASE WHEN NOT active THEN {flat} * cw + {jp} * least(cw, {ceiling})
                    WHEN under THEN {flat} * (cw - rw)
                                    + {jp} * (least(cw, {ceiling}) - least(rw, {ceiling}))
                    ELSE 0 END) AS gap_proxy
    FROM matched
    GROUP BY npp
)
SELECT row_number() OVER (ORDER BY gap_proxy DESC, unregistered_workers DESC, employer_id)
           AS rank, *
FROM per
WHERE unregistered_workers > 0 OR underreported_wage_workers > 0 OR NOT registered
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
    sql = SQL.format(
        payroll=source(fmt, payroll, ","),
        enrollment=source(fmt, enrollment, ";"),
        period=period,
        out=out.replace("'", "''"),
        flat=FLAT_RATE,
        jp=JP_RATE,
        ceiling=JP_CEILING,
    )
    duckdb.connect().execute(sql)


if __name__ == "__main__":
    main()
