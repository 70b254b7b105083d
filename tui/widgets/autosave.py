"""Saving as the user types: a queue of pending writes and the indicator that shows its state.

The editor puts a write in the queue for every change (keyed, so a newer value of the same field
replaces an older one that has not been written yet) and flushes the queue at most
``SAVE_DELAY`` seconds after the first unsaved change, in a thread worker. Flushing pops the
pending writes under the write lock, so writes happen in the order the user made them even when
two flushes overlap. On leaving the editor and on quitting the queue is flushed synchronously.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from textual.reactive import reactive
from textual.widgets import Static

from norm.store import InvalidInputError, LockedError, NotFoundError, StoreError
from tui.i18n import t

SAVE_DELAY = 0.3
"""Seconds between the first unsaved change and the write (the issue allows at most 0.5 s)."""

Write = Callable[[], object]


@dataclass(frozen=True)
class SaveFailure:
    key: Hashable
    message: str
    retry: bool


class AutoSaver:
    """Pending writes for one assessment, flushed in order; usable from any thread."""

    def __init__(self) -> None:
        self._pending: OrderedDict[Hashable, Write] = OrderedDict()
        self._quiet: set[Hashable] = set()
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()

    def put(self, key: Hashable, write: Write, *, quiet: bool = False) -> None:
        """Queue a write; replaces a pending write with the same key.

        A quiet write (the remembered cursor position) is no change of content: it does not make
        the indicator say "Opslaan…".
        """
        with self._lock:
            self._pending.pop(key, None)
            self._pending[key] = write
            if quiet:
                self._quiet.add(key)
            else:
                self._quiet.discard(key)

    @property
    def has_pending(self) -> bool:
        with self._lock:
            return bool(self._pending)

    @property
    def has_pending_changes(self) -> bool:
        """Whether content (not only the cursor position) waits to be written."""
        with self._lock:
            return any(key not in self._quiet for key in self._pending)

    def flush(self) -> list[SaveFailure]:
        """Run every pending write; returns what failed (a retryable failure is queued again)."""
        failures: list[SaveFailure] = []
        with self._write_lock:
            with self._lock:
                batch = list(self._pending.items())
                self._pending.clear()
            for key, write in batch:
                try:
                    write()
                except (InvalidInputError, LockedError, NotFoundError) as error:
                    failures.append(SaveFailure(key, str(error), retry=False))
                except (StoreError, sqlite3.Error) as error:
                    failures.append(SaveFailure(key, str(error), retry=True))
                    with self._lock:
                        self._pending.setdefault(key, write)
                except Exception as error:  # noqa: BLE001 - a failed save is reported, never a crash
                    failures.append(SaveFailure(key, f"{type(error).__name__}: {error}", retry=False))
        return failures


class SaveIndicator(Static):
    """Shows "Opslaan…" while changes wait to be written and "Opgeslagen" when all are saved."""

    state: reactive[str] = reactive("saved")
    message: reactive[str] = reactive("")
    saved_at: reactive[str] = reactive("")

    def render(self) -> str:
        if self.state == "pending":
            return t("save.pending")
        if self.state == "error":
            return t("save.error", error=self.message)
        if self.saved_at:
            return t("save.saved_at", time=self.saved_at)
        return t("save.saved")

    def watch_state(self, state: str) -> None:
        for name in ("saved", "pending", "error"):
            self.set_class(state == name, f"-{name}")
