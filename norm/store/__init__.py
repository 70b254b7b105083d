"""The SQLite store: the only code that writes to a weerbaar database."""

from norm.errors import IncompleteError, InvalidInputError, LockedError, NotFoundError, StoreError
from norm.store.connection import BUSY_TIMEOUT_MS, default_actor, utc_now
from norm.store.database import Store
from norm.store.records import (
    ActionData,
    AnswerData,
    AssessmentContent,
    AssessmentRecord,
    ChangeEntry,
    ChecklistSnapshot,
    Organisation,
    ReceivedAttachment,
)
from norm.vocabulary import MAX_TEXT, PERIOD_PATTERN

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MAX_TEXT",
    "PERIOD_PATTERN",
    "ActionData",
    "AnswerData",
    "AssessmentContent",
    "AssessmentRecord",
    "ChangeEntry",
    "ChecklistSnapshot",
    "IncompleteError",
    "InvalidInputError",
    "LockedError",
    "NotFoundError",
    "Organisation",
    "ReceivedAttachment",
    "Store",
    "StoreError",
    "default_actor",
    "utc_now",
]
