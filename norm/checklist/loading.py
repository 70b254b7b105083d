"""Loading a checklist: YAML parsed safely, validated as a whole, every problem located.

A checklist file is validated as a whole: every problem is collected and reported with the file,
the path inside it (``themes[1].items[0].target``) and a plain reason, instead of stopping at the
first one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from norm.checklist.model import Checklist, _ConsistencyErrors
from norm.errors import WeerbaarError

MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.reason}"


class ChecklistError(WeerbaarError):
    """A checklist could not be loaded; ``problems`` lists everything that is wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


_PYDANTIC_REASONS = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_too_short": "mag niet leeg zijn",
    "string_type": "moet tekst zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "bool_type": "moet waar of onwaar zijn",
    "bool_parsing": "moet waar of onwaar zijn",
    "list_type": "moet een lijst zijn",
    "dict_type": "moet een verzameling velden zijn",
    "model_type": "moet een verzameling velden zijn",
    "too_short": "mag niet leeg zijn",
    "greater_than_equal": "is te klein",
    "less_than_equal": "is te groot",
    "string_pattern_mismatch": "heeft een ongeldige vorm",
}


def _format_location(location: tuple[Any, ...]) -> str:
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _reason(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"onbekende waarde {error.get('input')!r}; toegestaan: {expected}"
    if kind in _PYDANTIC_REASONS:
        return _PYDANTIC_REASONS[kind]
    message = str(error.get("msg", kind))
    return message.removeprefix("Value error, ")


def problems_from_validation_error(file: str, error: ValidationError) -> list[Problem]:
    """Translate a pydantic error into located, plain-language problems."""
    problems: list[Problem] = []
    for detail in error.errors():
        location = tuple(
            part for part in detail["loc"] if not (isinstance(part, str) and part.startswith("function-"))
        )
        context_error = detail.get("ctx", {}).get("error")
        if isinstance(context_error, _ConsistencyErrors):
            problems.extend(Problem(file, path, reason) for path, reason in context_error.problems)
            continue
        problems.append(Problem(file, _format_location(location), _reason(detail)))
    return problems


def parse_checklist(data: Any, file: str = "<checklist>") -> Checklist:
    """Validate already-parsed data as a checklist; raises ChecklistError with all problems."""
    if not isinstance(data, dict):
        raise ChecklistError([Problem(file, "", "het bestand bevat geen checklist (geen mapping)")])
    try:
        first_pass = Checklist.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation_error(file, error)
        # Field errors stop pydantic before the cross-field checks; run those on what parsed so
        # one run reports duplicate codes and bad targets together with missing texts.
        problems.extend(_late_problems(file, data, problems))
        raise ChecklistError(_unique(problems)) from None
    return first_pass


def _late_problems(file: str, data: dict[str, Any], known: list[Problem]) -> list[Problem]:
    """Cross-field problems for data that failed field validation (best effort)."""
    scale = data.get("scale")
    values = [lvl.get("value") for lvl in scale if isinstance(lvl, dict)] if isinstance(scale, list) else []
    int_values = [v for v in values if isinstance(v, int)]
    problems: list[Problem] = []
    seen: set[int] = set()
    for index, value in enumerate(values):
        if isinstance(value, int) and value in seen:
            problems.append(Problem(file, f"scale[{index}].value", f"schaalwaarde {value} komt meer dan eens voor"))
        if isinstance(value, int):
            seen.add(value)
    themes = data.get("themes")
    codes: dict[str, str] = {}
    if isinstance(themes, list):
        for th_index, theme in enumerate(themes):
            items = theme.get("items") if isinstance(theme, dict) else None
            if not isinstance(items, list):
                continue
            for it_index, item in enumerate(items):
                if not isinstance(item, dict):
                    continue
                path = f"themes[{th_index}].items[{it_index}]"
                code = item.get("code")
                if isinstance(code, str):
                    if code in codes:
                        problems.append(
                            Problem(file, f"{path}.code", f"maatregelcode '{code}' komt al voor op {codes[code]}")
                        )
                    else:
                        codes[code] = path
                target = item.get("target")
                if int_values and isinstance(target, int) and target not in int_values:
                    problems.append(
                        Problem(
                            file,
                            f"{path}.target",
                            f"streefniveau {target} ligt niet op de schaal ({', '.join(map(str, int_values))})",
                        )
                    )
    tiers = data.get("tiers")
    if int_values and isinstance(tiers, list):
        for t_index, tier in enumerate(tiers):
            rule = tier.get("rule") if isinstance(tier, dict) else None
            for c_index, condition in enumerate(rule if isinstance(rule, list) else []):
                level = condition.get("min_level") if isinstance(condition, dict) else None
                if isinstance(level, int) and level not in int_values:
                    problems.append(
                        Problem(
                            file,
                            f"tiers[{t_index}].rule[{c_index}].min_level",
                            f"niveau {level} bestaat niet op de schaal ({', '.join(map(str, int_values))})",
                        )
                    )
    known_keys = {(p.path, p.reason) for p in known}
    return [p for p in problems if (p.path, p.reason) not in known_keys]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    unique: list[Problem] = []
    for problem in problems:
        key = (problem.path, problem.reason)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def load_yaml_text(text: str, file: str) -> Any:
    """Parse YAML safely; refuses tags such as ``!!python/object`` without running anything."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        if "constructor" in type(error).__name__.lower() or "could not determine a constructor" in str(error):
            reason = f"niet-toegestane YAML-tag geweigerd ({problem})"
        else:
            reason = f"ongeldige YAML: {problem}"
        raise ChecklistError([Problem(file, where, reason)]) from None


def load_checklist_file(path: str | Path) -> Checklist:
    """Load and validate a checklist YAML file."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ChecklistError([Problem(name, "", f"bestand is te groot ({size} bytes)")])
        raw = path.read_bytes()
    except OSError as error:
        raise ChecklistError([Problem(name, "", f"kan het bestand niet lezen ({error.strerror})")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ChecklistError([Problem(name, "", "het bestand is geen geldige UTF-8-tekst")]) from None
    return parse_checklist(load_yaml_text(text, name), name)


def checklist_from_snapshot(definition: str | dict[str, Any]) -> Checklist:
    """Rebuild a checklist from a stored snapshot (canonical JSON or dict)."""
    data = json.loads(definition) if isinstance(definition, str) else definition
    return parse_checklist(data, "<snapshot>")
