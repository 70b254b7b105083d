"""Documents attached to a measure as evidence: a policy, minutes, a decision.

The bytes live in the database (table ``attachments``, migration ``m007``) with the name, size,
SHA-256 and date; they are locked with a definitive assessment by SQL triggers. The store never
interprets or runs the content: it stores bytes and hands them back, checking their SHA-256 on the
way out. Names are sanitised to a plain file name (no folders, no control or reserved characters),
so writing one to a folder later cannot escape it. Documents above ``MAX_ATTACHMENT_BYTES`` are
refused with a message that says the limit.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from norm.errors import InvalidInputError, NotFoundError, StoreError
from norm.store.connection import Connection
from norm.store.records import record
from norm.vocabulary import MAX_ATTACHMENT_BYTES, MAX_NAME

MAX_ATTACHMENTS = 200
"""At most this many documents travel with one assessment in a bundle."""

if TYPE_CHECKING:
    from norm.access import Action
    from norm.checklist import Checklist, Item
    from norm.store.records import AssessmentContent, AssessmentRecord

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_ATTACHMENT_SQL = "SELECT id, assessment_id, item_code, name, size, sha256, added_at, added_by FROM attachments"


@dataclass(frozen=True)
class Attachment:
    """A document attached to a measure (without its bytes: see ``Store.attachment_content``)."""

    id: int
    assessment_id: int
    item_code: str
    name: str
    size: int
    sha256: str
    added_at: str | None
    added_by: str | None


def megabytes(size: int) -> str:
    """``1,5 MB`` / ``12 kB`` (Dutch decimal comma), for messages and lists."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


def sanitise_name(name: str) -> str:
    """A plain file name from what the user's file was called.

    Keeps the last path component only, drops control and reserved characters (Windows and POSIX),
    leading dots and trailing dots and spaces, and shortens it to ``MAX_NAME`` characters keeping the
    extension; a Windows device name (``CON``, ``NUL.txt``) gets an underscore in front.

    Raises:
        InvalidInputError: nothing usable is left.
    """
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in {"Cc", "Cf", "Zl", "Zp"})
    base = _RESERVED.sub("_", base).strip().lstrip(".").rstrip(". ")
    if not base.strip("_ "):
        raise InvalidInputError("Het document heeft geen bruikbare naam.")
    if base.split(".", 1)[0].upper() in _WINDOWS_DEVICES:
        base = "_" + base
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        suffix = suffix[:20] if dot and stem else ""
        base = base[: MAX_NAME - len(suffix) - 1] + "." + suffix if suffix else base[:MAX_NAME]
    return base


class AttachmentMethods(Connection):
    """The attachment part of ``Store``."""

    if TYPE_CHECKING:  # provided by Store
        def _require(self, action: Action, organisation_code: str | None) -> None: ...
        def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None: ...
        def _require_action_row(self, action_id: int) -> None: ...
        def _editable(self, assessment_id: int) -> tuple[AssessmentRecord, Checklist]: ...
        def _item_for(self, record: AssessmentRecord, checklist: Checklist, item_code: str) -> Item: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...

    def add_attachment(self, assessment_id: int, item_code: str, name: str, content: bytes) -> int:
        """Attach a document to a measure of a concept; returns its id. Logged.

        Raises:
            NotFoundError: an unknown assessment or measure.
            LockedError: the assessment is definitive or received.
            InvalidInputError: an empty document, one larger than ``MAX_ATTACHMENT_BYTES``, a name with
                nothing usable in it, a measure that does not apply.
        """
        self._require_assessment("edit", assessment_id, item_code)
        if not isinstance(content, bytes | bytearray | memoryview):
            raise InvalidInputError("Een document bestaat uit bytes.")
        data = bytes(content)
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise InvalidInputError(
                f"Het document is te groot ({megabytes(len(data))}); de grens is {megabytes(MAX_ATTACHMENT_BYTES)}. "
                "Verklein het of verwijs ernaar in het bewijs."
            )
        if not data:
            raise InvalidInputError("Het document is leeg.")
        clean = sanitise_name(name)
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            record_, checklist = self._editable(assessment_id)
            item = self._item_for(record_, checklist, item_code)
            now = self.clock()
            try:
                with self.write() as db:
                    attachment_id = self._insert(
                        "INSERT INTO attachments (assessment_id, item_code, name, size, sha256, content, added_at, "
                        "added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [assessment_id, item.code, clean, len(data), digest, sqlite3.Binary(data), now, self.actor],
                    )
                    self._log("attachment", "toegevoegd", None, f"{clean} ({megabytes(len(data))}, sha256 {digest})",
                              assessment_id=assessment_id, organisation_code=record_.organisation_code,
                              item_code=item.code, at=now)
                    db.execute("UPDATE assessments SET updated_at = ? WHERE id = ?", [now, assessment_id])
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None
            return attachment_id

    def add_attachment_file(self, assessment_id: int, item_code: str, path: str | Path) -> int:
        """Attach the file at ``path`` (its size checked before it is read).

        Raises:
            InvalidInputError: the file does not exist, is not a regular file, cannot be read, or as
                ``add_attachment``.
            NotFoundError, LockedError: as ``add_attachment``.
        """
        self._require_assessment("edit", assessment_id, item_code)
        path = Path(path)
        try:
            if not path.is_file():
                raise InvalidInputError(f"Geen bestand: {path.name or path}.")
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise InvalidInputError(
                    f"Het document is te groot ({megabytes(size)}); de grens is {megabytes(MAX_ATTACHMENT_BYTES)}. "
                    "Verklein het of verwijs ernaar in het bewijs."
                )
            with path.open("rb") as handle:
                data = handle.read(MAX_ATTACHMENT_BYTES + 1)
        except OSError as error:
            raise InvalidInputError(f"Kan {path.name} niet lezen: {error.strerror or error}.") from None
        return self.add_attachment(assessment_id, item_code, path.name, data)

    def attachments(self, assessment_id: int, item_code: str | None = None) -> list[Attachment]:
        """The documents of an assessment (of one measure with ``item_code``), by measure and id."""
        self._require_assessment("read", assessment_id)
        sql = _ATTACHMENT_SQL + " WHERE assessment_id = ?"
        params: list[object] = [assessment_id]
        if item_code is not None:
            sql += " AND item_code = ?"
            params.append(item_code)
        return [record(Attachment, row) for row in self._rows(sql + " ORDER BY item_code, id", params)]

    def attachment(self, attachment_id: int) -> Attachment:
        """One document's details.

        Raises:
            NotFoundError: there is none with this id.
        """
        row = self._row(_ATTACHMENT_SQL + " WHERE id = ?", [attachment_id])
        if row is None:
            raise NotFoundError(f"Onbekend document {attachment_id}.")
        self._require_assessment("read", int(row["assessment_id"]))
        return record(Attachment, row)

    def attachment_content(self, attachment_id: int) -> bytes:
        """The bytes of a document, checked against its stored SHA-256.

        Raises:
            NotFoundError: there is none with this id.
            StoreError: the bytes no longer match their SHA-256 (changed outside weerbaar).
        """
        row = self._row("SELECT assessment_id, content, sha256 FROM attachments WHERE id = ?", [attachment_id])
        if row is None:
            raise NotFoundError(f"Onbekend document {attachment_id}.")
        self._require_assessment("read", int(row["assessment_id"]))
        data = bytes(row["content"])
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise StoreError(f"Document {attachment_id} is buiten weerbaar gewijzigd (controlegetal klopt niet).")
        return data

    def delete_attachment(self, attachment_id: int) -> None:
        """Remove a document from a measure of a concept. Logged.

        Raises:
            NotFoundError: there is none with this id.
            LockedError: its assessment is definitive or received.
        """
        with self._lock:
            found = self.attachment(attachment_id)
            self._require_assessment("edit", found.assessment_id, found.item_code)
            record_, _ = self._editable(found.assessment_id)
            try:
                with self.write() as db:
                    db.execute("DELETE FROM attachments WHERE id = ?", [attachment_id])
                    self._log("attachment", "verwijderd", f"{found.name} (sha256 {found.sha256})", None,
                              assessment_id=found.assessment_id, organisation_code=record_.organisation_code,
                              item_code=found.item_code)
            except sqlite3.DatabaseError as error:
                raise self._guard(error) from None

    def _insert_received_attachments(self, written: list[tuple[int, AssessmentContent]]) -> None:
        """Write the documents of received assessments while they are still concepts (inside the caller's
        transaction, before the status is set: the m007 triggers refuse documents of a definitive one).

        Each document is checked again here, whatever the caller checked: its size against
        ``MAX_ATTACHMENT_BYTES``, its bytes against the stated size and SHA-256, its name sanitised.
        The caller checked the role (``receive``). Not logged: the caller logs the import.

        Raises:
            InvalidInputError: an empty or too large document, a size or SHA-256 that does not match the
                bytes, a name with nothing usable in it.
        """
        rows: list[tuple[object, ...]] = []
        for assessment_id, content in written:
            for attachment in content.attachments:
                data = bytes(attachment.content)
                if not data or len(data) > MAX_ATTACHMENT_BYTES:
                    raise InvalidInputError(
                        f"Document {sanitise_name(attachment.name)} is leeg of groter dan "
                        f"{megabytes(MAX_ATTACHMENT_BYTES)}."
                    )
                digest = hashlib.sha256(data).hexdigest()
                if len(data) != attachment.size or digest != attachment.sha256:
                    raise InvalidInputError(
                        f"Document {sanitise_name(attachment.name)} klopt niet met zijn grootte of controlegetal."
                    )
                rows.append((assessment_id, attachment.item_code, sanitise_name(attachment.name), len(data), digest,
                             sqlite3.Binary(data), content.written_at, None))
        if rows:
            self.db.conn.executemany(
                "INSERT INTO attachments (assessment_id, item_code, name, size, sha256, content, added_at, added_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
