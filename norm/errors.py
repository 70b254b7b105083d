"""The errors a user may see. Every one derives from ``WeerbaarError``, whose message is a complete
sentence (Dutch) that the command line prints on one line and the terminal interface shows as it is;
the CLI and the TUI catch this one base class, never a traceback.
"""

from __future__ import annotations


class WeerbaarError(Exception):
    """A user-facing error: the message says what is wrong and, where it can, what to do."""


class StoreError(WeerbaarError):
    """The database refused or could not do what was asked."""


class NotFoundError(StoreError):
    """An organisation, checklist, assessment or action that does not exist."""


class InvalidInputError(StoreError):
    """A value that does not fit: a bad code, period, level, date or text."""


class LockedError(StoreError):
    """A change to something that is definitive (or otherwise not to be changed here)."""


class IncompleteError(StoreError):
    """Finalising was refused; ``open_items`` and ``na_without_reason`` say why."""

    def __init__(self, message: str, open_items: list[str], na_without_reason: list[str]):
        super().__init__(message)
        self.open_items = open_items
        self.na_without_reason = na_without_reason


class ShortfallsError(StoreError):
    """Finalising was refused: basisnorm measures fall short without an improvement action, and the
    user did not acknowledge that; ``items`` names them."""

    def __init__(self, message: str, items: list[str]):
        super().__init__(message)
        self.items = items
