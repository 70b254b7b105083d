"""The value types of an assessment: answers and improvement actions."""

from __future__ import annotations

from dataclasses import dataclass

from norm.vocabulary import ActionStatus


@dataclass(frozen=True)
class Answer:
    """The answer to one measure: a level, or n.v.t. with a reason, plus comment and evidence."""

    item_code: str
    level: int | None = None
    not_applicable: bool = False
    na_reason: str = ""
    comment: str = ""
    evidence: str = ""
    carried_over: bool = False
    updated_at: str | None = None
    updated_by: str | None = None

    @property
    def is_answered(self) -> bool:
        """Answered means a level, or n.v.t. with a non-empty reason."""
        if self.not_applicable:
            return bool(self.na_reason.strip())
        return self.level is not None


@dataclass(frozen=True)
class Action:
    """An improvement action for a measure that falls short."""

    item_code: str
    description: str
    owner: str = ""
    deadline: str | None = None
    status: ActionStatus = "open"
    id: int | None = None
    note: str = ""
    """A note on the progress of the plan (may change after finalising)."""
    origin_id: int | None = None
    """The action of the previous assessment this one was carried over from."""
