"""Submission bundles: the JSON file an organisation sends to the province or the RIEC.

A bundle holds the organisation, the exact checklist definition, one assessment with its answers
and actions, the sharing level and a SHA-256 over its canonical content (see docs/bundle.md).
This module holds the models, the hashing and the export; ``norm.exchange.read`` reads and verifies
bundles and ``norm.exchange.importer`` writes them into a database. ``python -m norm.exchange.bundle --schema``
prints the JSON Schema of the format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from norm.canonical import canonical_json
from norm.checklist import Checklist
from norm.checklist.model import MAX_CODE, MAX_ID, MAX_LEVEL, MAX_VERSION
from norm.files import write_atomically
from norm.store import MAX_TEXT, AssessmentRecord, Store, StoreError, utc_now
from norm.vocabulary import (
    ITEM_CODE,
    MAX_NAME,
    ORGANISATION_CODE,
    ORGANISATION_TYPE_CODE,
    PERIOD,
    SHA256,
    SHAREABLE_LEVELS,
    SLUG,
    UID,
    ActionStatus,
    AssessmentKind,
    SharedLevel,
    Status,
)

FORMAT = "weerbaar-inzending"
FORMAT_VERSION = 1
SCRUBBED_NA_REASON = "n.v.t. (reden niet gedeeld)"
MAX_ANSWERS = 2_000
MAX_ACTIONS = 5_000
MAX_ATTRIBUTES = 50
MAX_DEFINITION_DEPTH = 32
"""The deepest nesting of objects and arrays in a bundle's checklist definition (a checklist needs 6)."""
MAX_DEFINITION_NODES = 200_000
"""The most values (objects, arrays, scalars) in a bundle's checklist definition; the largest built-in
checklist has about 3 200 (the same bound as for a checklist YAML file)."""
MAX_SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader represents exactly (I-JSON, RFC 7493)."""

Sha256 = Annotated[str, StringConstraints(pattern=SHA256)]


def _existing_time(value: str) -> str:
    try:
        parse_timestamp(value)
    except ValueError:
        raise ValueError(f"{value} is geen bestaand tijdstip") from None
    return value


def _existing_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is geen bestaande datum") from None
    return value


Timestamp = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$"),
    AfterValidator(_existing_time),
]
IsoDate = Annotated[
    str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), AfterValidator(_existing_date)
]
Uid = Annotated[str, StringConstraints(pattern=UID)]
ItemCode = Annotated[str, StringConstraints(pattern=ITEM_CODE, max_length=MAX_CODE)]
Period = Annotated[str, StringConstraints(pattern=PERIOD)]
# Free text as typed by users: bounded, no NUL characters. Every string of a bundle has a maximum
# length; control characters other than NUL are kept as typed and made visible where text is
# written out (docs/hostile-input.md).
UserText = Annotated[str, StringConstraints(max_length=MAX_TEXT, pattern=r"^[^\x00]*$")]
ShortText = Annotated[str, StringConstraints(max_length=MAX_NAME, pattern=r"^[^\x00]*$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME, pattern=r"^[^\x00]*\S[^\x00]*$")]
AttributeKey = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\x00]*$")]
AttributeValue = (
    ShortText
    | Annotated[int, Field(ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
    | Annotated[float, Field(allow_inf_nan=False, ge=-MAX_SAFE_INTEGER, le=MAX_SAFE_INTEGER)]
    | bool
    | None
)


def _bounded_definition(definition: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """Refuse a definition nested deeper than MAX_DEFINITION_DEPTH or larger than
    MAX_DEFINITION_NODES values, before anything walks it recursively (hashing, validation).

    Walks level by level without recursion, counting each container's children at once. Skipped
    when the reader says the definition is one it verified before (``definition_verified`` in the
    validation context: ``norm.exchange.read.DefinitionCache`` found its exact text).
    """
    if isinstance(info.context, dict) and info.context.get("definition_verified") is True:
        return definition
    level: list[Any] = [definition]
    depth, count = 1, 1
    while level:
        if depth > MAX_DEFINITION_DEPTH:
            raise ValueError(f"de checklistdefinitie is te diep genest (meer dan {MAX_DEFINITION_DEPTH} niveaus)")
        following: list[Any] = []
        for container in level:
            children = container.values() if isinstance(container, dict) else container
            count += len(children)
            if count > MAX_DEFINITION_NODES:
                raise ValueError(f"de checklistdefinitie is te groot (meer dan {MAX_DEFINITION_NODES} waarden)")
            following += [child for child in children if isinstance(child, (dict, list))]  # noqa: UP038 - faster
        level = following
        depth += 1
    return definition


class _Model(BaseModel):
    # strict: a level "2" or a flag 1 in a bundle is refused, never coerced.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ToolInfo(_Model):
    """The program that wrote the bundle."""

    name: Literal["weerbaar"]
    version: ShortText


class BundleOrganisation(_Model):
    """The organisation the assessment belongs to."""

    code: Annotated[str, StringConstraints(pattern=ORGANISATION_CODE)]
    name: Name
    type: Annotated[str, StringConstraints(pattern=ORGANISATION_TYPE_CODE)]
    """A built-in type or one the bundle's checklist declares (checked on import)."""
    attributes: dict[AttributeKey, AttributeValue] = Field(default_factory=dict, max_length=MAX_ATTRIBUTES)


class BundleChecklist(_Model):
    """The checklist version used, with its full definition (the snapshot)."""

    id: Annotated[str, StringConstraints(pattern=SLUG, max_length=MAX_ID)]
    version: Annotated[str, StringConstraints(min_length=1, max_length=MAX_VERSION)]
    content_hash: Sha256
    # Checked in full against the Checklist model on import; here only bounded (depth and size),
    # its bytes bounded by MAX_BUNDLE_BYTES.
    definition: Annotated[dict[str, Any], AfterValidator(_bounded_definition)]


class BundleAnswer(_Model):
    """The answer to one measure: a level, or n.v.t. with a reason."""

    item_code: ItemCode
    level: Annotated[int, Field(ge=0, le=MAX_LEVEL)] | None = None
    not_applicable: bool = False
    na_reason: UserText = ""
    comment: UserText = ""
    evidence: UserText = ""
    carried_over: bool = False
    updated_at: Timestamp | None = None
    updated_by: ShortText | None = None

    @model_validator(mode="after")
    def _level_or_na(self) -> BundleAnswer:
        if self.not_applicable and self.level is not None:
            raise ValueError("een antwoord is óf een niveau óf n.v.t., niet allebei")
        if self.not_applicable and not self.na_reason.strip():
            raise ValueError("n.v.t. zonder reden")
        return self


class BundleAction(_Model):
    """An improvement action."""

    item_code: ItemCode
    description: Annotated[str, StringConstraints(max_length=MAX_TEXT, pattern=r"^[^\x00]*\S[^\x00]*$")]
    owner: ShortText = ""
    deadline: IsoDate | None = None
    status: ActionStatus = "open"


class BundleAssessment(_Model):
    """The assessment: identity, status, answers and actions."""

    uid: Uid
    period: Period
    kind: AssessmentKind
    status: Status
    created_at: Timestamp | None = None
    created_by: ShortText | None = None
    finalised_at: Timestamp | None = None
    finalised_by: ShortText | None = None
    answers: list[BundleAnswer] = Field(max_length=MAX_ANSWERS)
    actions: list[BundleAction] = Field(default_factory=list, max_length=MAX_ACTIONS)

    @model_validator(mode="after")
    def _finalised_when_definitive(self) -> BundleAssessment:
        if self.status == "definitief" and self.finalised_at is None:
            raise ValueError("een definitieve beoordeling heeft een moment van afronden (finalised_at) nodig")
        return self


class Bundle(_Model):
    """A submission bundle (format version 1)."""

    format: Literal["weerbaar-inzending"]
    format_version: Literal[1]
    tool: ToolInfo
    exported_at: Timestamp
    sharing: SharedLevel
    scrubbed: bool
    organisation: BundleOrganisation
    checklist: BundleChecklist
    assessment: BundleAssessment
    content_hash: Sha256


def parse_timestamp(value: str) -> dt.datetime:
    """An ISO 8601 UTC timestamp as written in bundles ("2026-03-01T09:30:00Z")."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# -- hashing --------------------------------------------------------------------------------------


def sha256_text(text: str) -> str:
    """SHA-256 of text as UTF-8; raises UnicodeEncodeError for lone surrogates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bundle_hash(data: dict[str, Any]) -> str:
    """The bundle's content hash: SHA-256 over its canonical JSON without ``content_hash``.

    The checklist definition is left out here: it is bound through ``checklist.content_hash`` (the
    SHA-256 of the definition's canonical JSON), which is part of the hashed content and checked
    against the definition on import. Changing any field therefore breaks one of the two hashes.
    """
    content = {key: value for key, value in data.items() if key != "content_hash"}
    checklist = content.get("checklist")
    if isinstance(checklist, dict):
        content["checklist"] = {key: value for key, value in checklist.items() if key != "definition"}
    return sha256_text(canonical_json(content))


def definition_hash(definition: Any) -> str:
    """The content hash of a checklist definition as given, as ``Checklist.content_hash`` computes it
    over ``Checklist.definition_data()``; raises ValueError for NaN or an infinity."""
    return sha256_text(canonical_json(definition))


def seal(data: dict[str, Any]) -> dict[str, Any]:
    """Return the bundle data with a freshly computed ``content_hash``."""
    return {**data, "content_hash": bundle_hash(data)}


# -- export ---------------------------------------------------------------------------------------


class ExportError(StoreError):
    """The assessment cannot be exported as asked; the message says why."""


def tool_version() -> str:
    try:
        return metadata.version("weerbaar")
    except metadata.PackageNotFoundError:
        return "onbekend"


def effective_sharing(record: AssessmentRecord, sharing: str | None) -> str:
    """The sharing level the bundle will carry; refuses ``intern`` (PRODUCT.md, exchange)."""
    if sharing is not None and sharing not in SHAREABLE_LEVELS:
        raise ExportError(
            f"Deelniveau '{sharing}' kan niet worden geëxporteerd; kies geaggregeerd of benoemd."
        )
    chosen = sharing or record.sharing
    if chosen not in SHAREABLE_LEVELS:
        raise ExportError(
            f"Beoordeling {record.id} heeft deelniveau 'intern' en verlaat de organisatie niet. "
            "Kies met --sharing geaggregeerd of benoemd hoe de ontvanger haar mag gebruiken."
        )
    return chosen


def build_bundle(
    store: Store, assessment_id: int, sharing: str, *, scrub: bool = False, exported_at: str | None = None
) -> dict[str, Any]:
    """The sealed bundle data for one assessment (reads only; see ``export_bundle``)."""
    record = store.assessment(assessment_id)
    organisation = store.require_organisation(record.organisation_code)
    checklist: Checklist = store.checklist(record.snapshot_id)
    answers = []
    for answer in store.answers(assessment_id).values():
        if scrub and answer.level is None and not answer.not_applicable:
            continue  # only a comment or evidence: nothing left to share
        answers.append(
            {
                "item_code": answer.item_code,
                "level": None if answer.not_applicable else answer.level,
                "not_applicable": answer.not_applicable,
                "na_reason": (SCRUBBED_NA_REASON if scrub else answer.na_reason) if answer.not_applicable else "",
                "comment": "" if scrub else answer.comment,
                "evidence": "" if scrub else answer.evidence,
                "carried_over": answer.carried_over,
                "updated_at": None if scrub else answer.updated_at,
                "updated_by": None if scrub else answer.updated_by,
            }
        )
    actions = [] if scrub else [
        {"item_code": a.item_code, "description": a.description, "owner": a.owner, "deadline": a.deadline,
         "status": a.status}
        for a in store.actions(assessment_id)
    ]
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "weerbaar", "version": tool_version()},
        "exported_at": exported_at or export_moment(store),
        "sharing": sharing,
        "scrubbed": scrub,
        "organisation": {
            "code": organisation.code,
            "name": organisation.name,
            "type": organisation.type,
            "attributes": {k: v for k, v in organisation.attributes.items() if _plain(v)},
        },
        "checklist": {
            "id": checklist.id,
            "version": checklist.version,
            "content_hash": checklist.content_hash,
            "definition": checklist.definition_data(),
        },
        "assessment": {
            "uid": record.uid,
            "period": record.period,
            "kind": record.kind,
            "status": record.status,
            "created_at": record.created_at,
            "created_by": None if scrub else record.created_by,
            "finalised_at": record.finalised_at,
            "finalised_by": None if scrub else record.finalised_by,
            "answers": answers,
            "actions": actions,
        },
    }
    return seal(data)


def export_moment(store: Store) -> str:
    """Now, from the store's clock; to the microsecond when that is the real clock, so two exports
    of the same assessment in one second still tell which is newer."""
    if store.clock is utc_now:
        return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return store.clock()


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def bundle_text(data: dict[str, Any]) -> str:
    """The bundle as written to disk: indented, sorted keys, UTF-8."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    sharing: str
    sharing_changed: bool
    status: str
    scrubbed: bool
    answers: int
    actions: int
    content_hash: str


def export_bundle(
    store: Store, assessment_id: int, path: str | Path, *, sharing: str | None = None, scrub: bool = False
) -> ExportResult:
    """Export an assessment as a bundle file; a sharing level given here is recorded on it."""
    record = store.assessment(assessment_id)
    if record.origin == "demo":
        raise ExportError(
            f"Beoordeling {assessment_id} is demodata (weerbaar demo) en wordt niet als inzending geëxporteerd."
        )
    if record.origin != "lokaal":
        raise ExportError(
            f"Beoordeling {assessment_id} is geïmporteerd; alleen de organisatie zelf kan haar exporteren."
        )
    chosen = effective_sharing(record, sharing)
    folder = Path(path).parent
    if not folder.is_dir():
        raise ExportError(f"De map '{folder}' bestaat niet.")
    data = build_bundle(store, assessment_id, chosen, scrub=scrub)
    # The consent is recorded before the file leaves the program.
    changed = store.set_sharing(assessment_id, chosen) if chosen != record.sharing else False
    write_atomically(Path(path), bundle_text(data).encode("utf-8"))
    return ExportResult(
        path=Path(path),
        sharing=chosen,
        sharing_changed=changed,
        status=record.status,
        scrubbed=scrub,
        answers=len(data["assessment"]["answers"]),
        actions=len(data["assessment"]["actions"]),
        content_hash=data["content_hash"],
    )


# -- JSON Schema ----------------------------------------------------------------------------------


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema of the bundle format, with the checklist definition spelled out."""
    schema = Bundle.model_json_schema()
    checklist_schema = Checklist.model_json_schema()
    definitions = schema.setdefault("$defs", {})
    for name, sub in checklist_schema.pop("$defs", {}).items():
        if name in definitions and definitions[name] != sub:
            raise RuntimeError(f"schema-naamconflict: {name}")
        definitions[name] = sub
    definitions["Checklist"] = checklist_schema
    definitions["BundleChecklist"]["properties"]["definition"] = {
        "$ref": "#/$defs/Checklist",
        "description": "The checklist definition; its canonical JSON hashes to content_hash.",
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://weerbaar.invalid/schema/bundle-1.json",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(bundle_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - tiny generator
    if sys.argv[1:] != ["--schema"]:
        sys.exit("gebruik: python -m norm.exchange.bundle --schema > docs/bundle.schema.json")
    sys.stdout.write(schema_text())
