"""The title block above a table: the sheet's NPP, employer name and period.

Offices write it in many ways: `NPP : 80182795`, `NPP - UNIT KERJA : 80182795
- 000`, `BPJS Ketenagakerjaan Reg. No.: 66234590`, `PERIODE MARET 2025` in one
cell, `Bulan : Maret` and `Tahun : 2025` on two lines, the company name alone
in the first row, or, on BPJS's Formulir 2, labels in one row and their values
in the row below (the period as a month number and a year in two cells). When
a payroll sheet's block names no period, its sheet name or file name may.

Each value keeps where it was read (`TitleValue.source`), so an inspector sees
where a sheet's NPP or month came from. Two different NPPs or periods are kept
as a `conflict`, which `checks.require_title` turns into an input error: a
title value applies to every row of the sheet, so a wrong guess would move all
of its workers to another employer or month.

Hand-written: no library reads free-form label lines, and the block is at most
the 40 rows above the header, a few cells each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from functools import lru_cache
from typing import NamedTuple

from underreport.ingest import parse
from underreport.ingest.aliases import Kind
from underreport.ingest.sheets import Cell, RawTable

FIELDS = ("employer_id", "employer_name", "npwp", "period")


class TitleValue(NamedTuple):
    value: str
    """Text the cleaner parses: the NPP as written, the period as `YYYY-MM` once read."""
    row: int | None
    """Spreadsheet row it was read from; None for a sheet or file name."""
    source: str
    """Where it was read, as an inspector would look for it: `title: NPP (row 4)`."""
    conflict: tuple[tuple[str, int | None], ...] = ()
    """Other, different values of the same field in the block, with their rows."""


Title = dict[str, TitleValue]

_KEY_VALUE = re.compile(r"^\s*([^:=]{1,40}?)\s*[:=]\s*(.*?)\s*$", re.DOTALL)
_BPJS = r"bpjs(?: ketenagakerjaan| tk| tenaga kerja)?"
_STRICT: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (f, re.compile(p))
    for f, p in (
        ("employer_id", r"(?:no |nomor |kode )?npp(?: unit kerja| perusahaan| " + _BPJS + ")?"),
        ("employer_id", f"(?:{_BPJS} )?" + r"(?:employer )?(?:reg|registration|registrasi)"
                        r"(?: no| number| nomor)?"),
        ("employer_id", r"(?:no|nomor) (?:pendaftaran|registrasi)(?: perusahaan)?(?: npp)?"),
        ("employer_id", r"(?:no |nomor |kode )(?:perusahaan |pemberi kerja |peserta )?" + _BPJS
                        + r"|(?:kode|nomor|no) (?:perusahaan|pemberi kerja) " + _BPJS),
        ("employer_id", _BPJS + r" employer (?:no|number|id|code)"),
        ("npwp", r"(?:no |nomor )?npwp(?: perusahaan)?"),
        ("employer_name", r"(?:nama )?(?:perusahaan|pemberi kerja(?: wadah)?(?: mitra)?|"
                          r"badan usaha|instansi)|(?:company|employer)(?: name)?"),
        ("period", r"(?:periode|period|masa upah|masa iuran|bulan|month)(?: laporan| payroll|"
                   r" gaji| upah| pembayaran| report| tahun| year)?"
                   r"|(?:pay|payroll|salary|gaji|bulan) (?:period|periode|month|bulan)"),
        ("year", r"tahun|year|thn"),
        ("ignore", r"(?:nama )?unit kerja(?: kesatuan)?|kesatuan|(?:kantor )?cabang|branch|"
                   r"form(?:ulir)?(?: \w{1,3})?|alamat(?: perusahaan)?|address"),
    )
)  # fmt: skip
_NOT_NPP = re.compile(r"kesehatan|health|npwp|tax|pajak|\bnib\b|company|business|usaha|kpj|\bnik\b")
_NOT_NAME = re.compile(r"\b(?:no|nomor|number|reg|id|kode|code|npwp|alamat|address|telp)\b")
_LOOSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("employer_id", re.compile(r"\bnpp\b")),
    ("npwp", re.compile(r"\bnpwp\b")),
    ("employer_id", re.compile(r"\b(?:reg|registration|registrasi|pendaftaran)\b"
                               r"|^bpjs\b.*\b(?:no|number|nomor)$")),
    ("ignore", re.compile(r"unit kerja|kesatuan|cabang|branch|alamat|address|tanggal|\btgl\b"
                          r"|date")),
    ("employer_name", re.compile(r"^(?:nama )?(?:perusahaan|pemberi kerja|badan usaha|instansi)\b"
                                 r"|^(?:company|employer)\b")),
    ("period", re.compile(r"^(?:periode|period|masa upah|masa iuran|bulan|month)\b"
                          r"|\b(?:pay|payroll|salary|gaji) (?:period|periode|month|bulan)\b")),
    ("year", re.compile(r"^(?:tahun|year)\b")),
)  # fmt: skip
_INLINE_PERIOD = re.compile(r"^(?:periode|period|bulan|month|(?:pay|payroll) period)\b")
_INLINE_NPP = re.compile(r"^(?:no |nomor )?npp [a-z]{0,3}\d[\d a-z]*$")
_NPP_VALUE = re.compile(r"^\W*([A-Za-z]{0,3}\d(?:[\d.\s\-]*\d)?)")
_LABELS = (*FIELDS, "year", "ignore")
_NPP_WORD = re.compile(r"(?i)^\s*(?:no\.?|nomor)?\s*npp\b[\s.:]*")
_PERIOD_WORD = re.compile(r"period|bulan", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?i)(?<![a-z])({parse.MONTH_RE})\.?[\s\-/']*((?:19|20)\d\d)(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}[\s\-/.]*$")
_CAPTIONS = ("bulan", "bln", "tahun", "thn", "month", "year")
"""Words that only name a month or a year: `bulan` and `tahun` under a form's period cells."""
_LEGAL_FORM = re.compile(
    r"^\s*(?:PT|CV|UD|PD|PERUM|PERUMDA|KOPERASI|YAYASAN|FIRMA|KOP)\b\.?\s|,\s*(?:PT|CV|TBK)\.?\s*$",
    re.IGNORECASE,
)


# One Polars call per distinct text (a few ms each): title lines repeat across sheets.
_period_of_text = lru_cache(maxsize=4096)(parse.period_of_text)
_npp_of_text = lru_cache(maxsize=4096)(parse.npp_of_text)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def label_of(text: str, *, before_colon: bool = False) -> str | None:
    """Field a title label names (`year` and `ignore` included), or None.

    A whole cell must be a known label phrase; text before a colon may be
    looser (`NPP BPJS Ketenagakerjaan`, `BPJS TK Reg No`), never a value.
    """
    w = _words(text)
    if not w:
        return None
    for f, pattern in _STRICT:
        if pattern.fullmatch(w):
            return f
    if not before_colon:
        return None
    for f, pattern in _LOOSE:
        if pattern.search(w) and not (
            (f == "employer_id" and not w.startswith("npp") and _NOT_NPP.search(w))
            or (f == "employer_name" and _NOT_NAME.search(w))
        ):
            return f
    return None


_YEAR_WORDS = frozenset(("tahun", "thn", "thn.", "year"))


def period_of_parts(parts: Sequence[str]) -> str | None:
    """`YYYY-MM` from a title value: `Maret 2025`, `04/2025`, or `03` and `2025` apart.

    Label words between the parts (`Bulan Maret Tahun 2025`) name them, and are dropped.
    """
    tokens = [
        t.removesuffix(".0")
        for p in parts
        for t in p.split()
        if _words(t) not in (*_CAPTIONS, "periode", "period")
    ]
    if len(tokens) == 2:
        years = [t for t in tokens if re.fullmatch(r"(?:19|20)\d\d", t)]
        months = [m for t in tokens if t not in years and (m := parse.month_of_text(t))]
        if len(years) == 1 and len(months) == 1:
            return f"{years[0]}-{months[0]:02d}"
    text = re.sub(r"\s*([/\-])\s*", r"\1", " ".join(tokens))  # `03 / 2025`
    if not re.search(r"\d", text) or re.fullmatch(r"[\d\s.]+", text):
        return None  # no year, or bare numbers: a day, a count or a serial, not a month
    named = {(parse.MONTHS[m.lower()], y) for m, y in _MONTH_YEAR.findall(text)}
    if len(named) > 1:
        return None  # `26 Februari 2025 - 25 Maret 2025`: which month is paid is not said
    return _period_of_text(text)


@dataclass
class _Candidate:
    field: str
    value: str
    row: int
    source: str
    tier: int = 0
    """0: labelled; 1: a line naming a period; 2: a heading with a month and year."""


@dataclass
class _Segment:
    col: int
    field: str | None
    label: str
    values: list[str] = _field(default_factory=list)
    inline: bool = False


def _pairs(text: str) -> list[str]:
    """`NPP : 80182795   Periode : Maret 2025` typed in one cell: one piece per label."""
    cuts = [0]
    for colon in (m.start() for m in list(re.finditer(r"[:=]", text))[1:]):
        for start in [m.start() for m in re.finditer(r"(?<!\S)\S", text[:colon])][-5:]:
            if start > cuts[-1] and label_of(text[start:colon]) in _LABELS:
                cuts.append(start)
                break
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def _segments(cells: Sequence[tuple[int, str]]) -> list[_Segment]:
    """Split a row into `label value…` runs; cells before any label form a free run."""
    out: list[_Segment] = []
    split = ((c, piece) for c, t in cells for piece in (_pairs(t) if t.count(":") > 1 else [t]))
    for col, text in split:
        m = _KEY_VALUE.match(text)
        label = m.group(1) if m else ""
        if m and re.search(r"[A-Za-z]", label):
            seg = _Segment(col, label_of(label, before_colon=True), _clean(label))
            seg.values += [m.group(2)] if m.group(2) else []
            out.append(seg)
        elif (f := label_of(text)) is not None:
            out.append(_Segment(col, f, _clean(text)))
        elif (f := _inline(text)) is not None:
            out.append(_Segment(col, f, _clean(text), [text], inline=True))
        elif out:
            out[-1].values.append(text.lstrip(":= ").strip())
        else:
            out.append(_Segment(col, None, "", [text]))
    return out


def _inline(text: str) -> str | None:
    """`PERIODE MARET 2025`, `NPP 80182795`: a label and its value in one cell, no colon."""
    w = _words(text)
    if _INLINE_PERIOD.match(w) and period_of_parts([text]):
        return "period"
    return "employer_id" if _INLINE_NPP.match(w) else None


def _clean(text: str) -> str:
    return " ".join(text.split())[:60]


def _cells(row: Sequence[Cell]) -> list[tuple[int, str]]:
    return [(j, t) for j, c in enumerate(row) if c is not None and (t := str(c).strip())]


def _is_label_row(segments: Sequence[_Segment]) -> bool:
    """Formulir 2: only labels, no values, at least one of them a field."""
    return (
        len(segments) >= 2
        and all(s.field is not None and not s.values for s in segments)
        and any(s.field in FIELDS for s in segments)
    )


def _values_below(labels: Sequence[_Segment], cells: Sequence[tuple[int, str]]) -> None:
    """Give each value to the nearest label at or left of its column (labels are merged)."""
    for col, text in cells:
        if label_of(text) is not None:
            continue  # a `Formulir 2` box or a `bulan` caption
        owner = next((s for s in reversed(labels) if s.col <= col), None)
        if owner is not None:
            owner.values.append(text.lstrip(":= ").strip())


def _is_value_row(cells: Sequence[tuple[int, str]]) -> bool:
    return bool(cells) and not any(
        label_of(t) not in (None, "ignore")
        or ((m := _KEY_VALUE.match(t)) and label_of(m.group(1), before_colon=True) in FIELDS)
        for _, t in cells
    )


def _is_caption_row(cells: Sequence[tuple[int, str]]) -> bool:
    return bool(cells) and all(_words(t) in _CAPTIONS for _, t in cells)


def _rows(rows: Sequence[Sequence[Cell]]) -> Iterable[tuple[int, list[_Segment]]]:
    """(grid index, segments carrying their values) per title line, label rows resolved."""
    grid = [_cells(r) for r in rows]
    i = 0
    while i < len(grid):
        segments = _segments(grid[i])
        if _is_label_row(segments):
            below = next((k for k in (i + 1, i + 2) if k < len(grid) and grid[k]), None)
            if below is not None and _is_value_row(grid[below]):
                _values_below(segments, grid[below])
                yield below, segments
                i = below + 1
                if i < len(grid) and _is_caption_row(grid[i]):
                    i += 1
                continue
        yield i, segments
        i += 1


def _candidates(rows: Sequence[Sequence[Cell]], first_row: int) -> list[_Candidate]:
    found: list[_Candidate] = []
    month: tuple[int, int, str, str] | None = None
    year: tuple[str, int, str] | None = None
    for i, segments in _rows(rows):
        row = first_row + i
        for s in segments:
            value = " ".join(v for v in s.values if v).strip()
            source = f"title: {s.label} (row {row})"
            if s.field == "employer_id" and value and (npp := _npp_text(value, s)):
                found.append(_Candidate(s.field, npp, row, source))
            elif s.field in ("npwp", "employer_name") and value:
                found.append(_Candidate(s.field, value, row, source))
            elif s.field == "period" and value:
                p = period_of_parts(s.values)
                if p is None and (m := parse.month_of_text(value)) is not None:
                    month = month or (m, row, s.label, value)
                else:
                    found.append(_Candidate("period", p or value, row, source))
            elif s.field == "year" and re.fullmatch(r"(?:19|20)\d\d", value.removesuffix(".0")):
                year = year or (value.removesuffix(".0"), row, s.label)
            elif s.field is None and not s.label and value:
                found += _free_line(value, len(segments) == 1 and len(s.values) == 1, row)
    if month and year:
        source = f"title: {month[2]} (row {month[1]}) + {year[2]} (row {year[1]})"
        found.append(_Candidate("period", f"{year[0]}-{month[0]:02d}", month[1], source))
    elif month:
        found.append(
            _Candidate("period", month[3], month[1], f"title: {month[2]} (row {month[1]})")
        )
    return found


def _npp_text(value: str, s: _Segment) -> str | None:
    """The NPP as written, without its label or a note after it (`80182795 (Jakarta)`)."""
    m = _NPP_VALUE.match(_NPP_WORD.sub("", value) if s.inline else value)
    return m.group(1) if m else None


def _free_line(line: str, alone: bool, row: int) -> list[_Candidate]:
    """A line without a label: the company name alone, or a heading naming the month."""
    quoted = f"title: '{_clean(line)}' (row {row})"
    if _PERIOD_WORD.search(line) and (p := period_of_parts([line])):
        return [_Candidate("period", p, row, quoted, tier=1)]
    m = _MONTH_YEAR.search(line)
    if m and not _DAY.search(line[: m.start()]) and (p := period_of_parts([m.group(0)])):
        return [_Candidate("period", p, row, quoted, tier=2)]
    if alone and _LEGAL_FORM.search(line):
        return [_Candidate("employer_name", _clean(line), row, quoted, tier=1)]
    return []


def _same(f: str, value: str) -> str:
    if f == "employer_id":
        return _npp_of_text(value) or value
    if f == "npwp":
        return re.sub(r"\D", "", value)
    return value


def read_block(rows: Sequence[Sequence[Cell]], first_row: int, *, headings: bool = True) -> Title:
    """Field -> value read from title lines; `first_row` is the sheet row of `rows[0]`.

    `headings=False` ignores a month in a heading without a period label (for
    enrolment, where `Data Peserta Maret 2025` dates a snapshot, not a month paid).
    """
    found = [c for c in _candidates(rows, first_row) if headings or c.tier < 2]
    out: Title = {}
    for f in FIELDS:
        mine = sorted((c for c in found if c.field == f), key=lambda c: c.tier)
        if not mine:
            continue
        first = mine[0]
        if f == "employer_name":
            out[f] = TitleValue(first.value, first.row, first.source)
            continue
        key = _same(f, first.value)
        others = tuple(
            dict.fromkeys((c.value, c.row) for c in mine[1:] if _same(f, c.value) != key)
        )
        out[f] = TitleValue(first.value, first.row, first.source, others)
    return out


_NAMED_NPP = re.compile(r"(?i)(?<![a-z])npp[\s._:\-]*([a-z]{0,3}\d{5,8})(?![a-z0-9])")
"""`NPP 12345678 gaji maret 2025.xlsx`: a clerk names the file for the employer only when
the sheet says nothing; without the word NPP a number in a name is not read as one."""


def read(table: RawTable, header_index: int, kind: Kind, columns: Mapping[str, object]) -> Title:
    """The title block above the header; a payroll's period and NPP may come from its names.

    The sheet name, then the file name, give the period only when neither a
    period column nor the block does. Enrolment forms take theirs from the
    block alone: a membership export named `peserta_2025_03` is a snapshot,
    and reading it as one month's cover would end everyone else's.
    """
    title = read_block(table.top[:header_index], table.first_row, headings=kind == "payroll")
    if kind == "enrollment" and "active" not in columns:
        title |= _ended(table, header_index)
    if kind != "payroll":
        return title
    names = (("sheet name", table.sheet, table.sheet), ("file name", table.path.name,
             table.path.stem))  # fmt: skip
    if "employer_id" not in title and "employer_id" not in columns:
        for what, shown, name in names:
            if name and (m := _NAMED_NPP.search(name)):
                title["employer_id"] = TitleValue(m.group(1), None, f"{what} {shown!r}")
                break
    if "period" in title or "period" in columns:
        return title
    for what, shown, name in names:
        if name and (p := parse.period_of_name(name)):
            title["period"] = TitleValue(p, None, f"{what} {shown!r}")
            break
    return title


_ENDED = re.compile(
    r"^(?:(?:daftar|laporan|data|rekap|list of) )?"
    r"(?:(?:peserta|tenaga kerja|tk|pekerja|karyawan|members?|participants?|employees?) )?"
    r"(?:yang )?(?:non ?aktif|tidak aktif|inactive|non active|keluar|berhenti|resign"
    r"|mutasi keluar)\b"
)
"""The list's own name says so (`DAFTAR TENAGA KERJA KELUAR`, `Non Aktif`), not a note in
passing (`RINCIAN IURAN (TIDAK TERMASUK TK KELUAR)`)."""
_ACTIVE = re.compile(r"(?<!non )(?<!tidak )\b(?:aktif|active|masuk)\b")


def _ended(table: RawTable, header_index: int) -> Title:
    """`active` for an enrolment list that says it holds ended memberships, with where.

    Branch offices export active and non-active members as two sheets
    (`Aktif`, `Non Aktif`) without a status column, and ERPs print a leavers'
    list (`DAFTAR TENAGA KERJA KELUAR`) beside the 2a form: read as active,
    every leaver would clear a worker who is not covered. A name or line that
    mentions active members too (`Aktif dan Non Aktif`) says nothing.
    """
    lines: list[tuple[int | None, str]] = [(None, table.sheet or "")]
    for i, cells in enumerate(table.top[:header_index]):
        lines.append((table.first_row + i, " ".join(str(c) for c in cells if c is not None)))
    for row, text in lines:
        w = _words(text)
        if _ENDED.match(w) and not _ACTIVE.search(w):
            shown = f"sheet name {text!r}" if row is None else f"title: {text.strip()} (row {row})"
            return {"active": TitleValue("Non Aktif", row, shown)}
    return {}


_PLURAL = {"employer_id": "NPPs", "npwp": "NPWPs", "period": "periods"}


def conflicts(title: Mapping[str, TitleValue]) -> list[str]:
    """One sentence per field whose title block holds two different values."""
    return [
        f"the title block gives two different {_PLURAL[f]}: "
        + ", ".join(f"{v!r} (row {r})" for v, r in ((t.value, t.row), *t.conflict))
        for f, t in title.items()
        if t.conflict
    ]
