"""The collection round: for a checklist and a period, who has submitted and who is missing.

Every reference organisation gets a row, plus any other organisation with an assessment. Per
organisation the assessment shown is the one that counts in province figures when there is one
(definitief, shared as geaggregeerd or benoemd; the latest), else the most recent one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from norm.exchange.bundle import parse_timestamp
from norm.store import AssessmentRecord, Store
from norm.vocabulary import SHAREABLE_LEVELS

State = Literal["ingediend", "concept", "intern", "ontbreekt"]
STATE_HELP: dict[str, str] = {
    "ingediend": "definitief en gedeeld: telt mee in de cijfers van provincie en RIEC",
    "concept": "aanwezig maar nog concept: telt niet mee",
    "intern": "aanwezig maar niet gedeeld (intern): telt niet mee",
    "ontbreekt": "geen beoordeling voor deze checklist en periode",
}


@dataclass(frozen=True)
class CollectionRow:
    """One organisation in the round."""

    code: str
    name: str
    type: str
    reference: bool
    state: State
    assessment_id: int | None = None
    checklist_version: str | None = None
    status: str | None = None
    sharing: str | None = None
    origin: str | None = None
    exported_at: str | None = None
    district: str | None = None
    signed_by: str | None = None
    """The fingerprint of the key that signed the submission held (received assessments)."""
    sequence: int | None = None

    @property
    def submitted(self) -> bool:
        return self.state != "ontbreekt"

    @property
    def counted(self) -> bool:
        return self.state == "ingediend"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "type": self.type, "reference": self.reference,
            "state": self.state, "submitted": self.submitted, "counted": self.counted,
            "assessment_id": self.assessment_id, "checklist_version": self.checklist_version,
            "status": self.status, "sharing": self.sharing, "origin": self.origin,
            "exported_at": self.exported_at, "police_district": self.district,
            "signed_by": self.signed_by, "sequence": self.sequence,
        }


@dataclass(frozen=True)
class CollectionRound:
    """The state of a collection round."""

    checklist_id: str
    period: str
    organisation_type: str | None
    rows: list[CollectionRow]

    @property
    def reference_rows(self) -> list[CollectionRow]:
        return [row for row in self.rows if row.reference]

    @property
    def expected(self) -> int:
        return len(self.reference_rows)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.reference_rows)

    @property
    def counted(self) -> int:
        return sum(row.counted for row in self.reference_rows)

    @property
    def missing(self) -> list[CollectionRow]:
        return [row for row in self.reference_rows if not row.submitted]

    def as_dict(self) -> dict[str, Any]:
        return {
            "checklist": self.checklist_id, "period": self.period, "type": self.organisation_type,
            "expected": self.expected, "submitted": self.submitted, "counted": self.counted,
            "missing": [row.code for row in self.missing], "rows": [row.as_dict() for row in self.rows],
        }


def _state(record: AssessmentRecord) -> State:
    if record.sharing not in SHAREABLE_LEVELS:
        return "intern"
    return "ingediend" if record.is_definitive else "concept"


def collection_round(
    store: Store, checklist_id: str, period: str, organisation_type: str | None = None
) -> CollectionRound:
    """Who has submitted an assessment of ``checklist_id`` for ``period``, and who is missing."""
    store.require_latest_snapshot(checklist_id)
    records = store.assessments(checklist_id=checklist_id, period=period)
    received = {r.id: store.received_bundle(r.id) for r in records if r.origin == "import"}
    exported = {key: value.exported_at for key, value in received.items() if value is not None}

    def rank(record: AssessmentRecord) -> tuple[bool, bool, dt.datetime, int]:
        moment = exported.get(record.id) or record.finalised_at or record.updated_at
        when = parse_timestamp(moment) if moment else dt.datetime.min.replace(tzinfo=dt.UTC)
        return (_state(record) == "ingediend", record.is_definitive, when, record.id)

    best: dict[str, AssessmentRecord] = {}
    for record in records:
        current = best.get(record.organisation_code)
        if current is None or rank(record) > rank(current):
            best[record.organisation_code] = record
    rows: list[CollectionRow] = []
    for organisation in store.organisations(organisation_type):
        chosen = best.get(organisation.code)
        if chosen is None and not organisation.reference:
            continue
        attribute = organisation.attributes.get("police_district")
        district = attribute if isinstance(attribute, str) else None
        if chosen is None:
            rows.append(CollectionRow(code=organisation.code, name=organisation.name, type=organisation.type,
                                      reference=organisation.reference, district=district, state="ontbreekt"))
            continue
        rows.append(
            CollectionRow(
                code=organisation.code, name=organisation.name, type=organisation.type,
                reference=organisation.reference, district=district,
                state=_state(chosen), assessment_id=chosen.id, checklist_version=chosen.checklist_version,
                status=chosen.status, sharing=chosen.sharing, origin=chosen.origin,
                exported_at=exported.get(chosen.id),
                signed_by=held.fingerprint if (held := received.get(chosen.id)) else None,
                sequence=held.sequence if held else None,
            )
        )
    return CollectionRound(checklist_id, period, organisation_type, rows)
