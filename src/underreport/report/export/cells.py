"""Cell-level safety shared by every spreadsheet-facing output (XLSX and CSV)."""

from __future__ import annotations

import re

from underreport.privacy import MASK, mask_text

#: A text cell starting with one of these is evaluated as a formula by Excel,
#: LibreOffice or Google Sheets (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NIK_RUN = re.compile(r"(?<!\d)\d{16}(?!\d)")
_MASKED = re.compile(r"(?<!\d)\d{4}" + re.escape(MASK) + r"\d{4}(?!\d)")


def defuse(text: str) -> str:
    """Prefix text a spreadsheet would evaluate with an apostrophe, so it stays text.

    The one helper for formula injection: `=HYPERLINK("http://x","y")`,
    `+62 812`, `-SUM(A1)` and `@cmd` all come back as the literal string.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def scrub_niks(text: str, *, drop: bool = False) -> str:
    """Mask any 16-digit run in free text (data-quality messages).

    With `drop` (pseudonymised exports) masked NIKs lose their digits too, so
    the text keeps no part of any NIK.
    """
    if drop:
        return _MASKED.sub(MASK, _NIK_RUN.sub(MASK, text))
    return _NIK_RUN.sub(lambda m: mask_text(m.group()) or "", text)
