"""Polars expressions that clean raw spreadsheet cell text into typed values.

Every function takes a String expression (the loader reads every cell as text)
and returns an expression, named like its input column, that is null where the
text cannot be parsed; none of them raise. They are written as pure Polars expressions, not with
``dateutil``, ``babel`` or ``map_elements``: those run Python per row, and a
national reconciliation cleans tens of millions of rows. The rules follow
the domain reference: ``.`` groups thousands and ``,`` is the
decimal mark in Indonesian numbers, dates are day-first, months are
Indonesian or English.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

MONTHS: dict[str, int] = {
    **dict.fromkeys(["januari", "january", "jan"], 1),
    **dict.fromkeys(["februari", "pebruari", "february", "feb", "peb"], 2),
    **dict.fromkeys(["maret", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mei", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["agustus", "august", "agu", "agt", "aug", "ags"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nopember", "nov", "nop"], 11),
    **dict.fromkeys(["desember", "december", "des", "dec"], 12),
}
"""Lower-case Indonesian and English month names and abbreviations -> month."""

PROGRAM_CODES: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP", "JKP")
# "n PROGRAM" is how exports abbreviate the statutory bundles (Perpres 109/2013).
_BUNDLES: dict[str, list[str]] = {
    "2": ["JKK", "JKM"],
    "3": ["JKK", "JKM", "JHT"],
    "4": ["JKK", "JKM", "JHT", "JP"],
    "5": list(PROGRAM_CODES),
}

# Longest first, so the alternation prefers "maret" over "mar".
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_SCI = r"^\d+(?:[.,]\d+)?E[-+]?\d+$"  # on upper-cased text without spaces
_QUOTES = r"^['\"‘’`]+|['\"‘’`]+$"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO = rf"^(?<y>\d{{4}})[-/.](?<m>\d{{1,2}})[-/.](?<d>\d{{1,2}}){_TIME}$"
_DMY = rf"^(?<d>\d{{1,2}})[-/.](?<m>\d{{1,2}})[-/.](?<y>\d{{4}}|\d{{2}}){_TIME}$"
# "22 Maret 2024", "22-Mar-2024", "Jumat, 22 Maret 2024" (weekday prefix).
_DAY_NAME = (
    r"^(?:[a-z]+,? )?(?<d>\d{1,2})[ \-/.]*(?<mon>[a-z]+)\.?[ \-/.,]*(?<y>\d{4}|\d{2})" + _TIME + "$"
)
_NAME_DAY = r"^(?<mon>[a-z]+)\.? (?<d>\d{1,2}),? (?<y>\d{4})$"  # "March 22, 2024"
_WS = " \t\r\n\u00a0\u202f\u2007"  # what Excel and web exports put around numbers
_MONEY_LEAD = rf"(?i)^[{_WS}]*\(?[{_WS}]*-?[{_WS}]*(?:RP\.?|IDR)?[{_WS}]*-?[{_WS}]*"
_MONEY_TAIL = rf"(?:[.,]-+)?[{_WS}]*\)?[{_WS}]*$"  # "10.042.300,-", accounting "(1.000)"
_DOT_GROUPS = r"[1-9]\d{0,2}(?:\.\d{3})+"
_COMMA_GROUPS = r"[1-9]\d{0,2}(?:,\d{3})+"
_MONEY = (
    rf"{_MONEY_LEAD}(?:{_DOT_GROUPS}|{_COMMA_GROUPS}|\d+)(?:[.,]\d+)?(?:E[-+]?\d+)?{_MONEY_TAIL}"
)
_DOT_GROUPED = _MONEY_LEAD + _DOT_GROUPS + _MONEY_TAIL
_COMMA_GROUPED = _MONEY_LEAD + _COMMA_GROUPS + _MONEY_TAIL
_COMMA_LAST = r"(?i),\d+(?:E[-+]?\d+)?" + _MONEY_TAIL
_SERIAL = r"^\d{1,5}(?:\.\d+)?$"
_EXCEL_EPOCH_TO_UNIX = 25569  # days from 1899-12-30 (Excel day 0) to 1970-01-01


def _squash(e: pl.Expr) -> pl.Expr:
    """Upper-case and drop all whitespace (Unicode \\s covers non-breaking spaces)."""
    return e.str.replace_all(r"\s+", "").str.to_uppercase()


def _words(e: pl.Expr) -> pl.Expr:
    """Lower-case with runs of whitespace collapsed to one space."""
    return e.str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()


def _null_if_empty(e: pl.Expr) -> pl.Expr:
    return pl.when(e.str.len_chars() > 0).then(e).otherwise(None)


def _month_no(name: pl.Expr) -> pl.Expr:
    return name.replace_strict(MONTHS, default=None, return_dtype=pl.Int32)


def _year4(y: pl.Expr) -> pl.Expr:
    """Two-digit years follow Excel's pivot: 00-29 -> 20xx, 30-99 -> 19xx."""
    short = y.str.len_chars() == 2
    early = y.cast(pl.Int32, strict=False) < 30
    century = pl.when(early).then(pl.lit("20")).otherwise(pl.lit("19"))
    return pl.when(short).then(pl.concat_str([century, y])).otherwise(y)


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """Assemble and validate a date; impossible dates (31 Feb) become null."""
    text = pl.concat_str([y, m.str.zfill(2), d.str.zfill(2)], separator="-")
    return text.str.to_date("%Y-%m-%d", strict=False)


def money(e: pl.Expr) -> pl.Expr:
    """Rupiah amount as Float64 from Indonesian, English, Excel-float or scientific text.

    Shaped for speed: regexes only test (no captures, no regex replacing) and every
    step reads the input column directly, so it stays cheap even where Polars does
    not eliminate common subexpressions (eager ``select``).
    """
    neg = e.str.contains(r"(?i)^\s*[(\-]|(?:RP\.?|IDR)\s*-")
    sign = pl.when(neg).then(pl.lit(-1.0)).otherwise(pl.lit(1.0))
    # "." is the thousands mark when the dots are grouping or a comma is the decimal mark
    # (the last separator is the decimal mark unless all groups are three digits).
    dot_thousands = e.str.contains(f"{_COMMA_LAST}|{_DOT_GROUPED}") & ~e.str.contains(
        _COMMA_GROUPED
    )
    text = (
        pl.when(dot_thousands)
        .then(e.str.replace_all(".", "", literal=True))
        .otherwise(e.str.replace_all(",", "", literal=True))
        .str.replace(",", ".", literal=True)
        .str.strip_chars_start(_WS + "()-RrPpIiDd.")  # validated below: only these lead
        .str.strip_chars_end(_WS + ")-.,")
    )
    return pl.when(e.str.contains(_MONEY)).then(text.cast(pl.Float64, strict=False) * sign)


def nik_is_scientific(e: pl.Expr) -> pl.Expr:
    """True when Excel turned the NIK into scientific notation (last digits lost)."""
    return _squash(e).str.replace_all(_QUOTES, "").str.contains(_SCI).fill_null(False)


def nik(e: pl.Expr) -> pl.Expr:
    """Cleaned NIK text; damaged scientific values are expanded, not repaired."""
    t = _squash(e).str.replace_all(_QUOTES, "")
    expanded = (
        t.str.replace(",", ".")
        .cast(pl.Float64, strict=False)
        .cast(pl.UInt64, strict=False)
        .cast(pl.String)
    )
    # A float's rendering ends in ".0" (or ".00"); other dots are separators.
    plain = t.str.replace(r"^(\d+)\.00?$", "$1").str.replace_all(r"[.\-]", "")
    return _null_if_empty(pl.when(t.str.contains(_SCI)).then(expanded).otherwise(plain))


def nik_valid(e: pl.Expr) -> pl.Expr:
    """True for exactly 16 digits (apply to the output of ``nik``); null is False."""
    return e.str.contains(r"^\d{16}$").fill_null(False)


def npp(e: pl.Expr) -> pl.Expr:
    """Employer number as text, restoring the leading zeros Excel drops from 8 digits.

    A unit suffix (`80182795 - 000`, `NN140549-001`) is not part of the NPP:
    it is dropped when what precedes it is a whole 8-character NPP, so a
    number merely grouped by dashes (`12-345-678`) is kept whole.
    """
    t = _squash(e).str.replace_all(_QUOTES, "").str.replace(r"^(\d+)\.0+$", "$1")
    head = t.str.extract(r"^(.+?)-\d{3}$", 1).str.replace_all(r"[.\-]", "")
    t = t.str.replace_all(r"[.\-]", "")
    t = pl.when(head.str.contains(r"^[0-9A-Z]{8}$")).then(head).otherwise(t)
    padded = pl.when(t.str.contains(r"^\d{1,7}$")).then(t.str.zfill(8)).otherwise(t)
    return _null_if_empty(padded)


def date(e: pl.Expr) -> pl.Expr:
    """Date from day-first numeric, ISO, Excel datetime/serial or month-name text."""
    t = _words(e)
    iso = t.str.extract_groups(_ISO)
    dmy = t.str.extract_groups(_DMY)
    named = t.str.extract_groups(_DAY_NAME)
    eng = t.str.extract_groups(_NAME_DAY)

    def from_name(g: pl.Expr) -> pl.Expr:
        month = _month_no(g.struct.field("mon")).cast(pl.String)
        return _ymd(_year4(g.struct.field("y")), month, g.struct.field("d"))

    serial = pl.when(t.str.contains(_SERIAL)).then(t).cast(pl.Float64, strict=False).floor()
    from_serial = (
        pl.when((serial >= 1) & (serial <= 80000))
        .then((serial - _EXCEL_EPOCH_TO_UNIX).cast(pl.Int32).cast(pl.Date))
        .otherwise(None)
    )
    return pl.coalesce(
        _ymd(iso.struct.field("y"), iso.struct.field("m"), iso.struct.field("d")),
        _ymd(_year4(dmy.struct.field("y")), dmy.struct.field("m"), dmy.struct.field("d")),
        from_name(named),
        from_name(eng),
        from_serial,
    ).name.keep()


def period(e: pl.Expr) -> pl.Expr:
    """Payroll month as ``YYYY-MM`` from numeric, month-name, date or serial text."""
    t = _words(e)

    def ym(y: pl.Expr, m: pl.Expr) -> pl.Expr:
        ok = y.cast(pl.Int32, strict=False).is_between(1900, 2099) & m.cast(
            pl.Int32, strict=False
        ).is_between(1, 12)
        return pl.when(ok).then(pl.concat_str([y, m.str.zfill(2)], separator="-")).otherwise(None)

    a = t.str.extract_groups(r"^(?<y>\d{4})[-/.](?<m>\d{1,2})$")
    b = t.str.extract_groups(r"^(?<m>\d{1,2})[-/.](?<y>\d{4})$")
    c = t.str.extract_groups(r"^(?<y>\d{4})(?<m>\d{2})$")
    # Anywhere in the text ("Periode Maret 2025"); two-digit years are 20YY here.
    n = t.str.extract_groups(rf"\b(?<mon>{MONTH_RE})\.?[ \-/.,']*(?<y>\d{{4}}|\d{{2}})\b")
    ny = n.struct.field("y")
    name_year = pl.when(ny.str.len_chars() == 2).then(pl.concat_str([pl.lit("20"), ny]))
    name_month = _month_no(n.struct.field("mon")).cast(pl.String)
    # `26 Februari 2025 - 25 Maret 2025` names two months: which one is paid is not said.
    named = t.str.extract_all(rf"\b(?:{MONTH_RE})\.?[ \-/.,']*(?:\d{{4}}|\d{{2}})\b")
    months = named.list.eval(
        pl.concat_str(
            _month_no(pl.element().str.extract(rf"^({MONTH_RE})")).cast(pl.String),
            pl.element().str.extract(r"(\d+)$").str.slice(-2),
        )
    )
    one_month = months.list.n_unique().fill_null(0) <= 1
    # A bare year ("2025") or month number ("03") is not an Excel serial here: a serial
    # of a payroll month has five digits.
    from_date = pl.when(~t.str.contains(r"^\d{1,4}$")).then(date(t).dt.to_string("%Y-%m"))
    return pl.coalesce(
        ym(a.struct.field("y"), a.struct.field("m")),
        ym(b.struct.field("y"), b.struct.field("m")),
        ym(c.struct.field("y"), c.struct.field("m")),
        from_date,
        pl.when(one_month).then(ym(name_year.otherwise(ny), name_month)),
    ).name.keep()


def _flag(e: pl.Expr, true: list[str], false: list[str]) -> pl.Expr:
    """Exact lookup after normalising case and separators ("NON AKTIF" is not "AKTIF")."""
    key = e.str.replace_all(r"[\s\-_]+", " ").str.strip_chars().str.to_uppercase()
    table = {**dict.fromkeys(true, True), **dict.fromkeys(false, False)}
    return key.replace_strict(table, default=None, return_dtype=pl.Boolean)


_ACTIVE_TRUE = ["AKTIF", "ACTIVE", "1", "1.0", "Y", "YA", "TRUE"]
_ACTIVE_FALSE = [
    "NON AKTIF",
    "NONAKTIF",
    "TIDAK AKTIF",
    "INACTIVE",
    "NOT ACTIVE",
    "NONACTIVE",
    "KELUAR",
    "0",
    "0.0",
    "N",
    "TIDAK",
    "FALSE",
]
_YES = ["Y", "YA", "YES", "1", "1.0", "TRUE", "X", "V", "✓", "✔", "√", "ADA"]
_NO = ["N", "T", "TIDAK", "NO", "0", "0.0", "FALSE", "-", "", "TIDAK ADA"]


_ENDED_STATUS = (
    r"^(?:NON ?AKTIF|TIDAK AKTIF|INACTIVE|NON ?ACTIVE|KELUAR|MENINGGAL|PENSIUN|PHK"
    r"|MENGUNDURKAN DIRI|RESIGN|BERHENTI)\b"
)
_ACTIVE_STATUS = r"^(?:AKTIF|ACTIVE)\b"


def active(e: pl.Expr) -> pl.Expr:
    """Membership status; unknown text is null.

    Offices add why after the status (`NON AKTIF - PHK`, `Aktif (Iuran
    Tertunggak)`) or give only why it ended (`Meninggal`, `Pensiun`): the
    first words decide, unless a `?` says the clerk doubted. `NA` alone stays
    unknown (not every office means "non aktif" by it); a leaving date settles
    it (see `ingest.load`).
    """
    key = e.str.replace_all(r"[\s\-_]+", " ").str.strip_chars().str.to_uppercase()
    sure = ~key.str.contains("?", literal=True)  # `MENINGGAL?` is a clerk's doubt
    return (
        pl.when(sure & key.str.contains(_ENDED_STATUS))
        .then(False)
        .when(sure & key.str.contains(_ACTIVE_STATUS))
        .then(True)
        .otherwise(_flag(e, _ACTIVE_TRUE, _ACTIVE_FALSE))
        .name.keep()
    )


def yes_no(e: pl.Expr) -> pl.Expr:
    """Flag cell; empty or null means no, unknown text is null."""
    return _flag(e.fill_null(""), _YES, _NO)


def programs(e: pl.Expr) -> pl.Expr:
    """Programme codes found in the text, in the fixed order JKK, JKM, JHT, JP, JKP."""
    t = e.str.to_uppercase()
    bundle = t.str.extract(r"(\d)\s*PROGRAM", 1)
    parts = [
        pl.when(
            t.str.contains(rf"(?:^|[^A-Z0-9]){code}(?:[^A-Z0-9]|$)")
            | bundle.is_in([k for k, v in _BUNDLES.items() if code in v])
        )
        .then(pl.lit(code))
        .otherwise(None)
        for code in PROGRAM_CODES
    ]
    found = pl.concat_list(parts).list.drop_nulls()
    return pl.when(e.is_null()).then(None).otherwise(found).name.keep()


def _scalar(expr: pl.Expr, text: str) -> object:
    return pl.DataFrame({"x": [text]}, schema={"x": pl.String}).select(expr).item()


def period_of_text(text: str) -> str | None:
    """``period`` for one short text such as a title-block value."""
    value = _scalar(period(pl.col("x")), text)
    return value if isinstance(value, str) else None


def date_of_text(text: str) -> dt.date | None:
    """``date`` for one short text such as a title-block value."""
    value = _scalar(date(pl.col("x")), text)
    return value if isinstance(value, dt.date) else None


def npp_of_text(text: str) -> str | None:
    """``npp`` for one short text such as a title-block value."""
    value = _scalar(npp(pl.col("x")), text)
    return value if isinstance(value, str) else None


def month_of_text(text: str) -> int | None:
    """Month of a month name or number alone (`Maret`, `Apr.`, `03`), else None."""
    t = text.strip().lower().rstrip(".")
    t = t[:-2] if t.endswith(".0") else t
    if t.isdigit():
        return int(t) if 1 <= int(t) <= 12 else None
    return MONTHS.get(t)


# Sheet and file names: only forms that cannot be something else. A month name
# needs a 4-digit year, or a 2-digit one after a separator (`Apr-25`, not `MAR25`);
# numbers need a 4-digit year (`2025-03`, `03_2025`) and must not be part of a date.
_NAME_SEP = r"[\s_\-.']"
_NAME_FORMS = (
    re.compile(rf"(?<![a-z])(?P<mon>{MONTH_RE})(?![a-z])\.?{_NAME_SEP}*(?P<y>(?:19|20)\d\d)(?!\d)"),
    re.compile(rf"(?<![a-z])(?P<mon>{MONTH_RE})(?![a-z])\.?{_NAME_SEP}+(?P<yy>\d\d)(?![\d])"),
    re.compile(rf"(?<![a-z\d])(?<!\d{_NAME_SEP})(?P<y>(?:19|20)\d\d){_NAME_SEP}(?P<m>0?[1-9]|1[0-2])"
               rf"(?!\d)(?!{_NAME_SEP}\d)"),
    re.compile(rf"(?<![a-z\d])(?<!\d{_NAME_SEP})(?P<m>0?[1-9]|1[0-2]){_NAME_SEP}(?P<y>(?:19|20)\d\d)"
               rf"(?!\d)(?!{_NAME_SEP}\d)"),
)  # fmt: skip
_DAY_BEFORE = re.compile(rf"(?<!\d)\d{{1,2}}{_NAME_SEP}*$")


def period_of_name(name: str) -> str | None:
    """Payroll month from a sheet or file name (`Payroll Apr-2025`, `gaji_maret_2025`).

    Stricter than ``period``: a name is not a title line, and `MAR25` or
    `15-03-2025` could be a code or a day. Two different months: None.
    Plain ``re`` over one short string per sheet: no column to vectorise.
    """
    text = name.lower()
    found: set[str] = set()
    for form in _NAME_FORMS:
        for m in form.finditer(text):
            g = m.groupdict()
            if g.get("mon") and _DAY_BEFORE.search(text[: m.start()]):
                continue  # "15 maret 2025": a date, not a month
            month = MONTHS[g["mon"]] if g.get("mon") else int(g["m"])
            year = g.get("y") or f"20{g['yy']}"
            found.add(f"{year}-{month:02d}")
    return found.pop() if len(found) == 1 else None
