"""All-or-nothing file writes: temporary files in the target folder, then `os.replace`.

An export that fails half-way must leave nothing behind that an inspector
could mistake for a finished report, and must not clobber the previous one.
Every file of one export is staged first and only moved into place once all
of them were written, so a multi-file export (`--by-office`) is replaced as a
whole or not at all (short of a crash between two `os.replace` calls).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from underreport.model.errors import UsageError


class Staging:
    """Hands out temporary paths beside each final path and remembers them."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []

    def path_for(self, out: Path) -> Path:
        folder = out.parent if str(out.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"cannot write {out}: folder {folder} does not exist")
        if any(final == out for final, _ in self._pending):
            raise UsageError(f"{out} would be written twice in one export")
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        tmp = Path(name)
        self._pending.append((out, tmp))
        return tmp

    def commit(self) -> list[Path]:
        mode = _default_mode()
        for out, tmp in self._pending:
            with contextlib.suppress(OSError):  # best effort on odd filesystems
                os.chmod(tmp, out.stat().st_mode & 0o777 if out.exists() else mode)
        for out, tmp in self._pending:
            os.replace(tmp, out)
        done = [out for out, _ in self._pending]
        self._pending.clear()
        return done

    def discard(self) -> None:
        for _, tmp in self._pending:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._pending.clear()


@contextlib.contextmanager
def staged() -> Iterator[Staging]:
    """Yield a `Staging`; on success move its files into place, on error delete them."""
    staging = Staging()
    try:
        yield staging
    except BaseException:
        staging.discard()
        raise
    try:
        staging.commit()
    except BaseException:
        staging.discard()
        raise


def _default_mode() -> int:
    """What a plain `open(..., "w")` would give (mkstemp makes files private)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
