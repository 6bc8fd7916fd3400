"""The sentences an inspector reads out for each flagged employer.

Each sentence says what was found and how sure it is; figures that rest on
defaults or estimates say so, and the rules used are cited.
"""

from __future__ import annotations

from typing import Any

from underreport.fmt import idr, month_label, plural

PROGRAM_ORDER = {"JKK": 0, "JKM": 1, "JHT": 2, "JP": 3}


def _declaration_reasons(row: dict[str, Any], jkk: str) -> list[str]:
    out = []
    if not row["registered"]:
        out.append("No enrolment at all under this NPP, though the employer declares workers.")
    if row["headcount_gap"]:
        out.append(
            f"Declares {row['declared_workers']} workers (WLKP) but only "
            f"{row['enrolled_workers']} are actively enrolled: {row['headcount_gap']} missing."
        )
    if row["wage_bill_gap_idr"]:
        out.append(
            f"Declares a wage bill of {idr(row['declared_wage_bill'])} a month but reports "
            f"{idr(row['reported_wage_bill'])} to BPJS."
        )
    if row["monthly_contribution_gap_idr"] > 0:
        basis = "average reported wage" if row["average_wage"] else "minimum wage"
        out.append(
            f"Estimated contributions not paid: {idr(row['monthly_contribution_gap_idr'])} "
            f"a month, an estimate from the declared headcount at the employer's {basis} "
            f"(no payroll seen; {jkk})."
        )
    return out


def ordered(programs: list[str]) -> list[str]:
    return sorted(programs, key=lambda p: PROGRAM_ORDER.get(p, 9))


def understates(row: dict[str, Any]) -> bool:
    declared = row["declared_workers"]
    return (
        row["estimate_basis"] == "payroll"
        and declared is not None
        and (declared < row["payroll_workers"])
    )


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def jkk_note(risk_class: int | None) -> str:
    if risk_class is None:
        return "JKK at class I, the lowest rate, as the risk class is unknown: a lower bound"
    return f"JKK at risk class {ROMAN[risk_class]}"


def _link_first(row: dict[str, Any]) -> list[str]:
    """How an employer the payroll gives no NPP for was (or was not) found by name."""
    note = row.get("link_note")
    if row["linked_by"] == "name":
        return [
            f"Linked to the enrolment employer {note} by its name; the payroll gives no NPP. "
            "Check the NPP before acting."
        ]
    if note and not row["probable_employer_id"]:
        return [
            f"The payroll gives no NPP, and several enrolment employers have this name: {note}. "
            "Not linked to any: check which one it is before acting."
        ]
    return []


def reasons(row: dict[str, Any], period: str, jkk: str, months: int = 1) -> list[str]:
    month = month_label(period)
    out: list[str] = []
    if row["estimate_basis"] == "declaration":
        return _declaration_reasons(row, jkk)
    n, unreg = row["reconcilable"], row["unregistered_workers"]
    out += _link_first(row)
    forms = row.get("form_periods") or []
    if forms and period not in forms:
        out.append(
            f"The BPJS contribution forms of this employer cover "
            f"{', '.join(month_label(m) for m in forms)}, not {month}: the employer is "
            f"registered, but no form shows a worker enrolled in {month}."
        )
    if not row["registered"]:
        out.append(
            f"No enrolment at all under employer {row['employer_id']}: the employer appears "
            f"unregistered (PWBD); all {plural(row['payroll_workers'], 'worker')} on the "
            f"{month} payroll are uncovered"
            + (
                f" ({plural(k, 'worker')} without a usable NIK among them)."
                if (k := row.get("unregistered_without_nik", 0))
                else "."
            )
        )
    elif unreg:
        inactive = row["inactive_workers"]
        detail = f" ({inactive} enrolled but non-active)" if inactive else ""
        by_name = row.get("unregistered_without_nik", 0)
        named = (
            f"; {by_name} of them {'has' if by_name == 1 else 'have'} no usable NIK and no "
            "enrolment of this employer has their name"
            if by_name
            else ""
        )
        out.append(
            f"{unreg} of {n} workers on the {month} payroll have no active enrolment"
            f"{detail}{named}."
        )
    if row["underreported_wage_workers"]:
        k = row["underreported_wage_workers"]
        out.append(
            f"{plural(k, 'worker is', 'workers are')} enrolled with a wage below what the payroll "
            f"pays: {idr(row['underreported_amount'])} a month unreported in total."
        )
    if row["monthly_contribution_gap_idr"] > 0:
        out.append(
            f"Estimated contributions not paid: {idr(row['monthly_contribution_gap_idr'])} "
            f"a month ({jkk})."
        )
    if row["program_missing_workers"]:
        size = f"a {row['size']} enterprise" if row["size"] else "every employer"
        out.append(
            plural(row["program_missing_workers"], "enrolled worker lacks", "enrolled workers lack")
            + f" {', '.join(ordered(row['missing_programs']))}, required of "
            f"{size} (Perpres 109/2013)."
        )
    if row["below_minimum_wage_workers"]:
        out.append(
            f"{plural(row['below_minimum_wage_workers'], 'worker is', 'workers are')} reported "
            f"below the minimum wage ({row['min_wage_basis']}: {idr(row['min_wage'])})."
        )
    if row["below_minimum_paid_workers"]:
        out.append(
            f"{plural(row['below_minimum_paid_workers'], 'worker is', 'workers are')} paid below "
            f"the minimum wage ({row['min_wage_basis']}: {idr(row['min_wage'])}) on the payroll."
        )
    if row["below_minimum_indicated"]:
        out.append(
            f"{plural(row['below_minimum_indicated'], 'worker is', 'workers are')} below the "
            "minimum wage of the province that issued their NIK: only an indication, as the "
            "employer's region is unknown (give it with --employers)."
        )
    if months > 1 and row["arrears_principal_idr"] > 0:
        out.append(
            f"Arrears over {plural(row['months_affected'], 'month')}: "
            f"{idr(row['arrears_principal_idr'])}, plus {idr(row['late_fine_idr'])} late fine "
            "(2 % a month)."
        )
    probable = [
        (row["tier2"], "by a NIK damaged by Excel"),
        (row["tier3"], "by a NIK one digit off"),
        (row["tier4"], "by name only"),
    ]
    if any(n for n, _ in probable):
        parts = ", ".join(f"{plural(n, 'worker')} {how}" for n, how in probable if n)
        out.append(
            f"Probable matches, not exact: {parts}. Check them before acting on this employer."
        )
    if row["linked_by"] == "npwp":
        out.append(
            f"Found in the enrolment export under NPP {row['employer_id']} by its NPWP "
            f"(the payroll gave {row['payroll_employer_id']})."
        )
    if row["probable_employer_id"]:
        out.append(
            f"The enrolment export has an employer of the same name under NPP "
            f"{row['probable_employer_id']}: probably the same employer. Not applied; check the "
            "NPP before acting."
        )
    if understates(row):
        out.append(
            f"Declares {row['declared_workers']} workers to the ministry (WLKP) but pays "
            f"{row['payroll_workers']} on its own {month} payroll: it under-declares too."
        )
    if row["enrolled_not_on_payroll"]:
        out.append(
            plural(row["enrolled_not_on_payroll"], "active enrolment does", "active enrolments do")
            + f" not appear on the {month} payroll (former workers or ghost entries); "
            "not counted in the gap."
        )
    if row["not_reconcilable_workers"]:
        out.append(
            plural(row["not_reconcilable_workers"], "payroll worker", "payroll workers")
            + " could not be checked (no usable NIK and no name, or a name or a re-saved NIK "
            "that fits enrolments not told apart; see explain): not counted as unregistered."
        )
    return out
