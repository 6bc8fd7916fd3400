"""Link payroll employers to enrolment employers: NPP, then NPWP, then name.

NPP is the key. An employer whose NPP is absent from the enrolment export
(or missing from the payroll) is linked by NPWP when both sides carry it:
the tax number is a legal identity, so that link is applied. A payroll
employer that gives no NPP at all is linked by its normalised name (legal
forms, punctuation and case removed) when exactly one enrolment employer has
that name: it has no other key, and calling it unregistered while the
enrolment holds it would be wrong. Two or more such employers: no link, and
the reasons list them. For an employer that gives an NPP the enrolment does
not know, a matching name is only offered, never applied: two companies can
share a name, and the NPP given says it is another one.
"""

from __future__ import annotations

import polars as pl

from underreport.names import APOSTROPHES, LEGAL_FORMS, MARKS, SPACED_FORM
from underreport.reconcile.workers import EMPLOYER_KEY, NAME_PREFIX, with_employer_key

LINK_SCHEMA = {
    "employer_id": pl.String, "linked_by": pl.String, "probable_employer_id": pl.String,
    "link_note": pl.String,
}  # fmt: skip
"""`linked_by`: `npwp` and `name` are applied; `offered` (a name, an NPP given) and
`ambiguous` (a name, no NPP, several enrolment employers) are only reported.
`link_note` names the enrolment employer(s): `NPP 12345678 (PT SINAR JAYA)`."""


def _name_key(name: pl.Expr) -> pl.Expr:
    """`names.normalise_employer` without its spaces, as a Polars expression.

    Vectorised because the enrolment export names tens of thousands of
    employers; the same steps in the same order, so a payroll's `PT. Sinar
    Jaya` and an enrolment's `SINAR JAYA, PT` get one key (tested against it).
    """
    forms = "|".join(sorted(LEGAL_FORMS))
    text = (
        name.str.normalize("NFKD")
        .str.to_uppercase()
        .str.replace_all(MARKS, "")
        .str.replace_all(APOSTROPHES, "")
        .str.replace_all(SPACED_FORM.pattern, "${1}${2} ")
        .str.replace_all(r"[^A-Z0-9]+", " ")
    )
    kept = text.str.replace_all(rf"\b(?:{forms})\b", " ").str.replace_all(" ", "")
    return pl.when(kept != "").then(kept).otherwise(text.str.replace_all(" ", ""))


def link_employers(
    payroll: pl.DataFrame, enrollment: pl.DataFrame, reference: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Payroll with NPWP-linked employer ids applied, and one row per link made or offered."""
    links = find_links(payroll, enrollment, reference)
    return apply_links(payroll, links), links


def find_links(
    payroll: pl.DataFrame, enrollment: pl.DataFrame, reference: pl.DataFrame | None
) -> pl.DataFrame:
    """One row per payroll employer linked (NPWP) or offered (name) to an enrolled one.

    Only the employer columns are read, so the distinct employers of a
    national run decide the links once for all its parts.
    """
    enrolled = enrollment.select("employer_id", "employer_name", "npwp").unique()
    missing = (
        payroll.select("employer_id", "employer_name", "npwp").unique()
        .with_columns(EMPLOYER_KEY)
        .join(enrolled.select("employer_id"), on="employer_id", how="anti")
        .group_by("employer_id")
        .agg(pl.col("npwp").drop_nulls().first(), pl.col("employer_name").drop_nulls().first())
        .with_columns(_name_key(pl.col("employer_name")).alias("key"))
    )  # fmt: skip
    if missing.is_empty():
        return pl.DataFrame(schema=LINK_SCHEMA)
    enrolled_ids = set(enrolled["employer_id"].drop_nulls().to_list())
    by_npwp: dict[str, set[str]] = {}
    sources = [enrolled.select("employer_id", "npwp")]
    if reference is not None:
        sources.append(reference.select("employer_id", "npwp"))
    for frame in sources:
        for npp, npwp in frame.drop_nulls().unique().iter_rows():
            if npp in enrolled_ids and npwp:
                by_npwp.setdefault(npwp, set()).add(npp)
    by_name: dict[str, dict[str, str]] = {}
    candidates = enrolled.select(
        "employer_id", "employer_name", _name_key(pl.col("employer_name")).alias("key")
    ).join(missing.select("key").drop_nulls(), on="key", how="semi")
    for npp, name, key in candidates.sort("employer_id").iter_rows():
        if npp is not None:
            by_name.setdefault(key, {}).setdefault(npp, name or "")
    rows: list[tuple[str, str, str | None, str | None]] = []
    for r in missing.iter_rows(named=True):
        npwp_hits = by_npwp.get(r["npwp"] or "", set())
        names = by_name.get(r["key"] or "", {}) if r["key"] else {}
        note = "; ".join(f"NPP {npp} ({name})" for npp, name in sorted(names.items()))
        given = not str(r["employer_id"]).startswith(NAME_PREFIX)
        if len(npwp_hits) == 1:
            rows.append((r["employer_id"], "npwp", next(iter(npwp_hits)), None))
        elif len(names) == 1:
            rows.append((r["employer_id"], "offered" if given else "name", next(iter(names)), note))
        elif len(names) > 1 and not given:
            rows.append((r["employer_id"], "ambiguous", None, note))
    return pl.DataFrame(rows, schema=LINK_SCHEMA, orient="row")


def apply_links(payroll: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Payroll keyed by employer (`EMPLOYER_KEY`), linked ones under their enrolled NPP."""
    payroll = with_employer_key(payroll)
    applied = dict(links.filter(pl.col("linked_by").is_in(["npwp", "name"])).select(
        "employer_id", "probable_employer_id").iter_rows())  # fmt: skip
    if applied:
        payroll = payroll.with_columns(pl.col("employer_id").replace(applied))
    return payroll


def employer_links(links: pl.DataFrame) -> pl.DataFrame:
    """Per employer id as reported: how it was linked, any name match offered, and the note."""
    applied = links.filter(pl.col("linked_by").is_in(["npwp", "name"])).select(
        pl.col("probable_employer_id").alias("employer_id"),
        pl.col("employer_id").alias("payroll_employer_id"),
        "linked_by",
        pl.lit(None, pl.String).alias("probable_employer_id"),
        "link_note",
    )
    reported = links.filter(pl.col("linked_by").is_in(["offered", "ambiguous"])).select(
        "employer_id",
        pl.lit(None, pl.String).alias("payroll_employer_id"),
        pl.lit(None, pl.String).alias("linked_by"),
        "probable_employer_id",
        "link_note",
    )
    return pl.concat([applied, reported]).unique("employer_id", keep="first", maintain_order=True)
