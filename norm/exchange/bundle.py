"""Submission bundles: the signed file an organisation sends to the province or the RIEC.

A bundle (format version 2) is a signed envelope (``norm.signing``) whose payload holds the
organisation, a reference to the checklist version (id, version, content hash: never its
definition), one assessment with its answers, actions and sign-off, the sharing level and a
per-assessment sequence number; the file may be encrypted with age to the receiver's key (see
docs/bundle.md). This module holds the models, the hashing and the export; ``norm.exchange.read``
decrypts, verifies and validates bundles and ``norm.exchange.importer`` writes them into a database.
``python -m norm.exchange.bundle --schema`` prints the JSON Schema of the format.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import hashlib
import json
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from norm.checklist.model import MAX_CODE, MAX_ID, MAX_LEVEL, MAX_VERSION
from norm.files import write_atomically
from norm.signing import (
    ENVELOPE_FORMAT,
    canonical_bytes,
    encrypt_for,
    fingerprint,
    parse_public_key,
    sign_document,
)
from norm.store import MAX_TEXT, AssessmentRecord, Store, StoreError, utc_now
from norm.store.attachments import MAX_ATTACHMENTS, megabytes, sanitise_name
from norm.vocabulary import (
    ITEM_CODE,
    MAX_ATTACHMENT_BYTES,
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
FORMAT_VERSION = 2
SCRUBBED_NA_REASON = "n.v.t. (reden niet gedeeld)"
MAX_ANSWERS = 2_000
MAX_ACTIONS = 5_000
MAX_ATTRIBUTES = 50
MAX_SAFE_INTEGER = 2**53 - 1
NO_DOCUMENTS_SCRUBBED = (
    "Documenten meesturen kan niet samen met --scrub: een geschoonde inzending bevat geen documenten."
)
MAX_BUNDLE_ATTACHMENT_BYTES = 40 * 1024 * 1024
"""All documents of one bundle together, before base64 (the file stays below ``read.MAX_BUNDLE_BYTES``)."""
"""The largest integer every JSON reader represents exactly (I-JSON, RFC 7493)."""

Sha256 = Annotated[str, StringConstraints(pattern=SHA256)]


@functools.lru_cache(maxsize=4096)
def _existing_time(value: str) -> str:
    """``value`` when it is a real moment (cached: a bundle repeats the same few timestamps)."""
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
    """The checklist version used, by reference: the receiver must already hold it (by content hash)."""

    id: Annotated[str, StringConstraints(pattern=SLUG, max_length=MAX_ID)]
    version: Annotated[str, StringConstraints(min_length=1, max_length=MAX_VERSION)]
    content_hash: Sha256


class BundleSignOff(_Model):
    """Who established (stelde vast) the assessment."""

    name: Name
    role: Name
    decided_on: IsoDate
    decision: ShortText = ""


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


def _plain_name(value: str) -> str:
    try:
        clean = sanitise_name(value)
    except StoreError:
        raise ValueError("de documentnaam is onbruikbaar") from None
    if clean != value:
        raise ValueError("de documentnaam is geen gewone bestandsnaam (mappen of verboden tekens)")
    return value


class BundleAttachment(_Model):
    """A document attached to a measure, only when the sender chose to send documents (never scrubbed)."""

    item_code: ItemCode
    name: Annotated[Name, AfterValidator(_plain_name)]
    size: Annotated[int, Field(ge=1, le=MAX_ATTACHMENT_BYTES)]
    sha256: Sha256
    content: Annotated[
        str, StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$", max_length=4 * (MAX_ATTACHMENT_BYTES // 3 + 1))
    ]
    """The bytes, base64 (RFC 4648, with padding)."""

    @model_validator(mode="after")
    def _bytes_match(self) -> BundleAttachment:
        try:
            data = base64.b64decode(self.content, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("de inhoud van het document is geen geldige base64") from None
        if len(data) != self.size:
            raise ValueError(f"document {self.name}: {len(data)} bytes, de bundel noemt {self.size}")
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError(f"document {self.name}: de inhoud klopt niet met het SHA-256-controlegetal")
        return self

    def data(self) -> bytes:
        """The document's bytes (already checked against size and SHA-256)."""
        return base64.b64decode(self.content)


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
    sign_off: BundleSignOff | None = None
    answers: list[BundleAnswer] = Field(max_length=MAX_ANSWERS)
    actions: list[BundleAction] = Field(default_factory=list, max_length=MAX_ACTIONS)
    attachments: list[BundleAttachment] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    """Documents, only when the sender chose to send them (``export --attachments``)."""

    @model_validator(mode="after")
    def _finalised_when_definitive(self) -> BundleAssessment:
        if self.status == "definitief" and self.finalised_at is None:
            raise ValueError("een definitieve beoordeling heeft een moment van afronden (finalised_at) nodig")
        if sum(a.size for a in self.attachments) > MAX_BUNDLE_ATTACHMENT_BYTES:
            raise ValueError(f"de documenten samen zijn groter dan {megabytes(MAX_BUNDLE_ATTACHMENT_BYTES)}")
        return self


PublicKeyText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$")]


class Bundle(_Model):
    """The signed payload of a submission bundle (format version 2)."""

    format: Literal["weerbaar-inzending"]
    format_version: Literal[2]
    tool: ToolInfo
    exported_at: Timestamp
    sequence: Annotated[int, Field(ge=1, le=MAX_SAFE_INTEGER)]
    """Counts the exports of this assessment by its sender; a higher one is newer."""
    sharing: SharedLevel
    scrubbed: bool
    organisation: BundleOrganisation
    checklist: BundleChecklist
    assessment: BundleAssessment
    announce_key: PublicKeyText | None = None
    """A successor key (base64 of 32 raw bytes), announced under the signature of the current one."""

    @model_validator(mode="after")
    def _no_documents_when_scrubbed(self) -> Bundle:
        if self.scrubbed and self.assessment.attachments:
            raise ValueError("een geschoonde bundel (scrubbed) draagt geen documenten")
        return self


def parse_timestamp(value: str) -> dt.datetime:
    """An ISO 8601 UTC timestamp as written in bundles ("2026-03-01T09:30:00Z")."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


# -- hashing --------------------------------------------------------------------------------------


def sha256_text(text: str) -> str:
    """SHA-256 of text as UTF-8; raises UnicodeEncodeError for lone surrogates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bundle_hash(payload: dict[str, Any]) -> str:
    """The identity of a submission: SHA-256 over the RFC 8785 text of its signed payload.

    Raises:
        SignatureError: the payload has no canonical form.
    """
    return hashlib.sha256(canonical_bytes(payload)).hexdigest()


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
    store: Store,
    assessment_id: int,
    sharing: str,
    *,
    scrub: bool = False,
    exported_at: str | None = None,
    sequence: int = 1,
    announce_key: str | None = None,
    attachments: bool = False,
) -> dict[str, Any]:
    """The bundle payload (to be signed) for one assessment; reads only (see ``export_bundle``).

    The attached documents travel only with ``attachments`` (the user's explicit choice), never
    together with ``scrub``.

    Raises:
        ExportError: ``attachments`` with ``scrub``; documents together above ``MAX_BUNDLE_ATTACHMENT_BYTES``.
        StoreError: a document's bytes no longer match their SHA-256.
    """
    if attachments and scrub:
        raise ExportError(NO_DOCUMENTS_SCRUBBED)
    record = store.assessment(assessment_id)
    organisation = store.require_organisation(record.organisation_code)
    snapshot = next(s for s in store.snapshots(record.checklist_id) if s.id == record.snapshot_id)
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
    sign_off = store.sign_off(assessment_id)
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "weerbaar", "version": tool_version()},
        "exported_at": exported_at or export_moment(store),
        "sequence": sequence,
        "sharing": sharing,
        "scrubbed": scrub,
        "organisation": {
            "code": organisation.code,
            "name": organisation.name,
            "type": organisation.type,
            "attributes": {k: v for k, v in organisation.attributes.items() if _plain(v)},
        },
        "checklist": {"id": snapshot.checklist_id, "version": snapshot.version, "content_hash": snapshot.content_hash},
        "assessment": {
            "uid": record.uid,
            "period": record.period,
            "kind": record.kind,
            "status": record.status,
            "created_at": record.created_at,
            "created_by": None if scrub else record.created_by,
            "finalised_at": record.finalised_at,
            "finalised_by": None if scrub else record.finalised_by,
            # The sign-off is an official act of the organisation (a role and a decision): it travels
            # also when scrubbed, as it says who answers for the figures.
            "sign_off": sign_off.as_dict() if sign_off else None,
            "answers": answers,
            "actions": actions,
        },
    }
    if attachments:
        data["assessment"]["attachments"] = _documents(store, assessment_id)
    if announce_key is not None:
        data["announce_key"] = announce_key
    return data


def _documents(store: Store, assessment_id: int) -> list[dict[str, Any]]:
    found = store.attachments(assessment_id)
    total = sum(a.size for a in found)
    if total > MAX_BUNDLE_ATTACHMENT_BYTES:
        raise ExportError(
            f"De documenten samen zijn te groot voor één inzending ({megabytes(total)}; de grens is "
            f"{megabytes(MAX_BUNDLE_ATTACHMENT_BYTES)}). Exporteer zonder --attachments."
        )
    if len(found) > MAX_ATTACHMENTS:
        raise ExportError(f"Meer dan {MAX_ATTACHMENTS} documenten; exporteer zonder --attachments.")
    return [
        {"item_code": a.item_code, "name": a.name, "size": a.size, "sha256": a.sha256,
         "content": base64.b64encode(store.attachment_content(a.id)).decode("ascii")}
        for a in found
    ]


def export_moment(store: Store) -> str:
    """Now, from the store's clock; to the microsecond when that is the real clock, so two exports
    of the same assessment in one second still tell which is newer."""
    if store.clock is utc_now:
        return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return store.clock()


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def bundle_text(data: dict[str, Any]) -> str:
    """A signed bundle (the envelope) as written to disk: indented, sorted keys, UTF-8."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sealed_bundle(
    payload: dict[str, Any], key: Ed25519PrivateKey, recipients: list[Ed25519PublicKey] | None = None
) -> bytes:
    """The file bytes of a bundle: the payload signed with ``key``, encrypted to ``recipients`` when given.

    Raises:
        SignatureError: the payload has no canonical form.
        EncryptionError: age refused a recipient.
    """
    data = bundle_text(sign_document(payload, key)).encode("utf-8")
    return encrypt_for(data, recipients) if recipients else data


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
    sequence: int = 1
    fingerprint: str = ""
    encrypted_to: str | None = None
    attachments: int = 0


def export_bundle(
    store: Store,
    assessment_id: int,
    path: str | Path,
    *,
    key: Ed25519PrivateKey,
    sharing: str | None = None,
    scrub: bool = False,
    encrypt_to: str | None = None,
    announce_key: str | None = None,
    attachments: bool = False,
) -> ExportResult:
    """Export an assessment as a signed bundle file; a sharing level given here is recorded on it.

    Each export counts one more in the assessment's sequence (stored), so the receiver can tell
    which of two exports is newer. ``encrypt_to`` names an organisation whose trusted key in the
    register the file is encrypted to.

    The attached documents go along only with ``attachments``, never with ``scrub``.

    Raises:
        ExportError: demo or received data, ``intern``, a missing folder, no trusted key of
            ``encrypt_to``, or ``attachments`` with ``scrub`` or above the size limit.
        NotFoundError: an unknown assessment.
    """
    if attachments and scrub:
        raise ExportError(NO_DOCUMENTS_SCRUBBED)
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
    recipients: list[Ed25519PublicKey] = []
    if encrypt_to is not None:
        entry = store.receiver_key(encrypt_to)
        if entry is None:
            raise ExportError(
                f"Er is geen vertrouwde sleutel van {encrypt_to} om naar te versleutelen; registreer die met "
                f"'weerbaar keys trust {encrypt_to} SLEUTELBESTAND --fingerprint …' of exporteer met --no-encrypt."
            )
        recipients.append(parse_public_key(entry.public_key))
    # The consent is recorded before the file leaves the program, and the sequence counted.
    changed = store.set_sharing(assessment_id, chosen) if chosen != record.sharing else False
    sequence = store.next_export_sequence(assessment_id)
    data = build_bundle(store, assessment_id, chosen, scrub=scrub, sequence=sequence, announce_key=announce_key,
                        attachments=attachments)
    write_atomically(Path(path), sealed_bundle(data, key, recipients))
    return ExportResult(
        path=Path(path),
        sharing=chosen,
        sharing_changed=changed,
        status=record.status,
        scrubbed=scrub,
        answers=len(data["assessment"]["answers"]),
        actions=len(data["assessment"]["actions"]),
        content_hash=bundle_hash(data),
        sequence=sequence,
        fingerprint=fingerprint(key.public_key()),
        encrypted_to=encrypt_to,
        attachments=len(data["assessment"].get("attachments", [])),
    )


# -- JSON Schema ----------------------------------------------------------------------------------


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema of a bundle file (not encrypted): the signed envelope around the payload."""
    schema = Bundle.model_json_schema()
    definitions = schema.pop("$defs", {})
    definitions["Bundle"] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://weerbaar.invalid/schema/bundle-2.json",
        "title": "Signed weerbaar submission bundle",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "payload", "signature"],
        "properties": {
            "format": {"const": ENVELOPE_FORMAT},
            "payload": {"$ref": "#/$defs/Bundle"},
            "signature": {
                "type": "object",
                "additionalProperties": False,
                "required": ["algorithm", "public_key", "fingerprint", "value"],
                "properties": {
                    "algorithm": {"const": "Ed25519"},
                    "public_key": {"type": "string", "description": "base64 of the 32 raw public-key bytes"},
                    "fingerprint": {"type": "string", "description": "see docs/bundle.md"},
                    "value": {"type": "string", "description": "base64 Ed25519 signature over RFC 8785(payload)"},
                },
            },
        },
        "$defs": definitions,
    }


def schema_text() -> str:
    return json.dumps(bundle_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - tiny generator
    if sys.argv[1:] != ["--schema"]:
        sys.exit("gebruik: python -m norm.exchange.bundle --schema > docs/bundle.schema.json")
    sys.stdout.write(schema_text())
