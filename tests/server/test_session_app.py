"""The app process of a browser session refuses to start without an account the server gave it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from norm.store import Store

ROOT = Path(__file__).parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_account("anna", "Anna", password=None)
        store.add_account("uit", "Uit", password=None)
        store.set_account_disabled("uit")
    return path


def start(db: Path, *, env_user: str | None = None, stdin: bytes = b"", from_stdin: bool = False) -> tuple[int, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("WEERBAAR_SESSION_USER", "WEERBAAR_USER")}
    environment["WEERBAAR_USER"] = "server-os-user"  # must never count as the session's account
    if env_user is not None:
        environment["WEERBAAR_SESSION_USER"] = env_user
    arguments = [sys.executable, "-m", "tui.server.session_app", "--db", str(db)]
    if from_stdin:
        arguments.append("--identity-from-stdin")
    result = subprocess.run(arguments, cwd=ROOT, input=stdin, capture_output=True, env=environment, timeout=60)
    return result.returncode, result.stderr.decode()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "geen gebruiker"),
    ({"env_user": ""}, "geen gebruiker"),
    ({"env_user": "Anna; rm -rf /"}, "geen gebruiker"),
    ({"env_user": "niemand"}, "geen account"),
    ({"env_user": "uit"}, "uitgeschakeld"),
    ({"from_stdin": True, "stdin": b""}, "geen gebruiker"),
    ({"from_stdin": True, "stdin": b"anna"}, "geen gebruiker"),  # no end of line: not a complete name
    ({"from_stdin": True, "stdin": b"x" * 5000 + b"\n"}, "geen gebruiker"),
    ({"from_stdin": True, "stdin": b"uit\n"}, "uitgeschakeld"),
])
def test_no_valid_account_no_app(db: Path, kwargs: dict[str, object], message: str) -> None:
    code, stderr = start(db, **kwargs)  # type: ignore[arg-type]
    assert code == 1
    assert message in stderr and stderr.count("\n") == 1
