"""Roles in the store: checking the acting user (``norm.access.Principal``), granting and revoking
roles, assigning themes and measures to colleagues, and answer revisions for working side by side.

``Store`` inherits these methods. A store opened with ``principal=None`` (the local mode) passes
every check; with a principal, every public method that reads or writes an organisation's data
calls ``_require`` (or ``_require_record``) first and raises ``ForbiddenError`` when the policy of
``norm.access`` does not allow it. ``tests/norm/access/test_every_route.py`` lists every public
method and fails when a new one touching organisation data has no check.

Grants, organisations, checklists and mapping files are administered in the local mode only (the
owner of the database file on the command line).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from norm.access import FOUR_EYES_SETTING, Action, Grant, Principal
from norm.answers import Answer
from norm.errors import ConflictError, ForbiddenError, InvalidInputError, NotFoundError
from norm.store.connection import Connection
from norm.vocabulary import IMPORTED, LOCAL, MAX_NAME, ORGANISATION_CODE_PATTERN, REGIONAL_ROLES, ROLES

if TYPE_CHECKING:
    from norm.checklist import Checklist
    from norm.store.records import AssessmentRecord, ChangeEntry, Organisation

_USERNAME_LIMIT = MAX_NAME


@dataclass(frozen=True)
class UserGrant:
    """A stored role of a user (``Store.grants``)."""

    username: str
    role: str
    organisation_code: str | None
    assigned_only: bool
    granted_at: str
    granted_by: str


@dataclass(frozen=True)
class Assignment:
    """A theme or a measure of an assessment given to a colleague (exactly one of the two codes is set)."""

    id: int
    assessment_id: int
    username: str
    theme_code: str | None
    item_code: str | None
    assigned_at: str
    assigned_by: str


@dataclass(frozen=True)
class SavedAnswer:
    """What ``Store.save_answer`` wrote: the answer and its revision now (to check the next save against)."""

    answer: Answer
    revision: int


def _username(value: str) -> str:
    name = (value or "").strip()
    if not name or len(name) > _USERNAME_LIMIT or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise InvalidInputError(f"Ongeldige gebruikersnaam {value!r}.")
    return name


class AccessMethods(Connection):
    """The access part of ``Store``: the acting user's checks, grants, assignments and revisions."""

    principal: Principal | None
    _aggregate_depth: int = 0

    if TYPE_CHECKING:  # provided by Store
        def answers(self, assessment_id: int) -> dict[str, Answer]: ...
        def assessment(self, assessment_id: int) -> AssessmentRecord: ...
        def checklist(self, snapshot_id: int) -> Checklist: ...
        def organisation(self, code: str) -> Organisation | None: ...
        def set_answer(self, assessment_id: int, item_code: str, *, level: int | None = ...,
                       not_applicable: str | None = ..., comment: str | None = ..., evidence: str | None = ...,
                       reviewed: bool = ...) -> Answer: ...

    # -- checks -------------------------------------------------------------------------------------

    @property
    def local_mode(self) -> bool:
        """Whether the store was opened without a principal (full access, the single-user laptop)."""
        return self.principal is None

    def _require(self, action: Action, organisation_code: str | None, *, status: str | None = None,
                 sharing: str | None = None) -> None:
        """Refuse (``ForbiddenError``) what the acting user's role does not allow; nothing in local mode."""
        principal = self.principal
        if principal is None:
            return
        if action == "read" and self._aggregate_depth and principal.allows("aggregate", organisation_code,
                                                                            status=status, sharing=sharing):
            return
        if not principal.allows(action, organisation_code, status=status, sharing=sharing):
            found = self.organisation(organisation_code) if organisation_code else None
            raise ForbiddenError(principal.refusal(action, found.name if found else organisation_code))

    def _require_record(self, action: Action, record: AssessmentRecord) -> None:
        """``_require`` for an assessment record (its status and sharing count for regional roles)."""
        if self.principal is not None:
            self._require(action, record.organisation_code, status=record.status, sharing=record.sharing)

    def _require_assessment(self, action: Action, assessment_id: int, item_code: str | None = None) -> None:
        """``_require`` for an assessment by id (the one guard line at the top of a Store method).

        An unknown id passes: the method itself says it does not exist. ``item_code`` with ``edit``
        also checks the assignment of an ``invuller`` limited to assigned measures.
        """
        if self.principal is None:
            return
        row = self._row("SELECT id, organisation_code, status, sharing, origin FROM assessments WHERE id = ?",
                        [assessment_id])
        if row is None:
            return
        self._require(action, row["organisation_code"], status=row["status"], sharing=row["sharing"])
        if action == "edit" and item_code is not None:
            self._require_assigned(row["id"], row["organisation_code"], item_code)

    def _require_action_row(self, action_id: int) -> None:
        """``edit`` of the assessment an improvement action belongs to (an unknown action passes)."""
        if self.principal is None:
            return
        row = self._row("SELECT assessment_id, item_code FROM actions WHERE id = ?", [action_id])
        if row is not None:
            self._require_assessment("edit", row["assessment_id"], row["item_code"])

    def _require_visible(self, record: AssessmentRecord) -> None:
        """Refuse an assessment the acting user may not even see listed."""
        if self.principal is not None and not self._visible(record):
            self._require_record("read", record)

    def _require_log(self, assessment_id: int | None, organisation_code: str | None) -> None:
        """Who may append to the change log: who may edit or receive the assessment or organisation."""
        principal = self.principal
        if principal is None:
            return
        if assessment_id is not None:
            row = self._row("SELECT organisation_code, status, sharing FROM assessments WHERE id = ?",
                            [assessment_id])
            if row is not None:
                organisation_code = row["organisation_code"]
        if principal.allows("edit", organisation_code) or principal.allows("receive", organisation_code):
            return
        self._require("edit", organisation_code)
        self._require_admin()

    def _require_setting(self, key: str) -> None:
        """The access settings (``toegang.*``) are the administrator's."""
        if key.startswith("toegang."):
            self._require_admin()

    def _require_admin(self) -> None:
        """Refuse unless in local mode (grants, organisations, checklists: the file owner's work)."""
        if self.principal is not None:
            raise ForbiddenError(self.principal.refusal("admin"))

    def _require_item(self, record: AssessmentRecord, item_code: str) -> None:
        """Refuse editing a measure not assigned to an ``invuller`` whose grant is limited to assignments."""
        self._require_record("edit", record)
        self._require_assigned(record.id, record.organisation_code, item_code)

    def _require_assigned(self, assessment_id: int, organisation_code: str, item_code: str) -> None:
        principal = self.principal
        if principal is None or not principal.assigned_only(organisation_code):
            return
        if item_code.strip() not in self.assigned_items(assessment_id, principal.username):
            raise ForbiddenError(f"Maatregel {item_code.strip()} is niet aan {principal.username} toegewezen; "
                                 "vraag een collega met die maatregel of de vaststeller.")

    def _visible(self, record: AssessmentRecord) -> bool:
        """Whether a listing shows this assessment to the acting user."""
        principal = self.principal
        if principal is None:
            return True
        code, status, sharing = record.organisation_code, record.status, record.sharing
        return (principal.allows("read", code, status=status, sharing=sharing)
                or (self._aggregate_depth > 0 and principal.allows("aggregate", code, status=status, sharing=sharing))
                or (record.origin == IMPORTED and principal.allows("receive", code)))

    def _check_four_eyes(self, record: AssessmentRecord) -> None:
        """Refuse finalising by a principal who entered answers in it, unless the setting lifts that."""
        principal = self.principal
        if principal is None or self.setting(FOUR_EYES_SETTING, "aan") == "uit":
            return
        row = self._row("SELECT 1 FROM changelog WHERE assessment_id = ? AND entity IN ('answer', 'action') "
                        "AND actor = ? LIMIT 1", [record.id, principal.username])
        if row is not None:
            raise ForbiddenError(
                f"{principal.username} heeft zelf antwoorden ingevoerd in beoordeling {record.id}; een andere "
                "vaststeller stelt haar vast (vier ogen)."
            )

    @contextlib.contextmanager
    def aggregate_reading(self) -> Iterator[None]:
        """Inside: reads for aggregate figures (``norm.aggregate.load_shared``) also see the definitive
        shared assessments of other organisations; the figures leave only through disclosure control."""
        with self._lock:
            self._aggregate_depth += 1
            try:
                yield
            finally:
                self._aggregate_depth -= 1

    # -- the change log and settings, checked (``norm.store.connection`` holds the plain ones) --------

    def log_change(self, entity: str, field_name: str, old: Any, new: Any, *, assessment_id: int | None = None,
                   organisation_code: str | None = None, item_code: str | None = None, at: str | None = None,
                   actor: str | None = None) -> None:
        """``Connection.log_change``, for whoever may edit or receive that assessment or organisation.

        Raises:
            ForbiddenError: the acting user may not, or names another actor than themselves.
            StoreError: the database refused the entry.
        """
        self._require_log(assessment_id, organisation_code)
        if self.principal is not None and actor not in (None, self.principal.username):
            raise ForbiddenError(f"Gebruiker {self.principal.username} kan niet namens {actor} in het logboek "
                                 "schrijven.")
        super().log_change(entity, field_name, old, new, assessment_id=assessment_id,
                           organisation_code=organisation_code, item_code=item_code, at=at, actor=actor)

    def changelog(self, assessment_id: int | None = None, limit: int | None = None) -> list[ChangeEntry]:
        """The change log, of one assessment or of all; a user sees the entries of organisations they may read.

        Raises:
            ForbiddenError: the acting user may not read this assessment.
        """
        if assessment_id is not None:
            self._require_assessment("read", assessment_id)
        entries = super().changelog(assessment_id, limit)
        principal = self.principal
        if principal is None or assessment_id is not None:
            return entries
        return [e for e in entries if e.organisation_code is not None
                and principal.allows("read", e.organisation_code)]

    def last_logged_values(self, entity: str, assessment_ids: Iterable[int]) -> dict[int, str | None]:
        """``Connection.last_logged_values`` for the assessments the acting user may see."""
        found = super().last_logged_values(entity, assessment_ids)
        if self.principal is None:
            return found
        return {key: value for key, value in found.items() if self._visible_id(key)}

    def _visible_id(self, assessment_id: int) -> bool:
        try:
            self.assessment(assessment_id)
        except (ForbiddenError, NotFoundError):
            return False
        return True

    def set_setting(self, key: str, value: str) -> None:
        """``Connection.set_setting``; the access settings (``toegang.*``) only in local mode.

        Raises:
            ForbiddenError: an access setting by a user of a hosted database.
        """
        self._require_setting(key)
        super().set_setting(key, value)

    # -- grants -------------------------------------------------------------------------------------

    def grant_role(self, username: str, role: str, organisation_code: str | None = None, *,
                   assigned_only: bool = False) -> bool:
        """Give a user a role; returns False when they had it already (``assigned_only`` is updated).

        Raises:
            ForbiddenError: not in local mode.
            InvalidInputError: an unknown role, a bad username, an organisation role without an
                organisation or a regional role with one, ``assigned_only`` on another role than invuller.
            NotFoundError: an unknown organisation.
        """
        self._require_admin()
        username = _username(username)
        if role not in ROLES:
            raise InvalidInputError(f"Onbekende rol '{role}'; kies uit: {', '.join(ROLES)}.")
        regional = role in REGIONAL_ROLES
        code: str | None = None
        if regional:
            if organisation_code:
                raise InvalidInputError(f"De rol {role} is regionaal en hoort niet bij één organisatie.")
        else:
            if not organisation_code:
                raise InvalidInputError(f"De rol {role} hoort bij een organisatie; geef --org.")
            if not ORGANISATION_CODE_PATTERN.fullmatch(organisation_code.strip()):
                raise InvalidInputError(f"Ongeldige organisatiecode: {organisation_code!r}.")
            found = self.organisation(organisation_code)
            if found is None:
                raise NotFoundError(f"Onbekende organisatie '{organisation_code}'. Zie 'weerbaar org list'.")
            code = found.code
        if assigned_only and role != "invuller":
            raise InvalidInputError("Alleen een invuller kan worden beperkt tot toegewezen maatregelen.")
        now = self.clock()
        with self.write() as db:
            existing = self._row("SELECT id, assigned_only FROM access_grants WHERE username = ? AND role = ? "
                                 "AND IFNULL(organisation_code, '') = ?", [username, role, code or ""])
            if existing is not None:
                if bool(existing["assigned_only"]) == assigned_only:
                    return False
                db.execute("UPDATE access_grants SET assigned_only = ? WHERE id = ?",
                           [int(assigned_only), existing["id"]])
                self._log("toegang", f"{role} alleen toegewezen", bool(existing["assigned_only"]), assigned_only,
                          organisation_code=code, item_code=None)
                return True
            db.execute("INSERT INTO access_grants (username, role, organisation_code, assigned_only, granted_at, "
                       "granted_by) VALUES (?, ?, ?, ?, ?, ?)",
                       [username, role, code, int(assigned_only), now, self.actor])
            self._log("toegang", "rol", None, f"{username}: {role}", organisation_code=code, at=now)
        return True

    def revoke_role(self, username: str, role: str, organisation_code: str | None = None) -> bool:
        """Take a role away; returns False when the user did not have it.

        Raises:
            ForbiddenError: not in local mode.
        """
        self._require_admin()
        code = ""
        if organisation_code:
            found = self.organisation(organisation_code)
            code = found.code if found else organisation_code.strip()
        with self.write() as db:
            removed = db.execute("DELETE FROM access_grants WHERE username = ? AND role = ? "
                                 "AND IFNULL(organisation_code, '') = ?", [username.strip(), role, code]).rowcount
            if removed:
                self._log("toegang", "rol", f"{username.strip()}: {role}", None, organisation_code=code or None)
        return bool(removed)

    def grants(self, username: str | None = None) -> list[UserGrant]:
        """The stored roles, of one user or of all (local mode, or the acting user's own)."""
        if self.principal is not None and username != self.principal.username:
            self._require_admin()
        sql = ("SELECT username, role, organisation_code, assigned_only, granted_at, granted_by FROM access_grants")
        params: list[Any] = []
        if username is not None:
            sql += " WHERE username = ?"
            params.append(username.strip())
        sql += " ORDER BY username, role, organisation_code"
        return [UserGrant(r["username"], r["role"], r["organisation_code"], bool(r["assigned_only"]),
                          r["granted_at"], r["granted_by"]) for r in self._rows(sql, params)]

    def has_grants(self) -> bool:
        """Whether any user has a role: the database is hosted, and the command line needs an identity."""
        try:
            return self._row("SELECT 1 FROM access_grants LIMIT 1") is not None
        except sqlite3.OperationalError:  # opened with migrate=False before m011
            return False

    def principal_for(self, username: str, display_name: str = "") -> Principal:
        """The principal of a user, with their stored roles (none: they see no organisation's data).

        Raises:
            ForbiddenError: a user of a hosted database asks for another user's principal.
        """
        if self.principal is not None and username.strip() != self.principal.username:
            self._require_admin()
        rows = self._rows("SELECT role, organisation_code, assigned_only FROM access_grants WHERE username = ? "
                          "ORDER BY id", [username.strip()])
        grants = tuple(Grant(r["role"], r["organisation_code"], bool(r["assigned_only"])) for r in rows)
        return Principal(username.strip(), display_name, grants)

    # -- assignments --------------------------------------------------------------------------------

    def assign(self, assessment_id: int, username: str, *, theme_code: str | None = None,
               item_code: str | None = None) -> bool:
        """Give a theme or a measure of a concept to a colleague; returns False when it was given already.

        Raises:
            NotFoundError: an unknown assessment, theme or measure.
            ForbiddenError: the acting user may not start or assign in this organisation.
            InvalidInputError: not exactly one of theme and measure, or a bad username.
        """
        record = self.assessment(assessment_id)
        self._require_record("create", record)
        username = _username(username)
        theme, item = self._assignment_target(record, theme_code, item_code)
        with self.write() as db:
            existing = self._row("SELECT 1 FROM assignments WHERE assessment_id = ? AND username = ? "
                                 "AND IFNULL(theme_code, '') = ? AND IFNULL(item_code, '') = ?",
                                 [assessment_id, username, theme or "", item or ""])
            if existing is not None:
                return False
            now = self.clock()
            db.execute("INSERT INTO assignments (assessment_id, username, theme_code, item_code, assigned_at, "
                       "assigned_by) VALUES (?, ?, ?, ?, ?, ?)",
                       [assessment_id, username, theme, item, now, self.actor])
            self._log("toewijzing", "thema" if theme else "maatregel", None, f"{theme or item} -> {username}",
                      assessment_id=assessment_id, organisation_code=record.organisation_code, item_code=item,
                      at=now)
        return True

    def unassign(self, assessment_id: int, username: str, *, theme_code: str | None = None,
                 item_code: str | None = None) -> bool:
        """Take a theme or measure back; returns False when it was not assigned.

        Raises:
            NotFoundError, ForbiddenError, InvalidInputError: as ``assign``.
        """
        record = self.assessment(assessment_id)
        self._require_record("create", record)
        theme, item = self._assignment_target(record, theme_code, item_code)
        with self.write() as db:
            removed = db.execute("DELETE FROM assignments WHERE assessment_id = ? AND username = ? "
                                 "AND IFNULL(theme_code, '') = ? AND IFNULL(item_code, '') = ?",
                                 [assessment_id, username.strip(), theme or "", item or ""]).rowcount
            if removed:
                self._log("toewijzing", "thema" if theme else "maatregel", f"{theme or item} -> {username.strip()}",
                          None, assessment_id=assessment_id, organisation_code=record.organisation_code,
                          item_code=item)
        return bool(removed)

    def _assignment_target(self, record: AssessmentRecord, theme_code: str | None,
                           item_code: str | None) -> tuple[str | None, str | None]:
        if bool(theme_code) == bool(item_code):
            raise InvalidInputError("Wijs een thema óf een maatregel toe (--theme of --item).")
        checklist = self.checklist(record.snapshot_id)
        if theme_code:
            theme = theme_code.strip().upper()
            if not any(t.code == theme for t in checklist.themes):
                raise NotFoundError(f"Onbekend thema '{theme_code}' in {checklist.id}.")
            return theme, None
        item = (item_code or "").strip().upper()
        if checklist.item(item) is None:
            raise NotFoundError(f"Onbekende maatregel '{item_code}' in {checklist.id}.")
        return None, item

    def assignments(self, assessment_id: int) -> list[Assignment]:
        """The themes and measures of an assessment given to colleagues.

        Raises:
            NotFoundError, ForbiddenError: an unknown assessment, or one the acting user may not read.
        """
        self._require_record("read", self.assessment(assessment_id))
        rows = self._rows("SELECT id, assessment_id, username, theme_code, item_code, assigned_at, assigned_by "
                          "FROM assignments WHERE assessment_id = ? ORDER BY username, id", [assessment_id])
        return [Assignment(r["id"], r["assessment_id"], r["username"], r["theme_code"], r["item_code"],
                           r["assigned_at"], r["assigned_by"]) for r in rows]

    def assigned_items(self, assessment_id: int, username: str) -> frozenset[str]:
        """The measure codes assigned to a user in an assessment, directly or through their theme.

        Raises:
            NotFoundError, ForbiddenError: as ``assignments``.
        """
        record = self.assessment(assessment_id)
        self._require_record("read", record)
        checklist = self.checklist(record.snapshot_id)
        codes: set[str] = set()
        for row in self._rows("SELECT theme_code, item_code FROM assignments WHERE assessment_id = ? "
                              "AND username = ?", [assessment_id, username.strip()]):
            if row["item_code"]:
                codes.add(row["item_code"])
            else:
                codes.update(item.code for theme in checklist.themes if theme.code == row["theme_code"]
                             for item in theme.items)
        return frozenset(codes)

    # -- revisions ----------------------------------------------------------------------------------

    def answer_revisions(self, assessment_id: int) -> dict[str, int]:
        """The revision of each answer of a local assessment (a measure never answered has none: 0).

        Raises:
            NotFoundError, ForbiddenError: as ``assignments``.
        """
        self._require_record("read", self.assessment(assessment_id))
        rows = self._rows("SELECT item_code, revision FROM answer_revisions WHERE assessment_id = ?",
                          [assessment_id])
        return {row["item_code"]: int(row["revision"]) for row in rows}

    def save_answer(self, assessment_id: int, item_code: str, *, expected_revision: int | None,
                    **fields: Any) -> SavedAnswer:
        """``set_answer``, refused when the measure changed since its revision ``expected_revision`` was read.

        The check and the write are one transaction (``BEGIN IMMEDIATE``): two editors saving at
        the same moment cannot both pass it. ``expected_revision=None`` saves without the check.

        Raises:
            ConflictError: someone else saved the measure in the meantime; it carries their answer,
                who and when, and the current revision (pass that to keep your own value).
            the errors of ``set_answer``.
        """
        code = item_code.strip()
        with self.write():
            if expected_revision is not None:
                record = self.assessment(assessment_id)
                self._require_record("read", record)
                current = self._revision(assessment_id, code) if record.origin == LOCAL else 0
                if current != expected_revision:
                    theirs = self.answers(assessment_id).get(code)
                    by = theirs.updated_by if theirs else None
                    at = theirs.updated_at if theirs else None
                    raise ConflictError(
                        f"Maatregel {code} is intussen gewijzigd door {by or 'een ander'}"
                        + (f" ({at})" if at else "") + "; kies welke waarde blijft.",
                        code, theirs, by, at, current,
                    )
            answer = self.set_answer(assessment_id, code, **fields)
            return SavedAnswer(answer, self._revision(assessment_id, answer.item_code))

    def _revision(self, assessment_id: int, item_code: str) -> int:
        row = self._row("SELECT revision FROM answer_revisions WHERE assessment_id = ? AND item_code = ?",
                        [assessment_id, item_code])
        return int(row["revision"]) if row else 0
