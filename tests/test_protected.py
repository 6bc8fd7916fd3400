"""Password-protected workbooks, made with a real password, stop the run with one line.

The .xlsx fixtures are encrypted by msoffcrypto-tool (OOXML agile encryption,
as Excel 2010+ writes it). msoffcrypto only decrypts legacy .xls, so the .xls
fixtures are encrypted here, with msoffcrypto's own key derivation, in RC4
CryptoAPI (what Excel 2003-2019 write for a .xls saved with a password) and
plain RC4 (Excel 97/2000); `test_the_fixtures_are_really_encrypted` proves
each opens with the password, and only with it, as msoffcrypto decrypts it.
XOR obfuscation (Excel 95) is not made: calamine and xlrd refuse any FilePass.
"""

from __future__ import annotations

import io
import json
import os
import struct
from functools import partial
from hashlib import md5, sha1
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
import xlrd
import xlwt
from conftest import ENROLMENT_HEADER, enrolment_line, write_csv, write_xlsx
from msoffcrypto.format.ooxml import OOXMLFile
from msoffcrypto.method.rc4 import DocumentRC4
from msoffcrypto.method.rc4_cryptoapi import DocumentRC4CryptoAPI
from typer.testing import CliRunner
from xlwt.CompoundDoc import XlsDoc

import underreport
from underreport.cli import app
from underreport.model.errors import InputError

runner = CliRunner()
PASSWORD = "rahasia"
NIK_A = "3201015505900011"
LOCKED = "the workbook is password-protected: save it without a password and try again"
ROWS: list[list[object]] = [
    ["NPP : 12345678"],
    ["Periode : Maret 2025"],
    ["NIK", "Nama", "Gaji Pokok"],
    [NIK_A, "Budi", 4_000_000.0],
]


def encrypted_xlsx(path: Path) -> Path:
    plain = io.BytesIO()
    write_xlsx(plain, {"Gaji": ROWS})  # type: ignore[arg-type]
    plain.seek(0)
    out = io.BytesIO()
    OOXMLFile(plain).encrypt(PASSWORD, out)
    path.write_bytes(out.getvalue())
    return path


# BIFF records that stay in clear text in an encrypted stream (MS-XLS 2.2.10): BOF, FilePass,
# UsrExcl, FileLock, InterfaceHdr, RRDInfo, RRDHead; BoundSheet8 keeps its first 4 bytes.
_CLEAR = {0x0809, 0x002F, 0x0194, 0x0195, 0x00E1, 0x0196, 0x0138}
_BOUNDSHEET = 0x0085


def _keystream(scheme: str, salt: bytes, size: int) -> bytes:
    """RC4 bytes for stream offsets 0..size, re-keyed every 1024 bytes as Excel does."""
    zeros = io.BytesIO(bytes(size))
    if scheme == "rc4":
        return bytes(DocumentRC4.decrypt(PASSWORD, salt, zeros, blocksize=1024).read())
    return bytes(DocumentRC4CryptoAPI.decrypt(PASSWORD, salt, 128, zeros, blocksize=1024).read())


def _filepass(scheme: str, salt: bytes) -> bytes:
    """FilePass record: RC4 (version 1.1, MD5) or RC4 CryptoAPI (4.2, SHA-1, 128-bit key, as
    Excel 2003-2019 write a protected .xls), with a verifier and its hash, encrypted."""
    verifier = os.urandom(16)
    digest = md5(verifier).digest() if scheme == "rc4" else sha1(verifier).digest()
    clear = verifier + digest
    sealed = bytes(a ^ b for a, b in zip(clear, _keystream(scheme, salt, len(clear)), strict=True))
    if scheme == "rc4":
        body = struct.pack("<HHH", 1, 1, 1) + salt + sealed
    else:
        csp = "Microsoft Enhanced Cryptographic Provider v1.0\0".encode("utf-16-le")
        header = struct.pack("<8I", 0x04, 0, 0x6801, 0x8004, 128, 1, 0, 0) + csp
        info = struct.pack("<HHII", 4, 2, 0x04, len(header)) + header
        body = struct.pack("<H", 1) + info + struct.pack("<I", 16) + salt + sealed[:16]
        body += struct.pack("<I", 20) + sealed[16:]
    return struct.pack("<HH", 0x002F, len(body)) + body


def encrypted_xls(path: Path, scheme: str = "cryptoapi") -> Path:
    """A BIFF8 workbook written by xlwt, a FilePass after its BOF, then its records encrypted."""
    salt = os.urandom(16)
    book = xlwt.Workbook()
    sheet = book.add_sheet("Gaji")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    bof = book._Workbook__bof_rec  # type: ignore[attr-defined]
    # xlwt then counts the FilePass in the sheets' stream offsets (BoundSheet8.lbPlyPos)
    book._Workbook__bof_rec = lambda: bof() + _filepass(scheme, salt)  # type: ignore[attr-defined]
    stream = book.get_biff_data()
    # xlwt's container pads the stream with zeros: a filler record keeps them whole records
    stream += struct.pack("<HH", 0, -len(stream) % 4) + bytes(-len(stream) % 4)
    keys = _keystream(scheme, salt, len(stream))
    out = bytearray(stream)
    pos = 0
    while pos < len(stream):
        rid, size = struct.unpack_from("<HH", stream, pos)
        if rid not in _CLEAR:
            start = pos + 4 + (4 if rid == _BOUNDSHEET else 0)
            out[start : pos + 4 + size] = bytes(
                a ^ b for a, b in zip(out[start : pos + 4 + size], keys[start:], strict=False)
            )
        pos += 4 + size
    XlsDoc().save(str(path), bytes(out))
    return path


def _decrypted(path: Path, password: str) -> tuple[str, bytes]:
    """How msoffcrypto finds the file encrypted, and the file it decrypts."""
    with path.open("rb") as fh:
        office = msoffcrypto.OfficeFile(fh)
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    return getattr(office, "type", office.format), out.getvalue()


@pytest.mark.parametrize("scheme", ["rc4", "cryptoapi"])
def test_the_fixtures_are_really_encrypted(tmp_path: Path, scheme: str) -> None:
    xlsx = encrypted_xlsx(tmp_path / "gaji.xlsx")
    how, clear = _decrypted(xlsx, PASSWORD)
    assert how == "agile"
    book = openpyxl.load_workbook(io.BytesIO(clear))
    assert [c.value for c in book["Gaji"][4]] == [NIK_A, "Budi", 4_000_000]
    xls = encrypted_xls(tmp_path / "gaji.xls", scheme)
    with pytest.raises(xlrd.biffh.XLRDError, match="encrypted"):
        xlrd.open_workbook(str(xls))
    how, clear = _decrypted(xls, PASSWORD)
    assert how == {"rc4": "rc4", "cryptoapi": "rc4_cryptoapi"}[scheme]
    sheet = xlrd.open_workbook(file_contents=clear).sheet_by_name("Gaji")
    assert sheet.row_values(3) == [NIK_A, "Budi", 4_000_000.0]
    for path in (xlsx, xls):
        with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
            _decrypted(path, "salah")


def _enrolment(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "bpjs.csv",
        [ENROLMENT_HEADER, enrolment_line("12345678", NIK_A, "Budi", "4.000.000")],
    )


def _only_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


CASES = [
    ("gaji.xlsx", encrypted_xlsx),
    ("gaji.xls", encrypted_xls),
    ("gaji97.xls", partial(encrypted_xls, scheme="rc4")),
    ("gaji_ooxml.xls", encrypted_xlsx),  # an encrypted .xlsx renamed .xls
    ("gaji_xls.xlsx", encrypted_xls),  # an encrypted .xls renamed .xlsx
]
IDS = ["xlsx-agile", "xls-rc4-cryptoapi", "xls-rc4", "xlsx-named-xls", "xls-named-xlsx"]


@pytest.mark.parametrize(("name", "make"), CASES, ids=IDS)
def test_reconcile_and_validate_stop_with_one_line(tmp_path: Path, name: str, make: object) -> None:
    locked = make(tmp_path / name)  # type: ignore[operator]
    expected = f"error: {locked}: {LOCKED}"
    res = runner.invoke(app, ["reconcile", "-p", str(locked), "-e", str(_enrolment(tmp_path))])
    assert res.exit_code == 2, res.output
    assert _only_line(res.stderr) == expected
    assert res.stdout == ""
    checked = runner.invoke(app, ["validate", str(locked)])
    assert checked.exit_code == 2, checked.output
    assert _only_line(checked.stderr) == expected
    assert checked.stdout == ""


@pytest.mark.parametrize(("name", "make"), CASES, ids=IDS)
def test_the_library_raises_input_error_naming_the_file(
    tmp_path: Path, name: str, make: object
) -> None:
    locked = make(tmp_path / name)  # type: ignore[operator]
    pay = write_xlsx(tmp_path / "gaji_ok.xlsx", {"Gaji": ROWS})
    for payroll, enrollment in (([locked], [_enrolment(tmp_path)]), ([pay], [locked])):
        with pytest.raises(InputError) as err:
            underreport.load(payroll, enrollment)
        assert (err.value.file, err.value.sheet, err.value.row) == (str(locked), None, None)
        assert err.value.message == LOCKED


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two readable payrolls around an encrypted one, which may hold workers of its own."""
    folder = tmp_path / "gaji"
    folder.mkdir()
    write_xlsx(folder / "a_januari.xlsx", {"Gaji": ROWS})
    encrypted_xls(folder / "b_februari.xls")
    write_xlsx(folder / "c_maret.xlsx", {"Gaji": ROWS})
    return folder


@pytest.mark.parametrize("extra", [[], ["--chunk-rows", "1"]], ids=["whole", "in-parts"])
def test_an_encrypted_file_in_a_folder_stops_the_run(
    tmp_path: Path, folder: Path, extra: list[str]
) -> None:
    args = ["reconcile", "-p", str(folder), "-e", str(_enrolment(tmp_path)), *extra]
    for command in (args, ["check", *args[1:]]):
        res = runner.invoke(app, command)
        assert res.exit_code == 2, res.output
        assert _only_line(res.stderr) == f"error: {folder / 'b_februari.xls'}: {LOCKED}"
        assert res.stdout == ""
    with pytest.raises(InputError) as err:
        underreport.load([folder], [_enrolment(tmp_path)])
    assert err.value.file == str(folder / "b_februari.xls")


def test_validate_on_the_folder_reads_the_others_and_names_the_locked_one(
    folder: Path,
) -> None:
    res = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert res.exit_code == 2, res.output
    assert _only_line(res.stderr) == f"error: {folder / 'b_februari.xls'}: {LOCKED}"
    doc = json.loads(res.stdout)
    assert [Path(i["path"]).name for i in doc["inputs"]] == ["a_januari.xlsx", "c_maret.xlsx"]
    assert [(Path(u["path"]).name, u["message"]) for u in doc["unreadable"]] == [
        ("b_februari.xls", LOCKED)
    ]


# --- other files renamed .xlsx, through the CLI ---------------------------------------------

_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"
_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@pytest.mark.parametrize(
    ("name", "raw", "what"),
    [("scan.xlsx", _PDF, "a PDF"), ("foto.xlsx", _PNG, "an image"),
     ("foto_ktp.xls", _JPEG, "an image")],
    ids=["pdf", "png", "jpeg-as-xls"],
)  # fmt: skip
def test_a_pdf_or_image_renamed_xlsx_exits_2_naming_it(
    tmp_path: Path, name: str, raw: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    expected = f"error: {path}: not an Excel workbook: it looks like {what}"
    pay = write_xlsx(tmp_path / "gaji_ok.xlsx", {"Gaji": ROWS})
    for args in (["reconcile", "-p", str(path), "-e", str(_enrolment(tmp_path))],
                 ["reconcile", "-p", str(pay), "-e", str(path)],
                 ["validate", str(path)]):  # fmt: skip
        res = runner.invoke(app, args)
        assert res.exit_code == 2, res.output
        assert _only_line(res.stderr) == expected, args
