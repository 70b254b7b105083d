"""Hosted-mode accounts and the login audit log in the store (migration ``m010``).

``Store`` inherits these methods. ``authenticate`` is the one place a password login is decided:
the lock-out, the TOTP step that may be used once and the audit entry are written in the same
transaction as the outcome, so every route into the server gets the same rules. The rules
themselves (hashing, codes, lock-out times) are in ``norm.accounts``.

The audit log is append-only (SQL triggers, ``norm.store.schema.m010_accounts``). Every method here
is the administrator's (the local mode: the server process, ``weerbaar user``, ``weerbaar backup``);
a store opened as a user (``principal``) refuses them all with ``ForbiddenError``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, Any

from norm.accounts import (
    MAX_FAILURES,
    Account,
    AuthenticationError,
    LoginEntry,
    check_display_name,
    check_password,
    check_username,
    hash_password,
    is_locked,
    locked_until,
    needs_rehash,
    new_totp_secret,
    totp_step,
    verify_password,
)
from norm.errors import InvalidInputError, NotFoundError
from norm.store.connection import Connection
from norm.vocabulary import LOGIN_EVENTS, USERNAME_PATTERN, LoginEvent

REFUSED = ("Aanmelden mislukt: onjuiste naam, wachtwoord of code, of het account is (tijdelijk) "
           "geblokkeerd.")
"""The one message of every refused login: it never says which part was wrong or whether the name exists."""
MAX_REMOTE = 200
MAX_DETAIL = 500


def _account(row: sqlite3.Row) -> Account:
    return Account(
        username=row["username"], display_name=row["display_name"],
        has_password=row["password_hash"] is not None, has_totp=row["totp_secret"] is not None,
        disabled=bool(row["disabled"]), failed_logins=row["failed_logins"], locked_until=row["locked_until"],
        created_at=row["created_at"], changed_at=row["changed_at"],
    )


def _clean(text: str, limit: int) -> str:
    return "".join(char if char.isprintable() else "?" for char in text[:limit])


class AccountMethods(Connection):
    """The accounts part of ``Store``: built-in accounts, logins and the login audit log."""

    if TYPE_CHECKING:  # provided by AccessMethods
        def _require_admin(self) -> None: ...

    def _now(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.clock().replace("Z", "+00:00"))

    def _account_row(self, username: str) -> sqlite3.Row | None:
        return self._row("SELECT * FROM accounts WHERE username = ?", [username])

    def account(self, username: str) -> Account:
        """The account ``username``.

        Raises:
            NotFoundError: there is no such account.
        """
        self._require_admin()
        row = self._account_row(username)
        if row is None:
            raise NotFoundError(f"Er is geen account '{_clean(username, 64)}'.")
        return _account(row)

    def accounts(self) -> list[Account]:
        """Every account, by name."""
        self._require_admin()
        return [_account(row) for row in self._rows("SELECT * FROM accounts ORDER BY username")]

    def add_account(self, username: str, display_name: str, *, password: str | None, totp: bool = False) -> str | None:
        """Create an account; ``password`` None makes an account that logs in only through a trusted
        proxy. Returns the new TOTP secret when ``totp`` is asked (shown once to the user), else None.

        Raises:
            InvalidInputError: a bad name, display name or password, an account by that name exists,
                or TOTP without a password.
        """
        self._require_admin()
        check_username(username)
        display_name = check_display_name(display_name)
        if password is not None:
            check_password(password)
        elif totp:
            raise InvalidInputError("Een tweede factor (TOTP) hoort bij een wachtwoord; geef ook een wachtwoord.")
        secret = new_totp_secret() if totp else None
        hashed = hash_password(password) if password is not None else None
        now = self.clock()
        with self.write():
            if self._account_row(username) is not None:
                raise InvalidInputError(f"Er is al een account '{username}'.")
            self.db.conn.execute(
                "INSERT INTO accounts (username, display_name, password_hash, totp_secret, created_at, changed_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", [username, display_name, hashed, secret, now, now])
        return secret

    def reset_account(self, username: str, *, password: str | None, totp: bool = False) -> str | None:
        """Give ``username`` a new password (None: proxy login only), clear its TOTP secret (a new one
        when ``totp``), its failure count and its lock. Returns the new TOTP secret or None.

        Raises:
            NotFoundError: there is no such account.
            InvalidInputError: a bad password, or TOTP without a password.
        """
        self._require_admin()
        self.account(username)
        if password is not None:
            check_password(password)
        elif totp:
            raise InvalidInputError("Een tweede factor (TOTP) hoort bij een wachtwoord; geef ook een wachtwoord.")
        secret = new_totp_secret() if totp else None
        hashed = hash_password(password) if password is not None else None
        with self.write():
            self.db.conn.execute(
                "UPDATE accounts SET password_hash = ?, totp_secret = ?, totp_last_step = NULL, failed_logins = 0, "
                "locked_until = NULL, changed_at = ? WHERE username = ?", [hashed, secret, self.clock(), username])
        return secret

    def set_account_disabled(self, username: str, disabled: bool = True) -> None:
        """Disable (or enable again) ``username``; a disabled account cannot log in in any way.

        Raises:
            NotFoundError: there is no such account.
        """
        self._require_admin()
        self.account(username)
        with self.write():
            self.db.conn.execute("UPDATE accounts SET disabled = ?, changed_at = ? WHERE username = ?",
                                 [int(disabled), self.clock(), username])

    def authenticate(self, username: str, password: str, code: str = "", *, remote: str = "") -> Account:
        """Check a password login (and its TOTP ``code`` when the account has a second factor) and
        record the outcome in the login audit log.

        Raises:
            AuthenticationError: refused (wrong name, password or code, disabled or locked account); the
                message is the same in every case.
        """
        self._require_admin()
        row = self._account_row(username) if USERNAME_PATTERN.fullmatch(username) else None
        now = self._now()
        usable = row is not None and not row["disabled"] and not is_locked(row["locked_until"], now)
        password_ok = verify_password(row["password_hash"] if usable and row is not None else None, password)
        step: int | None = None
        if password_ok and row is not None and row["totp_secret"] is not None:
            step = totp_step(row["totp_secret"], code, now, row["totp_last_step"])
            password_ok = step is not None
        with self.write():
            accepted = self._login_outcome(row, username, password, password_ok, step, now, remote)
        if not accepted:
            raise AuthenticationError(REFUSED)
        return self.account(username)

    def _login_outcome(self, row: sqlite3.Row | None, username: str, password: str, password_ok: bool,
                       step: int | None, now: dt.datetime, remote: str) -> bool:
        """Record the outcome of a password login (inside the caller's transaction); True when accepted."""
        if row is None:
            self._record(username if USERNAME_PATTERN.fullmatch(username) else "(ongeldige naam)", "mislukt",
                         remote, "onbekende naam")
            return False
        if row["disabled"]:
            self._record(username, "geweigerd", remote, "account uitgeschakeld")
            return False
        if is_locked(row["locked_until"], now):
            self._record(username, "geblokkeerd", remote, f"geblokkeerd tot {row['locked_until']}")
            return False
        if not password_ok:
            wrong_code = row["totp_secret"] is not None and verify_password(row["password_hash"], password)
            what = "onjuiste of al gebruikte code" if wrong_code else "onjuist wachtwoord"
            failures = row["failed_logins"] + 1
            self._record(username, "mislukt", remote, what)
            if failures >= MAX_FAILURES:
                until = locked_until(now)
                self.db.conn.execute("UPDATE accounts SET failed_logins = 0, locked_until = ? WHERE username = ?",
                                     [until, username])
                self._record(username, "geblokkeerd", remote, f"{MAX_FAILURES} mislukte pogingen; tot {until}")
            else:
                self.db.conn.execute("UPDATE accounts SET failed_logins = ? WHERE username = ?", [failures, username])
            return False
        updates: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
        if step is not None:
            updates["totp_last_step"] = step
        if needs_rehash(row["password_hash"]):
            updates["password_hash"] = hash_password(password)
        assignments = ", ".join(f"{column} = ?" for column in updates)
        self.db.conn.execute(f"UPDATE accounts SET {assignments} WHERE username = ?",  # noqa: S608 (constant columns)
                             [*updates.values(), username])
        self._record(username, "aangemeld", remote, "wachtwoord" + (" en code" if step is not None else ""))
        return True

    def proxy_login(self, username: str, *, remote: str = "", via: str = "") -> Account:
        """Accept an identity that a trusted authenticating proxy vouched for: the account must exist
        and not be disabled (the proxy proves who someone is, the account says they may work here).

        Raises:
            AuthenticationError: no such account, or it is disabled.
        """
        self._require_admin()
        known = USERNAME_PATTERN.fullmatch(username) is not None
        row = self._account_row(username) if known else None
        name = username if known else "(ongeldige naam)"
        with self.write():
            if row is None:
                self._record(name, "geweigerd", remote, f"onbekend account via proxy {via}".strip())
            elif row["disabled"]:
                self._record(name, "geweigerd", remote, "account uitgeschakeld (via proxy)")
            else:
                self._record(name, "aangemeld", remote, f"via proxy {via}".strip())
        if row is None:
            raise AuthenticationError("Aanmelden geweigerd: dit account is hier niet bekend.")
        if row["disabled"]:
            raise AuthenticationError("Aanmelden geweigerd: dit account is uitgeschakeld.")
        return _account(row)

    def record_login_event(self, username: str, event: LoginEvent, *, remote: str = "", detail: str = "") -> None:
        """Append an entry to the login audit log (logout, timeout, a refusal by the server).

        Raises:
            InvalidInputError: ``event`` is not a login event.
        """
        self._require_admin()
        if event not in LOGIN_EVENTS:
            raise InvalidInputError(f"Onbekende aanmeldgebeurtenis '{_clean(event, 40)}'.")
        with self.write():
            self._record(username, event, remote, detail)

    def _record(self, username: str, event: LoginEvent, remote: str, detail: str) -> None:
        self.db.conn.execute(
            "INSERT INTO login_log (at, username, event, remote, detail) VALUES (?, ?, ?, ?, ?)",
            [self.clock(), _clean(username, 64), event, _clean(remote, MAX_REMOTE), _clean(detail, MAX_DETAIL)])

    def login_log(self, username: str | None = None, limit: int | None = None) -> list[LoginEntry]:
        """The login audit log, newest first (of one account when ``username`` is given)."""
        self._require_admin()
        sql = "SELECT * FROM login_log"
        params: list[Any] = []
        if username is not None:
            sql += " WHERE username = ?"
            params.append(username)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(0, limit))
        return [LoginEntry(id=row["id"], at=row["at"], username=row["username"], event=row["event"],
                           remote=row["remote"], detail=row["detail"]) for row in self._rows(sql, params)]

    def backup_to(self, target: str) -> None:
        """Copy the whole database to the new file ``target`` with SQLite's online backup API: a
        consistent copy while other connections go on reading and writing.

        Raises:
            StoreError: the copy failed (the target is removed again by the caller).
        """
        self._require_admin()
        from norm.errors import StoreError

        try:
            destination = sqlite3.connect(target)
        except sqlite3.Error as error:
            raise StoreError(f"Kan '{target}' niet aanmaken: {error}.") from None
        try:
            with self._lock:
                self.db.conn.backup(destination)
        except sqlite3.Error as error:
            raise StoreError(f"De reservekopie is mislukt: {error}.") from None
        finally:
            destination.close()
