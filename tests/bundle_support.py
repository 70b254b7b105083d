"""Helpers for the exchange tests: stores with a settable clock, assessments, table dumps, and the one
place that makes signing keys, registers them and signs bundles (``key_of``, ``trust``, ``signed``)."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from norm import signing
from norm.checklist import load_checklist_file
from norm.exchange.bundle import build_bundle, bundle_text
from norm.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
TABLES = ("organisations", "checklist_snapshots", "assessments", "answers", "actions", "changelog", "signing_keys",
          "received_bundles", "imported_files", "sign_offs")
_KEYS: dict[str, Ed25519PrivateKey] = {}


def key_of(org: str) -> Ed25519PrivateKey:
    """The signing key of an organisation in these tests (one per code, made once per test run)."""
    if org not in _KEYS:
        _KEYS[org] = signing.generate_key()
    return _KEYS[org]


def trust(store: Store, *orgs: str, receiver: bool = False) -> None:
    """Register each organisation's test key in ``store`` (as a receiver would after comparing fingerprints)."""
    for org in orgs:
        public = key_of(org).public_key()
        store.trust_key(org, signing.public_key_b64(public), signing.fingerprint(public), receiver=receiver)


def install_key(org: str, folder: Path | None = None) -> Path:
    """Put ``key_of(org)`` where the command line finds the own key (WEERBAAR_KEYS); returns the .pub file."""
    import os

    folder = folder or Path(os.environ["WEERBAAR_KEYS"])
    key = key_of(org)
    path = folder / "weerbaar.key"
    if path.exists():
        path.unlink()
    signing.save_private_key(key, path)
    public = folder / "weerbaar.pub"
    public.write_text(signing.public_key_line(key.public_key(), f"weerbaar {org}") + "\n", encoding="utf-8")
    return public


def trust_key(store: Store, orgs: list[str], key: Ed25519PrivateKey) -> None:
    """Register one key for several organisations (a test database with many senders and one key)."""
    public = key.public_key()
    for org in orgs:
        store.trust_key(org, signing.public_key_b64(public), signing.fingerprint(public))


def signed(payload: dict[str, Any], key: Ed25519PrivateKey | None = None,
           recipients: list[Any] | None = None) -> bytes:
    """The file bytes of a bundle payload, signed with ``key`` (default: its organisation's test key)."""
    key = key or key_of(payload["organisation"]["code"])
    data = bundle_text(signing.sign_document(payload, key)).encode("utf-8")
    return signing.encrypt_for(data, recipients) if recipients else data


def bundle_bytes(store: Store, assessment_id: int, sharing: str = "geaggregeerd", **kwargs: Any) -> bytes:
    """A signed bundle of an assessment (``build_bundle`` arguments pass through)."""
    return signed(build_bundle(store, assessment_id, sharing, **kwargs))


def db_bytes(path: Path) -> bytes:
    """The database file's bytes after a WAL checkpoint: to prove a refusal wrote nothing at all."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return Path(path).read_bytes()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: str = "2026-03-01T09:00:00Z"):
        self.now = now

    def __call__(self) -> str:
        return self.now


def new_store(path: Path, *, actor: str = "Ann Jansen", clock: Clock | None = None,
              checklist: bool = True, organisations: bool = True, trusted: bool = True) -> Store:
    store = Store(path, actor=actor, clock=clock or Clock())
    if checklist:
        store.add_checklist(load_checklist_file(MINI))
    if organisations:
        store.upsert_organisation("GM0344", "Utrecht", "gemeente",
                                  {"size_class": "zeer groot", "police_district": "Utrecht-Stad"}, reference=True)
        store.upsert_organisation("GM0307", "Amersfoort", "gemeente", {"size_class": "zeer groot"}, reference=True)
        store.upsert_organisation("W0636", "HDSR", "waterschap", reference=True)
        if trusted:
            trust(store, "GM0344", "GM0307", "W0636")
    return store


def assessment(store: Store, org: str = "GM0344", period: str = "2026", *,
               levels: dict[str, int] | None = None, na: dict[str, str] | None = None,
               finalise: bool = True, text: bool = True) -> int:
    """An assessment with the given answers (default: every applicable measure at level 2)."""
    assessment_id = store.new_assessment(org, "mini-norm", period)
    record = store.assessment(assessment_id)
    codes = [item.code for item in store.checklist(record.snapshot_id).applicable_items(record.organisation_type)]
    levels = {code: 2 for code in codes} if levels is None else levels
    for code, level in levels.items():
        extra = {"comment": f"Toelichting van Jan de Vries over {code}",
                 "evidence": f"Notulen {code} in map Piet Pieters"} if text else {}
        store.set_answer(assessment_id, code, level=level, **extra)
    for code, reason in (na or {}).items():
        store.set_answer(assessment_id, code, not_applicable=reason)
    if text:
        store.add_action(assessment_id, codes[0], "Bewustwording herhalen met Jan de Vries", "Piet Pieters",
                         "2027-03-31")
    if finalise:
        store.finalise(assessment_id, acknowledge_shortfalls=True)
    return assessment_id


def dump(store_or_path: Store | Path) -> tuple[Any, ...]:
    """Every row of every table, to prove that something changed nothing."""
    path = store_or_path.path if isinstance(store_or_path, Store) else store_or_path
    connection = sqlite3.connect(path)
    try:
        return tuple(
            tuple(connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())  # noqa: S608
            for table in TABLES
        )
    finally:
        connection.close()


def leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar in a JSON structure with its path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, (*path, index))
    else:
        yield path, data


def nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path in a JSON structure, containers included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from nodes(value, (*path, index))


def changed(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """A deep copy with the value at ``path`` replaced (sign it again with ``signed``)."""
    result = copy.deepcopy(data)
    target = result
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return result


def removed(data: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    target = result
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return result
