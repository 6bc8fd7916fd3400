"""Read a file into raw tables: every cell as text, with its true position.

Header detection needs the top of each sheet as a plain grid, while the body
must stay lazy for large CSV and Parquet files. So each `RawTable` carries
the first rows eagerly (`top`) and produces its body on demand (`body`).
Workbooks are read with calamine (through fastexcel), which is many times
faster than openpyxl; openpyxl reads only the first rows of each sheet to
learn where calamine's grid starts, because calamine trims leading empty
rows and columns and row numbers must match what the user sees.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree  # expat >= 2.4 refuses entity expansion bombs; no DTD fetch

import polars as pl

from underreport.errors import InputError

TOP_ROWS = 40
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".parquet")
Cell = str | None


@dataclass
class RawTable:
    path: Path
    sheet: str | None
    top: list[list[Cell]]
    first_row: int
    """Spreadsheet row number of `top[0]` (1-based)."""
    first_col: int
    """0-based spreadsheet column of grid column 0."""
    _body: Callable[[int], pl.LazyFrame] = field(repr=False)
    typed: bool = False
    """True for Parquet: body columns keep their own dtypes and names are final."""

    def body(self, skip: int) -> pl.LazyFrame:
        """Rows after the first `skip` grid rows, columns `c0..cN`, plus `_row`."""
        return self._body(skip)


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def expand(paths: list[Path]) -> list[Path]:
    """Files named by the user; a directory means every table file inside it."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.iterdir()
                if f.suffix.lower() in SUFFIXES and not f.name.startswith(("~$", "."))
            )
            if not found:
                raise InputError("folder holds no .xlsx, .xls, .csv or .parquet file", file=str(p))
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return out


def read_tables(path: Path) -> Iterator[RawTable]:
    if path.stat().st_size == 0:
        raise InputError("file is empty", file=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        yield from _workbook(path)
    elif suffix == ".parquet":
        yield _parquet(path)
    elif suffix in (".csv", ".txt"):
        yield _csv(path)
    else:
        raise InputError(
            f"unsupported file type {suffix!r} (use .xlsx, .xls, .csv or .parquet)", file=str(path)
        )


def _grid(df: pl.DataFrame) -> list[list[Cell]]:
    return [list(r) for r in df.rows()]


def _workbook(path: Path) -> Iterator[RawTable]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(str(path))
        names = list(reader.sheet_names)
    except Exception as exc:
        raise InputError(f"cannot be read as a workbook ({exc})", file=str(path)) from exc
    offsets = _first_cells(path) if path.suffix.lower() != ".xls" else {}
    any_table = False
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string")
            df = sheet.to_polars()
        except Exception as exc:
            raise InputError(f"sheet cannot be read ({exc})", file=str(path), sheet=name) from exc
        if df.height == 0 or df.width == 0:
            continue
        any_table = True
        df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
        top = _grid(df.head(TOP_ROWS))
        first_row, first_col = _align(top, offsets.get(name))

        def body(skip: int, df: pl.DataFrame = df, first_row: int = first_row) -> pl.LazyFrame:
            return (
                df.slice(skip)
                .lazy()
                .with_row_index("_row", offset=first_row + skip)
                .with_columns(pl.col("_row").cast(pl.Int64))
            )

        yield RawTable(path, name, top, first_row, first_col, body)
    if not any_table:
        raise InputError("workbook has no sheet with data", file=str(path))


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _first_cells(path: Path) -> dict[str, tuple[int, int]]:
    """Sheet -> (row, 0-based column) of its first cell holding a value, from the sheet XML.

    calamine trims leading empty rows and columns, so its grid needs this to
    report rows as the spreadsheet numbers them. openpyxl could say it too,
    but it parses the whole shared-strings table first, which costs seconds
    on a large workbook; the first value cell is near the top of the XML.
    """
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}  # fmt: skip
    out: dict[str, tuple[int, int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = ElementTree.fromstring(z.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
            targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", ns)}
            for sheet in book.findall("m:sheets/m:sheet", ns):
                target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "").lstrip("/")
                member = target if target.startswith("xl/") else f"xl/{target}"
                found = _first_value_cell(z, member)
                if found:
                    out[sheet.get("name", "")] = found
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}
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
                    col = 0
                    for ch in m.group(1):
                        col = col * 26 + ord(ch) - 64
                    return int(m.group(2)), col - 1
            elif el.tag.endswith("}row"):
                el.clear()
    return None


def _align(top: list[list[Cell]], first_cell: tuple[int, int] | None) -> tuple[int, int]:
    """Where calamine's first grid row and column sit in the sheet."""
    first = next((r for r in top if any(c is not None for c in r)), None)
    if first_cell is None or first is None:
        return 1, 0
    j0 = next(i for i, c in enumerate(first) if c is not None)
    row, k0 = first_cell
    return row - top.index(first), max(k0 - j0, 0)


def _parquet(path: Path) -> RawTable:
    try:
        lf = pl.scan_parquet(path)
        names = lf.collect_schema().names()
    except Exception as exc:
        raise InputError(f"cannot be read as Parquet ({exc})", file=str(path)) from exc
    renamed = lf.rename({c: f"c{i}" for i, c in enumerate(names)})

    def body(skip: int) -> pl.LazyFrame:
        return renamed.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))

    return RawTable(path, None, [list(names)], 0, 0, body, typed=True)


def _decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM) or else Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _separator(lines: list[str]) -> str:
    """The delimiter that splits the head of the file most consistently.

    csv.Sniffer guesses badly on files whose title lines have no delimiter
    and whose money contains commas, so count fields per candidate instead.
    """
    best, best_score = ",", -1
    for sep in (";", ",", "\t", "|"):
        counts = sorted(len(r) for r in csv.reader(lines, delimiter=sep) if r)
        if not counts:
            continue
        score = counts[len(counts) * 3 // 4]
        if score > best_score:
            best, best_score = sep, score
    return best


def _csv(path: Path) -> RawTable:
    raw = path.read_bytes() if path.stat().st_size < 512 * 2**20 else None
    head_bytes = raw if raw is not None else path.open("rb").read(2**20)
    text, encoding = _decode(head_bytes)
    lines = text.splitlines()[: TOP_ROWS + 5]
    if not any(line.strip() for line in lines):
        raise InputError("file has no rows", file=str(path))
    sep = _separator(lines)
    top = [[c.strip() or None for c in r] for r in csv.reader(lines[:TOP_ROWS], delimiter=sep)]
    width = max((len(r) for r in top), default=1)
    top = [r + [None] * (width - len(r)) for r in top]
    schema = {f"c{i}": pl.String for i in range(width)}
    source: Path | io.BytesIO = path
    if encoding == "cp1252" and raw is not None:
        source = io.BytesIO(text.encode("utf-8"))

    def body(skip: int) -> pl.LazyFrame:
        src = io.BytesIO(source.getvalue()) if isinstance(source, io.BytesIO) else source
        return pl.scan_csv(
            src,
            separator=sep,
            has_header=False,
            skip_rows=skip,
            schema=schema,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
            quote_char='"',
            raise_if_empty=False,
            row_index_name="_row",
            row_index_offset=skip + 1,
        ).with_columns(pl.col("_row").cast(pl.Int64))

    return RawTable(path, None, top, 1, 0, body)
