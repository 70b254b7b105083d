"""The checklist definition as pydantic models, with the checks that span several fields."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from norm.canonical import canonical_json
from norm.untrusted import first_control, shown
from norm.vocabulary import (
    ITEM_CODE,
    LANGUAGE,
    MAX_TEXT,
    ORGANISATION_TYPE_CODE,
    ORGANISATION_TYPES,
    SLUG,
    THEME_CODE,
    ChecklistStatus,
    ItemKind,
    TierScope,
)

# Limits of a checklist definition (docs/checklist-format.md). They match what a bundle carries
# (norm.exchange.bundle), so every checklist that loads can travel in a submission.
MAX_ID = 100
"""The longest checklist, source or tier id."""
MAX_CODE = 64
"""The longest measure or theme code."""
MAX_VERSION = 40
"""The longest version label."""
MAX_LEVEL = 1_000
"""The highest level value of a scale."""
MAX_WEIGHT = 1_000.0
MAX_ITEMS = 2_000
"""The most measures in one theme (a bundle carries at most 2 000 answers)."""
MAX_ENTRIES = 500
"""The most entries of any other list (themes, sources, scale levels, tiers, conditions, levels)."""
MAX_REF_ID = 40
"""The longest free reference number of a measure (``ref_id``)."""


def _no_control(value: str) -> str:
    control = first_control(value)
    if control is not None:
        raise ValueError(f"bevat een stuurteken ({control}); alleen tab en regeleinde zijn toegestaan")
    return value


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT), AfterValidator(_no_control)
]
"""A text of the checklist: not empty, at most MAX_TEXT characters, no control characters."""
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=MAX_ID)]
ItemCode = Annotated[str, StringConstraints(pattern=ITEM_CODE, max_length=MAX_CODE)]
ThemeCode = Annotated[str, StringConstraints(pattern=THEME_CODE, max_length=MAX_CODE)]
OrganisationTypeCode = Annotated[str, StringConstraints(pattern=ORGANISATION_TYPE_CODE)]
"""A built-in organisation type or one a checklist declares (``Checklist.organisation_types``)."""
Level = Annotated[int, Field(ge=0, le=MAX_LEVEL)]


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
    text: Text | None = None
    suggested_action: Text | None = None
    levels: dict[Level, Text] | None = Field(default=None, max_length=MAX_ENTRIES)


class SourceDocument(_Model):
    """A document the checklist derives from."""

    id: Slug
    title: Text
    publisher: Text | None = None
    year: Annotated[int, Field(ge=0, le=9999)] | None = None
    seed: Text | None = None
    url: Text | None = None


class ScaleLevel(_Model):
    """One level of the answer scale."""

    value: Level
    label: Text
    description: Text
    en: EnglishTexts | None = None


class TierCondition(_Model):
    """At least ``min_share`` of the items in ``scope`` are at ``min_level`` or higher.

    ``themes`` narrows the counted measures to those themes, ``items`` to those measures (both
    within ``scope``); left out, the condition counts every measure in scope.
    """

    scope: TierScope = "all"
    min_level: Level
    min_share: float = Field(ge=0.0, le=1.0, allow_inf_nan=False)
    themes: list[ThemeCode] | None = Field(default=None, min_length=1, max_length=MAX_ENTRIES)
    items: list[ItemCode] | None = Field(default=None, min_length=1, max_length=MAX_ITEMS)


class Tier(_Model):
    """A stage of the growth model; it holds when all its conditions hold."""

    id: Slug
    name: Text
    description: Text
    rule: list[TierCondition] = Field(default_factory=list, max_length=MAX_ENTRIES)
    en: EnglishTexts | None = None


class ItemSource(_Model):
    """Where a measure comes from: a document, a section and a short verbatim quote."""

    document: Text
    section: Text | None = None
    quote: Text | None = None
    note: Text | None = None


class LegalBasis(_Model):
    """A statutory provision a measure rests on."""

    law: Text
    article: Text | None = None
    url: Text | None = None


class Question(_Model):
    """A guiding question that helps the user choose a level."""

    text: Text
    en: EnglishTexts | None = None


class OrganisationTypeDefinition(_Model):
    """An organisation type a checklist adds to the built-in five (``norm.vocabulary``)."""

    code: OrganisationTypeCode
    name: Text
    en: EnglishTexts | None = None


class Item(_Model):
    """A measure of the norm."""

    code: ItemCode
    ref_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_REF_ID), AfterValidator(_no_control)
    ] | None = None
    title: Text
    statement: Text
    toelichting: Text
    evidence: Text
    levels: dict[Level, Text] = Field(default_factory=dict, max_length=MAX_ENTRIES)
    kind: ItemKind
    applies_to: list[OrganisationTypeCode] = Field(min_length=1, max_length=MAX_ENTRIES)
    weight: float = Field(default=1.0, le=MAX_WEIGHT, allow_inf_nan=False)
    target: Level
    basisnorm: bool = False
    mandatory: bool = False
    na_allowed: bool | None = None
    legal_basis: list[LegalBasis] = Field(default_factory=list, max_length=MAX_ENTRIES)
    questions: list[Question] = Field(default_factory=list, max_length=MAX_ENTRIES)
    suggested_action: Text | None = None
    source: ItemSource
    en: EnglishTexts | None = None

    @field_validator("weight")
    @classmethod
    def _positive_weight(cls, value: float) -> float:
        if not math.isfinite(value):
            # NaN and infinity have no JSON form, so no content hash either.
            raise ValueError("het gewicht moet een eindig getal zijn")
        if value <= 0:
            raise ValueError("het gewicht moet groter dan 0 zijn")
        return value

    def applies(self, organisation_type: str) -> bool:
        """Whether this measure is asked of an organisation of the given type."""
        return organisation_type in self.applies_to

    @property
    def allows_na(self) -> bool:
        """Whether "n.v.t." is an accepted answer: ``na_allowed`` as written, or when left out, not for a
        basisnorm or mandatory measure and yes for every other one."""
        if self.na_allowed is not None:
            return self.na_allowed
        return not (self.basisnorm or self.mandatory)

    @property
    def na_refusal(self) -> str:
        """Why n.v.t. is refused on this measure (Dutch, for the user); meaningful when not ``allows_na``."""
        if self.basisnorm:
            why = "hoort bij de basisnorm, de ondergrens voor iedere organisatie"
        elif self.mandatory:
            why = "is een wettelijke plicht"
        else:
            why = "staat n.v.t. volgens de checklist niet toe"
        return (
            f"N.v.t. is niet toegestaan bij {self.code}: deze maatregel {why}. "
            "Kies een niveau (0 als de maatregel ontbreekt)."
        )


class Theme(_Model):
    """A group of measures."""

    code: ThemeCode
    title: Text
    description: Text | None = None
    en: EnglishTexts | None = None
    items: list[Item] = Field(max_length=MAX_ITEMS)

    @field_validator("items")
    @classmethod
    def _not_empty(cls, items: list[Item]) -> list[Item]:
        if not items:
            raise ValueError("een thema moet minstens één maatregel bevatten")
        return items


class Checklist(_Model):
    """A complete checklist definition."""

    id: Slug
    version: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_VERSION), AfterValidator(_no_control)
    ]
    title: Text
    description: Text | None = None
    status: ChecklistStatus | None = None
    provider: Text | None = None
    copyright: Text | None = None
    supersedes: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_VERSION),
                  AfterValidator(_no_control)]
    ] = Field(default_factory=list, max_length=MAX_ENTRIES)
    languages: list[Annotated[str, StringConstraints(pattern=LANGUAGE)]] = Field(
        default_factory=list, max_length=MAX_ENTRIES
    )
    organisation_types: list[OrganisationTypeDefinition] = Field(default_factory=list, max_length=MAX_ENTRIES)
    en: EnglishTexts | None = None
    sources: list[SourceDocument] = Field(default_factory=list, max_length=MAX_ENTRIES)
    scale: list[ScaleLevel] = Field(min_length=2, max_length=MAX_ENTRIES)
    tiers: list[Tier] = Field(default_factory=list, max_length=MAX_ENTRIES)
    themes: list[Theme] = Field(min_length=1, max_length=MAX_ENTRIES)

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

    @property
    def organisation_type_codes(self) -> tuple[str, ...]:
        """The built-in organisation types followed by the ones this checklist declares."""
        declared = [t.code for t in self.organisation_types if t.code not in ORGANISATION_TYPES]
        return (*ORGANISATION_TYPES, *declared)

    def level(self, value: int) -> ScaleLevel | None:
        return next((level for level in self.scale if level.value == value), None)

    def _index(self) -> dict[str, Item]:
        return {item.code: item for item in self.items()}

    def definition_data(self) -> dict[str, Any]:
        """The definition as its author wrote it, as JSON data: every value equal to its default left out.

        This is what snapshots store, bundles carry and the content hash covers, so a new optional
        field (with a default) in these models changes neither the hash of an existing checklist nor
        the definition a database or bundle already holds.
        """
        return self.model_dump(mode="json", exclude_defaults=True)

    def canonical_json(self) -> str:
        """The definition as canonical JSON (``norm.canonical``): the basis of the content hash and of snapshots."""
        return canonical_json(self.definition_data())

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of ``canonical_json``."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def unknown_type_reason(kind: str, known_types: Iterable[str]) -> str:
    """The reason given for an ``applies_to`` entry that is neither built in nor declared."""
    return (
        f"onbekend organisatietype {shown(repr(kind))}; toegestaan: {', '.join(known_types)} "
        "(of een type dat de checklist onder organisation_types declareert)"
    )


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

    seen_types: set[str] = set()
    for index, declared in enumerate(checklist.organisation_types):
        if declared.code in ORGANISATION_TYPES:
            yield (
                f"organisation_types[{index}].code",
                f"organisatietype '{declared.code}' is al ingebouwd; declareer alleen nieuwe typen",
            )
        elif declared.code in seen_types:
            yield f"organisation_types[{index}].code", f"organisatietype '{declared.code}' komt meer dan eens voor"
        seen_types.add(declared.code)
    known_types = checklist.organisation_type_codes
    theme_codes = {theme.code for theme in checklist.themes}
    item_codes = {item.code for theme in checklist.themes for item in theme.items}

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
            for index, code in enumerate(condition.themes or []):
                if code not in theme_codes:
                    yield f"tiers[{t_index}].rule[{c_index}].themes[{index}]", f"onbekend thema '{code}'"
            for index, code in enumerate(condition.items or []):
                if code not in item_codes:
                    yield f"tiers[{t_index}].rule[{c_index}].items[{index}]", f"onbekende maatregel '{code}'"

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
            for index, kind in enumerate(item.applies_to):
                if kind not in known_types:
                    yield f"{path}.applies_to[{index}]", unknown_type_reason(kind, known_types)
            if item.na_allowed and (item.basisnorm or item.mandatory):
                why = "basisnorm-maatregel" if item.basisnorm else "wettelijk verplichte maatregel (mandatory)"
                yield (
                    f"{path}.na_allowed",
                    f"een {why} kan niet 'n.v.t.' zijn: de ondergrens mag niet ontweken worden; "
                    "laat na_allowed weg of zet het op false",
                )
            for level in (item.en.levels if item.en and item.en.levels else {}):
                if level not in seen_values:
                    yield f"{path}.en.levels.{level}", f"niveau {level} bestaat niet op de schaal"
            if source_ids and item.source.document not in source_ids:
                yield (
                    f"{path}.source.document",
                    f"onbekende bron '{item.source.document}' (niet in sources)",
                )
