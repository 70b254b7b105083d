"""Mapping files in the store, and answers pre-filled through them ("overgenomen uit …").

``Store`` inherits these methods. When a user answers a measure of checklist A in a concept
assessment, ``_answer_changed`` pre-fills every measure that a stored mapping pairs with it in the
concept assessment of checklist B of the same organisation and period, in the same transaction:

- only a measure without an answer of its own is filled; an answer the store pre-filled earlier from
  the same source measure follows the source while it is not confirmed (a confirmed one stays);
- ``equal`` pairs fill the level (or n.v.t. with its reason) as it is; ``partial`` pairs fill it
  marked for review (``carried_over``), to be confirmed before the assessment can be finalised;
- n.v.t. is not filled into a measure that does not allow it (``na_allowed`` of format 2), nor a
  level the target's scale lacks;
- the origin (checklist, measure, relation) is kept in ``answer_origins`` and every change is logged
  with ``overgenomen uit`` in the change log of the target assessment;
- pre-filled answers do not pre-fill further (only answers of the user's own travel), and a
  definitive or received assessment is never touched (and the lock triggers refuse it anyway).

A new assessment is pre-filled at creation from the latest assessment of the other checklist of
the same organisation and period (concept or definitive, not received), with the same rules.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.answers import Answer
from norm.checklist.mapping import Mapping, mapping_from_snapshot, mapping_problems
from norm.errors import InvalidInputError
from norm.labels import label
from norm.store.connection import Connection
from norm.store.records import ChecklistSnapshot, record
from norm.vocabulary import CONCEPT, IMPORTED

if TYPE_CHECKING:
    from norm.access import Action
    from norm.checklist import Checklist, Item
    from norm.store.records import AssessmentRecord

ORIGIN_FIELD = "overgenomen uit"
"""The change-log field of a pre-fill (Dutch: the log is read by users)."""


@dataclass(frozen=True)
class StoredMapping:
    """A mapping file as stored: its row id, identity and the two checklists it joins."""

    id: int
    mapping_id: str
    version: str
    content_hash: str
    title: str
    source_checklist: str
    source_version: str
    target_checklist: str
    target_version: str
    loaded_at: str | None


@dataclass(frozen=True)
class AnswerOrigin:
    """Where a pre-filled answer came from: a measure of another checklist, through a mapping."""

    item_code: str
    source_checklist: str
    source_title: str
    source_code: str
    relation: str
    confirmed: bool
    source_assessment_id: int | None
    created_at: str | None = None
    created_by: str | None = None

    @property
    def needs_review(self) -> bool:
        """A partial pre-fill the user has not confirmed yet (finalising waits for it)."""
        return self.relation == "partial" and not self.confirmed

    def describe(self) -> str:
        """``overgenomen uit UWN-B04 (Utrechtse Weerbaarheidsnorm)`` (Dutch, for every interface)."""
        return f"{ORIGIN_FIELD} {self.source_code} ({self.source_title or self.source_checklist})"


_MAPPING_SQL = ("SELECT id, mapping_id, version, content_hash, title, source_checklist, source_version, "
                "target_checklist, target_version, loaded_at FROM mappings")
_ORIGIN_SQL = ("SELECT item_code, source_checklist, source_title, source_code, relation, confirmed, "
               "source_assessment_id, created_at, created_by FROM answer_origins")


def _origin_from_row(row: sqlite3.Row) -> AnswerOrigin:
    return AnswerOrigin(row["item_code"], row["source_checklist"], row["source_title"], row["source_code"],
                        row["relation"], bool(row["confirmed"]), row["source_assessment_id"], row["created_at"],
                        row["created_by"])


def _value_text(answer: Answer | None) -> str | None:
    if answer is None or not answer.is_answered:
        return None
    return f"n.v.t.: {answer.na_reason}" if answer.not_applicable else f"niveau {answer.level}"


class MappingMethods(Connection):
    """The mapping part of ``Store``: stored mapping files, pre-fills and their origins."""

    _mappings_cache: dict[int, Mapping]
    _has_mapping_tables: bool

    if TYPE_CHECKING:  # provided by Store
        def answers(self, assessment_id: int) -> dict[str, Answer]: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...
        def assessments(self, *, organisation_code: str | None = None, checklist_id: str | None = None,
                        period: str | None = None, status: str | None = None) -> list[AssessmentRecord]: ...
        def checklist(self, snapshot_id: int) -> Checklist: ...
        def snapshots(self, checklist_id: str | None = None) -> list[ChecklistSnapshot]: ...
        def _require_admin(self) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None: ...

    # -- mapping files ------------------------------------------------------------------------------

    def add_mapping(self, mapping: Mapping) -> tuple[int, bool]:
        """Store a mapping file; returns (row id, whether it is new). Idempotent.

        When both checklist versions it names are stored, its codes are checked against them.

        Raises:
            InvalidInputError: another content is stored under the same id and version, or a code
                does not exist in a stored checklist it names.
        """
        self._require_admin()
        content_hash = mapping.content_hash
        with self.write():
            row = self._row("SELECT id FROM mappings WHERE content_hash = ?", [content_hash])
            if row:
                return int(row["id"]), False
            if self._row("SELECT 1 FROM mappings WHERE mapping_id = ? AND version = ?", [mapping.id, mapping.version]):
                raise InvalidInputError(
                    f"Koppeling '{mapping.id}' versie {mapping.version} staat al in de database met een andere "
                    "inhoud; verhoog het versienummer."
                )
            problems = self.mapping_problems(mapping, f"koppeling {mapping.id}")
            if problems:
                raise InvalidInputError("\n".join(str(problem) for problem in problems))
            mapping_row = self._insert(
                "INSERT INTO mappings (mapping_id, version, content_hash, title, source_checklist, source_version, "
                "target_checklist, target_version, definition, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [mapping.id, mapping.version, content_hash, mapping.title, mapping.source.checklist,
                 mapping.source.version, mapping.target.checklist, mapping.target.version, mapping.canonical_json(),
                 self.clock()],
            )
            self._log("koppeling", "geladen", None, f"{mapping.id} {mapping.version}")
            self._mapping_cache()[mapping_row] = mapping
            return mapping_row, True

    def mapping_problems(self, mapping: Mapping, file: str) -> list[Any]:
        """Problems of a mapping against the stored checklists it names; empty when either is not stored."""
        found = []
        for ref in (mapping.source, mapping.target):
            snapshot = next((s for s in self.snapshots(ref.checklist) if s.version == ref.version), None)
            if snapshot is None:
                return []
            found.append(self.checklist(snapshot.id))
        return list(mapping_problems(mapping, found[0], found[1], file))

    def _mapping_tables(self) -> bool:
        """Whether migration m005 has run (a store opened with ``migrate=False`` may predate it)."""
        if getattr(self, "_has_mapping_tables", False):
            return True
        found = self._row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answer_origins'") is not None
        self._has_mapping_tables = found
        return found

    def stored_mappings(self) -> list[StoredMapping]:
        if not self._mapping_tables():
            return []
        return [record(StoredMapping, row) for row in self._rows(_MAPPING_SQL + " ORDER BY mapping_id, id")]

    def mapping(self, row_id: int) -> Mapping:
        """The mapping stored under a row id (cached)."""
        cache = self._mapping_cache()
        if row_id not in cache:
            row = self._row("SELECT definition FROM mappings WHERE id = ?", [row_id])
            if row is None:
                raise InvalidInputError(f"Onbekende koppeling {row_id}.")
            cache[row_id] = mapping_from_snapshot(row["definition"])
        return cache[row_id]

    def _mapping_cache(self) -> dict[int, Mapping]:
        if not hasattr(self, "_mappings_cache"):
            self._mappings_cache = {}
        return self._mappings_cache

    def mappings_for(self, checklist_id: str, version: str) -> list[Mapping]:
        """The stored mappings with one side at this checklist version: the latest of each mapping id."""
        latest: dict[str, StoredMapping] = {}
        for stored in self.stored_mappings():
            if (checklist_id, version) in ((stored.source_checklist, stored.source_version),
                                           (stored.target_checklist, stored.target_version)):
                latest[stored.mapping_id] = stored  # ordered by id within a mapping id
        return [self.mapping(stored.id) for stored in latest.values()]

    # -- origins ------------------------------------------------------------------------------------

    def answer_origins(self, assessment_id: int) -> dict[str, AnswerOrigin]:
        """The origin of each pre-filled answer of an assessment, by measure code."""
        self._require_assessment("read", assessment_id)
        if not self._mapping_tables():
            return {}
        rows = self._rows(_ORIGIN_SQL + " WHERE assessment_id = ? ORDER BY item_code", [assessment_id])
        return {row["item_code"]: _origin_from_row(row) for row in rows}

    def _origin(self, assessment_id: int, item_code: str) -> AnswerOrigin | None:
        if not self._mapping_tables():
            return None
        row = self._row(_ORIGIN_SQL + " WHERE assessment_id = ? AND item_code = ?", [assessment_id, item_code])
        return _origin_from_row(row) if row else None

    def pending_prefills(self, assessment_id: int) -> list[str]:
        """Codes of partial pre-fills not yet confirmed (they block finalising)."""
        self._require_assessment("read", assessment_id)
        answers = self.answers(assessment_id)
        return [code for code, origin in self.answer_origins(assessment_id).items()
                if origin.needs_review and code in answers and answers[code].is_answered]

    def _confirm_origin(self, record: AssessmentRecord, item_code: str, now: str) -> None:
        """Confirm a pre-filled answer (inside a write): it stays, marked confirmed, and no longer follows."""
        origin = self._origin(record.id, item_code)
        if origin is None or origin.confirmed:
            return
        self.db.execute("UPDATE answer_origins SET confirmed = 1 WHERE assessment_id = ? AND item_code = ?",
                        [record.id, item_code])
        relation = label("relation", origin.relation)
        self._log("answer", f"{ORIGIN_FIELD} bevestigd", None, f"{origin.source_code} ({relation})",
                  assessment_id=record.id, organisation_code=record.organisation_code, item_code=item_code, at=now)

    def _release_origin(self, record: AssessmentRecord, item_code: str, now: str) -> None:
        """The user answered a pre-filled measure themselves (inside a write): the answer is their own now."""
        origin = self._origin(record.id, item_code)
        if origin is None:
            return
        self.db.execute("DELETE FROM answer_origins WHERE assessment_id = ? AND item_code = ?", [record.id, item_code])
        self._log("answer", ORIGIN_FIELD, f"{origin.source_code} ({origin.source_checklist})", None,
                  assessment_id=record.id, organisation_code=record.organisation_code, item_code=item_code, at=now)

    # -- pre-filling --------------------------------------------------------------------------------

    def _mapped_targets(
        self, record: AssessmentRecord, item_code: str
    ) -> list[tuple[AssessmentRecord, str, str]]:
        """(target assessment, target code, relation) for a measure of ``record``: the concepts of the
        other checklist of the same organisation and period whose version a stored mapping covers."""
        found: list[tuple[AssessmentRecord, str, str]] = []
        seen: set[tuple[int, str]] = set()
        for mapping in self.mappings_for(record.checklist_id, record.checklist_version):
            for other_id, other_version, pair in mapping.counterparts(record.checklist_id, record.checklist_version,
                                                                      item_code):
                code = pair.target if other_id == mapping.target.checklist else pair.source
                for target in self.assessments(organisation_code=record.organisation_code, checklist_id=other_id,
                                               period=record.period, status=CONCEPT):
                    if target.id == record.id or target.origin == IMPORTED or target.checklist_version != other_version:
                        continue
                    if (target.id, code) not in seen:
                        seen.add((target.id, code))
                        found.append((target, code, pair.relation))
        return found

    def _answer_changed(self, record: AssessmentRecord, source_checklist: Checklist, item_code: str,
                        answer: Answer | None, now: str) -> None:
        """A user's own answer changed (inside the write of ``set_answer``): pre-fill the mapped measures."""
        for target, code, relation in self._mapped_targets(record, item_code):
            self._prefill(target, code, record, source_checklist, item_code, relation, answer, now)

    def _prefill(self, target: AssessmentRecord, code: str, source: AssessmentRecord, source_checklist: Checklist,
                 source_code: str, relation: str, answer: Answer | None, now: str) -> bool:
        """Pre-fill (or follow, or withdraw) one mapped answer; True when something was written."""
        checklist = self.checklist(target.snapshot_id)
        item = checklist.item(code)
        if item is None or not item.applies(target.organisation_type):
            return False
        current = self.answers(target.id).get(code)
        origin = self._origin(target.id, code)
        if origin is None and current is not None and current.is_answered:
            return False  # the user's own answer (or one carried over from last year): never overwritten
        if origin is not None and (origin.confirmed or (origin.source_checklist, origin.source_code)
                                   != (source_checklist.id, source_code)):
            return False  # confirmed, or taken over from another measure: left as it is
        if answer is None or not answer.is_answered or not _fits(item, checklist, answer):
            if origin is None:
                return False
            self._write_prefill(target, code, current, None, relation, now)
            self.db.execute("DELETE FROM answer_origins WHERE assessment_id = ? AND item_code = ?", [target.id, code])
            self._log("answer", ORIGIN_FIELD, f"{source_code} ({source_checklist.title})", None,
                      assessment_id=target.id, organisation_code=target.organisation_code, item_code=code, at=now)
            return True
        if current is not None and current.is_answered and _value_text(current) == _value_text(answer):
            return False
        self._write_prefill(target, code, current, answer, relation, now)
        if origin is None:
            self.db.execute(
                "INSERT INTO answer_origins (assessment_id, item_code, source_assessment_id, source_checklist, "
                "source_title, source_code, relation, confirmed, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                [target.id, code, source.id, source_checklist.id, source_checklist.title, source_code, relation, now,
                 self.actor],
            )
        self._log("answer", ORIGIN_FIELD, None,
                  f"{source_code} ({source_checklist.title}), {label('relation', relation)}: {_value_text(answer)}",
                  assessment_id=target.id, organisation_code=target.organisation_code, item_code=code, at=now)
        return True

    def _write_prefill(self, target: AssessmentRecord, code: str, current: Answer | None, answer: Answer | None,
                       relation: str, now: str) -> None:
        base = current or Answer(code)
        level = None if answer is None or answer.not_applicable else answer.level
        not_applicable = bool(answer and answer.not_applicable)
        reason = answer.na_reason if answer is not None and answer.not_applicable else ""
        carried = answer is not None and relation == "partial"
        self.db.execute(
            "INSERT INTO answers (assessment_id, item_code, level, not_applicable, na_reason, comment, evidence, "
            "carried_over, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (assessment_id, item_code) DO UPDATE SET level = excluded.level, "
            "not_applicable = excluded.not_applicable, na_reason = excluded.na_reason, "
            "carried_over = excluded.carried_over, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            [target.id, code, level, int(not_applicable), reason, base.comment, base.evidence, int(carried), now,
             self.actor],
        )
        for key, old, new in (("level", base.level, level), ("not_applicable", base.not_applicable, not_applicable),
                              ("na_reason", base.na_reason, reason), ("te beoordelen", base.carried_over, carried)):
            if old != new:
                self._log("answer", key, old, new, assessment_id=target.id,
                          organisation_code=target.organisation_code, item_code=code, at=now)
        self.db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, target.id])

    def _prefill_new(self, target_id: int, now: str) -> int:
        """Pre-fill a new concept (inside its creating write) from the other checklists' assessments of
        the same organisation and period; returns how many answers were filled."""
        target = self.assessment(target_id)
        filled = 0
        for mapping in self.mappings_for(target.checklist_id, target.checklist_version):
            for side, other in ((mapping.source, mapping.target), (mapping.target, mapping.source)):
                if (side.checklist, side.version) != (target.checklist_id, target.checklist_version):
                    continue
                sources = [a for a in self.assessments(organisation_code=target.organisation_code,
                                                       checklist_id=other.checklist, period=target.period)
                           if a.origin != IMPORTED and a.checklist_version == other.version]
                if not sources:
                    continue
                source = max(sources, key=lambda a: a.id)
                source_checklist = self.checklist(source.snapshot_id)
                own = self.answers(source.id)
                taken = self.answer_origins(source.id)
                for pair in mapping.pairs:
                    source_code, code = ((pair.target, pair.source) if side is mapping.source
                                         else (pair.source, pair.target))
                    answer = own.get(source_code)
                    if answer is None or source_code in taken or not answer.is_answered:
                        continue
                    filled += self._prefill(target, code, source, source_checklist, source_code, pair.relation,
                                            answer, now)
        return filled


def _fits(item: Item, checklist: Checklist, answer: Answer) -> bool:
    """Whether an answer can be pre-filled into a measure: n.v.t. allowed there, the level on its scale."""
    if answer.not_applicable:
        return item.allows_na
    return answer.level in checklist.scale_values
