"""The trusted exchange in the store: the key register, export and receive sequences, the bundle files
recognised by their hash, and the sign-off (vaststelling). ``Store`` inherits these methods.

The register says which public key belongs to which organisation code; an import accepts a bundle
only when it is signed by a key with status ``vertrouwd`` for the organisation it names. A key is
never deleted: it is revoked (``ingetrokken``) or replaced by an announced successor (``vervangen``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.errors import InvalidInputError, LockedError, NotFoundError
from norm.store.connection import Connection
from norm.vocabulary import MAX_NAME

if TYPE_CHECKING:
    from norm.access import Action
    from norm.store.records import AssessmentRecord, Organisation

TRUSTED = "vertrouwd"
REVOKED = "ingetrokken"
REPLACED = "vervangen"
KEY_STATUSES = (TRUSTED, REVOKED, REPLACED)
MAX_DECISION = 200


@dataclass(frozen=True)
class KeyEntry:
    """One public key in the register."""

    id: int
    organisation_code: str
    public_key: str
    fingerprint: str
    status: str
    receiver: bool
    source: str
    added_at: str | None
    added_by: str | None
    changed_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation_code,
            "public_key": self.public_key,
            "fingerprint": self.fingerprint,
            "status": self.status,
            "receiver": self.receiver,
            "source": self.source,
            "added_at": self.added_at,
            "changed_at": self.changed_at,
        }


@dataclass(frozen=True)
class SignOff:
    """Who established (stelde vast) an assessment, in which role, when and by which decision."""

    name: str
    role: str
    decided_on: str
    decision: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "decided_on": self.decided_on, "decision": self.decision}


@dataclass(frozen=True)
class ReceivedBundle:
    """What the receiver holds of a received assessment: sequence, signing key, export moment."""

    sequence: int
    fingerprint: str
    exported_at: str
    received_at: str | None


def check_sign_off(sign_off: SignOff) -> SignOff:
    """The sign-off with its texts trimmed.

    Raises:
        InvalidInputError: a missing name or role, a date that does not exist, or texts too long.
    """
    name, role, decision = sign_off.name.strip(), sign_off.role.strip(), sign_off.decision.strip()
    if not name or not role:
        raise InvalidInputError("Vul bij de vaststelling de naam en de rol in (bijvoorbeeld gemeentesecretaris).")
    if len(name) > MAX_NAME or len(role) > MAX_NAME or len(decision) > MAX_DECISION:
        raise InvalidInputError("De naam, rol of besluitverwijzing van de vaststelling is te lang.")
    if any(ch in text for text in (name, role, decision) for ch in ("\x00", "\n", "\r")):
        raise InvalidInputError("De vaststelling bevat een ongeldig teken (een regeleinde of NUL).")
    try:
        dt.date.fromisoformat(sign_off.decided_on)
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"De datum van vaststelling '{sign_off.decided_on}' bestaat niet; gebruik JJJJ-MM-DD."
        ) from None
    return SignOff(name, role, sign_off.decided_on, decision)


def _key(row: sqlite3.Row) -> KeyEntry:
    return KeyEntry(
        row["id"],
        row["organisation_code"],
        row["public_key"],
        row["fingerprint"],
        row["status"],
        bool(row["receiver"]),
        row["source"],
        row["added_at"],
        row["added_by"],
        row["changed_at"],
    )


class TrustMethods(Connection):
    """The key register, sequences, recognised files and sign-offs of a ``Store``."""

    if TYPE_CHECKING:

        def organisation(self, code: str) -> Organisation | None: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...
        def _require(self, action: Action, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int) -> None: ...

    # -- the register -----------------------------------------------------------------------------

    def register_keys(self, organisation_code: str | None = None) -> list[KeyEntry]:
        """Every key in the register (of one organisation when given), oldest first."""
        sql = "SELECT * FROM signing_keys"
        params: list[Any] = []
        if organisation_code is not None:
            sql += " WHERE organisation_code = ?"
            params.append(organisation_code)
        return [_key(row) for row in self._rows(sql + " ORDER BY organisation_code, id", params)]

    def trusted_key(self, organisation_code: str, fingerprint: str) -> KeyEntry | None:
        """The register entry of this key for this organisation, whatever its status."""
        row = self._row(
            "SELECT * FROM signing_keys WHERE organisation_code = ? AND fingerprint = ?",
            [organisation_code, fingerprint],
        )
        return _key(row) if row else None

    def receiver_key(self, organisation_code: str | None = None) -> KeyEntry | None:
        """The trusted key of the default receiver, or of ``organisation_code`` when given."""
        if organisation_code is None:
            row = self._row("SELECT * FROM signing_keys WHERE receiver = 1 AND status = ? ORDER BY id DESC", [TRUSTED])
        else:
            row = self._row(
                "SELECT * FROM signing_keys WHERE organisation_code = ? AND status = ? ORDER BY id DESC",
                [organisation_code, TRUSTED],
            )
        return _key(row) if row else None

    def trust_key(
        self,
        organisation_code: str,
        public_key: str,
        fingerprint: str,
        *,
        source: str = "handmatig",
        receiver: bool = False,
    ) -> tuple[KeyEntry, bool]:
        """Record that ``public_key`` belongs to ``organisation_code``; returns the entry and whether it is new.

        The organisation must already be in the database: the register never creates one.

        Raises:
            NotFoundError: the organisation is unknown.
            LockedError: this key was revoked or replaced for this organisation before.
        """
        self._require("receive", organisation_code)
        organisation = self.organisation(organisation_code)
        if organisation is None:
            raise NotFoundError(
                f"Organisatie {organisation_code} staat niet in deze database; laad de referentieorganisaties "
                "('weerbaar init') of voeg haar toe ('weerbaar org add') voordat u haar sleutel vertrouwt."
            )
        existing = self.trusted_key(organisation.code, fingerprint)
        now = self.clock()
        if existing is not None and existing.status != TRUSTED:
            raise LockedError(
                f"Sleutel {fingerprint} van {organisation.code} is {existing.status} en wordt niet opnieuw vertrouwd."
            )
        with self.write() as db:
            if receiver:
                db.execute("UPDATE signing_keys SET receiver = 0 WHERE receiver = 1")
            if existing is None:
                db.execute(
                    "INSERT INTO signing_keys (organisation_code, public_key, fingerprint, status, receiver, source, "
                    "added_at, added_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [organisation.code, public_key, fingerprint, TRUSTED, int(receiver), source, now, self.actor, now],
                )
                self._log("sleutel", "vertrouwd", None, fingerprint, organisation_code=organisation.code, at=now)
            elif receiver and not existing.receiver:
                db.execute("UPDATE signing_keys SET receiver = 1, changed_at = ? WHERE id = ?", [now, existing.id])
        entry = self.trusted_key(organisation.code, fingerprint)
        assert entry is not None
        return entry, existing is None

    def revoke_key(self, organisation_code: str, fingerprint: str | None = None) -> list[KeyEntry]:
        """Revoke one trusted key of an organisation, or all of them; returns the revoked entries.

        Raises:
            NotFoundError: no trusted key matches.
        """
        self._require("receive", organisation_code)
        targets = [
            k
            for k in self.register_keys(organisation_code)
            if k.status == TRUSTED and (fingerprint is None or k.fingerprint == fingerprint)
        ]
        if not targets:
            raise NotFoundError(
                f"Er is geen vertrouwde sleutel {fingerprint or ''} van {organisation_code}.".replace("  ", " ")
            )
        now = self.clock()
        with self.write() as db:
            for entry in targets:
                db.execute(
                    "UPDATE signing_keys SET status = ?, receiver = 0, changed_at = ? WHERE id = ?",
                    [REVOKED, now, entry.id],
                )
                self._log(
                    "sleutel", "ingetrokken", entry.fingerprint, None, organisation_code=organisation_code, at=now
                )
        return targets

    def rotate_key(self, organisation_code: str, old_fingerprint: str, public_key: str, fingerprint: str) -> None:
        """Replace a trusted key by the successor it announced (inside the caller's transaction).

        Raises:
            LockedError: the old key is not trusted, or the new one was revoked before.
        """
        self._require("receive", organisation_code)
        old = self.trusted_key(organisation_code, old_fingerprint)
        if old is None or old.status != TRUSTED:
            raise LockedError(f"Sleutel {old_fingerprint} van {organisation_code} is niet vertrouwd.")
        new = self.trusted_key(organisation_code, fingerprint)
        if new is not None and new.status != TRUSTED:
            raise LockedError(f"De aangekondigde sleutel {fingerprint} van {organisation_code} is {new.status}.")
        now = self.clock()
        with self.write() as db:
            db.execute("UPDATE signing_keys SET status = ?, changed_at = ? WHERE id = ?", [REPLACED, now, old.id])
            if new is None:
                db.execute(
                    "INSERT INTO signing_keys (organisation_code, public_key, fingerprint, status, receiver, source, "
                    "added_at, added_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        organisation_code,
                        public_key,
                        fingerprint,
                        TRUSTED,
                        int(old.receiver),
                        f"aangekondigd door {old_fingerprint}",
                        now,
                        self.actor,
                        now,
                    ],
                )
            self._log("sleutel", "vervangen", old_fingerprint, fingerprint, organisation_code=organisation_code, at=now)

    # -- sequences ----------------------------------------------------------------------------------

    def next_export_sequence(self, assessment_id: int) -> int:
        """Count one more export of a local assessment and return its sequence number (1, 2, …)."""
        self._require_assessment("share", assessment_id)
        with self.write() as db:
            db.execute(
                "INSERT INTO export_sequences (assessment_id, sequence) VALUES (?, 1) "
                "ON CONFLICT (assessment_id) DO UPDATE SET sequence = sequence + 1",
                [assessment_id],
            )
            row = db.execute(
                "SELECT sequence FROM export_sequences WHERE assessment_id = ?", [assessment_id]
            ).fetchone()
        return int(row[0])

    def received_bundle(self, assessment_id: int) -> ReceivedBundle | None:
        """What is held of a received assessment's submission, or None."""
        self._require_assessment("receive", assessment_id)  # the collection round: who sent what
        row = self._row(
            "SELECT sequence, fingerprint, exported_at, received_at FROM received_bundles WHERE assessment_id = ?",
            [assessment_id],
        )
        return (
            ReceivedBundle(row["sequence"], row["fingerprint"], row["exported_at"], row["received_at"]) if row else None
        )

    def record_received(
        self,
        assessment_id: int,
        *,
        sequence: int,
        fingerprint: str,
        exported_at: str,
        file_hash: str | None,
        sign_off: SignOff | None = None,
        replace_sign_off: bool = False,
        log: tuple[str, str | None, str] | None = None,
        organisation_code: str | None = None,
        at: str | None = None,
    ) -> None:
        """Remember the submission now held: sequence, key, export moment, the file it came in, its
        sign-off (``replace_sign_off`` for a newer submission) and the change-log entry ``log``
        (field, old, new), in the importer's transaction, in a few statements.
        """
        self._require_assessment("receive", assessment_id)
        now = at or self.clock()
        if not self.db.conn.in_transaction:
            with self.write():
                self.record_received(assessment_id, sequence=sequence, fingerprint=fingerprint,
                                     exported_at=exported_at, file_hash=file_hash, sign_off=sign_off,
                                     replace_sign_off=replace_sign_off, log=log,
                                     organisation_code=organisation_code, at=now)
            return
        # Inside the importer's transaction: no savepoint of its own (the import is one transaction).
        connection = self.db.conn
        connection.execute(
            "INSERT INTO received_bundles (assessment_id, sequence, fingerprint, exported_at, received_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET sequence = excluded.sequence, "
            "fingerprint = excluded.fingerprint, exported_at = excluded.exported_at, "
            "received_at = excluded.received_at",
            [assessment_id, sequence, fingerprint, exported_at, now],
        )
        if file_hash is not None:
            connection.execute(
                "INSERT OR IGNORE INTO imported_files (file_hash, assessment_id, imported_at) VALUES (?, ?, ?)",
                [file_hash, assessment_id, now],
            )
        if replace_sign_off and sign_off is None:
            connection.execute("DELETE FROM sign_offs WHERE assessment_id = ?", [assessment_id])
        self._write_sign_off(assessment_id, sign_off, now)
        if log is not None:
            self._log("inzending", log[0], log[1], log[2], assessment_id=assessment_id,
                      organisation_code=organisation_code, at=now)

    def imported_file(self, file_hash: str) -> int | None:
        """The assessment a bundle file with this SHA-256 was imported into, or None."""
        self._require("receive", None)
        row = self.db.conn.execute(
            "SELECT assessment_id FROM imported_files WHERE file_hash = ?", [file_hash]
        ).fetchone()
        return None if row is None else int(row[0]) if row[0] is not None else None

    # -- sign-off -----------------------------------------------------------------------------------

    def sign_off(self, assessment_id: int) -> SignOff | None:
        """Who established the assessment, or None when that was not recorded."""
        self._require_assessment("read", assessment_id)
        row = self._row(
            "SELECT name, role, decided_on, decision FROM sign_offs WHERE assessment_id = ?", [assessment_id]
        )
        return SignOff(row["name"], row["role"], row["decided_on"], row["decision"]) if row else None

    def _write_sign_off(self, assessment_id: int, sign_off: SignOff | None, at: str) -> None:
        """Replace the sign-off of an assessment (inside the caller's transaction; locked once definitive).

        ``None`` leaves a concept without one (and touches no table: a partly migrated test database
        has none)."""
        if sign_off is None:
            return
        self.db.conn.execute("DELETE FROM sign_offs WHERE assessment_id = ?", [assessment_id])
        self.db.conn.execute(
            "INSERT INTO sign_offs (assessment_id, name, role, decided_on, decision, recorded_at, recorded_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [assessment_id, sign_off.name, sign_off.role, sign_off.decided_on, sign_off.decision, at, self.actor],
        )
