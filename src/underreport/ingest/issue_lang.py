"""Data-quality messages in the run's language, rewritten from the catalogue's templates.

Issues are written in English where they are found, deep in the reading of
a file and a million at a time; the language is a matter of who reads them.
Each English template is also a pattern: its literal text around its
placeholders. The filled values (a masked NIK, a count, a quoted cell) are
taken back out of each message and put into the Indonesian template, column
by column, so the reading code stays as it is and a lazy scan of issues on
disk stays lazy. A message that fits no template is left as it was.
"""

from __future__ import annotations

import re
from string import Formatter
from typing import overload

import polars as pl

from underreport.fmt import MONTHS_EN, MONTHS_ID
from underreport.model.quality import CATALOGUE, REASONS, VARIANTS, Code


def _pattern(template: str) -> tuple[str, list[str]]:
    """The regex of the messages `template` writes, and its placeholders in group order."""
    parts, names = ["(?s)^"], []
    for literal, name, _spec, _conv in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append("(.*?)")
            names.append(name)
    return "".join(parts) + "$", names


def _rewritten(message: pl.Expr, entry: Code, lang: str) -> tuple[pl.Expr, pl.Expr]:
    """Whether a message is of `entry`'s English template, and its text in `lang`."""
    regex, names = _pattern(entry.message.en)
    values: dict[str, pl.Expr] = {}
    for i, placeholder in enumerate(names, start=1):
        values.setdefault(placeholder, message.str.extract(regex, i))
    if "reason" in values:
        said = {en: t.get(lang) for en, t in REASONS.items()}
        values["reason"] = values["reason"].replace(said)
    if "period" in values:  # `March 2025`, as `ingest.checks` labels a month
        values["period"] = values["period"].str.replace_many(list(MONTHS_EN), list(MONTHS_ID))
    pieces: list[pl.Expr] = []
    for literal, name, _spec, _conv in Formatter().parse(entry.message.get(lang)):
        pieces.append(pl.lit(literal))
        if name is not None:
            pieces.append(values[name])
    return message.str.contains(regex), pl.concat_str(pieces)


@overload
def in_language(issues: pl.DataFrame, lang: str) -> pl.DataFrame: ...
@overload
def in_language(issues: pl.LazyFrame, lang: str) -> pl.LazyFrame: ...
@overload
def in_language(issues: pl.DataFrame | pl.LazyFrame, lang: str) -> pl.DataFrame | pl.LazyFrame: ...


def in_language(issues: pl.DataFrame | pl.LazyFrame, lang: str) -> pl.DataFrame | pl.LazyFrame:
    """`issues` with each `message` in `lang` (English: unchanged)."""
    if lang == "en":
        return issues
    message, code = pl.col("message"), pl.col("code")
    each = []
    for entry in (*VARIANTS.values(), *CATALOGUE.values()):  # a variant's wording first
        fits, text = _rewritten(message, entry, lang)
        each.append(pl.when((code == entry.code) & fits).then(text))
    return issues.with_columns(pl.coalesce(*each, message).alias("message"))
