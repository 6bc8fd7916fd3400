"""Load users' files into the canonical payroll and enrolment tables.

Each sheet is read and its layout detected; its cells, mapped to canonical
fields, are stacked with every other sheet's as raw text, then cleaned and
classified in one pass (`clean`). Every row is accounted for: kept rows in
`rows_read`, the rest in `rows_skipped`, and every doubtful cell becomes a
data-quality issue that names file, sheet, row and column.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from underreport.engine import in_memory
from underreport.ingest import checks
from underreport.ingest.aliases import HEADER_PUNCTUATION, Kind, alias_map, normalise_header
from underreport.ingest.choice import (
    HIDDEN,
    Choice,
    chosen,
    covers,
    excluded,
    glob,
    left_out,
    unused_facts,
    with_facts,
)
from underreport.ingest.clean import DATES, FLAGS, MONEY, TEXT, classify, clean
from underreport.ingest.layout import Layout, detect
from underreport.ingest.positions import uncomputed_formulas
from underreport.ingest.sheets import RawTable, listing, read_tables, sha256
from underreport.ingest.stacked import by_month, split
from underreport.model import tables as contracts
from underreport.model.errors import InputError
from underreport.model.progress import Progress
from underreport.model.result import InputFile

PROVENANCE = tuple(contracts.PROVENANCE)
PAYROLL_COLUMNS = tuple(c for c in contracts.PAYROLL_ROWS.names if c not in PROVENANCE)
ENROLLMENT_COLUMNS = tuple(c for c in contracts.ENROLMENT_ROWS.names if c not in PROVENANCE)
TITLE_FIELDS = ("employer_id", "employer_name", "npwp", "period", "active")
EMPLOYER_FIELDS = ("employer_id", "employer_name", "npwp")


@dataclass
class Loaded:
    """Both sides, canonical and concatenated, with what was read and doubted."""

    payroll: pl.DataFrame
    enrollment: pl.DataFrame
    inputs: list[InputFile] = field(default_factory=list)
    issues: pl.DataFrame | pl.LazyFrame = field(default_factory=checks.empty_issues)
    """Every data-quality issue; a run in parts scans those it keeps on disk."""
    employers: pl.DataFrame | None = None
    """Employer reference data (size, risk class, region, industry), when given."""
    declarations: pl.DataFrame | None = None
    """Declared headcount and wage bill per employer (WLKP), when given."""


def load(
    payroll: Sequence[Path],
    enrollment: Sequence[Path],
    *,
    extra_aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    employers: Sequence[Path] = (),
    declarations: Sequence[Path] = (),
    progress: Progress | None = None,
) -> Loaded:
    extra = extra_aliases or {}
    pay = find(payroll, "payroll", extra.get("payroll"), progress)
    enr = find(enrollment, "enrollment", extra.get("enrollment"), progress)
    skipped = pl.concat([pay.skipped, enr.skipped])
    return load_found(
        pay.found, enr.found, *references(employers, declarations), progress, skipped=skipped
    )


def references(
    employers: Sequence[Path], declarations: Sequence[Path]
) -> tuple[pl.DataFrame | None, pl.DataFrame | None]:
    """Employer reference data and declarations (WLKP), when given: small, read whole."""
    from underreport.ingest.declarations import load_declarations
    from underreport.ingest.reference import load_employers

    reference = load_employers(employers) if employers else None
    declared = load_declarations(declarations, reference) if declarations else None
    return reference, declared


def load_found(
    payroll: Sequence[Found],
    enrollment: Sequence[Found],
    reference: pl.DataFrame | None,
    declared: pl.DataFrame | None,
    progress: Progress | None = None,
    *,
    skipped: pl.DataFrame | None = None,
) -> Loaded:
    """Both sides' found tables cleaned into one `Loaded`; `skipped` files and sheets first."""
    pay, pay_meta, pay_issues = assemble(payroll, "payroll", progress)
    enr, enr_meta, enr_issues = assemble(enrollment, "enrollment", progress)
    left = skipped if skipped is not None else checks.empty_issues()
    issues = pl.concat([left, pay_issues, enr_issues])
    return Loaded(pay, enr, pay_meta + enr_meta, issues, reference, declared)


def column_letter(n: int) -> str:
    """openpyxl's column letter, imported when first needed: openpyxl and numpy under it
    take 150 ms to import, which every command would pay at start."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


@dataclass(frozen=True)
class Found:
    """One table of an input file with its detected layout."""

    table: RawTable
    layout: Layout
    digest: str
    given: tuple[str, ...] = ()
    """Fields the config file's `[[inputs.files]]` gave this table (see `Choice`)."""


@dataclass
class Tables:
    """What `find` read: the worker tables, and the files and sheets left out with why."""

    found: list[Found]
    skipped: pl.DataFrame
    """SHEET_SKIPPED and FILE_SKIPPED issues (severity info), and ALLOWANCE_NOT_COUNTED
    warnings at the header, in `model.tables.ISSUE_SCHEMA`."""
    matched: bool = False
    """Some sheet matched `Choice.only` (a `--sheet` that matches nothing is a mistake)."""


def find(
    paths: Sequence[Path],
    kind: Kind,
    extra: Mapping[str, Sequence[str]] | None = None,
    progress: Progress | None = None,
    choice: Choice | None = None,
) -> Tables:
    """Every worker table in `paths`, its layout detected and its required columns present.

    A sheet that holds no worker table (no header row, or required columns
    missing) is left out with why; a file fails only when none of its sheets
    holds one (and then with the reason of each). A file's only sheet keeps
    its own error.
    """
    choice = choice or Choice()
    aliases = alias_map(kind, extra)
    found: list[Found] = []
    files, others = listing(list(paths))
    left = [left_out("FILE_SKIPPED", f, None, None, why) for f, why in others]
    matched = False
    for path in files:
        if progress:
            progress(f"Reading {path.name}")
        digest = sha256(path)
        tables = list(read_tables(path))
        names = [t.sheet for t in tables if t.sheet is not None]
        matched = matched or any(glob(n, choice.only) for n in names)
        facts = [f for f in choice.files if covers(f.path, path)]
        why = {id(t): excluded(choice, path, t.sheet, names) for t in tables}
        # A hidden sheet is left out while a shown one remains, unless the user named it.
        if any(not t.hidden and why[id(t)] is None for t in tables):
            for t in tables:
                if t.hidden and why[id(t)] is None and not chosen(choice, path, t.sheet or ""):
                    why[id(t)] = HIDDEN
        kept = [t for t in tables if why[id(t)] is None]
        reasons: list[tuple[RawTable, str, int | None]] = []
        mine: list[Found] = []
        for table in kept:
            try:
                layout = detect(table, kind, aliases)
                checks.require_columns(table, layout, kind)
                parts = [
                    month
                    for part in split(table, layout, kind, aliases)
                    for month in by_month(*part, aliases)
                ]
                for part, part_layout in parts[1:]:
                    checks.require_columns(part, part_layout, kind)
                given = [(p, *with_facts(p_layout, facts)) for p, p_layout in parts]
                if kind == "enrollment":
                    for part, part_layout, _ in given:
                        checks.require_employer(part, part_layout)
            except InputError as exc:
                if len(kept) == 1 and len(tables) == 1:
                    raise
                reasons.append((table, exc.message, exc.row))
                continue
            left += _uncomputed(table)
            for part, part_layout, facts_given in given:
                mine.append(Found(part, part_layout, digest, facts_given))
                left += _uncounted(part, part_layout)
            left += [
                checks.issue("CONFIG_NOT_USED", str(path), table.sheet, row, reason=why_not)
                for why_not, row in unused_facts(given[0][1], facts)
            ]
        reasons += [(t, w, None) for t in tables if (w := why[id(t)]) is not None]
        if not mine:
            each = "; ".join(f"{t.sheet!r}: {w}" for t, w, _ in reasons)
            raise InputError(f"no sheet holds a worker table ({each})", file=str(path))
        found += mine
        order = {id(t): i for i, t in enumerate(tables)}
        reasons.sort(key=lambda r: order[id(r[0])])
        left += [left_out("SHEET_SKIPPED", path, t.sheet, row, w) for t, w, row in reasons]
    frame = pl.DataFrame(left, schema=contracts.ISSUE_SCHEMA) if left else checks.empty_issues()
    return Tables(found, frame, matched)


def _uncomputed(table: RawTable) -> list[dict[str, object]]:
    """FORMULA_NOT_COMPUTED at the first formula cell of an .xlsx sheet with no saved value."""
    if table.sheet is None or not zipfile.is_zipfile(table.path):
        return []
    count, first = uncomputed_formulas(table.path, table.sheet)
    if first is None:
        return []
    row, col = first
    return [
        checks.issue(
            "FORMULA_NOT_COMPUTED", str(table.path), table.sheet, row,
            column_letter(col + 1), count=count,
        )
    ]  # fmt: skip


def _uncounted(table: RawTable, layout: Layout) -> list[dict[str, object]]:
    """ALLOWANCE_NOT_COUNTED at the header cell of each allowance left out (see `Layout`)."""
    row = table.first_row + layout.header_index + layout.header_rows - 1
    return [
        checks.issue(
            "ALLOWANCE_NOT_COUNTED", str(table.path), table.sheet, row,
            f"{layout.headers[j]} ({column_letter(j + table.first_col + 1)})",
            header=" ".join(layout.headers[j].split()),
        )
        for j in layout.uncounted
    ]  # fmt: skip


def load_kind(
    paths: Sequence[Path],
    kind: Kind,
    extra: Mapping[str, Sequence[str]] | None = None,
    progress: Progress | None = None,
    choice: Choice | None = None,
) -> tuple[pl.DataFrame, list[InputFile], pl.DataFrame]:
    """One side loaded; its issues start with the files and sheets left out."""
    tables = find(paths, kind, extra, progress, choice)
    data, metas, issues = assemble(tables.found, kind, progress)
    return data, metas, pl.concat([tables.skipped, issues])


@in_memory()
def assemble(
    found: Sequence[Found], kind: Kind, progress: Progress | None = None
) -> tuple[pl.DataFrame, list[InputFile], pl.DataFrame]:
    """Found tables -> one canonical frame, what was read per table, and the row issues."""
    contract = contracts.PAYROLL_ROWS if kind == "payroll" else contracts.ENROLMENT_ROWS
    columns = PAYROLL_COLUMNS if kind == "payroll" else ENROLLMENT_COLUMNS
    if not found:
        return contract.empty(), [], checks.empty_issues()
    for f in found:
        checks.require_title(f.table, f.layout)
    if progress:
        progress(f"Cleaning {kind} rows")
    raw = pl.concat([raw_table(f.table, f.layout, i) for i, f in enumerate(found)])
    text = frozenset().union(*(_text_fields(f.table, f.layout) for f in found))
    frame = classify(clean(raw.collect(), kind, text).collect())
    if progress:
        progress(f"Cleaning {kind} rows", rows=frame.height)
    wheres = [_where(f.table, f.layout) for f in found]
    # A sheet read once per month (`stacked.by_month`) raises each cell's issue once.
    issues = checks.row_issues(frame, [f.table for f in found], wheres, kind).unique(
        maintain_order=True
    )
    # The raw text has served the checks: drop it before copying rows.
    frame = frame.select(
        *[c for c in columns if c != "nik_damaged"],
        pl.col("_nik_sci").alias("nik_damaged"),
        "_skip",
        "_table",
        "_row",
    )
    if kind == "enrollment":
        # No status, or one not understood: a leaving date says the record ended
        # (a leavers' list, `NA` with its TGL NON AKTIF); without one, active.
        frame = frame.with_columns(pl.col("active").fill_null(pl.col("inactive_on").is_null()))
    data = frame.filter(pl.col("_skip").is_null())
    read = dict(data.group_by("_table").len().iter_rows())
    total = dict(frame.group_by("_table").len().iter_rows())
    metas = []
    for i, f in enumerate(found):
        table, layout = f.table, f.layout
        if kind == "payroll" or "period" in layout.title:
            what = "payroll" if kind == "payroll" else "form"
            checks.require_period(data.filter(pl.col("_table") == i), table, layout, what)
        metas.append(
            InputFile(
                path=str(table.path), sheet=table.sheet, kind=kind, sha256=f.digest,
                rows_read=read.get(i, 0), rows_skipped=total.get(i, 0) - read.get(i, 0),
                columns=_sources(layout),
            )
        )  # fmt: skip
    files = pl.DataFrame(
        {"_table": list(range(len(found))), "_file": [str(f.table.path) for f in found],
         "_sheet": [f.table.sheet for f in found]},
        schema={"_table": pl.UInt32, "_file": pl.String, "_sheet": pl.String},
    )  # fmt: skip
    data = data.join(files, on="_table", how="left")
    return data.select(*columns, *PROVENANCE), metas, issues


def _sources(layout: Layout) -> dict[str, str]:
    """Field -> the header it was read from, or where a title value was read.

    A column wins over the title (it is read first), so only fields without
    one name their title line, sheet name or file name.
    """
    columns = {k: " + ".join(layout.headers[c] for c in cs) for k, cs in layout.columns.items()}
    return columns | {f: t.source for f, t in layout.title.items() if f not in columns}


def _text_fields(table: RawTable, layout: Layout) -> set[str]:
    """Fields this sheet holds as text (every field of a CSV or workbook, and title values)."""
    if not table.typed:
        return set(layout.columns) | set(layout.title)
    schema = table.body(0).collect_schema()
    typed = {f for f, cs in layout.columns.items() if schema[f"c{cs[0]}"] == pl.String}
    return typed | set(layout.title)


def _where(table: RawTable, layout: Layout) -> dict[str, str]:
    """Field -> `Header (letter)` as the user sees the column."""
    return {
        f: f"{layout.header_of(f)} ({column_letter(cs[0] + table.first_col + 1)})"
        for f, cs in layout.columns.items()
    }


def _texts(layout: Layout, schema: pl.Schema) -> dict[str, pl.Expr]:
    """Each field's cell as stripped text, title-block values filling employer and period."""
    cols = layout.columns

    def text(f: str, n: int = 0) -> pl.Expr:
        if len(cols.get(f, ())) <= n:
            return pl.lit(None, pl.String)
        if schema[f"c{cols[f][n]}"] != pl.String and f in (*MONEY, *DATES):
            return pl.lit(None, pl.String)  # typed: read as a number or date, not as text
        return pl.col(f"c{cols[f][n]}").cast(pl.String).str.strip_chars()

    texts = {f: text(f) for f in (*TEXT, *MONEY, *DATES, *FLAGS)}
    # A programme paid in two shares (employer, worker) has two amount columns.
    texts |= {f"{f}_2": text(f, 1) for f in FLAGS}
    for f in TITLE_FIELDS:
        value = layout.title.get(f)
        texts[f] = pl.coalesce(texts[f], pl.lit(value[0] if value else None, dtype=pl.String))
    return texts


def cells(found: Found, fields: Sequence[str]) -> list[pl.Expr]:
    """`_raw_<field>` over the table's body, as the same text `raw_table` gives the cleaner.

    So a row can be routed to its employer's part before the rest of it is
    read (see `ingest.split`).
    """
    texts = _texts(found.layout, found.table.body(found.layout.skip).collect_schema())
    return [texts[f].alias(f"_raw_{f}") for f in fields]


def merged_down(table: RawTable, layout: Layout, body: pl.LazyFrame) -> pl.LazyFrame:
    """The employer's and the month's cells merged down over several rows, on every row.

    A company name or NPP merged over its workers shows on each of their rows in
    Excel; the reader sees it in the first row only. Only these fields are filled:
    a wage merged over rows says nothing of how it is shared.
    """
    wanted = {cs[0] for f in (*EMPLOYER_FIELDS, "period") if (cs := layout.columns.get(f))}
    if not wanted or table._merges is None:
        return body
    first = table.first_row + layout.skip
    spans: dict[int, list[tuple[int, int]]] = {}
    for col, a, b in table.down_merges():
        if col in wanted and a >= first:
            spans.setdefault(col, []).append((a + 1, b))
    row = pl.col("_row")
    return body.with_columns(
        pl.when(pl.any_horizontal(row.is_between(a, b) for a, b in ranges))
        .then(pl.col(f"c{col}").forward_fill())
        .otherwise(pl.col(f"c{col}"))
        .alias(f"c{col}")
        for col, ranges in spans.items()
    )


def numeric_columns(layout: Layout) -> tuple[int, ...]:
    """Grid columns whose number cells matter: the NIK's (see NIK_PRECISION_LOSS)."""
    return (layout.columns["nik"][0],) if "nik" in layout.columns else ()


def raw_table(table: RawTable, layout: Layout, index: int) -> pl.LazyFrame:
    """One sheet's cells as text per canonical field, in a schema shared by every sheet.

    `_nik_number` marks NIKs held in a number cell: a 16-digit number has
    room for 15 significant digits, so its last digit may have been lost.
    """
    cols = layout.columns
    numeric = numeric_columns(layout)
    body = merged_down(table, layout, table.body(layout.skip, numeric=numeric))
    schema = body.collect_schema()

    def typed(f: str, check: Callable[[pl.DataType], bool], dtype: pl.DataType) -> pl.Expr:
        ok = f in cols and len(cols[f]) == 1 and check(schema[f"c{cols[f][0]}"])
        return (pl.col(f"c{cols[f][0]}") if ok else pl.lit(None)).cast(dtype).alias(f"_num_{f}")

    parts = cols.get("fixed_allowance_part", []) if "fixed_allowance" not in cols else []
    last = len(schema) if layout.last_col is None else layout.last_col
    cells = [c for c in schema if c.startswith("c") and int(c[1:]) <= last]
    number = pl.col(f"n{numeric[0]}").fill_null(False) if numeric else pl.lit(False)
    texts = _texts(layout, schema)
    # Rows with a plain 16-digit NIK are workers (`clean.classify`): the whole row as text
    # and the repeated-header test are made for the others alone, which saves a national
    # run a string of every row.
    doubtful = ~texts["nik"].str.contains(r"^\d{16}$").fill_null(False)
    return body.select(
        pl.lit(index, pl.UInt32).alias("_table"),
        pl.col("_row").cast(pl.Int64),
        *[e.alias(f"_raw_{f}") for f, e in texts.items()],
        *[typed(f, lambda d: d.is_numeric(), pl.Float64()) for f in MONEY],
        *[typed(f, lambda d: d in (pl.Date, pl.Datetime), pl.Date()).name.replace("_num_", "_date_")
          for f in DATES],
        (pl.concat_list(pl.col(f"c{c}").cast(pl.String) for c in parts) if parts
         else pl.lit(None, pl.List(pl.String))).alias("_parts"),
        pl.concat_str([pl.when(doubtful).then(pl.col(c)).cast(pl.String) for c in cells],
                      separator=" ", ignore_nulls=True).str.strip_chars().alias("_text"),
        number.alias("_nik_number"),
        _header_again(layout, schema, doubtful).alias("_header_again"),
    )  # fmt: skip


def _header_again(layout: Layout, schema: pl.Schema, doubtful: pl.Expr) -> pl.Expr:
    """The header printed again mid-sheet (a form drawn over two pages): its name cell is the
    name column's own heading."""
    cols = layout.columns.get("worker_name") or layout.columns.get("nik")
    if not cols or schema[f"c{cols[0]}"] != pl.String:
        return pl.lit(False)
    heading = normalise_header(layout.headers[cols[0]].split(" / ")[-1])
    cell = (
        pl.when(doubtful).then(pl.col(f"c{cols[0]}"))
        .str.replace_all(HEADER_PUNCTUATION, "").str.to_lowercase()
    )  # fmt: skip
    return (cell == heading).fill_null(False)
