"""Mapping files: which measure of one checklist answers which measure of another.

A mapping file (``kind: mapping``) names a source and a target checklist, each at one version, and
lists pairs of measure codes with their relation (``equal`` or ``partial``, ``norm.vocabulary``).
It is read with the same guarded YAML loader and limits as a checklist (``norm.checklist.loading``)
and every problem is reported at once, located in the file. Whether the codes exist can only be
checked against the two checklists: ``mapping_problems`` does that when both are known.

Like a checklist, a mapping has a content hash over the definition as its author wrote it (values
equal to their default left out), so the store can refuse a different definition under the same
id and version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from norm.canonical import canonical_json
from norm.checklist.loading import ChecklistError, Problem, load_yaml_file, problems_from_validation_error
from norm.checklist.model import MAX_CODE, MAX_VERSION, Checklist, Slug, Text, _ConsistencyErrors, _Model
from norm.vocabulary import ITEM_CODE, MappingRelation

MAX_PAIRS = 10_000
"""The most pairs of one mapping file."""

MAPPING_KIND = "mapping"
"""The value of ``kind`` that marks a YAML file as a mapping file rather than a checklist."""

Code = Annotated[str, StringConstraints(pattern=ITEM_CODE, max_length=MAX_CODE)]
Version = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_VERSION)]


class ChecklistRef(_Model):
    """One side of a mapping: a checklist at one version."""

    checklist: Slug
    version: Version

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def __str__(self) -> str:
        return f"{self.checklist} {self.version}"


class Pair(_Model):
    """A measure of the source checklist and the measure of the target it answers."""

    source: Code
    target: Code
    relation: MappingRelation
    note: Text | None = None


class Mapping(_Model):
    """A mapping file: pairs of measures of two checklists."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["mapping"]
    id: Slug
    version: Version
    title: Text
    description: Text | None = None
    source: ChecklistRef
    target: ChecklistRef
    pairs: Annotated[list[Pair], Field(min_length=1, max_length=MAX_PAIRS)]

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _consistent(self) -> Mapping:
        problems = list(_pair_problems(self))
        if problems:
            raise _ConsistencyErrors(problems)
        return self

    def definition_data(self) -> dict[str, Any]:
        """The definition as its author wrote it (defaults left out): what the hash covers."""
        return self.model_dump(mode="json", exclude_defaults=True)

    def canonical_json(self) -> str:
        return canonical_json(self.definition_data())

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of ``canonical_json``."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def covers(self, checklist_id: str, version: str) -> bool:
        """Whether one side of the mapping is this checklist at this version."""
        return any(side.checklist == checklist_id and side.version == version for side in (self.source, self.target))

    def counterparts(self, checklist_id: str, version: str, code: str) -> list[tuple[str, str, Pair]]:
        """The measures of the other side that ``code`` (of this checklist and version) answers.

        Returns (other checklist id, other version, pair) for each pair, in file order.
        """
        found: list[tuple[str, str, Pair]] = []
        for pair in self.pairs:
            if self.source.checklist == checklist_id and self.source.version == version and pair.source == code:
                found.append((self.target.checklist, self.target.version, pair))
            if self.target.checklist == checklist_id and self.target.version == version and pair.target == code:
                found.append((self.source.checklist, self.source.version, pair))
        return found


def _pair_problems(mapping: Mapping) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if mapping.source.checklist == mapping.target.checklist:
        problems.append(("target.checklist", "bron en doel zijn dezelfde checklist; een koppeling verbindt twee "
                                             "verschillende checklists"))
    seen: dict[tuple[str, str], int] = {}
    for index, pair in enumerate(mapping.pairs):
        key = (pair.source, pair.target)
        if key in seen:
            problems.append((f"pairs[{index}]", f"het paar {pair.source} - {pair.target} komt al voor op "
                                                f"pairs[{seen[key]}]"))
        else:
            seen[key] = index
    return problems


def parse_mapping(data: Any, file: str = "<koppeling>") -> Mapping:
    """Validate already-parsed data as a mapping file; raises ChecklistError with all problems."""
    if not isinstance(data, dict):
        raise ChecklistError([Problem(file, "", "het bestand bevat geen koppeling (geen verzameling velden)")])
    if data.get("kind") != MAPPING_KIND:
        raise ChecklistError([Problem(file, "kind", "een koppelbestand begint met 'kind: mapping'")])
    try:
        return Mapping.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation_error(file, error)
        pairs = data.get("pairs")
        if isinstance(pairs, list) and not any(p.path.startswith("pairs[") and "komt al voor" in p.reason
                                               for p in problems):
            problems.extend(Problem(file, path, reason) for path, reason in _duplicates(pairs))
        raise ChecklistError(problems) from None


def _duplicates(pairs: list[Any]) -> list[tuple[str, str]]:
    """Duplicate pairs among raw entries, found when other errors stopped the model's own check."""
    found: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, pair in enumerate(pairs):
        if not isinstance(pair, dict) or not isinstance(pair.get("source"), str) or \
                not isinstance(pair.get("target"), str):
            continue
        key = (pair["source"], pair["target"])
        if key in seen:
            found.append((f"pairs[{index}]", f"het paar {key[0]} - {key[1]} komt al voor op pairs[{seen[key]}]"))
        else:
            seen[key] = index
    return found


def is_mapping_data(data: Any) -> bool:
    """Whether parsed YAML declares itself a mapping file (``kind: mapping``)."""
    return isinstance(data, dict) and data.get("kind") == MAPPING_KIND


def load_mapping_file(path: str | Path) -> Mapping:
    """Load and validate a mapping file (read as ``load_yaml_file`` reads a checklist).

    Raises ChecklistError naming the file and listing every problem found.
    """
    return parse_mapping(load_yaml_file(path), str(path))


def mapping_from_snapshot(definition: str) -> Mapping:
    """Rebuild a mapping from its stored canonical JSON."""
    import json

    return parse_mapping(json.loads(definition), "<opgeslagen koppeling>")


def mapping_problems(mapping: Mapping, source: Checklist, target: Checklist, file: str) -> list[Problem]:
    """What is wrong with a mapping against the two checklists it names (codes that do not exist).

    ``source`` and ``target`` must be the checklists at the versions the mapping names.
    """
    problems: list[Problem] = []
    for side, checklist in (("source", source), ("target", target)):
        ref: ChecklistRef = getattr(mapping, side)
        if (checklist.id, checklist.version) != (ref.checklist, ref.version):
            problems.append(Problem(file, side, f"verwijst naar {ref}, maar de checklist is "
                                                f"{checklist.id} {checklist.version}"))
    if problems:
        return problems
    for index, pair in enumerate(mapping.pairs):
        for side, checklist in (("source", source), ("target", target)):
            code = getattr(pair, side)
            if checklist.item(code) is None:
                problems.append(Problem(file, f"pairs[{index}].{side}",
                                        f"maatregel {code} bestaat niet in {checklist.id} {checklist.version}"))
    return problems


