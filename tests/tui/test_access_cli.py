"""Roles on the command line: the identity of a hosted database, granting roles, assigning measures,
and the attacker's routes (Houten's user against Utrecht through set, show, log, export and report)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tui.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def hosted(tmp_path: Path) -> tuple[Path, str]:
    """A database with Utrecht and Houten, a concept of Utrecht, and users with roles."""
    from norm.checklist import load_checklist_file
    from norm.store import Store

    path = tmp_path / "server.db"
    with Store(path, actor="beheerder") as store:
        store.add_checklist(load_checklist_file(FIXTURES / "mini.yaml"))
        store.upsert_organisation("GM0344", "Utrecht", "gemeente")
        store.upsert_organisation("GM0321", "Houten", "gemeente")
        utrecht = store.new_assessment("GM0344", "mini-norm", "2026")
        store.set_answer(utrecht, "MINI-A01", level=2, comment="vertrouwelijk")
    return path, str(utrecht)


def cli(db: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], env=env or {"WEERBAAR_USER": ""})


def table_rows(db: Path) -> tuple[object, ...]:
    connection = sqlite3.connect(db)
    try:
        return tuple(tuple(connection.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall())  # noqa: S608
                     for t in ("assessments", "answers", "actions", "changelog", "access_grants"))
    finally:
        connection.close()


def grant(db: Path, *args: str) -> None:
    result = cli(db, "--beheer", "role", "grant", *args)
    assert result.exit_code == 0, result.output


def test_a_database_without_roles_is_the_local_mode(hosted: tuple[Path, str]) -> None:
    db, utrecht = hosted
    assert cli(db, "assessment", "show", utrecht).exit_code == 0
    refused = cli(db, "--als", "anna", "assessment", "show", utrecht)
    assert refused.exit_code == 1 and "geen gebruikers met rollen" in refused.output


def test_once_users_have_roles_a_command_needs_an_identity(hosted: tuple[Path, str]) -> None:
    db, utrecht = hosted
    grant(db, "anna", "invuller", "--org", "GM0344")
    refused = cli(db, "assessment", "show", utrecht)
    assert refused.exit_code == 1 and "--als" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert cli(db, "--als", "anna", "assessment", "show", utrecht).exit_code == 0
    assert cli(db, "assessment", "show", utrecht, env={"WEERBAAR_USER": "anna"}).exit_code == 0
    assert cli(db, "--beheer", "assessment", "show", utrecht).exit_code == 0


def test_granting_is_the_administrators(hosted: tuple[Path, str]) -> None:
    db, _ = hosted
    grant(db, "anna", "invuller", "--org", "GM0344")
    before = table_rows(db)
    refused = cli(db, "--als", "anna", "role", "grant", "anna", "vaststeller", "--org", "GM0344")
    assert refused.exit_code == 1 and "anna" in refused.output
    assert table_rows(db) == before
    assert cli(db, "--beheer", "role", "grant", "bert", "vaststeller", "--org", "GM0344").exit_code == 0
    listed = json.loads(cli(db, "--beheer", "role", "list", "--json").output)
    assert [(g["username"], g["role"], g["organisation"]) for g in listed] == [
        ("anna", "invuller", "GM0344"), ("bert", "vaststeller", "GM0344")]
    own = cli(db, "--als", "anna", "role", "list").output
    assert "anna" in own and "bert" not in own


@pytest.mark.parametrize("args", [
    ("role", "grant", "anna", "invuller"),
    ("role", "grant", "anna", "riec", "--org", "GM0344"),
    ("role", "grant", "anna", "invuller", "--org", "GM9999"),
    ("role", "revoke", "anna", "lezer", "--org", "GM0344"),
])
def test_bad_grants_change_nothing(hosted: tuple[Path, str], args: tuple[str, ...]) -> None:
    db, _ = hosted
    before = table_rows(db)
    result = cli(db, *args)
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert table_rows(db) == before


def test_houten_cannot_reach_utrecht_through_any_command(hosted: tuple[Path, str], tmp_path: Path) -> None:
    db, utrecht = hosted
    grant(db, "anna", "invuller", "--org", "GM0344")
    for role in ("invuller", "vaststeller", "lezer"):
        grant(db, "hans", role, "--org", "GM0321")
    before = table_rows(db)
    attempts = [
        ("assessment", "show", utrecht),
        ("assessment", "show", utrecht, "--json"),
        ("assessment", "set", utrecht, "MINI-A01", "--level", "0"),
        ("assessment", "share", utrecht, "benoemd"),
        ("assessment", "finalise", utrecht),
        ("assessment", "log", utrecht),
        ("assessment", "assign", utrecht, "--user", "hans", "--theme", "A"),
        ("assessment", "assignments", utrecht),
        ("assessment", "new", "--org", "GM0344", "--checklist", "mini-norm", "--period", "2027"),
        ("export", utrecht, "-o", str(tmp_path / "u.json")),
        ("export", utrecht, "-o", str(tmp_path / "u.xlsx")),
        ("report", "org", utrecht, "-o", str(tmp_path / "u.html")),
        ("report", "compare", utrecht, "--peers", "-o", str(tmp_path / "p.html")),
    ]
    for args in attempts:
        result = cli(db, "--als", "hans", *args)
        assert result.exit_code == 1, (args, result.output)
        assert "hans" in result.output and "vertrouwelijk" not in result.output, args
    assert table_rows(db) == before
    assert not any(tmp_path.glob("u.*")) and not (tmp_path / "p.html").exists()
    listed = cli(db, "--als", "hans", "assessment", "list", "--json")
    assert listed.exit_code == 0 and "GM0344" not in listed.output


def test_assigning_measures_on_the_command_line(hosted: tuple[Path, str]) -> None:
    db, utrecht = hosted
    grant(db, "anna", "invuller", "--org", "GM0344")
    grant(db, "ivo", "invuller", "--org", "GM0344", "--alleen-toegewezen")
    assert cli(db, "--als", "anna", "assessment", "assign", utrecht, "--user", "ivo", "--theme", "B").exit_code == 0
    shown = json.loads(cli(db, "--als", "ivo", "assessment", "assignments", utrecht, "--json").output)
    assert [(a["username"], a["theme"], a["item"], a["assigned_by"]) for a in shown] == [("ivo", "B", None, "anna")]
    assert cli(db, "--als", "ivo", "assessment", "set", utrecht, "MINI-B01", "--level", "1").exit_code == 0
    refused = cli(db, "--als", "ivo", "assessment", "set", utrecht, "MINI-A02", "--level", "1")
    assert refused.exit_code == 1 and "niet aan ivo toegewezen" in refused.output
    both = cli(db, "--als", "anna", "assessment", "assign", utrecht, "--user", "ivo", "--theme", "A",
               "--item", "MINI-A01")
    assert both.exit_code == 1
    removed = cli(db, "--als", "anna", "assessment", "assign", utrecht, "--user", "ivo", "--theme", "B", "--remove")
    assert removed.exit_code == 0
    assert cli(db, "--als", "ivo", "assessment", "set", utrecht, "MINI-B02", "--level", "1").exit_code == 1
