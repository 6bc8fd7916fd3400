"""Masking and pseudonymising NIKs for outputs people read or share.

A masked NIK keeps the province/regency prefix and the serial
(`3201••••••••0123`): enough for an inspector to tell two workers apart on
paper, not enough to identify anyone. A pseudonym is a salted SHA-256 so two
offices sharing the same salt can compare worker lists without exchanging
NIKs.
"""

from __future__ import annotations

import os

import polars as pl

from underreport.model.errors import UsageError

MASK = "••••••••"
SALT_ENV = "UNDERREPORT_SALT"


def mask_nik(nik: pl.Expr) -> pl.Expr:
    """`3201234567890123` -> `3201••••••••0123`; short or odd values keep only their ends."""
    n = nik.cast(pl.String)
    return (
        pl.when(n.str.len_chars() >= 12)
        .then(n.str.slice(0, 4) + pl.lit(MASK) + n.str.slice(-4))
        .when(n.is_not_null())
        .then(pl.lit(MASK))
        .otherwise(None)
    )


def mask_text(nik: str | None) -> str | None:
    if nik is None:
        return None
    return f"{nik[:4]}{MASK}{nik[-4:]}" if len(nik) >= 12 else MASK


def salt(value: str | None = None) -> str:
    """The pseudonymisation salt: given, or from UNDERREPORT_SALT."""
    found = value or os.environ.get(SALT_ENV)
    if not found:
        raise UsageError(
            f"--pseudonymise needs a salt: set {SALT_ENV} (the same value in every office "
            "that compares lists)"
        )
    return found


def pseudonymise(nik: pl.Expr, salt_value: str) -> pl.Expr:
    """Salted SHA-256 of the NIK, hex.

    Polars has no cryptographic hash (its `hash()` is not stable across versions),
    so hashlib runs over the batch; worker-level exports are small enough.
    """
    return (pl.lit(salt_value) + nik.cast(pl.String)).map_batches(
        _sha256_series, return_dtype=pl.String
    )


def _sha256_series(s: pl.Series) -> pl.Series:
    import hashlib

    return pl.Series(
        s.name,
        [None if v is None else hashlib.sha256(v.encode()).hexdigest() for v in s.to_list()],
        dtype=pl.String,
    )
