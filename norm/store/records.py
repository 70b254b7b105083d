"""The records the store hands out and takes in, and building them from rows by column name.

Rows are read as ``sqlite3.Row`` and every record is built from the columns of the same names as
its fields, so a query may list its columns in any order (or gain one) without shifting a value
into the wrong field; a field without its column fails loudly (IndexError).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from norm.answers import Answer
from norm.vocabulary import DEFINITIVE

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

R = TypeVar("R", bound="DataclassInstance")
_FIELDS: dict[type[Any], tuple[str, ...]] = {}


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    type: str
    attributes: dict[str, Any] = field(default_factory=dict)
    reference: bool = False


@dataclass(frozen=True)
class ChecklistSnapshot:
    id: int
    checklist_id: str
    version: str
    content_hash: str
    title: str
    loaded_at: str


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    uid: str
    organisation_code: str
    organisation_name: str
    organisation_type: str
    snapshot_id: int
    checklist_id: str
    checklist_version: str
    checklist_title: str
    period: str
    kind: str
    status: str
    sharing: str
    origin: str
    previous_id: int | None
    position: str | None
    bundle_hash: str | None
    created_at: str
    created_by: str | None
    updated_at: str
    finalised_at: str | None
    finalised_by: str | None

    @property
    def is_definitive(self) -> bool:
        return self.status == DEFINITIVE


@dataclass(frozen=True)
class ChangeEntry:
    id: int
    at: str
    actor: str
    assessment_id: int | None
    organisation_code: str | None
    entity: str
    item_code: str | None
    field: str
    old_value: str | None
    new_value: str | None


class AnswerData(Protocol):
    """An answer to write: ``norm.answers.Answer``, or any object with these fields (a bundle's answer)."""

    @property
    def item_code(self) -> str: ...
    @property
    def level(self) -> int | None: ...
    @property
    def not_applicable(self) -> bool: ...
    @property
    def na_reason(self) -> str: ...
    @property
    def comment(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def carried_over(self) -> bool: ...
    @property
    def updated_at(self) -> str | None: ...
    @property
    def updated_by(self) -> str | None: ...


class ActionData(Protocol):
    """An improvement action to write: ``norm.answers.Action``, or any object with these fields."""

    @property
    def item_code(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def owner(self) -> str: ...
    @property
    def deadline(self) -> str | None: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class AssessmentContent:
    """A whole assessment to write at once: a received submission, or generated (demo) data.

    ``written_at`` stamps the actions and the answers that carry no ``updated_at`` of their own;
    ``previous_uid`` links to the assessment it follows (written earlier in the same batch, or
    already in the database). Texts are written stripped of surrounding white space; validating
    them (length, levels on the scale, measures that apply) is the caller's job.
    """

    uid: str
    organisation_code: str
    snapshot_id: int
    period: str
    kind: str
    status: str
    sharing: str
    created_at: str
    created_by: str | None
    updated_at: str
    written_at: str
    finalised_at: str | None = None
    finalised_by: str | None = None
    bundle_hash: str | None = None
    previous_uid: str | None = None
    answers: Sequence[AnswerData] = ()
    actions: Sequence[ActionData] = ()
    attachments: Sequence[ReceivedAttachment] = ()


@dataclass(frozen=True)
class ReceivedAttachment:
    """A document that arrived with a received assessment: checked again by the store before it is written."""

    item_code: str
    name: str
    size: int
    sha256: str
    content: bytes


def record(cls: type[R], row: sqlite3.Row) -> R:
    """A dataclass record from the columns named like its fields; raises IndexError for a missing one."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS.setdefault(cls, tuple(f.name for f in dataclasses.fields(cls)))
    return cls(**{name: row[name] for name in names})


def organisation_from_row(row: sqlite3.Row) -> Organisation:
    try:
        attributes = json.loads(row["attributes"] or "{}")
    except json.JSONDecodeError:
        attributes = {}
    return Organisation(row["code"], row["name"], row["type"], attributes if isinstance(attributes, dict) else {},
                        bool(row["reference"]))


def answer_from_row(row: sqlite3.Row) -> Answer:
    return Answer(
        item_code=row["item_code"],
        level=row["level"],
        not_applicable=bool(row["not_applicable"]),
        na_reason=row["na_reason"] or "",
        comment=row["comment"] or "",
        evidence=row["evidence"] or "",
        carried_over=bool(row["carried_over"]),
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
    )
