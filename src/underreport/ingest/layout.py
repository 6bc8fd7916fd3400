"""Find the table inside a sheet: title block, header row(s), column mapping.

Inspectors' workbooks put a title block above the table and payroll
applications export two-row headers with merged group headings. Both are
recognised from the cells themselves, never from fixed row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from underreport.errors import InputError
from underreport.ingest.aliases import Kind, classify, normalise_header
from underreport.ingest.sheets import Cell, RawTable
from underreport.ingest.title import Title
from underreport.ingest.title import read as read_title

KEY_FIELDS = ("nik", "employee_no", "worker_name", "kpj")
EMPLOYER_KEYS = ("employer_id", "npwp", "nib", "employer_name")
_DIGIT = re.compile(r"\d")


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
    """(header, group) per column; a merged group heading spans the cells after it."""
    out: list[tuple[str | None, str | None]] = []
    group: str | None = None
    for t, b in zip(top, sub, strict=True):
        t, b = _text(t), _text(b)
        if t is not None and b is not None:
            group = t
            out.append((b, t))
        elif t is not None:
            group = None
            out.append((t, None))
        elif b is not None:
            out.append((b, group))
        else:
            group = None
            out.append((None, None))
    return out


def _is_sub_header(top: Sequence[Cell], sub: Sequence[Cell]) -> bool:
    cells = [_text(c) for c in sub]
    filled = [c for c in cells if c]
    if not filled or any(_DIGIT.search(c) for c in filled):
        return False
    return any(_text(t) is None and b for t, b in zip(top, cells, strict=True))


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
        if i + 1 < len(grid) and _is_sub_header(row, grid[i + 1]):
            names, rows = _two_row_names(row, grid[i + 1]), 2
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
    columns: dict[str, list[int]] = {}
    headers: dict[int, str] = {}
    for j, (name, group) in enumerate(names):
        if not name:
            continue
        headers[j] = f"{group} / {name}" if group and group != name else name
        f = classify(name, group, aliases)
        if f is None:
            continue
        if f == "fixed_allowance_part":
            columns.setdefault(f, []).append(j)
        elif f not in columns or (
            f == "fixed_allowance" and normalise_header(name).startswith(("total", "jumlah"))
        ):
            columns[f] = [j]
    title = read_title(table, index, kind, columns)
    return Layout(index, rows, columns, headers, title)
