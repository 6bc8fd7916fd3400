"""`underreport export`: the flagged-employer list as a file someone else opens."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from underreport import __version__
from underreport.cli import DebugOpt, _console, app, run
from underreport.commands.shared import Given, reconcile_run, shared
from underreport.model.i18n import Lang, labels
from underreport.model.result import EmployerFinding
from underreport.rules.regions import region_name


class ExportLevel(StrEnum):
    employers = "employers"
    workers = "workers"


WORDS = labels(
    "export-command",
    {
        "national": ("National", "Nasional"),
        "province": ("Province {name}", "Provinsi {name}"),
        "unknown": ("Region unknown", "Wilayah tidak diketahui"),
        "wrote": ("Wrote {paths}", "Ditulis: {paths}"),
    },
)


def offices(
    result_employers: list[EmployerFinding], regions: dict[str, str], lang: Lang = "en"
) -> dict[str, str]:
    """Employer -> the office that works its case (its regency, or higher once escalated).

    Regions are named (`Kota Bandung`, `Provinsi Jawa Barat`) where the code is
    a known BPS/Kemendagri code, else shown as given.
    """
    out = {}
    for e in result_employers:
        region = regions.get(e.employer_id)
        level = e.office_level or "regency"
        if level == "national":
            out[e.employer_id] = WORDS("national", lang)
        elif level == "province" and region:
            province = region_name(region[:2]) if region[:2].isdigit() else region
            out[e.employer_id] = WORDS("province", lang, name=province)
        elif region:
            out[e.employer_id] = region_name(region)
        else:
            out[e.employer_id] = WORDS("unknown", lang)
    return out


@app.command(
    epilog="""[bold]Examples[/bold]

  underreport export --out flagged.xlsx -p sample_data/payroll -e sample_data/enrollment

  underreport export --out workers.csv --level workers --delimiter ";" -p payroll/ -e bpjs/

  underreport export --out cases.xlsx --by-office --employers ref.xlsx --config underreport.toml
"""
)
@shared
def export(
    out: Annotated[Path, typer.Option(help="File to write: .xlsx, .csv, .json or .parquet.")],
    given: Given,
    level: Annotated[ExportLevel, typer.Option(help="One row per employer or per worker.")] = (
        ExportLevel.employers
    ),
    show_nik: Annotated[bool, typer.Option("--show-nik", help="Write NIKs in full.")] = False,
    pseudonymise: Annotated[
        bool,
        typer.Option(
            "--pseudonymise",
            help="Replace NIKs with a salted hash (salt from UNDERREPORT_SALT) and leave out "
            "worker names, to compare lists.",
        ),
    ] = False,
    delimiter: Annotated[str, typer.Option(help="CSV delimiter; ';' for Indonesian Excel.")] = ",",
    by_office: Annotated[
        bool, typer.Option("--by-office", help="One sheet or file per office's caseload.")
    ] = False,
    history: Annotated[
        Path | None, typer.Option(help="Record the run in a case register and show case status.")
    ] = None,
    debug: DebugOpt = False,
) -> None:
    """Export flagged employers (or worker findings) for inspectors, managers or the public.

    The workbook has a summary sheet with a chart, the flagged employers, worker
    findings (NIKs masked), data quality and the run's manifest. Files are written
    atomically: never half-written.
    """
    from underreport.privacy import salt
    from underreport.reconcile import quality
    from underreport.report.export import Manifest, write_export

    def job() -> tuple[list[Path], Lang]:
        done = reconcile_run(given, history=history, show_progress=True)
        loaded, rec = done.loaded, done.rec
        # The workbook's data-quality sheet lists every issue, not the JSON document's first few.
        result = done.result.model_copy(update=dict(quality(rec.issues, None)))
        regions: dict[str, str] = {}
        if loaded.employers is not None:
            regions = {
                r["employer_id"]: r["regency"] or r["province"]
                for r in loaded.employers.iter_rows(named=True)
                if r["regency"] or r["province"]
            }
        manifest = Manifest(
            tool_version=__version__, rules_version=result.rules_version, command="export",
            options={"out": str(out), "level": level.value, "show_nik": show_nik,
                     "pseudonymise": pseudonymise, "by_office": by_office,
                     **done.options.model_dump(mode="json", exclude_defaults=True)},
            inputs=result.inputs, generated_at=datetime.now(UTC).replace(microsecond=0),
        )  # fmt: skip
        written = write_export(
            out, result, rec.workers, level=level.value, manifest=manifest, show_nik=show_nik,
            pseudonymise_salt=salt() if pseudonymise else None, delimiter=delimiter,
            by_office=offices(result.employers, regions, done.lang) if by_office else None,
            lang=done.lang,
        )  # fmt: skip
        return written, done.lang

    written, lang = run(debug, job)
    _console(stderr=True).print(WORDS("wrote", lang, paths=", ".join(str(p) for p in written)))
