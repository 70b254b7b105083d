"""The SQLite store: organisations, checklist snapshots, assessments, answers and actions, on a
``Connection`` (``norm.store.connection``: transactions, the change log, settings).

The store is the only code that writes to a weerbaar database; other modules call its methods
(``tests/test_single_writer.py`` holds them to that), bulk writers included (``add_assessments``,
``replace_received_assessment``, ``delete_assessments``). Rows are read by column name (see
``norm.store.records``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from norm.access import Principal
from norm.answers import Action, Answer
from norm.checklist import Checklist, Item, checklist_from_snapshot
from norm.errors import IncompleteError, InvalidInputError, LockedError, NotFoundError, ShortfallsError
from norm.labels import counted
from norm.scoring import AssessmentScore, score_assessment
from norm.store.access import AccessMethods
from norm.store.accounts import AccountMethods
from norm.store.attachments import AttachmentMethods
from norm.store.benchmarks import BenchmarkMethods
from norm.store.connection import utc_now
from norm.store.history import HistoryMethods
from norm.store.keys import SignOff, TrustMethods, check_sign_off
from norm.store.mappings import MappingMethods
from norm.store.plan import PlanMethods
from norm.store.records import (
    ActionData,
    AnswerData,
    AssessmentContent,
    AssessmentRecord,
    ChecklistSnapshot,
    Organisation,
    answer_from_row,
    organisation_from_row,
    record,
)
from norm.store.releases import FrozenScoreReads, ReleaseMethods
from norm.store.schema import MIGRATION_ACTOR
from norm.store.scores import ScoreMethods
from norm.vocabulary import (
    ACTION_STATUSES,
    CONCEPT,
    DEFINITIVE,
    IMPORTED,
    KINDS,
    LOCAL,
    MAX_NAME,
    MAX_TEXT,
    ORGANISATION_CODE_PATTERN,
    ORGANISATION_TYPES,
    ORIGINS,
    PERIOD_PATTERN,
    SHARING_LEVELS,
    STATUSES,
)

_UNSET: Any = object()

_ASSESSMENT_SQL = """
    SELECT a.id, a.uid, a.organisation_code, o.name AS organisation_name, o.type AS organisation_type,
           a.snapshot_id, s.checklist_id, s.version AS checklist_version, s.title AS checklist_title,
           a.period, a.kind, a.status, a.sharing, a.origin, a.previous_id, a.position, a.bundle_hash,
           a.created_at, a.created_by, a.updated_at, a.finalised_at, a.finalised_by
    FROM assessments a
    JOIN organisations o ON o.code = a.organisation_code
    JOIN checklist_snapshots s ON s.id = a.snapshot_id
"""
_SNAPSHOT_SQL = "SELECT id, checklist_id, version, content_hash, title, loaded_at FROM checklist_snapshots"
_ORGANISATION_SQL = "SELECT code, name, type, attributes, reference FROM organisations"
_INSERT_ASSESSMENT = (
    "INSERT INTO assessments (uid, organisation_code, snapshot_id, period, kind, status, sharing, origin, "
    "previous_id, bundle_hash, created_at, created_by, updated_at, finalised_at, finalised_by) "
    "VALUES (?, ?, ?, ?, ?, 'concept', ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ANSWER = (
    "INSERT INTO answers (assessment_id, item_code, level, not_applicable, na_reason, comment, evidence, "
    "carried_over, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ACTION = (
    "INSERT INTO actions (assessment_id, item_code, description, owner, deadline, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def _text(value: str | None, name: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidInputError(f"{name} is te lang (meer dan {limit} tekens).")
    if "\x00" in text:
        raise InvalidInputError(f"{name} bevat een ongeldig teken.")
    return text


def _answer_row(assessment_id: int, answer: AnswerData, at: str) -> tuple[Any, ...]:
    return (assessment_id, answer.item_code, answer.level, int(answer.not_applicable), answer.na_reason.strip(),
            answer.comment.strip(), answer.evidence.strip(), int(answer.carried_over), answer.updated_at or at,
            answer.updated_by)


def _action_row(assessment_id: int, action: ActionData, at: str) -> tuple[Any, ...]:
    return (assessment_id, action.item_code, action.description.strip(), action.owner.strip(), action.deadline,
            action.status, at, at)


class Store(AccessMethods, PlanMethods, AttachmentMethods, HistoryMethods, MappingMethods, TrustMethods, ReleaseMethods,
            FrozenScoreReads, ScoreMethods, AccountMethods, BenchmarkMethods):
    """Access to one weerbaar database: organisations, checklists, mapping files, assessments, answers,
    actions (the mapping part, with pre-filled answers, in ``norm.store.mappings``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        actor: str | None = None,
        clock: Callable[[], str] = utc_now,
        migrate: bool = True,
        principal: Principal | None = None,
    ):
        """Open (and unless told otherwise migrate) the database at ``path``.

        ``principal`` is the acting user of a hosted database (``norm.access``): every method that
        reads or writes an organisation's data checks their roles, and the change log names them.
        None is the local mode: full access, ``actor`` (else WEERBAAR_USER or the login) in the log.

        Raises:
            StoreError: the folder of ``path`` does not exist, or the database cannot be opened
                or migrated.
        """
        self._checklists: dict[int, Checklist] = {}
        self.principal = principal
        super().__init__(path, actor=principal.username if principal else actor, clock=clock, migrate=migrate)

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
        """Add or update an organisation; returns True when something changed.

        ``type`` is a built-in type or one a stored checklist declares (``organisation_types``).

        Raises:
            InvalidInputError: a bad code, an unknown type or a missing or bad name.
        """
        self._require("receive", code)
        code = code.strip()
        if not ORGANISATION_CODE_PATTERN.fullmatch(code):
            raise InvalidInputError(f"Ongeldige organisatiecode: {code!r}.")
        if type not in ORGANISATION_TYPES:
            known = self.organisation_types()
            if type not in known:
                raise InvalidInputError(f"Onbekend organisatietype {type!r}; kies uit: {', '.join(known)}.")
        name = _text(name, "De naam", MAX_NAME)
        if not name:
            raise InvalidInputError("Een organisatie heeft een naam nodig.")
        attributes_json = json.dumps(attributes or {}, sort_keys=True, ensure_ascii=False)
        now = self.clock()
        row: dict[str, Any] = {"name": name, "type": type, "attributes": attributes_json,
                               "reference": int(reference)}
        with self.write() as db:
            existing = self._row("SELECT name, type, attributes, reference FROM organisations WHERE code = ?",
                                 [code])
            if existing is None:
                db.execute(
                    "INSERT INTO organisations (code, name, type, attributes, reference, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [code, name, type, attributes_json, int(reference), now, now],
                )
                self._log("organisation", "aangemaakt", None, f"{name} ({type})", organisation_code=code)
                return True
            changed = {key: value for key, value in row.items() if existing[key] != value}
            if not changed:
                return False
            db.execute(
                "UPDATE organisations SET name = ?, type = ?, attributes = ?, reference = ?, updated_at = ? "
                "WHERE code = ?",
                [name, type, attributes_json, int(reference), now, code],
            )
            for key, value in changed.items():
                self._log("organisation", key, existing[key], value, organisation_code=code)
            return True

    def organisation(self, code: str) -> Organisation | None:
        """Look up by code; an exact match uses the index, a differently cased code still matches."""
        sql = _ORGANISATION_SQL + " WHERE code = ?"
        code = code.strip()
        with self._lock:
            row = self._row(sql, [code]) or self._row(sql + " COLLATE NOCASE", [code])
        return organisation_from_row(row) if row else None

    def require_organisation(self, code: str) -> Organisation:
        """The organisation with this code.

        Raises:
            NotFoundError: there is none.
        """
        found = self.organisation(code)
        if found is None:
            raise NotFoundError(f"Onbekende organisatie '{code}'. Zie 'weerbaar org list'.")
        return found

    def organisations(self, type: str | None = None) -> list[Organisation]:
        sql = _ORGANISATION_SQL
        params: list[Any] = []
        if type:
            sql += " WHERE type = ?"
            params.append(type)
        sql += " ORDER BY CASE type WHEN 'gemeente' THEN 0 WHEN 'provincie' THEN 1 " \
               "WHEN 'waterschap' THEN 2 WHEN 'riec' THEN 3 ELSE 4 END, name"
        return [organisation_from_row(row) for row in self._rows(sql, params)]

    # -- checklists -----------------------------------------------------------------------------

    def add_checklist(self, checklist: Checklist, *, log_field: str = "geladen") -> tuple[int, bool]:
        """Store a snapshot of the definition; returns (snapshot id, whether it is new).

        A checklist already stored (the same content hash) is found, not stored again. ``log_field``
        names the change-log entry of a new snapshot (the importer says where it came from).

        Raises:
            InvalidInputError: another content is stored under the same id and version.
        """
        self._require("receive", None)
        content_hash = checklist.content_hash
        with self.write():
            row = self._row("SELECT id FROM checklist_snapshots WHERE content_hash = ?", [content_hash])
            if row:
                return row["id"], False
            if self._row("SELECT 1 FROM checklist_snapshots WHERE checklist_id = ? AND version = ?",
                         [checklist.id, checklist.version]):
                raise InvalidInputError(
                    f"Checklist '{checklist.id}' versie {checklist.version} staat al in de database "
                    "met een andere inhoud; verhoog het versienummer."
                )
            snapshot_id = self._insert(
                "INSERT INTO checklist_snapshots (checklist_id, version, content_hash, title, definition, loaded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [checklist.id, checklist.version, content_hash, checklist.title, checklist.canonical_json(),
                 self.clock()],
            )
            self._log("checklist", log_field, None, f"{checklist.id} {checklist.version}")
            self._checklists[snapshot_id] = checklist
            return snapshot_id, True

    def snapshots(self, checklist_id: str | None = None) -> list[ChecklistSnapshot]:
        sql = _SNAPSHOT_SQL
        params: list[Any] = []
        if checklist_id:
            sql += " WHERE checklist_id = ?"
            params.append(checklist_id)
        sql += " ORDER BY checklist_id, id"
        return [record(ChecklistSnapshot, row) for row in self._rows(sql, params)]

    def organisation_types(self) -> tuple[str, ...]:
        """The built-in organisation types, then those the stored checklists declare (first seen first)."""
        found: dict[str, None] = dict.fromkeys(ORGANISATION_TYPES)
        for snapshot in self.snapshots():
            for declared in self.checklist(snapshot.id).organisation_types:
                found.setdefault(declared.code)
        return tuple(found)

    def latest_snapshot(self, checklist_id: str) -> ChecklistSnapshot | None:
        found = self.snapshots(checklist_id)
        return found[-1] if found else None

    def snapshot_by_hash(self, content_hash: str) -> ChecklistSnapshot | None:
        row = self._row(_SNAPSHOT_SQL + " WHERE content_hash = ?", [content_hash])
        return record(ChecklistSnapshot, row) if row else None

    def require_latest_snapshot(self, checklist_id: str) -> ChecklistSnapshot:
        """The latest stored version of a checklist.

        Raises:
            NotFoundError: no version of it is stored.
        """
        found = self.latest_snapshot(checklist_id)
        if found is None:
            known = sorted({s.checklist_id for s in self.snapshots()})
            hint = f" Bekend: {', '.join(known)}." if known else " Voer eerst 'weerbaar init' uit."
            raise NotFoundError(f"Onbekende checklist '{checklist_id}'.{hint}")
        return found

    def content_hashes(self, snapshot_id: int) -> frozenset[str]:
        """The content hash of a snapshot, with the hashes it had before migration m003 re-hashed it.

        Files written before that migration (an answer sheet, say) name the snapshot by its former
        hash; m003 recorded each old -> new hash in the change log.

        Raises:
            NotFoundError: there is no such snapshot.
        """
        row = self._row("SELECT content_hash FROM checklist_snapshots WHERE id = ?", [snapshot_id])
        if row is None:
            raise NotFoundError(f"Onbekende checklistversie {snapshot_id}.")
        former = self._rows(
            "SELECT old_value FROM changelog WHERE entity = 'checklist' AND actor = ? AND new_value = ?",
            [MIGRATION_ACTOR, row["content_hash"]],
        )
        return frozenset([row["content_hash"], *(r["old_value"] for r in former if r["old_value"])])

    def checklist(self, snapshot_id: int) -> Checklist:
        """The exact definition stored in a snapshot.

        Raises:
            NotFoundError: there is no such snapshot.
        """
        with self._lock:
            cached = self._checklists.get(snapshot_id)
            if cached is not None:
                return cached
            row = self._row("SELECT definition FROM checklist_snapshots WHERE id = ?", [snapshot_id])
            if row is None:
                raise NotFoundError(f"Onbekende checklistversie {snapshot_id}.")
            checklist = checklist_from_snapshot(row["definition"])
            self._checklists[snapshot_id] = checklist
            return checklist

    # -- assessments ----------------------------------------------------------------------------

    def assessment(self, assessment_id: int) -> AssessmentRecord:
        """One assessment.

        Raises:
            NotFoundError: there is none with this id.
        """
        row = self._row(_ASSESSMENT_SQL + " WHERE a.id = ?", [assessment_id])
        if row is None:
            raise NotFoundError(f"Onbekende beoordeling {assessment_id}.")
        found = record(AssessmentRecord, row)
        self._require_visible(found)
        return found

    def assessment_by_uid(self, uid: str) -> AssessmentRecord | None:
        row = self._row(_ASSESSMENT_SQL + " WHERE a.uid = ?", [uid])
        found = record(AssessmentRecord, row) if row else None
        if found is not None:
            self._require_visible(found)
        return found

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
        sql = _ASSESSMENT_SQL
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY o.name, s.checklist_id, a.period, a.id"
        found = [record(AssessmentRecord, row) for row in self._rows(sql, params)]
        return found if self.principal is None else [r for r in found if self._visible(r)]

    def previous_assessment(self, assessment_id: int) -> AssessmentRecord | None:
        """The latest earlier assessment of the same organisation and checklist.

        Raises:
            NotFoundError: there is no assessment with this id.
        """
        current = self.assessment(assessment_id)
        self._require_record("read", current)
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
        """Start a concept assessment; optionally carry over the answers of the previous one.

        Raises:
            NotFoundError: an unknown organisation, checklist or checklist version.
            InvalidInputError: a bad period or kind, a checklist without measures for the
                organisation, a concept that already exists, or nothing to carry over.
        """
        self._require("create", organisation_code.strip())
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
        if any(a.period == period and a.status == CONCEPT for a in existing):
            raise InvalidInputError(
                f"{organisation.name} heeft al een concept voor {checklist.id} in periode {period}; "
                "ga daarmee verder of verwijder het eerst."
            )
        # Only the organisation's own work: a received assessment is never the base of a local one.
        earlier = [a for a in existing if a.origin == LOCAL
                   and (a.period < period or (a.period == period and a.is_definitive))]
        previous = max(earlier, key=lambda a: (a.period, a.id)) if earlier else None
        if from_previous and previous is None:
            raise InvalidInputError(
                f"Er is geen eerdere beoordeling van {organisation.name} voor {checklist.id} om van uit te gaan."
            )
        kind = kind or ("vervolgmeting" if previous else "nulmeting")
        now = self.clock()
        with self.write():
            assessment_id = self._insert(
                _INSERT_ASSESSMENT,
                [str(uuid.uuid4()), organisation.code, snapshot.id, period, kind, "intern", LOCAL,
                 previous.id if previous else None, None, now, self.actor, now, None, None],
            )
            self._log("assessment", "aangemaakt", None,
                      f"{organisation.code} {checklist.id} {period} ({kind})",
                      assessment_id=assessment_id, organisation_code=organisation.code, at=now)
            if from_previous and previous is not None:
                self._carry_over(assessment_id, previous.id, checklist, organisation.type, now)
            if previous is not None:  # the plan goes on, with or without the answers (norm.store.plan)
                self._carry_over_actions(assessment_id, previous.id, checklist, organisation.type, now)
            filled = self._prefill_new(assessment_id, now)
            if filled:
                self._log("assessment", "overgenomen uit andere checklist", None, f"{filled} antwoorden",
                          assessment_id=assessment_id, organisation_code=organisation.code, at=now)
        return assessment_id

    def _carry_over(self, target_id: int, source_id: int, checklist: Checklist, org_type: str, now: str) -> None:
        applicable = {item.code for item in checklist.applicable_items(org_type)}
        answers: list[tuple[Any, ...]] = []
        for previous in self.answers(source_id).values():
            if previous.item_code not in applicable or not previous.is_answered:
                continue
            item = checklist.item(previous.item_code)
            if previous.not_applicable and item is not None and not item.allows_na:
                continue  # n.v.t. is no longer an answer here: the measure opens again
            level = previous.level if previous.level in checklist.scale_values else None
            if level is None and not previous.not_applicable:
                continue
            carried = Answer(previous.item_code, None if previous.not_applicable else level,
                             previous.not_applicable, previous.na_reason, previous.comment, previous.evidence,
                             True, now, self.actor)
            answers.append(_answer_row(target_id, carried, now))
        self.db.conn.executemany(_INSERT_ANSWER, answers)
        self._log("assessment", "overgenomen van", None, f"beoordeling {source_id} ({len(answers)} antwoorden)",
                  assessment_id=target_id, at=now)

    def _editable(self, assessment_id: int) -> tuple[AssessmentRecord, Checklist]:
        record = self.assessment(assessment_id)
        if record.is_definitive:
            raise LockedError(
                f"Beoordeling {assessment_id} is definitief en kan niet meer worden gewijzigd; "
                "begin een nieuwe beoordeling."
            )
        if record.origin == IMPORTED:
            # An imported submission is the sender's data: editing it here would silently diverge
            # from what they sent (and a re-import would still say "ongewijzigd").
            raise LockedError(
                f"Beoordeling {assessment_id} is een inzending van {record.organisation_name} en kan hier "
                "niet worden gewijzigd; vraag de organisatie om een nieuwe inzending."
            )
        return record, self.checklist(record.snapshot_id)

    def _item_for(self, record: AssessmentRecord, checklist: Checklist, item_code: str) -> Item:
        item = checklist.item(item_code.strip())
        if item is None:
            raise NotFoundError(f"Onbekende maatregel '{item_code}' in {checklist.id} {checklist.version}.")
        if not item.applies(record.organisation_type):
            raise InvalidInputError(
                f"Maatregel {item.code} geldt niet voor een {record.organisation_type} en wordt niet gevraagd."
            )
        return item

    # -- writing whole assessments at once ------------------------------------------------------

    def add_assessments(self, contents: Iterable[AssessmentContent], *, origin: str) -> list[int]:
        """Write whole assessments with their answers and actions, in one transaction; returns their ids.

        For bulk writers: the importer (one received submission) and the demo and benchmark data
        (thousands at once). Answers and actions go in with ``executemany`` while each assessment is
        still a concept, then each gets its status. Nothing is logged: the caller records what
        happened with ``log_change``, in the same transaction.

        Raises:
            InvalidInputError: an unknown origin, status, kind or sharing level, or a ``previous_uid`` that is
                neither in ``contents`` before it nor in the database.
            StoreError: the database refused the data (for instance a uid that exists).
        """
        self._require("receive", None) if origin == IMPORTED else self._require_admin()
        if origin not in ORIGINS:
            raise InvalidInputError(f"Onbekende herkomst '{origin}'; kies uit: {', '.join(ORIGINS)}.")
        written: dict[str, int] = {}
        answers: list[tuple[Any, ...]] = []
        actions: list[tuple[Any, ...]] = []
        definitive: list[tuple[Any, ...]] = []
        attachments: list[tuple[int, AssessmentContent]] = []
        try:
            with self.write():
                connection = self.db.conn
                for content in contents:
                    _check_content(content)
                    previous_id = self._previous_id(content.previous_uid, written)
                    assessment_id = self._insert(
                        _INSERT_ASSESSMENT,
                        [content.uid, content.organisation_code, content.snapshot_id, content.period, content.kind,
                         content.sharing, origin, previous_id, content.bundle_hash, content.created_at,
                         content.created_by, content.updated_at, content.finalised_at, content.finalised_by],
                    )
                    written[content.uid] = assessment_id
                    answers.extend(_answer_row(assessment_id, a, content.written_at) for a in content.answers)
                    actions.extend(_action_row(assessment_id, a, content.written_at) for a in content.actions)
                    attachments.append((assessment_id, content))
                    if content.status != CONCEPT:
                        definitive.append((content.status, assessment_id))
                connection.executemany(_INSERT_ANSWER, answers)
                connection.executemany(_INSERT_ACTION, actions)
                self._insert_received_attachments(attachments)
                self._store_scores_of([assessment_id for _, assessment_id in definitive])
                connection.executemany("UPDATE assessments SET status = ? WHERE id = ?", definitive)
        except sqlite3.DatabaseError as error:
            raise self._guard(error) from None
        return list(written.values())

    def _previous_id(self, uid: str | None, written: dict[str, int]) -> int | None:
        if uid is None:
            return None
        found = written.get(uid)
        if found is None:
            row = self._row("SELECT id FROM assessments WHERE uid = ?", [uid])
            if row is None:
                raise InvalidInputError(f"Onbekende vorige beoordeling {uid}.")
            found = row["id"]
        return found

    def replace_received_assessment(self, assessment_id: int, content: AssessmentContent) -> None:
        """Replace a received (imported) assessment by a newer submission of it, in one transaction.

        The assessment is reopened to concept, its answers and actions are replaced, then it gets
        the status of ``content``; the uid, organisation and origin stay. Nothing is logged (see
        ``add_assessments``).

        Raises:
            NotFoundError: there is no assessment with this id.
            LockedError: the assessment was not received from a bundle (only those may be replaced).
            InvalidInputError: an unknown status, kind or sharing level in ``content``.
        """
        current = self.assessment(assessment_id)
        self._require("receive", current.organisation_code)
        if current.origin != IMPORTED:
            raise LockedError(f"Beoordeling {assessment_id} is niet ontvangen als inzending en wordt niet vervangen.")
        _check_content(content)
        try:
            with self.write():
                connection = self.db.conn
                # Reopening is allowed for received assessments only (see norm/store/schema.py).
                connection.execute(
                    "UPDATE assessments SET status = 'concept', snapshot_id = ?, period = ?, kind = ?, sharing = ?, "
                    "bundle_hash = ?, created_at = ?, created_by = ?, updated_at = ?, finalised_at = ?, "
                    "finalised_by = ? WHERE id = ?",
                    [content.snapshot_id, content.period, content.kind, content.sharing, content.bundle_hash,
                     content.created_at, content.created_by, content.updated_at, content.finalised_at,
                     content.finalised_by, assessment_id],
                )
                connection.execute("DELETE FROM answers WHERE assessment_id = ?", [assessment_id])
                connection.execute("DELETE FROM actions WHERE assessment_id = ?", [assessment_id])
                connection.executemany(_INSERT_ANSWER, [_answer_row(assessment_id, a, content.written_at)
                                                        for a in content.answers])
                connection.executemany(_INSERT_ACTION, [_action_row(assessment_id, a, content.written_at)
                                                        for a in content.actions])
                connection.execute("DELETE FROM attachments WHERE assessment_id = ?", [assessment_id])
                self._insert_received_attachments([(assessment_id, content)])
                self._replace_scores(assessment_id, definitive=content.status != CONCEPT)
                if content.status != CONCEPT:
                    connection.execute("UPDATE assessments SET status = ? WHERE id = ?",
                                       [content.status, assessment_id])
        except sqlite3.DatabaseError as error:
            raise self._guard(error) from None

    def delete_assessments(self, assessment_ids: Iterable[int], *, origin: str) -> int:
        """Remove assessments of one origin with their answers and actions; returns how many.

        For generated data (``weerbaar demo --replace``): not logged, and an id of another origin is
        left alone. Definitive local assessments cannot be removed (the database refuses).

        Raises:
            LockedError: one of them is a definitive local assessment.
        """
        self._require_admin()
        ids = [(assessment_id, origin) for assessment_id in assessment_ids]
        try:
            with self.write() as db:
                removed = db.conn.executemany("DELETE FROM assessments WHERE id = ? AND origin = ?", ids).rowcount
        except sqlite3.DatabaseError as error:
            raise self._guard(error) from None
        return max(removed, 0)

    # -- answers --------------------------------------------------------------------------------

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

        Raises:
            NotFoundError: an unknown assessment or measure.
            LockedError: the assessment is definitive or was received from another organisation.
            InvalidInputError: a level off the scale, an empty n.v.t. reason, n.v.t. on a measure that
                does not allow it (``Item.allows_na``), both at once, a measure that does not apply, or a
                text that is too long or holds a NUL character.
        """
        self._require_assessment("edit", assessment_id, item_code)
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            if level is not _UNSET and not_applicable is not _UNSET:
                raise InvalidInputError("Geef een niveau óf n.v.t., niet allebei.")
            if level is not _UNSET and level is not None and (
                isinstance(level, bool) or not isinstance(level, int) or level not in checklist.scale_values
            ):
                scale = ", ".join(map(str, checklist.scale_values))
                raise InvalidInputError(f"Niveau {level} ligt niet op de schaal ({scale}).")
            reason = None
            if not_applicable is not _UNSET:
                reason = _text(not_applicable, "De reden voor n.v.t.")
                if not reason:
                    raise InvalidInputError("N.v.t. vraagt om een reden; geef aan waarom de maatregel niet geldt.")
                if not item.allows_na:
                    raise InvalidInputError(item.na_refusal)
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
                    db.execute(
                        _INSERT_ANSWER + " ON CONFLICT (assessment_id, item_code) DO UPDATE SET "
                        "level = excluded.level, not_applicable = excluded.not_applicable, "
                        "na_reason = excluded.na_reason, comment = excluded.comment, evidence = excluded.evidence, "
                        "carried_over = excluded.carried_over, updated_at = excluded.updated_at, "
                        "updated_by = excluded.updated_by",
                        [assessment_id, item.code, values["level"], int(values["not_applicable"]),
                         values["na_reason"], values["comment"], values["evidence"], int(values["carried_over"]),
                         now, self.actor],
                    )
                    for key, value in changed.items():
                        label = {"carried_over": "te beoordelen"}.get(key, key)
                        self._log("answer", label, before[key], value, assessment_id=assessment_id,
                                  organisation_code=record.organisation_code, item_code=item.code, at=now)
                    db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, assessment_id])
                    if changed.keys() & {"level", "not_applicable", "na_reason"}:
                        # The user's own answer now: it no longer follows another checklist, and it
                        # pre-fills the measures mapped to it (norm.store.mappings).
                        self._release_origin(record, item.code, now)
                        self._answer_changed(record, checklist, item.code, Answer(
                            item.code, values["level"], values["not_applicable"], values["na_reason"]), now)
                    elif "carried_over" in changed:
                        self._confirm_origin(record, item.code, now)  # reviewed as it is
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None
            return self.answers(assessment_id)[item.code]

    def clear_answer(self, assessment_id: int, item_code: str) -> None:
        """Remove the level or n.v.t. of a measure (comment and evidence stay).

        Raises:
            the errors of ``set_answer``.
        """
        self._require_assessment("edit", assessment_id, item_code)
        self.set_answer(assessment_id, item_code, level=None)

    def mark_reviewed(self, assessment_id: int, item_code: str) -> None:
        """Confirm a carried-over or pre-filled answer without changing it.

        Raises:
            NotFoundError, LockedError, InvalidInputError: as ``set_answer``.
        """
        self._require_assessment("edit", assessment_id, item_code)
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            current = self.answers(assessment_id).get(item.code)
            origin = self._origin(assessment_id, item.code)
            if current is None or (not current.carried_over and (origin is None or origin.confirmed)):
                return
            now = self.clock()
            with self.write() as db:
                if current.carried_over:
                    db.execute(
                        "UPDATE answers SET carried_over = 0, updated_at = ?, updated_by = ? "
                        "WHERE assessment_id = ? AND item_code = ?",
                        [now, self.actor, assessment_id, item.code],
                    )
                    self._log("answer", "te beoordelen", True, False, assessment_id=assessment_id,
                              organisation_code=record.organisation_code, item_code=item.code, at=now)
                self._confirm_origin(record, item.code, now)

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        self._require_assessment("read", assessment_id)
        rows = self._rows(
            "SELECT item_code, level, not_applicable, na_reason, comment, evidence, carried_over, "
            "updated_at, updated_by FROM answers WHERE assessment_id = ? ORDER BY item_code",
            [assessment_id],
        )
        return {row["item_code"]: answer_from_row(row) for row in rows}

    # -- improvement actions --------------------------------------------------------------------

    def actions(self, assessment_id: int) -> list[Action]:
        self._require_assessment("read", assessment_id)
        rows = self._rows(
            "SELECT item_code, description, owner, deadline, status, id, note, origin_action_id AS origin_id "
            "FROM actions "
            "WHERE assessment_id = ? ORDER BY item_code, id",
            [assessment_id],
        )
        return [record(Action, row) for row in rows]

    def _validate_action(
        self, description: str, owner: str, deadline: str | None, status: str
    ) -> tuple[str, str, str | None, str]:
        description = _text(description, "De omschrijving")
        if not description:
            raise InvalidInputError("Een verbeteractie heeft een omschrijving nodig.")
        owner = _text(owner, "De eigenaar", MAX_NAME)
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
        """Add an improvement action to a measure of a concept; returns its id.

        Raises:
            NotFoundError, LockedError: as ``set_answer``.
            InvalidInputError: an empty description, a bad deadline or status, a text too long.
        """
        self._require_assessment("edit", assessment_id, item_code)
        with self._lock:
            record, checklist = self._editable(assessment_id)
            item = self._item_for(record, checklist, item_code)
            description, owner, deadline, status = self._validate_action(description, owner, deadline, status)
            now = self.clock()
            with self.write() as db:
                action_id = self._insert(
                    _INSERT_ACTION, [assessment_id, item.code, description, owner, deadline, status, now, now]
                )
                self._log("action", "aangemaakt", None, description, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, item_code=item.code, at=now)
                db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, assessment_id])
            return action_id

    def update_action(
        self, action_id: int, *, description: str | None = None, owner: str | None = None,
        deadline: str | None = _UNSET, status: str | None = None,
    ) -> None:
        """Change the fields given of an improvement action.

        Raises:
            NotFoundError: an unknown action.
            LockedError: its assessment is definitive or received.
            InvalidInputError: as ``add_action``.
        """
        self._require_action_row(action_id)
        with self.write() as db:
            row = self._row(
                "SELECT assessment_id, item_code, description, owner, deadline, status FROM actions WHERE id = ?",
                [action_id],
            )
            if row is None:
                raise NotFoundError(f"Onbekende verbeteractie {action_id}.")
            record, _ = self._editable(row["assessment_id"])
            names = ("description", "owner", "deadline", "status")
            values = self._validate_action(
                row["description"] if description is None else description,
                row["owner"] if owner is None else owner,
                row["deadline"] if deadline is _UNSET else deadline,
                row["status"] if status is None else status,
            )
            changed = {name: value for name, value in zip(names, values, strict=True) if row[name] != value}
            if not changed:
                return
            now = self.clock()
            assignments = ", ".join(f"{name} = ?" for name in changed)  # names from the fixed tuple above
            db.execute(f"UPDATE actions SET {assignments}, updated_at = ? WHERE id = ?",  # noqa: S608
                       [*changed.values(), now, action_id])
            for name, value in changed.items():
                self._log("action", name, row[name], value, assessment_id=row["assessment_id"],
                          organisation_code=record.organisation_code, item_code=row["item_code"], at=now)
            db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, row["assessment_id"]])

    def delete_action(self, action_id: int) -> None:
        """Remove an improvement action of a concept.

        Raises:
            NotFoundError: an unknown action.
            LockedError: its assessment is definitive or received.
        """
        self._require_action_row(action_id)
        with self._lock:
            row = self._row("SELECT assessment_id, item_code, description FROM actions WHERE id = ?", [action_id])
            if row is None:
                raise NotFoundError(f"Onbekende verbeteractie {action_id}.")
            record, _ = self._editable(row["assessment_id"])
            with self.write() as db:
                db.execute("DELETE FROM actions WHERE id = ?", [action_id])
                self._log("action", "verwijderd", row["description"], None, assessment_id=row["assessment_id"],
                          organisation_code=record.organisation_code, item_code=row["item_code"])

    # -- status, sharing and position -----------------------------------------------------------

    def score(self, assessment_id: int) -> AssessmentScore:
        """The scores of an assessment.

        Raises:
            NotFoundError: an unknown assessment.
        """
        self._require_assessment("read", assessment_id)
        record = self.assessment(assessment_id)
        return score_assessment(self.checklist(record.snapshot_id), record.organisation_type,
                                self.answers(assessment_id))

    def set_sharing(self, assessment_id: int, level: str) -> bool:
        """Set the sharing level (allowed on definitive assessments too: it is a consent).

        Raises:
            InvalidInputError: an unknown level.
            NotFoundError: an unknown assessment.
        """
        self._require_assessment("share", assessment_id)
        if level not in SHARING_LEVELS:
            raise InvalidInputError(f"Onbekend deelniveau '{level}'; kies uit: {', '.join(SHARING_LEVELS)}.")
        with self._lock:
            record = self.assessment(assessment_id)
            if record.sharing == level:
                return False
            if record.origin == IMPORTED and SHARING_LEVELS.index(level) > SHARING_LEVELS.index(record.sharing):
                raise LockedError(
                    f"Beoordeling {assessment_id} is een inzending van {record.organisation_name} met deelniveau "
                    f"'{record.sharing}': u kunt het alleen verlagen; alleen de organisatie zelf kan het verhogen."
                )
            now = self.clock()
            with self.write() as db:
                db.execute("UPDATE assessments SET sharing = ?, updated_at = ? WHERE id = ?",
                           [level, now, assessment_id])
                self._log("assessment", "sharing", record.sharing, level, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, at=now)
            return True

    def set_position(self, assessment_id: int, item_code: str) -> None:
        """Remember the measure the user was at (not logged: it is no change of content)."""
        self._require_assessment("read", assessment_id)
        with self.write() as db:
            db.execute("UPDATE assessments SET position = ? WHERE id = ?", [item_code, assessment_id])

    def finalise_check(self, assessment_id: int) -> FinaliseCheck:
        """What stands between a concept and finalising, for the dialog to show before confirming.

        Raises:
            NotFoundError: an unknown assessment.
        """
        self._require_assessment("read", assessment_id)
        record = self.assessment(assessment_id)
        result = self.score(assessment_id)
        pending = self.pending_prefills(assessment_id)
        carried = [code for code, answer in self.answers(assessment_id).items()
                   if answer.carried_over and code not in pending]
        with_action = {action.item_code for action in self.actions(assessment_id)}
        shortfalls = [code for code in result.basisnorm_failing if code not in with_action]
        return FinaliseCheck(record.id, result.open_items, result.na_without_reason, carried, pending, shortfalls)

    def finalise(
        self,
        assessment_id: int,
        sharing: str | None = None,
        *,
        sign_off: SignOff | None = None,
        acknowledge_shortfalls: bool = False,
    ) -> AssessmentScore:
        """Lock a complete assessment and record who established it (``sign_off``).

        Refused while measures are open, while answers carried over from the previous period are not
        confirmed, and, unless ``acknowledge_shortfalls``, while basisnorm measures fall short without
        an improvement action.

        Raises:
            NotFoundError: an unknown assessment.
            LockedError: it is definitive already, or received.
            IncompleteError: measures are open, n.v.t. lacks a reason, or carried-over or pre-filled
                answers are unconfirmed.
            ShortfallsError: basisnorm shortfalls without an action, not acknowledged.
            InvalidInputError: an unknown sharing level, or an incomplete sign-off.
        """
        self._require_assessment("finalise", assessment_id)
        if sign_off is not None:
            sign_off = check_sign_off(sign_off)
        with self._lock:
            record, _ = self._editable(assessment_id)
            self._check_four_eyes(record)
            result = self.score(assessment_id)
            if not result.complete:
                parts = []
                if result.open_items:
                    parts.append(f"{counted(len(result.open_items), 'open_measure')}: "
                                 f"{', '.join(result.open_items[:8])}" + (" …" if len(result.open_items) > 8 else ""))
                if result.na_without_reason:
                    parts.append(f"n.v.t. zonder reden: {', '.join(result.na_without_reason)}")
                raise IncompleteError(
                    f"Beoordeling {assessment_id} is nog niet compleet ({'; '.join(parts)}).",
                    result.open_items,
                    result.na_without_reason,
                )
            check = self.finalise_check(assessment_id)
            if check.carried_over:
                raise IncompleteError(
                    f"Beoordeling {assessment_id} heeft {counted(len(check.carried_over), 'taken_over_answer')} uit "
                    f"de vorige periode die u nog moet bevestigen: {', '.join(check.carried_over[:8])}"
                    + (" …" if len(check.carried_over) > 8 else "")
                    + "; bevestig met b in de editor of geef het niveau met 'weerbaar assessment set'.",
                    [],
                    [],
                )
            pending = check.pending_prefills
            if pending:
                raise IncompleteError(
                    f"Beoordeling {assessment_id} heeft {counted(len(pending), 'taken_over_answer')} die u nog moet "
                    f"bevestigen (deels gelijke maatregel in een andere checklist): {', '.join(pending[:8])}"
                    + (" …" if len(pending) > 8 else "")
                    + "; bevestig met b in de editor of geef het niveau met 'weerbaar assessment set'.",
                    [],
                    [],
                )
            if check.shortfalls_without_action and not acknowledge_shortfalls:
                short = counted(len(check.shortfalls_without_action), "basis_measure")
                raise ShortfallsError(
                    f"Beoordeling {assessment_id}: bij {short} "
                    f"wordt het doel niet gehaald en is er geen verbeteractie: "
                    f"{', '.join(check.shortfalls_without_action[:8])}"
                    + (" …" if len(check.shortfalls_without_action) > 8 else "")
                    + "; voeg acties toe of bevestig dat u dit weet (--ondanks-tekorten).",
                    check.shortfalls_without_action,
                )
            if sharing is not None:
                self.set_sharing(assessment_id, sharing)
            now = self.clock()
            with self.write() as db:
                self._write_sign_off(assessment_id, sign_off, now)
                self._store_scores(assessment_id, result)
                db.execute(
                    "UPDATE assessments SET status = ?, finalised_at = ?, finalised_by = ?, updated_at = ? "
                    "WHERE id = ?",
                    [DEFINITIVE, now, self.actor, now, assessment_id],
                )
                if sign_off is not None:
                    self._log("assessment", "vastgesteld", None,
                              f"{sign_off.name} ({sign_off.role}), {sign_off.decided_on}"
                              + (f", {sign_off.decision}" if sign_off.decision else ""),
                              assessment_id=assessment_id, organisation_code=record.organisation_code, at=now)
                self._log("assessment", "status", CONCEPT, DEFINITIVE, assessment_id=assessment_id,
                          organisation_code=record.organisation_code, at=now)
            return result

    def delete_assessment(self, assessment_id: int) -> None:
        """Delete a concept (with its answers and actions).

        Raises:
            NotFoundError: an unknown assessment.
            LockedError: a definitive local assessment.
        """
        self._require_assessment("create", assessment_id)
        with self._lock:
            record = self.assessment(assessment_id)
            if record.is_definitive and record.origin == LOCAL:
                raise LockedError(f"Beoordeling {assessment_id} is definitief en kan niet worden verwijderd.")
            try:
                with self.write() as db:
                    db.execute("DELETE FROM assessments WHERE id = ?", [assessment_id])
                    self._log("assessment", "verwijderd",
                              f"{record.organisation_code} {record.checklist_id} {record.period}", None,
                              assessment_id=assessment_id, organisation_code=record.organisation_code)
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None


@dataclass(frozen=True)
class FinaliseCheck:
    """What the finalise dialog shows before the user confirms (``Store.finalise_check``)."""

    assessment_id: int
    open_items: list[str]
    na_without_reason: list[str]
    carried_over: list[str]
    """Answers carried over from the previous period, not yet confirmed: finalising is refused."""
    pending_prefills: list[str]
    shortfalls_without_action: list[str]
    """Basisnorm measures below their target without an improvement action: a warning to acknowledge."""

    @property
    def blocking(self) -> bool:
        return bool(self.open_items or self.na_without_reason or self.carried_over or self.pending_prefills)


def _check_content(content: AssessmentContent) -> None:
    if content.sharing not in SHARING_LEVELS:
        raise InvalidInputError(f"Onbekend deelniveau '{content.sharing}'; kies uit: {', '.join(SHARING_LEVELS)}.")
    if content.status not in STATUSES:
        raise InvalidInputError(f"Onbekende status '{content.status}'; kies uit: {', '.join(STATUSES)}.")
    if content.kind not in KINDS:
        raise InvalidInputError(f"Onbekende soort '{content.kind}'; kies uit: {', '.join(KINDS)}.")
