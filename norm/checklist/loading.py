"""Loading a checklist: YAML parsed safely, validated as a whole, every problem located.

A checklist file is validated as a whole: every problem is collected and reported with the file,
the path inside it (``themes[1].items[0].target``) and a plain reason, instead of stopping at the
first one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from norm.checklist.model import Checklist, _ConsistencyErrors, unknown_type_reason
from norm.errors import WeerbaarError
from norm.untrusted import UnreadableFile, read_regular_file, shown, visible
from norm.vocabulary import ORGANISATION_TYPES

MAX_FILE_BYTES = 5 * 1024 * 1024
"""The largest checklist file read, in bytes."""
MAX_YAML_DEPTH = 64
"""The deepest nesting of mappings and sequences a checklist file may have (a checklist needs 7)."""
MAX_YAML_NODES = 200_000
"""The most YAML nodes (scalars, mappings, sequences) a file may hold with every alias expanded; the
largest built-in checklist has about 3 200."""

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALLOWED_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        """One line for the user; made visible, since paths and values come from the file."""
        where = f"{self.file}: {self.path}" if self.path else self.file
        return visible(f"{where}: {self.reason}")


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
            path += f".{shown(part)}" if path else shown(part)  # keys come from the file
    return path


def _reason(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"onbekende waarde {shown(repr(error.get('input')))}; toegestaan: {expected}"
    context = error.get("ctx", {})
    if kind == "string_too_long":
        return f"de tekst is te lang (maximaal {context.get('max_length')} tekens)"
    if kind == "too_long":
        return f"bevat te veel elementen (maximaal {context.get('max_length')})"
    if kind == "finite_number":
        return "moet een eindig getal zijn (geen .inf of .nan)"
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
    declared = data.get("organisation_types")
    known_types = list(ORGANISATION_TYPES) + [
        entry["code"] for entry in (declared if isinstance(declared, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("code"), str)
    ]
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
                        reason = f"maatregelcode '{shown(code)}' komt al voor op {codes[code]}"
                        problems.append(Problem(file, f"{path}.code", reason))
                    else:
                        codes[code] = path
                applies_to = item.get("applies_to")
                for index, kind in enumerate(applies_to if isinstance(applies_to, list) else []):
                    if isinstance(kind, str) and kind not in known_types:
                        reason = unknown_type_reason(kind, known_types)
                        problems.append(Problem(file, f"{path}.applies_to[{index}]", reason))
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
    """Parse YAML safely and within limits (``check_yaml_events`` first, then libyaml's safe loader).

    Refuses tags such as ``!!python/object`` without running anything, documents nested deeper
    than ``MAX_YAML_DEPTH`` and alias bombs that would expand beyond ``MAX_YAML_NODES`` nodes.

    Raises ChecklistError naming ``file`` (and the line where one is known).
    """
    check_yaml_events(text, file)
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)
    except yaml.YAMLError as error:
        raise ChecklistError([_yaml_problem(error, file)]) from None
    except RecursionError:  # not reached after the depth check; a last line of defence
        raise ChecklistError([Problem(file, "", _too_deep())]) from None
    except ValueError as error:  # an implicit int or timestamp the constructor cannot build
        if "digits" in str(error):
            reason = "een getal is onredelijk lang (meer dan 4300 cijfers)"
        else:
            reason = f"een datum of tijd bestaat niet ({error})"
        raise ChecklistError([Problem(file, "", reason)]) from None


def _yaml_problem(error: yaml.YAMLError, file: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if "maximum nesting depth" in str(problem):  # libyaml's own limit (1000) during its look-ahead
        return Problem(file, where, _too_deep())
    if "constructor" in type(error).__name__.lower() or "could not determine a constructor" in str(error):
        return Problem(file, where, f"niet-toegestane YAML-tag geweigerd ({problem})")
    return Problem(file, where, f"ongeldige YAML: {problem}")


def _too_deep() -> str:
    return f"de YAML is te diep genest (meer dan {MAX_YAML_DEPTH} niveaus)"


@dataclass
class _Open:
    """A mapping or sequence whose end event has not come yet."""

    anchor: str | None
    start: int
    height: int = 0


def check_yaml_events(text: str, file: str) -> None:
    """Walk the YAML event stream and refuse, before anything is built, what the loaders do not limit.

    - nesting deeper than ``MAX_YAML_DEPTH`` mappings/sequences (counted through aliases too);
    - more than ``MAX_YAML_NODES`` nodes once every alias is expanded (a "billion laughs" file is a
      few hundred bytes that expand to gigabytes): each anchor's subtree size is remembered and
      every alias adds it, so counting costs one pass over the events, never the expansion;
    - an alias to a node that contains it (a cycle);
    - explicit tags other than ``!!str`` and ``!`` (``!!python/object`` and friends; a checklist
      never needs a tag, and tagged values are where the constructors fail in odd ways).

    Stops at the first event past a limit. Raises ChecklistError naming ``file`` and the line.
    """
    stack: list[_Open] = []
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (expanded size, height)
    open_anchors: set[str] = set()
    total = 0

    def refuse(event: yaml.Event, reason: str) -> ChecklistError:
        mark = event.start_mark
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
        return ChecklistError([Problem(file, where, reason)])

    def grow(event: yaml.Event, size: int, height: int) -> None:
        nonlocal total
        total += size
        if total > MAX_YAML_NODES:
            raise refuse(event, f"de YAML is te groot: meer dan {MAX_YAML_NODES} elementen wanneer alle "
                                "aliassen (*naam) zijn uitgeschreven")
        if len(stack) + height > MAX_YAML_DEPTH:
            raise refuse(event, _too_deep())
        if stack:
            stack[-1].height = max(stack[-1].height, height)

    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.AliasEvent):
                tag = getattr(event, "tag", None)
                if tag is not None and tag not in _ALLOWED_TAGS:
                    raise refuse(event, f"niet-toegestane YAML-tag geweigerd ({shown(tag, 80)})")
            if isinstance(event, yaml.ScalarEvent):
                grow(event, 1, 0)
                if event.anchor is not None:
                    anchors[event.anchor] = (1, 0)
            elif isinstance(event, yaml.CollectionStartEvent):
                grow(event, 1, 1)
                stack.append(_Open(event.anchor, total - 1))
                if event.anchor is not None:
                    open_anchors.add(event.anchor)
            elif isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                height = node.height + 1
                if stack:
                    stack[-1].height = max(stack[-1].height, height)
                if node.anchor is not None:
                    anchors[node.anchor] = (total - node.start, height)
                    open_anchors.discard(node.anchor)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in open_anchors:
                    raise refuse(event, f"de alias *{shown(event.anchor)} verwijst naar een element waar ze zelf "
                                        "in staat")
                size, height = anchors.get(event.anchor or "", (0, 0))  # unknown: the loader says so
                grow(event, size, height)
    except yaml.YAMLError as error:
        raise ChecklistError([_yaml_problem(error, file)]) from None


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file under the limits of ``load_yaml_text``; None for a file with
    nothing but comments.

    Only a regular file of at most ``MAX_FILE_BYTES`` is read (a FIFO or a device such as
    ``/dev/zero`` is refused before it is opened); it must be UTF-8 (a byte order mark is allowed).

    Raises ChecklistError naming the file.
    """
    name = str(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except UnreadableFile as error:
        raise ChecklistError([Problem(name, "", str(error))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ChecklistError(
            [Problem(name, "", f"het bestand is geen geldige UTF-8-tekst (byte {error.start}){_utf16_hint(raw)}")]
        ) from None
    if not text.strip():
        raise ChecklistError([Problem(name, "", "het bestand is leeg")])
    return load_yaml_text(text, name)


def load_checklist_file(path: str | Path) -> Checklist:
    """Load and validate a checklist YAML file (read as ``load_yaml_file`` reads it).

    Raises ChecklistError naming the file and listing every problem found.
    """
    return parse_checklist(load_yaml_file(path), str(path))


def _utf16_hint(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "; het is UTF-16: sla het op als UTF-8"
    return ""


def checklist_from_snapshot(definition: str | dict[str, Any]) -> Checklist:
    """Rebuild a checklist from a stored snapshot (canonical JSON or dict)."""
    data = json.loads(definition) if isinstance(definition, str) else definition
    return parse_checklist(data, "<snapshot>")
