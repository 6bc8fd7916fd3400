"""Where a workbook's cells sit, which calamine does not say.

calamine trims leading empty rows and columns, and gives a merged range's
value in its first cell only. These readers learn the first value cell of
each sheet and the ranges merged down one column, from the sheet XML of an
`.xlsx` and through xlrd for a BIFF `.xls`, so rows and columns are reported
as the spreadsheet numbers them (see `sheets.RawTable`).
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree  # expat >= 2.4 refuses entity expansion bombs; no DTD fetch

_UNCOMPUTED = re.compile(
    rb'<c r="([A-Z]+)(\d+)"[^>]*>\s*(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)'
    rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)
"""A formula cell with no saved value: what openpyxl and other writers that do not compute
formulas leave, and what calamine reads as empty."""
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def sheet_merges(path: Path, name: str) -> Callable[[], list[tuple[int, int, int]]]:
    """A reader of the sheet's cells merged down one column, from its XML.

    calamine gives a merged range's value in its first cell only. The ranges
    sit after the cells in the sheet's XML: the member is read whole, so only
    when a layout asks (an NPP or company name merged down over its workers),
    and once: a sheet read per month or per part asks again.
    """

    def merges() -> list[tuple[int, int, int]]:
        try:
            with zipfile.ZipFile(path) as z:
                member = _sheet_members(z).get(name)
                data = z.read(member) if member else b""
        except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
            return []
        return [
            (_column(c1.decode()), int(r1), int(r2))
            for c1, r1, c2, r2 in _MERGE.findall(data)
            if c1 == c2 and int(r2) > int(r1)
        ]

    return functools.cache(merges)


def xls_merges(path: Path, name: str) -> Callable[[], list[tuple[int, int, int]]]:
    """As `sheet_merges`, for a BIFF (.xls) sheet: xlrd lists merges with formatting on."""

    def merges() -> list[tuple[int, int, int]]:
        import xlrd

        try:
            book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
            ranges = book.sheet_by_name(name).merged_cells
        except Exception:  # xlrd cannot read it: nothing is filled, as before
            return []
        return [(c, r1 + 1, r2) for r1, r2, c, c2 in ranges if c2 == c + 1 and r2 > r1 + 1]

    return functools.cache(merges)


def _column(letters: str) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1


def xls_first_cells(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet -> (row, 0-based column) of its first value cell in a BIFF (.xls) workbook.

    calamine trims leading empty rows and columns of .xls sheets too; xlrd,
    which reads BIFF well, gives the positions. It parses whole sheets, a
    fraction of a second for the largest .xls (65,536 rows).
    """
    import xlrd

    out: dict[str, tuple[int, int]] = {}
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
        for name in book.sheet_names():
            pos = _xls_first(book.sheet_by_name(name))
            if pos is not None:
                out[name] = pos
            book.unload_sheet(name)
    except Exception:  # xlrd cannot read it: calamine's grid is taken from A1, as before
        return out
    return out


def _xls_first(sheet: Any) -> tuple[int, int] | None:
    import xlrd

    for r in range(sheet.nrows):
        for c, cell in enumerate(sheet.row(r)):
            if (
                cell.ctype not in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
                and str(cell.value).strip()
            ):
                return r + 1, c
    return None


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def first_cells(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet -> (row, 0-based column) of its first cell holding a value, from the sheet XML.

    calamine trims leading empty rows and columns, so its grid needs this to
    report rows as the spreadsheet numbers them. openpyxl could say it too,
    but it parses the whole shared-strings table first, which costs seconds
    on a large workbook; the first value cell is near the top of the XML.
    """
    out: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            for name, member in _sheet_members(z).items():
                found = _first_value_cell(z, member)
                if found:
                    out[name] = found
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
    return out


def _sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML member in the workbook package."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}  # fmt: skip
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", ns)}
    out = {}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "").lstrip("/")
        out[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def _first_value_cell(z: zipfile.ZipFile, member: str) -> tuple[int, int] | None:
    with z.open(member) as fh:
        for _, el in ElementTree.iterparse(fh, events=("end",)):
            if el.tag.endswith("}c") and any(
                child.tag.endswith(("}v", "}is")) and "".join(child.itertext()).strip()
                for child in el
            ):
                m = _CELL_REF.fullmatch(el.get("r", ""))
                if m:
                    return int(m.group(2)), _column(m.group(1))
            elif el.tag.endswith("}row"):
                el.clear()
    return None


def uncomputed_formulas(path: Path, name: str) -> tuple[int, tuple[int, int] | None]:
    """How many formula cells of an .xlsx sheet have no saved value, and the first (row, col).

    Such a wage cell reads as empty, so a worker would look wage-less
    without the reader knowing why; the count lets the tool say so.
    """
    try:
        with zipfile.ZipFile(path) as z:
            member = _sheet_members(z).get(name)
            data = z.read(member) if member else b""
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return 0, None
    if b"<f" not in data:
        return 0, None
    found = _UNCOMPUTED.findall(data)
    if not found:
        return 0, None
    letters, row = found[0]
    return len(found), (int(row), _column(letters.decode()))
