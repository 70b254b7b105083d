"""History and undo: the change log of one measure, and restoring an answer as it was.

Undo does not erase anything: restoring the previous answer is itself a change, logged like any
other (plus an entry ``ongedaan gemaakt``). A pre-fill from another checklist (``answer_origins``) is
not brought back by undo: the restored answer counts as the user's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from norm.answers import Answer
from norm.store.connection import Connection
from norm.store.records import ChangeEntry, record

if TYPE_CHECKING:
    from norm.access import Action
    from norm.checklist import Checklist
    from norm.store.records import AssessmentRecord


def describe_answer(answer: Answer | None) -> str:
    """``niveau 2`` / ``n.v.t.: reden`` / ``geen antwoord`` (Dutch, for the log)."""
    if answer is None or not answer.is_answered:
        return "geen antwoord"
    return f"n.v.t.: {answer.na_reason}" if answer.not_applicable else f"niveau {answer.level}"


class HistoryMethods(Connection):
    """The history part of ``Store``."""

    if TYPE_CHECKING:  # provided by Store
        def _require(self, action: Action, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None: ...
        def _require_action_row(self, action_id: int) -> None: ...
        def answers(self, assessment_id: int) -> dict[str, Answer]: ...
        def _editable(self, assessment_id: int) -> tuple[AssessmentRecord, Checklist]: ...
        def set_answer(self, assessment_id: int, item_code: str, *, level: int | None = ...,
                       not_applicable: str | None = ..., comment: str | None = ..., evidence: str | None = ...,
                       reviewed: bool = True) -> Answer: ...

    def item_history(self, assessment_id: int, item_code: str) -> list[ChangeEntry]:
        """The change-log entries of one measure of an assessment (answers, actions, documents), oldest first."""
        self._require_assessment("read", assessment_id)
        rows = self._rows(
            "SELECT id, at, actor, assessment_id, organisation_code, entity, item_code, field, old_value, new_value "
            "FROM changelog WHERE assessment_id = ? AND item_code = ? ORDER BY id",
            [assessment_id, item_code],
        )
        return [record(ChangeEntry, row) for row in rows]

    def restore_answer(self, assessment_id: int, item_code: str, previous: Answer) -> Answer:
        """Put an answer back as ``previous`` was (level or n.v.t., comment, evidence, to-review mark).

        Every field that changes is logged, and one entry ``ongedaan gemaakt`` says what was restored.

        Raises:
            NotFoundError, LockedError, InvalidInputError: as ``set_answer``.
        """
        self._require_assessment("edit", assessment_id, item_code)
        with self._lock, self.write() as db:
            record_, _ = self._editable(assessment_id)
            current = self.answers(assessment_id).get(item_code)
            fields: dict[str, Any] = {"comment": previous.comment, "evidence": previous.evidence,
                                      "reviewed": not previous.carried_over}
            if previous.not_applicable and previous.na_reason.strip():
                self.set_answer(assessment_id, item_code, not_applicable=previous.na_reason, **fields)
            else:
                self.set_answer(assessment_id, item_code, level=previous.level, **fields)
            now_answer = self.answers(assessment_id)[item_code]
            now = self.clock()
            if now_answer.carried_over != previous.carried_over:
                db.execute(
                    "UPDATE answers SET carried_over = ?, updated_at = ?, updated_by = ? "
                    "WHERE assessment_id = ? AND item_code = ?",
                    [int(previous.carried_over), now, self.actor, assessment_id, item_code],
                )
                self._log("answer", "te beoordelen", now_answer.carried_over, previous.carried_over,
                          assessment_id=assessment_id, organisation_code=record_.organisation_code,
                          item_code=item_code, at=now)
            self._log("answer", "ongedaan gemaakt", describe_answer(current), describe_answer(previous),
                      assessment_id=assessment_id, organisation_code=record_.organisation_code,
                      item_code=item_code, at=now)
            return self.answers(assessment_id)[item_code]
