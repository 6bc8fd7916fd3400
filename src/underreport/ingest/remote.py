"""Inputs named by URL (`s3://bucket/payroll/`), so every worker of a cluster can read them.

A `RemotePath` is a `Path` to the readers: its text is the URL, and the few
file-system calls they make (is it a folder, what is inside, its size, open it)
go to fsspec, which reads `s3://` through s3fs (the cluster extra). Polars reads
the URL itself, with the same `AWS_*` settings. Parquet and CSV are read this
way; a workbook is read by the tools of a file on disk, so it is refused with
one line rather than half-read.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from pathlib import Path, PosixPath
from typing import IO, Any

from underreport.model.errors import InputError, UsageError

SCHEME = re.compile(r"([a-z][a-z0-9+.-]+):/+(.+)")
"""A URL as a `Path` spells it: `s3://b/k` comes in as `s3:/b/k`. Two letters or more, so a
Windows drive (`C:/`) is never taken for a scheme."""
READ_REMOTELY = frozenset({".parquet", ".csv", ".txt", ".tsv"})


def of(path: Path) -> Path:
    """`path` as a `RemotePath` when it names a URL, else unchanged."""
    if isinstance(path, RemotePath):
        return path
    m = SCHEME.fullmatch(str(path))
    if m is None or m.group(1) == "file":
        return path
    return RemotePath(f"{m.group(1)}:/{m.group(2)}")


def _filesystem(url: str) -> tuple[Any, str]:
    try:
        import fsspec

        return fsspec.core.url_to_fs(url)  # type: ignore[no-any-return]
    except ImportError as exc:
        raise UsageError(
            f"{url}: reading {url.split(':', 1)[0]}:// needs the cluster extra "
            f"(pip install 'underreport[cluster]'): {exc}"
        ) from None


class _Stat:
    def __init__(self, size: int) -> None:
        self.st_size = size


class RemotePath(PosixPath):
    """A file or folder behind a URL, seen through the parts of `Path` the readers use."""

    def __str__(self) -> str:
        return SCHEME.sub(r"\1://\2", super().__str__(), count=1)

    def __fspath__(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"RemotePath({str(self)!r})"

    def _fs(self) -> tuple[Any, str]:
        return _filesystem(str(self))

    def is_absolute(self) -> bool:
        return True

    def absolute(self) -> RemotePath:
        return self

    def resolve(self, strict: bool = False) -> RemotePath:
        return self

    def exists(self, *, follow_symlinks: bool = True) -> bool:
        fs, where = self._fs()
        return bool(fs.exists(where))

    def is_dir(self) -> bool:
        fs, where = self._fs()
        return bool(fs.isdir(where))

    def is_file(self) -> bool:
        fs, where = self._fs()
        return bool(fs.isfile(where))

    def iterdir(self) -> Generator[RemotePath, None, None]:
        fs, where = self._fs()
        for entry in sorted(fs.ls(where, detail=False)):
            yield self / str(entry).rstrip("/").rsplit("/", 1)[-1]

    def stat(self, *, follow_symlinks: bool = True) -> Any:
        fs, where = self._fs()
        return _Stat(int(fs.size(where) or 0))

    def open(self, mode: str = "r", *args: Any, **kwargs: Any) -> IO[Any]:  # type: ignore[override]
        fs, where = self._fs()
        return fs.open(where, mode, *args, **kwargs)  # type: ignore[no-any-return]

    def read_bytes(self) -> bytes:
        with self.open("rb") as fh:
            return bytes(fh.read())


def require_readable(path: Path) -> None:
    """A URL names a Parquet or CSV file, or stop: workbooks are read from disk only."""
    if isinstance(path, RemotePath) and path.suffix.lower() not in READ_REMOTELY:
        raise InputError(
            f"a {path.suffix or 'file without an extension'} at a URL is not read: "
            "only Parquet and CSV are read from URLs; copy workbooks to a folder every "
            "worker can read",
            file=str(path),
        )
