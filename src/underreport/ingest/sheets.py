"""Read a file into raw tables: every cell as text, with its true position.

Header detection needs the top of each sheet as a plain grid, while the body
must stay lazy for large CSV and Parquet files. So each `RawTable` carries
the first rows eagerly (`top`) and produces its body on demand (`body`).
Workbooks are read with calamine (through fastexcel), which is many times
faster than openpyxl; calamine trims leading empty rows and columns, and row
numbers must match what the user sees, so `positions` says where its grid
starts (from the sheet XML, or through xlrd for .xls).

Files are dispatched on their first bytes, not their name (see `sniff`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from underreport.ingest import remote
from underreport.ingest.positions import first_cells, sheet_merges, xls_first_cells, xls_merges
from underreport.ingest.sniff import PASSWORD, check_zip, encrypted, sniff, xls_encrypted
from underreport.model.errors import InputError

TOP_ROWS = 40
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".parquet", ".htm", ".html")
FOLDER_SUFFIXES = tuple(s for s in SUFFIXES if s != ".txt")
"""What a folder's files are read for; a `.txt` in a folder is taken for a note."""
WORKBOOK = (".xlsx", ".xlsm", ".xls")
Cell = str | None

# Python's csv module refuses fields over 131,072 characters by default; a payroll export
# with a long notes cell is still a payroll. The limit is process-wide, so it is raised once.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


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
    _numbers: Callable[[int, int], pl.Series] | None = field(default=None, repr=False)
    """(skip, grid column) -> whether each body cell of that column is a number cell."""
    _merges: Callable[[], list[tuple[int, int, int]]] | None = field(default=None, repr=False)
    """Cells merged down one column: (0-based sheet column, first row, last row), read
    only when asked (see `down_merges`)."""
    hidden: bool = False
    """A workbook sheet Excel does not show (hidden or very hidden): an inspector who opens
    the file never sees it, and payroll systems keep old months and lookups there."""

    def down_merges(self) -> list[tuple[int, int, int]]:
        """Cells merged down a column, as (grid column, first sheet row, last sheet row)."""
        if self._merges is None:
            return []
        return [(c - self.first_col, a, b) for c, a, b in self._merges() if c >= self.first_col]

    def body(self, skip: int, numeric: tuple[int, ...] = ()) -> pl.LazyFrame:
        """Rows after the first `skip` grid rows, columns `c0..cN`, plus `_row`.

        `numeric` adds a Boolean `n<col>` per grid column: true where the
        spreadsheet holds a number cell (null when the format has no cell
        types: CSV, HTML, Parquet). A body that already carries `n<col>`
        (a part written to disk by `ingest.split`) keeps its own.
        """
        frame = self._body(skip)
        if not numeric:
            return frame
        names = frame.collect_schema().names()
        wanted = [c for c in numeric if f"n{c}" not in names]
        if not wanted:
            return frame
        if self._numbers is None:
            return frame.with_columns(pl.lit(None, pl.Boolean).alias(f"n{c}") for c in wanted)
        flags = pl.DataFrame([self._numbers(skip, c).alias(f"n{c}") for c in wanted])
        return pl.concat([frame, flags.lazy()], how="horizontal")


def sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def expand(paths: list[Path]) -> list[Path]:
    """Files named by the user; a directory means every table file inside it."""
    return listing(paths)[0]


def listing(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to read, and the folders' other files with why each is not read.

    A file named on the command line is always read; inside a folder only
    table files are, and every other entry is reported, so nothing is
    dropped without a word.
    """
    out: list[Path] = []
    left: list[tuple[Path, str]] = []
    for p in map(remote.of, paths):
        if p.is_dir():
            found: list[Path] = []
            for f in sorted(p.iterdir()):
                if (why := _not_a_table(f)) is None:
                    found.append(f)
                else:
                    left.append((f, why))
            if not found:
                raise InputError("folder holds no .xlsx, .xls, .csv or .parquet file", file=str(p))
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise InputError("no such file or folder", file=str(p))
    return out, left


def _not_a_table(f: Path) -> str | None:
    if f.is_dir():
        return "a folder inside the folder (not searched)"
    if f.name.startswith("~$"):
        return "an Excel lock file (the workbook is open in Excel), not a table"
    if f.name.startswith("."):
        return "a hidden file, not a table"
    if f.suffix.lower() not in FOLDER_SUFFIXES:
        kind = f"a {f.suffix.lower()} file" if f.suffix else "a file without an extension"
        return f"{kind}, not .xlsx, .xls, .csv or .parquet"
    return None


def read_tables(path: Path) -> Iterator[RawTable]:
    remote.require_readable(path)
    if path.stat().st_size == 0:
        raise InputError("file is empty", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield _parquet(path)
        return
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix!r} (use .xlsx, .xls, .csv or .parquet)", file=str(path)
        )
    content = sniff(path)
    if content == "html":
        from underreport.ingest.html import read_html

        yield from read_html(path)
    elif suffix in WORKBOOK and content in ("zip", "ole", "binary"):
        yield from _workbook(path, content)
    elif content == "spreadsheetml":
        raise InputError(
            "an Excel 2003 XML spreadsheet, which this tool does not read: "
            "open it in Excel and save it as .xlsx",
            file=str(path),
        )
    elif content in ("pdf", "image"):
        what = "a PDF" if content == "pdf" else "an image"
        raise InputError(f"not an Excel workbook: it looks like {what}", file=str(path))
    elif content == "text":
        yield _csv(path)  # ERP "Excel" exports are often tab-separated text named .xls
    else:
        raise InputError(
            f"not a table file: its content is neither a workbook, CSV text nor HTML "
            f"(named {suffix!r})",
            file=str(path),
        )


def _grid(df: pl.DataFrame) -> list[list[Cell]]:
    return [list(r) for r in df.rows()]


def frame_body(frame: pl.DataFrame, first_row: int) -> Callable[[int], pl.LazyFrame]:
    """`RawTable._body` of a grid held in memory whose first row is sheet row `first_row`."""

    def body(skip: int) -> pl.LazyFrame:
        return (
            frame.slice(skip)
            .lazy()
            .with_row_index("_row", offset=first_row + skip)
            .with_columns(pl.col("_row").cast(pl.Int64))
        )

    return body


def _workbook(path: Path, content: str) -> Iterator[RawTable]:
    import fastexcel

    if content == "zip":
        check_zip(path)
    if content == "ole" and encrypted(path):
        raise InputError(PASSWORD, file=str(path))
    # A container that is not what the name says (an .xls renamed .xlsx) is read by content.
    renamed = (content == "ole") != (path.suffix.lower() == ".xls")
    try:
        reader = fastexcel.read_excel(path.read_bytes() if renamed else str(path))
        names = list(reader.sheet_names)
    except Exception as exc:
        # calamine names an encrypted .xls so, but not one renamed .xlsx (read from bytes).
        if re.search(r"password|encrypt", str(exc), re.IGNORECASE) or (
            content == "ole" and xls_encrypted(path)
        ):
            raise InputError(PASSWORD, file=str(path)) from exc
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot be read as a workbook ({detail})", file=str(path)) from exc
    offsets = first_cells(path) if content == "zip" else xls_first_cells(path)
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
        originals = df.columns
        df = df.rename({c: f"c{i}" for i, c in enumerate(df.columns)})
        top = _grid(df.head(TOP_ROWS))
        first_row, first_col = _align(top, offsets.get(name))

        body = frame_body(df, first_row)

        def numbers(
            skip: int, col: int, name: str = name, originals: list[str] = originals
        ) -> pl.Series:
            """Number cells of one column: asked for as Boolean, calamine keeps only
            numbers (and true/false cells) and leaves text cells null."""
            column = originals[col]
            flags = reader.load_sheet(
                name, header_row=None, use_columns=[column], dtypes={column: "boolean"}
            ).to_polars()
            return flags.to_series(0).slice(skip).is_not_null()

        merges = sheet_merges(path, name) if content == "zip" else xls_merges(path, name)
        yield RawTable(
            path, name, top, first_row, first_col, body, _numbers=numbers, _merges=merges,
            hidden=sheet.visible != "visible",
        )  # fmt: skip
    if not any_table:
        raise InputError("workbook has no sheet with data", file=str(path))


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
        # A URL as text: Polars reads s3:// itself. The row number is the reader's own, so a
        # slice of rows (a cluster's) is read alone: `with_row_index` after the scan made
        # the in-memory engine read the whole file for any slice (10M rows: 1.2 GB).
        lf = pl.scan_parquet(str(path), row_index_name="_row", row_index_offset=1)
        names = [c for c in lf.collect_schema().names() if c != "_row"]
    except Exception as exc:
        raise InputError(f"cannot be read as Parquet ({exc})", file=str(path)) from exc
    renamed = lf.rename({c: f"c{i}" for i, c in enumerate(names)}).with_columns(
        pl.col("_row").cast(pl.Int64)
    )

    def body(skip: int) -> pl.LazyFrame:
        return renamed

    return RawTable(path, None, [list(names)], 0, 0, body, typed=True)


def decode(raw: bytes) -> tuple[str, str]:
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
    text, encoding = decode(head_bytes)
    lines = text.splitlines()[: TOP_ROWS + 5]
    if not any(line.strip() for line in lines):
        raise InputError("file has no rows", file=str(path))
    sep = _separator(lines)
    top = [
        [_unformula(c.strip()) or None for c in r]
        for r in csv.reader(lines[:TOP_ROWS], delimiter=sep)
    ]
    width = max((len(r) for r in top), default=1)
    top = [r + [None] * (width - len(r)) for r in top]
    schema = {f"c{i}": pl.String for i in range(width)}
    source: str | io.BytesIO = str(path)
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
        ).with_columns(pl.col("_row").cast(pl.Int64), *(_unformula_expr(c) for c in schema))

    return RawTable(path, None, top, 1, 0, body)


def _unformula(cell: str) -> str:
    """`="0012345"` -> `0012345`: how exports tell Excel to keep an ID as text."""
    return cell[2:-1] if cell.startswith('="') and cell.endswith('"') and len(cell) > 2 else cell


def _unformula_expr(name: str) -> pl.Expr:
    """`_unformula` over a column: an NPP or NIK written `="80182795"` is the number inside."""
    c = pl.col(name)
    wrapped = c.str.starts_with('="') & c.str.ends_with('"') & (c.str.len_chars() > 2)
    return pl.when(wrapped).then(c.str.slice(2, c.str.len_chars() - 3)).otherwise(c).alias(name)
