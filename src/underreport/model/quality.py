"""The catalogue of data-quality codes.

Codes are part of the public contract: scripts filter on them, so they are
stable. Each has a severity, a title and a message template filled from the
row that raised it. `error` means the row cannot be used as intended,
`warning` that it is used with doubt, `info` that nothing is wrong with the
figures but the user should know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    code: str
    severity: Level
    title: str
    template: str


CATALOGUE: dict[str, Code] = {
    c.code: c
    for c in (
        Code(
            "NIK_MISSING",
            "warning",
            "No NIK",
            "no NIK: the worker is judged by name within the employer (unregistered only "
            "when no enrolment of the employer has a like name)",
        ),
        Code(
            "NIK_INVALID_LENGTH",
            "error",
            "NIK is not 16 digits",
            "NIK {value} has {length} digits, not 16: not used as a match key",
        ),
        Code(
            "NIK_NOT_DIGITS",
            "error",
            "NIK has letters or symbols",
            "NIK {value} is not made of digits: not used as a match key",
        ),
        Code(
            "NIK_BAD_PROVINCE",
            "warning",
            "NIK province code unknown",
            "NIK {value} starts with {province}, which is not a province code",
        ),
        Code(
            "NIK_BAD_BIRTHDATE",
            "warning",
            "NIK birth date impossible",
            "NIK {value}: digits 7-12 are not a birth date "
            "(day 1-31, or 41-71 for women; month 1-12)",
        ),
        Code(
            "NIK_PRECISION_LOSS",
            "error",
            "NIK damaged by a spreadsheet",
            "NIK {value} was stored as a number and lost its last digits: not trusted as a key",
        ),
        Code(
            "DUPLICATE_WORKER",
            "warning",
            "Worker listed twice",
            "NIK {value} appears {count} times on the {period} payroll of {employer}; counted once",
        ),
        Code(
            "ENROLLED_TWICE",
            "warning",
            "Worker enrolled twice as active",
            "NIK {value} has {count} active enrolments at {employer} with different wages "
            "({wages}): the highest is taken as the reported wage, so its gap is a lower bound",
        ),
        Code(
            "WORKER_AT_SEVERAL_EMPLOYERS",
            "info",
            "Worker at several employers",
            "NIK {value} is on the payroll of {count} employers in {period}",
        ),
        Code(
            "WAGE_MISSING",
            "error",
            "Wage missing",
            "no wage: the worker is counted but no contribution can be computed",
        ),
        Code(
            "WAGE_NOT_A_NUMBER", "error", "Wage is not a number", "wage {value!r} is not a number"
        ),
        Code(
            "WAGE_IMPLAUSIBLE",
            "warning",
            "Wage implausible",
            "wage {value} is outside plausible monthly wages",
        ),
        Code(
            "WAGE_MISMATCH",
            "warning",
            "Computed wage disagrees",
            "contribution wage {value} differs from base wage + fixed allowance ({expected})",
        ),
        Code(
            "DATE_UNPARSEABLE",
            "warning",
            "Date not understood",
            "date {value!r} is not a date this tool understands",
        ),
        Code(
            "PERIOD_MISSING",
            "error",
            "Period missing",
            "no payroll period in the row, the table or the title block",
        ),
        Code(
            "PERIOD_UNPARSEABLE",
            "error",
            "Period not understood",
            "period {value!r} is not a month this tool understands",
        ),
        Code(
            "EMPLOYER_MISSING",
            "warning",
            "No employer",
            "no NPP and no employer name in the row, the table or its title block: the worker "
            "is counted as not reconcilable (a cell merged down a column holds its value in "
            "the first row only)",
        ),
        Code(
            "STATUS_UNKNOWN",
            "warning",
            "Enrolment status not understood",
            "status {value!r} is neither active nor non-active: treated as active unless the "
            "row gives a non-active date, so nobody is accused on a guess",
        ),
        Code(
            "ALLOWANCE_NOT_COUNTED",
            "warning",
            "Allowance left out of the contribution wage",
            "allowance column {header!r} is not counted in the contribution wage: its header "
            "does not say it is fixed (tetap) and the sheet has no fixed-allowance column; if it "
            "is paid every month whatever the attendance, name it under "
            "[aliases.payroll] fixed_allowance_part in the config file",
        ),
        Code(
            "FORMULA_NOT_COMPUTED",
            "warning",
            "Formulas without a saved value",
            "{count} formula cells of the sheet have no saved value (the program that wrote "
            "the file does not compute formulas): they read as empty, so a wage there is "
            "missing; open and save the file in Excel or LibreOffice to compute them",
        ),
        Code("ROW_SKIPPED", "info", "Row left out", "row left out ({reason})"),
        Code("SHEET_SKIPPED", "info", "Sheet left out", "sheet left out: {reason}"),
        Code(
            "CONFIG_NOT_USED",
            "info",
            "Config value not used",
            "the config file's [[inputs.files]] {reason}; the sheet's value is used",
        ),
        Code("FILE_SKIPPED", "info", "File left out", "file left out: {reason}"),
    )
}
VARIANTS: dict[str, Code] = {
    "NIK_PRECISION_LOSS/number": Code(
        "NIK_PRECISION_LOSS",
        "warning",
        "NIK damaged by a spreadsheet",
        "NIK {value} was stored as a number: its last digit may have been lost (a re-save "
        "rounds or drops it); still used as a key, check it against the ID card",
    ),
    "NIK_NOT_DIGITS/passport": Code(
        "NIK_NOT_DIGITS",
        "warning",
        "NIK has letters or symbols",
        "NIK {value} looks like a passport number (a foreign worker, as BPJS forms allow): "
        "not a NIK, so the worker is matched by name",
    ),
}
"""A code raised at another severity, with its own wording, under a `CODE/variant` key.

A 16-digit NIK in a number cell ending in 0 may be whole or damaged: a
warning, where scientific text (`3,2E+15`) certainly identifies nobody.
"""


def entry(code: str) -> Code:
    """The catalogue entry of a code or of a `CODE/variant` key."""
    return VARIANTS[code] if code in VARIANTS else CATALOGUE[code]


def message(code: str, **values: object) -> str:
    return entry(code).template.format(**values)


def severity(code: str) -> Level:
    return entry(code).severity


def public(code: str) -> str:
    """The code scripts see: a variant's key without its `/variant`."""
    return entry(code).code
