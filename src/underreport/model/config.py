"""Options of a run, as Pydantic models filled from `underreport.toml` and the CLI.

The config file and the command line fill the same models, so a command's
parameter list does not grow with every tolerance, and a typo in the file
is an error naming the key instead of a silently ignored setting.
"""

from __future__ import annotations

import difflib
import glob
import tomllib
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from underreport.model.errors import UsageError
from underreport.model.i18n import Lang
from underreport.model.tables import INPUT_FIELDS

Level = Literal["low", "medium", "high"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeverityThresholds(_Strict):
    """When an employer's case is `high` or `medium` (else `low`)."""

    high_coverage_below: float = Field(0.5, ge=0, le=1)
    high_gap_idr: float = Field(10_000_000, ge=0)
    medium_coverage_below: float = Field(0.9, ge=0, le=1)
    medium_gap_idr: float = Field(1_000_000, ge=0)


MONTH = r"\d{4}-(0[1-9]|1[0-2])"
"""A payroll month as YYYY-MM, the one spelling options, config files and commands take."""
PERIODS = rf"{MONTH}(\.\.{MONTH})?"
"""One month, or a range of them (`2024-01..2025-03`)."""


class ReconcileOptions(_Strict):
    period: str | None = Field(
        None,
        pattern=rf"^{PERIODS}$",
        description="One month, or a range `2024-01..2025-03` for arrears over months.",
    )
    all_periods: bool = Field(False, description="Reconcile every month present (arrears).")
    partition_by: Literal["province"] | None = Field(
        None,
        description="Deprecated and ignored (it gave the single run's result); "
        "`[distributed] address` spreads a run over machines.",
    )
    chunk_rows: int = Field(
        500_000,
        ge=0,
        description="Inputs with more rows (payroll plus enrolment) are reconciled in parts of "
        "about this many, by employer, to bound memory; 0 never splits.",
    )
    max_issues: int | None = Field(
        1000,
        ge=0,
        description="Data-quality issues listed in the result (every one is counted); "
        "None lists all. Every issue: --issues FILE.",
    )
    periods: list[str] | None = Field(
        None, description="Exactly these months (a partitioned run passes the whole run's months)."
    )
    as_of: date | None = Field(None, description="Late fines run to this date (default today).")
    wage_tolerance: float = Field(
        0.01, ge=0, lt=1, description="Reported wage may fall this share short before it counts."
    )
    severity: SeverityThresholds = Field(default_factory=SeverityThresholds)
    rules_file: Path | None = None
    strict: bool = Field(False, description="Exact NIK matches only; no probable matches.")
    umk_file: Path | None = Field(
        None, description="Regency/city minimum wages (UMK): regency code or name, year, amount."
    )
    risk_classes: dict[str, int] = Field(
        default_factory=dict, description="NPP -> JKK risk class 1-5 (I-V)."
    )
    lang: Lang = Field(
        "en",
        description="Language of the reasons and messages; set from --lang or [output] lang "
        "(a run's options carry it to every part and cluster worker).",
    )

    @field_validator("risk_classes")
    @classmethod
    def _classes(cls, v: dict[str, int]) -> dict[str, int]:
        bad = {k: c for k, c in v.items() if c not in range(1, 6)}
        if bad:
            raise ValueError(f"risk classes must be 1-5 (I-V): {bad}")
        return v


class SheetChoice(_Strict):
    """`[[inputs.sheets]]`: which sheets of some files to read, by sheet-name glob."""

    path: str = Field(description="File, folder or glob the entry applies to.")
    include: list[str] = Field(
        default_factory=list, description="Only sheets matching one of these (case-insensitive)."
    )
    exclude: list[str] = Field(default_factory=list, description="Never sheets matching these.")


class FileFacts(_Strict):
    """`[[inputs.files]]`: what a file says nowhere itself (its NPP, period, employer)."""

    path: str = Field(description="File, folder or glob the entry applies to.")
    npp: str | None = Field(None, min_length=1)
    period: str | None = Field(None, pattern=rf"^{MONTH}$")
    employer_name: str | None = Field(None, min_length=1)


class InputsConfig(_Strict):
    payroll: list[str] = Field(default_factory=list, description="Paths or globs.")
    enrollment: list[str] = Field(default_factory=list, description="Paths or globs.")
    employers: list[str] = Field(
        default_factory=list, description="Employer reference data: size, risk class, region."
    )
    umk: str | None = Field(None, description="Regency/city minimum wages (UMK) file.")
    declarations: list[str] = Field(
        default_factory=list, description="Headcount declarations (WLKP) per employer."
    )
    sheets: list[SheetChoice] = Field(
        default_factory=list, description="Sheets to read or leave out, per file."
    )
    files: list[FileFacts] = Field(
        default_factory=list, description="NPP, period or employer name given for a file."
    )


class AliasConfig(_Strict):
    """Extra header spellings per canonical field; a misspelt field name is an error, not a
    spelling silently never used."""

    payroll: dict[str, list[str]] = Field(default_factory=dict)
    enrollment: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("payroll", "enrollment")
    @classmethod
    def _known_fields(cls, v: dict[str, list[str]], info: ValidationInfo) -> dict[str, list[str]]:
        known = INPUT_FIELDS[str(info.field_name)]
        unknown = [k for k in v if k not in known]
        if unknown:
            hints = [
                f"{k!r} (did you mean {close[0]!r}?)" if close else repr(k)
                for k in unknown
                for close in [difflib.get_close_matches(k, known, n=1)]
            ]
            raise ValueError(f"unknown field {', '.join(hints)}; the fields are {', '.join(known)}")
        return v


class OutputConfig(_Strict):
    history: Path | None = None
    export: Path | None = None
    lang: Lang | None = Field(
        None, description="Language of labels, reasons and messages: id or en (default: locale)."
    )


class DistributedConfig(_Strict):
    """Where `reconcile` and `check` run when not on this machine alone (`--cluster`)."""

    address: str | None = Field(
        None, description="A Dask scheduler (`tcp://host:8786`), or `local:N` worker processes."
    )


class ScreenWeights(_Strict):
    """How much each red flag counts in the screening score (score = sum of weight x strength)."""

    minimum_wage: float = Field(3.0, ge=0)
    stagnant_wages: float = Field(2.0, ge=0)
    program_missing: float = Field(2.0, ge=0)
    headcount_gap: float = Field(4.0, ge=0)
    enrolment_drop: float = Field(3.0, ge=0)
    after_notice: float = Field(2.0, ge=0)


class ScreenConfig(_Strict):
    weights: ScreenWeights = Field(default_factory=ScreenWeights)
    minimum_wage_share: float = Field(
        0.5, ge=0, le=1, description="Share of workers at or below the minimum wage that flags."
    )
    stagnant_share: float = Field(0.5, ge=0, le=1)
    drop_share: float = Field(0.3, ge=0, le=1, description="Drop in active enrolments that flags.")
    notice_days: int = Field(
        60, ge=1, description="Days after a notice that count as 'just after'."
    )
    notice_share: float = Field(0.3, ge=0, le=1)


class HistoryConfig(_Strict):
    """`[history]`: when a case in the register goes up a level, counted in payroll months.

    Distinct months, not runs: re-running a month, or an older one, counts nothing.
    """

    province_after_months: int = Field(
        3, ge=1, description="Distinct payroll months flagged before the province takes a case."
    )
    national_after_months: int = Field(
        6, ge=1, description="Distinct payroll months flagged before the national office does."
    )
    change_threshold: float = Field(
        0.10,
        ge=0,
        allow_inf_nan=False,
        description="Relative move of the monthly gap that makes a case worsened or improved.",
    )

    @model_validator(mode="after")
    def _order(self) -> HistoryConfig:
        if self.national_after_months < self.province_after_months:
            raise ValueError(
                f"national_after_months ({self.national_after_months}) must be at least "
                f"province_after_months ({self.province_after_months})"
            )
        return self


class CheckConfig(_Strict):
    fail_on: Level = "high"


class Settings(_Strict):
    """Everything `underreport.toml` may hold."""

    inputs: InputsConfig = Field(default_factory=InputsConfig)
    aliases: AliasConfig = Field(default_factory=AliasConfig)
    reconcile: ReconcileOptions = Field(default_factory=ReconcileOptions)
    output: OutputConfig = Field(default_factory=OutputConfig)
    check: CheckConfig = Field(default_factory=CheckConfig)
    history: HistoryConfig = Field(default_factory=HistoryConfig)
    screen: ScreenConfig = Field(default_factory=ScreenConfig)
    distributed: DistributedConfig = Field(default_factory=DistributedConfig)

    @field_validator("reconcile")
    @classmethod
    def _lang_in_output(cls, v: ReconcileOptions) -> ReconcileOptions:
        if "lang" in v.model_fields_set:
            raise ValueError("the language is [output] lang, not [reconcile] lang")
        return v


def load_settings(path: Path | None) -> tuple[Settings, Path]:
    """Settings from a TOML file (or defaults), and the folder its relative paths start from."""
    if path is None:
        return Settings(), Path.cwd()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"config file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"config file {path} is not valid TOML: {exc}") from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {_why(e)}" for e in exc.errors()
        )
        raise UsageError(f"config file {path}: {problems}") from None
    # Paths in the file are relative to the file, as [inputs] are, not to where cron runs.
    base = path.parent
    given = settings.inputs
    inputs = given.model_copy(
        update={
            "sheets": [e.model_copy(update={"path": _at(e.path, base)}) for e in given.sheets],
            "files": [e.model_copy(update={"path": _at(e.path, base)}) for e in given.files],
        }
    )
    update = {
        "output": _anchored(settings.output, ("history", "export"), base),
        "reconcile": _anchored(settings.reconcile, ("rules_file", "umk_file"), base),
        "inputs": inputs,
    }
    return settings.model_copy(update=update), path.parent


def _why(error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "value_error" and "ctx" in error:
        return str(error["ctx"]["error"])  # without pydantic's "Value error, " prefix
    return error["msg"]


M = TypeVar("M", bound=BaseModel)


def _at(pattern: str, base: Path) -> str:
    return pattern if Path(pattern).is_absolute() else str(base / pattern)


def _anchored(model: M, names: tuple[str, ...], base: Path) -> M:
    """The model with its relative path fields joined to `base`."""
    fixed = {}
    for name in names:
        value = getattr(model, name)
        if value is not None and not value.is_absolute():
            fixed[name] = base / value
    return model.model_copy(update=fixed)


def resolve(patterns: list[str], base: Path) -> list[Path]:
    """Paths and globs from a config file, relative to the file's folder."""
    out: list[Path] = []
    for pattern in patterns:
        full = pattern if Path(pattern).is_absolute() else str(base / pattern)
        matches = sorted(glob.glob(full))
        out.extend(Path(m) for m in matches) if matches else out.append(Path(full))
    return out
