"""Hosted-mode accounts without the database: password hashing (argon2id), TOTP codes, the lock-out
rule and the checks on names and passwords. ``norm.store.accounts`` stores them; ``weerbaar serve``
and ``weerbaar user`` call the store.

- Passwords are hashed with argon2id (``argon2-cffi``'s defaults, RFC 9106's low-memory profile); a
  stored hash made with weaker parameters is replaced at the next successful login.
- A TOTP code (RFC 6238, 30 s, 6 digits, one step of clock drift either way) is accepted once: the
  store keeps the last step used and refuses that step and earlier ones.
- ``MAX_FAILURES`` consecutive failures lock the account for ``LOCK_MINUTES``; while it is locked even
  the right password is refused. ``weerbaar user reset`` lifts the lock.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from dataclasses import dataclass

from norm.errors import InvalidInputError, WeerbaarError
from norm.vocabulary import MAX_NAME, USERNAME_PATTERN

MAX_FAILURES = 5
"""Consecutive failed logins after which an account is locked."""
LOCK_MINUTES = 15
"""How long a locked account stays locked."""
MIN_PASSWORD = 12
"""The shortest password accepted, in characters."""
MAX_PASSWORD = 1024
"""The longest password accepted (argon2 takes any length; this keeps a request small)."""
TOTP_ISSUER = "weerbaar"


class AuthenticationError(WeerbaarError):
    """A login was refused. The message never says whether the name exists."""


@dataclass(frozen=True)
class Account:
    """A hosted-mode account as stored (without its secrets)."""

    username: str
    display_name: str
    has_password: bool
    has_totp: bool
    disabled: bool
    failed_logins: int
    locked_until: str | None
    created_at: str
    changed_at: str


@dataclass(frozen=True)
class LoginEntry:
    """One line of the login audit log."""

    id: int
    at: str
    username: str
    event: str
    remote: str
    detail: str


def check_username(username: str) -> str:
    """``username`` when it is a valid account name.

    Raises:
        InvalidInputError: it is not (lower case, digits, ``. _ @ -``, at most 64 characters).
    """
    if not USERNAME_PATTERN.fullmatch(username):
        raise InvalidInputError(
            "Een accountnaam bestaat uit kleine letters, cijfers en . _ @ - (hoogstens 64 tekens), "
            "bijvoorbeeld 'j.devries' of 'j.devries@houten.nl'."
        )
    return username


def check_display_name(name: str) -> str:
    """``name`` stripped, when it is a usable display name.

    Raises:
        InvalidInputError: it is empty, too long or holds control characters.
    """
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise InvalidInputError(f"Een naam is 1 tot {MAX_NAME} tekens lang, zonder stuurtekens.")
    return name


def check_password(password: str) -> str:
    """``password`` when it may be set.

    Raises:
        InvalidInputError: shorter than ``MIN_PASSWORD`` or longer than ``MAX_PASSWORD`` characters.
    """
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens.")
    if len(password) > MAX_PASSWORD:
        raise InvalidInputError(f"Een wachtwoord heeft hoogstens {MAX_PASSWORD} tekens.")
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (a PHC string with its salt and parameters)."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``. Without a hash (an unknown name, a proxy-only
    account) a dummy hash is verified anyway, so the answer takes as long either way."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    hasher = PasswordHasher()
    if len(password) > MAX_PASSWORD:
        return False
    try:
        return hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether ``stored_hash`` was made with weaker parameters than today's."""
    from argon2 import PasswordHasher

    try:
        return PasswordHasher().check_needs_rehash(stored_hash)
    except Exception:  # an unreadable hash is replaced at the next login as well
        return True


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
    return _DUMMY[0]


def new_totp_secret() -> str:
    """A fresh random TOTP secret (base32, 160 bits)."""
    import pyotp

    return pyotp.random_base32(32)


def totp_uri(secret: str, username: str) -> str:
    """The ``otpauth://`` address an authenticator app reads (usually as a QR code)."""
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=TOTP_ISSUER)


def totp_code(secret: str, at: dt.datetime) -> str:
    """The code of ``secret`` at ``at`` (for tests and the bench)."""
    import pyotp

    return pyotp.TOTP(secret).at(at)


def totp_step(secret: str, code: str, now: dt.datetime, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to (one step of drift either way), or None when it is wrong or
    its step is not later than ``last_step`` (a code is accepted once)."""
    import pyotp

    code = code.strip().replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return None
            return step
    return None


def locked_until(now: dt.datetime) -> str:
    """When an account locked at ``now`` opens again (ISO 8601 UTC)."""
    until = now + dt.timedelta(minutes=LOCK_MINUTES)
    return until.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def is_locked(locked: str | None, now: dt.datetime) -> bool:
    """Whether an account with ``locked_until`` = ``locked`` is locked at ``now``."""
    if not locked:
        return False
    return dt.datetime.fromisoformat(locked.replace("Z", "+00:00")) > now


__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "MIN_PASSWORD",
    "Account",
    "AuthenticationError",
    "LoginEntry",
    "check_display_name",
    "check_password",
    "check_username",
    "hash_password",
    "is_locked",
    "locked_until",
    "needs_rehash",
    "new_totp_secret",
    "totp_code",
    "totp_step",
    "totp_uri",
    "verify_password",
]
