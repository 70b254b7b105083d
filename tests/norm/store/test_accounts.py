"""Hosted-mode accounts in the store: argon2id, TOTP once, lock-out, reset, disable, proxy logins and
the append-only login audit log. Each promise has its attacker's test."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from norm.accounts import (
    MAX_FAILURES,
    AuthenticationError,
    hash_password,
    totp_code,
    verify_password,
)
from norm.errors import InvalidInputError, NotFoundError
from norm.store import Store

PASSWORD = "correct paard batterij"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> str:
        return self.now.replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    store = Store(tmp_path / "a.db", actor="beheer", clock=clock)
    store.add_account("anna", "Anna de Vries", password=PASSWORD)
    return store


def events(store: Store, username: str) -> list[tuple[str, str]]:
    return [(e.event, e.detail) for e in reversed(store.login_log(username))]


def test_the_password_is_stored_as_an_argon2id_hash_only(store: Store, tmp_path: Path) -> None:
    stored = sqlite3.connect(tmp_path / "a.db").execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert verify_password(stored, PASSWORD) and not verify_password(stored, PASSWORD + "x")


def test_a_good_login_is_accepted_and_logged(store: Store) -> None:
    account = store.authenticate("anna", PASSWORD, remote="192.0.2.7")
    assert account.username == "anna" and account.display_name == "Anna de Vries"
    entry = store.login_log("anna")[0]
    assert (entry.event, entry.remote) == ("aangemeld", "192.0.2.7")


def test_every_refusal_has_the_same_message(store: Store) -> None:
    store.add_account("bert", "Bert", password=PASSWORD)
    store.set_account_disabled("bert")
    messages = set()
    for name, password in [("anna", "verkeerd wachtwoord"), ("niemand", PASSWORD), ("bert", PASSWORD),
                           ("Anna'; DROP TABLE accounts;--", PASSWORD), ("", "")]:
        with pytest.raises(AuthenticationError) as caught:
            store.authenticate(name, password)
        messages.add(str(caught.value))
    assert len(messages) == 1
    assert store.account("anna").username == "anna"
    log = [(e.username, e.event, e.detail) for e in reversed(store.login_log())]
    assert ("niemand", "mislukt", "onbekende naam") in log
    assert ("(ongeldige naam)", "mislukt", "onbekende naam") in log
    assert ("bert", "geweigerd", "account uitgeschakeld") in log


def test_repeated_failures_lock_the_account_even_for_the_right_password(store: Store, clock: Clock) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationError):
            store.authenticate("anna", "geraden wachtwoord")
    assert store.account("anna").locked_until is not None
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD)
    assert events(store, "anna")[-1][0] == "geblokkeerd"
    clock.advance(minutes=14)
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD)
    clock.advance(minutes=2)
    assert store.authenticate("anna", PASSWORD).failed_logins == 0


def test_a_success_resets_the_failure_count(store: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationError):
            store.authenticate("anna", "fout fout fout")
    store.authenticate("anna", PASSWORD)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationError):
            store.authenticate("anna", "fout fout fout")
    assert store.account("anna").locked_until is None


def test_reset_sets_a_new_password_clears_the_lock_and_the_second_factor(store: Store) -> None:
    store.reset_account("anna", password=PASSWORD, totp=True)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationError):
            store.authenticate("anna", "fout fout fout")
    store.reset_account("anna", password="een heel nieuw wachtwoord")
    account = store.account("anna")
    assert account.locked_until is None and not account.has_totp
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD)
    store.authenticate("anna", "een heel nieuw wachtwoord")


def test_totp_is_required_and_each_code_counts_once(store: Store, clock: Clock) -> None:
    secret = store.reset_account("anna", password=PASSWORD, totp=True)
    assert secret is not None
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD)
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD, "000000" if totp_code(secret, clock.now) != "000000" else "111111")
    code = totp_code(secret, clock.now)
    store.authenticate("anna", PASSWORD, code)
    with pytest.raises(AuthenticationError):  # replayed within its validity
        store.authenticate("anna", PASSWORD, code)
    assert events(store, "anna")[-1] == ("mislukt", "onjuiste of al gebruikte code")
    clock.advance(seconds=30)
    store.authenticate("anna", PASSWORD, totp_code(secret, clock.now))


def test_a_code_without_the_password_is_worth_nothing(store: Store, clock: Clock) -> None:
    secret = store.reset_account("anna", password=PASSWORD, totp=True)
    assert secret is not None
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", "raden raden raden", totp_code(secret, clock.now))
    assert events(store, "anna")[-1] == ("mislukt", "onjuist wachtwoord")


def test_a_proxy_only_account_cannot_log_in_with_any_password(store: Store) -> None:
    store.add_account("piet", "Piet", password=None)
    for guess in ("", "wachtwoord", PASSWORD):
        with pytest.raises(AuthenticationError):
            store.authenticate("piet", guess)
    assert store.proxy_login("piet", remote="10.0.0.5").username == "piet"


def test_proxy_login_needs_a_known_enabled_account(store: Store) -> None:
    with pytest.raises(AuthenticationError):
        store.proxy_login("onbekend@example.nl")
    store.set_account_disabled("anna")
    with pytest.raises(AuthenticationError):
        store.proxy_login("anna")
    store.set_account_disabled("anna", False)
    store.proxy_login("anna", via="10.0.0.5")
    assert events(store, "anna")[-1] == ("aangemeld", "via proxy 10.0.0.5")


@pytest.mark.parametrize("name", ["Anna", "an na", "-anna", "a" * 65, "anna\n", "ännä", ""])
def test_bad_account_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(InvalidInputError):
        store.add_account(name, "Naam", password=PASSWORD)


def test_bad_passwords_names_and_duplicates_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError):
        store.add_account("kort", "Kort", password="te kort")
    with pytest.raises(InvalidInputError):
        store.add_account("lang", "Lang", password="x" * 2000)
    with pytest.raises(InvalidInputError):
        store.add_account("stuur", "Naam\x1b[31m", password=PASSWORD)
    with pytest.raises(InvalidInputError):
        store.add_account("anna", "Nog een Anna", password=PASSWORD)
    with pytest.raises(InvalidInputError):
        store.add_account("totp", "Totp", password=None, totp=True)
    with pytest.raises(NotFoundError):
        store.reset_account("niemand", password=PASSWORD)
    assert [a.username for a in store.accounts()] == ["anna"]


def test_a_weaker_hash_is_replaced_at_the_next_login(store: Store, tmp_path: Path) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    plain = sqlite3.connect(tmp_path / "a.db")
    plain.execute("UPDATE accounts SET password_hash = ? WHERE username = 'anna'", [weak])
    plain.commit()
    store.authenticate("anna", PASSWORD)
    stored = plain.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored != weak and stored.startswith("$argon2id$") and hash_password(PASSWORD) != stored


@pytest.mark.parametrize("statement", [
    "UPDATE login_log SET event = 'aangemeld'",
    "DELETE FROM login_log",
    "INSERT OR REPLACE INTO login_log (id, at, username, event) VALUES (1, 'x', 'anna', 'aangemeld')",
    "REPLACE INTO login_log (id, at, username, event) VALUES (1, 'x', 'anna', 'aangemeld')",
])
def test_the_login_log_resists_a_plain_connection(store: Store, tmp_path: Path, statement: str) -> None:
    with pytest.raises(AuthenticationError):
        store.authenticate("anna", "fout fout fout")
    before = store.login_log()
    plain = sqlite3.connect(tmp_path / "a.db")
    with pytest.raises(sqlite3.DatabaseError, match="aanmeldlogboek"):
        plain.execute(statement)
    plain.rollback()
    assert store.login_log() == before


def test_record_login_event_takes_only_known_events_and_cleans_text(store: Store) -> None:
    with pytest.raises(InvalidInputError):
        store.record_login_event("anna", "ingebroken")  # type: ignore[arg-type]
    store.record_login_event("anna", "afgemeld", remote="\x1b[2J10.0.0.1", detail="x" * 5000)
    entry = store.login_log("anna", limit=1)[0]
    assert "\x1b" not in entry.remote and len(entry.detail) == 500


def test_backup_copies_a_consistent_database(store: Store, tmp_path: Path) -> None:
    store.backup_to(str(tmp_path / "kopie.db"))
    copy = Store(tmp_path / "kopie.db")
    assert [a.username for a in copy.accounts()] == ["anna"]
    assert sqlite3.connect(tmp_path / "kopie.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
