"""Find the table inside a sheet: title block, header row(s), column mapping.

Inspectors' workbooks put a title block above the table and payroll
applications export two-row headers with merged group headings. Both are
recognised from the cells themselves, never from fixed row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from underreport.ingest.aliases import Kind, classify, normalise_header, uncounted_allowance
from underreport.ingest.clean import LEGEND
from underreport.ingest.sheets import Cell, RawTable
from underreport.ingest.title import Title
from underreport.ingest.title import read as read_title
from underreport.model.errors import InputError

KEY_FIELDS = ("nik", "employee_no", "worker_name", "kpj")
EMPLOYER_KEYS = ("employer_id", "npwp", "nib", "employer_name")
PROGRAMMES = ("jkk", "jkm", "jht", "jp")
_DATA_LIKE = re.compile(r"^'?[\d\s.,/:+-]+$")
"""An ID, number, amount or date as a cell shows it: what a header never is."""
_NATIONAL_ID = re.compile(r"^'?\d{15,16}(\.0+)?$|^\d(?:[.,]\d+)?E\+1[45]$", re.IGNORECASE)


@dataclass
class Layout:
    header_index: int
    header_rows: int
    columns: dict[str, list[int]]
    """Canonical field -> grid column indices (several only for allowance parts)."""
    headers: dict[int, str]
    """Grid column index -> header text as the user wrote it."""
    title: Title = field(default_factory=dict)
    """Field -> `TitleValue` (value, row, source, conflict) from the title block (see `title`)."""
    last_col: int | None = None
    """Last grid column of the worker table; cells to its right (a second table) are not read."""
    uncounted: list[int] = field(default_factory=list)
    """Grid columns of allowances left out of the contribution wage for want of a word
    saying they are fixed, on a payroll whose header names no fixed allowance at all."""

    @property
    def skip(self) -> int:
        return self.header_index + self.header_rows

    def header_of(self, field_name: str) -> str | None:
        cols = self.columns.get(field_name)
        return self.headers[cols[0]] if cols else None


def _text(c: Cell) -> str | None:
    if c is None:
        return None
    s = str(c).strip()
    return s or None


def _fields(names: Sequence[tuple[str | None, str | None]], aliases: Mapping[str, str]) -> set[str]:
    return {f for n, g in names if n and (f := classify(n, g, aliases))}


def _two_row_names(top: Sequence[Cell], sub: Sequence[Cell]) -> list[tuple[str | None, str | None]]:
    """(header, group) per column; a merged group heading spans the cells after it.

    Forms drawn on narrow columns merge each sub-header over several cells,
    so empty columns inside a group keep it; the next heading above ends it.
    A unit or rate alone under a heading (`(Rp)`, `(0.3%)`) leaves the heading its name.
    """
    out: list[tuple[str | None, str | None]] = []
    group: str | None = None
    for t, b in zip(top, sub, strict=True):
        t, b = _text(t), _text(b)
        b = b if b and normalise_header(b) else None
        if t is not None and b is not None:
            group = t
            out.append((b, t))
        elif t is not None:
            group = None
            out.append((t, None))
        elif b is not None:
            out.append((b, group))
        else:
            out.append((None, None))
    return out


def _third_row_names(
    names: Sequence[tuple[str | None, str | None]], mid: Sequence[Cell], sub: Sequence[Cell]
) -> list[tuple[str | None, str | None]]:
    """A third header row: `PENERIMAAN` over `TUNJANGAN TETAP` over `Jabatan` | `Perumahan`.

    Where the third row names a part, the heading above it is its group; the
    outermost heading only gathers columns and says nothing of what they are.
    """
    parts = _two_row_names(mid, sub)
    return [
        part if _text(cell) and normalise_header(cell) else name
        for name, part, cell in zip(names, parts, sub, strict=True)
    ]


def _is_third_row(
    top: Sequence[Cell], mid: Sequence[Cell], sub: Sequence[Cell], aliases: Mapping[str, str]
) -> bool:
    """Whether `sub` names parts of the middle row's groups, all under the top row's spans.

    A department row after a two-row header (`DEPARTEMEN : ADMINISTRASI`) sits in
    the first column, under a heading merged down from the top: it is data, not a header.
    """
    under_spans = all(_text(t) is None for t, b in zip(top, sub, strict=True) if _text(b))
    return under_spans and _is_sub_header(mid, sub, aliases)


def _is_sub_header(top: Sequence[Cell], sub: Sequence[Cell], aliases: Mapping[str, str]) -> bool:
    """Whether `sub` names the parts of groups in `top`, rather than being the first data row.

    Sub-headers may hold digits and rates (`Pekerja (2%)`, `BPJS TK (JHT 2% + JP 1%)`,
    `PPh 21`), so digits alone do not make a data row. A data row has an ID,
    number or date somewhere, or a value under a worker-key heading (`NIK`,
    `Nama`), which a two-row header leaves empty (merged down from the top row).
    """
    pairs = [(_text(t), _text(b)) for t, b in zip(top, sub, strict=True)]
    filled = [b for _, b in pairs if b]
    if not filled or any(_DATA_LIKE.match(b) for b in filled):
        return False
    if re.search(LEGEND, " ".join(filled)):
        return False  # a form's column legend, `a b … h = f + g`
    if not any(normalise_header(b) for b in filled):
        return True  # a row of units and rates only: `(Rp)`, `(2%)`
    if any(b and t and classify(t, None, aliases) in KEY_FIELDS for t, b in pairs):
        return False
    return any(t is None and b for t, b in pairs)


def _end_of_table(
    names: Sequence[tuple[str | None, str | None]], aliases: Mapping[str, str]
) -> int | None:
    """Last grid column of the main table, when a second table stands to its right.

    Headings between empty columns form blocks. A second table (a summary by
    department after an empty column) adds no field the main table lacks, so
    the main table ends before the first block after the last one that maps
    a new field. None when nothing stands to the right: the empty columns
    there still belong to the table (signatures are often written in them).
    """
    blocks: list[tuple[int, bool]] = []  # (first column, maps a new field)
    seen: set[str] = set()
    for j, (name, group) in enumerate(names):
        if not name:
            continue
        f = classify(name, group, aliases)
        new = f is not None and (f not in seen or f in ("fixed_allowance_part", *PROGRAMMES))
        seen.update([f] if f else [])
        if j == 0 or not names[j - 1][0]:
            blocks.append((j, new))
        elif new:
            blocks[-1] = (blocks[-1][0], True)
    last_new = max((b for b, (_, new) in enumerate(blocks) if new), default=None)
    if last_new is None or last_new == len(blocks) - 1:
        return None
    return blocks[last_new + 1][0] - 1


def _national_ids(j: int, sample: Sequence[Sequence[Cell]]) -> tuple[int, int]:
    """(cells that look like a 16-digit national ID, filled cells) of column `j`."""
    values = [v.replace(" ", "") for r in sample if j < len(r) and (v := _text(r[j]))]
    return sum(1 for v in values if _NATIONAL_ID.match(v)), len(values)


def _nik_columns(
    candidates: list[int],
    names: Sequence[tuple[str | None, str | None]],
    sample: Sequence[Sequence[Cell]],
) -> tuple[int, int | None]:
    """Of several columns that say NIK, the national ID's and, if any, the staff number's.

    "NIK" also means Nomor Induk Karyawan, the staff number: where a `No. KTP`
    column sits beside it, the column whose values look like national IDs
    is the NIK and a column of other values beside it is the staff number.
    """
    counts = {j: _national_ids(j, sample) for j in candidates}
    named = {j: normalise_header(names[j][0]) != "nik" for j in candidates}
    nik = max(candidates, key=lambda j: (counts[j][0], named[j], -j))
    staff = [j for j in candidates if j != nik and counts[j][1] and 2 * counts[j][0] < counts[j][1]]
    return nik, (staff[0] if staff else None)


def detect(table: RawTable, kind: Kind, aliases: Mapping[str, str]) -> Layout:
    """Locate the header and map its columns, or explain what is missing."""
    grid = table.top
    best: tuple[int, int, list[tuple[str | None, str | None]]] | None = None
    for i, row in enumerate(grid):
        names: list[tuple[str | None, str | None]] = [(_text(c), None) for c in row]
        found = _fields(names, aliases)
        keys = KEY_FIELDS if kind in ("payroll", "enrollment") else EMPLOYER_KEYS
        if not found & set(keys) or len(found) < 2:
            continue
        rows = 1
        if i + 1 < len(grid) and _is_sub_header(row, grid[i + 1], aliases):
            names, rows = _two_row_names(row, grid[i + 1]), 2
            if i + 2 < len(grid) and _is_third_row(row, grid[i + 1], grid[i + 2], aliases):
                names, rows = _third_row_names(names, grid[i + 1], grid[i + 2]), 3
            found = _fields(names, aliases)
        if best is None or len(found) > len(_fields(best[2], aliases)):
            best = (i, rows, names)
    if best is None:
        raise InputError(
            f"no header row found in the first {len(grid)} rows: expected columns such as "
            + ("NIK, Nama, Gaji Pokok" if kind == "payroll" else "NPP, NIK, Nama, Upah, Status"),
            file=str(table.path),
            sheet=table.sheet,
        )
    index, rows, names = best
    end = _end_of_table(names, aliases)
    mapped = names if end is None else names[: end + 1]
    columns: dict[str, list[int]] = {}
    headers: dict[int, str] = {}
    niks: list[int] = []
    for j, (name, group) in enumerate(mapped):
        if not name:
            continue
        headers[j] = f"{group} / {name}" if group and group != name else name
        f = classify(name, group, aliases)
        if f is None:
            continue
        if f == "nik":
            niks.append(j)
        if f in ("fixed_allowance_part", *PROGRAMMES):
            columns.setdefault(f, []).append(j)
        elif f not in columns or (
            f == "fixed_allowance" and normalise_header(name).startswith(("total", "jumlah"))
        ):
            columns[f] = [j]
    if len(niks) > 1:
        nik, staff = _nik_columns(niks, names, grid[index + rows :])
        columns["nik"] = [nik]
        if staff is not None and "employee_no" in aliases.values() and "employee_no" not in columns:
            columns["employee_no"] = [staff]
    title = read_title(table, index, kind, columns)
    fixed = ("fixed_allowance", "fixed_allowance_part", "contribution_wage")
    uncounted = [
        j
        for j, (name, group) in enumerate(mapped)
        if kind == "payroll"
        and name
        and not any(f in columns for f in fixed)
        and uncounted_allowance(name, group, aliases)
    ]
    return Layout(index, rows, columns, headers, title, end, uncounted)
