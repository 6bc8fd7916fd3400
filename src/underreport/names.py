"""Normalising and comparing Indonesian person and employer names.

Person names on payrolls carry titles and degrees the civil registry does not
(``H. Ahmad Fauzi, S.E., M.M.`` is ``AHMAD FAUZI`` on the KTP), and are typed
with varying case, spacing and punctuation. ``normalise_person`` removes all of
that; ``normalise_person_expr`` does exactly the same with Polars expressions
for bulk use (the tests check that the two agree).

The rules, in order:

1. Accents are folded (NFKD, combining marks dropped), text is uppercased,
   apostrophes are dropped (``MA'RUF`` -> ``MARUF``) and anything other than
   A-Z, 0-9, dots and commas becomes a space.
2. Titles glued to the name (``DR.AHMAD``, ``H.BUDI``) are split off at the start,
   and degrees written with a space after a dot (``S. KOM``) are joined up.
3. The text is cut into tokens at spaces and commas. A token's *key* is the token
   without dots, so ``S.KOM``, ``S.Kom.`` and ``SKOM`` are the same degree.
4. The run of leading tokens that are titles (``PROF``, ``DR``, ``H``, ``HJ``, ...)
   and the run of trailing tokens that are degrees (``SE``, ``S.KOM``, ``M.M``, ...)
   are dropped. Titles are only looked for at the start and degrees only at the
   end, so ``ST`` (also short for Siti) or ``H`` (an initial) inside or at the
   other end of a name are kept.
5. If that would leave nothing, nothing is dropped: a name that is only
   title-like tokens (``HAJI``) is a real name.
6. Remaining dots become spaces (``M.YUSUF`` -> ``M YUSUF``), spaces are squeezed.

``TEUKU`` and ``CUT`` (Acehnese) and ``RADEN`` are kept: they are registered as
part of the name on the KTP. ``TGK``/``TEUNGKU`` (a religious honorific) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

__all__ = [
    "name_score",
    "names_agree",
    "normalise_employer",
    "normalise_person",
    "normalise_person_expr",
    "score_normalised",
]

# Titles written before a name (keys: uppercase, dots removed).
PREFIX_TITLES: frozenset[str] = frozenset(
    {
        "PROF", "DR", "DRS", "DRA", "DRG", "DRH", "IR", "H", "HJ", "HJH", "HAJI", "HAJJAH",
        "HAJAH", "KH", "KYAI", "TGK", "TEUNGKU", "RA", "NY", "UST", "USTADZ", "USTADZAH",
        "BPK", "SDR", "SDRI",
    }
)  # fmt: skip

# Degrees and professional titles written after a name (keys as above).
DEGREES: frozenset[str] = frozenset(
    {
        # bachelor (sarjana) and applied bachelor
        "SE", "SEI", "SH", "SHI", "ST", "SKOM", "SPD", "SPDI", "SPDSD", "SFARM", "SKED", "SAG",
        "SSOS", "SIP", "SAK", "SKEP", "SKM", "SPSI", "SS", "SSI", "SP", "STP", "SSN", "SHUT",
        "SGZ", "STR", "STRKEB", "STRKES", "SIKOM", "SKEB", "SSY", "SPT", "SPI", "SSTP", "SKG",
        "SDS", "SAN", "SIA", "SSOSI", "SKESOS", "STHI", "SMB", "SPDK",
        # diploma (ahli madya, ahli muda)
        "AMD", "AMDKEB", "AMDKEP", "AMDFARM", "AMDKES", "AMDGZ", "AMDRAD", "AMDAK", "AMDKOM",
        "AMDT", "AMDPAR", "AMA", "AMAPD", "AMK", "AMKEB", "AMKEP",
        # master and doctorate
        "MM", "MSI", "MKOM", "MPD", "MPDI", "MH", "MHI", "MT", "MSC", "MA", "MAG", "MKES",
        "MKM", "MAK", "MFARM", "MKEB", "MKEP", "MBA", "MHUM", "MIKOM", "MPH", "MSN", "MTP",
        "MSOS", "MAP", "MEI", "MSIE", "MEC", "MENG", "MARS", "MPSI", "MHKES", "PHD", "DBA",
        # medical specialists and professions
        "SPA", "SPOG", "SPPD", "SPB", "SPM", "SPTHT", "SPJP", "SPKK", "SPS", "SPN", "SPRAD",
        "SPAN", "SPKJ", "SPP", "SPU", "SPOT", "SPBS", "SPF", "SPPK", "NS", "NERS", "APT",
        # foreign and professional
        "BSC", "BA", "BENG", "LLB", "LLM", "LC", "AK", "CA", "CPA", "CPMA", "CHRP",
    }
)  # fmt: skip

_TITLE_ALT = "PROF|DRS|DRA|DRG|DRH|DR|IR|HJH|HJ|H|KH|TGK|RA|NY"
# A title glued to what follows at the very start ("DR.AHMAD", "PROF.DR.H.BUDI").
_LEAD_GLUED = re.compile(rf"^((?:(?:{_TITLE_ALT})\.\s+)*(?:{_TITLE_ALT}))\.([A-Z0-9])")
_LEAD_GLUED_POLARS = _LEAD_GLUED.pattern
_LEAD_PASSES = 4
# A degree written with a space after a dot ("S. KOM", "A. MD", "S.PD. I"): both
# parts must be whole tokens, so "M.M. M.M." is left alone. Two passes, because a
# match consumes the separator the next one would start from.
_DEGREE_SPLIT = re.compile(
    r"(^|[\s,])((?:[A-Z]{1,3}\.)*(?:S|M|A|SP|PD|MD|AMD|D|B))\.\s+"
    r"(KOM|E|H|T|PD|SI|FARM|KED|AG|SOS|IP|MD|KEB|AK|KEP|M|SN|PSI|HUT|KES|KM|GZ|TP|PT|HI|SY|"
    r"TR|IKOM|I|SC|A|MA|KG|HUM|OG|AP|ENG|BA)(\.?)($|[\s,])"
)
_DEGREE_SPLIT_POLARS = _DEGREE_SPLIT.pattern
MARKS = "[\u0300-\u036f]"
APOSTROPHES = "['`\u2018\u2019\u02bc\u00b4]"
_OTHER = r"[^A-Z0-9.,]"
_SEPARATORS = r"[\s,]+"


def _tokens(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).upper()
    text = re.sub(MARKS, "", text)
    text = re.sub(APOSTROPHES, "", text)
    text = re.sub(_OTHER, " ", text)
    for _ in range(_LEAD_PASSES):
        text = _LEAD_GLUED.sub(r"\1. \2", text.strip(), count=1)
    for _ in range(2):
        text = _DEGREE_SPLIT.sub(r"\1\2.\3\4\5", text)
    return [t for t in re.split(_SEPARATORS, text) if t.replace(".", "")]


def normalise_person(name: str | None) -> str:
    """A person's name without titles, degrees, punctuation, case or spacing noise."""
    if not name:
        return ""
    tokens = _tokens(name)
    keys = [t.replace(".", "") for t in tokens]
    start = 0
    while start < len(keys) and keys[start] in PREFIX_TITLES:
        start += 1
    end = len(keys)
    while end > 0 and keys[end - 1] in DEGREES:
        end -= 1
    kept = tokens[start:end] if start < end else tokens
    return " ".join(" ".join(kept).replace(".", " ").split())


def normalise_person_expr(e: pl.Expr) -> pl.Expr:
    """``normalise_person`` as a pure Polars expression (null gives "")."""
    text = (
        e.fill_null("")
        .str.normalize("NFKD")
        .str.to_uppercase()
        .str.replace_all(MARKS, "")
        .str.replace_all(APOSTROPHES, "")
        .str.replace_all(_OTHER, " ")
    )
    for _ in range(_LEAD_PASSES):
        text = text.str.strip_chars().str.replace(_LEAD_GLUED_POLARS, "${1}. ${2}")
    for _ in range(2):
        text = text.str.replace_all(_DEGREE_SPLIT_POLARS, "${1}${2}.${3}${4}${5}")
    key = pl.element().str.replace_all(".", "", literal=True)
    tokens = (
        text.str.replace_all(_SEPARATORS, " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(key != ""))
    )
    lead = key.is_in(pl.lit(pl.Series(sorted(PREFIX_TITLES))).implode()).cast(pl.Int8).cum_min()
    trail = (
        key.is_in(pl.lit(pl.Series(sorted(DEGREES))).implode()).cast(pl.Int8).cum_min(reverse=True)
    )
    kept = tokens.list.eval(pl.element().filter((lead == 0) & (trail == 0)))
    chosen = pl.when(kept.list.len() > 0).then(kept).otherwise(tokens)
    return (
        chosen.list.join(" ")
        .str.replace_all(".", " ", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


def score_normalised(a: str, b: str) -> float:
    """Similarity 0..100 of two already normalised person names.

    The best of: token-sort ratio (word order does not matter), the plain ratio
    with spaces removed (``NUR HIDAYAT`` = ``NURHIDAYAT``), and, when both names
    have at least two words, the token-set ratio (``SITI AMINAH`` is fully inside
    ``SITI AMINAH ZAHRA``). The subset credit is withheld for one-word names so
    ``BUDI`` does not equal every ``BUDI ...``.
    """
    if not a or not b:
        return 0.0
    score = max(
        float(fuzz.token_sort_ratio(a, b)),
        float(fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))),
    )
    if a.count(" ") >= 1 and b.count(" ") >= 1:
        score = max(score, float(fuzz.token_set_ratio(a, b)))
    return score


def score_matrix(a: list[str], b: list[str], cutoff: float) -> NDArray[np.float64]:
    """`score_normalised` of every name of `a` against every name of `b`, 0 below `cutoff`.

    rapidfuzz's `cdist` scores the whole matrix in C++: a Python call per pair
    made an employer of thousands of workers without NIKs cost minutes and
    gigabytes. Each part of the score is cut at `cutoff`, so their maximum is
    exact wherever it reaches `cutoff`.
    """

    def matrix(x: list[str], y: list[str], scorer: Any) -> NDArray[np.float64]:
        return process.cdist(x, y, scorer=scorer, score_cutoff=cutoff, dtype=np.float64)

    joined_a, joined_b = [n.replace(" ", "") for n in a], [n.replace(" ", "") for n in b]
    out = np.maximum(matrix(a, b, fuzz.token_sort_ratio), matrix(joined_a, joined_b, fuzz.ratio))
    words_a = np.array([" " in n for n in a])
    words_b = np.array([" " in n for n in b])
    if words_a.any() and words_b.any():
        both = np.outer(words_a, words_b)
        out = np.maximum(out, np.where(both, matrix(a, b, fuzz.token_set_ratio), 0.0))
    empty = np.outer(np.array([not n for n in a]), np.ones(len(b), bool))
    empty |= np.outer(np.ones(len(a), bool), np.array([not n for n in b]))
    out[empty] = 0.0
    return out


def name_score(a: str | None, b: str | None) -> float:
    """Similarity 0..100 of two person names after ``normalise_person``; 0 if one is empty."""
    return score_normalised(normalise_person(a), normalise_person(b))


def names_agree(a: str | None, b: str | None, threshold: float = 85.0) -> bool:
    """True when both names are present and score at least ``threshold``."""
    return name_score(a, b) >= threshold


# Legal forms of Indonesian (and a few foreign) businesses. KOPERASI and YAYASAN
# are kept: they say what the body is, and a koperasi and a PT can share a name.
LEGAL_FORMS: frozenset[str] = frozenset(
    {"PT", "CV", "UD", "TBK", "PERSERO", "PD", "PERUM", "FA", "LTD", "INC", "PTE", "BHD", "SDN"}
)
SPACED_FORM = re.compile(r"\b(P|C|U)\s*\.\s*(T|V|D)\b\.?")


def normalise_employer(name: str | None) -> str:
    """Employer name without legal forms, punctuation, case or spacing noise.

    ``PT. Maju Jaya, Tbk``, ``MAJU JAYA TBK`` and ``Maju Jaya (Persero)`` all give
    ``MAJU JAYA``. A name that is nothing but legal forms is kept as it is.
    """
    if not name:
        return ""
    text = re.sub(MARKS, "", unicodedata.normalize("NFKD", name).upper())
    text = re.sub(APOSTROPHES, "", text)
    text = SPACED_FORM.sub(r"\1\2 ", text)
    tokens = re.sub(r"[^A-Z0-9]", " ", text).split()
    kept = [t for t in tokens if t not in LEGAL_FORMS]
    return " ".join(kept or tokens)
