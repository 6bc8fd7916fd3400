"""Indonesian province and regency/city names by their BPS/Kemendagri code.

`data/regions.csv` holds the 38 provinces (2-digit codes) and 514
regencies and cities (4-digit codes), as Kemendagri numbers them and as the
first digits of a NIK give them. Taken from the MIT-licensed dataset
github.com/sensasi-delight/id-administrative-divisions (Kemendagri 2022),
names written in title case; Papua Barat Daya (96, formed in late 2022) is
added by hand, its regencies keep the 92xx codes under which that list and
NIKs issued before 2023 carry them. A code not in the list is shown as the
code itself: a workbook never invents a name.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib.resources import files

_CODE = re.compile(r"^(\d{2}|\d{4})(\.0)?$")
_NIK_MARK = " (NIK)"


@cache
def names() -> dict[str, str]:
    """Code -> name, provinces and regencies together (their codes differ in length)."""
    text = files("underreport.rules").joinpath("data/regions.csv").read_text(encoding="utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines())}


def region_name(value: str) -> str:
    """`32` -> `Jawa Barat`, `3273` -> `Kota Bandung`, `32 (NIK)` -> `Jawa Barat (NIK)`.

    Anything that is not a known code (a name already, `unknown`, a code not
    in the list) comes back unchanged.
    """
    text = value.strip()
    marked = text.endswith(_NIK_MARK)
    code = text.removesuffix(_NIK_MARK).strip()
    found = _CODE.match(code)
    name = names().get(found.group(1)) if found else None
    if name is None:
        return value
    return name + (_NIK_MARK if marked else "")
