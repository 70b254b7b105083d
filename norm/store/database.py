"""The SQLite store: organisations, checklist snapshots, assessments, answers, actions, change log.

One ``Store`` wraps one connection. It may be used from a worker thread other than the one that
opened it (one thread at a time; the store serialises its own calls with a lock). Every write runs
in a ``BEGIN IMMEDIATE`` transaction so concurrent processes queue on the busy timeout instead of
failing with "database is locked" halfway through.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from norm.answers import Action, Answer
from norm.checklist import Checklist, checklist_from_snapshot
from norm.errors import IncompleteError, InvalidInputError, LockedError, NotFoundError, StoreError
from norm.scoring import AssessmentScore, score_assessment
from norm.store.schema import build_migrations
from norm.vocabulary import (
    ACTION_STATUSES,
    CONCEPT,
    DEFINITIVE,
    KINDS,
    MAX_TEXT,
    ORGANISATION_CODE_PATTERN,
    ORGANISATION_TYPES,
    PERIOD_PATTERN,
    SHARING_LEVELS,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000
_UNSET: Any = object()


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
        return self.status == "definitief"


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


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds and a Z."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_actor() -> str:
    """Who is making changes: WEERBAAR_USER, else the login name."""
    name = os.environ.get("WEERBAAR_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # getuser raises different errors per platform when no name is known
        return "onbekend"


def _restrict_permissions(path: Path) -> None:
    """Owner-only permissions for the database and its WAL files, where the OS has them."""
    if os.name != "posix":
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            if candidate.exists():
                os.chmod(candidate, 0o600)


def _text(value: str | None, name: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidInputError(f"{name} is te lang (meer dan {MAX_TEXT} tekens).")
    if "\x00" in text:
        raise InvalidInputError(f"{name} bevat een ongeldig teken.")
    return text


def _log_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


class Store:
    """Access to one weerbaar database."""

    def __init__(
        self,
        path: str | Path,
        *,
        actor: str | None = None,
        clock: Callable[[], str] = utc_now,
        migrate: bool = True,
    ):
        self.path = Path(path)
        self.actor = actor or default_actor()
        self.clock = clock
        self._lock = threading.RLock()
        self._checklists: dict[int, Checklist] = {}
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # Imported here, not at module level: sqlite-utils imports click at import time.
        from sqlite_utils import Database

        connection = sqlite3.connect(str(self.path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        self.db = Database(connection)
        self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            self.db.enable_wal()
        self.db.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            self.migrate()
        _restrict_permissions(self.path)

    # -- lifecycle ------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply pending migrations (harmless when there are none).

        All of them run under one write lock, so two processes opening a new database at the same
        moment do not both try to create the tables: the second waits, then finds nothing pending.
        """
        try:
            with self.write():
                build_migrations().apply(self.db)
        except sqlite3.OperationalError as error:
            raise StoreError(f"De database is niet beschikbaar: {error}.") from None

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """A write transaction: BEGIN IMMEDIATE at the outermost level, savepoints inside."""
        with self._lock:
            if self.db.conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            self.db.execute("BEGIN IMMEDIATE")
            try:
                with self.db.atomic():
                    yield self.db
            except BaseException:
                self.db.rollback()
                raise
            else:
                try:
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.rollback()
                    raise

    def _log(
        self,
        entity: str,
        field_name: str,
        old: Any,
        new: Any,
        *,
        assessment_id: int | None = None,
        organisation_code: str | None = None,
        item_code: str | None = None,
        at: str | None = None,
    ) -> None:
        # A plain INSERT: the change log is written on every save and every imported bundle.
        self.db.execute(
            "INSERT INTO changelog (at, actor, assessment_id, organisation_code, entity, item_code, field, "
            "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [at or self.clock(), self.actor, assessment_id, organisation_code, entity, item_code, field_name,
             _log_value(old), _log_value(new)],
        )

    def _guard(self, error: sqlite3.DatabaseError) -> StoreError:
        message = str(error)
        if "definitief" in message:
            return LockedError("Deze beoordeling is definitief en kan niet meer worden gewijzigd.")
        if "locked" in message or "busy" in message:
            return StoreError("De database is bezet door een ander proces; probeer het opnieuw.")
        return StoreError(f"De database weigerde de wijziging: {message}.")

    # -- settings -------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._lock:
            row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db["settings"].upsert({"key": key, "value": value}, pk="key")

    # -- organisations --------------------------------------------------------------------------

    def upsert_organisation(
        self,
        code: str,
        name: str,
        type: str,
        attributes: dict[str, Any] | None = None,
        *,
        reference: bool = False,
    ) -> bool:
        """Add or update an organisation; returns True when something changed."""
        code = code.strip()
        if not ORGANISATION_CODE_PATTERN.fullmatch(code):
            raise InvalidInputError(f"Ongeldige organisatiecode: {code!r}.")
        if type not in ORGANISATION_TYPES:
            raise InvalidInputError(
                f"Onbekend organisatietype '{type}'; kies uit: {', '.join(ORGANISATION_TYPES)}."
            )
        name = _text(name, "De naam")
        if not name:
            raise InvalidInputError("Een organisatie heeft een naam nodig.")
        attributes_json = json.dumps(attributes or {}, sort_keys=True, ensure_ascii=False)
        now = self.clock()
        with self.write() as db:
            existing = db.execute(
                "SELECT name, type, attributes, reference FROM organisations WHERE code = ?", [code]
            ).fetchone()
            row = {"code": code, "name": name, "type": type, "attributes": attributes_json,
                   "reference": int(reference), "updated_at": now}
            if existing is None:
                db["organisations"].insert({**row, "created_at": now})
                self._log("organisation", "aangemaakt", None, f"{name} ({type})", organisation_code=code)
                return True
            if tuple(existing) == (name, type, attributes_json, int(reference)):
                return False
            db["organisations"].update(code, row)
            for index, key in enumerate(("name", "type", "attributes", "reference")):
                if existing[index] != row[key]:
                    self._log("organisation", key, existing[index], row[key], organisation_code=code)
            return True

    def organisation(self, code: str) -> Organisation | None:
        """Look up by code; an exact match uses the index, a differently cased code still matches."""
        sql = "SELECT code, name, type, attributes, reference FROM organisations WHERE code = ?"
        code = code.strip()
        with self._lock:
            row = self.db.execute(sql, [code]).fetchone() or self.db.execute(
                sql + " COLLATE NOCASE", [code]
            ).fetchone()
        return _organisation(row) if row else None

    def require_organisation(self, code: str) -> Organisation:
        found = self.organisation(code)
        if found is None:
            raise NotFoundError(f"Onbekende organisatie '{code}'. Zie 'weerbaar org list'.")
        return found

    def organisations(self, type: str | None = None) -> list[Organisation]:
        sql = "SELECT code, name, type, attributes, reference FROM organisations"
        params: list[Any] = []
        if type:
            sql += " WHERE type = ?"
            params.append(type)
        sql += " ORDER BY CASE type WHEN 'gemeente' THEN 0 WHEN 'provincie' THEN 1 " \
               "WHEN 'waterschap' THEN 2 WHEN 'riec' THEN 3 ELSE 4 END, name"
        with self._lock:
            return [_organisation(row) for row in self.db.execute(sql, params).fetchall()]

    # -- checklists -----------------------------------------------------------------------------

    def add_checklist(self, checklist: Checklist) -> tuple[int, bool]:
        """Store a snapshot of the definition; returns (snapshot id, whether it is new)."""
        content_hash = checklist.content_hash
        with self.write() as db:
            row = db.execute(
                "SELECT id FROM checklist_snapshots WHERE content_hash = ?", [content_hash]
            ).fetchone()
            if row:
                return row[0], False
            clash = db.execute(
                "SELECT content_hash FROM checklist_snapshots WHERE checklist_id = ? AND version = ?",
                [checklist.id, checklist.version],
            ).fetchone()
            if clash:
                raise InvalidInputError(
                    f"Checklist '{checklist.id}' versie {checklist.version} staat al in de database "
                    "met een andere inhoud; verhoog het versienummer."
                )
            snapshot_id = db["checklist_snapshots"].insert(
                {
                    "checklist_id": checklist.id,
                    "version": checklist.version,
                    "content_hash": content_hash,
                    "title": checklist.title,
                    "definition": checklist.canonical_json(),
                    "loaded_at": self.clock(),
                }
            ).last_pk
            self._log("checklist", "geladen", None, f"{checklist.id} {checklist.version}")
            self._checklists[snapshot_id] = checklist
            return snapshot_id, True

    def snapshots(self, checklist_id: str | None = None) -> list[ChecklistSnapshot]:
        sql = "SELECT id, checklist_id, version, content_hash, title, loaded_at FROM checklist_snapshots"
        params: list[Any] = []
        if checklist_id:
            sql += " WHERE checklist_id = ?"
            params.append(checklist_id)
        sql += " ORDER BY checklist_id, id"
        with self._lock:
            return [ChecklistSnapshot(*row) for row in self.db.execute(sql, params).fetchall()]

    def latest_snapshot(self, checklist_id: str) -> ChecklistSnapshot | None:
        found = self.snapshots(checklist_id)
        return found[-1] if found else None

    def snapshot_by_hash(self, content_hash: str) -> ChecklistSnapshot | None:
        with self._lock:
            row = self.db.execute(
                "SELECT id, checklist_id, version, content_hash, title, loaded_at FROM checklist_snapshots "
                "WHERE content_hash = ?",
                [content_hash],
            ).fetchone()
        return ChecklistSnapshot(*row) if row else None

    def require_latest_snapshot(self, checklist_id: str) -> ChecklistSnapshot:
        found = self.latest_snapshot(checklist_id)
        if found is None:
            known = sorted({s.checklist_id for s in self.snapshots()})
            hint = f" Bekend: {', '.join(known)}." if known else " Voer eerst 'weerbaar init' uit."
            raise NotFoundError(f"Onbekende checklist '{checklist_id}'.{hint}")
        return found

    def checklist(self, snapshot_id: int) -> Checklist:
        """The exact definition stored in a snapshot."""
        with self._lock:
            cached = self._checklists.get(snapshot_id)
            if cached is not None:
                return cached
            row = self.db.execute(
                "SELECT definition FROM checklist_snapshots WHERE id = ?", [snapshot_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"Onbekende checklistversie {snapshot_id}.")
            checklist = checklist_from_snapshot(row[0])
            self._checklists[snapshot_id] = checklist
            return checklist

    # -- assessments ----------------------------------------------------------------------------

    _ASSESSMENT_SQL = """
        SELECT a.id, a.uid, a.organisation_code, o.name, o.type, a.snapshot_id, s.checklist_id,
               s.version, s.title, a.period, a.kind, a.status, a.sharing, a.origin, a.previous_id,
               a.position, a.bundle_hash, a.created_at, a.created_by, a.updated_at, a.finalised_at,
               a.finalised_by
        FROM assessments a
        JOIN organisations o ON o.code = a.organisation_code
        JOIN checklist_snapshots s ON s.id = a.snapshot_id
    """

    def assessment(self, assessment_id: int) -> AssessmentRecord:
        with self._lock:
            row = self.db.execute(self._ASSESSMENT_SQL + " WHERE a.id = ?", [assessment_id]).fetchone()
        if row is None:
            raise NotFoundError(f"Onbekende beoordeling {assessment_id}.")
        return AssessmentRecord(*row)

    def assessment_by_uid(self, uid: str) -> AssessmentRecord | None:
        with self._lock:
            row = self.db.execute(self._ASSESSMENT_SQL + " WHERE a.uid = ?", [uid]).fetchone()
        return AssessmentRecord(*row) if row else None

    def assessments(
        self,
        *,
        organisation_code: str | None = None,
        checklist_id: str | None = None,
        period: str | None = None,
        status: str | None = None,
    ) -> list[AssessmentRecord]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("a.organisation_code", organisation_code),
            ("s.checklist_id", checklist_id),
            ("a.period", period),
            ("a.status", status),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        sql = self._ASSESSMENT_SQL
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY o.name, s.checklist_id, a.period, a.id"
        with self._lock:
            return [AssessmentRecord(*row) for row in self.db.execute(sql, params).fetchall()]

    def previous_assessment(self, assessment_id: int) -> AssessmentRecord | None:
        """The latest earlier assessment of the same organisation and checklist."""
        current = self.assessment(assessment_id)
        earlier = [
            a
            for a in self.assessments(organisation_code=current.organisation_code, checklist_id=current.checklist_id)
            if a.id != current.id and (a.period, a.id) < (current.period, current.id)
        ]
        if current.previous_id is not None:
            linked = [a for a in earlier if a.id == current.previous_id]
            if linked:
                return linked[0]
        definitive = [a for a in earlier if a.period < current.period and a.is_definitive]
        pool = definitive or [a for a in earlier if a.period < current.period]
        return max(pool, key=lambda a: (a.period, a.id)) if pool else None

    def new_assessment(
        self,
        organisation_code: str,
        checklist_id: str,
        period: str,
        *,
        kind: str | None = None,
        from_previous: bool = False,
        snapshot_id: int | None = None,
    ) -> int:
        """Start a concept assessment; optionally carry over the answers of the previous one."""
        organisation = self.require_organisation(organisation_code)
        period = (period or "").strip()
        if not PERIOD_PATTERN.fullmatch(period):
            raise InvalidInputError(
                f"Ongeldige periode '{period}': gebruik bijvoorbeeld '2026' of '2026-H1' (max. 32 tekens)."
            )
        snapshot = (
            next((s for s in self.snapshots() if s.id == snapshot_id), None)
            if snapshot_id is not None
            else self.require_latest_snapshot(checklist_id)
        )
        if snapshot is None:
            raise NotFoundError(f"Onbekende checklistversie {snapshot_id}.")
        checklist = self.checklist(snapshot.id)
        if not checklist.applicable_items(organisation.type):
            raise InvalidInputError(
                f"Checklist '{checklist.id}' bevat geen maatregelen voor een {organisation.type}."
            )
        if kind is not None and kind not in KINDS:
            raise InvalidInputError(f"Onbekende soort '{kind}'; kies uit: {', '.join(KINDS)}.")
        existing = self.assessments(organisation_code=organisation.code, checklist_id=checklist.id)
        if any(a.period == period and a.status == "concept" for a in existing):
            raise InvalidInputError(
                f"{organisation.name} heeft al een concept voor {checklist.id} in periode {period}; "
                "ga daarmee verder of verwijder het eerst."
            )
        earlier = [a for a in existing if a.period < period or (a.period == period and a.is_definitive)]
        previous = max(earlier, key=lambda a: (a.period, a.id)) if earlier else None
        if from_previous and previous is None:
            raise InvalidInputError(
                f"Er is geen eerdere beoordeling van {organisation.name} voor {checklist.id} om van uit te gaan."
            )
        kind = kind or ("vervolgmeting" if previous else "nulmeting")
        now = self.clock()
        with self.write() as db:
            assessment_id = db["assessments"].insert(
                {
                    "uid": str(uuid.uuid4()),
                    "organisation_code": organisation.code,
                    "snapshot_id": snapshot.id,
                    "period": period,
                    "kind": kind,
                    "status": "concept",
                    "sharing": "intern",
                    "origin": "lokaal",
                    "previous_id": previous.id if previous else None,
                    "created_at": now,
                    "created_by": self.actor,
                    "updated_at": now,
                }
            ).last_pk
            self._log("assessment", "aangemaakt", None,
                      f"{organisation.code} {checklist.id} {period} ({kind})",
                      assessment_id=assessment_id, organisation_code=organisation.code, at=now)
            if from_previous and previous is not None:
                self._carry_over(assessment_id, previous.id, checklist, organisation.type, now)
        return assessment_id

    def _carry_over(self, target_id: int, source_id: int, checklist: Checklist, org_type: str, now: str) -> None:
        applicable = {item.code for item in checklist.applicable_items(org_type)}
        carried = 0
        for answer in self.answers(source_id).values():
            if answer.item_code not in applicable or not answer.is_answered:
                continue
            level = answer.level if answer.level in checklist.scale_values else None
            if level is None and not answer.not_applicable:
                continue
            self.db["answers"].insert(
                {
                    "assessment_id": target_id,
                    "item_code": answer.item_code,
                    "level": None if answer.not_applicable else level,
                    "not_applicable": int(answer.not_applicable),
                    "na_reason": answer.na_reason,
                    "comment": answer.comment,
                    "evidence": answer.evidence,
                    "carried_over": 1,
                    "updated_at": now,
                    "updated_by": self.actor,
                }
            )
            carried += 1
        for action in self.actions(source_id):
            if action.item_code in applicable and action.status != "gereed":
                self.db["actions"].insert(
                    {
                        "assessment_id": target_id,
                        "item_code": action.item_code,
                        "description": action.description,
                        "owner": action.owner,
                        "deadline": action.deadline,
                        "status": action.status,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        self._log("assessment", "overgenomen van", None, f"beoordeling {source_id} ({carried} antwoorden)",
                  assessment_id=target_id, at=now)

    def _editable(self, assessment_id: int) -> tuple[AssessmentRecord, Checklist]:
        record = self.assessment(assessment_id)
        if record.is_definitive:
            raise LockedError(
                f"Beoordeling {assessment_id} is definitief en kan niet meer worden gewijzigd; "
                "begin een nieuwe beoordeling."
            )
        if record.origin == "import":
            # An imported submission is the sender's data: editing it here would silently diverge
            # from what they sent (and a re-import would still say "ongewijzigd").
            raise LockedError(
                f"Beoordeling {assessment_id} is een inzending van {record.organisation_name} en kan hier "
                "niet worden gewijzigd; vraag de organisatie om een nieuwe inzending."
            )
        return record, self.checklist(record.snapshot_id)

    def _item_for(self, record: AssessmentRecord, checklist: Checklist, item_code: str):
        item = checklist.item(item_code.strip())
        if item is None:
            raise NotFoundError(f"Onbekende maatregel '{item_code}' in {checklist.id} {checklist.version}.")
        if not item.applies(record.organisation_type):
            raise InvalidInputError(
                f"Maatregel {item.code} geldt niet voor een {record.organisation_type} en wordt niet gevraagd."
            )
        return item

    def set_answer(
        self,
        assessment_id: int,
        item_code: str,
        *,
        level: int | None = _UNSET,
        not_applicable: str | None = _UNSET,
        comment: str | None = _UNSET,
        evidence: str | None = _UNSET,
        reviewed: bool = True,
    ) -> Answer:
        """Change an answer. Only the fields given change.

        ``level`` sets a level (clears n.v.t.); ``not_applicable`` is the n.v.t. reason (sets n.v.t.,
        clears the level; an empty reason is refused). ``level=None`` clears the answer. A change of
        level or n.v.t. marks a carried-over answer as reviewed.
        """
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            if level is not _UNSET and not_applicable is not _UNSET:
                raise InvalidInputError("Geef een niveau óf n.v.t., niet allebei.")
            if level is not _UNSET and level is not None and (
                isinstance(level, bool) or not isinstance(level, int) or level not in checklist.scale_values
            ):
                values = ", ".join(map(str, checklist.scale_values))
                raise InvalidInputError(f"Niveau {level} ligt niet op de schaal ({values}).")
            reason = None
            if not_applicable is not _UNSET:
                reason = _text(not_applicable, "De reden voor n.v.t.")
                if not reason:
                    raise InvalidInputError("N.v.t. vraagt om een reden; geef aan waarom de maatregel niet geldt.")
            new_comment = _text(comment, "De toelichting") if comment is not _UNSET else _UNSET
            new_evidence = _text(evidence, "Het bewijs") if evidence is not _UNSET else _UNSET

            try:
                with self.write() as db:
                    # Read inside the write transaction: another process may have changed other
                    # fields of this answer since we last looked.
                    current = self.answers(assessment_id).get(item.code) or Answer(item.code)
                    values: dict[str, Any] = {
                        "level": current.level,
                        "not_applicable": current.not_applicable,
                        "na_reason": current.na_reason,
                        "comment": current.comment,
                        "evidence": current.evidence,
                        "carried_over": current.carried_over,
                    }
                    before = dict(values)
                    if level is not _UNSET:
                        values.update(level=level, not_applicable=False, na_reason="")
                    if reason is not None:
                        values.update(level=None, not_applicable=True, na_reason=reason)
                    if new_comment is not _UNSET:
                        values["comment"] = new_comment
                    if new_evidence is not _UNSET:
                        values["evidence"] = new_evidence
                    if reviewed and (level is not _UNSET or reason is not None):
                        values["carried_over"] = False
                    changed = {key: value for key, value in values.items() if before[key] != value}
                    if not changed:
                        return current
                    now = self.clock()
                    db["answers"].upsert(
                        {
                            "assessment_id": assessment_id,
                            "item_code": item.code,
                            "level": values["level"],
                            "not_applicable": int(values["not_applicable"]),
                            "na_reason": values["na_reason"],
                            "comment": values["comment"],
                            "evidence": values["evidence"],
                            "carried_over": int(values["carried_over"]),
                            "updated_at": now,
                            "updated_by": self.actor,
                        },
                        pk=("assessment_id", "item_code"),
                    )
                    for key, value in changed.items():
                        label = {"carried_over": "te beoordelen"}.get(key, key)
                        self._log("answer", label, before[key], value, assessment_id=assessment_id,
                                  organisation_code=record.organisation_code, item_code=item.code, at=now)
                    db["assessments"].update(assessment_id, {"updated_at": now})
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None
            return self.answers(assessment_id)[item.code]

    def clear_answer(self, assessment_id: int, item_code: str) -> None:
        """Remove the level or n.v.t. of a measure (comment and evidence stay)."""
        self.set_answer(assessment_id, item_code, level=None)

    def mark_reviewed(self, assessment_id: int, item_code: str) -> None:
        """Confirm a carried-over answer without changing it."""
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            current = self.answers(assessment_id).get(item.code)
            if current is None or not current.carried_over:
                return
            now = self.clock()
            with self.write() as db:
                db.execute(
                    "UPDATE answers SET carried_over = 0, updated_at = ?, updated_by = ? "
                    "WHERE assessment_id = ? AND item_code = ?",
                    [now, self.actor, assessment_id, item.code],
                )
                self._log("answer", "te beoordelen", True, False, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, item_code=item.code, at=now)

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        with self._lock:
            rows = self.db.execute(
                "SELECT item_code, level, not_applicable, na_reason, comment, evidence, carried_over, "
                "updated_at, updated_by FROM answers WHERE assessment_id = ? ORDER BY item_code",
                [assessment_id],
            ).fetchall()
        return {
            row[0]: Answer(row[0], row[1], bool(row[2]), row[3] or "", row[4] or "", row[5] or "",
                           bool(row[6]), row[7], row[8])
            for row in rows
        }

    # -- improvement actions --------------------------------------------------------------------

    def actions(self, assessment_id: int) -> list[Action]:
        with self._lock:
            rows = self.db.execute(
                "SELECT item_code, description, owner, deadline, status, id FROM actions "
                "WHERE assessment_id = ? ORDER BY item_code, id",
                [assessment_id],
            ).fetchall()
        return [Action(*row) for row in rows]

    def _validate_action(self, description: str, owner: str, deadline: str | None, status: str):
        description = _text(description, "De omschrijving")
        if not description:
            raise InvalidInputError("Een verbeteractie heeft een omschrijving nodig.")
        owner = _text(owner, "De eigenaar")
        deadline = (deadline or "").strip() or None
        if deadline is not None:
            try:
                deadline = dt.date.fromisoformat(deadline).isoformat()
            except ValueError:
                raise InvalidInputError(
                    f"Ongeldige deadline '{deadline}': gebruik JJJJ-MM-DD, bijvoorbeeld 2027-03-31."
                ) from None
        if status not in ACTION_STATUSES:
            raise InvalidInputError(f"Onbekende status '{status}'; kies uit: {', '.join(ACTION_STATUSES)}.")
        return description, owner, deadline, status

    def add_action(
        self, assessment_id: int, item_code: str, description: str, owner: str = "",
        deadline: str | None = None, status: str = "open",
    ) -> int:
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            description, owner, deadline, status = self._validate_action(description, owner, deadline, status)
            now = self.clock()
            with self.write() as db:
                action_id = db["actions"].insert(
                    {"assessment_id": assessment_id, "item_code": item.code, "description": description,
                     "owner": owner, "deadline": deadline, "status": status, "created_at": now, "updated_at": now}
                ).last_pk
                self._log("action", "aangemaakt", None, description, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, item_code=item.code, at=now)
                db["assessments"].update(assessment_id, {"updated_at": now})
            return action_id

    def update_action(
        self, action_id: int, *, description: str | None = None, owner: str | None = None,
        deadline: str | None = _UNSET, status: str | None = None,
    ) -> None:
        with self.write() as db:
            row = db.execute(
                "SELECT assessment_id, item_code, description, owner, deadline, status FROM actions WHERE id = ?",
                [action_id],
            ).fetchone()
            if row is None:
                raise NotFoundError(f"Onbekende verbeteractie {action_id}.")
            record, _ = self._editable(row[0])
            values = self._validate_action(
                row[2] if description is None else description,
                row[3] if owner is None else owner,
                row[4] if deadline is _UNSET else deadline,
                row[5] if status is None else status,
            )
            names = ("description", "owner", "deadline", "status")
            changed = {n: v for n, old, v in zip(names, row[2:], values, strict=True) if old != v}
            if not changed:
                return
            now = self.clock()
            db["actions"].update(action_id, {**changed, "updated_at": now})
            for name, value in changed.items():
                self._log("action", name, row[2 + names.index(name)], value, assessment_id=row[0],
                          organisation_code=record.organisation_code, item_code=row[1], at=now)
            db["assessments"].update(row[0], {"updated_at": now})

    def delete_action(self, action_id: int) -> None:
        with self._lock:
            row = self.db.execute(
                "SELECT assessment_id, item_code, description FROM actions WHERE id = ?", [action_id]
            ).fetchone()
            if row is None:
                raise NotFoundError(f"Onbekende verbeteractie {action_id}.")
            record, _ = self._editable(row[0])
            with self.write() as db:
                db.execute("DELETE FROM actions WHERE id = ?", [action_id])
                self._log("action", "verwijderd", row[2], None, assessment_id=row[0],
                          organisation_code=record.organisation_code, item_code=row[1])

    # -- status, sharing and position -----------------------------------------------------------

    def score(self, assessment_id: int) -> AssessmentScore:
        record = self.assessment(assessment_id)
        return score_assessment(self.checklist(record.snapshot_id), record.organisation_type,
                                self.answers(assessment_id))

    def set_sharing(self, assessment_id: int, level: str) -> bool:
        """Set the sharing level (allowed on definitive assessments too: it is a consent)."""
        if level not in SHARING_LEVELS:
            raise InvalidInputError(f"Onbekend deelniveau '{level}'; kies uit: {', '.join(SHARING_LEVELS)}.")
        with self._lock:
            record = self.assessment(assessment_id)
            if record.sharing == level:
                return False
            now = self.clock()
            with self.write() as db:
                db["assessments"].update(assessment_id, {"sharing": level, "updated_at": now})
                self._log("assessment", "sharing", record.sharing, level, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, at=now)
            return True

    def set_position(self, assessment_id: int, item_code: str) -> None:
        """Remember the measure the user was at (not logged: it is no change of content)."""
        with self.write() as db:
            db.execute("UPDATE assessments SET position = ? WHERE id = ?", [item_code, assessment_id])

    def finalise(self, assessment_id: int, sharing: str | None = None) -> AssessmentScore:
        """Lock a complete assessment; refuses while measures are open."""
        with self._lock:
            record, _ = self._editable(assessment_id)
            result = self.score(assessment_id)
            if not result.complete:
                parts = []
                if result.open_items:
                    parts.append(f"{len(result.open_items)} open maatregel(en): {', '.join(result.open_items[:8])}"
                                 + (" …" if len(result.open_items) > 8 else ""))
                if result.na_without_reason:
                    parts.append(f"n.v.t. zonder reden: {', '.join(result.na_without_reason)}")
                raise IncompleteError(
                    f"Beoordeling {assessment_id} is nog niet compleet ({'; '.join(parts)}).",
                    result.open_items,
                    result.na_without_reason,
                )
            if sharing is not None:
                self.set_sharing(assessment_id, sharing)
            now = self.clock()
            with self.write() as db:
                db["assessments"].update(
                    assessment_id, {"status": "definitief", "finalised_at": now, "finalised_by": self.actor,
                                    "updated_at": now}
                )
                self._log("assessment", "status", CONCEPT, DEFINITIVE, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, at=now)
            return result

    def delete_assessment(self, assessment_id: int) -> None:
        """Delete a concept (with its answers and actions)."""
        with self._lock:
            record = self.assessment(assessment_id)
            if record.is_definitive and record.origin == "lokaal":
                raise LockedError(f"Beoordeling {assessment_id} is definitief en kan niet worden verwijderd.")
            try:
                with self.write() as db:
                    db.execute("DELETE FROM assessments WHERE id = ?", [assessment_id])
                    self._log("assessment", "verwijderd",
                              f"{record.organisation_code} {record.checklist_id} {record.period}", None,
                              assessment_id=assessment_id, organisation_code=record.organisation_code)
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None

    # -- change log -----------------------------------------------------------------------------

    def changelog(self, assessment_id: int | None = None, limit: int | None = None) -> list[ChangeEntry]:
        sql = ("SELECT id, at, actor, assessment_id, organisation_code, entity, item_code, field, old_value, "
               "new_value FROM changelog")
        params: list[Any] = []
        if assessment_id is not None:
            sql += " WHERE assessment_id = ?"
            params.append(assessment_id)
        sql += " ORDER BY id"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            return [ChangeEntry(*row) for row in self.db.execute(sql, params).fetchall()]


def _organisation(row: tuple[Any, ...]) -> Organisation:
    try:
        attributes = json.loads(row[3] or "{}")
    except json.JSONDecodeError:
        attributes = {}
    return Organisation(row[0], row[1], row[2], attributes if isinstance(attributes, dict) else {}, bool(row[4]))
