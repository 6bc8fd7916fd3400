"""What a file is, from its first bytes, whatever its name says.

ERP systems write HTML or tab-separated text into `x.xls`; a PDF, a photo
or an encrypted workbook gets renamed `.xlsx`. Each is either read as what
it is or named in one line, instead of a workbook reader's zip error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from underreport.model.errors import InputError

PASSWORD = "the workbook is password-protected: save it without a password and try again"


def sniff(path: Path) -> str:
    """What the file is from its first bytes.

    zip, ole (BIFF .xls or an encrypted package), pdf, image, spreadsheetml
    (Excel 2003 XML), html, text or binary.
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")) or (
        head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    ):
        return "image"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = text[2:].replace(b"\x00", b"")
    lower = text.lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lower and b"<workbook" in lower:
        return "spreadsheetml"
    if text.lstrip().startswith(b"<") and (b"<table" in lower or b"<html" in lower):
        return "html"
    if b"\x00" not in text:
        return "text"
    return "binary"


def check_zip(path: Path) -> None:
    """A zip that is not a workbook: say what it holds instead of calamine's missing part."""
    try:
        with zipfile.ZipFile(path) as z:
            members = set(z.namelist())
    except zipfile.BadZipFile as exc:
        raise InputError("not an Excel workbook: a damaged zip archive", file=str(path)) from exc
    if any(m.startswith("xl/") for m in members):
        return
    if any(m.startswith("word/") for m in members):
        what = "it looks like a Word document"
    elif any(m.startswith("ppt/") for m in members):
        what = "it looks like a PowerPoint file"
    elif "content.xml" in members:
        what = "it looks like an OpenDocument file (save it as .xlsx)"
    else:
        what = "it is a zip archive (unzip it and give the files inside)"
    raise InputError(f"not an Excel workbook: {what}", file=str(path))


def encrypted(path: Path) -> bool:
    """An OLE container holding an encrypted Office document (its streams' names are UTF-16)."""
    raw = path.read_bytes()
    return "EncryptionInfo".encode("utf-16-le") in raw or (
        "EncryptedPackage".encode("utf-16-le") in raw
    )


def xls_encrypted(path: Path) -> bool:
    """A BIFF (.xls) workbook with a FilePass record: RC4 or XOR encryption, which xlrd names."""
    import xlrd

    try:
        xlrd.open_workbook(str(path), on_demand=True).release_resources()
    except xlrd.XLRDError as exc:
        return "encrypted" in str(exc).lower()
    except Exception:  # not a BIFF workbook at all: the caller says so
        return False
    return False
