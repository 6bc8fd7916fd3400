"""The known answer a generated sample set plants (written as `answer.json`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from underreport.model.result import Frozen


class PlantedEmployer(Frozen):
    """What reconciling the latest period must find for one employer on the payroll."""

    employer_id: str = Field(description="8-digit NPP as text (leading zeros kept).")
    employer_name: str
    registered: bool = Field(description="False = PWBD: no enrolment rows at all.")
    payroll_workers: int = Field(description="Distinct people on the latest period's payroll.")
    unregistered_workers: int = Field(
        description="On payroll with no ACTIVE enrolment under the NPP: by NIK, or, without a "
        "NIK, because no enrolment of the employer has a like name."
    )
    underreported_wage_workers: int = Field(
        description="Active enrolment, reported wage below the contribution wage by more than 1 %."
    )
    not_reconcilable_workers: int = Field(
        description="Payroll rows without a NIK (employee number only) that cannot be judged: "
        "their name agrees with an enrolment of the employer, but not with exactly one."
    )
    enrolled_not_on_payroll: int = Field(
        description="Active enrolments with no payroll row in the latest period."
    )


class WageMismatchRow(Frozen):
    """A payroll row whose precomputed contribution wage disagrees with its parts."""

    file: str
    sheet: str
    row: int = Field(description="Row number as the spreadsheet shows it (1-based).")


class DamagedNik(Frozen):
    """A payroll row whose NIK was written damaged (`generate(damage=...)`).

    The worker is still enrolled under the same NPP with the true NIK and a name that
    agrees, so the matcher must link the row at `expected_tier`; the worker keeps the
    status the answer counts (an under-reported worker stays under-reported).
    """

    file: str
    sheet: str = Field(description='Sheet name ("" for CSV).')
    row: int = Field(description="Row number as the spreadsheet shows it (1-based; CSV: line).")
    employer_id: str
    kind: Literal["precision", "scientific", "typo", "swap", "missing"] = Field(
        description="precision: last digit zeroed (a number, as Excel keeps it); scientific: "
        "shown like 3.20123456789012E+15; typo: one digit changed; swap: two adjacent digits "
        "swapped; missing: empty NIK cell."
    )
    expected_tier: int = Field(description="2 Excel damage, 3 one edit away, 4 no usable NIK.")
    expected_codes: list[str] = Field(
        default_factory=list, description="Data-quality codes the row must raise."
    )
    true_nik: str = Field(description="The NIK the enrolment holds (synthetic data).")
    written: str | None = Field(description="The NIK as written (None: empty cell).")


class SampleAnswer(Frozen):
    period: str = Field(description="Latest payroll period, YYYY-MM.")
    earlier_period: str = Field(description="The older period also present in some payrolls.")
    employers: list[PlantedEmployer] = Field(description="Every employer on the payroll.")
    files: dict[str, dict[str, tuple[int, int]]] = Field(
        description='Relative path -> sheet name ("" for CSV) -> (data rows, skipped rows).'
    )
    wage_mismatch_rows: list[WageMismatchRow] = Field(default_factory=list)
    damaged: list[DamagedNik] = Field(
        default_factory=list, description="Payroll rows with a damaged NIK (empty unless asked)."
    )
