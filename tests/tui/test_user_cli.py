"""`weerbaar user add|list|disable|reset|log` and `weerbaar backup` (while another process writes)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from norm.accounts import AuthenticationError
from norm.store import Store
from tui.cli import main

ROOT = Path(__file__).parents[2]
PASSWORD = "correct paard batterij"


def run(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_reset_disable_and_log(tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    code, out, _ = run(db, "user", "add", "anna", "--name", "Anna de Vries", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "anna" in out
    code, out, _ = run(db, "user", "add", "piet", "--name", "Piet", "--no-password")
    assert code == 0
    code, out, _ = run(db, "user", "list", "--json")
    listed = {a["username"]: a for a in json.loads(out)}
    assert listed["anna"]["password"] and not listed["anna"]["totp"] and not listed["piet"]["password"]
    assert set(listed["anna"]) == {"username", "name", "password", "totp", "disabled", "failed_logins",
                                   "locked_until", "created_at", "changed_at", "roles"}
    with Store(db) as store:
        store.authenticate("anna", PASSWORD, remote="192.0.2.1")
    code, out, _ = run(db, "user", "reset", "anna", "--password-stdin", "--totp", stdin="een ander wachtwoord\n")
    assert code == 0 and "otpauth://totp/weerbaar:anna?secret=" in out
    with Store(db) as store, pytest.raises(AuthenticationError):
        store.authenticate("anna", PASSWORD)
    code, _, _ = run(db, "user", "disable", "anna")
    assert code == 0
    assert json.loads(run(db, "user", "list", "--json")[1])[0]["disabled"] is True
    code, out, _ = run(db, "user", "log", "--json", "--user", "anna")
    assert [e["event"] for e in json.loads(out)] == ["mislukt", "aangemeld"]
    code, out, _ = run(db, "user", "log")
    assert "aangemeld" in out and "192.0.2.1" in out


@pytest.mark.parametrize(("args", "stdin"), [
    (["user", "add", "Anna", "--name", "A", "--no-password"], None),
    (["user", "add", "anna", "--name", "A", "--password-stdin"], "kort\n"),
    (["user", "add", "anna", "--name", "A", "--password-stdin"], ""),
    (["user", "reset", "niemand", "--no-password"], None),
    (["user", "disable", "niemand"], None),
])
def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path, args: list[str], stdin: str | None) -> None:
    db = tmp_path / "u.db"
    code, _, err = run(db, *args, stdin=stdin)
    assert code == 1 and err.count("\n") == 1 and err.startswith("weerbaar: ")
    with Store(db) as store:
        assert store.accounts() == []


def test_a_password_is_never_an_argument(tmp_path: Path) -> None:
    code, _, _ = run(tmp_path / "u.db", "user", "add", "anna", "--name", "A", "--password", PASSWORD)
    assert code == 2


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    with Store(db) as store:
        store.add_account("anna", "Anna", password=PASSWORD)
    writer = subprocess.Popen([sys.executable, "-c", (
        "import sys, itertools\n"
        "from norm.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "for n in itertools.count():\n"
        "    s.upsert_organisation(f'X{n}', 'Organisatie ' + 'x' * 150, 'gemeente')\n"
    ), str(db)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            count = sqlite3.connect(db).execute("SELECT count(*) FROM organisations").fetchone()[0]
            if count > 200:
                break
            time.sleep(0.1)
        code, out, err = run(db, "backup", "-o", str(tmp_path / "kopie.db"))
        assert code == 0, err
        time.sleep(0.3)
    finally:
        writer.terminate()
        writer.wait(timeout=10)
    copy = sqlite3.connect(tmp_path / "kopie.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = copy.execute("SELECT count(*) FROM organisations").fetchone()[0]
    live = sqlite3.connect(db).execute("SELECT count(*) FROM organisations").fetchone()[0]
    assert 200 < copied < live
    assert copy.execute("SELECT username FROM accounts").fetchall() == [("anna",)]
    assert not list(tmp_path.glob(".*.deel"))
    # A second backup to the same name is refused, and the first copy stays as it was.
    code, _, err = run(db, "backup", "-o", str(tmp_path / "kopie.db"))
    assert code == 1 and "bestaat al" in err
    assert sqlite3.connect(tmp_path / "kopie.db").execute("SELECT count(*) FROM organisations").fetchone()[0] == copied


def test_add_with_a_role_and_the_administrator_of_a_hosted_database(tmp_path: Path) -> None:
    from checklists import install_builtins

    db = tmp_path / "r.db"
    with Store(db) as store:
        install_builtins(store)
    code, out, err = run(db, "user", "add", "anna", "--name", "Anna", "--no-password", "--role", "invuller",
                         "--org", "GM0321")
    assert code == 0, err
    # Now that a user has a role the database is hosted: accounts are the administrator's.
    code, _, err = run(db, "user", "add", "pim", "--name", "Pim", "--no-password", "--role", "provincie")
    assert code == 1 and "--beheer" in err and err.count("\n") == 1
    code, _, err = run(db, "--als", "anna", "user", "list")
    assert code == 1 and err.count("\n") == 1
    code, _, _ = run(db, "--beheer", "user", "add", "pim", "--name", "Pim", "--no-password", "--role", "provincie")
    assert code == 0
    listed = {a["username"]: a["roles"] for a in json.loads(run(db, "--beheer", "user", "list", "--json")[1])}
    assert listed == {"anna": [{"role": "invuller", "org": "GM0321"}], "pim": [{"role": "provincie", "org": None}]}
    # A backup is a copy of the file: no identity needed.
    code, _, err = run(db, "backup", "-o", str(tmp_path / "kopie.db"))
    assert code == 0, err


@pytest.mark.parametrize("args", [
    ["--role", "invuller"],                      # an organisation role needs --org
    ["--role", "provincie", "--org", "GM0321"],  # a regional role has none
    ["--role", "invuller", "--org", "GM9999"],   # unknown organisation
])
def test_a_role_that_cannot_be_given_makes_no_account(tmp_path: Path, args: list[str]) -> None:
    from checklists import install_builtins

    db = tmp_path / "r.db"
    with Store(db) as store:
        install_builtins(store)
    code, _, err = run(db, "user", "add", "anna", "--name", "Anna", "--no-password", *args)
    assert code == 1 and err.count("\n") == 1
    with Store(db) as store:
        assert store.accounts() == [] and store.grants() == []
