"""Load the shipped rules and merge a user's override file into them.

Rules change every year (a new JP ceiling each March) and some shipped figures
are disputed, so a user must be able to add or correct a period without a new
release. The override names only the rules it changes; its periods replace
the overlapping parts of the shipped ones, and the merged book is validated
again as a whole. The version string records the override's name and hash so
a report says exactly which figures it used.
"""

from __future__ import annotations

import hashlib
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from underreport.model.errors import RulesError
from underreport.rules.book import RuleBook
from underreport.rules.model import Period, RuleFile, RuleOverride, month_text

_RULE_NAMES: tuple[str, ...] = (*RuleFile.CONTINUOUS, *RuleFile.SPECIAL)


def _describe_errors(exc: ValidationError, data: dict[str, Any]) -> str:
    """Pydantic errors as `rule period FROM: problem`, one per line."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        msg = str(err["msg"]).removeprefix("Value error, ")
        where = ""
        if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            rule, index = loc[0], loc[1]
            entries = data.get(rule)
            start = "?"
            if isinstance(entries, list) and index < len(entries):
                entry = entries[index]
                if isinstance(entry, dict):
                    start = str(entry.get("from", "?"))
            rest = ".".join(str(x) for x in loc[2:])
            where = f"{rule} period from {start}" + (f", {rest}" if rest else "")
        elif loc:
            where = ".".join(str(x) for x in loc)
        # Our own validators already name the rule and period.
        named = isinstance(loc[0], str) and msg.startswith(loc[0]) if loc else False
        lines.append(f"{where}: {msg}" if where and not named else msg)
    return "; ".join(lines)


def _read_toml(path: Path, text: bytes | None = None) -> dict[str, Any]:
    try:
        raw = path.read_bytes() if text is None else text
        return tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise RulesError(f"rules file {path}: cannot be read ({exc.strerror or exc})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"rules file {path}: not valid TOML ({exc})") from None


def _sort_before_validation(data: dict[str, Any]) -> dict[str, Any]:
    """Sort periods so that validation error indices match the sorted order."""
    out = dict(data)
    for name in _RULE_NAMES:
        periods = out.get(name)
        if isinstance(periods, list) and all(isinstance(p, dict) for p in periods):
            out[name] = sorted(periods, key=lambda p: str(p.get("from", "")))
    return out


def parse_rule_file(data: dict[str, Any], origin: str) -> RuleFile:
    """Validate a complete rules mapping; `origin` names it in errors."""
    data = _sort_before_validation(data)
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        raise RulesError(f"rules file {origin}: {_describe_errors(exc, data)}") from None


def _clip(base: list[Period], new: list[Period]) -> list[Period]:
    """Base periods minus the months `new` covers, then `new`, sorted."""
    kept: list[Period] = list(base)
    for n in new:
        n_end = n.end
        next_kept: list[Period] = []
        for b in kept:
            b_end = b.end
            overlaps = (n_end is None or b.start <= n_end) and (b_end is None or n.start <= b_end)
            if not overlaps:
                next_kept.append(b)
                continue
            if b.start < n.start:
                next_kept.append(b.model_copy(update={"to": month_text(n.start - 1)}))
            if n_end is not None and (b_end is None or b_end > n_end):
                next_kept.append(b.model_copy(update={"from_": month_text(n_end + 1)}))
        kept = next_kept
    return sorted([*kept, *new], key=lambda p: p.start)


def _close_open_ends(new: list[Period], base: list[Period]) -> list[Period]:
    """An override period without `to` ends where the next known period begins.

    So `from = "2020-03"` corrects just that year's ceiling instead of wiping
    out every later one, and a period after all others stays open-ended.
    """
    starts = sorted({p.start for p in (*base, *new)})
    out: list[Period] = []
    for p in new:
        if p.to is None:
            later = [s for s in starts if s > p.start]
            if later:
                p = p.model_copy(update={"to": month_text(later[0] - 1)})
        out.append(p)
    return out


def merge(base: RuleFile, override: RuleOverride, origin: str) -> RuleFile:
    """Shipped rules with the override's periods laid over them, re-validated."""
    merged: dict[str, Any] = {"version": base.version}
    for name in _RULE_NAMES:
        base_periods: list[Period] = list(getattr(base, name))
        new: list[Period] | None = getattr(override, name)
        periods = base_periods
        if new:
            periods = _clip(base_periods, _close_open_ends(list(new), base_periods))
        merged[name] = [p.model_dump(by_alias=True, exclude_none=True) for p in periods]
    try:
        return RuleFile.model_validate(merged)
    except ValidationError as exc:
        raise RulesError(
            f"rules override {origin}: merged with the shipped rules, "
            f"{_describe_errors(exc, merged)}"
        ) from None


def load_rules(override: Path | None = None) -> RuleBook:
    """The shipped rules, with `override` (a partial rules file) merged in."""
    shipped = files("underreport.rules").joinpath("data", "rules.toml")
    base = parse_rule_file(
        _read_toml(Path("rules.toml"), shipped.read_bytes()), "rules.toml (shipped)"
    )
    if override is None:
        return RuleBook(base, base.version)

    path = Path(override)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesError(f"rules file {path}: cannot be read ({exc.strerror or exc})") from None
    data = _sort_before_validation(_read_toml(path, raw))
    for name in _RULE_NAMES:
        periods = data.get(name)
        if isinstance(periods, list):
            for p in periods:
                if isinstance(p, dict) and "source" not in p:  # the file is the source
                    p["source"] = f"override file {path.name}"
                    p.setdefault("source_id", f"berkas aturan pengganti {path.name}")
    try:
        parsed = RuleOverride.model_validate(data)
    except ValidationError as exc:
        raise RulesError(f"rules file {path}: {_describe_errors(exc, data)}") from None
    merged = merge(base, parsed, str(path))
    digest = hashlib.sha256(raw).hexdigest()[:8]
    return RuleBook(merged, f"{base.version}+override:{path.name}:{digest}")


def read_rule_file(path: Path) -> RuleFile:
    """A complete rules file (not an override), validated; errors name `path`."""
    return parse_rule_file(_read_toml(Path(path)), str(path))
