"""The action plan: improvement actions that live on after finalising, and carry over to the next period.

The judgement of a definitive assessment (its answers) is locked; its plan is not. An action of a
definitive *local* assessment may still change its status (open / lopend / gereed), its deadline and
its note, each change logged. Migration ``m007`` enforces exactly that in the database; these methods
are the one way the program makes such a change.

Open actions of the previous assessment come along into a new one (with or without carrying over the
answers: the plan goes on whichever way the user starts), each linked to the action it came from by
``origin_action_id``. The plan of an organisation shows each chain once, by its newest link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.answers import Action
from norm.errors import InvalidInputError, LockedError, NotFoundError
from norm.store.connection import Connection
from norm.store.records import record
from norm.vocabulary import DONE_ACTION_STATUS, IMPORTED, MAX_TEXT

if TYPE_CHECKING:
    from norm.access import Action as AccessAction
    from norm.checklist import Checklist
    from norm.store.records import AssessmentRecord

_UNSET: Any = object()

_INSERT_CARRIED = (
    "INSERT INTO actions (assessment_id, item_code, description, owner, deadline, status, created_at, updated_at, "
    "note, origin_action_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_PLAN_SQL = """
    SELECT x.item_code, x.description, x.owner, x.deadline, x.status, x.id, x.note,
           x.origin_action_id AS origin_id, a.id AS assessment_id, a.period, a.status AS assessment_status,
           a.origin AS assessment_origin, s.checklist_id
    FROM actions x
    JOIN assessments a ON a.id = x.assessment_id
    JOIN checklist_snapshots s ON s.id = a.snapshot_id
    WHERE a.organisation_code = ?
      AND NOT EXISTS (SELECT 1 FROM actions AS later WHERE later.origin_action_id = x.id)
"""


def is_overdue(action: Action, today: str) -> bool:
    """An action that is not done and whose deadline (``JJJJ-MM-DD``) lies before ``today``."""
    return action.status != DONE_ACTION_STATUS and bool(action.deadline) and str(action.deadline) < today


@dataclass(frozen=True)
class PlanEntry:
    """One action in the plan of an organisation, with the assessment it belongs to."""

    action: Action
    assessment_id: int
    period: str
    checklist_id: str
    assessment_status: str
    editable: bool
    """Whether this program may change its status, deadline and note (not for a received assessment)."""
    overdue: bool


class PlanMethods(Connection):
    """The action-plan part of ``Store``."""

    if TYPE_CHECKING:  # provided by Store
        def _require(self, action: AccessAction, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: AccessAction, assessment_id: int,
                                item_code: str | None = None) -> None: ...
        def _require_action_row(self, action_id: int) -> None: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...
        def actions(self, assessment_id: int) -> list[Action]: ...
        def _validate_action(self, description: str, owner: str, deadline: str | None,
                             status: str) -> tuple[str, str, str | None, str]: ...

    def today(self) -> str:
        """Today's date by the store's clock, ``JJJJ-MM-DD`` (what "overdue" is measured against)."""
        return self.clock()[:10]

    def action(self, action_id: int) -> tuple[int, Action]:
        """The assessment id and the action with this id.

        Raises:
            NotFoundError: there is none.
        """
        row = self._row(
            "SELECT assessment_id, item_code, description, owner, deadline, status, id, note, "
            "origin_action_id AS origin_id FROM actions WHERE id = ?",
            [action_id],
        )
        if row is None:
            raise NotFoundError(f"Onbekende verbeteractie {action_id}.")
        self._require_assessment("read", int(row["assessment_id"]))
        return int(row["assessment_id"]), record(Action, row)

    def update_plan(
        self, action_id: int, *, status: str | None = _UNSET, deadline: str | None = _UNSET,
        note: str | None = _UNSET,
    ) -> bool:
        """Change the status, deadline or note of an action, also on a definitive assessment.

        Only the fields given change; each change is logged. Returns whether anything changed.
        ``deadline=None`` (or empty) removes the deadline.

        Raises:
            NotFoundError: an unknown action.
            LockedError: the action belongs to an assessment received from another organisation.
            InvalidInputError: an unknown status, a deadline that is not a date, a note that is too
                long or holds a NUL character.
        """
        self._require_action_row(action_id)
        with self._lock, self.write() as db:
            assessment_id, current = self.action(action_id)
            owner = self.assessment(assessment_id)
            if owner.origin == IMPORTED:
                raise LockedError(
                    f"Verbeteractie {action_id} hoort bij een inzending van {owner.organisation_name} en kan hier "
                    "niet worden gewijzigd."
                )
            _, _, new_deadline, new_status = self._validate_action(
                current.description or "-", "",
                current.deadline if deadline is _UNSET else deadline,
                current.status if status is _UNSET or status is None else status,
            )
            new_note = current.note if note is _UNSET else (note or "").strip()
            if len(new_note) > MAX_TEXT:
                raise InvalidInputError(f"De notitie is te lang (meer dan {MAX_TEXT} tekens).")
            if "\x00" in new_note:
                raise InvalidInputError("De notitie bevat een ongeldig teken.")
            changes = {name: (old, new) for name, old, new in (
                ("status", current.status, new_status),
                ("deadline", current.deadline, new_deadline),
                ("note", current.note, new_note),
            ) if old != new}
            if not changes:
                return False
            now = self.clock()
            db.execute(
                "UPDATE actions SET status = ?, deadline = ?, note = ?, updated_at = ? WHERE id = ?",
                [new_status, new_deadline, new_note, now, action_id],
            )
            for name, (old, new) in changes.items():
                self._log("action", name, old, new, assessment_id=assessment_id,
                          organisation_code=owner.organisation_code, item_code=current.item_code, at=now)
            db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, assessment_id])
            return True

    def _carry_over_actions(self, target_id: int, source_id: int, checklist: Checklist, org_type: str,
                            now: str) -> int:
        """Copy the actions of ``source_id`` that are not done into ``target_id``, linked to them."""
        applicable = {item.code for item in checklist.applicable_items(org_type)}
        rows = [
            (target_id, action.item_code, action.description, action.owner, action.deadline, action.status,
             now, now, action.note, action.id)
            for action in self.actions(source_id)
            if action.item_code in applicable and action.status != DONE_ACTION_STATUS
        ]
        self.db.conn.executemany(_INSERT_CARRIED, rows)
        if rows:
            self._log("action", "overgenomen van", None, f"beoordeling {source_id} ({len(rows)} acties)",
                      assessment_id=target_id, at=now)
        return len(rows)

    def action_plan(self, organisation_code: str, *, include_done: bool = False) -> list[PlanEntry]:
        """The plan of an organisation across periods: each action chain once, by its newest link.

        Open and running actions (and done ones with ``include_done``), overdue ones first, then by
        deadline (none last), period and measure.
        """
        self._require("read", organisation_code)
        today = self.today()
        entries = []
        for row in self._rows(_PLAN_SQL, [organisation_code]):
            action = record(Action, row)
            if action.status == DONE_ACTION_STATUS and not include_done:
                continue
            entries.append(PlanEntry(action, int(row["assessment_id"]), row["period"], row["checklist_id"],
                                     row["assessment_status"], row["assessment_origin"] != IMPORTED,
                                     is_overdue(action, today)))
        entries.sort(key=lambda e: (not e.overdue, e.action.deadline or "9999", e.period, e.action.item_code,
                                    e.action.id or 0))
        return entries


def parse_deadline(text: str) -> str | None:
    """A deadline typed by a user: ``JJJJ-MM-DD`` or empty (no deadline).

    Raises:
        InvalidInputError: anything else.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInputError(
            f"Ongeldige deadline '{text[:40]}': gebruik JJJJ-MM-DD, bijvoorbeeld 2027-03-31."
        ) from None


