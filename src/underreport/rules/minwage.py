"""Minimum wages: the shipped provincial table (UMP) and a user's UMK file.

The contribution wage must not be below the regency/city minimum (UMK) where
one is set, else the provincial one (UMP). UMK tables are large and change
every year, so they come from the user. A minimum that is not known is
reported as unknown (None), never assumed from another year or province.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Literal

import polars as pl

from underreport.model.errors import InputError

# Papua provinces: civil-registry (NIK) code -> BPS code. All others agree.
NIK_TO_BPS_PROVINCE: dict[str, str] = {
    "91": "94",  # Papua
    "92": "91",  # Papua Barat
    "93": "95",  # Papua Selatan
    "94": "96",  # Papua Tengah
    "95": "97",  # Papua Pegunungan
    "96": "92",  # Papua Barat Daya
}

_CODE_COLS = ("regency_code", "kode", "code", "kode_kab_kota", "kab_kota_code")
_NAME_COLS = ("regency", "regency_name", "name", "nama", "kabupaten_kota", "kab_kota")
_YEAR_COLS = ("year", "tahun")
_AMOUNT_COLS = ("amount", "umk", "umk_idr", "upah", "nilai")
_ID_MONEY = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")


def _code(text: str | None) -> str | None:
    """Digits only: "31.71" -> "3171"; empty -> None."""
    if text is None:
        return None
    digits = re.sub(r"\D", "", str(text))
    return digits or None


def _name_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def to_bps_province(code: str, code_system: Literal["bps", "nik"] = "bps") -> str:
    """A province code in the BPS system (the one the shipped table uses)."""
    return NIK_TO_BPS_PROVINCE.get(code, code) if code_system == "nik" else code


def _amount(text: str) -> float:
    value = re.sub(r"(?i)^rp\.?\s*|[\s,-]+$", "", text.strip())
    if _ID_MONEY.match(value):
        value = value.replace(".", "").replace(",", ".")
    return float(value.replace(" ", ""))


@dataclass(frozen=True)
class MinimumWages:
    """UMP by (BPS province code, year); UMK by (regency code or name, year)."""

    ump: dict[tuple[str, int], tuple[float, str]]
    umk: dict[tuple[str, int], tuple[float, str]] = field(default_factory=dict)

    def lookup(
        self,
        year: int,
        province_code: str | None,
        regency_code: str | None = None,
        code_system: Literal["bps", "nik"] = "bps",
    ) -> tuple[float, str] | None:
        """(amount, basis) of the applicable minimum, or None when unknown.

        UMK rows match the regency code (or name) as given; for the Papua NIK
        codes the regency numbering differs between agencies, so those fall
        back to the UMP rather than risk another regency's figure.
        """
        province = _code(province_code)
        regency = None if regency_code is None else regency_code.strip()
        reg_digits = _code(regency)
        if province is None and reg_digits is not None and len(reg_digits) == 4:
            province = reg_digits[:2]
        papua_nik = code_system == "nik" and province in NIK_TO_BPS_PROVINCE
        if regency and not papua_nik:
            key = reg_digits if reg_digits and len(reg_digits) == 4 else _name_key(regency)
            hit = self.umk.get((key, year))
            if hit is not None:
                return hit[0], f"UMK {hit[1]}"
        if province is None:
            return None
        province = to_bps_province(province, code_system)
        found = self.ump.get((province, year))
        if found is None:
            return None
        return found[0], f"UMP {found[1]}"

    def ump_table(self) -> pl.DataFrame:
        """UMP as a frame (province_code in BPS codes) for joins."""
        rows = [(c, y, a, n) for (c, y), (a, n) in sorted(self.ump.items())]
        return pl.DataFrame(
            rows,
            schema={
                "province_code": pl.String,
                "year": pl.Int32,
                "ump": pl.Float64,
                "province": pl.String,
            },
            orient="row",
        )


def _read_ump() -> dict[tuple[str, int], tuple[float, str]]:
    text = files("underreport.rules").joinpath("data", "ump.csv").read_text("utf-8")
    out: dict[tuple[str, int], tuple[float, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        out[(row["province_code"].strip(), int(row["year"]))] = (
            float(row["ump_idr"]),
            row["province"].strip(),
        )
    return out


def _pick(header: list[str], candidates: tuple[str, ...]) -> str | None:
    for col in header:
        if col.strip().lower().replace(" ", "_").replace("/", "_") in candidates:
            return col
    return None


def _read_umk(path: Path) -> dict[tuple[str, int], tuple[float, str]]:
    """A CSV with a regency code and/or name, a year and an amount."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read UMK file ({exc.strerror or exc})", file=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("UMK file is not UTF-8 text", file=str(path)) from None
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = list(reader.fieldnames or [])
    code_col, name_col = _pick(header, _CODE_COLS), _pick(header, _NAME_COLS)
    year_col, amount_col = _pick(header, _YEAR_COLS), _pick(header, _AMOUNT_COLS)
    if (code_col is None and name_col is None) or year_col is None or amount_col is None:
        raise InputError(
            "UMK file needs columns regency_code or regency, year and amount "
            f"(found {', '.join(header) or 'none'})",
            file=str(path),
            row=1,
        )
    out: dict[tuple[str, int], tuple[float, str]] = {}
    for row_no, row in enumerate(reader, start=2):
        code = _code(row.get(code_col)) if code_col else None
        name = (row.get(name_col) or "").strip() if name_col else ""
        try:
            year = int(str(row.get(year_col) or "").strip())
            amount = _amount(str(row.get(amount_col) or ""))
        except ValueError:
            raise InputError("year or amount is not a number", file=str(path), row=row_no) from None
        if code is not None and len(code) != 4:
            raise InputError(f"regency code {code!r} is not 4 digits", file=str(path), row=row_no)
        if code is None and not name:
            raise InputError("row has neither regency code nor name", file=str(path), row=row_no)
        label = name or code or ""
        if code is not None:
            out[(code, year)] = (amount, label)
        if name:
            out[(_name_key(name), year)] = (amount, label)
    return out


def load_minimum_wages(umk_file: Path | None = None) -> MinimumWages:
    """The shipped UMP table, plus the user's UMK file when given."""
    umk = _read_umk(Path(umk_file)) if umk_file is not None else {}
    return MinimumWages(ump=_read_ump(), umk=umk)
