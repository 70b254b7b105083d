"""Importing submission bundles: read, verify, validate, and write each file in one transaction.

Every file gets an outcome: ``nieuw`` (a new assessment), ``bijgewerkt`` (a newer export replaced
an older one), ``ongewijzigd`` (already there, or older than what is there) or ``geweigerd`` with
the reason. A refused file changes nothing in the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from norm.checklist import Checklist, ChecklistError, Item, parse_checklist
from norm.exchange.bundle import Bundle, BundleChecklist, parse_timestamp
from norm.exchange.read import BundleRefused, DefinitionCache, read_bundle, read_file, summarise
from norm.labels import counted
from norm.store import AssessmentContent, AssessmentRecord, Store, StoreError
from norm.vocabulary import IMPORTED

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

    @property
    def refused(self) -> bool:
        return self.outcome == "geweigerd"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.source, "outcome": self.outcome, "reason": self.reason,
            "organisation": self.organisation_code, "organisation_name": self.organisation_name,
            "checklist": self.checklist, "period": self.period, "status": self.status,
            "sharing": self.sharing, "assessment_id": self.assessment_id,
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
    """The export moment of the bundle each imported assessment currently holds."""
    return {key: value for key, value in store.last_logged_values("inzending", assessment_ids).items()
            if value is not None}


class BundleImporter:
    """Imports bundles into one store; remembers verified checklists between files."""

    def __init__(self, store: Store):
        self.store = store
        self._checklists: dict[str, _KnownChecklist] = {}
        self._definitions = DefinitionCache()

    # -- files ----------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | Path]) -> list[ImportOutcome]:
        """Import files and folders (every ``*.json`` below a folder), in natural name order."""
        outcomes: list[ImportOutcome] = []
        for path in map(Path, paths):
            if path.is_dir():
                # Every entry but a folder: a FIFO or a link to a device is listed and refused by read_file.
                files = sorted((p for p in path.rglob("*.json") if not p.is_dir() and not p.name.startswith(".")),
                               key=_natural_key)
                if not files:
                    outcomes.append(ImportOutcome(str(path), "geweigerd", "de map bevat geen .json-bestanden"))
                outcomes.extend(self.import_file(file) for file in files)
            elif path.exists():
                outcomes.append(self.import_file(path))
            else:
                outcomes.append(ImportOutcome(str(path), "geweigerd", "bestand of map bestaat niet"))
        return outcomes

    def import_file(self, path: str | Path) -> ImportOutcome:
        return self._guarded(str(path), lambda: read_bundle(read_file(Path(path)), self._definitions))

    def import_bytes(self, data: bytes, source: str = "<bundel>") -> ImportOutcome:
        """Import one bundle; never raises for bad input, and a refusal changes nothing."""
        return self._guarded(source, lambda: read_bundle(data, self._definitions))

    def _guarded(self, source: str, read: Callable[[], Bundle]) -> ImportOutcome:
        """Read and import one bundle, turning every failure into a refusal that changed nothing."""
        bundle: Bundle | None = None
        try:
            bundle = read()
            return self._import(bundle, source)
        except BundleRefused as error:
            return self._refused(source, str(error), bundle)
        except StoreError as error:
            return self._refused(source, str(error).rstrip("."), bundle)
        except sqlite3.DatabaseError as error:
            return self._refused(source, f"de database weigerde de gegevens ({error})", bundle)
        except Exception as error:  # a bug must not stop a whole collection round
            outcome = self._refused(source, f"onverwachte fout ({type(error).__name__}: {error})", bundle)
            return dataclasses.replace(outcome, unexpected=True)

    @staticmethod
    def _refused(source: str, reason: str, bundle: Bundle | None) -> ImportOutcome:
        return ImportOutcome(source, "geweigerd", reason, **(_context(bundle) if bundle else {}))

    # -- one bundle -----------------------------------------------------------------------------

    def _import(self, bundle: Bundle, source: str) -> ImportOutcome:
        known = self._checklist_for(bundle.checklist)
        _check_content(bundle, known)
        store = self.store
        organisation = bundle.organisation
        context = _context(bundle)
        with store.write():
            existing_org = store.organisation(organisation.code)
            if existing_org is not None and existing_org.type != organisation.type:
                raise BundleRefused(
                    f"organisatie {existing_org.code} is in deze database een {existing_org.type}, "
                    f"in de bundel een {organisation.type}"
                )
            code = existing_org.code if existing_org else organisation.code
            context["organisation_code"] = code
            existing = store.assessment_by_uid(bundle.assessment.uid)
            held = None
            if existing is None:
                outcome: Outcome = "nieuw"
                reason = ""
            else:
                outcome, reason, held = self._decide(bundle, code, existing)
                if outcome == "ongewijzigd":
                    return ImportOutcome(source, outcome, reason, assessment_id=existing.id, **context)
            snapshot_id = known.snapshot_id
            if snapshot_id is None:
                snapshot_id = self._add_snapshot(known.checklist)
                reason = "; ".join(filter(None, [reason, "nieuwe checklistversie overgenomen uit de bundel"]))
            if existing_org is None:
                # After the snapshot: its checklist may declare the organisation's type.
                store.upsert_organisation(organisation.code, organisation.name, organisation.type,
                                          dict(organisation.attributes))
            assessment_id = self._write(bundle, code, snapshot_id, existing, held)
        if known.snapshot_id is None:
            self._checklists[bundle.checklist.content_hash] = _known(snapshot_id, known.checklist)
        return ImportOutcome(source, outcome, reason, assessment_id=assessment_id, **context)

    def _checklist_for(self, stated: BundleChecklist) -> _KnownChecklist:
        """The checklist of a bundle, cached by the content hash the bundle states.

        Reading the bundle checked that the definition hashes to the stated hash. The database knows a
        checklist by the hash of its canonical form, computed from the parsed model; the two differ for
        bundles made before the hash left out default values, whose definitions hold every value.
        """
        cached = self._checklists.get(stated.content_hash)
        if cached is not None:
            return cached
        snapshot = self.store.snapshot_by_hash(stated.content_hash)
        if snapshot is None:
            try:
                checklist = parse_checklist(stated.definition, "checklist.definition")
            except ChecklistError as error:
                problems = [f"{p.path}: {p.reason}" if p.path else p.reason for p in error.problems]
                raise BundleRefused(f"de meegestuurde checklist is ongeldig: {summarise(problems)}") from None
            snapshot = self.store.snapshot_by_hash(checklist.content_hash)
            if snapshot is None:
                return _known(None, checklist)  # cached only once it is committed
        known = _known(snapshot.id, self.store.checklist(snapshot.id))
        self._checklists[stated.content_hash] = known
        return known

    def _add_snapshot(self, checklist: Checklist) -> int:
        stored = self.store.snapshot_by_hash(checklist.content_hash)  # another process may just have added it
        if stored is not None:
            return stored.id
        if any(s.version == checklist.version for s in self.store.snapshots(checklist.id)):
            raise BundleRefused(
                f"checklist {checklist.id} versie {checklist.version} staat al in deze database met een "
                "andere inhoud dan de bundel meestuurt"
            )
        snapshot_id, _ = self.store.add_checklist(checklist, log_field="geladen uit inzending")
        return snapshot_id

    def _decide(
        self, bundle: Bundle, code: str, existing: AssessmentRecord
    ) -> tuple[Outcome, str, str | None]:
        """Compare with the assessment of the same uid already in the database."""
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
        if existing.bundle_hash == bundle.content_hash:
            return "ongewijzigd", f"al geïmporteerd (beoordeling {existing.id})", None
        held = exported_at_of(self.store, [existing.id]).get(existing.id)
        new = parse_timestamp(bundle.exported_at)
        old = parse_timestamp(held) if held else dt.datetime.min.replace(tzinfo=dt.UTC)
        if new > old:
            return "bijgewerkt", f"vervangt de inzending van {held}", held
        if new < old:
            return "ongewijzigd", f"ouder dan de al geïmporteerde inzending van {held}; niets gewijzigd", held
        raise BundleRefused(
            f"deze inzending heeft hetzelfde exportmoment ({held}) als de al geïmporteerde, maar een "
            "andere inhoud; exporteer opnieuw"
        )

    def _write(
        self, bundle: Bundle, code: str, snapshot_id: int, existing: AssessmentRecord | None, held: str | None
    ) -> int:
        """Write the assessment with its answers and actions (inside the caller's transaction)."""
        store = self.store
        a = bundle.assessment
        now = store.clock()
        content = AssessmentContent(
            uid=a.uid, organisation_code=code, snapshot_id=snapshot_id, period=a.period, kind=a.kind,
            status=a.status, sharing=bundle.sharing, created_at=a.created_at or now, created_by=a.created_by,
            updated_at=now, written_at=now, finalised_at=a.finalised_at, finalised_by=a.finalised_by,
            bundle_hash=bundle.content_hash, answers=a.answers, actions=a.actions,
        )
        if existing is None:
            assessment_id = store.add_assessments([content], origin=IMPORTED)[0]
        else:
            assessment_id = existing.id
            store.replace_received_assessment(assessment_id, content)
        # One entry per import; its new value is the export moment of the bundle now held, which
        # decides whether a later file is newer (see exported_at_of).
        if existing is None:
            store.log_change("inzending", "geïmporteerd", None, bundle.exported_at, assessment_id=assessment_id,
                             organisation_code=code, at=now)
        else:
            store.log_change("inzending", "vervangen door nieuwere inzending", held, bundle.exported_at,
                             assessment_id=assessment_id, organisation_code=code, at=now)
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


def _context(bundle: Bundle) -> dict[str, Any]:
    return {
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
        item = checklist.item(code)
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
