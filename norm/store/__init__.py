"""The SQLite store: the only code that writes to a weerbaar database."""

from norm.errors import IncompleteError, InvalidInputError, LockedError, NotFoundError, StoreError
from norm.store.database import (
    BUSY_TIMEOUT_MS,
    AssessmentRecord,
    ChangeEntry,
    ChecklistSnapshot,
    Organisation,
    Store,
    default_actor,
    utc_now,
)
from norm.vocabulary import MAX_TEXT, PERIOD_PATTERN

__all__ = [
    "BUSY_TIMEOUT_MS",
    "MAX_TEXT",
    "PERIOD_PATTERN",
    "AssessmentRecord",
    "ChangeEntry",
    "ChecklistSnapshot",
    "IncompleteError",
    "InvalidInputError",
    "LockedError",
    "NotFoundError",
    "Organisation",
    "Store",
    "StoreError",
    "default_actor",
    "utc_now",
]
