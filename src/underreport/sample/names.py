"""Plausible Indonesian people, companies and identifiers for the sample set."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date


def _words(text: str) -> list[str]:
    return text.split()


MALE = _words(
    "Budi Agus Andi Ahmad Bambang Dedi Eko Fajar Hendra Irfan Joko Rizky Slamet Teguh "
    "Wahyu Yusuf Arief Bayu Dimas Gilang Hadi Imam Muhammad Rahmat Taufik Yoga Reza "
    "Aditya Fikri Iwan Rudi Putu Made Komang Nyoman Ketut Hasan Yohanes Stefanus Daniel"
)
FEMALE = _words(
    "Siti Sri Dewi Ayu Rina Fitri Lestari Wulan Indah Nur Putri Ratna Yuni Dian Ani "
    "Endang Kartika Maya Novi Intan Nia Rini Sari Tuti Anisa Aulia Citra Dina Maria "
    "Theresia Desi Ratih"
)
FAMILY = _words(
    "Santoso Wijaya Saputra Pratama Hidayat Nugroho Setiawan Kusuma Siregar Nasution "
    "Harahap Simanjuntak Sitompul Lubis Hutapea Tanjung Sihombing Wibowo Susanto Gunawan "
    "Halim Rahman Hakim Syahputra Suryadi Prasetyo Firmansyah Ramadhan Manurung Tambunan "
    "Sembiring Ginting Tarigan Panjaitan Pasaribu Sinaga Wenas Sondakh Latuconsina "
    "Mokoginta"
)
FAMILY_F = _words("Rahayu Utami Wulandari Handayani Permatasari Kurniasih")
SINGLE = _words("Sutrisno Suparman Sumarni Mulyadi Sugiarto Paijo Tukiyem Wagiman")
PREFIX_M = ("H.", "Dr.", "Ir.", "drg.")
PREFIX_F = ("Hj.", "Dr.", "Ir.")
DEGREE = ("S.Kom", "S.E.", "S.T.", "S.H.", "M.M.", "A.Md.", "S.Pd", "M.Kom", "S.Sos")
POSITIONS = (
    "Staff Admin",
    "Operator Produksi",
    "Supervisor",
    "Manager",
    "Driver",
    "Security",
    "Cleaning Service",
    "Teknisi",
    "Sales",
    "Akuntan",
    "Kasir",
    "Gudang",
)
CO_A = _words(
    "Maju Sinar Karya Mitra Bumi Cahaya Sumber Tunas Mega Indo Nusantara Surya Graha "
    "Bintang Anugerah Berkah Lautan Putra Mulia Sentral Duta Citra Global Harapan"
)
CO_B = _words(
    "Jaya Abadi Sejahtera Makmur Mandiri Sentosa Utama Perkasa Gemilang Lestari Persada "
    "Prima Sukses Raya Santosa Bersama Agung Baru"
)
CO_C = _words(
    "Logistik Tekstil Konstruksi Plastindo Farma Elektrik Garmen Pangan Kimia Teknik "
    "Digital Agro Transportasi Furnitur Printing Kemasan Boga"
)
CITIES = ("Jakarta", "Bandung", "Surabaya", "Semarang", "Medan", "Palembang", "Makassar")
MONTHS = _words(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)
# NIK province codes (civil registry), as in domain.md.
NIK_PROVINCES = [
    *range(11, 20),
    21,
    *range(31, 37),
    *range(51, 54),
    *range(61, 66),
    *range(71, 77),
    81,
    82,
    *range(91, 98),
]
# 2025 provincial minimum wages (UMP, Rp) for employer provinces (BPS = NIK codes here).
UMP_2025 = {
    11: 3685616, 12: 2992559, 13: 2994193, 14: 3508776, 15: 3234535, 16: 3681571,
    17: 2670039, 18: 2893070, 19: 3876600, 21: 3623654, 31: 5396761, 32: 2191232,
    33: 2169349, 34: 2264081, 35: 2305985, 36: 2905120, 51: 2996560, 52: 2602931,
    53: 2328969, 61: 2878286, 62: 3473621, 63: 3496195, 64: 3579314, 65: 3580160,
    71: 3775425, 72: 2915000, 73: 3657527, 74: 3073552, 75: 3221731, 76: 3104430,
    81: 3141700, 82: 3408000,
}  # fmt: skip


@dataclass(frozen=True)
class Person:
    name: str  # as a payroll shows it (titles and degrees kept)
    plain: str  # without titles, as the civil registry has it
    female: bool
    birth: date


def person(rng: random.Random, accented: bool = False) -> Person:
    female = rng.random() < 0.45
    given = rng.choice(FEMALE if female else MALE)
    if accented:
        given = rng.choice(("María", "Inés") if female else ("José", "Iñigo"))
    if rng.random() < 0.1:
        plain = rng.choice(SINGLE)
    else:
        family = rng.choice(FAMILY + FAMILY_F if female else FAMILY)
        middle = f" {rng.choice(FEMALE if female else MALE)}" if rng.random() < 0.25 else ""
        plain = f"{given}{middle} {family}"
    name = plain
    if rng.random() < 0.08:
        name = f"{rng.choice(PREFIX_F if female else PREFIX_M)} {name}"
    if rng.random() < 0.12:
        name = f"{name}, {rng.choice(DEGREE)}"
    birth = date(rng.randint(1965, 2005), rng.randint(1, 12), rng.randint(1, 28))
    return Person(name=name, plain=plain, female=female, birth=birth)


def nik(rng: random.Random, who: Person, province: int, taken: set[str]) -> str:
    """A 16-digit NIK: province, regency, district, DDMMYY (+40 on the day for women), serial."""
    if rng.random() < 0.3:
        province = rng.choice(NIK_PROVINCES)
    day = who.birth.day + (40 if who.female else 0)
    stem = (
        f"{province:02d}{rng.randint(1, 79):02d}{rng.randint(1, 40):02d}"
        f"{day:02d}{who.birth.month:02d}{who.birth.year % 100:02d}"
    )
    while True:
        value = f"{stem}{rng.randint(1, 9999):04d}"
        if value not in taken:
            taken.add(value)
            return value


def digits(rng: random.Random, n: int, taken: set[str], leading_zero: bool = False) -> str:
    """A unique n-digit identifier (NPP, KPJ); `leading_zero` starts it with 0."""
    while True:
        low = 0 if leading_zero else 10 ** (n - 1)
        value = f"{rng.randrange(low, 10 ** (n - 1) * (1 if leading_zero else 10)):0{n}d}"
        if value not in taken:
            taken.add(value)
            return value


def company(rng: random.Random, taken: set[str]) -> str:
    for attempt in range(1000):
        words = [rng.choice(CO_A), rng.choice(CO_B)]
        if rng.random() < 0.6 or attempt > 50:
            words.append(rng.choice(CO_C))
        if attempt > 200:
            words.append(rng.choice(CITIES))
        legal = rng.choices(("PT", "CV", "PT."), weights=(7, 2, 1))[0]
        name = f"{legal} {' '.join(words)}"
        if attempt > 500:
            name = f"{name} {attempt}"
        key = " ".join(words)
        if key not in taken:
            taken.add(key)
            return name
    raise RuntimeError("company names exhausted")  # pragma: no cover
