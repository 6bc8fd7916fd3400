"""Person and employer name normalisation, and the name score used for matching."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from underreport.names import (
    name_score,
    names_agree,
    normalise_employer,
    normalise_person,
    normalise_person_expr,
)

PERSONS = [
    ("TGK. ALAMBANA WIDIASTUTI, S.FARM", "ALAMBANA WIDIASTUTI"),
    ("H. Ahmad Fauzi, S.E., M.M.", "AHMAD FAUZI"),
    ("Hj. Siti Aminah, S.Pd.I", "SITI AMINAH"),
    ("Prof. Dr. Ir. H. Bambang Sutrisno, M.Sc.", "BAMBANG SUTRISNO"),
    ("Prof.Dr.H.Budi Santoso", "BUDI SANTOSO"),
    ("Dra. Sri Wahyuni, M.Pd", "SRI WAHYUNI"),
    ("Drs. Joko Susilo", "JOKO SUSILO"),
    ("dr. Rina Wulandari, Sp.A", "RINA WULANDARI"),
    ("drg. Maya Sari", "MAYA SARI"),
    ("Ir. Dedi Supriyadi, M.T.", "DEDI SUPRIYADI"),
    ("KH. Abdul Rahman", "ABDUL RAHMAN"),
    ("Haji Slamet Riyadi", "SLAMET RIYADI"),
    ("HAJJAH NUR AINI", "NUR AINI"),
    ("R.A. Kartini", "KARTINI"),
    ("Nur Hidayat, A.Md.Keb", "NUR HIDAYAT"),
    ("Dewi Lestari, AMD.KEB", "DEWI LESTARI"),
    ("Yusuf Maulana, A.Md", "YUSUF MAULANA"),
    ("Eko Prasetyo S.Kom", "EKO PRASETYO"),
    ("Eko Prasetyo S. Kom.", "EKO PRASETYO"),
    ("Eko Prasetyo, SKom", "EKO PRASETYO"),
    ("Rudi Hartono SE MM", "RUDI HARTONO"),
    ("Rudi Hartono,SE.,MM.", "RUDI HARTONO"),
    ("Linda Kusuma, S.H., M.H.", "LINDA KUSUMA"),
    ("Andi Saputra, S.T", "ANDI SAPUTRA"),
    ("Fitri Handayani, S.Ked", "FITRI HANDAYANI"),
    ("Ahmad Zaki, S.Ag", "AHMAD ZAKI"),
    ("Ratna Sari, S.Sos, M.Si", "RATNA SARI"),
    ("Taufik Hidayat, S.IP", "TAUFIK HIDAYAT"),
    ("Wahyu Nugroho, M.Kom", "WAHYU NUGROHO"),
    ("Intan Permatasari, S.Ak", "INTAN PERMATASARI"),
    ("Yoga Pratama, MBA", "YOGA PRATAMA"),
    ("Daniel Simanjuntak, S.E., Ak., CA", "DANIEL SIMANJUNTAK"),
    ("Ns. Putri Ayu, S.Kep", "NS PUTRI AYU"),  # Ns. is a degree, not a title
    ("Muhammad Ma'ruf", "MUHAMMAD MARUF"),
    ("M. Yusuf", "M YUSUF"),
    ("M.Yusuf", "M YUSUF"),
    ("ST. NURHALIZA", "ST NURHALIZA"),  # St. abbreviates Siti at the start
    ("Ahmad H.", "AHMAD H"),  # a trailing initial, not Haji
    ("Teuku Rizal, S.T.", "TEUKU RIZAL"),
    ("Cut Nyak Dien", "CUT NYAK DIEN"),
    ("I Gusti Ngurah Rai", "I GUSTI NGURAH RAI"),
    ("  siti   nurhaliza  ", "SITI NURHALIZA"),
    ("SITI-NURHALIZA", "SITI NURHALIZA"),
    ("José Pérez", "JOSE PEREZ"),
    ("HAJI", "HAJI"),  # only title-like words: keep them, they are the name
    ("Ir", "IR"),
    ("H. SE", "H SE"),
    ("SE", "SE"),
    ("", ""),
    (None, ""),
    (",.,", ""),
]


@pytest.mark.parametrize(("raw", "expected"), PERSONS)
def test_normalise_person(raw: str | None, expected: str) -> None:
    assert normalise_person(raw) == expected


def test_expression_agrees_on_the_table() -> None:
    raw = [r for r, _ in PERSONS]
    got = pl.DataFrame({"n": raw}, schema={"n": pl.String}).select(
        normalise_person_expr(pl.col("n"))
    )
    assert got.to_series().to_list() == [e for _, e in PERSONS]


EMPLOYERS = [
    ("PT. Maju Jaya, Tbk", "MAJU JAYA"),
    ("MAJU JAYA TBK", "MAJU JAYA"),
    ("PT MAJU JAYA", "MAJU JAYA"),
    ("P.T. Maju Jaya", "MAJU JAYA"),
    ("Maju Jaya, PT", "MAJU JAYA"),
    ("PT.MAJU JAYA", "MAJU JAYA"),
    ("PT Bank Rakyat Indonesia (Persero) Tbk", "BANK RAKYAT INDONESIA"),
    ("PT Pertamina (Persero)", "PERTAMINA"),
    ("CV. Sinar Abadi", "SINAR ABADI"),
    ("C.V. Sinar Abadi", "SINAR ABADI"),
    ("UD Berkah Makmur", "BERKAH MAKMUR"),
    ("PD Pasar Jaya", "PASAR JAYA"),
    ("Koperasi Karyawan Sejahtera", "KOPERASI KARYAWAN SEJAHTERA"),
    ("Yayasan Pendidikan Harapan", "YAYASAN PENDIDIKAN HARAPAN"),
    ("PT. Graha  Mitra-Sentosa", "GRAHA MITRA SENTOSA"),
    ("PT 3M Indonesia", "3M INDONESIA"),
    ("PT", "PT"),
    ("", ""),
    (None, ""),
]


@pytest.mark.parametrize(("raw", "expected"), EMPLOYERS)
def test_normalise_employer(raw: str | None, expected: str) -> None:
    assert normalise_employer(raw) == expected


def test_employer_spellings_meet() -> None:
    assert normalise_employer("PT. Maju Jaya, Tbk") == normalise_employer("MAJU JAYA TBK")


SCORES = [
    ("SITI AMINAH", "Hj. Siti Aminah, S.Pd", 100.0),
    ("BUDI SANTOSO", "SANTOSO BUDI", 100.0),
    ("NUR HIDAYAT", "NURHIDAYAT", 95.0),
    ("SITI AMINAH", "SITI AMINAH ZAHRA", 100.0),
]


@pytest.mark.parametrize(("a", "b", "at_least"), SCORES)
def test_name_score_high(a: str, b: str, at_least: float) -> None:
    assert name_score(a, b) >= at_least
    assert names_agree(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BUDI", "BUDI SANTOSO"),  # one word is not inside a longer name
        ("BUDI SANTOSO", "BUDI SETIAWAN"),
        ("MUHAMMAD RIZKY", "MUHAMMAD FAJAR"),
        ("RINA WULANDARI", "RINA HANDAYANI"),
        ("SITI AMINAH", None),
        ("", ""),
    ],
)
def test_names_disagree(a: str | None, b: str | None) -> None:
    assert not names_agree(a, b)


def test_names_agree_threshold() -> None:
    assert name_score("SRI WAHYUNI", "SRI WAHYUNINGSIH") < 85
    assert names_agree("SRI WAHYUNI", "SRI WAHYUNINGSIH", threshold=80)
    assert name_score(None, "X") == 0.0


FIRST = ["Siti", "Budi", "Agus", "Dewi", "Muhammad", "Nur", "Putu", "I Made", "Yohanes", "Sri"]
LAST = ["Aminah", "Santoso", "Ma'ruf", "Siregar", "Wulandari", "Hidayat", "Nugroho", "Rahayu"]
TITLES = ["H.", "Hj.", "Dr.", "dr.", "Ir.", "Prof.", "Drs.", "Dra.", "TGK.", "KH", "RA", "Haji"]
DEGREES = ["S.E.", "S.Kom", "S. Kom.", "SE", "M.M.", "MM", "S.Pd.I", "A.Md.Keb", "AMD.KEB", "MBA"]
GLUE = [" ", "  ", ", ", ",", ". ", " - ", "\t", ".", "_", "'"]


@st.composite
def messy_names(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(TITLES), max_size=3))
    parts += draw(st.lists(st.sampled_from(FIRST + LAST), min_size=0, max_size=4))
    parts += draw(st.lists(st.sampled_from(DEGREES), max_size=3))
    text = ""
    for part in parts:
        case = draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))
        text += case(part) + draw(st.sampled_from(GLUE))
    return text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(messy_names(), st.text(max_size=30), st.none()), max_size=40))
def test_expression_agrees_with_function(names: list[str | None]) -> None:
    got = pl.DataFrame({"n": names}, schema={"n": pl.String}).select(
        normalise_person_expr(pl.col("n"))
    )
    assert got.to_series().to_list() == [normalise_person(n) for n in names]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FIRST + LAST), min_size=1, max_size=4),
    st.lists(st.sampled_from(TITLES), max_size=3),
    st.lists(st.sampled_from(DEGREES), max_size=3),
    st.sampled_from([", ", " ", ","]),
)
def test_titles_and_degrees_do_not_change_the_name(
    words: list[str], titles: list[str], degrees: list[str], sep: str
) -> None:
    plain = " ".join(words)
    decorated = " ".join([*titles, plain]) + (sep + sep.join(degrees) if degrees else "")
    assert normalise_person(decorated) == normalise_person(plain)
    assert name_score(decorated, plain) == 100.0


@given(st.one_of(st.none(), st.text(max_size=20)), st.one_of(st.none(), st.text(max_size=20)))
def test_name_score_is_a_symmetric_percentage(a: str | None, b: str | None) -> None:
    s = name_score(a, b)
    assert 0.0 <= s <= 100.0
    assert s == name_score(b, a)
