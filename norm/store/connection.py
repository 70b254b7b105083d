"""One connection to a weerbaar database: opening and migrating it, write transactions, reading
rows by column name, the change log and the settings. ``Store`` (``norm.store.database``) builds the
domain on it.

A connection may be used from a worker thread other than the one that opened it (one thread at a
time; calls are serialised with a lock). Every write runs in a ``BEGIN IMMEDIATE`` transaction so
concurrent processes queue on the busy timeout instead of failing with "database is locked"
halfway through.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from norm.errors import LockedError, StoreError
from norm.store.records import ChangeEntry, record
from norm.store.schema import build_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 15_000


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


def _log_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


class Connection:
    """Access to one weerbaar database file: the part of ``Store`` that knows no domain."""

    def __init__(
        self,
        path: str | Path,
        *,
        actor: str | None = None,
        clock: Callable[[], str] = utc_now,
        migrate: bool = True,
    ):
        """Open (and unless told otherwise migrate) the database at ``path``.

        Raises:
            StoreError: the folder of ``path`` does not exist, or the database cannot be opened
                or migrated.
        """
        self.path = Path(path)
        self.actor = actor or default_actor()
        self.clock = clock
        self._lock = threading.RLock()
        folder = self.path.parent
        if not folder.is_dir():
            # Creating folders is the caller's decision (the CLI makes the per-user data folder);
            # a typo in --db must not leave a tree of new folders behind.
            raise StoreError(f"De map '{folder}' bestaat niet; maak haar eerst aan of kies een andere plek "
                             "voor de database.")
        # Imported here, not at module level: sqlite-utils imports click at import time.
        from sqlite_utils import Database

        try:
            connection = sqlite3.connect(str(self.path), check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as error:
            raise StoreError(f"De database '{self.path}' kan niet worden geopend: {error}.") from None
        self.db = Database(connection)
        try:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                self.migrate()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(f"'{self.path}' is geen bruikbare weerbaar-database: {error}.") from None
        except BaseException:
            connection.close()
            raise
        _restrict_permissions(self.path)

    # -- lifecycle ------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply pending migrations (harmless when there are none).

        All of them run under one write lock, so two processes opening a new database at the same
        moment do not both try to create the tables: the second waits, then finds nothing pending.

        Raises:
            StoreError: the database is unavailable or refused a migration.
        """
        try:
            with self.write():
                build_migrations().apply(self.db)
        except sqlite3.OperationalError as error:
            raise StoreError(f"De database is niet beschikbaar: {error}.") from None
        except sqlite3.DatabaseError as error:
            raise StoreError(f"De database kon niet worden bijgewerkt: {error}.") from None

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Self:
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

    # -- reading rows by name -------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self.db.conn.cursor()
            cursor.row_factory = sqlite3.Row
            return cursor.execute(sql, params).fetchall()

    def _row(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            cursor = self.db.conn.cursor()
            cursor.row_factory = sqlite3.Row
            found: sqlite3.Row | None = cursor.execute(sql, params).fetchone()
            return found

    def _insert(self, sql: str, params: Sequence[Any]) -> int:
        row_id = self.db.conn.execute(sql, params).lastrowid
        assert row_id is not None  # an INSERT always sets it
        return row_id

    # -- change log -----------------------------------------------------------------------------

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
        actor: str | None = None,
    ) -> None:
        # A plain INSERT: the change log is written on every save and every imported bundle.
        self.db.conn.execute(
            "INSERT INTO changelog (at, actor, assessment_id, organisation_code, entity, item_code, field, "
            "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [at or self.clock(), actor or self.actor, assessment_id, organisation_code, entity, item_code,
             field_name, _log_value(old), _log_value(new)],
        )

    def log_change(
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
        actor: str | None = None,
    ) -> None:
        """Append one entry to the change log: ``old`` -> ``new`` of ``field_name`` of an ``entity``.

        Runs in the caller's transaction when there is one, so the entry commits (or not) with the
        change it describes. ``at`` defaults to the store's clock, ``actor`` to the store's actor.

        Raises:
            StoreError: the database refused the entry.
        """
        try:
            with self.write():
                self._log(entity, field_name, old, new, assessment_id=assessment_id,
                          organisation_code=organisation_code, item_code=item_code, at=at, actor=actor)
        except sqlite3.DatabaseError as error:
            raise self._guard(error) from None

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
        return [record(ChangeEntry, row) for row in self._rows(sql, params)]

    def last_logged_values(self, entity: str, assessment_ids: Iterable[int]) -> dict[int, str | None]:
        """The new value of the latest change-log entry of ``entity``, per assessment that has one."""
        ids = list(assessment_ids)
        found: dict[int, str | None] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            placeholders = ",".join("?" * len(chunk))  # only placeholders go into the SQL text
            rows = self._rows(
                "SELECT assessment_id, new_value FROM changelog WHERE entity = ? "  # noqa: S608
                f"AND assessment_id IN ({placeholders}) ORDER BY id",
                [entity, *chunk],
            )
            found.update((row["assessment_id"], row["new_value"]) for row in rows)
        return found

    def _guard(self, error: sqlite3.DatabaseError) -> StoreError:
        message = str(error)
        if "definitief" in message:
            return LockedError("Deze beoordeling is definitief en kan niet meer worden gewijzigd.")
        if "wijzigingslogboek" in message or "checklistversie" in message:
            return LockedError(message[:1].upper() + message[1:] + ".")
        if "locked" in message or "busy" in message:
            return StoreError("De database is bezet door een ander proces; probeer het opnieuw.")
        return StoreError(f"De database weigerde de wijziging: {message}.")

    # -- settings -------------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._row("SELECT value FROM settings WHERE key = ?", [key])
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (not logged: settings are the program's, not the assessments')."""
        with self.write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
