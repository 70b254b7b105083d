"""Importing submission bundles: decrypt, verify, check against the register, validate, and write
each file in one transaction (with the documents it carries, checked by size and SHA-256).

Every file gets an outcome: ``nieuw`` (a new assessment), ``bijgewerkt`` (a submission with a higher
sequence replaced the one held), ``ongewijzigd`` (this file or this submission is already held) or
``geweigerd`` with the reason. A refused file changes nothing in the database. Refused besides bad
content: an unsigned bundle, a bad signature, a key that is not registered (or revoked, or
replaced) for the organisation the bundle names, an organisation that is not in the receiver's
database (bundles never create organisations), a checklist version the receiver does not hold, a
sequence not higher than the one held, an export moment in the future, and an assessment id held
for another organisation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from norm.checklist import Checklist, Item
from norm.exchange.bundle import Bundle, BundleChecklist, parse_timestamp
from norm.exchange.read import BundleRefused, VerifiedBundle, read_bundle, read_file, summarise
from norm.labels import counted
from norm.signing import fingerprint, public_key_b64
from norm.store import AssessmentContent, AssessmentRecord, ReceivedAttachment, Store, StoreError
from norm.store.keys import REPLACED, REVOKED, SignOff
from norm.untrusted import shown
from norm.vocabulary import IMPORTED

CLOCK_SKEW = dt.timedelta(minutes=5)
"""How far in the future an export moment may lie (clocks differ); beyond it a bundle is refused."""

Outcome = Literal["nieuw", "bijgewerkt", "ongewijzigd", "geweigerd"]
OUTCOMES: tuple[Outcome, ...] = ("nieuw", "bijgewerkt", "ongewijzigd", "geweigerd")


@dataclass(frozen=True)
class ImportOutcome:
    """What happened to one file."""

    source: str
    outcome: Outcome
    reason: str = ""
    organisation_code: str | None = None
    organisation_name: str | None = None
    checklist: str | None = None
    period: str | None = None
    status: str | None = None
    sharing: str | None = None
    assessment_id: int | None = None
    unexpected: bool = False
    fingerprint: str | None = None
    sequence: int | None = None

    @property
    def refused(self) -> bool:
        return self.outcome == "geweigerd"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.source, "outcome": self.outcome, "reason": self.reason,
            "organisation": self.organisation_code, "organisation_name": self.organisation_name,
            "checklist": self.checklist, "period": self.period, "status": self.status,
            "sharing": self.sharing, "assessment_id": self.assessment_id,
            "fingerprint": self.fingerprint, "sequence": self.sequence,
        }


@dataclass
class _KnownChecklist:
    """A checklist version the importer has seen: its snapshot (None until stored) and indexes."""

    snapshot_id: int | None
    checklist: Checklist
    items: dict[str, Item] = field(default_factory=dict)
    applicable: dict[str, frozenset[str]] = field(default_factory=dict)

    def applicable_codes(self, organisation_type: str) -> frozenset[str]:
        codes = self.applicable.get(organisation_type)
        if codes is None:
            codes = frozenset(i.code for i in self.checklist.applicable_items(organisation_type))
            self.applicable[organisation_type] = codes
        return codes


def _known(snapshot_id: int | None, checklist: Checklist) -> _KnownChecklist:
    return _KnownChecklist(snapshot_id, checklist, {item.code: item for item in checklist.items()})


def exported_at_of(store: Store, assessment_ids: Iterable[int]) -> dict[int, str]:
    """The export moment of the submission each received assessment currently holds."""
    found = {}
    for assessment_id in assessment_ids:
        received = store.received_bundle(assessment_id)
        if received is not None:
            found[assessment_id] = received.exported_at
    return found


def file_hash(data: bytes) -> str:
    """The SHA-256 of a bundle file's bytes, as remembered in ``imported_files``."""
    return hashlib.sha256(data).hexdigest()


class BundleImporter:
    """Imports bundles into one store; ``key`` is the receiver's own key (to decrypt)."""

    def __init__(self, store: Store, key: Ed25519PrivateKey | None = None):
        self.store = store
        self.key = key
        self._checklists: dict[str, _KnownChecklist] = {}

    # -- files ----------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | Path]) -> list[ImportOutcome]:
        """Import files and folders (every ``*.json`` and ``*.age`` below a folder), in natural name order."""
        outcomes: list[ImportOutcome] = []
        for path in map(Path, paths):
            if path.is_dir():
                # Every entry but a folder: a FIFO or a link to a device is listed and refused by read_file.
                files = sorted((p for pattern in ("*.json", "*.age") for p in path.rglob(pattern)
                                if not p.is_dir() and not p.name.startswith(".")), key=_natural_key)
                if not files:
                    outcomes.append(ImportOutcome(str(path), "geweigerd",
                                                  "de map bevat geen .json- of .age-bestanden"))
                outcomes.extend(self.import_file(file) for file in files)
            elif path.exists():
                outcomes.append(self.import_file(path))
            else:
                outcomes.append(ImportOutcome(str(path), "geweigerd", "bestand of map bestaat niet"))
        return outcomes

    def import_file(self, path: str | Path) -> ImportOutcome:
        try:
            data = read_file(Path(path))
        except BundleRefused as error:
            return self._refused(str(path), str(error), None)
        return self.import_bytes(data, str(path))

    def import_bytes(self, data: bytes, source: str = "<bundel>") -> ImportOutcome:
        """Import one bundle; never raises for bad input, and a refusal changes nothing.

        A file imported before (the same bytes) is recognised by its hash before it is parsed.
        """
        digest = file_hash(data)
        try:
            held = self.store.imported_file(digest)
        except StoreError as error:  # e.g. a user whose role may not receive (hosted mode)
            return self._refused(source, str(error).rstrip("."), None)
        if held is not None:
            return ImportOutcome(source, "ongewijzigd", f"dit bestand is al ingelezen (beoordeling {held})",
                                 assessment_id=held)
        return self._guarded(source, digest, lambda: read_bundle(data, self.key))

    def _guarded(self, source: str, digest: str, read: Callable[[], VerifiedBundle]) -> ImportOutcome:
        """Read and import one bundle, turning every failure into a refusal that changed nothing."""
        verified: VerifiedBundle | None = None
        try:
            verified = read()
            return self._import(verified, source, digest)
        except BundleRefused as error:
            return self._refused(source, str(error), verified)
        except StoreError as error:
            return self._refused(source, str(error).rstrip("."), verified)
        except sqlite3.DatabaseError as error:
            return self._refused(source, f"de database weigerde de gegevens ({error})", verified)
        except Exception as error:  # a bug must not stop a whole collection round
            outcome = self._refused(source, f"onverwachte fout ({type(error).__name__}: {error})", verified)
            return dataclasses.replace(outcome, unexpected=True)

    @staticmethod
    def _refused(source: str, reason: str, verified: VerifiedBundle | None) -> ImportOutcome:
        return ImportOutcome(source, "geweigerd", reason, **(_context(verified) if verified else {}))

    # -- one bundle -----------------------------------------------------------------------------

    def _import(self, verified: VerifiedBundle, source: str, digest: str) -> ImportOutcome:
        bundle = verified.bundle
        store = self.store
        organisation = bundle.organisation
        context = _context(verified)
        now = parse_timestamp(store.clock())
        if parse_timestamp(bundle.exported_at) > now + CLOCK_SKEW:
            raise BundleRefused(
                f"het exportmoment {bundle.exported_at} ligt in de toekomst; controleer de klok van de afzender"
            )
        existing_org = store.organisation(organisation.code)
        if existing_org is None:
            raise BundleRefused(
                f"organisatie {organisation.code} staat niet in deze database; een inzending maakt geen organisatie "
                f"aan: voeg haar toe en vertrouw haar sleutel met 'weerbaar keys trust {organisation.code} "
                "SLEUTELBESTAND --fingerprint …'"
            )
        code = existing_org.code
        self._check_key(code, verified)
        if existing_org.type != organisation.type:
            raise BundleRefused(
                f"organisatie {existing_org.code} is in deze database een {existing_org.type}, "
                f"in de bundel een {organisation.type}"
            )
        known = self._checklist_for(bundle.checklist)
        _check_content(bundle, known)
        context["organisation_code"] = code
        context["organisation_name"] = existing_org.name
        with store.write():
            existing = store.assessment_by_uid(bundle.assessment.uid)
            held = None
            if existing is None:
                outcome: Outcome = "nieuw"
                reason = ""
            else:
                outcome, reason, held = self._decide(verified, code, existing)
                if outcome == "ongewijzigd":
                    return ImportOutcome(source, outcome, reason, assessment_id=existing.id, **context)
            assert known.snapshot_id is not None
            if bundle.announce_key is not None:
                reason = "; ".join(filter(None, [reason, self._rotate(code, verified)]))
            assessment_id = self._write(verified, code, known.snapshot_id, existing, held, digest)
        return ImportOutcome(source, outcome, reason, assessment_id=assessment_id, **context)

    def _check_key(self, code: str, verified: VerifiedBundle) -> None:
        """The key that signed must be trusted for ``code`` in the register."""
        entry = self.store.trusted_key(code, verified.fingerprint)
        hint = (f"controleer de vingerafdruk met {code} en registreer de sleutel met "
                f"'weerbaar keys trust {code} SLEUTELBESTAND --fingerprint {verified.fingerprint}'")
        if entry is None:
            if not self.store.register_keys(code):
                raise BundleRefused(f"er is geen sleutel van {code} geregistreerd; {hint}")
            raise BundleRefused(f"ondertekend met sleutel {verified.fingerprint}, die niet bij {code} hoort; {hint}")
        if entry.status == REVOKED:
            raise BundleRefused(f"ondertekend met sleutel {verified.fingerprint} van {code}, die is ingetrokken")
        if entry.status == REPLACED and not self._announced_before(code, verified):
            raise BundleRefused(
                f"ondertekend met sleutel {verified.fingerprint} van {code}, die is vervangen door een nieuwere"
            )

    def _announced_before(self, code: str, verified: VerifiedBundle) -> bool:
        """A replaced key still signs while its rotation is under way: its bundles announce the
        successor that this very key announced before (and that is still trusted)."""
        from norm.signing import parse_public_key

        announced = verified.bundle.announce_key
        if announced is None:
            return False
        successor = self.store.trusted_key(code, fingerprint(parse_public_key(announced)))
        return (successor is not None and successor.status == "vertrouwd"
                and successor.source == f"aangekondigd door {verified.fingerprint}")

    def _rotate(self, code: str, verified: VerifiedBundle) -> str:
        """Record the successor key the bundle announces (signed by the current, trusted key)."""
        from norm.signing import parse_public_key

        announced = verified.bundle.announce_key
        assert announced is not None
        new_key = parse_public_key(announced)
        new_fingerprint = fingerprint(new_key)
        if new_fingerprint == verified.fingerprint or self._announced_before(code, verified):
            return ""
        self.store.rotate_key(code, verified.fingerprint, public_key_b64(new_key), new_fingerprint)
        return f"nieuwe sleutel {new_fingerprint} van {code} vastgelegd"

    def _checklist_for(self, stated: BundleChecklist) -> _KnownChecklist:
        """The checklist version a bundle refers to; the receiver must already hold it."""
        cached = self._checklists.get(stated.content_hash)
        if cached is not None:
            return cached
        snapshot = self.store.snapshot_by_hash(stated.content_hash)
        if snapshot is None:
            same_version = [s for s in self.store.snapshots(stated.id) if s.version == stated.version]
            if same_version:
                raise BundleRefused(
                    f"de bundel noemt checklist {stated.id} versie {shown(stated.version)} met een andere inhoud dan "
                    "de versie in deze database (controlegetal verschilt): een gewijzigde norm wordt niet overgenomen"
                )
            raise BundleRefused(
                f"checklist {stated.id} versie {shown(stated.version)} staat niet in deze database; laad die versie "
                "met 'weerbaar checklist add BESTAND' (of de ingebouwde met 'weerbaar init') en lees opnieuw in"
            )
        if snapshot.checklist_id != stated.id or snapshot.version != stated.version:
            raise BundleRefused(
                f"het controlegetal van de checklist hoort hier bij {snapshot.checklist_id} {snapshot.version}, "
                f"de bundel noemt {stated.id} {shown(stated.version)}"
            )
        known = _known(snapshot.id, self.store.checklist(snapshot.id))
        self._checklists[stated.content_hash] = known
        return known

    def _decide(
        self, verified: VerifiedBundle, code: str, existing: AssessmentRecord
    ) -> tuple[Outcome, str, str | None]:
        """Compare with the assessment of the same uid already in the database: the sequence decides."""
        if existing.origin != "import":
            raise BundleRefused(
                f"deze beoordeling is in deze database zelf gemaakt (beoordeling {existing.id}); "
                "een inzending vervangt haar niet"
            )
        if existing.organisation_code != code:
            raise BundleRefused(
                f"de beoordeling met dit kenmerk hoort hier bij organisatie {existing.organisation_code}, "
                f"de bundel noemt {code}"
            )
        if existing.bundle_hash == verified.content_hash:
            return "ongewijzigd", f"al ingelezen (beoordeling {existing.id})", None
        received = self.store.received_bundle(existing.id)
        held_sequence = received.sequence if received else 0
        held = received.exported_at if received else None
        sequence = verified.bundle.sequence
        if sequence < held_sequence:
            raise BundleRefused(
                f"een oudere inzending (volgnummer {sequence}) dan de al ingelezen (volgnummer {held_sequence}); "
                "niets gewijzigd"
            )
        if sequence == held_sequence:
            raise BundleRefused(
                f"dezelfde volgnummer ({sequence}) als de al ingelezen inzending, maar een andere inhoud; "
                "vraag de afzender opnieuw te exporteren"
            )
        return "bijgewerkt", f"vervangt inzending {held_sequence} (volgnummer {sequence})", held

    def _write(
        self, verified: VerifiedBundle, code: str, snapshot_id: int, existing: AssessmentRecord | None,
        held: str | None, digest: str,
    ) -> int:
        """Write the assessment with its answers, actions, sign-off and what is held of the submission
        (inside the caller's transaction)."""
        store = self.store
        bundle = verified.bundle
        a = bundle.assessment
        now = store.clock()
        content = AssessmentContent(
            uid=a.uid, organisation_code=code, snapshot_id=snapshot_id, period=a.period, kind=a.kind,
            status=a.status, sharing=bundle.sharing, created_at=a.created_at or now, created_by=a.created_by,
            updated_at=now, written_at=now, finalised_at=a.finalised_at, finalised_by=a.finalised_by,
            bundle_hash=verified.content_hash, answers=a.answers, actions=a.actions,
            attachments=[ReceivedAttachment(d.item_code, d.name, d.size, d.sha256, d.data()) for d in a.attachments],
        )
        if existing is None:
            assessment_id = store.add_assessments([content], origin=IMPORTED)[0]
        else:
            assessment_id = existing.id
            store.replace_received_assessment(assessment_id, content)
        sign_off = a.sign_off
        signed = f"{bundle.exported_at} (volgnummer {bundle.sequence}, sleutel {verified.fingerprint})"
        # One entry per import; its new value names the submission now held.
        log = ("geïmporteerd", None, signed) if existing is None else (
            "vervangen door nieuwere inzending", held, signed)
        store.record_received(
            assessment_id, sequence=bundle.sequence, fingerprint=verified.fingerprint,
            exported_at=bundle.exported_at, file_hash=digest, replace_sign_off=existing is not None,
            sign_off=SignOff(sign_off.name, sign_off.role, sign_off.decided_on, sign_off.decision) if sign_off
            else None, log=log, organisation_code=code, at=now,
        )
        if existing is not None:
            for name, old, new in (("status", existing.status, a.status), ("sharing", existing.sharing,
                                   bundle.sharing), ("period", existing.period, a.period),
                                   ("kind", existing.kind, a.kind)):
                if old != new:
                    store.log_change("assessment", name, old, new, assessment_id=assessment_id,
                                     organisation_code=code, at=now)
        return assessment_id


def _natural_key(path: Path) -> list[Any]:
    """Sort "b2.json" before "b10.json"."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", str(path))]


def _context(verified: VerifiedBundle) -> dict[str, Any]:
    bundle = verified.bundle
    return {
        "fingerprint": verified.fingerprint,
        "sequence": bundle.sequence,
        "organisation_code": bundle.organisation.code,
        "organisation_name": bundle.organisation.name,
        "checklist": f"{bundle.checklist.id} {bundle.checklist.version}",
        "period": bundle.assessment.period,
        "status": bundle.assessment.status,
        "sharing": bundle.sharing,
    }


def _check_content(bundle: Bundle, known: _KnownChecklist) -> None:
    """Answers and actions must fit the checklist and the organisation type."""
    checklist = known.checklist
    organisation_type = bundle.organisation.type
    applicable = known.applicable_codes(organisation_type)
    name = f"{checklist.id} {checklist.version}"
    if organisation_type not in checklist.organisation_type_codes:
        raise BundleRefused(
            f"onbekend organisatietype '{organisation_type}': niet ingebouwd en niet gedeclareerd in checklist {name}"
        )
    if not applicable:
        raise BundleRefused(f"checklist {name} bevat geen maatregelen voor een {organisation_type}")
    scale = set(checklist.scale_values)
    problems: list[str] = []
    seen: set[str] = set()
    answered: set[str] = set()
    for index, answer in enumerate(bundle.assessment.answers):
        where = f"assessment.answers[{index}]"
        code = answer.item_code
        if code in seen:
            problems.append(f"{where}: maatregel {code} komt meer dan eens voor")
        seen.add(code)
        if code not in known.items:
            problems.append(f"{where}: maatregel {code} bestaat niet in checklist {name}")
        elif code not in applicable:
            problems.append(f"{where}: maatregel {code} geldt niet voor een {organisation_type}")
        if answer.level is not None and answer.level not in scale:
            problems.append(
                f"{where}.level: niveau {answer.level} ligt niet op de schaal ({', '.join(map(str, sorted(scale)))})"
            )
        item = known.items.get(code)
        if answer.not_applicable and item is not None and not item.allows_na:
            problems.append(f"{where}: {item.na_refusal}")
        if answer.level is not None or answer.not_applicable:
            answered.add(code)
    for index, action in enumerate(bundle.assessment.actions):
        where = f"assessment.actions[{index}]"
        if action.item_code not in known.items:
            problems.append(f"{where}: maatregel {action.item_code} bestaat niet in checklist {name}")
        elif action.item_code not in applicable:
            problems.append(f"{where}: maatregel {action.item_code} geldt niet voor een {organisation_type}")
    for index, document in enumerate(bundle.assessment.attachments):
        where = f"assessment.attachments[{index}]"
        if document.item_code not in known.items:
            problems.append(f"{where}: maatregel {document.item_code} bestaat niet in checklist {name}")
        elif document.item_code not in applicable:
            problems.append(f"{where}: maatregel {document.item_code} geldt niet voor een {organisation_type}")
    if bundle.assessment.status == "definitief" and not problems:
        missing = [code for code in known.items if code in applicable and code not in answered]
        if missing:
            problems.append(
                f"de beoordeling is definitief maar {counted(len(missing), 'measure')} "
                f"{'is' if len(missing) == 1 else 'zijn'} niet beantwoord: "
                + ", ".join(missing[:8]) + (" …" if len(missing) > 8 else "")
            )
    if problems:
        raise BundleRefused(f"ongeldige inhoud: {summarise(problems)}")
