"""Checklist definitions: pydantic models, loading from YAML and validation.

A checklist file is validated as a whole: every problem is collected and reported with the file,
the path inside it (``themes[1].items[0].target``) and a plain reason, instead of stopping at the
first one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

ORGANISATION_TYPES: tuple[str, ...] = (
    "gemeente",
    "provincie",
    "waterschap",
    "riec",
    "omgevingsdienst",
)
ITEM_KINDS: tuple[str, ...] = ("beleid", "uitvoering", "handhaving", "samenwerking")
MAX_FILE_BYTES = 5 * 1024 * 1024

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OrganisationType = Literal["gemeente", "provincie", "waterschap", "riec", "omgevingsdienst"]
ItemKind = Literal["beleid", "uitvoering", "handhaving", "samenwerking"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EnglishTexts(_Model):
    """Optional English translations that stand beside the Dutch texts."""

    title: Text | None = None
    name: Text | None = None
    label: Text | None = None
    description: Text | None = None
    statement: Text | None = None
    toelichting: Text | None = None
    evidence: Text | None = None


class SourceDocument(_Model):
    """A document the checklist derives from."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    publisher: Text | None = None
    year: int | None = None
    seed: Text | None = None
    url: Text | None = None


class ScaleLevel(_Model):
    """One level of the answer scale."""

    value: int = Field(ge=0)
    label: Text
    description: Text
    en: EnglishTexts | None = None


class TierCondition(_Model):
    """At least ``min_share`` of the items in ``scope`` are at ``min_level`` or higher."""

    scope: Literal["all", "basisnorm"] = "all"
    min_level: int
    min_share: float = Field(ge=0.0, le=1.0)


class Tier(_Model):
    """A stage of the growth model; it holds when all its conditions hold."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Text
    description: Text
    rule: list[TierCondition] = Field(default_factory=list)
    en: EnglishTexts | None = None


class ItemSource(_Model):
    """Where a measure comes from: a document, a section and a short verbatim quote."""

    document: Text
    section: Text | None = None
    quote: Text | None = None
    note: Text | None = None


class Item(_Model):
    """A measure of the norm."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
    title: Text
    statement: Text
    toelichting: Text
    evidence: Text
    levels: dict[int, Text] = Field(default_factory=dict)
    kind: ItemKind
    applies_to: list[OrganisationType] = Field(min_length=1)
    weight: float = 1.0
    target: int
    basisnorm: bool = False
    source: ItemSource
    en: EnglishTexts | None = None

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("het gewicht moet groter dan 0 zijn")
        return value

    def applies(self, organisation_type: str) -> bool:
        """Whether this measure is asked of an organisation of the given type."""
        return organisation_type in self.applies_to


class Theme(_Model):
    """A group of measures."""

    code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]*$")]
    title: Text
    description: Text | None = None
    en: EnglishTexts | None = None
    items: list[Item]

    @field_validator("items")
    @classmethod
    def _not_empty(cls, items: list[Item]) -> list[Item]:
        if not items:
            raise ValueError("een thema moet minstens één maatregel bevatten")
        return items


class Checklist(_Model):
    """A complete checklist definition."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    title: Text
    description: Text | None = None
    en: EnglishTexts | None = None
    sources: list[SourceDocument] = Field(default_factory=list)
    scale: list[ScaleLevel] = Field(min_length=2)
    tiers: list[Tier] = Field(default_factory=list)
    themes: list[Theme] = Field(min_length=1)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _consistent(self) -> Checklist:
        problems = list(_consistency_problems(self))
        if problems:
            raise _ConsistencyErrors(problems)
        return self

    # -- convenient views -------------------------------------------------------------------

    @property
    def scale_values(self) -> list[int]:
        return [level.value for level in self.scale]

    @property
    def max_level(self) -> int:
        return max(self.scale_values)

    def items(self) -> list[Item]:
        """All measures in document order."""
        return [item for theme in self.themes for item in theme.items]

    def item(self, code: str) -> Item | None:
        return self._index().get(code)

    def theme_of(self, code: str) -> Theme | None:
        for theme in self.themes:
            if any(item.code == code for item in theme.items):
                return theme
        return None

    def applicable_items(self, organisation_type: str) -> list[Item]:
        return [item for item in self.items() if item.applies(organisation_type)]

    def level(self, value: int) -> ScaleLevel | None:
        return next((level for level in self.scale if level.value == value), None)

    def _index(self) -> dict[str, Item]:
        return {item.code: item for item in self.items()}

    def canonical_json(self) -> str:
        """The definition as canonical JSON: the basis of the content hash and of snapshots."""
        return canonical_json(self.model_dump(mode="json"))

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


class _ConsistencyErrors(ValueError):
    """Raised from the model validator; carries (path, reason) pairs."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{path}: {reason}" for path, reason in problems))
        self.problems = problems


def _consistency_problems(checklist: Checklist) -> Iterable[tuple[str, str]]:
    values = [level.value for level in checklist.scale]
    seen_values: set[int] = set()
    for index, value in enumerate(values):
        if value in seen_values:
            yield f"scale[{index}].value", f"schaalwaarde {value} komt meer dan eens voor"
        seen_values.add(value)
    if values != sorted(values):
        yield "scale", "de schaal moet oplopend geordend zijn"

    source_ids = {source.id for source in checklist.sources}
    seen_sources: set[str] = set()
    for index, source in enumerate(checklist.sources):
        if source.id in seen_sources:
            yield f"sources[{index}].id", f"bron '{source.id}' komt meer dan eens voor"
        seen_sources.add(source.id)

    seen_tiers: set[str] = set()
    for t_index, tier in enumerate(checklist.tiers):
        if tier.id in seen_tiers:
            yield f"tiers[{t_index}].id", f"groeifase '{tier.id}' komt meer dan eens voor"
        seen_tiers.add(tier.id)
        for c_index, condition in enumerate(tier.rule):
            if condition.min_level not in seen_values:
                yield (
                    f"tiers[{t_index}].rule[{c_index}].min_level",
                    f"niveau {condition.min_level} bestaat niet op de schaal "
                    f"({', '.join(map(str, values))})",
                )

    seen_themes: set[str] = set()
    seen_items: dict[str, str] = {}
    for th_index, theme in enumerate(checklist.themes):
        if theme.code in seen_themes:
            yield f"themes[{th_index}].code", f"themacode '{theme.code}' komt meer dan eens voor"
        seen_themes.add(theme.code)
        for it_index, item in enumerate(theme.items):
            path = f"themes[{th_index}].items[{it_index}]"
            if item.code in seen_items:
                yield (
                    f"{path}.code",
                    f"maatregelcode '{item.code}' komt al voor op {seen_items[item.code]}",
                )
            else:
                seen_items[item.code] = path
            if item.target not in seen_values:
                yield (
                    f"{path}.target",
                    f"streefniveau {item.target} ligt niet op de schaal "
                    f"({', '.join(map(str, values))})",
                )
            for level in item.levels:
                if level not in seen_values:
                    yield f"{path}.levels.{level}", f"niveau {level} bestaat niet op de schaal"
            if len(set(item.applies_to)) != len(item.applies_to):
                yield f"{path}.applies_to", "een organisatietype staat er meer dan eens in"
            if source_ids and item.source.document not in source_ids:
                yield (
                    f"{path}.source.document",
                    f"onbekende bron '{item.source.document}' (niet in sources)",
                )


# -- errors and loading -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a checklist file."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.reason}"


class ChecklistError(Exception):
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


def canonical_json(data: Any) -> str:
    """Stable JSON text: sorted keys, no insignificant whitespace, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
